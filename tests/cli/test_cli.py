#!/usr/bin/python3
"""Tests of the `disc` command-line tool, on loopback only.

Every node here uses --broadcast 127.255.255.255 or --unicast 127.0.0.1:PORT
and a port in 28000-29999 picked from this process's id, away from the unit
tests' 20000-27999; run_disc() and Watch refuse to start anything else
(assert_loopback). Every process is bounded by a timeout and killed in a
finally block; every wait polls the output against a generous deadline.

Usage: test_cli.py DISC_BINARY [unittest arguments...]
       (or DISC_BINARY in the environment)
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

DISC = None
SOURCE_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BASE_PORT = 28000 + (os.getpid() % 120) * 16
LOOPBACK = ["--broadcast", "127.255.255.255"]
FAST = ["--hello-interval", "200", "--check-interval", "400",
        "--node-timeout", "1000", "--master-timeout", "1000"]
DEADLINE = 15.0          # seconds to wait for anything that should happen
COMMAND_TIMEOUT = 30.0   # seconds any one-shot command may take
NODE_COMMANDS = ("watch", "nodes", "services", "send")

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "common"))
from events import ChildEventLog, wait_for as _wait_for  # noqa: E402


def port(offset):
    assert 0 <= offset < 16
    return BASE_PORT + offset


def user_env():
    """The environment of a `disc` run as a user would run it: without this
    session's key and host name, its messages in C.UTF-8."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISC_KEY", "DISCOVERY_HOSTNAME")}
    env["LC_ALL"] = "C.UTF-8"
    return env


def child_env(extra=None):
    """user_env() without LANGUAGE, a GLib critical fatal, and @extra."""
    env = user_env()
    env.pop("LANGUAGE", None)
    env["G_DEBUG"] = "fatal-criticals"
    if extra:
        env.update(extra)
    return env


def assert_loopback(args):
    """Refuses, before running it, any node that could send off this host."""
    if not args or args[0] not in NODE_COMMANDS or args[1:] == ["--help"]:
        return
    parsed = args[:args.index("--")] if "--" in args else args
    if any(a.startswith("--multicast") and not a.startswith("--multicast-ttl") for a in parsed):
        raise AssertionError("the tests never use multicast: %r" % args)

    def values(flag):
        found = [parsed[i + 1] for i, a in enumerate(parsed[:-1]) if a == flag]
        return found + [a.split("=", 1)[1] for a in parsed if a.startswith(flag + "=")]

    broadcast, unicast = values("--broadcast"), values("--unicast")
    ports = values("--port")
    if not ports or (ports[-1].isdigit() and 1 <= int(ports[-1]) <= 65535
                     and not 20000 <= int(ports[-1]) <= 29999):
        raise AssertionError("every node of the tests has a --port in 20000-29999: %r" % args)
    if not (broadcast or unicast) \
            or any(b != "127.255.255.255" for b in broadcast) \
            or any(not u.startswith("127.") for u in unicast):
        raise AssertionError("not loopback-only: %r" % args)


def run_disc(args, stdin_text=None, env=None, timeout=COMMAND_TIMEOUT):
    assert_loopback(args)
    return subprocess.run([DISC, *args], input=stdin_text if stdin_text is not None else "",
                          capture_output=True, text=True, env=child_env(env), timeout=timeout)


def json_objects(text):
    """The JSON objects among the lines of @text (a command's stderr mixes
    them with plain messages)."""
    objects = []
    for line in text.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            objects.append(value)
    return objects


def wait_for(predicate, timeout=DEADLINE, interval=0.05):
    return _wait_for(predicate, timeout, interval)


class Watch(ChildEventLog):
    """A `disc watch --json` process whose lines are collected by a thread."""

    def __init__(self, *args, env=None, json_output=True, commands=False):
        argv = ["watch", *(["--json"] if json_output else []), *(["--commands"] if commands else []),
                *args]
        assert_loopback(argv)
        self.argv = argv
        self.json_output = json_output
        self.read_child(subprocess.Popen([DISC, *argv],
                                         stdin=subprocess.PIPE if commands else subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True, env=child_env(env)))

    def parse_line(self, line):
        # Every line of --json output is an event; one that is not JSON is
        # kept, so that a test can see it.
        if not self.json_output:
            return None
        try:
            event = json.loads(line)
        except ValueError:
            event = {"event": "unparsable", "line": line}
        event["_received"] = time.monotonic()
        return event

    @property
    def stderr(self):
        with self.lock:
            return "\n".join(self.stderr_lines)

    def wait_started(self):
        node = wait_for(self.started_node)
        if node is None:
            raise AssertionError("no started line from %s" % self.describe())
        return node

    @property
    def id(self):
        return self.wait_started()["id"]

    def ever_added(self):
        return {e["node"]["id"] for e in self.of("added")}

    def messages(self, channel):
        return [e for e in self.of("message") if e.get("channel") == channel]

    def send_signal(self, signum):
        if self.popen.poll() is None:
            self.popen.send_signal(signum)

    def stop(self, signum=signal.SIGTERM, timeout=10):
        self.send_signal(signum)
        try:
            rc = self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("%s did not exit on signal %d" % (self.argv, signum))
        self._close()
        return rc

    def kill(self):
        if self.popen.poll() is None:
            self.popen.kill()
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._close()

    def _close(self):
        self.reader.join(5)
        self.err_reader.join(5)
        if self.popen.stdin is not None:
            try:
                self.popen.stdin.close()
            except BrokenPipeError:
                pass
        for stream in (self.popen.stdout, self.popen.stderr):
            if not self.reader.is_alive() and not self.err_reader.is_alive():
                stream.close()

    def describe(self):
        with self.lock:
            return "disc %s\nstdout:\n  %s\nstderr:\n  %s" % (
                " ".join(self.argv), "\n  ".join(self.lines[-30:]), "\n".join(self.stderr_lines))


class WatchTestCase(unittest.TestCase):
    """Kills every watch it started, whatever happens."""

    def setUp(self):
        self.watches = []

    def tearDown(self):
        for w in self.watches:
            w.kill()

    def watch(self, *args, **kwargs):
        w = Watch(*args, **kwargs)
        self.watches.append(w)
        return w

    def check(self, condition, message, *watches):
        if not condition:
            self.fail(message + "".join("\n\n" + w.describe() for w in watches))


class Usage(unittest.TestCase):
    def test_help_of_every_command(self):
        cases = [
            (["--help"], ["watch", "nodes", "services", "send", "Exit status"]),
            (["-h"], ["watch", "nodes", "services", "send"]),
            (["help"], ["watch", "nodes", "services", "send"]),
            (["watch", "--help"], ["--json", "--send-every MS CHANNEL JSON", "--broadcast",
                                   "--unicast", "--key-file", "--listen-only", "--for",
                                   "--no-reuse-address", "--hello-interval", "--dialect"]),
            (["help", "watch"], ["--send-every MS CHANNEL JSON"]),
            (["nodes", "--help"], ["--wait", "--announce", "listen", "--json", "--port"]),
            (["services", "--help"], ["--wait", "--announce", "name", "--json"]),
            (["send", "--help"], ["CHANNEL JSON", "standard input", "--port"]),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                result = run_disc(args)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("Usage", result.stdout)
                for text in expected:
                    self.assertIn(text, result.stdout)

    def test_version(self):
        result = run_disc(["--version"])
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^disc \d+\.\d+")

    def test_no_command(self):
        result = run_disc([])
        self.assertEqual(result.returncode, 2)
        self.assertIn("watch", result.stderr)

    def test_bad_usage_exits_2_naming_the_flag(self):
        p = str(port(0))
        safe = LOOPBACK + ["--port", p]
        cases = [
            (["frobnicate"], "frobnicate"),
            (["--json", "watch"], "--json"),
            (["help", "frobnicate"], "frobnicate"),
            (["watch", "--frobnicate", *safe], "--frobnicate"),
            (["watch", *LOOPBACK, "--port", "abc"], "--port"),
            (["watch", *LOOPBACK, "--port", "70000"], "--port"),
            (["watch", *LOOPBACK, "--port", "0"], "--port"),
            (["watch", *safe, "--hello-interval", "-5"], "--hello-interval"),
            (["watch", *safe, "--check-interval", "1.5"], "--check-interval"),
            (["watch", *safe, "--node-timeout", ""], "--node-timeout"),
            (["watch", *safe, "--masters-required", "1001"], "--masters-required"),
            (["watch", *safe, "--max-nodes", "0"], "--max-nodes"),
            (["watch", *safe, "--multicast-ttl", "300"], "--multicast-ttl"),
            (["watch", *safe, "--weight", "heavy"], "--weight"),
            (["watch", *safe, "--weight", "nan"], "--weight"),
            (["watch", *safe, "--dialect", "xml"], "--dialect"),
            (["watch", *safe, "--ignore", "everyone"], "--ignore"),
            (["watch", *safe, "--algorithm", "rot13"], "--algorithm"),
            (["watch", *safe, "--for", "soon"], "--for"),
            (["watch", *safe, "--for", "0"], "--for"),
            (["watch", *safe, "--host-name", ""], "--host-name"),
            (["watch", *safe, "--join", "hello"], "--join"),
            (["watch", *safe, "--join", ""], "--join"),
            (["watch", *safe, "--key", ""], "--key"),
            (["watch", *safe, "--key", "a", "--key-file", "/dev/null"], "--key-file"),
            (["watch", *safe, "--key-file", "/nonexistent/disc-key"], "--key-file"),
            (["watch", *safe, "--key-file", "/dev/null"], "--key-file"),
            (["watch", *safe, "extra"], "extra"),
            (["watch", *safe, "--send-every", "500", "chat"], "--send-every"),
            (["watch", *safe, "--send-every", "fast", "chat", "{}"], "--send-every"),
            (["watch", *safe, "--send-every", "0", "chat", "{}"], "--send-every"),
            (["watch", *safe, "--send-every", "500", "hello", "{}"], "--send-every"),
            (["watch", "--send-every", "500", "chat", *safe], "--send-every"),
            (["watch", *safe, "--send-every=500:chat:{}"], "--send-every"),
            (["nodes", *safe, "--wait", "soon"], "--wait"),
            (["nodes", *safe, "--announce", "--listen-only"], "--announce"),
            (["services", *safe, "--wait", "-1"], "--wait"),
            (["nodes", *safe, "--send-every", "500", "chat", "{}"], "--send-every"),
            (["send", *safe], "CHANNEL"),
            (["send", "chat", *safe], "JSON"),
            (["send", "chat", "{}", "extra", *safe], "extra"),
            (["send", "hello", "{}", *safe], "hello"),
            (["send", "--json", "chat", "{}", *safe], "--json"),
            # Rejected by the library (DISC_OPTION_ERROR, checked before start),
            # mapped to 2 and to the flag.
            (["watch", *safe, "--node-timeout", "100", "--check-interval", "500"], "--node-timeout"),
            (["watch", *safe, "--master-timeout", "100", "--node-timeout", "500",
              "--check-interval", "100"], "--master-timeout"),
            (["watch", *safe, "--address", "not-an-address"], "--address"),
            (["watch", *safe, "--unicast", "127.0.0.1:" + p], "--unicast"),
            (["watch", "--port", p, "--unicast", "127.0.0.1:notaport"], "--unicast"),
        ]
        for args, flag in cases:
            with self.subTest(args=args):
                result = run_disc(args)
                self.assertEqual(result.returncode, 2,
                                 "exit %d, stderr: %s" % (result.returncode, result.stderr))
                self.assertIn(flag, result.stderr)
                self.assertEqual(result.stdout, "", "nothing should run on bad usage")

    def test_bad_json_states_the_position(self):
        safe = LOOPBACK + ["--port", str(port(0))]
        cases = [
            (["watch", *safe, "--advertise", '{"a":'], None, "--advertise", 1),
            (["watch", *safe, "--send-every", "100", "chat", "[1,"], None, "--send-every", 1),
            (["send", "chat", '{"a" 1}', *safe], None, "JSON argument", 1),
            (["send", "chat", "{\n  \"a\": tru\n}", *safe], None, "JSON argument", 2),
            (["send", "chat", "-", *safe], '{\n "a": 1,\n "b": [1,,2]\n}', "standard input", 3),
        ]
        for args, stdin_text, what, line in cases:
            with self.subTest(args=args):
                result = run_disc(args, stdin_text=stdin_text)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(what, result.stderr)
                self.assertRegex(result.stderr, r"line %d, column \d+" % line)

    def test_unusable_json(self):
        safe = LOOPBACK + ["--port", str(port(0))]
        for args in (["send", "chat", "", *safe],
                     ["send", "chat", "1e999", *safe],
                     ["watch", *safe, "--advertise", "[1e999]"]):
            with self.subTest(args=args):
                result = run_disc(args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stdout, "")


def library():
    """Disc and GObject from the build tree's typelib, or a skip."""
    try:
        import gi
        gi.require_version("Disc", "1.0")
        from gi.repository import Disc, GObject
    except (ImportError, ValueError) as e:
        raise unittest.SkipTest("no Disc-1.0 typelib (introspection disabled?): %s" % e)
    return Disc, GObject


def enum_options():
    """{property: (nicks in order, default nick)} for every enum property
    of DiscDiscovery that a flag of the same name sets."""
    Disc, GObject = library()
    found = {}
    for pspec in GObject.list_properties(Disc.Discovery):
        if pspec.value_type.is_a(GObject.TYPE_ENUM) and pspec.flags & GObject.ParamFlags.WRITABLE:
            default = pspec.default_value
            values = sorted(type(default).__enum_values__.items())
            found[pspec.name] = ([v.value_nick for _, v in values], default.value_nick)
    return found


def help_options(command):
    """{"--flag": "ARG" or None} as `disc COMMAND --help` lists them."""
    result = run_disc([command, "--help"])
    assert result.returncode == 0, result.stderr
    return {m.group(1): m.group(2)
            for m in re.finditer(r"^  (--[a-z][a-z-]*)(?:=(\S+))?", result.stdout, re.M)}


def complete(*words):
    """What the bash completion of data/completions offers for `disc WORDS`
    (the last word being the one completed)."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); '
              'COMPREPLY=(); _disc "$DISC"; printf "%s\\n" "${COMPREPLY[@]}"')
    result = subprocess.run(["bash", "-c", script, "bash",
                             os.path.join(SOURCE_ROOT, "data", "completions", "disc"), "disc", *words],
                            capture_output=True, text=True, env=child_env({"DISC": DISC}),
                            timeout=COMMAND_TIMEOUT)
    assert result.returncode == 0, result.stderr
    return [w for w in result.stdout.split("\n") if w]


def manual_page():
    with open(os.path.join(SOURCE_ROOT, "doc", "disc.1"), encoding="utf-8") as f:
        return f.read().replace("\\-", "-")


class OptionErrors(unittest.TestCase):
    """A value the library refuses is reported with the flag named by the
    code of its DISC_OPTION_ERROR (the property at fault), first, and the
    flag of the other property when two disagree."""

    BROADCAST = {"broadcast": "127.255.255.255"}
    CASES = [
        # (options after --port, the same as properties, property at fault, conflicting one)
        (LOOPBACK + ["--node-timeout", "100", "--check-interval", "500"],
         dict(BROADCAST, **{"node-timeout": 100, "check-interval": 500}),
         "node-timeout", "check-interval"),
        (LOOPBACK + ["--master-timeout", "100", "--node-timeout", "500", "--check-interval", "100"],
         dict(BROADCAST, **{"master-timeout": 100, "node-timeout": 500, "check-interval": 100}),
         "master-timeout", "node-timeout"),
        (LOOPBACK + ["--unicast", "127.0.0.1:28000"],
         dict(BROADCAST, unicast=["127.0.0.1:28000"]), "unicast", "broadcast"),
        (["--unicast", "127.0.0.1:0"], {"unicast": ["127.0.0.1:0"]}, "unicast", None),
        (LOOPBACK + ["--address", "not-an-address"], dict(BROADCAST, address="not-an-address"),
         "address", None),
        (LOOPBACK + ["--algorithm", "rot13"], dict(BROADCAST, algorithm="rot13"), "algorithm", None),
        (LOOPBACK + ["--key", ""], dict(BROADCAST, key=""), "key", None),
    ]

    def library_verdict(self, properties):
        """The property the library names for these properties, through its
        check_options() from Python, or None without the typelib."""
        try:
            Disc, _ = library()
        except unittest.SkipTest:
            return None
        from gi.repository import GLib
        discovery = Disc.Discovery()
        for name, value in properties.items():
            discovery.set_property(name, value)
        with self.assertRaises(GLib.Error) as raised:
            discovery.check_options()
        return Disc.OptionError(raised.exception.code).value_nick

    def test_bad_option_names_its_flag(self):
        for options, properties, at_fault, conflict in self.CASES:
            with self.subTest(options=options):
                # The case is the library's verdict: its code names this property.
                self.assertIn(self.library_verdict(properties), (None, at_fault))
                result = run_disc(["watch", "--port", str(port(14)), *options])
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stdout, "")
                named = "--%s with --%s: " % (at_fault, conflict) if conflict else "--%s: " % at_fault
                self.assertTrue(result.stderr.startswith("disc watch: " + named),
                                "expected “%s” first: %s" % (named, result.stderr))


class EnumValues(unittest.TestCase):
    """The values of an enum option come from the library's enum: in
    --help, in the messages, in the bash completion and in the manual."""

    def test_help_lists_the_values_and_default_of_each_enum(self):
        enums = enum_options()
        self.assertIn("dialect", enums)
        self.assertIn("ignore", enums)
        for command in NODE_COMMANDS:
            options = help_options(command)
            result = run_disc([command, "--help"])
            for name, (nicks, default) in enums.items():
                with self.subTest(command=command, option=name):
                    if command == "send" and name == "ignore":
                        # A sender delivers nothing: --ignore is hidden and refused.
                        self.assertNotIn("--ignore", options)
                        continue
                    self.assertEqual(options.get("--" + name), "|".join(nicks))
                    line = re.search(r"^  --%s=\S+\s+(.*)$" % name, result.stdout, re.M).group(1)
                    self.assertTrue(line.endswith("(default %s)" % default), line)
                    # A wrong value is told the same list, and the default.
                    wrong = run_disc([command, *LOOPBACK, "--port", str(port(14)),
                                      "--" + name, "no-such-value"])
                    self.assertEqual(wrong.returncode, 2, wrong.stderr)
                    self.assertIn(", ".join(nicks), wrong.stderr)
                    self.assertIn("--%s %s" % (name, default), wrong.stderr)

    def test_completion_offers_the_options_and_values_of_help(self):
        for command in NODE_COMMANDS:
            options = help_options(command)
            with self.subTest(command=command):
                self.assertEqual(sorted(complete(command, "--")), sorted(set(options) | {"--help"}))
        for name, (nicks, _) in enum_options().items():
            with self.subTest(option=name):
                self.assertEqual(complete("watch", "--" + name, ""), nicks)

    def test_manual_documents_every_option_and_value(self):
        manual = manual_page()
        for command in NODE_COMMANDS:
            for flag in help_options(command):
                with self.subTest(command=command, flag=flag):
                    self.assertTrue(re.search(r"%s(?![\w-])" % re.escape(flag), manual),
                                    "doc/disc.1 does not document " + flag)
        for name, (nicks, _) in enum_options().items():
            with self.subTest(option=name):
                line = re.search(r"^\.BR --%s (.*)$" % name, manual, re.M)
                self.assertIsNotNone(line, "no .BR --%s line listing the values" % name)
                self.assertEqual(re.findall(r"[a-z]+", line.group(1)), nicks)


class Cluster(WatchTestCase):
    """Two watches on one port of one host (SO_REUSEADDR), and what the
    other commands see of them."""

    P = port(1)
    NET = LOOPBACK + ["--port", str(P)] + FAST
    SEND_NET = LOOPBACK + ["--port", str(P)]   # a sender has no use for FAST's timings
    A_INFO = {"name": "alpha", "n": 1}
    B_INFO = {"name": "beta", "deep": {"list": [1, 2.5, {"k": "ü"}], "t": True, "z": None}}

    def setUp(self):
        super().setUp()
        self.a = self.watch(*self.NET, "--join", "chat", "--weight", "0.3",
                            "--advertise", json.dumps(self.A_INFO))
        self.b = self.watch(*self.NET, "--join", "chat", "--weight", "0.7",
                            "--advertise", json.dumps(self.B_INFO))
        self.a_id, self.b_id = self.a.id, self.b.id
        self.check(wait_for(lambda: self.b_id in self.a.peers() and self.a_id in self.b.peers()),
                   "the two watches did not see each other", self.a, self.b)

    def test_two_watches_see_each_other_with_one_master(self):
        a, b = self.a, self.b
        self.assertEqual(a.started_node()["port"], self.P)
        self.assertEqual(b.started_node()["port"], self.P)
        added = [e for e in a.of("added") if e["node"]["id"] == self.b_id][0]
        self.assertEqual(added["node"]["info"], self.B_INFO)
        self.assertEqual(added["node"]["address"], "127.0.0.1")
        self.assertIsInstance(added["time"], int)
        for key in ("id", "hostName", "address", "port", "isMaster", "isMasterEligible",
                    "weight", "info", "lastSeen"):
            self.assertIn(key, added["node"])

        def one_master():
            masters = [w for w in (a, b) if w.is_master()]
            if len(masters) != 1:
                return None
            other = b if masters[0] is a else a
            seen = [e["node"]["id"] for e in other.of("master")]
            return masters[0] if masters[0].id in seen else None

        master = wait_for(one_master)
        self.check(master, "expected exactly one master, seen by the other", a, b)
        time.sleep(1.5)
        self.check([w for w in (a, b) if w.is_master()] == [master],
                   "mastership did not stay with one node", a, b)
        promotion = master.of("promotion")[-1]
        self.assertEqual(promotion["node"]["id"], master.id)
        self.assertTrue(promotion["node"]["isMaster"])

    def test_send_reaches_both_with_nested_json_intact(self):
        data = {"deep": {"list": [1, {"x": [None, False, "é\u2028"]}], "n": -12.5},
                "s": "line\nbreak\u001f\u0001", "big": 1e21, "tiny": 5e-324, "w": 0.1}
        result = run_disc(["send", "chat", json.dumps(data), *self.SEND_NET])
        self.assertEqual(result.returncode, 0, result.stderr)
        for w in (self.a, self.b):
            got = wait_for(lambda: w.messages("chat"))
            self.check(got, "no message line", w)
            self.assertEqual(got[0]["data"], data)
            self.assertIsNone(got[0]["node"], "disc send is listen-only, so unknown")

        # From standard input, and a scalar.
        result = run_disc(["send", "chat", "-", *self.SEND_NET], stdin_text='\n  "from stdin"\n')
        self.assertEqual(result.returncode, 0, result.stderr)
        for w in (self.a, self.b):
            self.check(wait_for(lambda: [m for m in w.messages("chat") if m["data"] == "from stdin"]),
                       "no message from standard input", w)

        # A channel nobody joined is not shown.
        result = run_disc(["send", "elsewhere", "1", *self.SEND_NET])
        self.assertEqual(result.returncode, 0, result.stderr)
        time.sleep(0.5)
        self.assertEqual([e for e in self.a.of("message") if e["channel"] != "chat"], [])

    def test_nodes_lists_exactly_the_running_peers(self):
        result = run_disc(["nodes", "--json", "--wait", "1500", *self.NET])
        self.assertEqual(result.returncode, 0, result.stderr)
        nodes = json.loads(result.stdout)
        self.assertEqual(sorted(n["id"] for n in nodes), sorted([self.a_id, self.b_id]))
        infos = {n["id"]: n["info"] for n in nodes}
        self.assertEqual(infos[self.b_id], self.B_INFO)
        # disc nodes only listens: the watches never heard of it.
        time.sleep(0.5)
        self.assertEqual(self.a.ever_added(), {self.b_id})
        self.assertEqual(self.b.ever_added(), {self.a_id})

        table = run_disc(["nodes", "--wait", "1500", *self.NET])
        self.assertEqual(table.returncode, 0, table.stderr)
        lines = table.stdout.splitlines()
        self.assertEqual(len(lines), 3, table.stdout)
        self.assertRegex(lines[0], r"^HOST\s+ADDRESS\s+ID\s+ROLE\s+WEIGHT\s+LAST SEEN\s+INFO$")
        self.assertIn(self.a_id[:8], table.stdout)
        self.assertIn(self.b_id[:8], table.stdout)
        self.assertIn("127.0.0.1:%d" % self.P, table.stdout)

        # With --announce it takes part: the watches see it come and go.
        result = run_disc(["nodes", "--json", "--announce", "--wait", "1500", *self.NET])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.check(wait_for(lambda: len(self.a.ever_added()) == 2),
                   "an announcing disc nodes was not seen", self.a)

    def test_services_group_by_name(self):
        c = self.watch(*self.NET, "--advertise", json.dumps({"name": "alpha", "n": 2}))
        d = self.watch(*self.NET, "--advertise", json.dumps({"no": "name"}))
        c_id, d_id = c.id, d.id
        self.check(wait_for(lambda: {c_id, d_id} <= self.a.peers()), "c and d not seen", self.a)
        result = run_disc(["services", "--json", "--wait", "1500", *self.NET])
        self.assertEqual(result.returncode, 0, result.stderr)
        services = json.loads(result.stdout)
        self.assertEqual(sorted(services), ["alpha", "beta"])
        self.assertEqual(sorted(n["id"] for n in services["alpha"]), sorted([self.a_id, c_id]))
        self.assertEqual([n["id"] for n in services["beta"]], [self.b_id])
        self.assertIn("1 node", result.stderr)  # d advertises no name

        table = run_disc(["services", "--wait", "1500", *self.NET])
        self.assertEqual(table.returncode, 0, table.stderr)
        rows = table.stdout.splitlines()
        self.assertRegex(rows[0], r"^SERVICE\s+CANDIDATES\s+HOST")
        self.assertRegex(rows[1], r"^alpha\s+2\s")
        self.assertRegex(rows[3], r"^beta\s+1\s")

    def test_listen_only_watch_sees_everyone_unseen(self):
        listener = self.watch(*self.NET, "--listen-only", "--join", "chat")
        l_id = listener.id
        self.check(wait_for(lambda: {self.a_id, self.b_id} <= listener.peers()),
                   "the listen-only watch did not see both", listener)
        time.sleep(1.5)  # several hello intervals
        self.check(l_id not in self.a.ever_added() and l_id not in self.b.ever_added(),
                   "a listen-only watch was seen", self.a, self.b)
        self.assertEqual(listener.stop(), 0)
        time.sleep(0.5)
        self.assertEqual(self.a.of("removed"), [], "a listen-only node says no goodbye")

    def test_send_every_from_a_known_sender(self):
        sender = self.watch(*self.NET, "--send-every", "300", "chat", '{"tick": [1, "two"]}',
                            "--weight", "0.1")
        s_id = sender.id

        def from_known_sender():
            return [m for m in self.a.messages("chat")
                    if m["node"] is not None and m["node"]["id"] == s_id]

        got = wait_for(from_known_sender)
        self.check(got, "no message from the --send-every watch", self.a, sender)
        self.assertEqual(got[0]["data"], {"tick": [1, "two"]})
        self.check(wait_for(lambda: len(from_known_sender()) >= 3), "not sent repeatedly", self.a)
        self.assertEqual(sender.messages("chat"), [], "not joined, and ignore=self")

    def test_text_output(self):
        text = self.watch(*self.NET, "--for", "30", json_output=False)
        self.check(wait_for(lambda: sum(" added " in l for l in text.lines) >= 2),
                   "the text watch did not print two added lines", text)
        with text.lock:
            lines = list(text.lines)
        self.assertRegex(lines[0], r"^\d\d:\d\d:\d\d\.\d{3} started\s+\S+ 127\.0\.0\.1:%d [0-9a-f]{8} "
                         % self.P)
        added = "\n".join(l for l in lines if " added " in l)
        self.assertIn(self.a_id[:8], added)
        self.assertIn(self.b_id[:8], added)
        self.assertEqual(text.stop(signal.SIGINT), 0)
        self.assertRegex(text.lines[-1], r" stopped\s+SIGINT$")


class Lifecycle(WatchTestCase):
    def test_sigterm_says_goodbye_well_before_node_timeout(self):
        slow = LOOPBACK + ["--port", str(port(2)), "--hello-interval", "200", "--check-interval",
                           "400", "--node-timeout", "8000", "--master-timeout", "8000"]
        a = self.watch(*slow)
        b = self.watch(*slow)
        a_id, b_id = a.id, b.id
        self.check(wait_for(lambda: b_id in a.peers() and a_id in b.peers()),
                   "the two watches did not see each other", a, b)
        killed_at = time.monotonic()
        self.assertEqual(b.stop(signal.SIGTERM), 0, b.describe())
        removed = wait_for(lambda: [e for e in a.of("removed") if e["node"]["id"] == b_id], timeout=10)
        self.check(removed, "no removed line after SIGTERM", a, b)
        latency = removed[0]["_received"] - killed_at
        self.check(latency < 4.0, "removed after %.2f s: no goodbye (node-timeout is 8 s)" % latency, a)
        stopped = b.of("stopped")
        self.assertEqual([e["reason"] for e in stopped], ["SIGTERM"])
        self.assertEqual(b.snapshot()[-1]["event"], "stopped")

        self.assertEqual(a.stop(signal.SIGINT), 0)
        self.assertEqual(a.of("stopped")[0]["reason"], "SIGINT")

    def test_for_exits_cleanly(self):
        w = self.watch(*LOOPBACK, "--port", str(port(3)), "--for", "0.5")
        try:
            rc = w.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.fail("--for 0.5 did not end the watch\n" + w.describe())
        w.kill()  # only joins the readers: it has exited
        self.assertEqual(rc, 0, w.describe())
        self.assertEqual([e["event"] for e in w.snapshot()], ["started", "stopped"])
        self.assertEqual(w.of("stopped")[0]["reason"], "timeout")

    def test_closed_stdout_stops_the_node(self):
        net = LOOPBACK + ["--port", str(port(4))] + FAST
        reader = subprocess.Popen([DISC, "watch", "--json", *net], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
        try:
            first = reader.stdout.readline()
            self.assertEqual(json.loads(first)["event"], "started")
            reader.stdout.close()   # as `disc watch | head -1` would
            other = self.watch(*net)
            other.wait_started()
            try:
                rc = reader.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                self.fail("a watch whose reader went away kept running")
            self.assertEqual(rc, 0, reader.stderr.read())
        finally:
            if reader.poll() is None:
                reader.kill()
            reader.wait(timeout=10)
            reader.stderr.close()

    def test_commands_on_standard_input(self):
        net = LOOPBACK + ["--port", str(port(11))] + FAST
        a = self.watch(*net, "--weight", "0.9", "--join", "chat")
        b = self.watch(*net, "--weight", "0.1", commands=True)
        a_id, b_id = a.id, b.id
        self.check(wait_for(lambda: b_id in a.peers() and a_id in b.peers()), "discovery", a, b)
        self.check(wait_for(lambda: a.is_master() != b.is_master()), "one master", a, b)

        b.send_line("promote")
        self.check(wait_for(lambda: b.is_master() and not a.is_master()), "promote", a, b)
        b.send_line("demote --permanent")
        self.check(wait_for(lambda: a.is_master() and not b.is_master()), "demote --permanent", a, b)

        b.send_line('send chat {"from": "b", "n": [1, 2]}')
        got = wait_for(lambda: [m for m in a.messages("chat") if m["node"] and m["node"]["id"] == b_id])
        self.check(got, "send command", a, b)
        self.assertEqual(got[0]["data"], {"from": "b", "n": [1, 2]})

        b.send_line("frobnicate")
        b.send_line("send chat {oops")
        b.send_line("quit")
        try:
            rc = b.popen.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.fail("quit did not stop the watch\n" + b.describe())
        b.kill()
        self.assertEqual(rc, 0, b.describe())
        self.assertEqual(b.of("stopped")[0]["reason"], "command")
        self.assertIn("frobnicate", b.stderr)
        self.assertRegex(b.stderr, r"line 1, column \d+")
        self.check(wait_for(lambda: b_id not in a.peers(), 5), "quit said no goodbye", a)


class Ports(WatchTestCase):
    def test_address_in_use_without_reuse_address(self):
        p = port(5)
        first = self.watch(*LOOPBACK, "--port", str(p))
        first.wait_started()
        result = run_disc(["watch", *LOOPBACK, "--port", str(p), "--no-reuse-address", "--for", "5"])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(str(p), result.stderr)
        self.assertIn("--port", result.stderr)
        self.assertEqual(first.stop(), 0)

        # The other way round: the first one does not share.
        alone = self.watch(*LOOPBACK, "--port", str(p), "--no-reuse-address")
        alone.wait_started()
        result = run_disc(["nodes", *LOOPBACK, "--port", str(p), "--wait", "100"])
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(str(p), result.stderr)
        self.assertEqual(alone.stop(), 0)

    def test_unicast(self):
        p1, p2 = port(6), port(7)
        a = self.watch("--port", str(p1), "--unicast", "127.0.0.1:%d" % p2, "--join", "chat", *FAST)
        b = self.watch("--port", str(p2), "--unicast", "127.0.0.1:%d" % p1, "--unicast", "127.0.0.1",
                       *FAST)
        a_id, b_id = a.id, b.id
        self.check(wait_for(lambda: b_id in a.peers() and a_id in b.peers()),
                   "unicast peers did not see each other", a, b)
        result = run_disc(["send", "chat", '{"u": 1}', "--port", str(p2),
                           "--unicast", "127.0.0.1:%d" % p1])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.check(wait_for(lambda: a.messages("chat")), "no unicast message", a)

    def test_nothing_found_is_not_an_error(self):
        net = LOOPBACK + ["--port", str(port(8)), "--wait", "300"]
        result = run_disc(["nodes", "--json", *net])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), [])
        self.assertIn("no nodes found", result.stderr)
        result = run_disc(["nodes", *net])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn("no nodes found", result.stderr)
        result = run_disc(["services", "--json", *net])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), {})
        self.assertIn("no services found", result.stderr)


class Keys(WatchTestCase):
    def test_key_file_and_environment(self):
        p = port(9)
        net = LOOPBACK + ["--port", str(p)] + FAST
        with tempfile.NamedTemporaryFile("w", prefix="disc-key-", delete=False) as f:
            f.write("correct horse\n")
            key_file = f.name
        try:
            a = self.watch(*net, env={"DISC_KEY": "correct horse"})
            b = self.watch(*net, "--key-file", key_file)
            a_id, b_id = a.id, b.id
            self.check(wait_for(lambda: b_id in a.peers() and a_id in b.peers()),
                       "DISC_KEY and --key-file (newline stripped) should be the same key", a, b)

            with_key = run_disc(["nodes", "--json", "--wait", "1200", *net, "--key", "correct horse"])
            self.assertEqual(with_key.returncode, 0, with_key.stderr)
            self.assertEqual(sorted(n["id"] for n in json.loads(with_key.stdout)), sorted([a_id, b_id]))

            # --key wins over DISC_KEY; a wrong key reads nothing, and says so
            # (exit 1: traffic arrived, none readable; see test_cli_field_bugs.py).
            wrong = run_disc(["nodes", "--json", "--wait", "1200", *net, "--key", "wrong"],
                             env={"DISC_KEY": "correct horse"})
            self.assertEqual(wrong.returncode, 1, wrong.stderr)
            self.assertEqual(json.loads(wrong.stdout), [])
            self.assertIn("could not be decrypted", wrong.stderr)
            no_key = run_disc(["nodes", "--json", "--wait", "1200", *net])
            self.assertEqual(json.loads(no_key.stdout), [])
            self.assertEqual(no_key.returncode, 1, no_key.stderr)
        finally:
            os.unlink(key_file)


    def test_keyring_rotation_without_downtime(self):
        """Serf's rotation, from the CLI: add the new key everywhere, use it
        everywhere, remove the old one; nobody is ever removed, and at the
        end only the new key hears the cluster."""
        net = LOOPBACK + ["--port", str(port(12)), "--algorithm", "aes-256-gcm"] + FAST
        a = self.watch(*net, "--key", "old", commands=True)
        b = self.watch(*net, "--key", "old", commands=True)
        a_id, b_id = a.id, b.id
        self.check(wait_for(lambda: b_id in a.peers() and a_id in b.peers()), "discovery", a, b)

        def key_lists(w, n):
            return wait_for(lambda: len(w.of("keys")) >= n and w.of("keys"))

        for w in (a, b):
            w.send_line("add-key new")
            w.send_line("list-keys")
        old_id, new_id = key_lists(a, 1)[0]["keys"]
        self.assertEqual(key_lists(b, 1)[0]["keys"], [old_id, new_id])
        self.assertRegex(new_id, r"^[0-9a-f]{16}$")
        self.assertNotIn("new", json.dumps(a.snapshot()), "a passphrase was printed")

        # A sends with the new key while B still sends with the old one.
        a.send_line("use-key new")
        a.send_line("list-keys")
        self.assertEqual(key_lists(a, 2)[1]["keys"], [new_id, old_id])
        time.sleep(1.5)   # more than node-timeout: a gap would remove someone
        b.send_line("use-key new")
        for w in (a, b):
            w.send_line("remove-key old")
            w.send_line("remove-key old")     # a second time: an error, not a crash
            w.send_line("list-keys")
        self.assertEqual(key_lists(a, 3)[2]["keys"], [new_id])
        self.assertEqual(key_lists(b, 2)[1]["keys"], [new_id])
        time.sleep(1.5)
        self.check(not a.of("removed") and not b.of("removed"), "the rotation removed a node", a, b)

        new_only = run_disc(["nodes", "--json", "--wait", "1200", *net, "--key", "new"])
        self.assertEqual(new_only.returncode, 0, new_only.stderr)
        self.assertEqual(sorted(n["id"] for n in json.loads(new_only.stdout)), sorted([a_id, b_id]))
        old_only = run_disc(["nodes", "--json", "--wait", "1200", *net, "--key", "old"])
        self.assertEqual(json.loads(old_only.stdout), [], "the removed key still hears the cluster")
        # A keyring on the command line: the first key sends, the others are accepted.
        both = run_disc(["nodes", "--json", "--wait", "1200", *net, "--key", "old", "--key", "new"])
        self.assertEqual(sorted(n["id"] for n in json.loads(both.stdout)), sorted([a_id, b_id]))

        self.assertEqual(a.stop(), 0, a.describe())
        self.assertIn("remove-key: key: remove_key: the key is not in the keyring", a.stderr)
        self.assertNotIn("old", a.stderr, "a passphrase was printed")

    def test_several_keys_need_aes_256_gcm(self):
        net = LOOPBACK + ["--port", str(port(13))]
        for extra in ([], ["--algorithm", "aes256"]):
            result = run_disc(["watch", *net, *extra, "--key", "a", "--key", "b", "--for", "1"])
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("--algorithm aes-256-gcm", result.stderr)
        result = run_disc(["watch", *net, "--key", "a", "--for", "0.1", "--commands"],
                          stdin_text="add-key b\nlist-keys\n")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("add-key: algorithm: add_key: a keyring needs the aes-256-gcm algorithm",
                      result.stderr)


class Robustness(WatchTestCase):
    def test_hostile_packets_keep_the_output_clean(self):
        """Whatever a peer sends, every --json line parses, numbers JSON
        cannot hold are null, and text lines carry no raw control characters."""
        p = port(10)
        net = LOOPBACK + ["--port", str(p)] + FAST
        j = self.watch(*net, "--join", "chat")
        t = self.watch(*net, "--join", "chat", json_output=False)
        j.wait_started()
        self.check(wait_for(lambda: any(" started " in l for l in t.lines)), "text watch", t)
        # Plain-dialect packets, written by hand: json.dumps cannot write 1e999.
        hello = ('{"event":"hello","pid":"p-evil","iid":"evil-1","hostName":"evil\\u001b[31mhost",'
                 '"data":{"isMaster":false,"isMasterEligible":false,"weight":0,"promotedAt":0,'
                 '"address":"127.0.0.1","info":{"v":1e999,"s":"\\u001b]0;t\\u0007"}}}')
        message = ('{"event":"chat","pid":"p-evil","iid":"evil-1","hostName":"evil\\u001b[31mhost",'
                   '"data":{"v":-1e999,"list":[1e999],"s":"\\u001b[2J"}}')
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            for _ in range(3):
                sock.sendto(hello.encode(), ("127.255.255.255", p))
                time.sleep(0.1)
            sock.sendto(message.encode(), ("127.255.255.255", p))
        finally:
            sock.close()

        added = wait_for(lambda: [e for e in j.of("added") if e["node"]["id"] == "evil-1"])
        self.check(added, "the hand-written hello was not taken", j)
        self.assertEqual(added[0]["node"]["info"], {"v": None, "s": "\x1b]0;t\x07"})
        self.assertEqual(added[0]["node"]["hostName"], "evil\x1b[31mhost")
        got = wait_for(lambda: j.messages("chat"))
        self.check(got, "the hand-written message did not arrive", j)
        self.assertEqual(got[0]["data"], {"v": None, "list": [None], "s": "\x1b[2J"})
        self.assertEqual(got[0]["node"]["id"], "evil-1")
        self.assertEqual(j.of("unparsable"), [])

        self.check(wait_for(lambda: any(" message " in l for l in t.lines)), "no text message", t)
        with t.lock:
            text = "\n".join(t.lines)
        self.assertNotIn("\x1b", text)
        self.assertNotIn("\x07", text)
        self.assertIn("evil\\x1b[31mhost", text)


def main():
    """Runs the tests of the script being run (this one, or one that imports
    it), with DISC from the first argument or $DISC_BINARY."""
    global DISC
    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        DISC = os.path.abspath(args.pop(0))
    else:
        DISC = os.environ.get("DISC_BINARY")
    if not DISC or not os.access(DISC, os.X_OK):
        print("usage: %s DISC_BINARY [unittest arguments]" % os.path.basename(sys.argv[0]),
              file=sys.stderr)
        sys.exit(2)
    unittest.main(argv=[sys.argv[0], *args], verbosity=2)


if __name__ == "__main__":
    main()
