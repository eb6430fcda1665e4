#!/usr/bin/python3
"""A flood of hostile datagrams against libdisc nodes, in network namespaces.

Four hosts on one bridge: a flooder, a victim and two legitimate peers, all
three running `disc watch`. The flooder broadcasts 100,000 WRAP hellos,
each from a new random instance id, then random bytes (half of them
looking like WRAP blocks of large messages). Checked:

  * the victim's peak memory (VmHWM) stays under a bound;
  * the flood's new ids are rate-limited (DISC_DROP_RATE_LIMIT), so the
    victim's node table takes only a few of them, and forgets them;
  * the legitimate nodes keep seeing each other throughout and afterwards
    (no removal of a legitimate peer), with one master among them.

Every figure is printed. Usage: test_flood.py DISC_BINARY
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402
from netns import check, wait_for  # noqa: E402

HELLO, CHECK, NODE_TIMEOUT, MASTER_TIMEOUT = 500, 1000, 3000, 3000
TIMING = ["--hello-interval", str(HELLO), "--check-interval", str(CHECK),
          "--node-timeout", str(NODE_TIMEOUT), "--master-timeout", str(MASTER_TIMEOUT)]
PORT = 12345
HELLOS = 100000
GARBAGE = 50000
MAX_SECONDS = 20
HWM_BOUND_KB = 32 * 1024          # the victim's peak RSS, whatever the flood (8 MiB measured)
NEW_NODE_RATE, NEW_NODE_BURST = 16, 64   # libdisc's defaults
FLOODER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flooder.py")


def vm_kb(process, field):
    try:
        with open("/proc/%d/status" % process.popen.pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    disc = sys.argv[1]
    with netns.Lab(4) as lab:
        flooder_host, victim_host, a_host, b_host = lab.hosts
        argv = [disc, "watch", "--json", "--port", str(PORT), *TIMING]
        victim = lab.spawn(victim_host, argv + ["--report-data-errors", "--weight", "0.1"])
        peer_a = lab.spawn(a_host, argv + ["--weight", "0.9"])
        peer_b = lab.spawn(b_host, argv + ["--weight", "0.5"])
        nodes = [victim, peer_a, peer_b]
        ids = {}
        for p in nodes:
            node = wait_for(p.started_node, 10)
            check(node, "%s never started" % p.host.name, lab)
            ids[p] = node["id"]
        legit = set(ids.values())

        def all_see_all():
            return all(legit - {ids[p]} <= p.peers() for p in nodes)

        check(wait_for(all_see_all, 10), "the three nodes did not find each other", lab)
        check(wait_for(lambda: peer_a.is_master(), MASTER_TIMEOUT / 1000 + 5), "no master", lab)
        base_hwm = vm_kb(victim, "VmHWM")
        print("  before the flood: victim VmHWM %d KiB" % base_hwm)

        floods = []
        for mode, count in (("hellos", HELLOS), ("random", GARBAGE)):
            started = time.monotonic()
            result = lab.run(flooder_host, ["/usr/bin/python3", FLOODER, mode, "10.213.0.255", str(PORT),
                                            str(count), str(MAX_SECONDS)], timeout=MAX_SECONDS + 30)
            check(result.returncode == 0, "flooder failed: %s" % result.stderr, lab)
            floods.append((mode, result.stdout.strip(), time.monotonic() - started))
            print("  flood of %s: %s" % (mode, result.stdout.strip()))
            check(all_see_all(), "a legitimate node lost sight of another during the %s flood" % mode, lab)

        # Let the flood's nodes expire, then look again.
        time.sleep(NODE_TIMEOUT / 1000 + 2 * CHECK / 1000 + 1)
        hwm = vm_kb(victim, "VmHWM")
        rss = vm_kb(victim, "VmRSS")
        events = victim.snapshot()
        flood_added = [e for e in events if e.get("event") == "added" and e["node"]["id"] not in legit]
        flood_removed = [e for e in events if e.get("event") == "removed" and e["node"]["id"] not in legit]
        errors = [e.get("message", "") for e in events if e.get("event") == "error"]
        rate_limited = sum("too many new nodes" in m for m in errors)
        other_drops = len(errors) - rate_limited
        legit_removed = [(p.host.name, e["node"]["id"]) for p in nodes for e in p.of("removed")
                         if e["node"]["id"] in legit]
        hello_seconds = floods[0][2]
        admitted_bound = NEW_NODE_BURST + NEW_NODE_RATE * (hello_seconds + 1)

        print("  victim: VmHWM %d KiB (bound %d KiB), VmRSS %d KiB after the flood" % (hwm, HWM_BOUND_KB, rss))
        print("  victim: %d flood nodes admitted (bound %d for %.1f s of flood), %d expired since"
              % (len(flood_added), admitted_bound, hello_seconds, len(flood_removed)))
        print("  victim: %d hellos dropped by the rate limit, %d other drops reported"
              % (rate_limited, other_drops))
        print("  legitimate nodes removed: %d" % len(legit_removed))

        check(hwm < HWM_BOUND_KB, "victim peak RSS %d KiB over the bound" % hwm, lab)
        check(len(flood_added) <= admitted_bound, "the rate limit let %d flood nodes in" % len(flood_added), lab)
        check(len(flood_removed) == len(flood_added), "flood nodes still in the table after they went silent", lab)
        check(rate_limited > 0, "no hello was rate-limited", lab)
        check(other_drops > 0, "the random flood was not dropped", lab)
        check(not legit_removed, "legitimate nodes were removed: %s" % legit_removed, lab)
        check(all_see_all(), "legitimate nodes no longer see each other", lab)
        masters = [p for p in nodes if p.is_master()]
        check(masters == [peer_a], "expected the heaviest node as the only master", lab)
        for p in nodes:
            check(p.popen.poll() is None, "%s died" % p.host.name, lab)


if __name__ == "__main__":
    main()
