#!/usr/bin/python3
"""The seed's low-level Discovery example (its README), in Python.

Advertises an object, prints nodes as they are added and removed and who
is master, and, on the "config-updates" channel, prints every message; a
master sends its configuration on that channel when it is promoted and
whenever a node is added (the seed's `join` and `send` examples).

One line per event on stdout: a word, then JSON.

    /usr/bin/python3 discovery.py

It uses the seed's default options (broadcast on every interface, port
12345), so run it on a LAN you own or in a network namespace. To keep it on
this machine, set DISC_BROADCAST=127.255.255.255; DISC_PORT,
DISC_HELLO_INTERVAL, DISC_CHECK_INTERVAL and DISC_NODE_TIMEOUT (ms) are read
too, as by the C examples (examples/c/example-env.h).

Needs libdisc's typelib (Disc-1.0) and PyGObject (Debian: python3-gi).

SPDX-License-Identifier: MIT
"""

import sys

import gi

gi.require_version("Disc", "1.0")
from gi.repository import Disc, GLib  # noqa: E402

from example_helpers import apply_env, emit, from_json, run, to_json  # noqa: E402


d = Disc.Discovery()
apply_env(d)

# advertise the process with an object
d.advertise(to_json({"details": "about", "this": "service"}))

CONFIG = {"redisMaster": "10.0.1.4"}


def send_config():
    try:
        d.send("config-updates", to_json(CONFIG))
    except GLib.Error as error:
        emit("error", error.message)


def on_promotion(d, me):
    # Launch things this master process should do: here, tell everyone
    # the configuration.
    emit("promotion", from_json(me.to_json()))
    send_config()


def on_demotion(d, me):
    # End all master specific functions.
    emit("demotion", from_json(me.to_json()))


def on_added(d, node):
    emit("added", from_json(node.to_json()))
    if d.props.is_master:
        send_config()


def on_removed(d, node):
    emit("removed", from_json(node.to_json()))


def on_master(d, node):
    # A new master process has been selected.
    emit("master", from_json(node.to_json()))


def on_config_update(d, channel, data, sender):
    emit("message", {"channel": channel, "data": from_json(data),
                     "from": sender.props.id if sender else None})


def on_error(d, error):
    emit("error", error.message)


d.connect("promotion", on_promotion)
d.connect("demotion", on_demotion)
d.connect("added", on_added)
d.connect("removed", on_removed)
d.connect("master", on_master)
d.connect("error", on_error)

# join a channel, and handle what arrives on it
d.connect("message::config-updates", on_config_update)
if not d.join("config-updates"):
    sys.exit("could not join config-updates")

run(d)
