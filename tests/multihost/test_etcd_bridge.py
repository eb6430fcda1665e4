#!/usr/bin/python3
"""LANs mirrored into etcd by `disc bridge`, end to end.

Each LAN is a set of network namespaces on a bridge of its own (two labs,
two subnets); broadcast never crosses from one to the other. etcd runs as
the test's child on the root namespace's loopback, and everything in the
namespaces reaches it through its unix socket. A `disc watch --etcd` in
the root namespace times what reaches the store; every measured figure is
printed.

Scenarios (all by default):
  lans       two LANs, one bridge each: join, goodbye, SIGKILL, a bridge
             killed, and --forward between the LANs
  takeover   two bridges on one LAN: the leader killed, the standby takes
             over without a node key changing
  etcd-leader  a 3-member etcd whose leader is killed: no change is lost
  etcd-restart etcd down for longer than the TTL and back: the bridge
             re-syncs the LAN

Usage: test_etcd_bridge.py DISC_BINARY [SCENARIO...]
Exits 77 without root, namespaces or etcd.
"""

import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import etcd_server  # noqa: E402
import netns  # noqa: E402
from netns import check, wait_for  # noqa: E402
from events import ChildEventLog, latency_bound  # noqa: E402

HELLO, CHECK, NODE_TIMEOUT = 250, 250, 1000
TIMING = ["--hello-interval", str(HELLO), "--check-interval", str(CHECK),
          "--node-timeout", str(NODE_TIMEOUT), "--master-timeout", str(NODE_TIMEOUT)]
TTL = 2
CLUSTER = "test"

DISC = None


class RootProcess(ChildEventLog):
    """A process in the root namespace (the etcd reader): JSON lines."""

    def __init__(self, argv):
        self.read_child(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         stdin=subprocess.DEVNULL, text=True))

    def first(self, event, node_id=None, after=0.0, lan=None):
        for e in self.snapshot():
            if e.get("event") == event and e["_received"] >= after and \
                    (node_id is None or e.get("id") == node_id) and \
                    (lan is None or e.get("lan") == lan):
                return e
        return None

    def close(self):
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def describe(self):
        return "etcd watch:\n  %s\n  %s" % (
            "\n  ".join(json.dumps({k: v for k, v in e.items() if k != "node"})
                        for e in self.snapshot()[-40:]),
            "\n  ".join(self.stderr_lines[-10:]))


def bridge(lab, host, endpoints, lan, *extra):
    return lab.spawn(host, [DISC, "bridge", "--json", "--etcd", endpoints, "--cluster", CLUSTER,
                            "--lan", lan, "--ttl", str(TTL), *TIMING, *extra])


def node(lab, host, *extra, commands=False):
    argv = [DISC, "watch", "--json", *TIMING, *extra]
    if commands:
        argv.append("--commands")
    return lab.spawn(host, argv, stdin=commands)


def role_of(process):
    roles = [e["role"] for e in process.snapshot() if e.get("event") == "role"]
    return roles[-1] if roles else None


def started_id(lab, process):
    started = wait_for(process.started_node, 10)
    check(started, "%s never started" % process.host.name, lab)
    return started["id"]


def nodes_in_store(endpoints):
    result = subprocess.run([DISC, "nodes", "--etcd", endpoints, "--cluster", CLUSTER, "--json"],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise netns.TestFailure("disc nodes --etcd failed: %s" % result.stderr)
    return {lan: {n["id"] for n in nodes} for lan, nodes in json.loads(result.stdout).items()}


def describe_all(labs, reader):
    return "\n\n".join([lab.describe() for lab in labs] + [reader.describe()])


def scenario_lans(etcd):
    endpoints = etcd.endpoints
    with netns.Lab(4, subnet=1, name="a") as lab_a, netns.Lab(2, subnet=2, name="b") as lab_b:
        reader = RootProcess([DISC, "watch", "--etcd", endpoints, "--cluster", CLUSTER, "--json"])
        try:
            def fail_unless(condition, message):
                if not condition:
                    raise netns.TestFailure(message + "\n\n" + describe_all([lab_a, lab_b], reader))

            bridge_a = bridge(lab_a, lab_a.hosts[0], endpoints, "a", "--forward", "chat")
            bridge_b = bridge(lab_b, lab_b.hosts[0], endpoints, "b", "--forward", "chat")
            fail_unless(wait_for(lambda: role_of(bridge_a) == "leader" and role_of(bridge_b) == "leader", 15),
                        "the bridges did not both lead their LAN")

            # A new leader writes nothing before its first re-sync, which
            # waits master-timeout so as not to delete nodes it has not
            # heard yet (disc-bridge.c, warming_up). The join bound is for
            # a bridge past that.
            time.sleep(NODE_TIMEOUT / 1000.0 + 0.25)

            # A node joins LAN A: listed by `disc nodes --etcd` within 1 s.
            joiner = node(lab_a, lab_a.hosts[1])
            joiner_id = started_id(lab_a, joiner)
            started_at = joiner.of("started")[0]["_received"]
            listed = wait_for(lambda: joiner_id in nodes_in_store(endpoints).get("a", set()), 5, interval=0.05)
            listed_after = time.monotonic() - started_at
            added = wait_for(lambda: reader.first("added", joiner_id), 5)
            fail_unless(listed and added, "the joining node never reached etcd")
            join_latency = added["_received"] - started_at
            print("join -> etcd watch: %.0f ms; listed by disc nodes --etcd after %.0f ms"
                  % (join_latency * 1000, listed_after * 1000))
            fail_unless(listed_after <= latency_bound(1.0), "listed after %.2f s, not within %.1f s" % (listed_after, latency_bound(1.0)))
            fail_unless(joiner_id not in nodes_in_store(endpoints).get("b", set()),
                        "LAN A's node listed in LAN B")

            # Forwarding: a message sent in LAN A reaches LAN B once, and
            # LAN A hears it once (no echo from its bridge).
            listener_b = node(lab_b, lab_b.hosts[1], "--join", "chat")
            listener_a = node(lab_a, lab_a.hosts[2], "--join", "chat")
            sender = node(lab_a, lab_a.hosts[3], commands=True)
            started_id(lab_b, listener_b)
            started_id(lab_a, listener_a)
            sender_id = started_id(lab_a, sender)
            fail_unless(wait_for(lambda: reader.first("added", sender_id), 5),
                        "the sending node never reached etcd")
            sender.send_line('send chat {"hello": "from a"}')

            def chat(process):
                return [e for e in process.snapshot()
                        if e.get("event") == "message" and e.get("channel") == "chat"]
            fail_unless(wait_for(lambda: chat(listener_b), 5), "the message never reached LAN B")
            time.sleep(1.0)
            print("forward: LAN B got %d, LAN A's listener got %d" % (len(chat(listener_b)), len(chat(listener_a))))
            fail_unless(len(chat(listener_b)) == 1, "LAN B got the message %d times" % len(chat(listener_b)))
            fail_unless(chat(listener_b)[0].get("data") == {"hello": "from a"}, "LAN B got other data")
            fail_unless(len(chat(listener_a)) == 1, "LAN A heard the message %d times (echo)" % len(chat(listener_a)))
            sender.terminate()

            # Goodbye: removed within 1 s.
            t0 = time.monotonic()
            joiner.terminate()
            removed = wait_for(lambda: reader.first("removed", joiner_id), 5)
            fail_unless(removed, "the node's goodbye never reached etcd")
            print("goodbye -> etcd delete: %.0f ms" % ((removed["_received"] - t0) * 1000))
            fail_unless(removed["_received"] - t0 <= latency_bound(1.0), "goodbye took more than %.1f s" % latency_bound(1.0))

            # SIGKILL: removed after node-timeout + check-interval (+ 1 s).
            victim = node(lab_a, lab_a.hosts[1])
            victim_id = started_id(lab_a, victim)
            fail_unless(wait_for(lambda: reader.first("added", victim_id), 5), "victim never reached etcd")
            t0 = time.monotonic()
            victim.kill()
            bound = (NODE_TIMEOUT + CHECK) / 1000.0 + latency_bound(1.0)
            removed = wait_for(lambda: reader.first("removed", victim_id), bound + 5)
            fail_unless(removed, "a killed node never left etcd")
            took = removed["_received"] - t0
            print("SIGKILL -> etcd delete: %.0f ms (bound %.0f ms)" % (took * 1000, bound * 1000))
            fail_unless(took <= bound, "a killed node left etcd after %.2f s > %.2f s" % (took, bound))

            # LAN B's only bridge killed: LAN B gone after TTL + 1 s.
            node_b = listener_b
            node_b_id = node_b.started_node()["id"]
            fail_unless(wait_for(lambda: node_b_id in nodes_in_store(endpoints).get("b", set()), 5),
                        "LAN B's node never reached etcd")
            t0 = time.monotonic()
            bridge_b.kill()
            gone = wait_for(lambda: "b" not in nodes_in_store(endpoints), TTL + 5, interval=0.1)
            took = time.monotonic() - t0
            print("LAN B's bridge killed -> LAN B gone: %.0f ms (TTL %d s)" % (took * 1000, TTL))
            fail_unless(gone and took <= TTL + latency_bound(1.0), "LAN B still in etcd %.2f s after its bridge died" % took)
            fail_unless("a" in nodes_in_store(endpoints), "LAN A went with LAN B")

            # The last bridge's clean stop removes its LAN at once.
            t0 = time.monotonic()
            bridge_a.terminate()
            took = time.monotonic() - t0
            fail_unless(nodes_in_store(endpoints) == {}, "LAN A still in etcd after its last bridge stopped")
            print("last bridge stopped -> LAN A gone: %.0f ms" % (took * 1000))
        finally:
            reader.close()


def scenario_takeover(etcd):
    endpoints = etcd.endpoints
    with netns.Lab(4, subnet=3, name="t") as lab:
        reader = RootProcess([DISC, "watch", "--etcd", endpoints, "--cluster", CLUSTER, "--json"])
        try:
            def fail_unless(condition, message):
                if not condition:
                    raise netns.TestFailure(message + "\n\n" + describe_all([lab], reader))

            first = bridge(lab, lab.hosts[0], endpoints, "t")
            fail_unless(wait_for(lambda: role_of(first) == "leader", 15), "no bridge leads")
            second = bridge(lab, lab.hosts[1], endpoints, "t")
            fail_unless(wait_for(lambda: role_of(second) == "standby", 15), "the second bridge never stood by")
            members = [node(lab, lab.hosts[2]), node(lab, lab.hosts[3])]
            ids = [started_id(lab, p) for p in members]
            fail_unless(wait_for(lambda: all(reader.first("added", i) for i in ids), 5)
                        and wait_for(lambda: reader.first("master"), 5), "the nodes never reached etcd")
            time.sleep(2 * HELLO / 1000.0)
            t0 = time.monotonic()
            first.kill()
            took_over = wait_for(lambda: role_of(second) == "leader", TTL + 5, interval=0.02)
            took = time.monotonic() - t0
            print("leader bridge killed -> standby leads: %.0f ms (TTL %d s)" % (took * 1000, TTL))
            fail_unless(took_over and took <= TTL + latency_bound(2.0), "no takeover within TTL + 2 s")
            # Let the new leader re-sync, and the dead bridge's node time out.
            time.sleep(1.5)
            node_events = [e for e in reader.snapshot()
                           if e["_received"] >= t0 and e["event"] in ("added", "updated", "removed")]
            print("node key changes seen during the takeover: %d" % len(node_events))
            fail_unless(not node_events, "the takeover changed node keys: %s" % node_events)
            fail_unless(set(ids) == nodes_in_store(endpoints).get("t", set()), "nodes lost in the takeover")

            # The new leader still writes.
            late = node(lab, lab.hosts[2], "--port", "12345")
            late_id = started_id(lab, late)
            fail_unless(wait_for(lambda: reader.first("added", late_id), 5), "the new leader does not write")

            # A clean stop of the leader hands over at once (resign).
            third = bridge(lab, lab.hosts[0], endpoints, "t")
            third_id = started_id(lab, third)
            fail_unless(wait_for(lambda: role_of(third) == "standby" and reader.first("bridge-added", third_id), 15),
                        "a third bridge never stood by")
            t0 = time.monotonic()
            second.terminate()
            fail_unless(wait_for(lambda: role_of(third) == "leader", TTL + 5, interval=0.02), "no handover")
            took = time.monotonic() - t0
            print("leader bridge stopped -> standby leads: %.0f ms" % (took * 1000))
            fail_unless(took < TTL, "a clean stop did not hand over before the lease would expire")
            fail_unless(set(ids) | {late_id} <= nodes_in_store(endpoints).get("t", set()),
                        "the LAN's nodes did not survive a clean handover")
        finally:
            reader.close()


def etcd_check(lab, etcd):
    """fail_unless(condition, message) for a scenario of one lab and etcd:
    a failure shows the lab's processes and etcd's logs."""
    def fail_unless(condition, message):
        if not condition:
            raise netns.TestFailure(message + "\n\n" + lab.describe() + "\n" + etcd.logs())
    return fail_unless


def lan_in_etcd(lab, endpoints, lan, fail_unless):
    """A leading bridge on host 0 and two nodes on hosts 1 and 2, both
    listed in etcd under LAN lan: (bridge, id of the node that stays, node
    that will leave)."""
    first = bridge(lab, lab.hosts[0], endpoints, lan)
    fail_unless(wait_for(lambda: role_of(first) == "leader", 20), "no bridge leads")
    stays = node(lab, lab.hosts[1])
    leaves = node(lab, lab.hosts[2])
    stays_id, leaves_id = started_id(lab, stays), started_id(lab, leaves)
    fail_unless(wait_for(lambda: {stays_id, leaves_id} <= nodes_in_store(endpoints).get(lan, set()), 5),
                "the nodes never reached etcd")
    return first, stays_id, leaves


def scenario_etcd_leader(etcd):
    endpoints = etcd.endpoints
    with netns.Lab(4, subnet=4, name="e") as lab:
        fail_unless = etcd_check(lab, etcd)
        first, stays_id, leaves = lan_in_etcd(lab, endpoints, "e", fail_unless)

        leader = etcd.leader()
        fail_unless(leader is not None, "etcd has no leader")
        leader.kill()
        # Changes while etcd elects a new leader: one leaves, one joins.
        leaves.terminate()
        joins = node(lab, lab.hosts[3])
        joins_id = started_id(lab, joins)
        survivors = ",".join(m.endpoint for m in etcd.members if m.running())
        want = {stays_id, joins_id}
        t0 = time.monotonic()
        ok = wait_for(lambda: nodes_in_store(survivors).get("e", set()) == want, 20, interval=0.2)
        print("etcd leader killed: store right again after %.0f ms" % ((time.monotonic() - t0) * 1000))
        fail_unless(ok, "a membership change was lost: store has %s, want %s"
                    % (nodes_in_store(survivors).get("e"), want))


def scenario_etcd_restart(etcd):
    """etcd down for longer than the TTL, and back: the bridge re-syncs."""
    endpoints = etcd.endpoints
    member = etcd.members[0]
    with netns.Lab(4, subnet=5, name="r") as lab:
        fail_unless = etcd_check(lab, etcd)
        first, stays_id, leaves = lan_in_etcd(lab, endpoints, "r", fail_unless)

        member.kill()
        leaves.terminate()
        joins = node(lab, lab.hosts[3])
        joins_id = started_id(lab, joins)
        time.sleep(TTL + 2)
        member.start()
        fail_unless(etcd.wait_healthy(30), "etcd did not come back")
        t0 = time.monotonic()
        want = {stays_id, joins_id}
        ok = wait_for(lambda: nodes_in_store(endpoints).get("r", set()) == want, 20, interval=0.2)
        print("etcd down %d s and back: store right again after %.0f ms"
              % (TTL + 2, (time.monotonic() - t0) * 1000))
        fail_unless(ok, "the bridge did not re-sync: store has %s, want %s"
                    % (nodes_in_store(endpoints).get("r"), want))
        fail_unless(first.popen.poll() is None, "the bridge died")


SCENARIOS = {
    "etcd-restart": (1, scenario_etcd_restart),
    "lans": (1, scenario_lans),
    "takeover": (1, scenario_takeover),
    "etcd-leader": (3, scenario_etcd_leader),
}


def main():
    global DISC
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    DISC = os.path.abspath(sys.argv[1])
    netns.require_root_and_netns()
    etcd_server.require_etcd()
    names = sys.argv[2:] or list(SCENARIOS)
    for name in names:
        size, run = SCENARIOS[name]
        t0 = time.monotonic()
        print("== %s" % name)
        with etcd_server.Cluster(size) as etcd:
            run(etcd)
        print("== %s passed in %.1f s" % (name, time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
