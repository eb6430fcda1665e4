"""What the Python examples share, so each shows only its own logic.

The optional network settings of examples/c/example-env.h, JSON both ways,
the one-line event output the tests read, and running a node until Ctrl-C
or SIGTERM (examples/c/example-main.h). The examples import it from
their own folder: run them from there or by their path.

SPDX-License-Identifier: MIT
"""

import json
import os
import signal
import sys

import gi

gi.require_version("Json", "1.0")
from gi.repository import GLib, Json  # noqa: E402


def apply_env(d):
    """The optional settings of examples/c/example-env.h."""
    broadcast = os.environ.get("DISC_BROADCAST")
    if broadcast:
        d.props.broadcast = broadcast
    for variable, properties in (("DISC_PORT", ["port"]),
                                 ("DISC_HELLO_INTERVAL", ["hello-interval"]),
                                 ("DISC_CHECK_INTERVAL", ["check-interval"]),
                                 ("DISC_NODE_TIMEOUT", ["node-timeout", "master-timeout"])):
        text = os.environ.get(variable)
        if not text:
            continue
        if not text.isdigit() or int(text) < 1:
            sys.exit("%s: “%s” is not a positive number" % (variable, text))
        for name in properties:
            d.set_property(name, int(text))


def from_json(node):
    """A Json.Node as a Python value."""
    return None if node is None else json.loads(Json.to_string(node, False))


def to_json(value):
    """A Python value as a Json.Node."""
    return Json.from_string(json.dumps(value))


def emit(event, value):
    """One line per event on stdout: a word, then JSON."""
    print(event, json.dumps(value, separators=(",", ":")), flush=True)


def run(d):
    """Starts @d, prints "started" with this node, and runs the main loop
    until SIGINT or SIGTERM. Then it returns (instead of the default abrupt
    exit) through d.stop(): the goodbye, so that peers drop this node at
    once instead of after their node-timeout."""
    try:
        d.start()
    except GLib.Error as error:
        sys.exit("start: " + error.message)
    emit("started", from_json(d.get_me().to_json()))

    loop = GLib.MainLoop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, lambda: loop.quit() or GLib.SOURCE_REMOVE)
    loop.run()

    d.stop()
    emit("stopped", None)
