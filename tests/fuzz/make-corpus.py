#!/usr/bin/python3
"""Writes the fuzzers' seed corpus from the checked-in test vectors.

Usage: make-corpus.py VECTORS_DIR OUTPUT_DIR

OUTPUT_DIR/frame, OUTPUT_DIR/envelope and OUTPUT_DIR/codec get one file per
input, in each target's format (see fuzz-common.h and the targets' heads):
records of a 16-bit big-endian length and that many bytes; fuzz-codec's
first byte is its mode. Inputs are named by content, so reruns are stable.
"""

import hashlib
import json
import os
import sys

CLEAR_WRAP, CLEAR_PLAIN, LEGACY_WRAP, LEGACY_PLAIN, GCM_RAW, GCM_SEALED, GCM_SEALED_PLAIN = range(7)


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


if __name__ == "__main__":
    main()
