"""Filling a node's socket receive buffer until the kernel drops, on loopback.

A node whose process is stopped (SIGSTOP) reads nothing; datagrams sent
to its port on 127.0.0.1 fill its receive buffer and the kernel then drops
them, counting them in /proc/net/udp's drops column for the socket. The
CLI and monitor tests use this to check that a node tells of them
(DISC_DROP_RECEIVE_BUFFER). Bounded: at most MAX_DATAGRAMS are sent.
"""

import socket

PAYLOAD = 32768        # large: a few hundred fill even an 8 MiB buffer
MAX_DATAGRAMS = 4000   # the bound on what is sent to fill it
MIN_DROPS = 20


def proc_udp_drops(port):
    """The drops column of /proc/net/udp for the socket bound to
    0.0.0.0:port, or None when there is none."""
    local = "00000000:%04X" % port
    found = None
    with open("/proc/net/udp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if len(fields) >= 13 and fields[1] == local:
                assert found is None, "more than one socket on port %d" % port
                found = int(fields[12])
    return found


def flood(port):
    """Sends to 127.0.0.1:port until the kernel has dropped MIN_DROPS, or
    MAX_DATAGRAMS were sent; returns the kernel's count."""
    # JSON that is no envelope: dropped as such, not "could not be read".
    payload = b"{}" + b" " * (PAYLOAD - 2)
    drops = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(MAX_DATAGRAMS):
            s.sendto(payload, ("127.0.0.1", port))
            if i % 50 == 49:
                drops = proc_udp_drops(port) or 0
                if drops >= MIN_DROPS:
                    break
    return drops


def poke(port):
    """One datagram after the drops: the node learns of them with it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"{}", ("127.0.0.1", port))
