#!/usr/bin/python3
"""Regression tests for what a new user found in `disc` (loopback only).

Every node uses --broadcast 127.255.255.255 and a UDP port the kernel
found free on 127.0.0.1; most cases are usage errors that bind nothing.
Every process has a timeout.

Usage: test_cli_polish.py DISC_BINARY [unittest arguments...]
"""

import os
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402

TIMEOUT = 30


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback():
    return ["--broadcast", "127.255.255.255", "--port", str(free_udp_port())]


def run_disc(args, stdin_text=""):
    return subprocess.run([test_cli.DISC, *args], input=stdin_text, capture_output=True, text=True,
                          errors="replace", env=test_cli.user_env(), timeout=TIMEOUT)


class EmptyNode(unittest.TestCase):
    """An empty NODE is a usage error at once; it used to listen for --wait,
    then say no node “” was heard and exit 1."""

    def test_refused_at_once(self):
        for command in ("promote", "demote", "make-eligible"):
            with self.subTest(command=command):
                started = time.monotonic()
                result = run_disc([command, "", *loopback(), "--wait", "10000"])
                elapsed = time.monotonic() - started
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc {command}: NODE is empty"),
                                result.stderr)
                # It never listened: far below the 10 s it would have waited.
                self.assertLess(elapsed, 5, result.stderr)


class ExtraArgumentHint(unittest.TestCase):
    """The hint that a JSON value starting with - goes after -- is for
    disc send only; every command had it."""

    def test_not_for_other_commands(self):
        for command in (["promote", "A", "B"], ["demote", "A", "B"], ["nodes", "x"],
                        ["services", "x"], ["watch", "x"]):
            with self.subTest(command=command[0]):
                result = run_disc([*command, *loopback(), "--wait", "100"]
                                  if command[0] != "watch" else [*command, *loopback()])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(f"unexpected argument “{command[-1]}”", result.stderr)
                self.assertNotIn("JSON", result.stderr)
                self.assertNotIn("goes after --", result.stderr)

    def test_kept_for_send(self):
        result = run_disc(["send", "chat", "1", "2", *loopback()])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("unexpected argument “2”", result.stderr)
        self.assertIn("a JSON value that starts with - goes after --", result.stderr)


class NumberOutOfRange(unittest.TestCase):
    """A number outside a flag's range is said to be out of range, with the
    range; only what is no number is "not a number". --for 1e300 said it
    was not a number of seconds, --port -1 not a whole number."""

    OUT_OF_RANGE = (
        (["watch", "--for", "1e300"], "--for", "above 0 and at most 2147483.647"),
        (["watch", "--for", "0"], "--for", "above 0 and at most 2147483.647"),
        (["watch", "--for", "-1"], "--for", "above 0 and at most 2147483.647"),
        (["watch", "--for", "2147484"], "--for", "above 0 and at most 2147483.647"),
        (["watch", "--for", "1", "--hello-interval", "-1"], "--hello-interval",
         "from 1 to 2147483647"),
        (["watch", "--for", "1", "--max-nodes", "-3"], "--max-nodes", "from "),
        (["nodes", "--wait", "-1"], "--wait", "from 0 to 2147483647"),
        (["watch", "--for", "1", "--weight", "1e400"], "--weight", "from -1.79e308 to 1.79e308"),
        (["watch", "--for", "1", "--weight", "-1e309"], "--weight", "from -1.79e308 to 1.79e308"),
        (["watch", "--for", "1", "--send-every", "-5", "chat", "1"], "--send-every",
         "from 1 to 2147483647"),
        (["bridge", "--etcd", "http://127.0.0.1:9", "--cluster", "c", "--ttl", "1"], "--ttl",
         "from 2 to 3600"),
        (["bridge", "--etcd", "http://127.0.0.1:9", "--cluster", "c", "--ttl", "99999999999"],
         "--ttl", "from 2 to 3600"),
    )

    NOT_A_NUMBER = (
        (["watch", "--for", "abc"], "--for", "is not a number of seconds"),
        (["watch", "--for", "1", "--hello-interval", "1.5"], "--hello-interval",
         "is not a whole number"),
        (["watch", "--for", "1", "--weight", "heavy"], "--weight", "is not a decimal number"),
        (["watch", "--for", "1", "--send-every", "fast", "chat", "1"], "--send-every",
         "is not a whole number"),
        (["bridge", "--etcd", "http://127.0.0.1:9", "--cluster", "c", "--ttl", "5s"], "--ttl",
         "is not a whole number"),
    )

    def test_out_of_range(self):
        for args, flag, accepted in self.OUT_OF_RANGE:
            with self.subTest(args=args):
                result = run_disc([*args, *loopback(), "--listen-only"])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc {args[0]}: {flag}: "),
                                result.stderr)
                self.assertIn("is out of range", result.stderr)
                self.assertIn(accepted, result.stderr)
                self.assertNotIn("not a", result.stderr)

    def test_not_a_number(self):
        for args, flag, words in self.NOT_A_NUMBER:
            with self.subTest(args=args):
                result = run_disc([*args, *loopback(), "--listen-only"])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertTrue(result.stderr.startswith(f"disc {args[0]}: {flag}: "),
                                result.stderr)
                self.assertIn(words, result.stderr)
                self.assertNotIn("out of range", result.stderr)


class DecimalOnly(unittest.TestCase):
    """--weight and --for take decimal numbers only: g_ascii_strtod() read
    --weight 0x10 as 16. The documented forms stay accepted."""

    def test_refused(self):
        for flag in ("--weight", "--for"):
            for value in ("0x10", "0X1p3", "nan", "NaN", "inf", "-infinity", " 1", "1 ", "1e",
                          ".", "+-1", ""):
                with self.subTest(flag=flag, value=value):
                    args = ["watch", *loopback(), "--listen-only", f"{flag}={value}"]
                    if flag != "--for":
                        args += ["--for", "1"]
                    result = run_disc(args)
                    self.assertEqual(result.returncode, 2, result.stderr)
                    self.assertTrue(result.stderr.startswith(f"disc watch: {flag}: "),
                                    result.stderr)
                    self.assertIn("not a", result.stderr)

    def test_accepted(self):
        for value in ("0.7", "-2", "1e2", "2.5E-3", ".5", "5.", "+1", "0"):
            with self.subTest(value=value):
                result = run_disc(["watch", *loopback(), "--listen-only", "--weight", value,
                                   "--for", "0.2"])
                self.assertEqual(result.returncode, 0, result.stderr)
        result = run_disc(["watch", *loopback(), "--listen-only", "--for", "1e-1"])
        self.assertEqual(result.returncode, 0, result.stderr)


class NulInString(unittest.TestCase):
    """A JSON string with U+0000 (the escape \\u0000) cannot be carried:
    json-glib cuts the string there, and libdisc drops such a packet on
    receive. "\\u0000" was refused as not truthy (it is, in JavaScript), and
    "a\\u0000b" was sent as "a"."""

    def assert_refused(self, args, start):
        result = run_disc(args)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertTrue(result.stderr.startswith(start), result.stderr)
        self.assertIn("U+0000", result.stderr)
        self.assertNotIn("truthy", result.stderr)

    def test_send_refused(self):
        for data in ('"\\u0000"', '"a\\u0000b"', '["x", "\\u0000"]', '{"k\\u0000": 1}',
                     '{"k": "\\u0000"}'):
            with self.subTest(data=data):
                self.assert_refused(["send", "chat", data, *loopback()], "disc send: ")

    def test_other_json_refused(self):
        self.assert_refused(["watch", *loopback(), "--listen-only", "--for", "1",
                             "--advertise", '{"name": "a\\u0000"}'], "disc watch: --advertise")
        self.assert_refused(["watch", *loopback(), "--listen-only", "--for", "1",
                             "--send-every", "500", "chat", '"\\u0000"'], "disc watch: ")

    def test_escaped_backslash_sent(self):
        # "\\u0000" is a backslash then "u0000": no NUL.
        result = run_disc(["send", "chat", '"\\\\u0000"', *loopback()])
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_empty_string_still_falsy(self):
        result = run_disc(["send", "chat", '""', *loopback()])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("truthy", result.stderr)


class KernelPortWatch(test_cli.Watch):
    """A `disc watch --json` on a port the kernel found free, which
    test_cli.Watch's fixed port range does not allow; loopback only."""

    def __init__(self, *args):
        self.argv = ["watch", "--json", *args]
        self.json_output = True
        assert "127.255.255.255" in self.argv and "--for" in self.argv, self.argv
        self.read_child(subprocess.Popen([test_cli.DISC, *self.argv], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True, env=test_cli.child_env()))


class TypedJson(unittest.TestCase):
    """JSON typed on the command line is read as peers read it (issue #16):
    integers beyond 64 bits went out as other integers (123456789012345678901234567890
    as -1) where node-discovery peers read the double JSON.parse makes; a
    lone surrogate escape was said to be an "unterminated string constant";
    single quotes and comments, which JSON.parse refuses, were sent."""

    BIG = "[18446744073709551616, 9223372036854775808, -9223372036854775809]"
    BIG_READ = [18446744073709551616.0, 9223372036854775808.0, -9223372036854775808.0]
    INFO = '{"name": "big", "n": 123456789012345678901234567890}'

    def setUp(self):
        self.watches = []

    def tearDown(self):
        for w in self.watches:
            w.kill()

    def watch(self, *args):
        w = KernelPortWatch(*args)
        self.watches.append(w)
        return w

    def test_big_integers_arrive_as_doubles(self):
        net = loopback() + ["--hello-interval", "200"]
        receiver = self.watch(*net, "--join", "c", "--for", "20")
        receiver.wait_started()
        sender = self.watch(*net, "--for", "20", "--advertise", self.INFO)
        sender_id = sender.id

        result = run_disc(["send", "c", self.BIG, *net[:4]])
        self.assertEqual(result.returncode, 0, result.stderr)
        got = test_cli.wait_for(lambda: receiver.messages("c"))
        self.assertTrue(got, receiver.describe())
        self.assertEqual(got[0]["data"], self.BIG_READ)
        self.assertTrue(all(isinstance(n, float) for n in got[0]["data"]), got[0]["data"])

        info = test_cli.wait_for(lambda: receiver.added_info(sender_id))
        self.assertTrue(info, receiver.describe())
        self.assertEqual(info["n"], 123456789012345678901234567890.0)

    def test_lone_surrogate_named(self):
        for data in ('"\\ud800"', '["a", "\\udc00"]'):
            with self.subTest(data=data):
                result = run_disc(["send", "chat", data, *loopback()])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn("surrogate", result.stderr)
                self.assertRegex(result.stderr, r"line 1, column \d+")
                self.assertNotIn("unterminated", result.stderr)

    def test_not_json_refused(self):
        for data in ("'text'", "/* c */ 1", "0x10", "[01]", '"\\x"'):
            with self.subTest(data=data):
                result = run_disc(["send", "chat", data, *loopback()])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertRegex(result.stderr, r"^disc send: .*line 1, column \d+")


if __name__ == "__main__":
    test_cli.main()
