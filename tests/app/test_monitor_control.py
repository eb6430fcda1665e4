#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor controls another node (remote control), read and driven
through AT-SPI.

An aes-256-gcm cluster: the monitor on host0, `disc watch` peers alpha
(master, does not accept remote control) and beta (--allow-remote-control).
Selecting alpha leaves Promote disabled, its tooltip saying why; selecting
beta and pressing Promote asks first (alpha is a live master), and once
confirmed makes beta master: beta's disc watch shows the
control request (naming the monitor) and then its promotion, and the
monitor's status bar shows the answer.

Usage: test_monitor_control.py BUILD_ROOT SOURCE_ROOT
"""

import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402

KEY = "monitor-control-passphrase-3Kw"
def select_row(app, host_name):
    """Selects the table row whose host cell reads @host_name, as a click
    on it would (the row's AT-SPI Selection, else a mouse click)."""
    Atspi = lab.atspi()
    for role, name, node in lab.elements(app):
        if role == "label" and name == host_name:
            cell = node
            # Up to the row, then select it in its parent.
            row = cell
            for _ in range(6):
                parent = row.get_parent()
                if parent is None:
                    break
                if parent.get_role_name() in ("table", "tree table", "list box", "list"):
                    try:
                        if parent.select_child(row.get_index_in_parent()):
                            print("  (%s selected through AT-SPI Selection)" % host_name)
                            return True
                    except Exception:
                        pass
                row = parent
            # GTK 4.8 may not offer Selection on the column view: click it.
            extents = cell.get_extents(Atspi.CoordType.SCREEN)
            Atspi.generate_mouse_event(extents.x + extents.width // 2,
                                       extents.y + extents.height // 2, "b1c")
            print("  (%s selected with a click)" % host_name)
            return True
    return False


def tooltip_of(app, button_name):
    node = lab.find(app, "push button", button_name)
    if node is None:
        return None
    node.clear_cache()
    return node.get_description() or ""


def enabled(app, button_name):
    Atspi = lab.atspi()
    node = lab.find(app, "push button", button_name)
    if node is None:
        return None
    node.clear_cache()
    return node.get_state_set().contains(Atspi.StateType.SENSITIVE)


def run_with_key(inner, key_file):
    gcm = ["--algorithm", "aes-256-gcm", "--key-file", key_file]
    alpha = inner.peer(1, *TIMING, *gcm, "--host-name", "alpha", "--weight", "0.9", name="alpha")
    beta = inner.peer(2, *TIMING, *gcm, "--host-name", "beta", "--weight", "0.5",
                      "--allow-remote-control", name="beta")
    monitor = inner.monitor(*TIMING, *gcm)

    started = wait_for(lambda: monitor.debug_of("started"), 20)
    check(started, "the monitor did not start")
    my_id = started[0]["id"]
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    check(wait_for(lambda: {"alpha", "beta"} <= set(lab.labels(app)), 15),
          "the table does not list alpha and beta: %s" % lab.labels(app))
    check(wait_for(lambda: any(l.startswith("Master: alpha") for l in lab.labels(app)), 10),
          "alpha is not shown as master")
    step("alpha (master) and beta listed, monitor %s" % my_id[:8])

    # alpha does not accept remote control: Promote is disabled, and says why.
    check(select_row(app, "alpha"), "no row for alpha")
    check(wait_for(lambda: "alpha does not accept remote control" in (tooltip_of(app, "Promote") or ""), 5),
          "Promote's tooltip does not say alpha refuses control: %r" % tooltip_of(app, "Promote"))
    check(enabled(app, "Promote") is False, "Promote is enabled for alpha")
    step("alpha selected: Promote disabled, tooltip %r" % tooltip_of(app, "Promote"))

    # beta does: Promote makes beta master.
    check(select_row(app, "beta"), "no row for beta")
    check(wait_for(lambda: enabled(app, "Promote"), 5),
          "Promote is not enabled for beta: %r" % tooltip_of(app, "Promote"))
    pressed = time.monotonic()
    lab.press(app, "push button", "Promote")
    # alpha is a live master: the dashboard asks before it is displaced.
    confirm = wait_for(lambda: lab.find(app, "push button", "Take Mastership"), 5)
    check(confirm, "Promote did not ask before taking mastership from alpha")
    check(not beta.of("promotion"), "beta was promoted before the confirmation")
    confirm.do_action(0)
    del confirm  # the dialog goes: its accessible must not be used again
    check(wait_for(lambda: beta.of("promotion"), 10), "beta's disc watch shows no promotion")
    check(wait_for(lambda: alpha.of("demotion"), 10), "alpha did not step down")
    step("Promote on beta, confirmed: beta promoted after %.2f s, alpha stepped down" % (time.monotonic() - pressed))
    control = beta.of("control")
    check(len(control) == 1 and control[0]["sender"] == my_id and control[0]["action"] == "promote"
          and control[0]["accepted"], "beta's control event is %r" % control)
    check(control[0]["_received"] <= beta.of("promotion")[0]["_received"],
          "beta printed the promotion before the control request")
    check(wait_for(lambda: any("Remote promotion of beta accepted" in l for l in lab.labels(app)), 5),
          "the monitor's status bar does not show the answer")
    check(not monitor.debug_of("promotion"), "the monitor promoted itself instead")
    step("beta's watch named the monitor as sender; the status bar shows the answer")


def run(inner):
    work = tempfile.mkdtemp(prefix="disc-monitor-control-")
    key_file = lab.write_key_file(work, KEY)
    try:
        run_with_key(inner, key_file)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=3, timeout=180)
