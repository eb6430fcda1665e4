#!/usr/bin/python3
"""What a new user broke on the etcd side of `disc` (loopback only).

etcd is this test's own child on 127.0.0.1 and a unix socket, ports
checked free first (tests/multihost/etcd_server.py), stopped and its data
directory removed at the end; the test skips (77) without etcd. No node
is started: `disc nodes --etcd` and `disc watch --etcd` only read etcd.
Every process has a timeout.

Usage: test_cli_etcd_breaker.py DISC_BINARY [unittest arguments...]
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "multihost"))
import etcd_server  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402

TIMEOUT = 30


def b64(text):
    return base64.b64encode(text.encode()).decode()


def put(member, key, value):
    member.post("/v3/kv/put", {"key": b64(key), "value": b64(value)})


def node(ident, host):
    return json.dumps({"id": ident, "hostName": host, "address": "127.0.0.1", "port": 23456,
                       "isMaster": False, "isMasterEligible": True})


class HostileValues(unittest.TestCase):
    """Anyone who can write under /disc/CLUSTER/ chooses the node objects
    `disc nodes --etcd` prints: members of the wrong type made json-glib
    print CRITICALs (and abort under G_DEBUG=fatal-criticals)."""

    def test_wrong_types_are_absent(self):
        with etcd_server.Cluster() as cluster:
            m = cluster.members[0]
            put(m, "/disc/c/l/nodes/a", json.dumps({"id": "a", "hostName": "h", "isMaster": [],
                                                    "isMasterEligible": {}, "port": {}}))
            put(m, "/disc/c/l/nodes/b", json.dumps({"id": "b", "hostName": "i", "isMaster": "yes",
                                                    "port": "23456"}))
            put(m, "/disc/c/l/nodes/c", "not json")
            # Nesting deep enough to overflow json-glib's recursive parser
            # (it crashed on 10**6 levels); etcd takes values of 1.5 MiB.
            put(m, "/disc/c/l/nodes/d", "[" * 1000000)
            result = subprocess.run([test_cli.DISC, "nodes", "--etcd", cluster.endpoints, "--cluster", "c"],
                                    capture_output=True, text=True, errors="replace", env=test_cli.user_env(),
                                    timeout=TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("CRITICAL", result.stderr)
        self.assertIn("LAN l: 2 nodes", result.stdout)
        self.assertIn("not-eligible", result.stdout)


class EndpointExtras(unittest.TestCase):
    """An endpoint with user info, a query or a fragment was taken and
    sent to without them; it is a usage error naming --etcd, and the
    password is not repeated. Nothing is contacted: the endpoint is
    refused before any request."""

    def test_usage_error_names_the_flag(self):
        loopback = ["--broadcast", "127.255.255.255", "--port", "29999"]
        cases = [("http://user:secret@127.0.0.1:2379", "has user info"),
                 ("http://127.0.0.1:2379/?token=x", "has a query (\u201c?token=x\u201d)"),
                 ("http://127.0.0.1:2379#members", "has a fragment (\u201c#members\u201d)")]
        for endpoint, named in cases:
            for command in (["nodes"], ["watch"], ["bridge", "--lan", "l", *loopback]):
                with self.subTest(endpoint=endpoint, command=command[0]):
                    result = subprocess.run([test_cli.DISC, *command, "--etcd", endpoint, "--cluster", "c"],
                                            capture_output=True, text=True, env=test_cli.user_env(),
                                            timeout=TIMEOUT)
                    self.assertEqual(result.returncode, 2, result.stderr)
                    self.assertIn("--etcd: etcd endpoint", result.stderr)
                    self.assertIn(named, result.stderr)
                    self.assertNotIn("secret", result.stderr)


class WipedStore(unittest.TestCase):
    """etcd restarted with its data wiped is at a revision behind what a
    `disc watch --etcd` saw: the watch resumed from its old revision + 1
    and said nothing at all until the new store caught up."""

    def test_watch_sees_the_new_store(self):
        with etcd_server.Cluster() as cluster:
            m = cluster.members[0]
            # A revision well ahead of what the wiped store will reach.
            for i in range(30):
                put(m, "/other/%d" % i, "x")
            put(m, "/disc/c/l/nodes/before", node("before", "old-host"))
            out = tempfile.TemporaryFile(mode="w+")
            watch = subprocess.Popen([test_cli.DISC, "watch", "--etcd", cluster.endpoints, "--cluster", "c",
                                      "--for", "25"], stdout=out, stderr=subprocess.STDOUT,
                                     env=test_cli.user_env())
            try:
                self.assertTrue(self.wait_for(out, "old-host", 10), self.read(out))
                m.stop()
                shutil.rmtree(os.path.join(m.dir, "data"))
                m.kill()   # removes the socket file
                m.start()
                self.assertTrue(cluster.wait_healthy(30), cluster.logs())
                put(m, "/disc/c/l/nodes/after", node("after", "new-host"))
                self.assertTrue(self.wait_for(out, "new-host", 15), self.read(out))
                # What the wiped store lost is gone for the watch too.
                self.assertIn("removed", self.read(out))
            finally:
                watch.kill()
                watch.wait(timeout=10)
                out.close()

    @staticmethod
    def read(out):
        out.flush()
        out.seek(0)
        return out.read()

    def wait_for(self, out, text, timeout):
        return test_cli.wait_for(lambda: text in self.read(out), timeout, 0.2)


if __name__ == "__main__":
    etcd_server.require_etcd()
    test_cli.main()
