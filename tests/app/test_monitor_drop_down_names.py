#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The drop-downs' buttons have names a screen reader can say.

GTK 4.8 gives the button of a GtkDropDown, which takes the keyboard
focus, no name: screen readers said "GtkToggleButton" for the event
log's kind filter and for Preferences' network mode, dialect and
algorithm. Against one `disc watch` peer, through AT-SPI: no control of
the window or of Preferences is named "GtkToggleButton"; the event log's
filter is named after what it chooses and the choice shown.

Usage: test_monitor_drop_down_names.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, step, wait_for  # noqa: E402
from test_monitor_keyring import open_preferences  # noqa: E402

BUTTONS = ("push button", "toggle button", "combo box")


def unnamed(app):
    app.clear_cache()
    return [(r, n) for r, n, _ in lab.elements(app) if r in BUTTONS and n.startswith("Gtk")]


def named(app, prefix):
    app.clear_cache()
    return [n for r, n, _ in lab.elements(app) if r in BUTTONS and n.startswith(prefix)]


def run(inner):
    monitor, app = lab.start_with_peer(inner)
    lab.press(app, "page tab", "Events")
    check(not unnamed(app), "controls of the window named after their type: %s" % unnamed(app))
    kind = named(app, "Which events to show")
    check(kind == ["Which events to show: All events"],
          "the event log's filter is not named after its choice: %s" % kind)
    step("the event log's filter: %r" % kind[0])

    open_preferences(app)
    check(wait_for(lambda: named(app, "Algorithm: "), 5), "Preferences' algorithm has no name: %s"
          % unnamed(app))
    check(not unnamed(app), "controls of Preferences named after their type: %s" % unnamed(app))
    step("Preferences: %s" % (named(app, "Send hellos to: ") + named(app, "Dialect: ") + named(app, "Algorithm: ")))
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=2, timeout=120)
