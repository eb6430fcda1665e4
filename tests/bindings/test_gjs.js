// libdisc through GObject introspection, from JavaScript (gjs).
//
// Several nodes in one process, on loopback (broadcast 127.255.255.255,
// the ports given in DISC_TEST_PORTS, one per test): discovery, node
// properties, info and messages as Json.Node, promote/demote, an
// asynchronous setup hook, and errors as GLib.Error in the Disc.Error
// domain. Every wait is bounded. Run by test_gjs.py:
//
//     DISC_TEST_PORTS=23001,23002,... gjs -m test_gjs.js
//
// SPDX-License-Identifier: MIT

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Json from 'gi://Json?version=1.0';
import Disc from 'gi://Disc?version=1.0';
import System from 'system';

const BROADCAST = '127.255.255.255';
const WAIT_MS = 10000;
const ports = (GLib.getenv('DISC_TEST_PORTS') ?? '').split(',').filter(p => p).map(Number);
if (ports.length === 0 || ports.some(p => !(p >= 20000 && p <= 29999))) {
    printerr('DISC_TEST_PORTS must list ports in 20000-29999');
    System.exit(2);
}

const NESTED = {
    name: 'nested',
    list: [1, 2.5, 'three', null, true, false, [], {}],
    deep: {a: [{b: [{c: 'ünïcødé ✓'}]}], n: -42},
    empty: '',
};

const toJson = value => Json.from_string(JSON.stringify(value));
const fromJson = node => node === null ? null : JSON.parse(Json.to_string(node, false));

function assert(condition, message) {
    if (!condition)
        throw new Error(`assertion failed: ${message}`);
}

function assertEqual(actual, expected, message) {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a !== e)
        throw new Error(`assertion failed: ${message}: got ${a}, expected ${e}`);
}

// Iterates the default main context until predicate() is true, for at
// most timeoutMs; returns its last value.
function runUntil(predicate, timeoutMs = WAIT_MS) {
    const context = GLib.MainContext.default();
    const deadline = GLib.get_monotonic_time() + timeoutMs * 1000;
    for (;;) {
        const result = predicate();
        if (result || GLib.get_monotonic_time() > deadline)
            return result;
        let wakeId = GLib.timeout_add(GLib.PRIORITY_DEFAULT, 50, () => {
            wakeId = 0;
            return GLib.SOURCE_REMOVE;
        });
        context.iteration(true);
        if (wakeId !== 0)
            GLib.source_remove(wakeId);
    }
}

const runFor = ms => runUntil(() => false, ms);

function assertDiscError(code, func) {
    try {
        func();
    } catch (error) {
        assert(error instanceof GLib.Error, `not a GLib.Error: ${error}`);
        assert(error.matches(Disc.Error, code), `not Disc.Error ${code}: ${error.message}`);
        assertEqual(error.domain, Disc.error_quark(), 'error domain');
        assertEqual(GLib.quark_to_string(error.domain), 'disc-error-quark', 'error domain name');
        assertEqual(error.code, code, 'error code');
        return error;
    }
    throw new Error(`no error thrown, expected Disc.Error ${code}`);
}

let nodes = [];

function make(port, props = {}, type = Disc.Discovery) {
    const d = new type({
        broadcast: BROADCAST,
        port,
        hello_interval: 100,
        check_interval: 200,
        node_timeout: 2000,
        master_timeout: 2000,
        ...props,
    });
    assertEqual(d.broadcast, BROADCAST, 'broadcast');
    nodes.push(d);
    return d;
}

const tests = {
    discoverEachOther(port) {
        const a = make(port, {weight: 0.9, host_name: 'alpha'});
        const b = make(port, {weight: 0.1, host_name: 'beta'});
        const addedA = [], addedB = [];
        a.connect('added', (_d, node) => addedA.push(node));
        b.connect('added', (_d, node) => addedB.push(node));
        a.advertise(toJson(NESTED));
        a.start();
        b.start();
        assert(a.running && a.is_running(), 'a is running');
        assert(runUntil(() => addedA.length && addedB.length), 'the two nodes did not find each other');

        const node = addedB[0];
        const meA = a.get_me();
        assert(node instanceof Disc.Node, 'added gives a Disc.Node');
        assertEqual(node.id, meA.id, 'id');
        assertEqual(node.get_id(), meA.get_id(), 'get_id');
        assertEqual(node.id.length, 32, 'id length');
        assertEqual(node.process_id, meA.process_id, 'process id');
        assertEqual(node.host_name, 'alpha', 'host name');
        assertEqual(node.address, '127.0.0.1', 'address');
        assertEqual(node.port, port, 'port');
        assert(Math.abs(node.weight - 0.9) < 1e-9, 'weight');
        assert(node.is_master_eligible, 'eligible');
        assert(node.last_seen > 1e12, 'last seen in ms since the epoch');
        assert(node.info instanceof Json.Node, 'info is a Json.Node');
        assertEqual(fromJson(node.info), NESTED, 'info round trip');
        assertEqual(fromJson(node.get_info()), NESTED, 'get_info');
        assertEqual(JSON.parse(node.dup_info_json()), NESTED, 'dup_info_json');
        const obj = fromJson(node.to_json());
        assertEqual([obj.id, obj.hostName, obj.info], [meA.id, 'alpha', NESTED], 'to_json');

        const list = b.get_nodes();
        assert(list instanceof Gio.ListModel, 'nodes is a Gio.ListModel');
        assertEqual(list.get_n_items(), 1, 'one node');
        assertEqual(list.get_item(0).id, meA.id, 'list item');
        assertEqual(b.lookup_node(meA.id).host_name, 'alpha', 'lookup');
        assertEqual(b.lookup_node('0'.repeat(32)), null, 'lookup of an unknown id');

        const notified = [];
        node.connect('notify::info', n => notified.push(fromJson(n.info)));
        a.advertise(toJson('i love nodejs'));
        assert(runUntil(() => notified.length && notified[notified.length - 1] === 'i love nodejs'),
            'the new advertisement did not arrive');
        a.advertise(null);
        assert(runUntil(() => node.info === null), 'info was not cleared');

        const removed = [];
        b.connect('removed', (_d, n) => removed.push(n.id));
        a.stop();
        assert(!a.running, 'a stopped');
        assert(runUntil(() => removed.length, 1500), 'no removed after the goodbye');
        assertEqual(removed, [meA.id], 'removed node');
    },

    channelMessageWithNestedJson(port) {
        const a = make(port), b = make(port);
        assert(b.join('config-updates'), 'join');
        assert(b.is_joined('config-updates'), 'joined');
        const detailed = [], undetailed = [];
        b.connect('message::config-updates', (_d, channel, data, sender) =>
            detailed.push([channel, fromJson(data), sender]));
        b.connect('message', (_d, channel) => undetailed.push(channel));
        let found = false;
        b.connect('added', () => (found = true));
        a.start();
        b.start();
        assert(runUntil(() => found), 'b did not find a');

        const big = {...NESTED, blob: 'q'.repeat(20000)};
        a.send('config-updates', toJson(big));
        a.send('not-joined', toJson({x: 1}));
        assert(runUntil(() => detailed.length), 'the message did not arrive');
        const [channel, data, sender] = detailed[0];
        assertEqual(channel, 'config-updates', 'channel');
        assertEqual(data, big, 'nested message round trip');
        assert(sender instanceof Disc.Node, 'sender is a Disc.Node');
        assertEqual(sender.id, a.get_me().id, 'sender');
        runFor(300);
        assertEqual(undetailed, ['config-updates'], 'only joined channels are delivered');
    },

    promoteAndDemote(port) {
        const a = make(port, {weight: 0.9}), b = make(port, {weight: 0.1});
        const ev = {a: [], b: []};
        for (const [name, d] of [['a', a], ['b', b]]) {
            for (const signal of ['promotion', 'demotion', 'master'])
                d.connect(signal, (_d, node) => ev[name].push([signal, node.id]));
        }
        a.start();
        b.start();
        const idA = a.get_me().id, idB = b.get_me().id;
        assert(runUntil(() => a.is_master && ev.b.some(([s, id]) => s === 'master' && id === idA)),
            'a was not elected');
        assert(ev.a.some(([s, id]) => s === 'promotion' && id === idA), 'promotion carries our node');
        assert(a.get_me().is_master, 'a is master');
        assert(!b.is_master, 'b is not master');

        b.promote();
        assert(runUntil(() => b.is_master && !a.is_master), 'the manual promotion did not stick');
        assert(ev.b.some(([s]) => s === 'promotion'), 'b promotion');
        assert(ev.a.some(([s]) => s === 'demotion'), 'a demotion');
        assert(runUntil(() => ev.a.some(([s, id]) => s === 'master' && id === idB)), 'a saw b as master');

        b.demote(false);
        assert(runUntil(() => a.is_master && !b.is_master), 'demote(false) did not hand mastership back');
        b.demote(true);
        assert(!b.master_eligible, 'demote(true) makes b ineligible');
    },

    asyncSetupHookThenReady(port) {
        const web = make(port, {}, Disc.ServiceDiscovery);
        const db = make(port, {}, Disc.ServiceDiscovery);
        const dbInfo = {name: 'test.db', config: {host: '127.0.0.1', port: 6379}};
        web.advertise(toJson({name: 'test.web', ready: false}));
        db.advertise(toJson(dbInfo));
        const order = [], calls = [];
        let readyServices = null;

        web.setup('test.db', (discovery, call) => {
            // Keep the call, and complete it later from the main loop.
            assert(discovery === web, 'the hook gets the service discovery');
            order.push('hook');
            calls.push(call);
            GLib.timeout_add(GLib.PRIORITY_DEFAULT, 300, () => {
                assert(!call.is_completed(), 'not completed yet');
                order.push('completed');
                call.return_success();
                assert(call.completed, 'completed');
                return GLib.SOURCE_REMOVE;
            });
        });
        assert(web.is_needed('test.db'), 'setup needs the service');
        web.connect('service', (_d, name, node) => order.push(`service ${name} ${node.id}`));
        web.connect('ready', (_d, services) => {
            order.push('ready');
            readyServices = services;
        });
        const notready = [];
        web.connect('notready', (_d, name) => notready.push(name));

        web.start();
        db.start();
        assert(runUntil(() => readyServices !== null), `web was never ready: ${order}`);
        assertEqual(order.slice(0, 4), ['hook', 'completed', `service test.db ${db.get_me().id}`, 'ready'],
            'order of events');
        // In gjs the is-ready property shadows the is_ready() method.
        assert(web.is_ready === true, 'is-ready');

        const call = calls[0];
        assert(call instanceof Disc.SetupCall, 'a Disc.SetupCall');
        assertEqual(call.service_name, 'test.db', 'service name');
        assertEqual(call.node.id, db.get_me().id, 'candidate');
        assertEqual(fromJson(call.info), dbInfo, 'call info');
        assertEqual(JSON.parse(call.dup_info_json()), dbInfo, 'call info as text');
        assert(!call.get_cancellable().is_cancelled(), 'not cancelled');

        assertEqual(readyServices.get_n_items(), 1, 'one service');
        const service = readyServices.get_item(0);
        assert(service instanceof Disc.Service, 'a Disc.Service');
        assertEqual([service.name, service.needed, service.get_n_candidates()], ['test.db', true, 1], 'service');
        assertEqual(service.get_item(0).id, db.get_me().id, 'candidate in the service');
        assertEqual(fromJson(service.get_item(0).info), dbInfo, 'candidate info');
        assertEqual(web.lookup_service('test.db').name, 'test.db', 'lookup_service');

        db.stop();
        assert(runUntil(() => notready.length), 'no notready after the goodbye');
        assertEqual(notready, ['test.db'], 'notready');
        assert(!web.is_ready, 'not ready any more');
    },

    failingHookReportsAGLibError(port) {
        const web = make(port, {}, Disc.ServiceDiscovery);
        const bad = make(port, {}, Disc.ServiceDiscovery);
        web.advertise(toJson({name: 'test.web'}));
        bad.advertise(toJson({name: 'test.bad'}));
        const errors = [];
        web.connect('error', (_d, error) => errors.push(error));
        web.setup('test.bad', (_d, call) => {
            GLib.timeout_add(GLib.PRIORITY_DEFAULT, 100, () => {
                call.return_error(new GLib.Error(Disc.Error, Disc.Error.NETWORK, 'no route to the database'));
                return GLib.SOURCE_REMOVE;
            });
        });
        web.start();
        bad.start();
        assert(runUntil(() => errors.length), 'no error signal');
        const error = errors[0];
        assert(error instanceof GLib.Error, 'a GLib.Error');
        assert(error.matches(Disc.Error, Disc.Error.NETWORK), `Disc.Error.NETWORK: ${error.message}`);
        assert(error.message.includes('test.bad') && error.message.includes('no route'), error.message);
    },

    errors(port) {
        const d = make(port);
        assertDiscError(Disc.Error.NOT_RUNNING, () => d.send('chat', toJson(1)));
        d.start();
        const error = assertDiscError(Disc.Error.RESERVED_CHANNEL, () => d.send('hello', toJson({x: 1})));
        assert(error.message.includes('hello'), error.message);
        assert(!d.join('hello'), 'join of a reserved channel');
        assertDiscError(Disc.Error.INVALID_CHANNEL, () => Disc.channel_name_is_valid(''));
        assert(Disc.channel_name_is_valid('config-updates'), 'a valid channel name');

        const bad = make(port, {node_timeout: 100, check_interval: 200});
        let invalid = null;
        try {
            bad.start();
        } catch (error) {
            invalid = error;
        }
        assert(invalid && invalid.matches(Disc.OptionError, Disc.OptionError.NODE_TIMEOUT),
            `not Disc.OptionError.NODE_TIMEOUT: ${invalid}`);

        const service = make(port, {}, Disc.ServiceDiscovery);
        assertDiscError(Disc.Error.INVALID_INFO, () => service.advertise(toJson({no: 'name'})));
    },
};

const names = Object.keys(tests);
if (ports.length < names.length) {
    printerr(`DISC_TEST_PORTS needs ${names.length} ports`);
    System.exit(2);
}
print(`1..${names.length}`);
let failed = 0;
names.forEach((name, i) => {
    try {
        tests[name](ports[i]);
        print(`ok ${i + 1} ${name}`);
    } catch (error) {
        failed++;
        print(`not ok ${i + 1} ${name}`);
        for (const line of `${error}\n${error.stack ?? ''}`.split('\n'))
            print(`# ${line}`);
    } finally {
        for (const d of nodes)
            d.stop();
        nodes = [];
        runFor(50);
    }
});
System.exit(failed ? 1 : 0);
