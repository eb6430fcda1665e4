#!/usr/bin/env node
// A Node.js peer for the interoperability tests: runs the real npm package
// (node-discovery 0.2.1 or node-discover 1.2.1) and prints its events as JSON
// lines, like `disc watch --json`. Commands arrive as JSON lines on stdin:
//   {"cmd":"send","channel":C,"data":D}   {"cmd":"advertise","info":I}
//   {"cmd":"promote"}  {"cmd":"demote","permanent":false}  {"cmd":"stop"}  {"cmd":"exit"}
//
// Usage: peer.js node-discovery|node-discover [--port P] [--broadcast A]
//        [--hello-interval MS] [--check-interval MS] [--node-timeout MS]
//        [--master-timeout MS] [--weight W] [--key K] [--join C]... [--advertise JSON]
'use strict';

const path = require('path');
const readline = require('readline');

const which = process.argv[2];
if (which !== 'node-discovery' && which !== 'node-discover') {
  console.error('usage: peer.js node-discovery|node-discover [options]');
  process.exit(2);
}

const options = {};
const channels = [];
let advertisement;
let strictDataErrors = false;
for (let i = 3; i < process.argv.length; i += 2) {
  const flag = process.argv[i], value = process.argv[i + 1];
  switch (flag) {
    case '--port': options.port = Number(value); break;
    case '--broadcast': options.broadcast = value; break;
    case '--hello-interval': options.helloInterval = Number(value); break;
    case '--check-interval': options.checkInterval = Number(value); break;
    case '--node-timeout': options.nodeTimeout = Number(value); break;
    case '--master-timeout': options.masterTimeout = Number(value); break;
    case '--weight': options.weight = Number(value); break;
    case '--key': options.key = value; break;
    case '--join': channels.push(value); break;
    case '--advertise': advertisement = JSON.parse(value); break;
    case '--strict-data-errors': strictDataErrors = value === 'yes'; break;
    default:
      console.error('unknown option ' + flag);
      process.exit(2);
  }
}

function emit(event, fields) {
  process.stdout.write(JSON.stringify(Object.assign({event, time: Date.now(), impl: which}, fields)) + '\n');
}

process.on('uncaughtException', (error) => {
  emit('crash', {message: String(error && error.stack || error)});
  process.exit(70);
});

// Which node is which: the libraries hand out their own node objects.
function describe(node) {
  if (!node) return null;
  return {
    id: node.id, hostName: node.hostName, address: node.address, port: node.port,
    isMaster: !!node.isMaster, isMasterEligible: !!node.isMasterEligible,
    weight: node.weight, info: node.info !== undefined ? node.info : (node.advertisement !== undefined ? node.advertisement : null),
  };
}

let d, me;
let ready = false;
const pending = [];
if (which === 'node-discovery') {
  // node-discovery 0.2.1 reads the frame magic with Buffer#toString(null, 0, 4);
  // Node.js 20 rejects a null encoding and the process dies on the first packet.
  // Treat null as the default encoding, for that call shape only. The package
  // itself stays untouched.
  const original = Buffer.prototype.toString;
  Buffer.prototype.toString = function (encoding, start, end) {
    if (encoding === null && arguments.length >= 2)
      return original.call(this, 'utf8', start, end);
    return original.apply(this, arguments);
  };
  const Discovery = require(path.join(__dirname, 'node_modules', 'node-discovery')).Discovery;
  // The README documents ignoreDataErrors: true as the default, but the
  // unwrap stream reads a missing option as false, errors, and stops
  // receiving for good after one foreign packet. Pass the documented default.
  // With --strict-data-errors yes, the package's real default is kept, so
  // any packet it cannot read shows up as an error event.
  if (!strictDataErrors)
    options.ignoreDataErrors = true;
  d = new Discovery(options);
  me = () => Object.assign({id: d.broadcast.instanceUuid}, d.me);
  d.broadcast.on('error', (error) => emit('error', {message: String(error)}));
  if (advertisement !== undefined) d.advertise(advertisement);
  for (const channel of channels)
    d.join(channel, (data) => emit('message', {channel, data}));
} else {
  const Discover = require(path.join(__dirname, 'node_modules', 'node-discover'));
  if (advertisement !== undefined) options.advertisement = advertisement;
  // Its socket is bound asynchronously; sending before that throws.
  d = new Discover(options, () => { ready = true; emit('started', {node: describe(me())}); pending.splice(0).forEach(run); });
  me = () => Object.assign({id: d.broadcast.instanceUuid}, d.me);
  d.on('error', (error) => emit('error', {message: String(error)}));
  for (const channel of channels)
    d.join(channel, (data, obj) => emit('message', {channel, data, from: obj && obj.iid}));
}

for (const name of ['added', 'removed', 'master'])
  d.on(name, (node) => emit(name, {node: describe(node)}));
d.on('promotion', () => emit('promotion', {node: describe(me())}));
d.on('demotion', () => emit('demotion', {node: describe(me())}));

if (which === 'node-discovery') {
  ready = true;
  emit('started', {node: describe(me())});
}

function run(line) {
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    emit('bad-command', {line});
    return;
  }
  switch (command.cmd) {
    case 'send': emit('sent', {ok: d.send(command.channel, command.data) !== false}); break;
    case 'advertise': d.advertise(command.info); break;
    case 'promote': d.promote(); break;
    case 'demote': d.demote(!!command.permanent); break;
    case 'stop': d.stop(); emit('stopped', {}); break;
    case 'exit': process.exit(0); break;
    default: emit('bad-command', {line});
  }
}

const input = readline.createInterface({input: process.stdin});
input.on('line', (line) => { if (ready) run(line); else pending.push(line); });
// Keep running when stdin closes; the test ends us with a signal.
input.on('close', () => {});
process.on('SIGTERM', () => process.exit(0));
