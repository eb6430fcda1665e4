#!/usr/bin/env node
/* make-vectors.js: golden test vectors from the npm packages themselves
 *
 *   npm ci --prefix tests/interop
 *   node tests/vectors/make-vectors.js          # writes tests/vectors/vectors.json
 *   node tests/vectors/make-vectors.js --check  # fails if the file would change
 *
 * Every byte in vectors.json comes out of node-discovery 0.2.1-1 and
 * node-discover 1.2.1 (and the buffer-crc32 and Node crypto they call), as
 * pinned in tests/interop/package-lock.json. This script does not know the
 * wire format: it builds the objects with the packages' own Discovery /
 * Discover classes, and turns them into datagrams with their own send(),
 * streams (JSONEncodeStream, EncryptStream, WrapStream) and encode(). It then
 * feeds every datagram back through the packages' own receivers
 * (UnwrapStream, DecryptStream, JSONDecodeStream, Network#decode) and checks
 * they get the object back, except where the seed's bugs say otherwise.
 *
 * Nothing here opens a socket: the Network classes, whose constructors bind
 * UDP sockets, are never instantiated. Their prototypes' send() and encode()
 * are called on stand-in objects whose "socket" or "output stream" only
 * records what it is given.
 *
 * Output is deterministic: frame ids, process and instance ids and host
 * names are fixed (see the monkeypatches below, each undone right away).
 *
 * SPDX-License-Identifier: MIT
 */
'use strict';

const assert = require('assert');
const crypto = require('crypto');
const EventEmitter = require('events').EventEmitter;
const fs = require('fs');
const os = require('os');
const path = require('path');

// Node 20 warns that createCipher (DEP0106) and new Buffer() (DEP0005) are
// deprecated; the packages use both, which is the point of these vectors.
process.noDeprecation = true;

const INTEROP = path.join(__dirname, '..', 'interop', 'node_modules');
const OUTPUT = path.join(__dirname, 'vectors.json');

function pkgVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(INTEROP, name, 'package.json'), 'utf8')).version;
}

const EXPECTED_VERSIONS = { 'node-discovery': '0.2.1-1', 'node-discover': '1.2.1', 'buffer-crc32': '0.2.1' };
for (const [name, version] of Object.entries(EXPECTED_VERSIONS)) {
  if (pkgVersion(name) !== version)
    throw new Error(`${name} is ${pkgVersion(name)}, expected ${version}: run npm ci --prefix tests/interop`);
}

const HOST_NAME = 'vectors-host';

/* Runs fn with obj[name] replaced, then puts the original back. */
function withPatched(obj, name, replacement, fn) {
  const original = obj[name];
  obj[name] = replacement;
  try {
    return fn();
  } finally {
    obj[name] = original;
  }
}

/* Requires a module with another module's exports standing in for one of its
 * dependencies, so that the package's classes can be built without sockets. */
function requireWithStub(file, stubFile, stubExports) {
  const realEntry = require.cache[stubFile];
  require.cache[stubFile] = { id: stubFile, filename: stubFile, loaded: true, exports: stubExports };
  try {
    return require(file);
  } finally {
    if (realEntry)
      require.cache[stubFile] = realEntry;
    else
      delete require.cache[stubFile];
  }
}

// ---------------------------------------------------------------------------
// The packages

const crc32 = require(path.join(INTEROP, 'buffer-crc32'));

const ND = path.join(INTEROP, 'node-discovery', 'lib');
const streams = require(path.join(ND, 'streams.js'));
// node-discovery's network.js reads os.hostname() once, when it is loaded.
const NDNetwork = withPatched(os, 'hostname', () => HOST_NAME,
                              () => require(path.join(ND, 'network.js')));

const NDC = path.join(INTEROP, 'node-discover', 'lib');
// node-discover's network.js draws its process id from uuid v4 once, when it
// is loaded; uuid fills a pool with crypto.randomFillSync. Fill it with a
// fixed pattern for that one load.
const NDCNetwork = withPatched(crypto, 'randomFillSync', (buf) => {
  for (let i = 0; i < buf.length; i++)
    buf[i] = (0x5a + 29 * i) & 0xff;
  return buf;
}, () => require(path.join(NDC, 'network.js')));

// ---------------------------------------------------------------------------
// Streams, one stage at a time

/* Everything the stream outputs until it ends. */
function drain(stream) {
  return new Promise((resolve, reject) => {
    const out = [];
    stream.on('data', (chunk) => out.push(chunk));
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
}

function collect(stream, inputs) {
  const done = drain(stream);
  for (const input of inputs)
    stream.write(input);
  stream.end();
  return done;
}

/* WrapStream with crypto.randomBytes(16) returning a fixed id. The transform
 * runs synchronously inside write(), so the patch covers exactly that call. */
async function wrap(payload, id, blockSize) {
  const wrapper = new streams.WrapStream({ blockSize });
  const done = drain(wrapper);
  let calls = 0;
  withPatched(crypto, 'randomBytes', (n) => {
    assert.strictEqual(n, 16);
    calls++;
    return Buffer.from(id);
  }, () => wrapper.write(payload));
  assert.strictEqual(calls, 1, 'WrapStream did not draw its id synchronously');
  wrapper.end();
  return done;
}

/* node-discovery 0.2.1's UnwrapStream checks the magic with
 * chunk.toString(null, 0, 4); Node 20's Buffer#toString throws
 * ERR_UNKNOWN_ENCODING for a null encoding, where old Node read it as UTF-8.
 * Give each datagram we feed it its own toString that maps null to undefined,
 * and change nothing else. */
function node20Datagram(buf) {
  const chunk = Buffer.from(buf);
  chunk.toString = function (encoding, start, end) {
    return Buffer.prototype.toString.call(this, encoding === null ? undefined : encoding, start, end);
  };
  return chunk;
}

/* Feeds datagrams to node-discovery's receiving pipeline, built in the order
 * its Network constructor builds it. */
async function ndReceive(datagrams, options) {
  const stages = [new streams.UnwrapStream(Object.assign({ blockTimeout: 20 }, options))];
  if (options.key)
    stages.push(new streams.DecryptStream(options));
  stages.push(new streams.JSONDecodeStream(options));
  for (let i = 1; i < stages.length; i++)
    stages[i - 1].pipe(stages[i]);
  const errors = [];
  const out = [];
  const done = new Promise((resolve) => {
    // An error ends the pipeline without 'end'.
    for (const stage of stages)
      stage.on('error', (e) => { errors.push(e.message); resolve(); });
    stages[stages.length - 1].on('data', (obj) => {
      delete obj._info;  // the streams' workaround for rinfo
      out.push(obj);
    });
    stages[stages.length - 1].on('end', resolve);
  });
  for (const datagram of datagrams)
    stages[0].write(node20Datagram(datagram));
  stages[0].end();
  await done;
  return { objects: out, errors };
}

// ---------------------------------------------------------------------------
// Stand-ins for the Network classes: their real send() and encode(), no socket

/* node-discovery: Discovery talks to `new Network(settings)`; ours records
 * each object Network.prototype.send() writes to its output stream. */
function makeNodeDiscovery(options) {
  const sent = [];
  function StubNetwork(settings) {
    EventEmitter.call(this);
    this.processUuid = options.pid;
    this.instanceUuid = options.iid;
    this._output = { write: (obj) => sent.push(structuredClone(obj)) };
  }
  Object.setPrototypeOf(StubNetwork.prototype, EventEmitter.prototype);
  StubNetwork.prototype.send = NDNetwork.prototype.send;

  const Discovery = requireWithStub(path.join(ND, 'discovery.js'), path.join(ND, 'network.js'), StubNetwork);
  delete require.cache[path.join(ND, 'discovery.js')];  // the next one gets its own stub
  const discovery = new Discovery(options.settings);
  discovery.stop();  // the constructor starts interval timers; nothing has fired yet
  return { discovery, sent };
}

/* node-discover: Discover builds `new Network({...})`; ours calls the real
 * Network.prototype.send and .encode, and its socket records the bytes. */
function makeNodeDiscover(options) {
  const sent = [];
  function StubNetwork(settings) {
    EventEmitter.call(this);
    this.key = settings.key || null;
    this.hostName = settings.hostname || HOST_NAME;
    this.instanceUuid = options.iid;
    this.destination = [{ address: '192.0.2.1', port: 12345 }];
    this.port = 12345;
    this.socket = {
      send: (msg, offset, length) => sent.push(Buffer.from(msg.subarray(offset, offset + length))),
    };
  }
  Object.setPrototypeOf(StubNetwork.prototype, EventEmitter.prototype);
  StubNetwork.prototype.send = NDCNetwork.prototype.send;
  StubNetwork.prototype.encode = NDCNetwork.prototype.encode;
  StubNetwork.prototype.decode = NDCNetwork.prototype.decode;
  StubNetwork.prototype.start = function (cb) { cb && cb(); };
  StubNetwork.prototype.stop = function (cb) { cb && cb(); };

  const Discover = requireWithStub(path.join(NDC, 'discover.js'), path.join(NDC, 'network.js'), StubNetwork);
  delete require.cache[path.join(NDC, 'discover.js')];
  const discover = new Discover(Object.assign({ start: false }, options.settings));
  return { discover, sent };
}

// ---------------------------------------------------------------------------
// Helpers for the vectors

const hex = (buf) => Buffer.from(buf).toString('hex');

/* Whether json-glib (which prints doubles with %.17g and integers as
 * integers) writes every number of this value as JSON.stringify does.
 * True for safe integers and for multiples of 1/16 under a million: their
 * exact decimal expansion is short, so it is also the shortest. */
function numbersAreExact(value) {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ||
           (Number.isInteger(value * 16) && Math.abs(value) < 1e6 && !Object.is(value, -0));
  if (Array.isArray(value))
    return value.every(numbersAreExact);
  if (value !== null && typeof value === 'object')
    return Object.values(value).every(numbersAreExact);
  return true;
}

/* JSON.stringify writes U+007F raw, json-glib escapes it: only this and
 * numbers make an otherwise equal serialisation differ. */
function textIsExact(json) {
  return !json.includes('\u007f');
}

function frameId(n) {
  const id = Buffer.alloc(16);
  for (let i = 0; i < 16; i++)
    id[i] = (n * 16 + i * 7 + 1) & 0xff;
  return id;
}

/* A string of exactly `bytes` UTF-8 bytes, with two-byte characters in it so
 * that block boundaries fall inside them. */
function filler(bytes) {
  let s = '';
  let n = 0;
  while (bytes - n >= 2) {
    const c = n % 10 === 8 ? 'é' : String.fromCharCode(97 + (n % 26));
    s += c;
    n += Buffer.byteLength(c);
  }
  if (bytes - n === 1)
    s += 'z';
  return s;
}

/* The `text` that makes the payload the framing carries (the JSON, or its
 * ciphertext) exactly `size` bytes, found by asking the package how long its
 * JSON is with an empty text. PKCS#7 adds 1..16 bytes: aim at size - 10. */
function sizedText(size, jsonLengthWith, encrypted) {
  const target = (encrypted ? size - 10 : size) - jsonLengthWith('');
  const text = filler(target);
  const len = jsonLengthWith(text);
  const wire = encrypted ? (Math.floor(len / 16) + 1) * 16 : len;
  assert.strictEqual(wire, size, 'could not size the message');
  return text;
}

const NESTED = {
  user: { name: 'Zoë Åström', langs: ['日本語', 'Ελληνικά', 'русский', 'emoji 🎉🚀'] },
  list: [1, -2, 3.5, null, true, false, [], {}, [[0]]],
  quote: 'say "hi" \\ back/slash',
  controls: 'tab\tnewline\nreturn\rbell\u0007unit-sep\u001fend',
  empty: '',
  zero: 0,
};

// ---------------------------------------------------------------------------

async function main() {
  const vectors = {
    description: 'Golden vectors for libdisc, produced by tests/vectors/make-vectors.js from the npm packages; do not edit by hand',
    packages: Object.fromEntries(Object.keys(EXPECTED_VERSIONS).map((n) => [n, pkgVersion(n)])),
    node_major: Number(process.versions.node.split('.')[0]),
    crc32: [],
    cipher: [],
    messages: [],
  };

  // --- CRC-32, as buffer-crc32 0.2.1 computes it (the seed uses .signed) ---
  const crcInputs = [
    ['empty', Buffer.alloc(0)],
    ['a', Buffer.from('a')],
    ['check', Buffer.from('123456789')],
    ['fox', Buffer.from('The quick brown fox jumps over the lazy dog')],
    ['bytes-0-255', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    ['ff-1000', Buffer.alloc(1000, 0xff)],
    ['utf8', Buffer.from('héllo wörld ✓ 🎉')],
  ];
  for (const [name, input] of crcInputs) {
    vectors.crc32.push({
      name,
      input_hex: hex(input),
      signed: crc32.signed(input),
      unsigned: crc32.unsigned(input),
    });
  }

  // --- crypto.createCipher(algorithm, passphrase), as both packages call it ---
  const passphrases = [
    'secret',
    'correct horse battery staple, a passphrase longer than one MD5 block of sixty-four bytes',
    'pässwörd ключ 鍵 🔑',
  ];
  const plainLengths = [0, 1, 15, 16, 17, 100];
  const algorithms = ['aes256', 'aes192', 'aes128'];
  for (const algorithm of algorithms) {
    passphrases.forEach((passphrase, k) => {
      for (const len of plainLengths) {
        const plain = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37 + 11 * k + len) & 0xff));
        const cipher = crypto.createCipher(algorithm, passphrase);
        const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
        const decipher = crypto.createDecipher(algorithm, passphrase);
        assert.deepStrictEqual(Buffer.concat([decipher.update(ct), decipher.final()]), plain);
        vectors.cipher.push({
          name: `${algorithm}-key${k}-len${len}`,
          algorithm,
          passphrase,
          passphrase_hex: hex(Buffer.from(passphrase, 'utf8')),
          plain_hex: hex(plain),
          cipher_hex: hex(ct),
        });
      }
    });
  }
  // The OpenSSL long names are the same ciphers.
  for (const [algorithm, len] of [['aes-256-cbc', 17], ['aes-192-cbc', 16], ['aes-128-cbc', 1]]) {
    const plain = Buffer.from('x'.repeat(len));
    const cipher = crypto.createCipher(algorithm, 'secret');
    vectors.cipher.push({
      name: `${algorithm}-key0-len${len}`,
      algorithm,
      passphrase: 'secret',
      passphrase_hex: hex(Buffer.from('secret')),
      plain_hex: hex(plain),
      cipher_hex: hex(Buffer.concat([cipher.update(plain), cipher.final()])),
    });
  }
  // node-discovery's EncryptStream must agree with createCipher.
  for (const v of vectors.cipher.filter((c) => c.plain_hex.length > 0)) {
    const [ct] = await collect(new streams.EncryptStream({ algorithm: v.algorithm, key: v.passphrase }),
                               [Buffer.from(v.plain_hex, 'hex')]);
    assert.strictEqual(hex(ct), v.cipher_hex, `EncryptStream disagrees on ${v.name}`);
  }

  // --- node-discovery 0.2.1-1: WRAP frames -----------------------------------
  let nextFrame = 1;

  async function ndMessage(name, options, act, notes) {
    const build = () => makeNodeDiscovery({
      pid: options.pid || '0123456789abcdef0123456789abcdef',
      iid: options.iid || 'fedcba9876543210fedcba9876543210',
      settings: Object.assign({ key: options.key || null }, options.settings),
    });
    let text = null;
    if (options.payloadSize) {
      text = sizedText(options.payloadSize, (t) => {
        const probe = build();
        act(probe.discovery, t);
        return Buffer.byteLength(JSON.stringify(probe.sent[0]));
      }, !!options.key);
    }
    const nd = build();
    act(nd.discovery, text);
    assert.strictEqual(nd.sent.length, 1);
    const object = nd.sent[0];
    const netOptions = { key: options.key || null, algorithm: options.algorithm, blockSize: options.blockSize };

    // The stages in the order Network's constructor pipes them.
    const [json] = await collect(new streams.JSONEncodeStream(netOptions), [object]);
    let payload = json;
    if (options.key) {
      const encryptOptions = { key: options.key };
      if (options.algorithm)
        encryptOptions.algorithm = options.algorithm;
      [payload] = await collect(new streams.EncryptStream(encryptOptions), [json]);
    }
    const id = frameId(nextFrame++);
    const blockSize = options.blockSize || 1500;
    const datagrams = await wrap(payload, id, blockSize);

    const received = await ndReceive(datagrams, { key: options.key, algorithm: options.algorithm, blockSize, ignoreDataErrors: false });
    const seedDelivers = received.objects.length === 1;
    if (options.seedLoses) {
      assert.strictEqual(received.objects.length, 0, `${name}: expected the seed to lose this message`);
    } else {
      assert.deepStrictEqual(received.errors, []);
      assert.deepStrictEqual(received.objects, [JSON.parse(json.toString('utf8'))]);
    }

    const jsonText = json.toString('utf8');
    vectors.messages.push({
      name,
      package: 'node-discovery',
      dialect: 'wrap',
      algorithm: options.key ? (options.algorithm || 'aes256') : null,
      key: options.key || null,
      block_size: blockSize,
      frame_id_hex: hex(id),
      object,
      json: jsonText,
      json_hex: hex(json),
      payload_hex: hex(payload),
      payload_length: payload.length,
      exact: numbersAreExact(object) && textIsExact(jsonText),
      seed_delivers: seedDelivers,
      seed_receiver_errors: received.errors,
      notes: notes || null,
      datagrams_hex: datagrams.map(hex),
    });
  }

  await ndMessage('wrap-hello', { settings: { weight: 0.5 } },
                  (d) => d.hello());
  await ndMessage('wrap-hello-info', { settings: { weight: 0.6875 } },
                  (d) => { d.advertise({ name: 'web', port: 8080, tags: ['a', 'b'] }); d.hello(); });
  await ndMessage('wrap-hello-master', { settings: { weight: 0.7234567891234 } },
                  (d) => d.promote(), 'a weight JSON.stringify writes shorter than %.17g');
  await ndMessage('wrap-channel-nested', {},
                  (d) => d.send('chat', NESTED));
  await ndMessage('wrap-channel-string', {},
                  (d) => d.send('news', 'breaking: ünïcödé'));
  await ndMessage('wrap-channel-numbers', {},
                  (d) => d.send('numbers', { ints: [0, -1, 9007199254740991], fracs: [0.1, -0.25, 1e-7, 123.456],
                                             big: [1e17, 1e21, -2e22, 1.5e300] }),
                  'numbers whose shortest form is not %.17g, and large integers JSON.stringify writes in exponent form');
  await ndMessage('wrap-channel-no-data', {},
                  (d) => d.send('ping'), 'data undefined: JSON.stringify leaves the member out');
  await ndMessage('wrap-multiblock-4000', { payloadSize: 4000 },
                  (d, text) => d.send('blob', { text }),
                  'a 4000-byte payload in 3 blocks of 1464, 1464 and 1072 bytes');
  await ndMessage('wrap-exact-1464', { payloadSize: 1464, seedLoses: true },
                  (d, text) => d.send('blob', { text }),
                  'seed bug: the last block carries len % 1464 = 0 bytes, so the whole payload is lost');
  await ndMessage('wrap-exact-2928', { payloadSize: 2928, seedLoses: true },
                  (d, text) => d.send('blob', { text }),
                  'seed bug: the second block carries 0 bytes instead of 1464');
  await ndMessage('wrap-hello-aes256', { key: 'secret', settings: { weight: 0.5 } },
                  (d) => { d.advertise({ role: 'db' }); d.hello(); });
  await ndMessage('wrap-channel-aes192-utf8-key', { key: 'pässwörd ключ 鍵 🔑', algorithm: 'aes192' },
                  (d) => d.send('chat', NESTED));
  await ndMessage('wrap-channel-aes128', { key: 'k', algorithm: 'aes128' },
                  (d) => d.send('tiny', 1));
  await ndMessage('wrap-multiblock-aes256', { key: 'secret', payloadSize: 4000 },
                  (d, text) => d.send('blob', { text }),
                  'the 4000-byte ciphertext is what is framed');

  // --- node-discover 1.2.1: bare JSON ----------------------------------------
  async function ndcMessage(name, options, act, notes) {
    const ndc = makeNodeDiscover({
      iid: options.iid || '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7',
      settings: Object.assign({ key: options.key || undefined }, options.settings),
    });
    act(ndc.discover);
    assert.strictEqual(ndc.sent.length, 1);
    const datagram = ndc.sent[0];

    // What node-discover's own receiver makes of it.
    const decoded = await new Promise((resolve, reject) =>
      NDCNetwork.prototype.decode.call({ key: options.key || null }, datagram,
                                       (err, obj) => (err ? reject(err) : resolve(obj))));
    const text = JSON.stringify(decoded);
    let cipherHex = null;
    if (options.key) {
      // Network#encode's encrypt() returns a 'binary' string and send() writes
      // Buffer.from(string): UTF-8 of Latin-1. The raw ciphertext is its
      // Latin-1 reading; check it against createCipher('aes256').
      const raw = Buffer.from(datagram.toString('utf8'), 'latin1');
      const cipher = crypto.createCipher('aes256', options.key);
      const expect = Buffer.concat([cipher.update(Buffer.from(text, 'utf8')), cipher.final()]);
      assert.deepStrictEqual(raw, expect);
      cipherHex = hex(raw);
    } else {
      assert.strictEqual(datagram.toString('utf8'), text);
    }

    vectors.messages.push({
      name,
      package: 'node-discover',
      dialect: 'plain',
      algorithm: options.key ? 'aes256' : null,
      key: options.key || null,
      block_size: null,
      frame_id_hex: null,
      object: decoded,
      json: text,
      json_hex: hex(Buffer.from(text, 'utf8')),
      payload_hex: hex(datagram),
      payload_length: datagram.length,
      cipher_hex: cipherHex,
      exact: numbersAreExact(decoded) && textIsExact(text),
      seed_delivers: true,
      seed_receiver_errors: [],
      notes: notes || null,
      datagrams_hex: [hex(datagram)],
    });
  }

  await ndcMessage('plain-hello', { settings: { weight: 2, advertisement: { name: 'api', port: 3000 } } },
                   (d) => d.hello());
  await ndcMessage('plain-hello-no-advertisement', { settings: { weight: -0.1712345678901, client: true } },
                   (d) => d.hello(), 'node-discover\'s default weight style; a client is not master-eligible');
  await ndcMessage('plain-hello-master', { settings: { weight: 0.25, hostname: 'hôte-ünicode.local' } },
                   (d) => { d.advertise({ v: [1, 2, 3] }); d.promote(); });
  await ndcMessage('plain-channel-nested', {},
                   (d) => d.send('chat', NESTED));
  await ndcMessage('plain-hello-aes256', { key: 'secret', settings: { weight: 0.5 } },
                   (d) => d.hello(), 'UTF-8 of the Latin-1 reading of the ciphertext');
  await ndcMessage('plain-channel-aes256-utf8-key', { key: 'pässwörd ключ 鍵 🔑' },
                   (d) => d.send('chat', NESTED));

  const text = JSON.stringify(vectors, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error(`${OUTPUT} is out of date`);
      process.exit(1);
    }
    console.log(`${OUTPUT} is up to date`);
  } else {
    fs.writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT}: ${vectors.crc32.length} CRC, ${vectors.cipher.length} cipher, ${vectors.messages.length} message vectors`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
