"""A small lab of hosts in network namespaces, for multi-host tests.

Each Lab makes one "switch" namespace holding a bridge, and one namespace
per host joined to it by a veth pair; hosts get 10.213.0.N/24 (or another
/24 of 10.213.0.0/16). Nothing is created in the root namespace, so no
packet of a test can reach the real network. Everything is removed on
close(), on exceptions, on SIGTERM and at interpreter exit.

Processes started with Lab.spawn() have their JSON-line stdout collected by
a thread; wait_for() polls those logs against a deadline.
"""

import atexit
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from events import ChildEventLog, wait_for  # noqa: E402,F401 (wait_for: for the tests)
from events import everyone_sees_everyone, masters  # noqa: E402,F401 (for the tests)

SKIP = 77  # meson's exit code for a skipped test


def require_root_and_netns():
    """Exit with the skip code where namespaces cannot be made."""
    if os.geteuid() != 0:
        print("SKIP: multi-host tests need root (ip netns)")
        raise SystemExit(SKIP)
    if subprocess.run(["ip", "netns", "list"], capture_output=True).returncode != 0:
        print("SKIP: ip netns is not available")
        raise SystemExit(SKIP)


def _ip(*args, check=True):
    result = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError("ip %s: %s" % (" ".join(args), result.stderr.strip()))
    return result


class Process(ChildEventLog):
    """A process on a lab host whose stdout is read as JSON lines."""

    def __init__(self, host, argv, env=None, stdin=False):
        self.host = host
        self.argv = argv
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.read_child(subprocess.Popen(
            ["ip", "netns", "exec", host.namespace, *argv],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            text=True, env=full_env, start_new_session=True))

    def lines_of(self, word):
        """The JSON values of the lines "WORD JSON" the process printed (the
        examples' output, which is not one JSON object a line)."""
        with self.lock:
            raw = list(self.lines)
        result = []
        for line in raw:
            head, _, rest = line.partition(" ")
            if head == word:
                result.append(json.loads(rest))
        return result

    def stderr_snapshot(self):
        with self.lock:
            return list(self.stderr_lines)

    def signal(self, signum):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signum)

    def kill(self):
        self.signal(signal.SIGKILL)

    def terminate(self, timeout=10):
        self.signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.popen.wait(timeout=timeout)

    def describe(self):
        with self.lock:
            return "%s on %s\nstdout:\n  %s\nstderr:\n  %s" % (
                " ".join(self.argv), self.host.name,
                "\n  ".join(self.lines[-40:]), "\n  ".join(self.stderr_lines[-20:]))


class Host:
    def __init__(self, lab, index, address):
        self.lab = lab
        self.index = index
        self.name = "host%d" % index
        self.namespace = "%s-h%d" % (lab.tag, index)
        self.address = address


class Lab:
    """Hosts on one bridge. Use as a context manager."""

    _open_labs = []

    def __init__(self, n_hosts, subnet=0, name=""):
        require_root_and_netns()
        # @name tells apart several labs of one test (two LANs).
        self.tag = "disc%d%s" % (os.getpid(), name)
        self.switch = self.tag + "-sw"
        self.hosts = []
        self.processes = []
        self.closed = False
        Lab._open_labs.append(self)
        try:
            _ip("netns", "add", self.switch)
            _ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
            _ip("-n", self.switch, "link", "set", "br0", "up")
            _ip("-n", self.switch, "link", "set", "lo", "up")
            for i in range(n_hosts):
                self.add_host(subnet)
        except BaseException:
            self.close()
            raise

    def add_host(self, subnet=0):
        index = len(self.hosts)
        host = Host(self, index, "10.213.%d.%d" % (subnet, index + 1))
        _ip("netns", "add", host.namespace)
        port = "p%d" % index
        _ip("-n", host.namespace, "link", "add", "eth0", "type", "veth",
            "peer", "name", port, "netns", self.switch)
        _ip("-n", self.switch, "link", "set", port, "master", "br0")
        _ip("-n", self.switch, "link", "set", port, "up")
        _ip("-n", host.namespace, "addr", "add", host.address + "/24",
            "brd", "+", "dev", "eth0")
        _ip("-n", host.namespace, "link", "set", "eth0", "up")
        _ip("-n", host.namespace, "link", "set", "lo", "up")
        self.hosts.append(host)
        return host

    def spawn(self, host, argv, env=None, stdin=False):
        process = Process(host, argv, env, stdin)
        self.processes.append(process)
        return process

    def run(self, host, argv, timeout=30, env=None):
        """Run to completion on a host; returns CompletedProcess."""
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        return subprocess.run(["ip", "netns", "exec", host.namespace, *argv],
                              capture_output=True, text=True, timeout=timeout,
                              env=full_env, stdin=subprocess.DEVNULL)

    def set_link(self, host, up):
        """Cut or restore a host's cable (its port on the bridge)."""
        _ip("-n", self.switch, "link", "set", "p%d" % host.index, "up" if up else "down")

    def close(self):
        if self.closed:
            return
        self.closed = True
        for process in self.processes:
            try:
                process.kill()
                process.popen.wait(timeout=5)
            except Exception:
                pass
        for host in self.hosts:
            _ip("netns", "del", host.namespace, check=False)
        _ip("netns", "del", self.switch, check=False)
        if self in Lab._open_labs:
            Lab._open_labs.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def describe(self):
        return "\n\n".join(p.describe() for p in self.processes)


def _close_all():
    for lab in list(Lab._open_labs):
        lab.close()


def _on_signal(signum, frame):
    _close_all()
    raise SystemExit(128 + signum)


atexit.register(_close_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


class TestFailure(AssertionError):
    pass


def run_scenarios(scenarios, names):
    """Run the scenarios named (all of them when names is empty), each one
    reported ok or not ok with its time, and exit 1 if any failed."""
    failed = 0
    for name in names or list(scenarios):
        started = time.monotonic()
        try:
            scenarios[name]()
            print("ok - %s (%.1f s)" % (name, time.monotonic() - started))
        except TestFailure as failure:
            failed += 1
            print("not ok - %s\n%s" % (name, failure))
    sys.exit(1 if failed else 0)


def check(condition, message, lab=None):
    if not condition:
        detail = ("\n\n" + lab.describe()) if lab is not None else ""
        raise TestFailure(message + detail)


def ids_of(lab, processes):
    """The node id of each process (a dict), once each has started."""
    result = {}
    for p in processes:
        node = wait_for(p.started_node, 10)
        check(node, "%s never started" % p.host.name, lab)
        result[p] = node["id"]
    return result
