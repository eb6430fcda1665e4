#!/usr/bin/env node
// Checks tests/vectors/aead.json with Node's own crypto, an implementation
// independent of libgcrypt: the PBKDF2 keys and key ids, and every packet:
// header fields, tag, plaintext, and (wrap dialect) the reassembled JSON.
// Usage: node tests/vectors/check-aead.js [path/to/aead.json]
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const file = process.argv[2] || path.join(__dirname, 'aead.json');
const v = JSON.parse(fs.readFileSync(file, 'utf8'));
let failures = 0;
function check(ok, what) {
  if (!ok) { failures++; console.error('FAIL: ' + what); }
}

const keys = {};
for (const k of v.keys) {
  const key = crypto.pbkdf2Sync(Buffer.from(k.passphrase, 'utf8'), v.kdf.salt, v.kdf.iterations, 32, 'sha256');
  const id = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(v.kdf.key_id_label), key])).digest().subarray(0, 8);
  check(key.toString('hex') === k.key_hex, 'key of ' + JSON.stringify(k.passphrase));
  check(id.toString('hex') === k.key_id_hex, 'key id of ' + JSON.stringify(k.passphrase));
  keys[k.passphrase] = { key, id };
}

function crc32Signed(buf) {
  return zlib.crc32 ? (zlib.crc32(buf) | 0) : null;
}

for (const p of v.packets) {
  const k = keys[p.passphrase];
  const blocks = [];
  p.datagrams_hex.forEach((hex, i) => {
    const d = Buffer.from(hex, 'hex');
    const header = d.subarray(0, 58);
    check(d.subarray(0, 4).equals(Buffer.from([0xff, 0x44, 0x41, 0x45])), p.name + ': magic');
    check(d[4] === 1 && d[5] === 0, p.name + ': version and flags');
    check(d.subarray(6, 14).equals(k.id), p.name + ': key id');
    check(d.subarray(26, 42).toString('hex') === p.sender_hex, p.name + ': sender');
    check(d.readBigUInt64BE(42) === BigInt(p.timestamp_ms), p.name + ': timestamp');
    check(d.readBigUInt64BE(50) === BigInt(p.first_sequence + i), p.name + ': sequence');
    const nonce = d.subarray(14, 26);
    const tag = d.subarray(d.length - 16);
    const decipher = crypto.createDecipheriv('aes-256-gcm', k.key, nonce);
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    let plain;
    try {
      plain = Buffer.concat([decipher.update(d.subarray(58, d.length - 16)), decipher.final()]);
    } catch (e) {
      check(false, p.name + ': tag of datagram ' + i + ': ' + e.message);
      return;
    }
    check(d.length <= p.block_size || p.dialect === 'plain', p.name + ': datagram within the block size');
    blocks.push(plain);
  });
  let json;
  if (p.dialect === 'plain') {
    json = blocks[0];
  } else {
    // WRAP blocks: 36-byte header, data at offset
    const total = blocks[0].readUInt32BE(24);
    json = Buffer.alloc(total);
    for (const b of blocks) {
      check(b.subarray(0, 4).toString() === 'WRAP', p.name + ': inner WRAP');
      check(b.subarray(4, 20).toString('hex') === p.frame_id_hex, p.name + ': frame id');
      b.copy(json, b.readUInt32BE(32), 36, b.readUInt32BE(28));
    }
    const crc = crc32Signed(json);
    if (crc !== null) check(crc === blocks[0].readInt32BE(20), p.name + ': CRC-32');
  }
  check(json && json.toString('utf8') === p.json, p.name + ': plaintext JSON');
}

if (failures) {
  console.error(failures + ' failures');
  process.exit(1);
}
console.log('ok: ' + v.keys.length + ' keys, ' + v.packets.length + ' packets');
