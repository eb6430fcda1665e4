#!/usr/bin/python3
"""libdisc through GObject introspection, from Python (PyGObject).

Several nodes in one process, on loopback (broadcast 127.255.255.255, a
free port per test): discovery, node properties, info and messages as
Json.Node, promote/demote, an asynchronous setup hook, key rotation with
the aes-256-gcm keyring, remote control with its async call, and errors as
GLib.Error in the Disc.Error domain. Every wait is bounded.

Run with GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at build/libdisc.
"""

import json
import os
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402

try:
    import gi
except ImportError:
    bt.skip("PyGObject (python3-gi) is not installed for " + sys.executable)

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("Json", "1.0")
gi.require_version("Disc", "1.0")
from gi.repository import Disc, Gio, GLib, Json  # noqa: E402

WAIT = 10  # seconds, for anything on the network

NESTED = {
    "name": "nested",
    "list": [1, 2.5, "three", None, True, False, [], {}],
    "deep": {"a": [{"b": [{"c": "ünïcødé ✓"}]}], "n": -42},
    "empty": "",
}


def to_json(value):
    return Json.from_string(json.dumps(value))


def from_json(node):
    return None if node is None else json.loads(Json.to_string(node, False))


def run_until(predicate, timeout=WAIT):
    """Iterates the default main context until predicate() is true, for at
    most timeout seconds; returns its last value."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        wake = GLib.timeout_source_new(50)
        wake.set_callback(lambda *args: GLib.SOURCE_REMOVE)
        wake.attach(context)
        context.iteration(True)
        wake.destroy()


def run_for(seconds):
    run_until(lambda: False, seconds)


class Recorder:
    """Records the emissions of some signals, as (name, args)."""

    def __init__(self, obj, *names):
        self.events = []
        for name in names:
            obj.connect(name, self._record, name)

    def _record(self, obj, *args):
        name = args[-1]
        self.events.append((name, args[:-1]))

    def args(self, name):
        return [args for event, args in self.events if event == name]

    def names(self):
        return [event for event, args in self.events]


class BindingTestCase(unittest.TestCase):
    def setUp(self):
        self.port = bt.free_port()
        self.nodes = []

    def tearDown(self):
        for d in self.nodes:
            d.stop()
        run_for(0.05)

    def make(self, cls=Disc.Discovery, **props):
        props.setdefault("broadcast", bt.BROADCAST)
        props.setdefault("port", self.port)
        props.setdefault("hello_interval", 100)
        props.setdefault("check_interval", 200)
        props.setdefault("node_timeout", 2000)
        props.setdefault("master_timeout", 2000)
        d = cls(**props)
        self.assertEqual(d.props.broadcast, bt.BROADCAST)
        self.nodes.append(d)
        return d

    def assert_option_error(self, code, function, *args):
        with self.assertRaises(GLib.Error) as raised:
            function(*args)
        error = raised.exception
        self.assertEqual(error.domain, GLib.quark_to_string(Disc.option_error_quark()))
        self.assertTrue(error.matches(Disc.option_error_quark(), code))
        return error

    def assert_disc_error(self, code, function, *args):
        with self.assertRaises(GLib.Error) as raised:
            function(*args)
        error = raised.exception
        self.assertEqual(error.domain, "disc-error-quark")
        self.assertEqual(GLib.quark_to_string(Disc.error_quark()), "disc-error-quark")
        self.assertEqual(error.code, code)
        self.assertTrue(error.matches(Disc.error_quark(), code))
        return error


class DiscoveryTests(BindingTestCase):
    def test_discover_each_other(self):
        a = self.make(weight=0.9, host_name="alpha")
        b = self.make(weight=0.1, host_name="beta")
        added_a = Recorder(a, "added")
        added_b = Recorder(b, "added")
        a.advertise(to_json(NESTED))

        a.start()
        b.start()
        self.assertTrue(a.is_running() and a.props.running)
        self.assertTrue(run_until(lambda: added_a.args("added") and added_b.args("added")),
                        "the two nodes did not find each other")

        (node,), = added_b.args("added")
        self.assertIsInstance(node, Disc.Node)
        me_a = a.get_me()
        self.assertEqual(node.props.id, me_a.props.id)
        self.assertEqual(node.get_id(), me_a.get_id())
        self.assertEqual(len(node.props.id), 32)
        self.assertEqual(node.props.process_id, me_a.props.process_id)
        self.assertEqual(node.props.host_name, "alpha")
        self.assertEqual(node.get_host_name(), "alpha")
        self.assertEqual(node.props.address, "127.0.0.1")
        self.assertEqual(node.props.port, self.port)
        self.assertEqual(node.get_port(), self.port)
        self.assertAlmostEqual(node.props.weight, 0.9)
        self.assertTrue(node.props.is_master_eligible)
        self.assertGreater(node.props.last_seen, 0)
        self.assertGreater(node.get_last_seen(), 1_000_000_000_000)  # ms since the epoch

        # The info, as a Json.Node and as text.
        info = node.props.info
        self.assertIsInstance(info, Json.Node)
        self.assertEqual(from_json(info), NESTED)
        self.assertEqual(from_json(node.get_info()), NESTED)
        self.assertEqual(json.loads(node.dup_info_json()), NESTED)

        # The node object of node-discovery, as a Json.Node.
        obj = from_json(node.to_json())
        self.assertEqual(obj["id"], me_a.props.id)
        self.assertEqual(obj["hostName"], "alpha")
        self.assertEqual(obj["info"], NESTED)

        # The live list model and the lookup give the same node.
        nodes = b.get_nodes()
        self.assertIsInstance(nodes, Gio.ListModel)
        self.assertEqual(nodes.get_n_items(), 1)
        self.assertEqual(nodes.get_item(0).props.id, me_a.props.id)
        self.assertIs(b.props.nodes.get_item(0), nodes.get_item(0))
        self.assertEqual(b.lookup_node(me_a.props.id).props.host_name, "alpha")
        self.assertIsNone(b.lookup_node("0" * 32))
        self.assertGreater(b.get_received_count(), 0)
        self.assertGreater(a.get_sent_count(), 0)

        # A new advertisement reaches the peer's node in place.
        notified = []
        node.connect("notify::info", lambda n, pspec: notified.append(from_json(n.props.info)))
        a.advertise(to_json("i love nodejs"))
        self.assertTrue(run_until(lambda: notified and notified[-1] == "i love nodejs"),
                        "the new advertisement did not arrive: %r" % notified)
        a.advertise(None)
        self.assertTrue(run_until(lambda: node.props.info is None), "info was not cleared")
        self.assertIsNone(node.dup_info_json())

        # A goodbye removes the node at once.
        removed = Recorder(b, "removed")
        a.stop()
        self.assertFalse(a.props.running)
        self.assertTrue(run_until(lambda: removed.args("removed"), 1.5), "no removed after the goodbye")
        self.assertEqual(removed.args("removed")[0][0].props.id, me_a.props.id)
        self.assertEqual(removed.args("removed")[0][0].props.leave_reason, Disc.LeaveReason.GOODBYE)
        self.assertEqual(b.get_nodes().get_n_items(), 0)

    def test_channel_message_with_nested_json(self):
        a = self.make()
        b = self.make()
        self.assertTrue(b.join("config-updates"))
        self.assertTrue(b.is_joined("config-updates"))
        detailed, undetailed = [], []
        b.connect("message::config-updates",
                  lambda d, channel, data, sender: detailed.append((channel, from_json(data), sender)))
        b.connect("message", lambda d, channel, data, sender: undetailed.append(channel))
        found = Recorder(b, "added")
        a.start()
        b.start()
        self.assertTrue(run_until(lambda: found.args("added")), "b did not find a")

        big = dict(NESTED, blob="q" * 20000)  # several datagrams
        a.send("config-updates", to_json(big))
        a.send("not-joined", to_json({"x": 1}))
        self.assertTrue(run_until(lambda: detailed), "the message did not arrive")
        channel, data, sender = detailed[0]
        self.assertEqual(channel, "config-updates")
        self.assertEqual(data, big)
        self.assertIsInstance(sender, Disc.Node)
        self.assertEqual(sender.props.id, a.get_me().props.id)
        run_for(0.3)
        self.assertEqual(undetailed, ["config-updates"])

        self.assertTrue(b.leave("config-updates"))
        self.assertFalse(b.is_joined("config-updates"))
        a.send("config-updates", to_json([1, [2, [3]]]))
        run_for(0.3)
        self.assertEqual(len(detailed), 1)

    def test_promote_and_demote(self):
        a = self.make(weight=0.9)
        b = self.make(weight=0.1)
        events_a = Recorder(a, "promotion", "demotion", "master")
        events_b = Recorder(b, "promotion", "demotion", "master")
        a.start()
        b.start()
        self.assertTrue(run_until(lambda: a.props.is_master and events_b.args("master")),
                        "a was not elected")
        (me,), = events_a.args("promotion")
        self.assertIsInstance(me, Disc.Node)
        self.assertEqual(me.props.id, a.get_me().props.id)
        self.assertTrue(a.get_me().props.is_master)
        self.assertEqual(events_b.args("master")[-1][0].props.id, a.get_me().props.id)
        self.assertFalse(b.props.is_master)

        b.promote()
        self.assertTrue(run_until(lambda: b.props.is_master and not a.props.is_master),
                        "the manual promotion did not stick")
        self.assertTrue(events_b.args("promotion"))
        self.assertTrue(events_a.args("demotion"))
        self.assertTrue(run_until(lambda: any(n.props.id == b.get_me().props.id
                                              for (n,) in events_a.args("master"))))

        b.demote(False)
        self.assertTrue(run_until(lambda: a.props.is_master and not b.props.is_master),
                        "demote(False) did not hand mastership back")
        self.assertTrue(events_b.args("demotion"))

        b.demote(True)
        self.assertFalse(b.props.master_eligible)
        self.assertFalse(b.get_me().props.is_master_eligible)


class ServiceDiscoveryTests(BindingTestCase):
    def test_async_setup_hook_then_ready(self):
        web = self.make(Disc.ServiceDiscovery)
        db = self.make(Disc.ServiceDiscovery)
        order = []
        calls = []
        db_info = {"name": "test.db", "config": {"host": "127.0.0.1", "port": 6379}}
        web.advertise(to_json({"name": "test.web", "ready": False}))
        db.advertise(to_json(db_info))

        def complete(call):
            self.assertFalse(call.is_completed())
            order.append("completed")
            call.return_success()
            self.assertTrue(call.props.completed)
            return GLib.SOURCE_REMOVE

        def hook(discovery, call, extra):
            # Keep the call, and complete it later from the main loop.
            self.assertIs(discovery, web)
            self.assertEqual(extra, "user data")
            order.append("hook")
            calls.append(call)
            GLib.timeout_add(300, complete, call)

        web.setup("test.db", hook, "user data")
        self.assertTrue(web.is_needed("test.db"))
        events = Recorder(web, "service", "ready", "notready")
        web.connect("ready", lambda d, services: order.append("ready"))
        web.connect("service", lambda d, name, node: order.append("service"))

        web.start()
        db.start()
        self.assertTrue(run_until(lambda: events.args("ready")), "web was never ready: %r" % order)
        self.assertEqual(order[:4], ["hook", "completed", "service", "ready"])
        self.assertTrue(web.props.is_ready and web.is_ready())

        call = calls[0]
        self.assertIsInstance(call, Disc.SetupCall)
        self.assertEqual(call.props.service_name, "test.db")
        self.assertEqual(call.get_service_name(), "test.db")
        self.assertEqual(call.props.node.props.id, db.get_me().props.id)
        self.assertEqual(from_json(call.props.info), db_info)
        self.assertEqual(json.loads(call.dup_info_json()), db_info)
        self.assertIsInstance(call.get_cancellable(), Gio.Cancellable)
        self.assertFalse(call.get_cancellable().is_cancelled())

        (services,), = events.args("ready")
        self.assertIsInstance(services, Gio.ListModel)
        self.assertEqual(services.get_n_items(), 1)
        service = services.get_item(0)
        self.assertIsInstance(service, Disc.Service)
        self.assertEqual(service.props.name, "test.db")
        self.assertTrue(service.props.needed)
        self.assertEqual(service.get_n_candidates(), 1)
        self.assertEqual(service.get_item(0).props.id, db.get_me().props.id)
        self.assertEqual(from_json(service.get_candidates().get_item(0).props.info), db_info)
        self.assertIs(web.lookup_service("test.db"), service)
        self.assertEqual(web.get_services().get_n_items(), 1)

        name, node = events.args("service")[0]
        self.assertEqual(name, "test.db")
        self.assertEqual(node.props.id, db.get_me().props.id)

        # The database stops: web is not ready any more.
        db.stop()
        self.assertTrue(run_until(lambda: events.args("notready")), "no notready after the goodbye")
        self.assertEqual(events.args("notready")[0], ("test.db",))
        self.assertFalse(web.props.is_ready)

    def test_failing_hook_reports_a_glib_error(self):
        web = self.make(Disc.ServiceDiscovery)
        bad = self.make(Disc.ServiceDiscovery)
        web.advertise(to_json({"name": "test.web"}))
        bad.advertise(to_json({"name": "test.bad"}))
        errors = []
        web.connect("error", lambda d, error: errors.append(error))

        def fail_later(call):
            call.return_error(GLib.Error.new_literal(Disc.error_quark(), "no route to the database",
                                                     Disc.Error.NETWORK))
            return GLib.SOURCE_REMOVE

        web.setup("test.bad", lambda d, call: GLib.timeout_add(100, fail_later, call))
        web.start()
        bad.start()
        self.assertTrue(run_until(lambda: errors), "no error signal")
        error = errors[0]
        self.assertIsInstance(error, GLib.Error)
        self.assertEqual(error.domain, "disc-error-quark")
        self.assertEqual(error.code, Disc.Error.NETWORK)
        self.assertTrue(error.matches(Disc.error_quark(), Disc.Error.NETWORK))
        self.assertIn("test.bad", error.message)
        self.assertIn("no route to the database", error.message)
        self.assertFalse(web.props.is_ready)


class ErrorTests(BindingTestCase):
    def test_reserved_channel(self):
        d = self.make()
        d.start()
        error = self.assert_disc_error(Disc.Error.RESERVED_CHANNEL, d.send, "hello", to_json({"x": 1}))
        self.assertIn("hello", error.message)
        self.assertFalse(d.join("hello"))
        self.assert_disc_error(Disc.Error.INVALID_CHANNEL, Disc.channel_name_is_valid, "")
        self.assertTrue(Disc.channel_name_is_valid("config-updates"))

    def test_json_from_string(self):
        """Typed JSON is read as peers read it (issue #16): 2**64 as the
        double JSON.parse makes (Json.from_string reads -1), and a lone
        surrogate escape refused with its place."""
        self.assertEqual(from_json(Disc.json_from_string("[18446744073709551616]")),
                         [18446744073709551616.0])
        error = self.assert_disc_error(Disc.Error.INVALID_JSON, Disc.json_from_string, '"\\ud800"')
        self.assertIn("line 1, column 2", error.message)

    def test_not_running(self):
        d = self.make()
        self.assert_disc_error(Disc.Error.NOT_RUNNING, d.send, "chat", to_json(1))

    def test_invalid_option(self):
        """A bad option at start names its property in the error's code,
        read without parsing the message."""
        d = self.make(node_timeout=100, check_interval=200)
        error = self.assert_option_error(Disc.OptionError.NODE_TIMEOUT, d.start)
        self.assertEqual(Disc.OptionError(error.code).value_nick, "node-timeout")
        self.assertFalse(d.props.running)
        d.props.node_timeout = 2000
        d.props.address = "not an address"
        error = self.assert_option_error(Disc.OptionError.ADDRESS, d.check_options)
        self.assertEqual(Disc.OptionError(error.code).value_nick, "address")

    def test_enum_properties(self):
        """ignore and dialect are enums, visible as such through GI."""
        d = self.make()
        self.assertEqual(d.find_property("ignore").value_type, Disc.Ignore.__gtype__)
        self.assertEqual(d.find_property("dialect").value_type, Disc.Dialect.__gtype__)
        self.assertEqual(d.props.ignore, Disc.Ignore.SELF)
        d.props.dialect = Disc.Dialect.PLAIN
        self.assertEqual(d.props.dialect, Disc.Dialect.PLAIN)
        self.assertEqual(d.props.dialect.value_nick, "plain")

    def test_none_means_the_default(self):
        """None for a string option with a default (address, algorithm,
        host-name) gives that default back, not an invalid value.
        Regression: algorithm=None failed start with “unknown algorithm”."""
        d = self.make(algorithm="aes-256-gcm", address="127.0.0.1", host_name="x")
        for name in ("algorithm", "address", "host-name"):
            d.set_property(name, None)
        self.assertEqual(d.props.algorithm, "aes256")
        self.assertEqual(d.props.address, "0.0.0.0")
        self.assertTrue(d.props.host_name)
        self.assertTrue(d.check_options())

    def test_invalid_info(self):
        d = self.make(Disc.ServiceDiscovery)
        self.assert_disc_error(Disc.Error.INVALID_INFO, d.advertise, to_json({"no": "name"}))

    def test_all_channels(self):
        """With all-channels a node hears channels it did not join, without a
        detail, and never makes a quark of their names."""
        a = self.make()
        b = self.make(all_channels=True)
        b.join("joined")
        detailed, undetailed = [], []
        b.connect("message::joined", lambda d, ch, data, sender: detailed.append(ch))
        b.connect("message", lambda d, ch, data, sender: undetailed.append(ch))
        a.start()
        b.start()
        a.send("joined", to_json(1))
        a.send("not-joined-zq", to_json(2))
        self.assertTrue(run_until(lambda: len(undetailed) >= 2), "messages: %r" % undetailed)
        self.assertEqual(sorted(undetailed), ["joined", "not-joined-zq"])
        self.assertEqual(detailed, ["joined"])
        self.assertEqual(GLib.quark_try_string("not-joined-zq"), 0)
        b.props.all_channels = False
        a.send("not-joined-zq", to_json(3))
        a.send("joined", to_json(4))
        self.assertTrue(run_until(lambda: len(detailed) >= 2))
        run_for(0.2)
        self.assertEqual(undetailed.count("not-joined-zq"), 1)

    def test_drop_started(self):
        """A new kind of drop is signalled once, with its source, whatever the
        flood, and without ignore-data-errors being turned off."""
        d = self.make()
        started = []
        d.connect("drop-started", lambda d, reason, address: started.append((reason, address)))
        d.start()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            for _ in range(20):
                sender.sendto(b"{not json", ("127.0.0.1", self.port))
        self.assertTrue(run_until(lambda: d.get_drop_count(Disc.DropReason.JSON) >= 20),
                        "the datagrams were not dropped")
        self.assertEqual(started, [(Disc.DropReason.JSON, "127.0.0.1")])
        self.assertEqual(d.get_drop_source_count(Disc.DropReason.JSON), 1)
        self.assertEqual(d.list_drop_sources(Disc.DropReason.JSON), ["127.0.0.1"])
        self.assertEqual(d.list_drop_sources(Disc.DropReason.DECRYPT), [])

    def test_bad_packet_through_the_error_signal(self):
        d = self.make(ignore_data_errors=False)
        errors = []
        d.connect("error", lambda d, error: errors.append(error))
        d.start()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"{not json", ("127.0.0.1", self.port))
        self.assertTrue(run_until(lambda: errors), "no error for a bad packet")
        self.assertTrue(errors[0].matches(Disc.error_quark(), Disc.Error.BAD_PACKET))
        self.assertGreaterEqual(d.get_drop_total(), 1)
        self.assertGreaterEqual(d.get_drop_count(Disc.DropReason.JSON), 1)


class KeyringTests(BindingTestCase):
    def test_keyring_rotation(self):
        """The keyring from Python: a key added on both sides, used by one,
        the old one removed; the nodes never lose each other."""
        gcm = dict(algorithm="aes-256-gcm", key="old passphrase")
        a = self.make(weight=0.9, **gcm)
        b = self.make(weight=0.1, **gcm)
        removed = Recorder(a, "removed")
        a.start()
        b.start()
        b_id = b.get_me().props.id
        self.assertTrue(run_until(lambda: any(n.props.id == b_id for n in a.get_nodes())), "discovery")

        self.assertEqual(len(a.list_keys()), 1)
        for d in (a, b):
            self.assertTrue(d.add_key("new passphrase"))
        old_id, new_id = a.list_keys()
        self.assertEqual(b.list_keys(), [old_id, new_id])
        self.assertTrue(b.use_key("new passphrase"))
        self.assertEqual(b.list_keys(), [new_id, old_id])
        run_for(0.5)
        self.assertTrue(a.use_key("new passphrase"))
        run_for(0.5)   # packets sealed with the old key may still be in flight
        for d in (a, b):
            self.assertTrue(d.remove_key("old passphrase"))
            self.assertEqual(d.list_keys(), [new_id])
        self.assert_option_error(Disc.OptionError.KEY, a.remove_key, "new passphrase")
        self.assert_option_error(Disc.OptionError.KEY, a.use_key, "old passphrase")
        received_before = a.get_received_count()
        self.assertTrue(run_until(lambda: a.get_received_count() >= received_before + 5))
        self.assertEqual(removed.args("removed"), [])
        self.assertEqual(a.get_drop_count(Disc.DropReason.DECRYPT), 0)

        legacy = self.make(key="k")
        self.assert_option_error(Disc.OptionError.ALGORITHM, legacy.add_key, "k2")


class RemoteControlTests(BindingTestCase):
    def control(self, sender, target_id, action):
        """disc_discovery_control_async() and _finish(), from Python."""
        result = {}

        def done(source, res):
            try:
                result["accepted"] = source.control_finish(res)
            except GLib.Error as error:
                result["error"] = error
        sender.control_async(target_id, action, None, done)
        self.assertTrue(run_until(lambda: result), "no answer")
        return result

    def test_promote_then_refused(self):
        """A node is promoted by another through the async call, which
        announces the request first; one that did not opt in refuses with a
        Disc.ControlError; remote-control without aes-256-gcm fails at start."""
        gcm = dict(algorithm="aes-256-gcm", key="remote control")
        target = self.make(weight=0.1, remote_control=True, **gcm)
        closed = self.make(weight=0.2, **gcm)
        sender = self.make(weight=0.9, **gcm)
        requests = []
        target.connect("control-request",
                       lambda d, sender_id, address, action, accepted:
                       requests.append((sender_id, address, action, accepted, d.get_me().props.is_master)))
        for d in (target, closed, sender):
            d.start()
        ids = {d: d.get_me().props.id for d in (target, closed, sender)}
        self.assertTrue(run_until(lambda: {ids[target], ids[closed]} <= {n.props.id for n in sender.get_nodes()}))
        self.assertTrue(sender.lookup_node(ids[target]).props.accepts_control)
        self.assertFalse(sender.lookup_node(ids[closed]).props.accepts_control)

        self.assertEqual(self.control(sender, ids[target], Disc.ControlAction.PROMOTE), {"accepted": True})
        self.assertTrue(target.get_me().props.is_master)
        # Announced before it was applied: not master yet when the handler ran.
        self.assertEqual(requests, [(ids[sender], "127.0.0.1", Disc.ControlAction.PROMOTE, True, False)])

        error = self.control(sender, ids[closed], Disc.ControlAction.PROMOTE)["error"]
        self.assertTrue(error.matches(Disc.control_error_quark(), Disc.ControlError.NOT_OPTED_IN))
        self.assertFalse(closed.get_me().props.is_master)

        legacy = self.make(remote_control=True, key="k")
        self.assert_option_error(Disc.OptionError.REMOTE_CONTROL, legacy.start)


if __name__ == "__main__":
    unittest.main(verbosity=2)
