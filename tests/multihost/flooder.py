#!/usr/bin/python3
"""Sends a bounded flood of hostile datagrams (for test_flood.py).

Usage: flooder.py MODE ADDRESS PORT COUNT MAX_SECONDS [RATE]

MODE is "hellos" (node-discovery WRAP hellos, each from a new random
instance id), or "random" (random bytes of random length; half of them
start with "WRAP" and a random header, so that they reach reassembly).
At most COUNT datagrams, for at most MAX_SECONDS, at about RATE a second
(default 25000). Prints one JSON line: {"sent", "seconds"}. Only ever run
inside a network namespace of the lab.
"""

import json
import os
import random
import socket
import struct
import sys
import time
import zlib


def wrap(payload, frame_id):
    crc = zlib.crc32(payload)
    if crc >= 2**31:
        crc -= 2**32
    header = b"WRAP" + frame_id + struct.pack(">iIII", crc, len(payload), 36 + len(payload), 0)
    return header + payload


def hello(rng):
    iid = "%032x" % rng.getrandbits(128)
    envelope = {
        "data": {"isMaster": False, "isMasterEligible": True, "weight": rng.random(),
                 "address": "10.213.0.1"},
        "event": "hello", "pid": "%032x" % rng.getrandbits(128), "iid": iid,
        "hostName": "flooder",
    }
    return wrap(json.dumps(envelope, separators=(",", ":")).encode(), rng.randbytes(16))


def garbage(rng):
    n = rng.randint(1, 1500)
    if rng.random() < 0.5:
        body = rng.randbytes(max(0, n - 36))
        total = rng.choice([len(body) + rng.randint(1, 65536 - len(body)), rng.randint(1, 2**32 - 1)])
        return (b"WRAP" + rng.randbytes(16) + struct.pack(">iIII", rng.randint(-2**31, 2**31 - 1),
                total, 36 + len(body), rng.randint(0, 65536)) + body)
    return rng.randbytes(n)


def main():
    mode, address, port, count, max_seconds = sys.argv[1:6]
    rate = float(sys.argv[6]) if len(sys.argv) > 6 else 25000.0
    port, count, max_seconds = int(port), int(count), float(max_seconds)
    rng = random.Random(int.from_bytes(os.urandom(8), "big"))
    make = hello if mode == "hellos" else garbage
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    start = time.monotonic()
    sent = 0
    while sent < count:
        elapsed = time.monotonic() - start
        if elapsed > max_seconds:
            break
        if sent > rate * elapsed:
            time.sleep(0.001)
            continue
        try:
            sock.sendto(make(rng), (address, port))
            sent += 1
        except OSError:
            time.sleep(0.001)   # the queue is full: back off, the bound stands
    print(json.dumps({"sent": sent, "seconds": round(time.monotonic() - start, 2)}))


if __name__ == "__main__":
    main()
