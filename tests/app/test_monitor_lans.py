#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor's LANs page: with --etcd and --cluster it lists every LAN's
nodes as `disc bridge` mirrors them into etcd, beside the local LAN's live
pages; a node that leaves its LAN leaves the page.

etcd runs as this test's child on 127.0.0.1 (tests/multihost/etcd_server.py:
free ports, /health, data directory removed); skipped (77) without etcd.

Usage: test_monitor_lans.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "multihost"))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, wait_for  # noqa: E402
import etcd_server  # noqa: E402

def run(inner, etcd):
    endpoints = etcd.endpoints
    bridge = lab.Process([inner.cli, "bridge", "--json", *inner.network_options(), *TIMING,
                          "--etcd", endpoints, "--cluster", "demo", "--lan", "office"],
                         inner.namespace(1), name="bridge")
    inner.processes.append(bridge)
    check(wait_for(lambda: any(e.get("role") == "leader" for e in bridge.of("role")), 20),
          "the bridge did not lead its LAN")
    remote = inner.peer(1, *TIMING, "--host-name", "remote-web", "--advertise", '{"name":"web"}',
                        name="remote-web")

    monitor = inner.monitor(*TIMING, "--etcd", endpoints, "--cluster", "demo")
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor is not on the accessibility bus")
    lab.press(app, "page tab", "LANs")
    check(wait_for(lambda: "remote-web" in lab.labels(app), 10),
          "the LANs page does not list the node mirrored into etcd: %s" % lab.labels(app)[:40])
    check("office" in lab.labels(app), "the LANs page does not name the node's LAN")
    check(any("LANs: 1" in label for label in lab.labels(app)),
          "the LANs page does not count the LANs: %s" % lab.labels(app)[:40])
    print("  LANs page: remote-web listed in LAN office, from etcd")

    remote.stop()
    check(wait_for(lambda: "remote-web" not in lab.labels(app), 10),
          "a node that left its LAN is still on the LANs page")
    print("  remote-web's goodbye removed it from the LANs page")


def run_with_etcd(inner):
    if not os.access(etcd_server.ETCD, os.X_OK):
        lab.skip("etcd is not installed")
    with etcd_server.Cluster(1) as etcd:
        try:
            run(inner, etcd)
        finally:
            inner.close()  # the bridge and the monitor stop before etcd


if __name__ == "__main__":
    if "--inner" not in sys.argv and not os.access(etcd_server.ETCD, os.X_OK):
        lab.skip("etcd is not installed")
    lab.main(__file__, __doc__, run_with_etcd, n_hosts=2, timeout=180)
