#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor against a real cluster, read and driven through AT-SPI.

Four hosts in network namespaces (or loopback, when namespaces cannot be
made): the monitor on host0 with its default broadcast, and `disc watch`
peers on the others. Checks that the nodes appear in the table, that the
master is shown, that pressing Promote makes the monitor master in the
peers' eyes, that Demote Permanently hands mastership back, that the
services are grouped, that the console sends JSON (and refuses what is
not JSON, and sends a big integer as JSON.parse reads it) and logs a
peer's message, and that a node that says goodbye or
goes silent leaves the table.

Usage: test_monitor.py BUILD_ROOT SOURCE_ROOT
"""

import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402

def run(inner):
    alpha = inner.peer(1, *TIMING, "--host-name", "alpha", "--weight", "0.9",
                       "--advertise", '{"name":"web","port":8080}', "--join", "chat", name="alpha")
    beta = inner.peer(2, *TIMING, "--host-name", "beta", "--weight", "0.5",
                      "--advertise", '{"name":"web","port":8081}', name="beta")
    gamma = inner.peer(3, *TIMING, "--host-name", "gamma", "--not-eligible",
                       "--advertise", '{"name":"db"}', "--join", "chat", name="gamma")
    monitor = inner.monitor(*TIMING)

    started = wait_for(lambda: monitor.debug_of("started"), 20)
    check(started, "the monitor did not start")
    my_id = started[0]["id"]
    step("monitor started, id %s (%s mode)" % (my_id, inner.mode))

    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")

    # Nodes appear in the table, the monitor not eligible, alpha master.
    t0 = time.monotonic()
    seen = wait_for(lambda: {"alpha", "beta", "gamma"} <= set(lab.labels(app)), 15)
    check(seen, "the table does not list alpha, beta and gamma: %s" % lab.labels(app))
    step("alpha, beta and gamma listed after %.1f s" % (time.monotonic() - t0))
    check(wait_for(lambda: any(l.startswith("Master: alpha") for l in lab.labels(app)), 10),
          "alpha is not shown as master: %s" % [l for l in lab.labels(app) if "aster" in l])
    check(any(l.startswith("This monitor: Not eligible") for l in lab.labels(app)),
          "the monitor does not join as not eligible")
    check(not any(e["node"]["id"] == my_id for e in alpha.of("master")),
          "the monitor took mastership without being promoted")
    step("alpha shown as master; the monitor is not eligible")

    # Promote: the peers see the monitor become master.
    lab.press(app, "push button", "Promote")
    # alpha is master: Promote asks before taking mastership from it (the
    # dialog's accessibles are left to settle before the tree is walked).
    time.sleep(1.0)
    app.clear_cache()
    confirm = wait_for(lambda: lab.find(app, "push button", "Take Mastership"), 5)
    check(confirm, "Promote did not ask before taking mastership from alpha")
    confirm.do_action(0)
    del confirm
    time.sleep(1.0)
    app.clear_cache()
    check(wait_for(lambda: monitor.debug_of("promotion"), 10), "no promotion after Promote")
    check(wait_for(lambda: any(e["node"]["id"] == my_id for e in alpha.of("master")), 10),
          "alpha's disc watch saw no master event for the monitor")
    check(wait_for(lambda: any("this monitor" in l and l.startswith("Master") for l in lab.labels(app)), 10),
          "the master bar does not show the monitor as master")
    check(wait_for(lambda: any("promoted to master" in l for l in lab.labels(app)), 5),
          "no banner for the promotion")
    step("Promote: alpha saw a master event for %s" % my_id[:8])

    # Demote permanently: mastership goes back to alpha.
    lab.press(app, "push button", "Demote Permanently")
    check(wait_for(lambda: monitor.debug_of("demotion"), 10), "no demotion after Demote Permanently")
    check(wait_for(lambda: any(l.startswith("Master: alpha") for l in lab.labels(app)), 15),
          "alpha is not master again after the monitor's permanent demotion")
    check(wait_for(lambda: any(l.startswith("This monitor: Not eligible") for l in lab.labels(app)), 5),
          "the monitor is still eligible after Demote Permanently")
    step("Demote Permanently: alpha is master again")

    # Services: web has two candidates, db one.
    lab.press(app, "page tab", "Services")
    check(wait_for(lambda: {"web", "2 candidates", "db", "1 candidate"} <= set(lab.labels(app)), 10),
          "the services are not grouped: %s" % lab.labels(app))
    step("Services: web (2 candidates), db (1 candidate)")

    # Channel console.
    lab.press(app, "page tab", "Channels")
    lab.set_text(app, "Channel", "chat")
    lab.press(app, "push button", "Join")
    check(wait_for(lambda: "Joined: chat" in lab.labels(app), 5), "the console did not join chat")

    lab.set_text(app, "Message", '{"not json": ')
    lab.press(app, "push button", "Send")
    check(wait_for(lambda: any(l.startswith("Not valid JSON") for l in lab.labels(app)), 5),
          "invalid JSON is not reported inline")
    time.sleep(1.0)
    check(not gamma.of("message"), "invalid JSON was sent: %s" % gamma.of("message"))
    step("invalid JSON shown inline and not sent")

    lab.set_text(app, "Message", '{"from": "monitor", "n": 1}')
    lab.press(app, "push button", "Send")
    got = wait_for(lambda: [e for e in gamma.of("message")
                            if e.get("channel") == "chat" and e.get("data") == {"from": "monitor", "n": 1}], 10)
    check(got, "gamma did not receive the monitor's message")
    check(got[0]["node"] is not None and got[0]["node"]["id"] == my_id,
          "gamma's message is not from the monitor: %s" % got[0])
    step("a message sent from the console reached gamma")

    # Issue #16: an integer beyond 64 bits goes out as the double JSON.parse
    # reads; json-glib alone sent another integer (2^64 as -1).
    lab.set_text(app, "Message", '{"big": 18446744073709551616}')
    lab.press(app, "push button", "Send")
    got = wait_for(lambda: [e for e in gamma.of("message") if e.get("channel") == "chat"
                            and isinstance(e.get("data"), dict) and "big" in e["data"]], 10)
    check(got and got[0]["data"]["big"] == 18446744073709551616.0,
          "the console's big integer did not arrive as 2^64: %s" % got)
    step("a big integer from the console arrived as the double JSON.parse reads")

    result = inner.run_cli(2, "send", "chat", '{"from":"beta-host"}', *inner.network_options())
    check(result.returncode == 0, "disc send failed: %s" % result.stderr)
    check(wait_for(lambda: '{"from":"beta-host"}' in lab.labels(app), 10),
          "the peer's message is not in the console's log")
    step("a peer's message appears in the log")

    # A node that says goodbye leaves the table; one that goes silent too.
    lab.press(app, "page tab", "Nodes")
    beta.stop()
    check(wait_for(lambda: "beta" not in lab.labels(app), 5), "beta stayed after its goodbye")
    step("beta left the table after its goodbye")
    gamma.signal(signal.SIGKILL)
    t0 = time.monotonic()
    check(wait_for(lambda: "gamma" not in lab.labels(app), 10), "gamma stayed after going silent")
    step("gamma left the table %.1f s after going silent" % (time.monotonic() - t0))
    check(not monitor.popen.poll(), "the monitor exited")


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=4, timeout=240)
