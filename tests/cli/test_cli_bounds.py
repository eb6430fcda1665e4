#!/usr/bin/python3
"""Regression tests for what a breaker found at the edges of `disc`
(loopback only): an unbounded --key-file, a --send-every refused after the
node was told as started, flags accepted and ignored, and SIGHUP.

Every node uses --broadcast 127.255.255.255 and a UDP port the kernel
found free on 127.0.0.1 (the watches of the SIGHUP test, one of
test_cli.py's ports). Every process has a timeout, and a memory limit
where an unbounded read would otherwise fill the machine.

Usage: test_cli_bounds.py DISC_BINARY [unittest arguments...]
"""

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402

TIMEOUT = 30
MEMORY_LIMIT = 1 << 30   # bytes of address space a `disc` here may map
KEY_FILE_LIMIT = 64 * 1024


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback(port=None):
    return ["--broadcast", "127.255.255.255", "--port", str(port or free_udp_port())]


def limit_memory():
    # AddressSanitizer reserves terabytes of address space for its shadow
    # and cannot start under such a limit; there the test's timeout is
    # what catches an endless read.
    if "ASAN_OPTIONS" not in os.environ:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_disc(args, stdin_text=""):
    return subprocess.run([test_cli.DISC, *args], input=stdin_text, capture_output=True, text=True,
                          errors="replace", env=test_cli.user_env(), timeout=TIMEOUT,
                          preexec_fn=limit_memory)


class KeyFileBounded(unittest.TestCase):
    """--key-file reads at most 64 KiB: --key-file /dev/zero grew to 1.38 GB
    in 5 s (g_file_get_contents); now a usage error names the flag and the
    limit."""

    def assert_too_large(self, path):
        for command in (["nodes", "--wait", "100"], ["watch", "--for", "1"]):
            with self.subTest(command=command[0], path=path):
                result = run_disc([*command, *loopback(), "--key-file", path])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc {command[0]}: --key-file: "),
                                result.stderr)
                self.assertIn(str(KEY_FILE_LIMIT), result.stderr)

    def test_endless_file(self):
        self.assert_too_large("/dev/zero")

    def test_large_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".key") as f:
            f.write("k" * (KEY_FILE_LIMIT + 1))
            f.flush()
            self.assert_too_large(f.name)

    def test_largest_key_taken(self):
        # Exactly the limit, and the limit with its newline, are a key.
        for text in ("k" * KEY_FILE_LIMIT, "k" * (KEY_FILE_LIMIT - 1) + "\n"):
            with tempfile.NamedTemporaryFile("w", suffix=".key") as f:
                f.write(text)
                f.flush()
                result = run_disc(["nodes", "--wait", "100", *loopback(), "--key-file", f.name])
                self.assertEqual(result.returncode, 0, result.stderr)


class SendEveryRefusedFirst(unittest.TestCase):
    """A --send-every message the library refuses (not truthy, over 64 KiB)
    is a usage error before the node is told as started; it used to print
    `started`, then the error, and exit 2 with no `stopped`."""

    def test_refused_before_started(self):
        for data, word in (("0", "truthy"), ('""', "truthy"),
                           (json.dumps("x" * (70 * 1024)), "")):
            with self.subTest(data=data[:10]):
                result = run_disc(["watch", "--json", *loopback(), "--for", "1",
                                   "--send-every", "10", "c", data])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stdout, "")
                self.assertTrue(result.stderr.startswith("disc watch: --send-every: "),
                                result.stderr)
                self.assertIn(word, result.stderr)

    def test_good_message_still_sent(self):
        result = run_disc(["watch", "--json", *loopback(), "--for", "1",
                           "--send-every", "100", "c", '{"a": 1}'])
        self.assertEqual(result.returncode, 0, result.stderr)
        events = [json.loads(line)["event"] for line in result.stdout.splitlines()]
        self.assertEqual(events[0], "started")
        self.assertEqual(events[-1], "stopped")


class FlagsWithoutUse(unittest.TestCase):
    """A flag is accepted only where it changes what the command does:
    disc send (a listen-only sender that keeps no table and delivers
    nothing) accepted and ignored the node's timing, election and table
    flags; disc nodes without --announce accepted --not-eligible, --weight
    and --masters-required while it refused --advertise."""

    SEND_UNUSED = (["--listen-only"], ["--max-nodes", "5"], ["--new-node-rate", "5"],
                   ["--hello-interval", "500"], ["--check-interval", "500"],
                   ["--node-timeout", "5000"], ["--master-timeout", "5000"],
                   ["--masters-required", "2"], ["--weight", "1"], ["--ignore", "none"],
                   ["--report-data-errors"])
    ANNOUNCE_ONLY = (["--not-eligible"], ["--weight", "1"], ["--masters-required", "2"],
                     ["--advertise", "{}"])

    def test_send_refuses(self):
        for extra in self.SEND_UNUSED:
            with self.subTest(flag=extra[0]):
                result = run_disc(["send", "chat", '{"a": 1}', *loopback(), *extra])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc send: {extra[0]}: "),
                                result.stderr)

    def test_send_help_hides_them(self):
        result = run_disc(["send", "--help"])
        self.assertEqual(result.returncode, 0, result.stderr)
        for extra in self.SEND_UNUSED:
            self.assertNotRegex(result.stdout, rf"(?m)^\s+{extra[0]}[ =]")
        # What a sender does use stays.
        for flag in ("--port", "--host-name", "--key", "--dialect", "--algorithm"):
            self.assertRegex(result.stdout, rf"(?m)^\s+{flag}[ =]")

    def test_send_still_sends(self):
        result = run_disc(["send", "chat", '{"a": 1}', *loopback(), "--host-name", "sender",
                           "--dialect", "plain"])
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_listing_needs_announce(self):
        for command in (["nodes", "--wait", "100"], ["services", "--wait", "100"],
                        ["promote", "ffff", "--wait", "100"]):
            for extra in self.ANNOUNCE_ONLY:
                with self.subTest(command=command[0], flag=extra[0]):
                    result = run_disc([*command, *loopback(), *extra])
                    self.assertEqual(result.returncode, 2, result.stderr)
                    self.assertTrue(result.stderr.startswith(
                        f"disc {command[0]}: {extra[0]} needs --announce"), result.stderr)

    def test_listing_with_announce_takes_them(self):
        for extra in self.ANNOUNCE_ONLY:
            with self.subTest(flag=extra[0]):
                result = run_disc(["nodes", "--wait", "100", *loopback(), "--announce", *extra])
                self.assertEqual(result.returncode, 0, result.stderr)


class SighupSaysGoodbye(test_cli.WatchTestCase):
    """SIGHUP (the terminal closing) stops disc watch as SIGTERM does: a
    goodbye, a `stopped` line, exit 0. It used to kill it (exit 129), and
    peers waited for the node timeout."""

    def test_goodbye(self):
        # Watch takes ports in 20000-29999 only; this one is this process's.
        net = loopback(test_cli.port(15))
        # The listener drops a silent node only after a minute: a removal
        # within the deadline can only be the goodbye.
        a = self.watch(*net, "--hello-interval", "200", "--check-interval", "1000",
                       "--node-timeout", "60000", "--master-timeout", "60000")
        b = self.watch(*net, "--hello-interval", "200")
        b_id = b.id
        self.check(test_cli.wait_for(lambda: b_id in a.ever_added()), "a never saw b", a, b)
        self.assertEqual(b.stop(signal.SIGHUP), 0, b.describe())
        stopped = b.of("stopped")
        self.check(stopped, "no stopped line after SIGHUP", b)
        self.assertEqual(stopped[0]["reason"], "SIGHUP")
        removed = test_cli.wait_for(lambda: [e for e in a.of("removed")
                                             if e["node"]["id"] == b_id])
        self.check(removed, "no goodbye: a did not remove b", a, b)


if __name__ == "__main__":
    test_cli.main()
