#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Preferences refuses "Accept remote control" without an aes-256-gcm key.

A monitor running unencrypted against one peer; in Preferences, read and
driven through AT-SPI, "Accept remote control" is ticked and Apply
pressed. The library refuses remote control without aes-256-gcm and a
key, so the dialog must say so and mark the check box, and the
monitor's node must keep running and listing its peer. Apply used to
close the dialog and restart the node with options the library refused:
the monitor fell off the network.

Usage: test_monitor_remote_control_pref.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, step, wait_for  # noqa: E402
from test_monitor_columns import click  # noqa: E402
from test_monitor_keyring import open_preferences  # noqa: E402
from test_monitor_preferences import is_invalid  # noqa: E402


def run(inner):
    monitor, app = lab.start_with_peer(inner, "plain-peer")
    open_preferences(app)
    box = wait_for(lambda: lab.find(app, "check box", "Accept remote control"), 5)
    check(box, "Preferences has no \"Accept remote control\" check box: %s"
          % [(r, n) for r, n, _ in lab.elements(app) if r in ("check box", "push button")])
    # GTK 4.8 gives check buttons no accessible action: a click.
    click(app, box)
    check(wait_for(lambda: box.get_state_set().contains(lab.atspi().StateType.CHECKED), 5),
          "a click does not tick \"Accept remote control\"")
    lab.press(app, "push button", "Apply")
    # GTK 4.8 crashes when an AT-SPI client asks for a window that has
    # just been destroyed (the application's child count is stale): the
    # dialog, closed if Apply went through, is given time to go.
    time.sleep(1.5)
    refused = wait_for(lambda: [l for l in lab.labels(app) if l.startswith("remote-control needs")], 5)
    time.sleep(3)   # longer than the node timeout (1 s), past any restart
    running = not [l for l in lab.labels(app) if l.startswith("Not on the network")]
    check(refused, "Apply accepts remote control without an aes-256-gcm key: no error in the dialog%s"
          % ("" if running else ", and the monitor's node stopped: %s"
             % [l for l in lab.labels(app) if "network" in l or "remote" in l]))
    check(is_invalid(box), "the refused check box is not marked invalid")
    step("refused: %r" % refused[0])
    check(running and "plain-peer" in lab.labels(app),
          "after the refused Apply, the monitor's node does not run: %s" % lab.labels(app)[:12])
    step("the node still runs and lists its peer")
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=2, timeout=120)
