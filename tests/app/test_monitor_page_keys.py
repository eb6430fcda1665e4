#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Alt+1 … Alt+4 show the pages in the order of their tabs.

The window's tabs read Nodes, Services, Events, Channels (and LANs with
etcd). Alt+N must show the Nth: Alt+3 the event log, Alt+4 the channel
console (Alt+5 the LANs). Alt+3 used to show
Channels, the fourth tab, and the event log had no shortcut at all.
Driven with synthesized key presses, read through AT-SPI (the selected
tab), against one `disc watch` peer.

Usage: test_monitor_page_keys.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, step, wait_for  # noqa: E402

# Alt_L's key code under Xvfb's default keymap (PRESS and RELEASE take
# key codes, SYM a key symbol).
ALT_KEYCODE = 64
DIGITS = {1: 0x31, 2: 0x32, 3: 0x33, 4: 0x34}


def selected_tab(app):
    Atspi = lab.atspi()
    app.clear_cache()
    for role, name, node in lab.elements(app):
        if role == "page tab" and node.get_state_set().contains(Atspi.StateType.SELECTED):
            return name
    return None


def alt(digit):
    Atspi = lab.atspi()
    Atspi.generate_keyboard_event(ALT_KEYCODE, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(DIGITS[digit], None, Atspi.KeySynthType.SYM)
    Atspi.generate_keyboard_event(ALT_KEYCODE, None, Atspi.KeySynthType.RELEASE)


def run(inner):
    monitor, app = lab.start_with_peer(inner)
    tabs = [n for r, n, _ in lab.elements(app) if r == "page tab"]
    check(tabs[:4] == ["Nodes", "Services", "Events", "Channels"], "the tabs are %s" % tabs)
    for digit in (3, 4, 2, 1):
        alt(digit)
        check(wait_for(lambda: selected_tab(app) == tabs[digit - 1], 5),
              "Alt+%d shows %r, not %r, the tab in that place" % (digit, selected_tab(app), tabs[digit - 1]))
        step("Alt+%d: %s" % (digit, tabs[digit - 1]))
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=2, timeout=120)
