#!/usr/bin/python3
"""A user-space Ethernet hub with netem-like impairment, for chaos.py.

Run inside the lab's switch namespace on the hosts' switch-side veth ports
(detached from the bridge): every frame a host sends is, per the settings
of that host's egress, dropped with probability LOSS or delayed by a
uniformly random time in [DELAY - JITTER, DELAY + JITTER] ms (netem's
`loss P% delay D J`, whose jitter is uniform and reorders too), then
copied to every other port in the same partition group.

This stands in for `tc qdisc add dev eth0 root netem ...` on kernels built
without sch_netem. Commands on standard input, one per line:
  loss PERCENT | delay MS JITTER_MS | partition 0,1,2 3,4 | heal | stats | quit
"""

import heapq
import json
import random
import select
import socket
import sys
import threading
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def main():
    ports = sys.argv[1:]
    socks = []
    for name in ports:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        s.setblocking(False)
        socks.append(s)
    state = {"loss": 0.0, "delay": 0.0, "jitter": 0.0, "group": [0] * len(ports)}
    stats = {"in": 0, "dropped": 0, "out": 0}
    lock = threading.Lock()
    queue = []   # (due, seq, port, frame)
    seq = 0
    rng = random.Random()
    done = threading.Event()

    def control():
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            with lock:
                if words[0] == "loss":
                    state["loss"] = float(words[1]) / 100.0
                elif words[0] == "delay":
                    state["delay"], state["jitter"] = float(words[1]) / 1000.0, float(words[2]) / 1000.0
                elif words[0] == "partition":
                    group = [0] * len(ports)
                    for g, members in enumerate(words[1:]):
                        for m in members.split(","):
                            group[int(m)] = g
                    state["group"] = group
                elif words[0] == "heal":
                    state["group"] = [0] * len(ports)
                elif words[0] == "stats":
                    print(json.dumps(stats), flush=True)
                elif words[0] == "quit":
                    break
            print("ok " + words[0], flush=True)
        done.set()

    threading.Thread(target=control, daemon=True).start()
    print("ready", flush=True)
    while not done.is_set():
        now = time.monotonic()
        timeout = 0.05
        if queue:
            timeout = max(0.0, min(timeout, queue[0][0] - now))
        readable, _, _ = select.select(socks, [], [], timeout)
        now = time.monotonic()
        for s in readable:
            i = socks.index(s)
            while True:
                try:
                    frame, addr = s.recvfrom(65536)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                with lock:
                    stats["in"] += 1
                    if rng.random() < state["loss"]:
                        stats["dropped"] += 1
                        continue
                    delay = state["delay"] + rng.uniform(-state["jitter"], state["jitter"])
                    group = list(state["group"])
                for j in range(len(socks)):
                    if j != i and group[j] == group[i]:
                        seq += 1
                        heapq.heappush(queue, (now + max(0.0, delay), seq, j, frame))
        while queue and queue[0][0] <= now:
            _, _, j, frame = heapq.heappop(queue)
            try:
                socks[j].send(frame)
                stats["out"] += 1
            except OSError:
                pass


if __name__ == "__main__":
    main()
