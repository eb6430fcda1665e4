"""What the Python tests share: polling against a deadline, and reading the
JSON events a disc process printed (added, removed, promotion, ...).

Tests never depend on tight timing: they poll with wait_for() against a
generous deadline. The tests import this module by putting this folder on
sys.path (see tests/cli/test_cli.py, tests/multihost/netns.py and
tests/bindings/bindingtest.py).
"""

import os
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
