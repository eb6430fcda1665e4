#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The services tree's ← and → act on the service that has the focus.

Against two `disc watch` peers advertising the services "api" and "web"
(network namespaces; loopback where they cannot be made): a click on
api's name expands it, selects its row and gives its expander the focus.
Selecting web's row (AT-SPI selection: the focus stays on api's name)
and pressing ← must collapse api, the service the user is on, and →
expand it again, web staying collapsed. The view's arrow shortcuts used
to act on the selected row whatever had the focus.

Usage: test_monitor_service_keys.py BUILD_ROOT SOURCE_ROOT
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, step, wait_for  # noqa: E402
from test_monitor_columns import click, labelled, services_page  # noqa: E402

TIMING = ["--hello-interval", "250", "--check-interval", "500",
          "--node-timeout", "3000", "--master-timeout", "3000"]
LEFT, RIGHT = 0xff51, 0xff53


def candidates(app, port):
    """The details of the candidates shown in the services tree that
    advertise @port ("10.213.0.2:8080 · id 1a2b3c4d · master")."""
    return [label for label in lab.labels(app) if " · id " in label and ":%d · " % port in label]


def focused(app):
    Atspi = lab.atspi()
    app.clear_cache()
    found = []
    for role, name, node in lab.elements(app):
        try:
            if node.get_state_set().contains(Atspi.StateType.FOCUSED):
                found.append((role, name, [n for r, n, _ in lab.elements(node) if n][:3]))
        except Exception:
            continue
    return found


def select_service_row(app, service):
    """Selects the row of @service in the services list through AT-SPI,
    without moving the focus."""
    for role, name, list_node in lab.elements(app):
        if role != "list" or name != "Services":
            continue
        list_node.clear_cache()
        for i in range(list_node.get_child_count()):
            row = list_node.get_child_at_index(i)
            if service in [n for r, n, _ in lab.elements(row)]:
                return list_node.select_child(i)
    return False


def run(inner):
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"], check=True, timeout=10)
    inner.peer(1, *TIMING, "--host-name", "api-host", "--advertise", '{"name":"api","port":8080}', name="api")
    inner.peer(2, *TIMING, "--host-name", "web-host", "--not-eligible",
               "--advertise", '{"name":"web","port":80}', name="web")
    monitor = inner.monitor(*TIMING)
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    lab.press(app, "page tab", "Services")
    check(wait_for(lambda: labelled(app, "api") and labelled(app, "web"), 20),
          "the services api and web are not listed: %s" % services_page(app))

    click(app, labelled(app, "api")[0])
    check(wait_for(lambda: candidates(app, 8080), 10), "a click on api does not expand it")
    step("a click on api expands it; focus on %s" % focused(app))
    check(select_service_row(app, "web"), "cannot select web's row")
    step("web selected; focus on %s" % focused(app))
    lab.atspi().generate_keyboard_event(LEFT, None, lab.atspi().KeySynthType.SYM)
    check(wait_for(lambda: not candidates(app, 8080), 5),
          "← with the focus on api (web selected) does not collapse api; focus on %s" % focused(app))
    check(not candidates(app, 80), "← expanded web")
    step("← collapses api, the focused service, not web, the selected one")
    lab.atspi().generate_keyboard_event(RIGHT, None, lab.atspi().KeySynthType.SYM)
    check(wait_for(lambda: candidates(app, 8080), 5), "→ with the focus on api does not expand api")
    check(not candidates(app, 80), "→ on api expanded web, the selected service, too")
    step("→ expands api again; web stays collapsed")
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=3, timeout=150)
