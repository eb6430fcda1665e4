#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every stop of the Tab key has a name a screen reader can say.

GTK 4.8 gives the keyboard focus to the scrolled window around an empty
list (the channels heard, the messages received, before any): those
stops had no accessible name, and a screen reader said nothing there.
Against one `disc watch` peer that sends on no channel, Tab is pressed
through the Channels page (synthesized keys, read through AT-SPI): every
control that takes the focus must have a name, the lists' the list's.

Usage: test_monitor_focus_names.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, step  # noqa: E402

TAB = 0xff09


def focused(app):
    Atspi = lab.atspi()
    app.clear_cache()
    for role, name, node in lab.elements(app):
        try:
            if node.get_state_set().contains(Atspi.StateType.FOCUSED):
                return role, name
        except Exception:
            continue
    return None


def run(inner):
    monitor, app = lab.start_with_peer(inner)
    lab.press(app, "page tab", "Channels")
    time.sleep(1)
    stops = [focused(app)]
    Atspi = lab.atspi()
    for _ in range(6):
        Atspi.generate_keyboard_event(TAB, None, Atspi.KeySynthType.SYM)
        time.sleep(0.4)
        stops.append(focused(app))
    step("Tab stops: %s" % stops)
    check(None not in stops, "the focus could not be found at every stop: %s" % stops)
    check(all(name for _, name in stops), "focus stops without a name: %s" % [s for s in stops if not s[1]])
    check({"Channels on the network", "Received messages"} <= {name for _, name in stops},
          "the empty lists' stops are not named after the lists: %s" % stops)
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=2, timeout=120)
