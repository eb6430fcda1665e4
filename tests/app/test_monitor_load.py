#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor with 5000 simulated peers: does its main loop keep up?

flood.py sends one hello per simulated node per second (5000 datagrams a
second) from another host of the lab (or on loopback). The monitor runs
with DISC_MONITOR_DEBUG, which reports once a second how late a 10 ms
main-loop timeout was dispatched at worst. The test prints those figures
while the 5000 nodes arrive, while they stay (with the window switched
between its pages through AT-SPI), and while they all time out at once,
and asserts only a generous bound: no dispatch later than 1 s.

With DISC_MONITOR_LOAD_NODES=N (for example 1000) in the environment,
the same is run with N simulated
nodes; the figure while they all expire together is the one the issue
about mass expiry asks for (worst dispatch under 100 ms). It is
reported, and bounded only by the same generous 1 s.

Usage: [DISC_MONITOR_LOAD_NODES=N] test_monitor_load.py BUILD_ROOT SOURCE_ROOT
"""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, wait_for  # noqa: E402

NODES = 5000
SOURCES = 240  # about 21 nodes an address (at 5000 nodes)
FLOOD_SECONDS = 25
BOUND_MS = 1000.0
TIMING = ["--hello-interval", "1000", "--check-interval", "1000",
          "--node-timeout", "5000", "--master-timeout", "5000"]


def latency_since(monitor, since):
    return [e for e in monitor.debug_of("latency") if e["_received"] >= since]


def summary(lines):
    values = sorted(e["max_ms"] for e in lines)
    if not values:
        return "no samples", 0.0
    worst = values[-1]
    median = values[len(values) // 2]
    return "worst %.1f ms, median of per-second worsts %.1f ms over %d s" % (
        worst, median, len(values)), worst


def run(inner):
    global NODES, SOURCES
    NODES = int(os.environ.get("DISC_MONITOR_LOAD_NODES", NODES))
    SOURCES = max(1, min(SOURCES, NODES // 21))
    monitor = inner.monitor(*TIMING)
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    # What the test reads and presses during the flood, found now: walking
    # the whole tree of a window listing 5000 nodes takes GTK 4.8 seconds.
    everything = lab.elements(app)
    # The count label, whatever it counts yet ("0 nodes" while the monitor's
    # own row is still on its way, "1 node" after).
    node_count = [n for r, name, n in everything if r == "label" and re.fullmatch(r"\d+ nodes?", name)]
    service_count = [n for r, name, n in everything if r == "label" and name.endswith(" services")]
    services_tab = [n for r, name, n in everything if r == "page tab" and name == "Services"]
    nodes_tab = [n for r, name, n in everything if r == "page tab" and name == "Nodes"]
    check(node_count and service_count and services_tab and nodes_tab,
          "the count labels or the page tabs are missing: %s" % [(r, name) for r, name, _ in everything])
    time.sleep(1.0)  # past start-up, which is not what is measured

    # The nodes come from SOURCES addresses, as from that many hosts:
    # libdisc admits only so many new nodes a second from one address.
    if inner.mode == "netns":
        prefix = inner.hosts[1]["address"].rsplit(".", 1)[0]
        destination = prefix + ".255"
        first_source = prefix + ".11"
        for i in range(SOURCES):
            result = subprocess.run(["ip", "-n", inner.namespace(1), "addr", "add",
                                     "%s.%d/24" % (prefix, 11 + i), "dev", "eth0"],
                                    capture_output=True, text=True)
            check(result.returncode == 0, "could not add a source address: %s" % result.stderr)
    else:
        destination = "127.255.255.255"
        first_source = "127.0.1.1"
    flood_argv = [lab.SYSTEM_PYTHON, os.path.join(lab.HERE, "flood.py"),
                  destination, str(inner.port), str(NODES), str(FLOOD_SECONDS),
                  "1000", first_source, str(SOURCES)]
    flood = lab.Process(flood_argv, inner.namespace(1), name="flood")
    inner.processes.append(flood)
    t_start = time.monotonic()

    full = wait_for(lambda: [e for e in latency_since(monitor, t_start) if e["nodes"] >= NODES + 1], 20)
    check(full, "the monitor never listed all %d nodes: %s" % (
        NODES, [e["nodes"] for e in latency_since(monitor, t_start)][-5:]))
    t_full = full[0]["_received"]
    text, arrival_worst = summary([e for e in latency_since(monitor, t_start) if e["_received"] <= t_full])
    print("  %d nodes listed %.1f s after the flood began; while they arrived: %s" % (
        NODES, t_full - t_start, text))

    # The window answers while 5000 nodes say hello every second.
    t0 = time.monotonic()
    expected = "%d nodes" % (NODES + 1)
    check(wait_for(lambda: lab.fresh_name(node_count[0]) == expected, 10),
          "the node count reads %r, not %r" % (lab.fresh_name(node_count[0]), expected))
    services_tab[0].do_action(0)
    check(wait_for(lambda: lab.fresh_name(service_count[0]) == "%d services" % min(20, NODES), 10),
          "the service count reads %r, not 20 services" % lab.fresh_name(service_count[0]))
    nodes_tab[0].do_action(0)
    print("  through AT-SPI: read %r, showed Services (%r) and Nodes again in %.1f s" % (
        expected, "20 services", time.monotonic() - t0))

    flood.popen.wait(timeout=FLOOD_SECONDS + 30)
    t_end = time.monotonic()
    text, steady_worst = summary([e for e in latency_since(monitor, t_full) if e["_received"] <= t_end])
    print("  while %d nodes said hello every second: %s" % (NODES, text))

    gone = wait_for(lambda: [e for e in latency_since(monitor, t_end) if e["nodes"] == 1], 20)
    check(gone, "the simulated nodes did not time out")
    text, expiry_worst = summary([e for e in latency_since(monitor, t_end) if e["_received"] <= gone[0]["_received"]])
    print("  all %d timed out %.1f s after the last hello; meanwhile: %s" % (
        NODES, gone[0]["_received"] - t_end, text))
    print("  worst main-loop dispatch while %d nodes expired together: %.1f ms" % (NODES, expiry_worst))
    # Second by second, from the last steady second to the empty table:
    # how late the probe was, the longest gap between frames, the count.
    seconds = [e for e in latency_since(monitor, t_end) if e["_received"] <= gone[0]["_received"]]
    print("  per second while they expired (probe late ms / frame gap ms / nodes): %s" % ", ".join(
        "%.0f/%.0f/%d" % (e["max_ms"], e.get("frame_max_ms", 0), e["nodes"]) for e in seconds[-4:]))

    worst = max(arrival_worst, steady_worst, expiry_worst)
    print("  main-loop dispatch latency with %d nodes: worst %.1f ms (bound %.0f ms)" % (NODES, worst, BOUND_MS))
    check(worst < BOUND_MS, "a main-loop dispatch was %.1f ms late" % worst)
    check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=2, timeout=240, need_cli=False, describe_tail=6000)
