#!/usr/bin/python3
"""Writes the fuzzers' seed corpus from the checked-in test vectors.

Usage: make-corpus.py VECTORS_DIR OUTPUT_DIR

OUTPUT_DIR/frame, OUTPUT_DIR/envelope, OUTPUT_DIR/codec and
OUTPUT_DIR/hello-cache get one file per input, in each target's format (see
fuzz-common.h and the targets' heads): records of a 16-bit big-endian length
and that many bytes; fuzz-codec's and fuzz-hello-cache's first byte is
their mode, and each of fuzz-hello-cache's records starts with a control
byte. Inputs are named by content, so reruns are stable.
"""

import hashlib
import json
import os
import sys

CLEAR_WRAP, CLEAR_PLAIN, LEGACY_WRAP, LEGACY_PLAIN, GCM_RAW, GCM_SEALED, GCM_SEALED_PLAIN = range(7)
# fuzz-hello-cache's modes and record controls
HC_MODE = {CLEAR_WRAP: 0, CLEAR_PLAIN: 1, LEGACY_WRAP: 2, LEGACY_PLAIN: 3}
HC_GCM_SEALED, HC_GCM_SEALED_PLAIN = 4, 5
HC_NEW, HC_AGAIN, HC_ALTER, HC_NEW_ID = 0, 1, 2, 3
HC_SOURCE_B, HC_REPLAY, HC_LATER = 1 << 2, 1 << 4, 1 << 5


def hello_cache_inputs(mode, datagram):
    """One hello, repeated from one source, then altered, forged, re-sent."""
    yield bytes([mode]) + records([bytes([HC_NEW]) + datagram, bytes([HC_AGAIN]),
                                   bytes([HC_AGAIN | HC_LATER])])
    yield bytes([mode]) + records([bytes([HC_NEW]) + datagram, bytes([HC_AGAIN]),
                                   bytes([HC_NEW_ID]) + bytes(range(16)),
                                   bytes([HC_ALTER, 0, 22, 1]), bytes([HC_ALTER, 0, 22, 1]),
                                   bytes([HC_NEW]) + datagram, bytes([HC_AGAIN])])
    yield bytes([mode]) + records([bytes([HC_NEW]) + datagram, bytes([HC_AGAIN | HC_SOURCE_B]),
                                   bytes([HC_AGAIN]), bytes([HC_ALTER, 0, 60, 2]),
                                   bytes([HC_AGAIN | 7 * HC_LATER]), bytes([HC_AGAIN | HC_REPLAY])])


def records(datagrams, prefix=b""):
    out = b""
    for d in datagrams:
        d = prefix + d
        out += len(d).to_bytes(2, "big") + d
    return out


def write(directory, content):
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(content).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(content)


def main():
    vectors_dir, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(vectors_dir, "vectors.json")) as f:
        vectors = json.load(f)
    with open(os.path.join(vectors_dir, "aead.json")) as f:
        aead = json.load(f)

    for m in vectors["messages"]:
        datagrams = [bytes.fromhex(h) for h in m["datagrams_hex"]]
        write(os.path.join(out, "envelope"), bytes.fromhex(m["json_hex"]))
        wrap = m["dialect"] == "wrap"
        if wrap:
            write(os.path.join(out, "frame"), records(datagrams))
        if m["key"] is None:
            mode = CLEAR_WRAP if wrap else CLEAR_PLAIN
            # the same datagrams sealed by the fuzzer, control byte 0
            write(os.path.join(out, "codec"),
                  bytes([GCM_SEALED if wrap else GCM_SEALED_PLAIN]) + records(datagrams, b"\x00"))
        elif m["algorithm"] == "aes256" and m["key"] == "secret":
            mode = LEGACY_WRAP if wrap else LEGACY_PLAIN
        else:
            mode = CLEAR_WRAP if wrap else CLEAR_PLAIN
        write(os.path.join(out, "codec"), bytes([mode]) + records(datagrams))
        if len(datagrams) == 1 and mode in HC_MODE:
            for content in hello_cache_inputs(HC_MODE[mode], datagrams[0]):
                write(os.path.join(out, "hello-cache"), content)
            if m["key"] is None:
                sealed = HC_GCM_SEALED if wrap else HC_GCM_SEALED_PLAIN
                for content in hello_cache_inputs(sealed, datagrams[0]):
                    write(os.path.join(out, "hello-cache"), content)
        # out of order and repeated
        if len(datagrams) > 1:
            write(os.path.join(out, "codec"), bytes([mode]) + records(datagrams[::-1] + datagrams[:1]))
            if wrap:
                write(os.path.join(out, "frame"), records(datagrams[::-1] + datagrams[:1]))

    for p in aead["packets"]:
        datagrams = [bytes.fromhex(h) for h in p["datagrams_hex"]]
        write(os.path.join(out, "envelope"), p["json"].encode("utf-8"))
        if p["passphrase"] == "secret":
            write(os.path.join(out, "codec"), bytes([GCM_RAW]) + records(datagrams))
            write(os.path.join(out, "codec"), bytes([GCM_RAW]) + records(datagrams + datagrams[:1]))

    # Remote control (doc/protocol.md, section 9): a request, the answers,
    # and a hello that accepts control.
    ids = '"pid":"0123456789abcdef0123456789abcdef","iid":"fedcba9876543210fedcba9876543210","hostName":"h"'
    for data in ('{"type":"request","id":"0123456789abcdef0123456789abcdef","to":"00112233","action":"promote"}',
                 '{"type":"request","id":"r1","to":"n-1","action":"demote-permanent"}',
                 '{"type":"answer","id":"r1","to":"n-1","status":"accepted"}',
                 '{"type":"answer","id":"r1","to":"n-1","status":"refused","reason":"not-eligible"}',
                 '{"type":"answer","id":"r1","to":"n-1","status":"refused","reason":"later"}'):
        write(os.path.join(out, "envelope"), ('{"data":%s,"event":"disc-control",%s}' % (data, ids)).encode())
    write(os.path.join(out, "envelope"),
          ('{"data":{"isMaster":true,"isMasterEligible":true,"weight":1,"acceptsControl":true},'
           '"event":"hello",%s}' % ids).encode())


if __name__ == "__main__":
    main()
