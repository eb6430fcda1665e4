#!/usr/bin/python3
"""Chaos for libdisc clusters in network namespaces: loss, jitter, partitions
and SIGKILL, measured.

    tests/chaos/chaos.py BUILD/cli/disc                 # the full run, ~9 minutes
    tests/chaos/chaos.py BUILD/cli/disc --quick         # a smoke run, ~2 minutes
    tests/chaos/chaos.py BUILD/cli/disc --update-doc doc/reliability.md
    tests/chaos/chaos.py BUILD/cli/disc --impair nft --update-doc doc/reliability.md

Hosts are network namespaces (tests/multihost/netns.py); nothing touches
the root namespace. --impair chooses how packets are impaired:

  hub    (the default) a user-space hub (hub.py) in place of the lab's
         bridge applies netem-like impairment to each host's egress: loss P%
         and delay 50 ms ± 50 ms (uniform, so it also reorders), as
         `tc qdisc add dev eth0 root netem loss P% delay 50ms 50ms` would.
         Many kernels (this project's CI among them) are built without
         sch_netem, hence the hub.
  nft    the lab's ordinary bridge, and loss in the kernel: an nftables
         table on the egress hook of each host's eth0 (the place where a
         netem root qdisc would sit) drops IPv4 UDP with probability P%
         (numgen random). Loss only: the kernel has no delay without
         netem. Partitions split the bridge in two (as with netem); kill
         needs no impairment. Only the loss scenario runs unless
         --scenario asks for others. Needs the nft tool (Debian: nftables)
         and a kernel with nf_tables, netdev egress and numgen.
  netem  tc netem on each host's eth0, where the kernel has sch_netem
         (--netem is the same).

Scenarios:
  loss       N nodes for a window at 10% and 30% loss with 50 ms jitter, for
             each timing profile: false removals and master changes per
             minute; then the impairment is lifted and exactly
             masters-required masters must remain.
  partition  the hub is cut in two halves: each side elects its own master;
             healed: exactly one master within master-timeout +
             check-interval + hello-interval.
  kill       SIGKILL of the master, repeatedly: exactly one new master every
             time, within the same bound; median and worst latency.

Exit status 0 when every check held; the figures are printed either way
and, with --update-doc, written between the file's chaos markers
(<!-- chaos:begin --> ... <!-- chaos:end --> for hub and netem,
<!-- chaos-nft:begin --> ... <!-- chaos-nft:end --> for nft). When the
chosen impairment cannot be used here the script fails with a message, or
exits 77 (skipped) with --skip-unavailable.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "multihost"))
import netns  # noqa: E402
from netns import masters, wait_for  # noqa: E402

PROFILES = {
    # libdisc's (and the seed's) defaults
    "default": {"hello": 1000, "check": 2000, "node": 2000, "master": 2000},
    # three hello intervals: two lost hellos in a row land exactly on the timeout
    "3x": {"hello": 1000, "check": 1000, "node": 3000, "master": 3000},
    # the recommendation: 3.5 x hello-interval, half an interval of margin
    # over two lost hellos for jitter and timer phase
    "3.5x": {"hello": 1000, "check": 1000, "node": 3500, "master": 3500},
    # for very lossy networks
    "5x": {"hello": 1000, "check": 1000, "node": 5000, "master": 5000},
}
SLACK = 0.75   # seconds: process start-up and scheduling on a busy 2-core machine

TX_CSUM_OFF = r"""
import array, fcntl, socket, struct
buf = array.array("B", struct.pack("II", 0x17, 0))   # ETHTOOL_STXCSUM, off
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
fcntl.ioctl(s.fileno(), 0x8946, struct.pack("16sP", b"eth0", buf.buffer_info()[0]))  # SIOCETHTOOL
"""


IMPAIRMENTS = ("hub", "nft", "netem")
NFT_TABLE = "chaos"   # netdev family, in each host's namespace only


class Failure(Exception):
    pass


class Unavailable(Exception):
    """The chosen impairment cannot be used on this machine."""


def nft_ruleset(loss):
    """The nft script for a host: count IPv4 UDP leaving eth0, drop loss%."""
    rules = ["meta protocol ip meta l4proto udp counter"]
    if loss > 0:
        # numgen gives 0..9999: per-mille resolution and then some
        rules.append("meta protocol ip meta l4proto udp numgen random mod 10000 < %d counter drop"
                     % round(loss * 100))
    return ("table netdev %s {\n"
            "  chain egress {\n"
            "    type filter hook egress device \"eth0\" priority 0; policy accept;\n"
            "%s"
            "  }\n"
            "}\n" % (NFT_TABLE, "".join("    %s\n" % r for r in rules)))


class ChaosLab:
    """A netns.Lab whose hosts hang off the impairing hub, or on its bridge
    with nftables loss or tc netem."""

    def __init__(self, n, impairment):
        if impairment not in IMPAIRMENTS:
            raise ValueError(impairment)
        self.lab = netns.Lab(n)
        self.impairment = impairment
        self.hub = None
        self.hub_before = None
        try:
            if impairment == "nft":
                self.nft_probe()
                return
            if impairment == "netem":
                return
            for host in self.lab.hosts:
                subprocess.run(["ip", "-n", self.lab.switch, "link", "set", "p%d" % host.index, "nomaster"],
                               check=True)
                # The hub copies frames as they are: UDP checksums must be
                # computed by the sender, not left to an offload.
                result = self.lab.run(host, ["/usr/bin/python3", "-c", TX_CSUM_OFF])
                if result.returncode != 0:
                    raise Failure("cannot turn off checksum offload: " + result.stderr)
            self.hub = subprocess.Popen(
                ["ip", "netns", "exec", self.lab.switch, "/usr/bin/python3", os.path.join(HERE, "hub.py"),
                 *["p%d" % h.index for h in self.lab.hosts]],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, start_new_session=True)
            if self.hub.stdout.readline().strip() != "ready":
                raise Failure("the hub did not start")
        except BaseException:
            self.close()
            raise

    def command(self, line):
        """Send a line to the hub; returns the JSON it printed before "ok", if any."""
        self.hub.stdin.write(line + "\n")
        self.hub.stdin.flush()
        data = None
        reply = self.hub.stdout.readline().strip()
        while reply.startswith("{"):
            data = json.loads(reply)
            reply = self.hub.stdout.readline().strip()
        if not reply.startswith("ok"):
            raise Failure("hub: %r -> %r" % (line, reply))
        return data

    # nftables, always inside a host's namespace (lab.run is ip netns exec)

    def nft(self, host, args, script=None):
        argv = ["nft", "-f", "-"] if script is not None else ["nft", *args]
        full = ["ip", "netns", "exec", host.namespace, *argv]
        return subprocess.run(full, input=script, capture_output=True, text=True, timeout=30)

    def nft_probe(self):
        """Load and delete a lossless table on host 0: Unavailable if refused."""
        host = self.lab.hosts[0]
        if shutil.which("nft") is None:
            raise Unavailable("nft is not installed (Debian package nftables)")
        result = self.nft(host, None, nft_ruleset(10))
        if result.returncode != 0:
            raise Unavailable("the kernel or nft refused a netdev egress table with numgen: "
                              + result.stderr.strip())
        self.nft(host, ["delete", "table", "netdev", NFT_TABLE])

    def nft_counters(self, host):
        """(IPv4 UDP packets seen, dropped) by host's chaos table."""
        result = self.nft(host, ["-j", "list", "table", "netdev", NFT_TABLE])
        if result.returncode != 0:
            raise Failure("nft list on %s: %s" % (host.name, result.stderr.strip()))
        seen = dropped = 0
        for item in json.loads(result.stdout)["nftables"]:
            rule = item.get("rule")
            if not rule:
                continue
            counter = next((e["counter"] for e in rule["expr"] if "counter" in e), None)
            if counter is None:
                continue
            if any("drop" in e for e in rule["expr"]):
                dropped += counter["packets"]
            else:
                seen += counter["packets"]
        return seen, dropped

    def impair(self, loss, delay, jitter):
        """Loss in %, delay and jitter in ms (nft: loss only, delay ignored)."""
        if self.impairment == "nft":
            for host in self.lab.hosts:
                self.nft(host, ["delete", "table", "netdev", NFT_TABLE])
                result = self.nft(host, None, nft_ruleset(loss))
                if result.returncode != 0:
                    raise Failure("nft on %s: %s" % (host.name, result.stderr.strip()))
        elif self.impairment == "netem":
            for host in self.lab.hosts:
                args = ["tc", "qdisc", "replace", "dev", "eth0", "root", "netem",
                        "loss", "%g%%" % loss, "delay", "%dms" % delay, "%dms" % jitter]
                result = self.lab.run(host, args)
                if result.returncode != 0:
                    raise Failure("tc netem: " + result.stderr.strip())
        else:
            self.hub_before = self.command("stats")
            self.command("loss %g" % loss)
            self.command("delay %d %d" % (delay, jitter))

    def clear(self):
        """Lift the impairment; returns (packets seen, dropped) while it held,
        or None where not counted (netem). nft counts IPv4 UDP leaving the
        hosts; the hub counts every frame it received."""
        if self.impairment == "nft":
            seen = dropped = 0
            for host in self.lab.hosts:
                s, d = self.nft_counters(host)
                seen += s
                dropped += d
                result = self.nft(host, ["delete", "table", "netdev", NFT_TABLE])
                if result.returncode != 0:
                    raise Failure("nft delete on %s: %s" % (host.name, result.stderr.strip()))
            return seen, dropped
        if self.impairment == "netem":
            for host in self.lab.hosts:
                self.lab.run(host, ["tc", "qdisc", "del", "dev", "eth0", "root"])
            return None
        self.command("loss 0")
        self.command("delay 0 0")
        after = self.command("stats")
        before = self.hub_before or {"in": 0, "dropped": 0}
        return after["in"] - before["in"], after["dropped"] - before["dropped"]

    def partition(self, groups):
        if self.hub is None:
            for i, group in enumerate(groups):
                for index in group:
                    bridge = "br0" if i == 0 else "br%d" % i
                    subprocess.run(["ip", "-n", self.lab.switch, "link", "add", bridge, "type", "bridge"],
                                   capture_output=True)
                    subprocess.run(["ip", "-n", self.lab.switch, "link", "set", bridge, "up"], check=True)
                    subprocess.run(["ip", "-n", self.lab.switch, "link", "set", "p%d" % index,
                                    "master", bridge], check=True)
        else:
            self.command("partition " + " ".join(",".join(str(i) for i in g) for g in groups))

    def heal(self):
        if self.hub is None:
            for host in self.lab.hosts:
                subprocess.run(["ip", "-n", self.lab.switch, "link", "set", "p%d" % host.index,
                                "master", "br0"], check=True)
        else:
            self.command("heal")

    def close(self):
        if self.hub is not None and self.hub.poll() is None:
            try:
                self.hub.stdin.write("quit\n")
                self.hub.stdin.flush()
                self.hub.wait(timeout=5)
            except Exception:
                self.hub.kill()
        self.lab.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def watch(lab, host, disc, profile, weight):
    p = PROFILES[profile]
    return lab.spawn(host, [disc, "watch", "--json",
                            "--hello-interval", str(p["hello"]), "--check-interval", str(p["check"]),
                            "--node-timeout", str(p["node"]), "--master-timeout", str(p["master"]),
                            "--weight", str(weight)])


def started_ids(lab, processes):
    ids = {}
    for p in processes:
        node = wait_for(p.started_node, 10)
        if not node:
            raise Failure("%s never started\n%s" % (p.host.name, lab.describe()))
        ids[p] = node["id"]
    return ids


def events_between(process, name, start, end):
    return [e for e in process.of(name) if start <= e["_received"] < end]


EDGE = 0.1   # seconds: a removal undone this soon was a gap just over node-timeout


def edge_removals(process, start, end):
    """Removals in [start, end) undone within EDGE: the node's next hello came
    less than EDGE after the check that removed it."""
    events = process.snapshot()
    count = 0
    for i, e in enumerate(events):
        if e.get("event") != "removed" or not start <= e["_received"] < end:
            continue
        back = next((f for f in events[i + 1:] if f.get("event") == "added"
                     and f["node"]["id"] == e["node"]["id"]), None)
        if back is not None and back["_received"] - e["_received"] < EDGE:
            count += 1
    return count


def bound_of(profile):
    p = PROFILES[profile]
    return (p["master"] + p["check"] + p["hello"]) / 1000.0


# --- scenarios -----------------------------------------------------------------

def loss_scenario(disc, profile, losses, window, n, impairment, stagger=False):
    rows = []
    with ChaosLab(n, impairment) as chaos:
        lab = chaos.lab
        nodes = []
        for i, h in enumerate(lab.hosts):
            nodes.append(watch(lab, h, disc, profile, 0.1 * (i + 1)))
            if stagger:
                # Out of phase, as nodes on a real network are: started
                # together, their hello and check timers run in lockstep.
                time.sleep(random.uniform(0.05, 0.95) * PROFILES[profile]["hello"] / 1000.0)
        ids = started_ids(lab, nodes)
        everyone = set(ids.values())
        settle = PROFILES[profile]["master"] / 1000.0 + 10
        if not wait_for(lambda: all(everyone - {ids[p]} <= p.peers() for p in nodes)
                        and len(masters(nodes)) == 1, settle):
            raise Failure("%s: the cluster did not form\n%s" % (profile, lab.describe()))
        for loss in losses:
            chaos.impair(loss, 50, 50)
            start = time.monotonic()
            time.sleep(window)
            end = time.monotonic()
            masters_under_loss = len(masters(nodes))
            counted = chaos.clear()
            removals = sum(len(events_between(p, "removed", start, end)) for p in nodes)
            promotions = sum(len(events_between(p, "promotion", start, end)) for p in nodes)
            demotions = sum(len(events_between(p, "demotion", start, end)) for p in nodes)
            minutes = (end - start) / 60.0
            # Lifted: everyone back, exactly one master.
            healed = wait_for(lambda: all(everyone - {ids[p]} <= p.peers() for p in nodes)
                              and len(masters(nodes)) == 1, bound_of(profile) + 5)
            time.sleep(PROFILES[profile]["hello"] / 1000.0 * 2)
            final_masters = len(masters(nodes))
            row = {
                "profile": profile, "loss": loss, "nodes": n, "seconds": round(end - start, 1),
                "false_removals": removals, "false_removals_per_min": round(removals / minutes, 1),
                "edge_removals": sum(edge_removals(p, start, end) for p in nodes),
                "promotions": promotions, "demotions": demotions,
                "master_changes_per_min": round((promotions + demotions) / minutes, 1),
                "masters_at_end_of_window": masters_under_loss,
                "masters_after_lifting": final_masters, "ok": bool(healed) and final_masters == 1,
                "impairment": impairment, "staggered": stagger,
            }
            if counted is not None:
                row["packets_seen"], row["packets_dropped"] = counted
            print("  loss %2d%% %-7s: %s" % (loss, profile, json.dumps(row)), flush=True)
            rows.append(row)
            # Start the next window from a quiet cluster.
            time.sleep(2)
    return rows


def partition_scenario(disc, profile, trials, impairment):
    rows = []
    bound = bound_of(profile)
    with ChaosLab(6, impairment) as chaos:
        lab = chaos.lab
        nodes = [watch(lab, h, disc, profile, 0.1 * (i + 1)) for i, h in enumerate(lab.hosts)]
        ids = started_ids(lab, nodes)
        everyone = set(ids.values())
        if not wait_for(lambda: all(everyone - {ids[p]} <= p.peers() for p in nodes)
                        and masters(nodes) == [nodes[5]], bound + 10):
            raise Failure("partition: the cluster did not form\n" + lab.describe())
        halves = [nodes[:3], nodes[3:]]
        for trial in range(trials):
            cut_at = time.monotonic()
            chaos.partition([[0, 1, 2], [3, 4, 5]])
            split = wait_for(lambda: all(len(masters(h)) == 1 for h in halves), bound + 10)
            split_after = time.monotonic() - cut_at
            time.sleep(1)
            each_side = [len(masters(h)) for h in halves]
            healed_at = time.monotonic()
            chaos.heal()
            one = wait_for(lambda: len(masters(nodes)) == 1, bound + 10)
            heal_after = time.monotonic() - healed_at
            time.sleep(PROFILES[profile]["hello"] / 1000.0 * 2)
            final = len(masters(nodes))
            row = {"trial": trial + 1, "each_side_elected_after": round(split_after, 2),
                   "masters_per_side": each_side, "one_master_after_heal": round(heal_after, 2),
                   "bound": bound, "masters_after": final,
                   "ok": bool(split) and each_side == [1, 1] and bool(one) and final == 1
                   and heal_after <= bound + SLACK}
            print("  partition %d: %s" % (trial + 1, json.dumps(row)), flush=True)
            rows.append(row)
            # everyone back in the table before the next cut
            wait_for(lambda: all(everyone - {ids[p]} <= p.peers() for p in nodes), bound + 5)
    return rows


def kill_scenario(disc, profile, trials, impairment):
    bound = bound_of(profile)
    latencies = []
    failures = []
    with ChaosLab(5, impairment) as chaos:
        lab = chaos.lab
        nodes = [watch(lab, h, disc, profile, i + 1) for i, h in enumerate(lab.hosts)]
        started_ids(lab, nodes)
        if not wait_for(lambda: masters(nodes) == [nodes[4]], bound + 10):
            raise Failure("kill: the cluster did not elect the heaviest node\n" + lab.describe())
        for trial in range(trials):
            current = masters(nodes)
            if len(current) != 1:
                failures.append("trial %d: %d masters before the kill" % (trial + 1, len(current)))
                break
            victim = current[0]
            survivors = [p for p in nodes if p is not victim]
            killed_at = time.monotonic()
            victim.kill()
            got = wait_for(lambda: len(masters(survivors)) == 1, bound + 10)
            if not got:
                failures.append("trial %d: no new master" % (trial + 1))
                break
            new = masters(survivors)[0]
            latency = new.of("promotion")[-1]["_received"] - killed_at
            latencies.append(latency)
            time.sleep(1)
            extra = len(masters(survivors))
            if extra != 1:
                failures.append("trial %d: %d masters a second later" % (trial + 1, extra))
            if latency > bound + SLACK:
                failures.append("trial %d: %.2f s, over the bound" % (trial + 1, latency))
            print("  kill %2d: new master after %.2f s (bound %.1f s)" % (trial + 1, latency, bound), flush=True)
            # The killed node comes back, lighter than everyone, on its host.
            index = nodes.index(victim)
            nodes[index] = watch(lab, victim.host, disc, profile, -(trial + 1))
            started_ids(lab, [nodes[index]])
            wait_for(lambda: len(nodes[index].peers()) == len(nodes) - 1, bound + 5)
    result = {"trials": len(latencies), "bound": bound, "failures": failures,
              "median": round(statistics.median(latencies), 2) if latencies else None,
              "worst": round(max(latencies), 2) if latencies else None,
              "best": round(min(latencies), 2) if latencies else None,
              "ok": not failures and len(latencies) == trials}
    print("  kill: %s" % json.dumps(result), flush=True)
    return result


# --- report ---------------------------------------------------------------------

def loss_table(rows, args):
    nft = args.impair == "nft"
    if nft:
        title = "**Loss in the kernel on the veth links, nftables, no jitter**"
    else:
        title = "**Loss with 50 ms ± 50 ms jitter**"
    out = ["%s (%d nodes started %s, %d s per setting; false removals and master changes summed "
           "over all nodes' views, per minute; \"on the edge\": removals undone within %d ms, the "
           "gap having exceeded node-timeout by less than that%s):" % (
               title, args.nodes, "out of phase" if args.stagger else "together", args.window, EDGE * 1000,
               "; UDP packets dropped / sent counted by the nftables rules" if nft else ""), "",
           "| timeouts (hello / check / node / master, ms) | loss | %sfalse removals / min (total, on the edge) "
           "| master changes / min | masters at end of window | masters after lifting |"
           % ("UDP packets dropped | " if nft else ""),
           "| --- | --- | %s--- | --- | --- | --- |" % ("--- | " if nft else "")]
    for row in rows:
        p = PROFILES[row["profile"]]
        dropped = ""
        if nft:
            seen = row.get("packets_seen", 0)
            dropped = "%.1f%% (%d / %d) | " % (100.0 * row.get("packets_dropped", 0) / seen if seen else 0.0,
                                               row.get("packets_dropped", 0), seen)
        out.append("| %s: %d / %d / %d / %d | %d%% | %s%s (%d, %d on the edge) | %s (%d promotions, %d demotions) "
                   "| %d | %d |" % (
            row["profile"], p["hello"], p["check"], p["node"], p["master"], row["loss"], dropped,
            row["false_removals_per_min"], row["false_removals"], row.get("edge_removals", 0),
            row["master_changes_per_min"], row["promotions"],
            row["demotions"], row["masters_at_end_of_window"], row["masters_after_lifting"]))
    out.append("")
    return out


def command_line(args):
    """The options that shaped the figures, as the doc quotes them."""
    words = ["tests/chaos/chaos.py"]
    if args.quick:
        words.append("--quick")
    if args.impair != "hub":
        words += ["--impair", args.impair]
    if args.scenario:
        for s in args.scenario:
            words += ["--scenario", s]
    if args.loss_profile:
        for p in args.loss_profile:
            words += ["--loss-profile", p]
    if args.stagger:
        words.append("--stagger")
    if args.window != (15 if args.quick else 60):
        words += ["--window", str(args.window)]
    return " ".join(words)


IMPAIRMENT_NAMES = {
    "hub": "the user-space hub, hub.py",
    "netem": "tc netem",
    "nft": "nftables on the egress hook of each host's eth0, on the lab's bridge",
}


def markdown(results, args, seconds):
    out = []
    out.append("Measured by `%s` on %s, in %.0f s (impairment by %s)." % (
        command_line(args), time.strftime("%Y-%m-%d"), seconds, IMPAIRMENT_NAMES[args.impair]))
    out.append("")
    if results["loss"]:
        out += loss_table(results["loss"], args)
    if results.get("partition"):
        rows = results["partition"]
        out.append("**Partition** (6 nodes, cut into 3 + 3 and healed, %d times, timeouts %s; bound "
                   "master-timeout + check-interval + hello-interval = %.1f s):" % (
                       len(rows), args.profile, rows[0]["bound"]))
        out.append("")
        out.append("| trial | each side has its master after | masters per side | one master after healing |")
        out.append("| --- | --- | --- | --- |")
        for r in rows:
            out.append("| %d | %.2f s | %s | %.2f s |" % (r["trial"], r["each_side_elected_after"],
                                                       " + ".join(map(str, r["masters_per_side"])),
                                                       r["one_master_after_heal"]))
        out.append("")
    if results.get("kill"):
        k = results["kill"]
        out.append("**SIGKILL of the master** (5 nodes, %d trials, timeouts %s; bound %.1f s): exactly one new "
                   "master every time: %s; latency median **%.2f s**, worst **%.2f s**, best %.2f s." % (
                       k["trials"], args.profile, k["bound"], "yes" if k["ok"] else "NO (%s)" % k["failures"],
                       k["median"], k["worst"], k["best"]))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def markers(impairment):
    """The doc's block for an impairment's figures: nft has its own."""
    name = "chaos-nft" if impairment == "nft" else "chaos"
    return "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name


def update_doc(path, text, impairment):
    begin, end = markers(impairment)
    with open(path) as f:
        doc = f.read()
    if begin not in doc or end not in doc:
        raise SystemExit("%s has no %s ... %s markers" % (path, begin, end))
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w") as f:
        f.write(head + begin + "\n" + text + end + tail)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("disc", help="the disc CLI (BUILD/cli/disc)")
    parser.add_argument("--quick", action="store_true", help="short windows and few trials (~2 min)")
    parser.add_argument("--impair", choices=IMPAIRMENTS, default="hub",
                        help="hub: the user-space hub (loss and jitter; the default); nft: loss by "
                        "nftables on each host's eth0 egress, no jitter; netem: tc netem")
    parser.add_argument("--netem", action="store_const", dest="impair", const="netem",
                        help="the same as --impair netem")
    parser.add_argument("--loss-profile", action="append", choices=sorted(PROFILES),
                        help="timeouts for the loss scenario (default, 3x, 3.5x and 5x; quick: default and 3.5x)")
    parser.add_argument("--stagger", action="store_true",
                        help="loss scenario: start the nodes at random moments over one hello interval "
                        "instead of together (timers out of phase)")
    parser.add_argument("--skip-unavailable", action="store_true",
                        help="exit 77 (skipped, for meson) when the impairment cannot be used here")
    parser.add_argument("--window", type=int, default=None, help="seconds per loss setting (60; quick 15)")
    parser.add_argument("--nodes", type=int, default=5)
    parser.add_argument("--profile", default="3.5x", choices=sorted(PROFILES), help="timeouts for the partition and kill scenarios")
    parser.add_argument("--scenario", action="append", choices=["loss", "partition", "kill"])
    parser.add_argument("--update-doc", metavar="FILE",
                        help="write the figures between FILE's chaos markers (chaos-nft markers for nft)")
    parser.add_argument("--json", metavar="FILE", help="write the raw results as JSON")
    args = parser.parse_args()
    netns.require_root_and_netns()
    if args.window is None:
        args.window = 15 if args.quick else 60
    if args.update_doc:
        with open(args.update_doc) as f:
            doc = f.read()
        if not all(m in doc for m in markers(args.impair)):
            raise SystemExit("%s has no %s ... %s markers" % ((args.update_doc,) + markers(args.impair)))
    default_scenarios = ["loss"] if args.impair == "nft" else ["loss", "partition", "kill"]
    scenarios = args.scenario or default_scenarios
    profiles = args.loss_profile or (["default", "3.5x"] if args.quick
                                     else ["default", "3x", "3.5x", "5x"])
    started = time.monotonic()
    results = {"loss": []}
    ok = True
    try:
        if args.impair == "nft" and shutil.which("nft") is None:
            raise Unavailable("nft is not installed (Debian package nftables)")
        if "loss" in scenarios:
            for profile in profiles:
                results["loss"] += loss_scenario(args.disc, profile, [10, 30], args.window, args.nodes, args.impair,
                                                stagger=args.stagger)
            ok &= all(r["ok"] for r in results["loss"])
            if args.impair == "nft" and not sum(r.get("packets_dropped", 0) for r in results["loss"]):
                print("FAIL: the nftables rules dropped nothing")
                ok = False
        if "partition" in scenarios:
            results["partition"] = partition_scenario(args.disc, args.profile, 1 if args.quick else 3, args.impair)
            ok &= all(r["ok"] for r in results["partition"])
        if "kill" in scenarios:
            results["kill"] = kill_scenario(args.disc, args.profile, 3 if args.quick else 20, args.impair)
            ok &= results["kill"]["ok"]
    except Unavailable as why:
        if args.skip_unavailable:
            print("SKIP: --impair %s: %s" % (args.impair, why))
            return netns.SKIP
        print("chaos: --impair %s cannot be used here: %s" % (args.impair, why))
        return 1
    except Failure as failure:
        print("FAIL: %s" % failure)
        return 1
    text = markdown(results, args, time.monotonic() - started)
    print()
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    if args.update_doc:
        update_doc(args.update_doc, text, args.impair)
    print("chaos: %s" % ("every check held" if ok else "SOME CHECKS FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
