#!/usr/bin/python3
"""A node must never be silently deaf, on loopback only.

`disc nodes` and `disc watch` are stopped (SIGSTOP) while datagrams are
sent to their port from 127.0.0.1 until the kernel drops some, their
receive buffer full; then continued. `disc nodes` counts the lost packets
on standard error (with --json as {"event": "receive-buffer", ...}),
exactly as many as /proc/net/udp says the kernel dropped on its socket;
`disc watch` prints an error line saying so.

Usage: test_cli_receive_buffer.py DISC_BINARY [unittest arguments...]
"""

import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_cli  # noqa: E402
from test_cli import LOOPBACK, FAST, json_objects, wait_for, child_env, assert_loopback, WatchTestCase  # noqa: E402
sys.path.insert(0, os.path.join(test_cli.SOURCE_ROOT, "tests", "common"))
from receive_buffer import MIN_DROPS, proc_udp_drops, flood, poke  # noqa: E402

# Away from test_cli.py's and test_cli_field_bugs.py's ports when all run at once.
test_cli.BASE_PORT = 28000 + ((os.getpid() + 30) % 120) * 16
port = test_cli.port

class ReceiveBuffer(WatchTestCase):
    def stopped_while_flooded(self, pid, p):
        """SIGSTOPs pid, floods p, SIGCONTs pid; returns the kernel's count."""
        os.kill(pid, signal.SIGSTOP)
        try:
            drops = flood(p)
        finally:
            os.kill(pid, signal.SIGCONT)
        if drops < MIN_DROPS:
            self.skipTest("could not make the kernel drop datagrams on loopback (%d)" % drops)
        time.sleep(0.5)
        poke(p)
        return drops

    def test_nodes_counts_what_the_kernel_dropped(self):
        for json_output in (True, False):
            with self.subTest(json=json_output):
                p = port(0 if json_output else 1)
                argv = ["nodes", *(["--json"] if json_output else []), "--wait", "4000",
                        *LOOPBACK, "--port", str(p), *FAST]
                assert_loopback(argv)
                child = subprocess.Popen([test_cli.DISC, *argv], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True, env=child_env())
                try:
                    self.assertTrue(wait_for(lambda: proc_udp_drops(p) is not None),
                                    "disc nodes never bound port %d" % p)
                    drops = self.stopped_while_flooded(child.pid, p)
                    out, err = child.communicate(timeout=test_cli.COMMAND_TIMEOUT)
                finally:
                    if child.poll() is None:
                        child.kill()
                        child.communicate(timeout=10)
                self.assertEqual(child.returncode, 0, err)
                if json_output:
                    json.loads(out)   # still one JSON document on standard output
                    records = [o for o in json_objects(err) if o.get("event") == "receive-buffer"]
                    self.assertEqual(len(records), 1, err)
                    self.assertEqual(records[0]["packets"], drops, err)
                    self.assertIn("net.core.rmem_max", records[0]["message"])
                else:
                    self.assertIn("%d packets were lost before they were read" % drops, err)

    def test_watch_says_it_when_it_starts(self):
        p = port(2)
        w = self.watch(*LOOPBACK, "--port", str(p), *FAST)
        w.wait_started()
        self.stopped_while_flooded(w.popen.pid, p)
        said = wait_for(lambda: [e for e in w.of("error")
                                 if "receive buffer was full" in e.get("message", "")])
        self.check(said, "no error line for the packets the kernel dropped", w)
        self.assertEqual(said[0].get("code"), "bad-packet")
        self.assertEqual(w.stop(), 0)


if __name__ == "__main__":
    test_cli.main()
