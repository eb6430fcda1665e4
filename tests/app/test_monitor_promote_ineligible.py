#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Promote is disabled for a node that is not master-eligible.

An aes-256-gcm cluster: the monitor and two `disc watch` peers that
accept remote control, "worker" (--not-eligible) and "candidate". A
node refuses a remote promotion while it is not eligible, whatever the
monitor asks. Selecting candidate enables Promote (the positive
control); selecting worker must disable it, its tooltip saying why.
Promote used to be enabled for worker, and pressing it only brought
back the refusal.

Usage: test_monitor_promote_ineligible.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402
from test_monitor_control import enabled, select_row, tooltip_of  # noqa: E402

KEY = "promote-ineligible-passphrase-8Hd"


def run_with_key(inner, key_file):
    gcm = ["--algorithm", "aes-256-gcm", "--key-file", key_file]
    inner.peer(1, *TIMING, *gcm, "--host-name", "candidate", "--allow-remote-control", name="candidate")
    inner.peer(2, *TIMING, *gcm, "--host-name", "worker", "--not-eligible", "--allow-remote-control",
               name="worker")
    monitor = inner.monitor(*TIMING, *gcm)
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    check(wait_for(lambda: {"candidate", "worker"} <= set(lab.labels(app)), 15),
          "the table does not list candidate and worker: %s" % lab.labels(app))
    check(wait_for(lambda: any(l.startswith("Master: candidate") for l in lab.labels(app)), 10),
          "candidate is not shown as master")
    # Promote is for a node that is not master: a second eligible peer
    # would do, but a master candidate makes Demote the positive control.
    check(select_row(app, "candidate"), "no row for candidate")
    check(wait_for(lambda: enabled(app, "Demote"), 5),
          "Demote is not enabled for candidate, the master: %r" % tooltip_of(app, "Demote"))
    step("candidate (master) selected: Demote enabled")

    check(select_row(app, "worker"), "no row for worker")
    check(wait_for(lambda: "worker" in (tooltip_of(app, "Promote") or ""), 5),
          "Promote's tooltip does not follow the selection: %r" % tooltip_of(app, "Promote"))
    check(wait_for(lambda: enabled(app, "Promote") is False, 3),
          "Promote is enabled for worker, which is not master-eligible and refuses it: tooltip %r"
          % tooltip_of(app, "Promote"))
    check("not eligible" in tooltip_of(app, "Promote"),
          "Promote's tooltip does not say worker is not eligible: %r" % tooltip_of(app, "Promote"))
    step("worker selected: Promote disabled, tooltip %r" % tooltip_of(app, "Promote"))
    check(monitor.popen.poll() is None, "the monitor exited")


def run(inner, temp):
    run_with_key(inner, lab.write_key_file(temp, KEY))


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__,
             lab.in_temp(run, "disc-monitor-ineligible-"), n_hosts=3, timeout=150)
