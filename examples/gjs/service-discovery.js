#!/usr/bin/env -S gjs -m
// The seed's ServiceDiscovery example (its README), in JavaScript for gjs.
//
// A web front end that advertises service.web, needs
// service.database.redis, and sets up each candidate of
// service.database.mongo with a hook that completes a moment later, as a
// real connection would. When both databases are there it is ready, and
// says so in its advertisement; when one goes away it is not. Promotions,
// demotions and new masters are printed.
//
// One line per event on stdout: a word, then JSON.
//
//     gjs -m service-discovery.js
//
// Something must offer the databases: for example the C example
// service-register (examples/c), run as `service-register
// service.database.redis` and `service-register service.database.mongo`.
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

import GLib from 'gi://GLib';
import Disc from 'gi://Disc?version=1.0';

import {applyEnv, emit, fromJson, run, toJson} from './example-helpers.js';

const SETUP_DELAY_MS = 200;

const d = new Disc.ServiceDiscovery();
applyEnv(d);

function advertise(ready) {
    d.advertise(toJson({name: 'service.web', ready}));
    emit('advertise', {name: 'service.web', ready});
}

// advertise the service
advertise(false);

// inform ServiceDiscovery which services are necessary to initialize
d.need('service.database.redis');

// setup also notifies ServiceDiscovery of necessary services
d.setup('service.database.mongo', (_d, call) => {
    // Initialize the service, in this example by "connecting" to mongo. The
    // hook returns at once; the call is completed later, from the main
    // loop. The closure keeps `call` alive until then.
    const service = JSON.parse(call.dup_info_json());
    emit('setup', {service: call.service_name, info: service, node: fromJson(call.node.to_json())});
    GLib.timeout_add(GLib.PRIORITY_DEFAULT, SETUP_DELAY_MS, () => {
        // Connected. If the database left meanwhile, the call was
        // cancelled and this does nothing. On failure:
        // call.return_error(new GLib.Error(...)).
        call.return_success();
        return GLib.SOURCE_REMOVE;
    });
});

// The seed's `services` argument: each needed service's name, mapped to
// what its candidates advertise.
function servicesJson(services) {
    const result = {};
    for (let i = 0; i < services.get_n_items(); i++) {
        const service = services.get_item(i);
        result[service.name] = [];
        for (let j = 0; j < service.get_n_items(); j++)
            result[service.name].push(fromJson(service.get_item(j).info));
    }
    return result;
}

d.connect('ready', (_d, services) => {
    // ServiceDiscovery has discovered all services needed: start serving,
    // and let the load balancers know we're ready for connections.
    emit('ready', servicesJson(services));
    advertise(true);
});

d.connect('notready', (_d, name) => {
    emit('notready', {service: name});
    advertise(false);
});

d.connect('service', (_d, name, node) => {
    emit('service', {service: name, node: fromJson(node.to_json())});
});

d.connect('promotion', (_d, me) => {
    // Launch things this master process should do.
    emit('promotion', fromJson(me.to_json()));
});

d.connect('demotion', (_d, me) => {
    // End all master specific functions.
    emit('demotion', fromJson(me.to_json()));
});

d.connect('master', (_d, node) => {
    // A new master is in control.
    emit('master', fromJson(node.to_json()));
});

d.connect('error', (_d, error) => {
    emit('error', error.message);
});

run(d);
