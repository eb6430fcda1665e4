"""What the Python tests share: polling against a deadline, and reading the
JSON events a disc process printed (added, removed, promotion, ...).

Tests never depend on tight timing: they poll with wait_for() against a
generous deadline. ChildEventLog reads a child's output in threads. The
tests import this module by putting this folder on
sys.path (see tests/cli/test_cli.py, tests/multihost/netns.py and
tests/bindings/bindingtest.py).
"""

import json
import os
import threading
import time


def latency_bound(seconds):
    """A latency bound in seconds, stretched by $DISC_TEST_LATENCY_SCALE.

    Sanitized builds (build-aux/run-sanitizers) run several times slower;
    they check memory safety, not speed, so they set the scale above 1 and
    the plain build keeps the bound the issue asks for.
    """
    try:
        scale = float(os.environ.get("DISC_TEST_LATENCY_SCALE", "1"))
    except ValueError:
        scale = 1.0
    return seconds * max(scale, 1.0)


def wait_for(predicate, timeout, interval=0.05):
    """Poll predicate() until it returns a true value or timeout seconds
    pass; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            return value
        time.sleep(interval)


class EventLog:
    """Queries on the events of one process. The class using it keeps them
    as dicts with an "event" member in self.events, guarded by self.lock."""

    def snapshot(self):
        with self.lock:
            return list(self.events)

    def of(self, event):
        """The events named @event so far."""
        return [e for e in self.snapshot() if e.get("event") == event]

    def started_node(self):
        started = self.of("started")
        return started[0]["node"] if started else None

    def added_info(self, node_id):
        """The info (advertisement) of node @node_id when this process
        first saw it added, or None."""
        for e in self.of("added"):
            if e["node"]["id"] == node_id:
                return e["node"]["info"]
        return None

    def peers(self):
        """Ids of the nodes this process sees now (added minus removed)."""
        present = set()
        for e in self.snapshot():
            if e.get("event") == "added":
                present.add(e["node"]["id"])
            elif e.get("event") == "removed":
                present.discard(e["node"]["id"])
        return present

    def is_master(self):
        """Whether the last promotion or demotion of this process was a promotion."""
        state = False
        for e in self.snapshot():
            if e.get("event") == "promotion":
                state = True
            elif e.get("event") == "demotion":
                state = False
        return state


def masters(logs):
    """The processes (EventLogs) that are master now."""
    return [p for p in logs if p.is_master()]


def everyone_sees_everyone(logs, ids):
    """A predicate for wait_for(): every process sees every other one, by
    the node ids in @ids (a dict from process to id)."""
    def ok():
        return all({ids[q] for q in logs if q is not p} <= p.peers() for p in logs)
    return ok


class ChildEventLog(EventLog):
    """The events of a child process: threads read its stdout a line at a
    time into self.lines, and into self.events the lines parse_line()
    takes; its stderr a line at a time into self.stderr_lines."""

    def read_child(self, popen):
        """Starts reading @popen (a subprocess.Popen with text pipes)."""
        self.popen = popen
        self.events = []
        self.lines = []
        self.stderr_lines = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.err_reader.start()

    def parse_line(self, line):
        """The event a line of stdout is (with its "_received" time), or
        None: by default, lines that are JSON objects."""
        try:
            event = json.loads(line)
        except ValueError:
            return None
        if not isinstance(event, dict):
            return None
        event.setdefault("_received", time.monotonic())
        return event

    def _read(self):
        for line in self.popen.stdout:
            line = line.rstrip("\n")
            event = self.parse_line(line)
            with self.lock:
                self.lines.append(line)
                if event is not None:
                    self.events.append(event)

    def _read_stderr(self):
        for line in self.popen.stderr:
            with self.lock:
                self.stderr_lines.append(line.rstrip("\n"))

    def send_line(self, line):
        """Writes one line to the child's stdin (opened as a pipe)."""
        self.popen.stdin.write(line + "\n")
        self.popen.stdin.flush()
