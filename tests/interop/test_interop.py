#!/usr/bin/python3
"""libdisc nodes and the real npm packages in one cluster.

Each scenario builds its own hosts in network namespaces (10.213.0.0/24 on
one bridge), runs `disc watch --json` on some and tests/interop/peer.js
(node-discovery 0.2.1 or node-discover 1.2.1, from the lockfile) on others,
and asserts on the event logs of both sides.

Usage: test_interop.py DISC_BINARY [SCENARIO...]
"""

import json
import os
import random
import shutil
import signal
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "multihost"))
import netns  # noqa: E402
from netns import check, everyone_sees_everyone, ids_of, masters, wait_for  # noqa: E402

PORT = 12345
HELLO, CHECK, NODE_TIMEOUT, MASTER_TIMEOUT = 250, 500, 1000, 1000
FAILOVER_BOUND = (MASTER_TIMEOUT + CHECK + HELLO) / 1000.0
BROADCAST = "10.213.0.255"
TIMING = ["--hello-interval", str(HELLO), "--check-interval", str(CHECK),
          "--node-timeout", str(NODE_TIMEOUT), "--master-timeout", str(MASTER_TIMEOUT)]

DISC = None


def node_binary():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None or not os.path.isdir(os.path.join(HERE, "node_modules", "node-discovery")):
        print("SKIP: node or the npm packages are missing (run build-aux/install-deps)")
        raise SystemExit(netns.SKIP)
    return node


def libdisc(lab, host, weight, *extra, dialect="wrap", key=None):
    argv = [DISC, "watch", "--json", *TIMING, "--weight", str(weight), "--dialect", dialect, *extra]
    if key:
        argv += ["--key", key]
    return lab.spawn(host, argv)


def npm_peer(lab, host, package, weight, *extra, key=None):
    argv = [node_binary(), os.path.join(HERE, "peer.js"), package, "--port", str(PORT),
            "--broadcast", BROADCAST, *TIMING, "--weight", str(weight), *extra]
    if key:
        argv += ["--key", key]
    return lab.spawn(host, argv, stdin=True)


def no_crash_or_error(lab, processes):
    for p in processes:
        bad = p.of("crash") + p.of("error")
        check(not bad, "%s logged %s" % (p.host.name, bad), lab)
        check(p.popen.poll() is None, "%s exited with %s" % (p.host.name, p.popen.poll()), lab)


def messages(p, channel):
    return [e["data"] for e in p.of("message") if e.get("channel") == channel]


def expect_one_master(lab, processes, settle=2.0):
    check(wait_for(lambda: len(masters(processes)) == 1, 15),
          "expected exactly one master, got %d" % len(masters(processes)), lab)
    time.sleep(settle)
    check(len(masters(processes)) == 1,
          "mastership did not stay with one node: %d" % len(masters(processes)), lab)


def mixed_cluster(key=None):
    """Scenarios 1 and 2: two libdisc nodes, two node-discovery nodes."""
    with netns.Lab(4) as lab:
        h = lab.hosts
        lib_info = {"svc": "libdisc", "list": [1, 2, {"k": "ü"}], "nested": {"t": True}}
        npm_info = {"svc": "node-discovery", "x": {"y": [3.5, "z"]}}
        l1 = libdisc(lab, h[0], 0.3, "--join", "chat", "--advertise", json.dumps(lib_info), key=key)
        l2 = libdisc(lab, h[1], 0.1, "--join", "chat", key=key)
        n1 = npm_peer(lab, h[2], "node-discovery", 0.2, "--join", "chat",
                      "--advertise", json.dumps(npm_info), key=key)
        n2 = npm_peer(lab, h[3], "node-discovery", 0.05, "--join", "chat", key=key)
        everyone = [l1, l2, n1, n2]
        my_ids = ids_of(lab, everyone)

        check(wait_for(everyone_sees_everyone(everyone, my_ids), 15), "not everyone saw everyone", lab)
        expect_one_master(lab, everyone)
        check(masters(everyone) == [l1], "the heaviest node (libdisc, 0.3) should be master", lab)

        # Advertisements cross unchanged, both ways.
        check(wait_for(lambda: n1.added_info(my_ids[l1]) == lib_info, 5),
              "node-discovery saw libdisc's info as %r" % n1.added_info(my_ids[l1]), lab)
        check(wait_for(lambda: l2.added_info(my_ids[n1]) == npm_info, 5),
              "libdisc saw node-discovery's info as %r" % l2.added_info(my_ids[n1]), lab)

        # Channel messages both ways.
        from_lib = {"from": "libdisc", "deep": [{"a": [1, None, "é"]}]}
        sent = lab.run(h[1], [DISC, "send", "chat", json.dumps(from_lib), "--port", str(PORT),
                              "--dialect", "wrap"] + (["--key", key] if key else []))
        check(sent.returncode == 0, "disc send failed: %s" % sent.stderr, lab)
        for p in (n1, n2, l1):
            check(wait_for(lambda: from_lib in messages(p, "chat"), 5),
                  "%s did not get libdisc's message" % p.host.name, lab)
        from_npm = {"from": "node-discovery", "n": 42}
        n1.send_line(json.dumps({"cmd": "send", "channel": "chat", "data": from_npm}))
        for p in (l1, l2, n2):
            check(wait_for(lambda: from_npm in messages(p, "chat"), 5),
                  "%s did not get node-discovery's message" % p.host.name, lab)
        no_crash_or_error(lab, everyone)


def plain_dialect():
    """Scenario 3: libdisc in the plain dialect with two node-discover nodes."""
    with netns.Lab(3) as lab:
        h = lab.hosts
        lib_info = {"name": "libdisc-plain", "port": 8080}
        npm_info = {"name": "node-discover", "tags": ["a", "b"]}
        l1 = libdisc(lab, h[0], 0.9, "--join", "chat", "--advertise", json.dumps(lib_info), dialect="plain")
        d1 = npm_peer(lab, h[1], "node-discover", 0.5, "--join", "chat", "--advertise", json.dumps(npm_info))
        d2 = npm_peer(lab, h[2], "node-discover", 0.4, "--join", "chat")
        everyone = [l1, d1, d2]
        my_ids = ids_of(lab, everyone)
        check(wait_for(everyone_sees_everyone(everyone, my_ids), 15), "not everyone saw everyone", lab)

        check(wait_for(lambda: d1.added_info(my_ids[l1]) == lib_info, 5),
              "node-discover saw libdisc's advertisement as %r" % d1.added_info(my_ids[l1]), lab)
        check(wait_for(lambda: l1.added_info(my_ids[d1]) == npm_info, 5),
              "libdisc saw node-discover's advertisement as %r" % l1.added_info(my_ids[d1]), lab)

        from_lib = {"plain": True, "list": [1, 2, 3]}
        sent = lab.run(h[0], [DISC, "send", "chat", json.dumps(from_lib), "--port", str(PORT), "--dialect", "plain"])
        check(sent.returncode == 0, "disc send failed: %s" % sent.stderr, lab)
        for p in (d1, d2, l1):
            check(wait_for(lambda: from_lib in messages(p, "chat"), 5),
                  "%s did not get libdisc's message" % p.host.name, lab)
        from_npm = {"from": "node-discover"}
        d2.send_line(json.dumps({"cmd": "send", "channel": "chat", "data": from_npm}))
        check(wait_for(lambda: from_npm in messages(l1, "chat"), 5), "libdisc did not get node-discover's message", lab)
        no_crash_or_error(lab, everyone)


def failover(kill_npm_master):
    """Scenario 4: the master is killed; one new master among the survivors."""
    with netns.Lab(4) as lab:
        h = lab.hosts
        if kill_npm_master:
            victim = npm_peer(lab, h[0], "node-discovery", 0.9)
        else:
            victim = libdisc(lab, h[0], 0.9)
        l1 = libdisc(lab, h[1], 0.5)
        l2 = libdisc(lab, h[2], 0.3)
        n1 = npm_peer(lab, h[3], "node-discovery", 0.4)
        everyone = [victim, l1, l2, n1]
        survivors = [l1, l2, n1]
        my_ids = ids_of(lab, everyone)
        check(wait_for(everyone_sees_everyone(everyone, my_ids), 15), "not everyone saw everyone", lab)
        expect_one_master(lab, everyone)
        check(masters(everyone) == [victim], "the heaviest node should be master", lab)

        killed_at = time.monotonic()
        victim.kill()
        check(wait_for(lambda: len(masters(survivors)) == 1, 15),
              "no new master after the kill", lab)
        new_master = masters(survivors)[0]
        promoted = [e for e in new_master.of("promotion") if e["_received"] > killed_at]
        latency = promoted[-1]["_received"] - killed_at
        # Scheduling and process start-up add a little; half a second of slack.
        check(latency <= FAILOVER_BOUND + 0.5,
              "failover took %.2f s, bound %.2f s" % (latency, FAILOVER_BOUND), lab)
        check(new_master is l1, "the heaviest survivor (libdisc, 0.5) should take over", lab)
        time.sleep(2)
        check(len(masters(survivors)) == 1, "more than one master after failover", lab)
        no_crash_or_error(lab, survivors)
        print("  failover (%s master killed): %.2f s" % ("node-discovery" if kill_npm_master else "libdisc", latency))


def goodbye_and_restart():
    """Scenario 5: a libdisc node stops and starts again; both npm packages cope."""
    # node-discovery keeps its real (strict) handling of unreadable packets
    # here, so that anything in our goodbye it could not read would show.
    with netns.Lab(2) as lab:
        h = lab.hosts
        lib = libdisc(lab, h[0], 0.5)
        n1 = npm_peer(lab, h[1], "node-discovery", 0.4, "--strict-data-errors", "yes")
        my_ids = ids_of(lab, [lib, n1])
        check(wait_for(everyone_sees_everyone([lib, n1], my_ids), 15), "node-discovery and libdisc did not meet", lab)
        check(lib.terminate() == 0, "disc watch did not exit cleanly on SIGTERM", lab)
        again = libdisc(lab, h[0], 0.5)
        new_id = wait_for(again.started_node, 10)["id"]
        check(wait_for(lambda: new_id in n1.peers(), 10), "node-discovery did not see the restarted node", lab)
        no_crash_or_error(lab, [n1, again])

    with netns.Lab(2) as lab:
        h = lab.hosts
        plain = libdisc(lab, h[0], 0.5, dialect="plain")
        d1 = npm_peer(lab, h[1], "node-discover", 0.4)
        plain_id = wait_for(plain.started_node, 10)["id"]
        check(wait_for(lambda: plain_id in d1.peers(), 15), "node-discover did not see libdisc", lab)
        check(plain.terminate() == 0, "disc watch did not exit cleanly", lab)
        plain2 = libdisc(lab, h[0], 0.5, dialect="plain")
        plain2_id = wait_for(plain2.started_node, 10)["id"]
        check(wait_for(lambda: plain2_id in d1.peers(), 15), "node-discover did not see the restarted node", lab)
        no_crash_or_error(lab, [d1, plain2])


def garbage():
    """Scenario 6: random bytes and truncated frames from a fourth host."""
    with netns.Lab(4) as lab:
        h = lab.hosts
        lib = libdisc(lab, h[0], 0.5, "--report-data-errors")
        n1 = npm_peer(lab, h[1], "node-discovery", 0.4)
        d1 = npm_peer(lab, h[2], "node-discover", 0.3)
        my_ids = ids_of(lab, [lib, n1])
        check(wait_for(everyone_sees_everyone([lib, n1], my_ids), 15), "not everyone saw everyone", lab)
        script = (
            "import os, random, socket\n"
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)\n"
            "r = random.Random(7)\n"
            "frames = [os.urandom(r.randint(1, 1400)) for _ in range(150)]\n"
            "frames += [b'WRAP' + os.urandom(r.randint(0, 60)) for _ in range(100)]\n"
            "frames += [b'{\"event\":\"hello\",\"pid\":1}', b'{' * 5000, b'[' * 60000]\n"
            "for f in frames:\n"
            "    s.sendto(f, ('%s', %d))\n" % (BROADCAST, PORT))
        sent = lab.run(h[3], ["/usr/bin/python3", "-c", script])
        check(sent.returncode == 0, "the garbage sender failed: %s" % sent.stderr, lab)
        check(wait_for(lambda: len(lib.of("error")) >= 200, 10),
              "libdisc reported %d dropped packets, expected at least 200" % len(lib.of("error")), lab)
        # Longer than node-timeout: only fresh hellos keep the peers listed.
        time.sleep(NODE_TIMEOUT / 1000.0 * 2)
        for p in (lib, n1, d1):
            check(p.popen.poll() is None, "%s died" % p.host.name, lab)
            check(not p.of("crash"), "%s crashed" % p.host.name, lab)
        check(everyone_sees_everyone([lib, n1], my_ids)(), "the cluster broke after the garbage", lab)
        check(not [e for e in lib.of("removed") if e["node"]["id"] == my_ids[n1]],
              "libdisc lost node-discovery during the garbage", lab)


def forged_clear_packets(port, wrap_only_port):
    """Python for a lab host: libdisc's control packets and a hello with
    acceptsControl, in clear (as if they ever leaked out of aes-256-gcm),
    broadcast framed for both dialects to @port and only as WRAP frames to
    @wrap_only_port."""
    return (
        "import json, os, socket, struct, zlib\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)\n"
        "def env(event, data, wrap):\n"
        "    o = {'event': event, 'pid': '0123456789abcdef0123456789abcdef',\n"
        "         'iid': os.urandom(16).hex(), 'hostName': 'forger', 'data': data}\n"
        "    if wrap:\n"
        "        o = {'data': data, 'event': event, 'pid': o['pid'], 'iid': o['iid'], 'hostName': 'forger'}\n"
        "    return json.dumps(o, separators=(',', ':')).encode()\n"
        "def wrap(payload):\n"
        "    crc = zlib.crc32(payload)\n"
        "    crc = crc - (1 << 32) if crc >= 1 << 31 else crc\n"
        "    return b'WRAP' + os.urandom(16) + struct.pack('>iIII', crc, len(payload), 36 + len(payload), 0) + payload\n"
        "request = {'type': 'request', 'id': 'f0' * 16, 'to': '00' * 16, 'action': 'promote'}\n"
        "answer = {'type': 'answer', 'id': 'f1' * 16, 'to': '00' * 16, 'status': 'refused', 'reason': 'not-opted-in'}\n"
        "hello = {'isMaster': False, 'isMasterEligible': False, 'weight': 0, 'address': '10.213.0.9', 'acceptsControl': True}\n"
        "for data, event in ((request, 'disc-control'), (answer, 'disc-control'), (hello, 'hello')):\n"
        "    s.sendto(wrap(env(event, data, True)), (%r, %d))\n"
        "    s.sendto(wrap(env(event, data, True)), (%r, %d))\n"
        "    s.sendto(env(event, data, False), (%r, %d))\n" % (
            BROADCAST, port, BROADCAST, wrap_only_port, BROADCAST, port))


def control_traffic():
    """Scenario 7: remote control on the wire next to both npm packages.

    Two libdisc nodes with aes-256-gcm and --allow-remote-control, promoted
    and demoted by `disc promote|demote` from another host, share port
    12345 with node-discovery and node-discover (which cannot read
    aes-256-gcm at all). Then the control packets and a hello with
    acceptsControl are sent in clear: in both dialects on port 12346 to
    node-discover and a clear libdisc node, and as WRAP frames on port
    12347 to node-discovery with its real (strict) handling of unreadable
    packets (alone on its port: it stops reading for good after one packet
    it cannot read, such as node-discover's). Nobody crashes or logs an
    error; the clear libdisc node drops the control packets, counted."""
    port2, port3 = PORT + 1, PORT + 2
    key = "interop control key"
    gcm = ["--algorithm", "aes-256-gcm", "--key", key, "--allow-remote-control"]
    with netns.Lab(7) as lab:
        h = lab.hosts
        a = libdisc(lab, h[0], 0.9, *gcm)
        b = libdisc(lab, h[1], 0.5, *gcm)
        n1 = npm_peer(lab, h[2], "node-discovery", 0.4)
        d1 = npm_peer(lab, h[3], "node-discover", 0.3)
        n2 = npm_peer(lab, h[4], "node-discovery", 0.2, "--port", str(port3), "--strict-data-errors", "yes")
        d2 = npm_peer(lab, h[5], "node-discover", 0.1, "--port", str(port2))
        c = libdisc(lab, h[6], 0.6, "--port", str(port2), "--report-data-errors")
        my_ids = ids_of(lab, [a, b, n1, d1, n2, d2, c])
        check(wait_for(everyone_sees_everyone([a, b], my_ids), 15), "the aes-256-gcm nodes did not meet", lab)
        check(wait_for(lambda: masters([a, b]) == [a], 15), "alpha should be master", lab)

        control = [DISC, "--port", str(PORT), *TIMING, "--algorithm", "aes-256-gcm", "--key", key]
        for command in (["promote", my_ids[b]], ["demote", my_ids[b]], ["demote", my_ids[b], "--permanent"],
                        ["make-eligible", my_ids[b]]):
            argv = [DISC, command[0], *command[1:], *control[1:]]
            result = lab.run(h[3], argv)
            check(result.returncode == 0, "disc %s failed: %s %s" % (command[0], result.stdout, result.stderr), lab)
        check(len(b.of("control")) == 4, "beta applied %d requests, expected 4" % len(b.of("control")), lab)

        forged = lab.run(h[5], ["/usr/bin/python3", "-c", forged_clear_packets(port2, port3)])
        check(forged.returncode == 0, "the forger failed: %s" % forged.stderr, lab)
        check(wait_for(lambda: len([e for e in c.of("error") if "remote-control" in e["message"]]) >= 4, 5),
              "the clear libdisc node did not count the clear control packets as dropped", lab)
        check(wait_for(lambda: any(e["node"]["hostName"] == "forger" for e in d2.of("added")), 5),
              "node-discover did not take the hello with acceptsControl", lab)
        # The forged hello's field is ignored: node-discovery adds the node as usual.
        check(wait_for(lambda: any(e["node"]["hostName"] == "forger" for e in n2.of("added")), 5),
              "node-discovery did not take the hello with acceptsControl", lab)
        time.sleep(1)
        check(not c.of("control"), "the clear libdisc node acted on a clear control packet", lab)
        no_crash_or_error(lab, [n1, d1, n2, d2])
        # The aes-256-gcm nodes cannot read the npm packages' clear packets
        # on their port, and may say so once; nothing else.
        for p in (a, b):
            other = [e for e in p.of("error") if "could not be decrypted" not in e.get("message", "")]
            check(not other and not p.of("crash") and p.popen.poll() is None,
                  "%s logged %s or died" % (p.host.name, other), lab)


SCENARIOS = {
    "mixed": lambda: mixed_cluster(),
    "mixed-encrypted": lambda: mixed_cluster(key="correct horse battery staple"),
    "plain": plain_dialect,
    "failover-npm-master": lambda: failover(kill_npm_master=True),
    "failover-libdisc-master": lambda: failover(kill_npm_master=False),
    "goodbye-restart": goodbye_and_restart,
    "garbage": garbage,
    "control-traffic": control_traffic,
}


def main():
    global DISC
    DISC = os.path.abspath(sys.argv[1])
    netns.require_root_and_netns()
    node_binary()
    netns.run_scenarios(SCENARIOS, sys.argv[2:])


if __name__ == "__main__":
    main()
