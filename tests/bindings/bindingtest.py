"""Helpers of the binding tests: skipping, ports, bounded subprocesses.

Every node these tests make stays on loopback: broadcast 127.255.255.255
and a port in 20000-29999.
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from events import wait_for  # noqa: E402,F401 (for the tests)

SKIP = 77
BROADCAST = "127.255.255.255"

# Quick timing, for every example run by a test (see examples/c/example-env.h).
FAST_ENV = {
    "DISC_BROADCAST": BROADCAST,
    "DISC_HELLO_INTERVAL": "200",
    "DISC_CHECK_INTERVAL": "400",
    "DISC_NODE_TIMEOUT": "2000",
}


def skip(why):
    print("SKIP: " + why, flush=True)
    sys.exit(SKIP)


def fail(why):
    print("FAIL: " + why, flush=True)
    sys.exit(1)


def check(condition, why):
    if not condition:
        fail(why)


def require_program(name):
    path = shutil.which(name)
    if path is None:
        skip(name + " is not installed")
    return path


def require_pygobject():
    try:
        import gi  # noqa: F401
    except ImportError:
        skip("PyGObject (python3-gi) is not installed for " + sys.executable)


def free_port():
    """A UDP port in 20000-29999 that no socket holds now. Binding without
    SO_REUSEADDR fails if any other socket has the port, shared or not."""
    ports = list(range(20000, 30000))
    random.shuffle(ports)
    for port in ports[:200]:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            continue
        finally:
            probe.close()
        return port
    fail("no free UDP port in 20000-29999")


class Process:
    """A child whose stdout lines are collected by a thread; killed at exit
    if still running. Lines of the form 'WORD JSON' are parsed."""

    def __init__(self, name, argv, env=None, cwd=None):
        self.name = name
        self.lines = []
        self.lock = threading.Lock()
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, env=full_env, cwd=cwd, text=True)
        self.stderr = []
        self.reader = threading.Thread(target=self._read, args=(self.popen.stdout, self.lines),
                                       daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._read, args=(self.popen.stderr, self.stderr),
                                           daemon=True)
        self.err_reader.start()

    def _read(self, stream, into):
        for line in stream:
            with self.lock:
                into.append(line.rstrip("\n"))

    def events(self, word):
        result = []
        with self.lock:
            lines = list(self.lines)
        for line in lines:
            head, _, rest = line.partition(" ")
            if head == word:
                try:
                    result.append(json.loads(rest))
                except ValueError:
                    result.append(rest)
        return result

    def words(self):
        with self.lock:
            return [line.partition(" ")[0] for line in self.lines]

    def stop(self, timeout=10):
        """SIGTERM, then wait; SIGKILL if it does not exit in time."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
        self.reader.join(5)
        self.err_reader.join(5)
        return self.popen.returncode

    def dump(self):
        with self.lock:
            out = "\n".join("  " + line for line in self.lines)
            err = "\n".join("  " + line for line in self.stderr)
        return "--- %s stdout:\n%s\n--- %s stderr:\n%s" % (self.name, out, self.name, err)


class Group:
    """Processes that are all stopped when the with-block ends."""

    def __init__(self):
        self.processes = []

    def spawn(self, *args, **kwargs):
        process = Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def dump(self):
        return "\n".join(process.dump() for process in self.processes)

    def check(self, condition, why):
        if not condition:
            for process in self.processes:
                process.stop(5)
            fail(why + "\n" + self.dump())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.stop(5)
        return False
