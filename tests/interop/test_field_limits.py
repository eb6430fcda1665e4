#!/usr/bin/python3
"""Every field a node sends, against every receiver's limits (issue #14, 3).

For each value of each field a libdisc node sends (host name, weight,
advertised info: size and depth, channel name, message: size, depth and
falsy data, unicast list), a libdisc node is started through GObject
introspection (field_sender.py) in each dialect. Either the library
refuses the value at start(), advertise() or send() with a GError whose
message names the option, or every receiver that reads that dialect takes
it: libdisc (`disc watch`), node-discovery 0.2.1 (wrap) and node-discover
1.2.1 (plain), from tests/interop/node_modules. A node never runs
invisible, and no receiver crashes.

Everything runs inside one network namespace, on its loopback.

Usage: test_field_limits.py BUILD_DIR [CASE-SUBSTRING...]
Skips (77) without root, Node.js or the npm packages.
"""

import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "multihost"))
import netns  # noqa: E402
from netns import wait_for  # noqa: E402

DEADLINE = 6
BASE = 31000
TIMING = ["--hello-interval", "250", "--check-interval", "500",
          "--node-timeout", "2000", "--master-timeout", "2000"]
BUILD = None
DISC = None
NODE = None

P_LIBDISC, P_DISCOVERY, P_DISCOVER, P_WRAP, P_PLAIN = (BASE + i for i in range(5))
RECEIVERS = {"wrap": ["libdisc", "node-discovery"], "plain": ["libdisc", "node-discover"]}
# Properties: their refusal is a DISC_OPTION_ERROR whose code names them.
OPTIONS = ("host-name", "weight", "unicast")
PROTO_NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty",
               "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
               "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]


def nested(depth, leaf="1"):
    return "[" * depth + leaf + "]" * depth


def cases():
    """(name, option named by a refusal, spec, env) for every field."""
    out = []

    def hello(name, option, props=None, advertise=None, env=None):
        out.append((name, option, {"props": props or {}, "advertise": advertise}, env))

    def message(name, option, channel, text, props=None):
        out.append((name, option, {"props": props or {}, "send": [channel, text]}, None))

    # hostName: libdisc receivers cap it at 255 bytes.
    hello("host-name 255 ASCII bytes", "host-name", {"host-name": "h" * 255})
    hello("host-name 256 ASCII bytes", "host-name", {"host-name": "h" * 256})
    hello("host-name 255 bytes of UTF-8", "host-name", {"host-name": "é" * 127 + "h"})
    hello("host-name 128 x é (256 bytes)", "host-name", {"host-name": "é" * 128})
    hello("host-name empty", "host-name", {"host-name": ""})
    hello("host-name control characters", "host-name", {"host-name": "a\tb\u001bc\u2028"})
    hello("$DISCOVERY_HOSTNAME 300 bytes", "host-name", env={"DISCOVERY_HOSTNAME": "d" * 300})
    # weight: any finite number reads back; NaN is not JSON.
    hello("weight NaN", "weight", {"weight": "nan"})
    hello("weight +infinity (clamped)", "weight", {"weight": "inf"})
    hello("weight -1e308", "weight", {"weight": -1e308})
    hello("weight 5e-324", "weight", {"weight": 5e-324})
    # advertised info: the whole hello must fit one message; libdisc
    # receivers read 64 levels of JSON nesting (the envelope and the hello
    # data are two of them).
    hello("info 60000 bytes", "info", advertise=json.dumps({"blob": "i" * 60000}))
    hello("info 70000 bytes", "info", advertise=json.dumps({"blob": "i" * 70000}))
    hello("info 65500 bytes", "info", advertise=json.dumps({"blob": "i" * 65500}))
    hello("info nested 62 deep", "info", advertise=nested(62))
    hello("info nested 63 deep", "info", advertise=nested(63))
    hello("info with U+0000 and U+2028", "info", advertise=json.dumps({"s": "a\u0000b\u2028"}))
    # channel names
    message("channel 128 bytes", "channel", "c" * 128, '{"n": 1}')
    message("channel 129 bytes", "channel", "c" * 129, '{"n": 1}')
    message("channel of 64 x é", "channel", "é" * 64, '{"n": 1}')
    message("channel with a dot and a star", "channel", "a.b*c", '{"n": 1}')
    for name in PROTO_NAMES:
        message("channel %s" % name, "channel", name, '{"n": 1}')
    # message data
    message("data 65000 bytes", "message", "chat", json.dumps("m" * 65000))
    message("data 66000 bytes", "message", "chat", json.dumps("m" * 66000))
    message("data nested 63 deep", "data", "chat", nested(63))
    message("data nested 64 deep", "data", "chat", nested(64))
    for falsy in ("null", "false", "0", '""'):
        message("data %s (falsy)" % falsy, "data", "chat", falsy)
    message("data absent (NULL)", "data", "chat", None)
    # the unicast list itself
    for entry in ("127.0.0.1:0", "127.0.0.1:70000", "[::1]:%d" % P_LIBDISC, "",
                  "127.0.0.1:%d,127.0.0.1:%d" % (P_LIBDISC, P_DISCOVERY)):
        hello("unicast entry %r" % entry, "unicast", {"unicast": [entry]})
    return out


def start_receivers(lab, host, spec):
    channel = (spec.get("send") or ["chat"])[0]
    disc_argv = [DISC, "watch", "--json", "--listen-only", *TIMING, "--port", str(P_LIBDISC),
                 "--broadcast", "127.255.255.255"]
    peer_join = []
    if channel not in PROTO_NAMES:
        peer_join = ["--join", channel]
    receivers = {}
    disc_join = ["--join", channel]
    receivers["libdisc"] = lab.spawn(host, disc_argv + disc_join)
    for package, port in (("node-discovery", P_DISCOVERY), ("node-discover", P_DISCOVER)):
        receivers[package] = lab.spawn(host, [
            NODE, os.path.join(HERE, "peer.js"), package, "--port", str(port),
            "--broadcast", "127.255.255.255", *TIMING, *peer_join], stdin=True)
    for name, p in receivers.items():
        if not wait_for(p.started_node, DEADLINE) and name != "libdisc":
            raise netns.TestFailure("receiver %s did not start\n%s" % (name, p.describe()))
    return receivers


def start_sender(lab, host, spec, env, dialect):
    full = json.loads(json.dumps(spec))
    props = {"hello-interval": 250, "dialect": dialect,
             "port": P_WRAP if dialect == "wrap" else P_PLAIN,
             "unicast": ["127.0.0.1:%d" % P_LIBDISC,
                         "127.0.0.1:%d" % (P_DISCOVERY if dialect == "wrap" else P_DISCOVER)]}
    props.update(full["props"])
    full["props"] = props
    full["for"] = DEADLINE + 4
    sender_env = {"GI_TYPELIB_PATH": os.path.join(BUILD, "libdisc"),
                  "LD_LIBRARY_PATH": os.path.join(BUILD, "libdisc")}
    sender_env.update(env or {})
    return lab.spawn(host, ["/usr/bin/python3", os.path.join(HERE, "field_sender.py"),
                            json.dumps(full)], env=sender_env)


def got_it(receiver, name, sender_id, spec):
    """Whether @receiver (named @name) took the sender's hello or message."""
    if spec.get("send") is None:
        return any((e.get("node") or {}).get("id") == sender_id for e in receiver.of("added"))
    channel, text = spec["send"]
    data = json.loads(text) if text is not None else None
    for e in receiver.of("message"):
        if e.get("channel") == channel and e.get("data") == data:
            return True
    return False


def run_case(lab, host, name, option, spec, env):
    """Returns None when the case holds, else what went wrong."""
    problems = []
    receivers = {}
    senders = {d: start_sender(lab, host, spec, env, d) for d in ("wrap", "plain")}
    try:
        firsts = {}
        for dialect, sender in senders.items():
            def said():
                return [e for e in sender.snapshot() if e.get("event") in ("refused", "started")]
            wait_for(lambda: said() or sender.popen.poll() is not None, DEADLINE)
            first = wait_for(said, 1)
            if not first:
                problems.append("%s sender neither started nor refused:\n%s"
                                % (dialect, sender.describe()))
            else:
                firsts[dialect] = first[0]
        # Receivers only when a sender runs: hellos and messages repeat.
        if any(e["event"] == "started" for e in firsts.values()):
            receivers = start_receivers(lab, host, spec)
        for dialect, event in firsts.items():
            if event["event"] == "refused":
                if option in OPTIONS and event.get("option") != option:
                    problems.append("%s: refused at %s, but not as an option error naming %r: %s"
                                    % (dialect, event["stage"], option, event))
                elif option not in event["message"]:
                    problems.append("%s: refused at %s, but the message does not name %r: %s"
                                    % (dialect, event["stage"], option, event["message"]))
                continue
            sender_id = event["id"]
            for receiver_name in RECEIVERS[dialect]:
                receiver = receivers[receiver_name]
                if not wait_for(lambda: got_it(receiver, receiver_name, sender_id, spec)
                                or receiver.of("crash"), DEADLINE) or receiver.of("crash"):
                    problems.append("%s sender accepted it, and %s never took it%s"
                                    % (dialect, receiver_name,
                                       " (it crashed: %s)" % receiver.of("crash")[0]["message"][:300]
                                       if receiver.of("crash") else ""))
    finally:
        for p in list(senders.values()) + list(receivers.values()):
            p.terminate(timeout=5)
        lab.processes.clear()
    return "; ".join(problems) or None


def main():
    global BUILD, DISC, NODE
    if len(sys.argv) < 2:
        print("usage: test_field_limits.py BUILD_DIR [CASE-SUBSTRING...]", file=sys.stderr)
        return 2
    BUILD = os.path.abspath(sys.argv[1])
    DISC = os.path.join(BUILD, "cli", "disc")
    NODE = shutil.which("node") or shutil.which("nodejs")
    if NODE is None or not os.path.isdir(os.path.join(HERE, "node_modules", "node-discovery")):
        print("SKIP: node or the npm packages are missing (cd tests/interop && npm ci)")
        return netns.SKIP
    netns.require_root_and_netns()
    wanted = sys.argv[2:]
    selected = [c for c in cases() if not wanted or any(w in c[0] for w in wanted)]
    failed = []
    with netns.Lab(1) as lab:
        host = lab.hosts[0]
        for name, option, spec, env in selected:
            problem = run_case(lab, host, name, option, spec, env)
            if problem:
                failed.append(name)
                print("FAIL %s: %s" % (name, problem), flush=True)
            else:
                print("ok   %s" % name, flush=True)
    print("%d passed, %d failed" % (len(selected) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
