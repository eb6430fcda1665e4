#!/usr/bin/python3
"""Five libdisc nodes on five hosts (network namespaces on one bridge).

Discovery, election, failover, channels and goodbye, end to end over real
sockets with the default broadcast (each interface's broadcast address).
Bounds come from the protocol's timers; a fixed slack absorbs process
start-up and scheduling on a busy machine, and every measured figure is
printed.

Usage: test_cluster.py DISC_BINARY [SCENARIO...]
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402
from netns import check, everyone_sees_everyone, ids_of, masters, wait_for  # noqa: E402

HELLO, CHECK, NODE_TIMEOUT, MASTER_TIMEOUT = 500, 1000, 3000, 3000
TIMING = ["--hello-interval", str(HELLO), "--check-interval", str(CHECK),
          "--node-timeout", str(NODE_TIMEOUT), "--master-timeout", str(MASTER_TIMEOUT)]
SLACK = 0.75  # seconds, for process start-up and scheduling
FAILOVER_BOUND = (MASTER_TIMEOUT + CHECK + HELLO) / 1000.0

DISC = None


def watch(lab, host, *extra, weight=None, commands=False):
    argv = [DISC, "watch", "--json", *TIMING, *extra]
    if weight is not None:
        argv += ["--weight", str(weight)]
    if commands:
        argv.append("--commands")
    return lab.spawn(host, argv, stdin=commands)


def promotions(processes):
    return sum(len(p.of("promotion")) for p in processes)


def five_nodes():
    with netns.Lab(5) as lab:
        nodes = [watch(lab, h, weight=0.1 * (i + 1)) for i, h in enumerate(lab.hosts)]
        ids = ids_of(lab, nodes)
        last_start = max(p.of("started")[0]["_received"] for p in nodes)
        check(wait_for(everyone_sees_everyone(nodes, ids), 2 * HELLO / 1000.0 + SLACK * 2),
              "not all nodes saw all others within two hello intervals", lab)
        seen_after = time.monotonic() - last_start
        check(seen_after <= 2 * HELLO / 1000.0 + SLACK,
              "full discovery took %.2f s after the last start" % seen_after, lab)
        print("  all saw all %.2f s after the last node started" % seen_after)

        # Each node reports its own real address, and peers agree.
        for p, host in zip(nodes, lab.hosts):
            me = p.started_node()
            check(me["address"] == host.address,
                  "%s reports %s, not its own %s" % (host.name, me["address"], host.address), lab)
        for p in nodes:
            for e in p.of("added"):
                owner = [q for q in nodes if ids[q] == e["node"]["id"]][0]
                check(e["node"]["address"] == owner.host.address,
                      "%s saw %s at %s" % (p.host.name, owner.host.name, e["node"]["address"]), lab)

        check(wait_for(lambda: len(masters(nodes)) == 1, MASTER_TIMEOUT / 1000.0 + 5),
              "expected one master, got %d" % len(masters(nodes)), lab)
        time.sleep(2)
        check(masters(nodes) == [nodes[4]], "the heaviest node should be the only master", lab)

        # SIGKILL the master: exactly one new master within the bound.
        survivors = nodes[:4]
        killed_at = time.monotonic()
        nodes[4].kill()
        check(wait_for(lambda: len(masters(survivors)) == 1, FAILOVER_BOUND + 10),
              "no new master after the master was killed", lab)
        new_master = masters(survivors)[0]
        latency = new_master.of("promotion")[-1]["_received"] - killed_at
        print("  failover after SIGKILL: %.2f s (bound %.2f s)" % (latency, FAILOVER_BOUND))
        check(latency <= FAILOVER_BOUND + SLACK, "failover took %.2f s" % latency, lab)
        check(new_master is nodes[3], "the heaviest survivor should take over", lab)
        time.sleep(2)
        check(len(masters(survivors)) == 1, "more than one master after failover", lab)
        for p in survivors:
            check(wait_for(lambda: ids[nodes[4]] not in p.peers(), MASTER_TIMEOUT / 1000.0 + 3),
                  "%s still lists the killed master" % p.host.name, lab)


def channels():
    with netns.Lab(6) as lab:
        joined = [watch(lab, h, "--join", "chat") for h in lab.hosts[:3]]
        others = [watch(lab, h) for h in lab.hosts[3:5]]
        ids = ids_of(lab, joined + others)
        check(wait_for(everyone_sees_everyone(joined + others, ids), 10), "discovery failed", lab)
        payload = {"redisMaster": "10.0.1.4", "nested": [1, {"x": [True, None, "ü"]}]}
        sent = lab.run(lab.hosts[5], [DISC, "send", "chat", json.dumps(payload)])
        check(sent.returncode == 0, "disc send failed: %s" % sent.stderr, lab)
        for p in joined:
            check(wait_for(lambda: any(e.get("data") == payload for e in p.of("message")), 5),
                  "%s did not get the message" % p.host.name, lab)
        time.sleep(1)
        for p in others:
            check(not p.of("message"), "%s got a message on a channel it did not join" % p.host.name, lab)


def goodbye():
    with netns.Lab(5) as lab:
        nodes = [watch(lab, h) for h in lab.hosts]
        ids = ids_of(lab, nodes)
        check(wait_for(everyone_sees_everyone(nodes, ids), 10), "discovery failed", lab)
        leaving = nodes[2]
        stopped_at = time.monotonic()
        check(leaving.terminate() == 0, "disc watch did not exit cleanly on SIGTERM", lab)
        rest = [p for p in nodes if p is not leaving]
        for p in rest:
            check(wait_for(lambda: ids[leaving] not in p.peers(), NODE_TIMEOUT / 1000.0),
                  "%s did not drop the stopped node" % p.host.name, lab)
        worst = max([e["_received"] for e in p.of("removed") if e["node"]["id"] == ids[leaving]][0]
                    for p in rest) - stopped_at
        print("  goodbye: every peer dropped the node within %.2f s (hello interval %.2f s, node-timeout %.2f s)"
              % (worst, HELLO / 1000.0, NODE_TIMEOUT / 1000.0))
        check(worst <= HELLO / 1000.0 + SLACK, "removal took %.2f s: the goodbye did not work" % worst, lab)


def equal_weights():
    with netns.Lab(5) as lab:
        nodes = [watch(lab, h, weight=0.5) for h in lab.hosts]
        ids = ids_of(lab, nodes)
        check(wait_for(lambda: len(masters(nodes)) == 1, 15), "no single master with equal weights", lab)
        time.sleep(4)
        check(len(masters(nodes)) == 1, "mastership flapped with equal weights", lab)
        best = max(nodes, key=lambda p: ids[p])
        check(masters(nodes) == [best], "the greatest id should win a tie", lab)
        check(promotions(nodes) == 1, "%d promotions: nodes chased each other" % promotions(nodes), lab)


def masters_required_two():
    with netns.Lab(5) as lab:
        nodes = [watch(lab, h, "--masters-required", "2", weight=0.1 * (i + 1))
                 for i, h in enumerate(lab.hosts)]
        ids_of(lab, nodes)
        check(wait_for(lambda: len(masters(nodes)) == 2, 15), "expected two masters", lab)
        time.sleep(2)
        check(set(masters(nodes)) == {nodes[3], nodes[4]}, "the two heaviest should be masters", lab)
        nodes[4].kill()
        survivors = nodes[:4]
        check(wait_for(lambda: len(masters(survivors)) == 2, FAILOVER_BOUND + 10),
              "not two masters after one was killed", lab)
        time.sleep(2)
        check(set(masters(survivors)) == {nodes[2], nodes[3]}, "wrong masters after failover", lab)


def promote_and_demote():
    with netns.Lab(3) as lab:
        nodes = [watch(lab, h, weight=0.1 * (i + 1), commands=True) for i, h in enumerate(lab.hosts)]
        ids_of(lab, nodes)
        check(wait_for(lambda: masters(nodes) == [nodes[2]], 15), "the heaviest did not become master", lab)

        # A manual promotion sticks; the old master steps down.
        nodes[0].send_line("promote")
        check(wait_for(lambda: masters(nodes) == [nodes[0]], 10), "promote() did not take over", lab)
        time.sleep(3)
        check(masters(nodes) == [nodes[0]], "the promoted node lost mastership", lab)

        # A permanent demotion: the best eligible node takes over, for good.
        nodes[0].send_line("demote --permanent")
        check(wait_for(lambda: masters(nodes) == [nodes[2]], FAILOVER_BOUND + 5),
              "the heaviest eligible node did not take over after a permanent demote", lab)
        nodes[2].send_line("demote --permanent")
        check(wait_for(lambda: masters(nodes) == [nodes[1]], FAILOVER_BOUND + 5),
              "the last eligible node did not take over", lab)
        time.sleep(3)
        check(masters(nodes) == [nodes[1]], "a permanently demoted node became master again", lab)


SCENARIOS = {
    "five-nodes": five_nodes,
    "channels": channels,
    "goodbye": goodbye,
    "equal-weights": equal_weights,
    "masters-required-2": masters_required_two,
    "promote-demote": promote_and_demote,
}


def main():
    global DISC
    DISC = os.path.abspath(sys.argv[1])
    netns.require_root_and_netns()
    netns.run_scenarios(SCENARIOS, sys.argv[2:])


if __name__ == "__main__":
    main()
