#!/usr/bin/python3
"""The seed's ServiceDiscovery example (its README), in Python.

A web front end that advertises service.web, needs service.database.redis,
and sets up each candidate of service.database.mongo with a hook that
completes a moment later, as a real connection would. When both databases
are there it is ready, and says so in its advertisement; when one goes
away it is not. Promotions, demotions and new masters are printed.

One line per event on stdout: a word, then JSON.

    /usr/bin/python3 service-discovery.py

Something must offer the databases: for example the C example
service-register (examples/c), run as `service-register
service.database.redis` and `service-register service.database.mongo`.

It uses the seed's default options (broadcast on every interface, port
12345), so run it on a LAN you own or in a network namespace. To keep it on
this machine, set DISC_BROADCAST=127.255.255.255; DISC_PORT,
DISC_HELLO_INTERVAL, DISC_CHECK_INTERVAL and DISC_NODE_TIMEOUT (ms) are read
too, as by the C examples (examples/c/example-env.h).

Needs libdisc's typelib (Disc-1.0) and PyGObject (Debian: python3-gi).

SPDX-License-Identifier: MIT
"""

import json

import gi

gi.require_version("Disc", "1.0")
from gi.repository import Disc, GLib  # noqa: E402

from example_helpers import apply_env, emit, from_json, run, to_json  # noqa: E402

SETUP_DELAY_MS = 200


d = Disc.ServiceDiscovery()
apply_env(d)


def advertise(ready):
    d.advertise(to_json({"name": "service.web", "ready": ready}))
    emit("advertise", {"name": "service.web", "ready": ready})


# advertise the service
advertise(False)

# inform ServiceDiscovery which services are necessary to initialize
d.need("service.database.redis")


# setup also notifies ServiceDiscovery of necessary services
def setup_mongo(d, call):
    # Initialize the service, in this example by "connecting" to mongo. The
    # hook returns at once; the call is completed later, from the main loop.
    # Passing `call` to the timeout keeps it alive until then.
    service = json.loads(call.dup_info_json())
    emit("setup", {"service": call.props.service_name, "info": service,
                   "node": from_json(call.props.node.to_json())})
    GLib.timeout_add(SETUP_DELAY_MS, finish_setup, call)


def finish_setup(call):
    # Connected. If the database left meanwhile, the call was cancelled and
    # this does nothing. On failure: call.return_error(GLib.Error(...)).
    call.return_success()
    return GLib.SOURCE_REMOVE


d.setup("service.database.mongo", setup_mongo)


def services_json(services):
    """The seed's `services` argument: each needed service's name, mapped
    to what its candidates advertise."""
    result = {}
    for service in services:
        result[service.props.name] = [from_json(node.props.info) for node in service]
    return result


def on_ready(d, services):
    # ServiceDiscovery has discovered all services needed: start serving,
    # and let the load balancers know we're ready for connections.
    emit("ready", services_json(services))
    advertise(True)


def on_notready(d, name):
    emit("notready", {"service": name})
    advertise(False)


def on_service(d, name, node):
    emit("service", {"service": name, "node": from_json(node.to_json())})


def on_promotion(d, me):
    # Launch things this master process should do.
    emit("promotion", from_json(me.to_json()))


def on_demotion(d, me):
    # End all master specific functions.
    emit("demotion", from_json(me.to_json()))


def on_master(d, node):
    # A new master is in control.
    emit("master", from_json(node.to_json()))


def on_error(d, error):
    emit("error", error.message)


d.connect("ready", on_ready)
d.connect("notready", on_notready)
d.connect("service", on_service)
d.connect("promotion", on_promotion)
d.connect("demotion", on_demotion)
d.connect("master", on_master)
d.connect("error", on_error)

run(d)
