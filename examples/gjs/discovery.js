#!/usr/bin/env -S gjs -m
// The seed's low-level Discovery example (its README), in JavaScript for gjs.
//
// Advertises an object, prints nodes as they are added and removed and who
// is master, and, on the "config-updates" channel, prints every message; a
// master sends its configuration on that channel when it is promoted and
// whenever a node is added (the seed's `join` and `send` examples).
//
// One line per event on stdout: a word, then JSON.
//
//     gjs -m discovery.js
//
// It uses the seed's default options (broadcast on every interface, port
// 12345), so run it on a LAN you own or in a network namespace. To keep it
// on this machine, set DISC_BROADCAST=127.255.255.255; DISC_PORT,
// DISC_HELLO_INTERVAL, DISC_CHECK_INTERVAL and DISC_NODE_TIMEOUT (ms) are
// read too, as by the C examples (examples/c/example-env.h).
//
// Needs libdisc's typelib (Disc-1.0) and gjs.
//
// SPDX-License-Identifier: MIT

import Disc from 'gi://Disc?version=1.0';
import System from 'system';

import {applyEnv, emit, fromJson, run, toJson} from './example-helpers.js';

const d = new Disc.Discovery();
applyEnv(d);

// advertise the process with an object
d.advertise(toJson({details: 'about', this: 'service'}));

const CONFIG = {redisMaster: '10.0.1.4'};

function sendConfig() {
    try {
        d.send('config-updates', toJson(CONFIG));
    } catch (error) {
        emit('error', error.message);
    }
}

d.connect('promotion', (_d, me) => {
    // Launch things this master process should do: here, tell everyone
    // the configuration.
    emit('promotion', fromJson(me.to_json()));
    sendConfig();
});

d.connect('demotion', (_d, me) => {
    // End all master specific functions.
    emit('demotion', fromJson(me.to_json()));
});

d.connect('added', (_d, node) => {
    emit('added', fromJson(node.to_json()));
    if (d.is_master)
        sendConfig();
});

d.connect('removed', (_d, node) => {
    emit('removed', fromJson(node.to_json()));
});

d.connect('master', (_d, node) => {
    // A new master process has been selected.
    emit('master', fromJson(node.to_json()));
});

d.connect('error', (_d, error) => {
    emit('error', error.message);
});

// join a channel, and handle what arrives on it
d.connect('message::config-updates', (_d, channel, data, sender) => {
    emit('message', {channel, data: fromJson(data), from: sender ? sender.id : null});
});
if (!d.join('config-updates')) {
    printerr('could not join config-updates');
    System.exit(1);
}

run(d);
