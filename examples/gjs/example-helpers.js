// What the gjs examples share, so each shows only its own logic.
//
// The optional network settings of examples/c/example-env.h, JSON both
// ways, the one-line event output the tests read, and running a node until
// Ctrl-C or SIGTERM (examples/c/example-main.h). The examples import it
// by a path relative to their own file, so run them with `gjs -m`.
//
// SPDX-License-Identifier: MIT

import GLib from 'gi://GLib';
import Json from 'gi://Json?version=1.0';
import System from 'system';

// The optional settings of examples/c/example-env.h.
export function applyEnv(d) {
    const broadcast = GLib.getenv('DISC_BROADCAST');
    if (broadcast)
        d.broadcast = broadcast;
    for (const [variable, properties] of [
        ['DISC_PORT', ['port']],
        ['DISC_HELLO_INTERVAL', ['hello-interval']],
        ['DISC_CHECK_INTERVAL', ['check-interval']],
        ['DISC_NODE_TIMEOUT', ['node-timeout', 'master-timeout']],
    ]) {
        const text = GLib.getenv(variable);
        if (!text)
            continue;
        if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
            printerr(`${variable}: “${text}” is not a positive number`);
            System.exit(2);
        }
        for (const name of properties)
            d.set_property(name, Number(text));
    }
}

// A Json.Node as a JavaScript value, and back.
export const fromJson = node => node === null ? null : JSON.parse(Json.to_string(node, false));
export const toJson = value => Json.from_string(JSON.stringify(value));

// One line per event on stdout: a word, then JSON.
export function emit(event, value) {
    print(`${event} ${JSON.stringify(value)}`);
}

// Starts d, prints "started" with this node, and runs the main loop until
// SIGINT or SIGTERM. Then it returns (instead of the default abrupt exit)
// through d.stop(): the goodbye, so that peers drop this node at once
// instead of after their node-timeout.
export function run(d) {
    try {
        d.start();
    } catch (error) {
        printerr(`start: ${error.message}`);
        System.exit(1);
    }
    emit('started', fromJson(d.get_me().to_json()));

    const loop = new GLib.MainLoop(null, false);
    for (const signum of [2 /* SIGINT */, 15 /* SIGTERM */]) {
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, () => {
            loop.quit();
            return GLib.SOURCE_REMOVE;
        });
    }
    loop.run();

    d.stop();
    emit('stopped', null);
}
