#!/usr/bin/python3
"""`disc bridge --forward` against a hostile etcd writer (loopback only).

Anyone who can write to etcd chooses what a bridge re-sends on its LAN:
the bridge must bound it (per key and in all), refuse values that are
not forwarded messages, and tell the user once per burst instead of
staying silent.

etcd is this test's own child on 127.0.0.1 and a unix socket, ports
checked free first (tests/multihost/etcd_server.py), stopped and its data
directory removed at the end; the test skips (77) without etcd. The
bridge and the listening node use --broadcast 127.255.255.255 and a port
of test_cli.py's range. Every process has a timeout; every wait polls
against a generous deadline, and the rate bounds are computed from the
times measured, so a slow machine makes them looser, never false.

Usage: test_cli_etcd_forward.py DISC_BINARY [unittest arguments...]
"""

import base64
import json
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "multihost"))
sys.path.insert(0, HERE)
import etcd_server  # noqa: E402
import test_cli  # noqa: E402
from test_cli import LOOPBACK, FAST, ChildEventLog, child_env, port, wait_for  # noqa: E402

CLUSTER = "c"
CHANNEL = "chat"
PREFIX = "/disc-forward/%s/%s/" % (CLUSTER, CHANNEL)
# libdisc/disc-bridge-forward.c: per key, and all keys together.
KEY_RATE, KEY_BURST = 20, 40
TOTAL_RATE, TOTAL_BURST = 100, 200
NODE = [*LOOPBACK, "--port", str(port(0)), *FAST]


def b64(text):
    return base64.b64encode(text.encode()).decode()


def forwarded(data, lan="elsewhere"):
    return json.dumps({"lan": lan, "from": "someone", "data": data})


class Bridge(ChildEventLog):
    def __init__(self, endpoints):
        self.argv = [test_cli.DISC, "bridge", "--json", "--etcd", endpoints, "--cluster", CLUSTER,
                     "--lan", "here", "--forward", CHANNEL, *NODE, "--for", "120"]
        self.read_child(subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True, env=child_env()))

    def refused(self, reason):
        return [e for e in self.of("forward-refused") if e.get("reason") == reason]

    def describe(self):
        with self.lock:
            return "disc bridge\nstdout:\n  %s\nstderr:\n  %s" % (
                "\n  ".join(self.lines[-30:]), "\n".join(self.stderr_lines[-30:]))

    def kill(self):
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(timeout=10)


class HostileForwardWriter(unittest.TestCase):
    """Issue: on_forward_seen re-sent on the LAN every value put under
    /disc-forward/CLUSTER/CHANNEL/, at whatever rate etcd delivered it, and
    dropped values that were not a JSON object without a word."""

    def setUp(self):
        self.etcd = etcd_server.Cluster()
        self.member = self.etcd.members[0]
        self.bridge = None
        self.listener = None
        try:
            self.bridge = Bridge(self.etcd.endpoints)
            self.listener = test_cli.Watch(*NODE, "--join", CHANNEL)
            self.listener.wait_started()
            self.check(wait_for(lambda: any(e.get("role") == "leader" for e in self.bridge.of("role")),
                                30), "the bridge never led its LAN")
        except BaseException:
            self.tearDown()
            raise

    def tearDown(self):
        for child in (self.listener, self.bridge):
            if child is not None:
                child.kill()
        self.etcd.close()

    def check(self, condition, message):
        if not condition:
            self.fail("%s\n\n%s\n\n%s" % (message, self.bridge.describe(), self.listener.describe()))

    def put(self, key, value):
        self.member.post("/v3/kv/put", {"key": b64(key), "value": b64(value)})

    def put_many(self, pairs):
        """One transaction: one watch response with every put."""
        self.member.post("/v3/kv/txn", {"success": [
            {"requestPut": {"key": b64(k), "value": b64(v)}} for k, v in pairs]})

    def received(self, phase):
        return [m for m in self.listener.messages(CHANNEL)
                if isinstance(m.get("data"), dict) and m["data"].get("phase") == phase]

    def settle(self, phase):
        """The messages of @phase once no more came for 2 s."""
        last = (-1, time.monotonic())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            n = len(self.received(phase))
            if n != last[0]:
                last = (n, time.monotonic())
            elif time.monotonic() - last[1] >= 2:
                break
            time.sleep(0.1)
        return self.received(phase)

    def assert_bounded(self, got, started, rate, burst, sent, what):
        # Every message re-sent went between the first put and its
        # arrival: no bucket holds more than its burst, nor refills faster.
        elapsed = max(m["_received"] for m in got) - started
        bound = burst + rate * elapsed + 2
        print("%s: %d of %d put reached the LAN in %.2f s (bound %.0f)"
              % (what, len(got), sent, elapsed, bound))
        self.check(len(got) <= bound, "%s: %d messages reached the LAN in %.2f s, more than %.0f"
                   % (what, len(got), elapsed, bound))
        self.check(len(got) < sent, "%s: all %d messages reached the LAN" % (what, sent))

    def test_hostile_writer_is_bounded_and_told(self):
        # The path works: a well-formed message from another LAN arrives.
        self.put(PREFIX + "elsewhere", forwarded({"phase": "hello"}))
        self.check(wait_for(lambda: self.received("hello"), 15), "a forwarded message never arrived")

        # Values that are no forwarded message: refused, and told once.
        # 10**6 levels of nesting crashed json-glib's recursive parser.
        for value in ("not json", "[1, 2]", json.dumps({"lan": "elsewhere"}),
                      forwarded({"phase": "junk", "pad": "x" * 70000}), "[" * 1000000):
            self.put(PREFIX + "junk", value)
        self.put(PREFIX + "junk", forwarded({"phase": "after-junk"}))
        self.check(wait_for(lambda: self.received("after-junk"), 15),
                   "a good message after bad values never arrived")
        malformed = self.bridge.refused("malformed")
        self.check(len(malformed) == 1, "%d malformed notices, not one" % len(malformed))
        self.assertEqual(malformed[0]["lan"], "junk")
        self.assertEqual(self.received("junk"), [])

        # One key written as fast as etcd takes it: 20 a second, bursts of 40.
        sent = 400
        started = time.monotonic()
        for i in range(sent):
            self.put(PREFIX + "flood", forwarded({"phase": "one-key", "i": i}))
        got = self.settle("one-key")
        self.check(len(got) >= KEY_BURST // 2, "only %d of a burst got through" % len(got))
        self.assert_bounded(got, started, KEY_RATE, KEY_BURST, sent, "one key")
        limited = self.bridge.refused("rate-limited")
        self.check(len(limited) == 1, "%d rate-limited notices, not one" % len(limited))
        self.assertEqual(limited[0]["lan"], "flood")

        # Many keys, each within its own limit: 100 a second in all.
        sent = 1000
        started = time.monotonic()
        for batch in range(0, sent, 100):
            self.put_many([(PREFIX + "lan-%d" % i, forwarded({"phase": "many-keys", "i": i}))
                           for i in range(batch, batch + 100)])
        got = self.settle("many-keys")
        self.check(got, "nothing of many keys got through")
        self.assert_bounded(got, started, TOTAL_RATE, TOTAL_BURST, sent, "many keys")
        # The same burst of refusals (less than a minute apart): not told again.
        self.check(len(self.bridge.refused("rate-limited")) == 1, "rate-limited told again")


if __name__ == "__main__":
    etcd_server.require_etcd()
    test_cli.main()
