#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Takes the dashboard's screenshots for doc/ and the README:

  doc/screenshot-events.png     the event log after a failover: a cluster
                                whose master is killed, the goodbye of
                                another node, the new master
  doc/screenshot-wrong-key.png  the diagnosis line when the cluster's
                                traffic is encrypted with another key

Like screenshot.py: a lab of network namespaces, `disc watch` peers, the
monitor under Xvfb driven through AT-SPI, the screen saved with
ImageMagick's import. Needs root; everything is stopped and the
namespaces removed whatever happens.

Usage: screenshot_dashboard.py BUILD_ROOT SOURCE_ROOT
"""

import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import Failure, wait_for  # noqa: E402

TIMING = ["--hello-interval", "500", "--check-interval", "500",
          "--node-timeout", "2000", "--master-timeout", "2000"]


def events(inner, output):
    web1 = inner.peer(1, *TIMING, "--host-name", "web-1", "--weight", "0.9",
                      "--advertise", '{"name":"web","port":8080,"version":"2.4.1"}', name="web-1")
    inner.peer(2, *TIMING, "--host-name", "web-2", "--weight", "0.7",
               "--advertise", '{"name":"web","port":8080,"version":"2.4.1"}', name="web-2")
    worker = inner.peer(3, *TIMING, "--host-name", "worker-1", "--not-eligible",
                        "--advertise", '{"name":"worker","queue":"images"}', name="worker-1")
    time.sleep(2)
    monitor = inner.monitor(*TIMING)
    app = lab.find_application("disc-monitor", 30)
    if app is None:
        raise Failure("the monitor is not on the accessibility bus")
    if not wait_for(lambda: {"web-1", "web-2", "worker-1"} <= set(lab.labels(app)), 15):
        raise Failure("the nodes did not appear")
    lab.press(app, "page tab", "Events")
    time.sleep(1)
    worker.stop()
    time.sleep(1)
    web1.signal(signal.SIGKILL)
    if not wait_for(lambda: any(l.startswith("web-2 (") and "became master" in l for l in lab.labels(app)), 15):
        raise Failure("no failover to web-2 in the event log")
    time.sleep(2)
    lab.save_screenshot(output)
    monitor.stop()
    inner.processes.remove(monitor)
    for process in list(inner.processes):
        process.stop()
        inner.processes.remove(process)
    wait_for(lambda: lab.find_application("disc-monitor", 0.1) is None, 5)


def wrong_key(inner, output):
    directory = tempfile.mkdtemp(prefix="disc-screenshot-")
    try:
        key_file = lab.write_key_file(directory, "the-cluster-key")
        for index, name in ((1, "api-1"), (2, "api-2"), (3, "db-1")):
            inner.peer(index, *TIMING, "--host-name", name, "--key-file", key_file, name=name)
        inner.monitor(*TIMING, env_extra={"DISC_KEY": "an-old-key"})
        app = lab.find_application("disc-monitor", 30)
        if app is None:
            raise Failure("the monitor is not on the accessibility bus")
        if not wait_for(lambda: any("could not be read" in l for l in lab.labels(app)), 15):
            raise Failure("no diagnosis for the wrong key")
        time.sleep(1)
        lab.save_screenshot(output)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(inner):
    doc = inner.config["doc"]
    events(inner, os.path.join(doc, "screenshot-events.png"))
    wrong_key(inner, os.path.join(doc, "screenshot-wrong-key.png"))


def parse_args(args):
    """BUILD_ROOT SOURCE_ROOT; the inner half writes to SOURCE_ROOT/doc."""
    if len(args) != 2:
        return None
    build_root, source_root = os.path.abspath(args[0]), os.path.abspath(args[1])
    return build_root, source_root, {"doc": os.path.join(source_root, "doc")}


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=4, timeout=180, tools=("import",),
             need_namespaces=True, parse_args=parse_args)
