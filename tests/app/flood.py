#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Simulates many node-discovery peers: one hello per simulated node every
interval, each a single WRAP block (doc/protocol.md, section 2) carrying a
node-discovery 0.2 envelope, sent from one UDP socket.

Usage: flood.py DEST_ADDRESS PORT N_NODES SECONDS [INTERVAL_MS [FIRST_SOURCE N_SOURCES]]

DEST_ADDRESS is a broadcast address (127.255.255.255 on loopback, a lab
subnet's broadcast in a namespace) or a unicast address. Node 0 claims to
be master; every node advertises {"name": "svc-K", "shard": I}, spread
over 20 service names. The sends of one interval are spread over it in
small batches, as real peers' timers would be.

With FIRST_SOURCE and N_SOURCES the nodes are spread over that many
source addresses (consecutive from FIRST_SOURCE, which must be local: any
127.x.y.z on loopback, or addresses added to the interface), as if they
ran on that many hosts: libdisc accepts only so many new nodes per second
from one address (its new-node-rate).
"""

import ipaddress
import json
import os
import random
import socket
import struct
import sys
import time
import zlib


def wrap_block(payload):
    """One WRAP block holding the whole payload."""
    header = b"WRAP" + os.urandom(16)
    crc = zlib.crc32(payload) & 0xFFFFFFFF
    if crc >= 0x80000000:
        crc -= 0x100000000
    return header + struct.pack(">iIII", crc, len(payload), 36 + len(payload), 0) + payload


def hello(index, pid):
    data = {
        "isMaster": index == 0,
        "isMasterEligible": index == 0,
        "weight": 1.0 if index == 0 else 0.001,
        "address": "127.0.0.1",
        "info": {"name": "svc-%02d" % (index % 20), "shard": index},
    }
    envelope = {
        "data": data,
        "event": "hello",
        "pid": pid,
        # distinct in their first 8 digits too, which the monitor shows
        "iid": "%08x%024x" % ((index * 2654435761) % (1 << 32), index),
        "hostName": "sim-%05d" % index,
    }
    return wrap_block(json.dumps(envelope, separators=(",", ":")).encode())


def main():
    if len(sys.argv) not in (5, 6, 8):
        print(__doc__)
        return 2
    address, port, count, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    interval = (int(sys.argv[5]) if len(sys.argv) >= 6 else 1000) / 1000.0
    if not 20000 <= port <= 29999:
        print("flood.py: the port must be in 20000-29999")
        return 2
    pid = os.urandom(16).hex()
    packets = [hello(i, pid) for i in range(count)]
    sources = [None]
    if len(sys.argv) == 8:
        first = ipaddress.IPv4Address(sys.argv[6])
        sources = [str(first + i) for i in range(int(sys.argv[7]))]
    sockets = []
    for source in sources:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        if source is not None:
            sock.bind((source, 0))
        sockets.append(sock)
    batches = 200
    per_batch = (count + batches - 1) // batches
    order = list(range(count))
    sent = 0
    end = time.monotonic() + seconds
    next_batch = time.monotonic()
    while time.monotonic() < end:
        # Real peers' timers are not in step: each interval in a new order.
        random.shuffle(order)
        for b in range(batches):
            for index in order[b * per_batch:(b + 1) * per_batch]:
                packet = packets[index]
                try:
                    sockets[index % len(sockets)].sendto(packet, (address, port))
                    sent += 1
                except OSError:
                    pass  # a full socket buffer: the next interval resends
            next_batch += interval / batches
            delay = next_batch - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if time.monotonic() >= end:
                break
    print(json.dumps({"flood": "done", "sent": sent, "nodes": count}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
