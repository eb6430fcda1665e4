#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Remote control is recorded in the event log, both ways.

An aes-256-gcm cluster: the monitor and a `disc watch` peer "beta" that
accepts remote control. In Preferences "Accept remote control" is
ticked and applied; `disc promote` run on another host then asks the
monitor (not eligible, so it refuses) to become master: the monitor
must log the request under the kind "Control", with who sent it and
that it was refused. The monitor then demotes beta by remote control
(Demote): the answer must be logged too. Both used to go only to the
banner and the status bar, which the next event replaces: the audit
trail was lost.

Usage: test_monitor_control_log.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402
from test_monitor_columns import click  # noqa: E402
from test_monitor_control import enabled, select_row, tooltip_of  # noqa: E402
from test_monitor_keyring import open_preferences  # noqa: E402

KEY = "control-log-passphrase-2Rk"


def logged(app):
    """The event log's Control entries: the text after each "Control"."""
    found = lab.labels(app)
    return [found[i + 1] for i in range(len(found) - 1) if found[i] == "Control"]


def run_with_key(inner, key_file):
    gcm = ["--algorithm", "aes-256-gcm", "--key-file", key_file]
    beta = inner.peer(1, *TIMING, *gcm, "--host-name", "beta", "--allow-remote-control", name="beta")
    monitor = inner.monitor(*TIMING, *gcm)
    started = wait_for(lambda: monitor.debug_of("started"), 20)
    check(started, "the monitor did not start")
    my_id = started[0]["id"]
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    check(wait_for(lambda: any(l.startswith("Master: beta") for l in lab.labels(app)), 15),
          "beta is not shown as master")

    open_preferences(app)
    box = wait_for(lambda: lab.find(app, "check box", "Accept remote control"), 5)
    check(box, "Preferences has no \"Accept remote control\" check box")
    click(app, box)
    check(wait_for(lambda: box.get_state_set().contains(lab.atspi().StateType.CHECKED), 5),
          "a click does not tick \"Accept remote control\"")
    del box
    lab.press(app, "push button", "Apply")
    time.sleep(2)   # GTK 4.8: no AT-SPI walk while the dialog goes
    check(not [l for l in lab.labels(app) if l.startswith("remote-control needs")],
          "Preferences refuses remote control with an aes-256-gcm key")
    time.sleep(1)   # the node restarts 0.2 s after the settings change
    step("remote control accepted from Preferences")

    promote = inner.run_cli(2, "promote", my_id, *gcm, *inner.network_options(), "--wait", "3000")
    check("refused" in promote.stderr, "disc promote of the monitor was not refused: %s%s"
          % (promote.stdout, promote.stderr))
    lab.press(app, "page tab", "Events")
    incoming = wait_for(lambda: [t for t in logged(app) if t.startswith("Remote promotion of this monitor by ")], 10)
    check(incoming, "the event log does not record the remote promotion request: %s" % logged(app))
    check(incoming[0].endswith(" refused"), "the event log does not say the request was refused: %r"
          % incoming[0])
    step("logged: %r" % incoming[0])

    lab.press(app, "page tab", "Nodes")
    check(select_row(app, "beta"), "no row for beta")
    check(wait_for(lambda: enabled(app, "Demote"), 5), "Demote is not enabled for beta: %r"
          % tooltip_of(app, "Demote"))
    lab.press(app, "push button", "Demote")
    check(wait_for(lambda: beta.of("demotion"), 10), "beta was not demoted")
    lab.press(app, "page tab", "Events")
    outgoing = wait_for(lambda: [t for t in logged(app) if t == "Remote demotion of beta accepted"], 10)
    check(outgoing, "the event log does not record the answer to the monitor's demotion of beta: %s"
          % logged(app))
    step("logged: %r" % outgoing[0])
    check(monitor.popen.poll() is None, "the monitor exited")


def run(inner, temp):
    run_with_key(inner, lab.write_key_file(temp, KEY))


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__,
             lab.in_temp(run, "disc-monitor-control-log-"), n_hosts=3, timeout=180)
