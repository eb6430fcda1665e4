#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Readable columns and services with endpoints (issue #15), through AT-SPI.

At the window's default size, against three `disc watch` peers in network
namespaces (loopback where they cannot be made):

  columns   the host name "api-gateway-eu-west-1" and the address
            "10.213.88.204:PORT" (a second address of a namespace, so that
            it has the length of an ordinary one; loopback: 127.0.0.1) are
            shown whole: their cells do not report being cut, while a host
            name too long for its column does, with its whole value as the
            cell's description (its tooltip). A search for a word at the
            end of a long advertised info shows that word at the start of
            the info cell.
  services  the candidate of "api" shows the endpoint it advertises
            (":8080", "version 1.2"), not the discovery port; api's
            expander can take the keyboard focus and expands by its
            accessible action; a node advertising no name is under
            "No name", which a click on that name expands, and the ← and
            → keys collapse and expand; the search keeps only the
            services that match.

Usage: test_monitor_columns.py BUILD_ROOT SOURCE_ROOT
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import Failure, check, step, wait_for  # noqa: E402

TIMING = ["--hello-interval", "250", "--check-interval", "500",
          "--node-timeout", "3000", "--master-timeout", "3000"]
API_HOST = "api-gateway-eu-west-1"
LONG_HOST = "a-host-name-much-too-long-for-the-host-column-of-the-node-table-0123456789"
EXAMPLE_ADDRESS = "10.213.88.204"
# "zeta-canary" lies past the first 120 characters, where the info column
# used to cut its JSON.
API_INFO = ('{"name":"api","port":8080,"version":"1.2","region":"eu-west-1",'
            '"owner":"team-payments","notes":"serves the public REST API behind the load balancer",'
            '"tags":["zeta-canary"]}')


def description(node):
    node.clear_cache()
    return node.get_description() or ""


def labelled(app, name):
    return [n for r, l, n in lab.elements(app) if r == "label" and l == name]


def cut_reported(app, api_address):
    """The positive control: a cut cell says so, with its whole value."""
    long_cell = labelled(app, LONG_HOST)[0]
    check(wait_for(lambda: description(long_cell) == LONG_HOST, 5),
          "a cut host name does not offer its whole value: description %r" % description(long_cell))
    step("a host name too long for its column is cut and says so (%d characters)" % len(LONG_HOST))


def shown_whole(app, api_address):
    """The ordinary values are not cut at the default size: which only
    means something when a cut is reported at all (cut_reported)."""
    check(description(labelled(app, LONG_HOST)[0]) == LONG_HOST,
          "cannot tell whether cells are cut: a cut one does not say so")
    for name in (API_HOST, api_address):
        cell = labelled(app, name)[0]
        check(description(cell) == "", "%r is cut at the default window size (description %r)"
              % (name, description(cell)))
    step("shown whole at the default size: %r, %r" % (API_HOST, api_address))


def info_search(app, api_address):
    lab.set_text(app, "Search nodes", "zeta-canary")
    try:
        hit = wait_for(lambda: [l for l in lab.labels(app) if "zeta-canary" in l], 10)
        check(hit, "no cell shows the info text the search matched: %s" % lab.labels(app)[:40])
        end = hit[0].index("zeta-canary") + len("zeta-canary")
        check(end <= 24, "the info cell shows the match too far to the right to be seen: %r" % hit[0])
        step("info search: the cell reads %r" % hit[0])
    finally:
        lab.set_text(app, "Search nodes", "")


def find_expander(app, service):
    """The expander of @service's row: an accessible with an action whose
    name starts with the service's name."""
    for role, name, node in lab.elements(app):
        if name == service or name.startswith(service + " "):
            try:
                if node.get_n_actions() > 0 and role != "label":
                    return node
            except Exception:
                continue
    return None


def services_page(app):
    """The services page's accessibles, with their actions: for failures."""
    found, seen = [], False
    for role, name, node in lab.elements(app):
        seen = seen or name == "Search services"
        if seen and role not in ("filler", "panel"):
            try:
                actions = [lab.atspi().Action.get_name(node, i) for i in range(node.get_n_actions())]
            except Exception:
                actions = []
            found.append((role, name, actions) if actions else (role, name))
    return found[:60]


def expand(app, service):
    expander = wait_for(lambda: find_expander(app, service), 10)
    check(expander, "no expander with an accessible action for %r: %s" % (service, services_page(app)))
    step("%s's expander: role %r, %d action(s)" % (service, expander.get_role_name(), expander.get_n_actions()))
    expander.clear_cache()
    check(expander.get_state_set().contains(lab.atspi().StateType.FOCUSABLE),
          "%s's expander cannot take the keyboard focus" % service)
    expander.do_action(0)


def service_endpoint(app, api_address):
    check(not [l for l in lab.labels(app) if ":8080 · " in l], "api's candidate is shown before api is expanded")
    expand(app, "api")
    api_row = wait_for(lambda: [l for l in lab.labels(app) if " · id " in l and ":8080" in l], 10)
    check(api_row, "expanding api by its accessible action shows no candidate with its endpoint: %s"
          % services_page(app))
    check(api_row[0].startswith("%s:8080 · version 1.2 · id " % api_address),
          "api's candidate does not show the endpoint and version it advertises: %r" % api_row[0])
    step("api's candidate: %r" % api_row[0])


def click(app, node):
    """A click of the first button at the middle of @node, through XTest."""
    Atspi = lab.atspi()
    node.clear_cache()
    # GTK 4.8 gives window coordinates; the window is at 0,0 (no window
    # manager under Xvfb).
    box = Atspi.Component.get_extents(node, Atspi.CoordType.WINDOW)
    check(box.width > 0 and box.height > 0, "no extents for %r" % node.get_name())
    x, y = box.x + box.width // 2, box.y + box.height // 2
    Atspi.generate_mouse_event(x, y, "b1c")


def no_name(app, nameless_address):
    # A click on the heading's name, not on its arrow.
    heading = wait_for(lambda: labelled(app, "No name"), 10)
    check(heading, "no \"No name\" heading: %s" % services_page(app))
    click(app, heading[0])
    nameless = wait_for(lambda: [l for l in lab.labels(app) if l.startswith(nameless_address + " · id ")], 10)
    check(nameless, "the node that advertises no name is not under \"No name\": %s" % services_page(app))
    step("under \"No name\": %r" % nameless[0])

    # The keyboard: ← collapses the service the click selected, → expands it.
    Atspi = lab.atspi()
    shown = lambda: [l for l in lab.labels(app) if l.startswith(nameless_address + " · id ")]  # noqa: E731
    Atspi.generate_keyboard_event(0xff51, None, Atspi.KeySynthType.SYM)   # Left
    check(wait_for(lambda: not shown(), 5), "← does not collapse the selected service")
    Atspi.generate_keyboard_event(0xff53, None, Atspi.KeySynthType.SYM)   # Right
    check(wait_for(shown, 5), "→ does not expand the selected service")
    step("← and → collapse and expand it")


def service_search(app):
    lab.set_text(app, "Search services", "8080")
    check(wait_for(lambda: find_expander(app, "No name") is None, 10),
          "the services search keeps \"No name\", whose candidates do not match \"8080\"")
    check(find_expander(app, "api") is not None, "the services search hides api, whose endpoint is :8080")
    step("search \"8080\": api only")


def run(inner):
    # The accessibility registry, started on demand, synthesizes clicks
    # on the display: it must know which.
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"], check=True, timeout=10)
    if inner.mode == "netns":
        # An address of the length of an ordinary one: a second address of
        # host 1, which its peer binds to and sends from.
        subprocess.run(["ip", "-n", inner.namespace(1), "addr", "add", EXAMPLE_ADDRESS + "/32",
                        "dev", "eth0"], check=True, timeout=10)
        api_address = EXAMPLE_ADDRESS
        api_network = ["--address", EXAMPLE_ADDRESS, "--broadcast", "10.213.0.255"]
    else:
        api_address = inner.hosts[1]["address"]
        api_network = []
    inner.peer(1, *TIMING, *api_network, "--host-name", API_HOST, "--advertise", API_INFO, name="api")
    inner.peer(2, *TIMING, "--host-name", "nameless-worker", "--not-eligible",
               "--advertise", '{"queue":"images"}', name="nameless")
    inner.peer(3, *TIMING, "--host-name", LONG_HOST, "--not-eligible", name="long")
    monitor = inner.monitor(*TIMING)
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    address = "%s:%d" % (api_address, inner.port)
    for name in (API_HOST, address, LONG_HOST):
        check(wait_for(lambda: labelled(app, name), 15), "no cell reads %r: %s" % (name, lab.labels(app)[:40]))
    # Each point is checked, and reported, even when one before failed.
    failures = []
    for point, args in ((cut_reported, (address,)), (shown_whole, (address,)), (info_search, (address,)),
                        (lambda app: lab.press(app, "page tab", "Services"), ()),
                        (service_endpoint, (api_address,)), (no_name, (inner.hosts[2]["address"],)),
                        (service_search, ())):
        try:
            point(app, *args)
        except Failure as failure:
            step("FAILED: %s" % failure)
            failures.append(str(failure))
    check(not failures, "%d point(s) failed:\n  %s" % (len(failures), "\n  ".join(failures)))
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(os.path.abspath(__file__), __doc__, run, n_hosts=4, timeout=150)
