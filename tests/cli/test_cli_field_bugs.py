#!/usr/bin/python3
"""Issue #14's command-line field bugs, on loopback only.

  5. A wrong key (or none) in an encrypted cluster is not an empty network:
     `disc nodes` and `disc services` say how many packets from how many
     addresses they could not read, on standard error (with --json as a
     JSON object there too), and exit 1 when nothing was readable but
     traffic arrived; `disc watch` says it once, without
     --report-data-errors.
  6. A process started with --no-reuse-address that meets sockets sharing
     the port is told that it is the one that does not share.

Usage: test_cli_field_bugs.py DISC_BINARY [unittest arguments...]
"""

import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_cli  # noqa: E402
from test_cli import LOOPBACK, FAST, json_objects, run_disc, wait_for, WatchTestCase  # noqa: E402

# Away from test_cli.py's ports when both run at once.
test_cli.BASE_PORT = 28000 + ((os.getpid() + 60) % 120) * 16
port = test_cli.port

UNREADABLE = re.compile(r"(\d+) packets? from (\d+) address(?:es)? could not be "
                        r"(?:decrypted|read)")


class WrongKey(WatchTestCase):
    """Two nodes with one key; listeners with another key, or none."""

    def cluster(self, offset, *key_args):
        net = LOOPBACK + ["--port", str(port(offset))] + FAST
        a = self.watch(*net, *key_args)
        b = self.watch(*net, *key_args)
        a_id, b_id = a.id, b.id
        self.check(wait_for(lambda: b_id in a.peers() and a_id in b.peers()), "cluster", a, b)
        return net, a_id, b_id

    def assert_unreadable(self, result, json_output):
        self.assertEqual(result.returncode, 1,
                         "nothing readable but traffic arrived: exit 1, not %d\n%s"
                         % (result.returncode, result.stderr))
        found = UNREADABLE.search(result.stderr)
        self.assertTrue(found, "no count of unreadable packets: %r" % result.stderr)
        self.assertGreaterEqual(int(found.group(1)), 1)
        self.assertEqual(int(found.group(2)), 1, "every node here is 127.0.0.1")
        if json_output:
            json.loads(result.stdout)    # still one JSON document on standard output
            records = [o for o in json_objects(result.stderr) if "packets" in o]
            self.assertTrue(records, "no JSON record of it on standard error: %r" % result.stderr)
            self.assertGreaterEqual(records[0]["packets"], 1)
            self.assertEqual(records[0]["addresses"], 1)
            self.assertRegex(records[0]["message"], UNREADABLE)

    def test_legacy_cipher_wrong_key_and_no_key(self):
        net, a_id, b_id = self.cluster(0, "--key", "right")
        wait = ["--wait", "1200"]
        self.assert_unreadable(run_disc(["nodes", "--json", *wait, *net, "--key", "wrong"]), True)
        self.assert_unreadable(run_disc(["nodes", *wait, *net, "--key", "wrong"]), False)
        self.assert_unreadable(run_disc(["nodes", "--json", *wait, *net]), True)
        self.assert_unreadable(run_disc(["services", "--json", *wait, *net, "--key", "wrong"]), True)
        self.assert_unreadable(run_disc(["services", *wait, *net]), False)
        # The right key: everything readable, nothing to say.
        right = run_disc(["nodes", "--json", *wait, *net, "--key", "right"])
        self.assertEqual(right.returncode, 0, right.stderr)
        self.assertEqual(sorted(n["id"] for n in json.loads(right.stdout)), sorted([a_id, b_id]))
        self.assertIsNone(UNREADABLE.search(right.stderr), right.stderr)

    def test_aes_256_gcm_wrong_key(self):
        net, _, _ = self.cluster(1, "--algorithm", "aes-256-gcm", "--key", "right")
        wait = ["--wait", "1200"]
        self.assert_unreadable(run_disc(["nodes", "--json", *wait, *net, "--algorithm", "aes-256-gcm",
                                         "--key", "wrong"]), True)
        self.assert_unreadable(run_disc(["nodes", *wait, *net]), False)

    def test_readable_nodes_and_unreadable_traffic(self):
        net, a_id, b_id = self.cluster(2, "--key", "right")
        other = self.watch(*net, "--key", "other")
        other.wait_started()
        result = run_disc(["nodes", "--json", "--wait", "1200", *net, "--key", "right"])
        self.assertEqual(result.returncode, 0, "some nodes were readable: " + result.stderr)
        self.assertEqual(sorted(n["id"] for n in json.loads(result.stdout)), sorted([a_id, b_id]))
        self.assertRegex(result.stderr, UNREADABLE)

    def test_watch_says_it_once(self):
        net, _, _ = self.cluster(3, "--key", "right")
        w = self.watch(*net, "--key", "wrong", "--for", "3")
        try:
            rc = w.popen.wait(timeout=20)
        except Exception:
            self.fail("the watch did not end\n" + w.describe())
        w.kill()
        self.assertEqual(rc, 0, w.describe())
        said = [e for e in w.of("error") if UNREADABLE.search(e.get("message", ""))]
        self.check(len(said) == 1, "expected one line about unreadable packets, got %d" % len(said), w)
        self.assertEqual(w.of("added"), [])


class Limits(unittest.TestCase):
    """Case 3 from the shell: what peers would drop is bad usage (exit 2),
    named, and nothing runs."""

    def test_refused_before_anything_is_sent(self):
        net = LOOPBACK + ["--port", str(port(6))]
        big = json.dumps({"blob": "i" * 70000})
        cases = [
            (["watch", *net, "--host-name", "h" * 256, "--for", "1"], "--host-name"),
            (["watch", *net, "--host-name", "é" * 128, "--for", "1"], "--host-name"),
            (["watch", *net, "--for", "1"], "--host-name", {"DISCOVERY_HOSTNAME": "d" * 300}),
            (["watch", *net, "--advertise", big, "--for", "1"], "info"),
            (["watch", *net, "--join", "__proto__", "--for", "1"], "__proto__"),
            (["send", "toString", "1", *net], "toString"),
            (["send", "chat", "0", *net], "truthy"),
            (["send", "chat", "null", *net], "truthy"),
            (["watch", *net, "--send-every", "100", "chat", "false", "--for", "1"], "truthy"),
        ]
        for case in cases:
            args, what = case[0], case[1]
            env = case[2] if len(case) > 2 else None
            with self.subTest(args=args[:4], what=what):
                result = run_disc(args, env=env)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(what, result.stderr)
                self.assertNotIn('"event":"added"', result.stdout)


class NoReuseAddress(WatchTestCase):
    def test_the_new_process_is_the_one_that_does_not_share(self):
        p = port(4)
        sharing = self.watch(*LOOPBACK, "--port", str(p))
        sharing.wait_started()
        result = run_disc(["watch", *LOOPBACK, "--port", str(p), "--no-reuse-address", "--for", "1"])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertNotIn("by a socket that does not share it", result.stderr)
        self.assertIn("--no-reuse-address", result.stderr)
        self.assertRegex(result.stderr, r"shared by other processes")
        self.assertRegex(result.stderr, r"this process does not share it")
        self.assertEqual(sharing.stop(), 0)

    def test_the_other_way_round_and_both(self):
        p = port(5)
        alone = self.watch(*LOOPBACK, "--port", str(p), "--no-reuse-address")
        alone.wait_started()
        result = run_disc(["watch", *LOOPBACK, "--port", str(p), "--for", "1"])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("taken by a socket that does not share it", result.stderr)
        both = run_disc(["watch", *LOOPBACK, "--port", str(p), "--no-reuse-address", "--for", "1"])
        self.assertEqual(both.returncode, 1, both.stderr)
        self.assertNotIn("shared by other processes", both.stderr)
        self.assertIn("in use", both.stderr)
        self.assertEqual(alone.stop(), 0)


if __name__ == "__main__":
    test_cli.main()
