#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Takes doc/screenshot.png: the monitor watching a small demo cluster.

Builds a lab of network namespaces (tests/multihost/netns.py), starts a
demo cluster of `disc watch` peers in it (web, database, cache and worker
nodes advertising services), runs the monitor on its own host under Xvfb,
selects a node through AT-SPI so that its advertised info shows, and
saves the screen. Needs root; everything it starts is stopped, and the
namespaces removed, whatever happens.

Usage: screenshot.py BUILD_ROOT SOURCE_ROOT [OUTPUT.png]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import Failure, wait_for  # noqa: E402

PEERS = [
    ("web-1", ["--weight", "0.9", "--advertise", '{"name":"web","port":8080,"version":"2.4.1"}', "--join", "chat"]),
    ("web-2", ["--weight", "0.7", "--advertise", '{"name":"web","port":8080,"version":"2.4.1"}']),
    ("db-1", ["--weight", "0.5", "--advertise",
              '{"name":"database","engine":"postgres","port":5432,"role":"primary"}']),
    ("cache-1", ["--not-eligible", "--advertise", '{"name":"cache","engine":"redis","port":6379}']),
    ("worker-1", ["--not-eligible", "--advertise", '{"name":"worker","queue":"images","slots":4}', "--join", "chat"]),
    ("worker-2", ["--not-eligible", "--advertise", '{"name":"worker","queue":"images","slots":4}']),
]


def select_host(app, host):
    everything = lab.elements(app)
    rows = [n for r, name, n in everything if r == "table row"]
    for list_node in [n for r, name, n in everything if r == "list"]:
        for i in range(list_node.get_child_count()):
            row = list_node.get_child_at_index(i)
            names = [name for r, name, _ in lab.elements(row) if r == "label"]
            if host in names:
                try:
                    ok = list_node.select_child(i)
                except Exception as error:
                    ok = False
                    print("select_child: %s" % error)
                print("select_child(%d) -> %s" % (i, ok))
                if wait_for(lambda: lab.labels(app).count(host) >= 2, 2):
                    return True
    return False


def run(inner):
    for index, (name, extra) in enumerate(PEERS):
        inner.peer(1 + index, "--host-name", name, *extra, name=name)
    time.sleep(1.5)  # let the cluster elect web-1 before the monitor comes
    monitor = inner.monitor("--hello-interval", "1000")
    app = lab.find_application("disc-monitor", 30)
    if app is None:
        raise Failure("the monitor is not on the accessibility bus")
    if not wait_for(lambda: {p[0] for p in PEERS} <= set(lab.labels(app)), 15):
        raise Failure("the demo nodes did not all appear: %s" % lab.labels(app))
    # Select web-1, so that the details show what it advertises:
    # through the list's AT-SPI Selection, else with the keyboard.
    select_host(app, "web-1")
    # A message on chat, for the status bar and the console.
    inner.run_cli(5, "send", "chat", '{"text":"hello from worker-1"}', *inner.network_options())
    time.sleep(2.5)  # past the "new master" banner's slide, into a quiet state
    lab.save_screenshot(inner.config["output"])
    if monitor.popen.poll() is not None:
        raise Failure("the monitor exited")


def parse_args(args):
    """BUILD_ROOT SOURCE_ROOT [OUTPUT.png], by default doc/screenshot.png."""
    if len(args) not in (2, 3):
        return None
    build_root, source_root = os.path.abspath(args[0]), os.path.abspath(args[1])
    output = os.path.abspath(args[2] if len(args) == 3 else
                             os.path.join(source_root, "doc", "screenshot.png"))
    return build_root, source_root, {"output": output}


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=1 + len(PEERS), timeout=120, tools=("import",),
             need_namespaces=True, parse_args=parse_args)
