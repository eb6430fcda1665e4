#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The Preferences dialog points at the field the library refuses.

The monitor is started bound to an address this host does not have, so
its node cannot start and the window offers Preferences. In the dialog,
read and driven through AT-SPI, a bind address that is not an IPv4
address is refused on Apply: the library's message is shown, and the
Bind address entry, the field the DISC_OPTION_ERROR names, is marked
invalid for screen readers. Then a correct address is accepted, the
dialog closes and the node starts with it.

Usage: test_monitor_preferences.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, wait_for  # noqa: E402

# TEST-NET-3 (RFC 5737): on no interface of the lab's hosts.
ABSENT_ADDRESS = "203.0.113.77"


def is_invalid(node):
    # GTK 4.8 says INVALID; later versions INVALID_ENTRY.
    Atspi = lab.atspi()
    node.clear_cache()
    states = node.get_state_set()
    return states.contains(Atspi.StateType.INVALID) or states.contains(Atspi.StateType.INVALID_ENTRY)


def can_promote(app):
    """Whether Promote is enabled: the window enables it while the node runs."""
    Atspi = lab.atspi()
    app.clear_cache()
    button = lab.find(app, "push button", "Promote")
    if button is None:
        return False
    button.clear_cache()
    return button.get_state_set().contains(Atspi.StateType.SENSITIVE)


def run(inner):
    monitor = inner.monitor("--address", ABSENT_ADDRESS)
    # The accessibility bus is asked only once the window is up.
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    check(wait_for(lambda: any(l.startswith("The monitor could not join the network")
                               for l in lab.labels(app)), 15),
          "the window does not say the node could not start: %s" % lab.labels(app)[:20])
    check(not can_promote(app), "Promote is enabled although the node is not running")
    print("  bound to %s, the node cannot start; the window offers Preferences" % ABSENT_ADDRESS)

    lab.press(app, "push button", "Preferences…")
    check(wait_for(lambda: lab.find(app, "push button", "Apply") is not None, 10),
          "the Preferences dialog did not open")
    lab.set_text(app, "Bind address", "nope")
    lab.press(app, "push button", "Apply")
    check(wait_for(lambda: any("“nope” is not an IPv4 address" in l for l in lab.labels(app)), 5),
          "the library's message is not shown: %s" % [l for l in lab.labels(app) if "nope" in l])
    entry = lab.find(app, "text", "Bind address") or lab.find(app, "entry", "Bind address")
    check(entry is not None, "no Bind address entry")
    check(wait_for(lambda: is_invalid(entry), 5), "the Bind address entry is not marked invalid")
    others = [n for r, n, node in lab.elements(app)
              if r in ("text", "entry", "spin button") and n != "Bind address" and is_invalid(node)]
    check(not others, "other fields are marked invalid too: %s" % others)
    print("  Apply with “nope”: the library's message shown, Bind address marked invalid")

    lab.set_text(app, "Bind address", "0.0.0.0")
    lab.press(app, "push button", "Apply")
    # GTK 4.8 crashes answering AT-SPI about a widget of a window being
    # destroyed: let the dialog go, and forget what was cached of it,
    # before asking again.
    time.sleep(1.0)
    check(wait_for(lambda: can_promote(app), 15),
          "the node did not start with the address applied in Preferences")
    check(lab.find(app, "push button", "Apply") is None, "the dialog did not close on Apply")
    print("  Apply with 0.0.0.0: accepted, the dialog closed, the node started")
    check(monitor.popen.poll() is None, "the monitor exited (status %s)" % monitor.popen.poll())


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=1, timeout=120, need_cli=False)
