#!/usr/bin/python3
"""Field bugs of issue #14 that need real hosts, in network namespaces.

  1. A node bound to its own address (--address) hears broadcast and
     multicast arriving on that interface: on loopback beside a node bound
     to the wildcard, and between two hosts each bound to its own address,
     with the default broadcast, the subnet broadcast and multicast. It
     does not hear broadcasts arriving on another interface of its host.
  2. Processes sharing a port (reuse-address, the default) are all
     discovered by unicast, whichever socket the kernel hands a unicast
     datagram to: three on one host listing the host itself, and two on
     one host listed by a peer on another.
  4. A host with an idle bridge (up, no port, so no carrier, made before
     the LAN link as docker0 is): the node's own address (the started
     line, disc_discovery_get_me()) is the LAN address its peers see, never
     the bridge's.

    test_field_bugs.py BUILD/cli/disc [CASE...]

Skips (77) without root or ip netns. Every process is bounded by --for and
killed by the lab on exit; every wait polls against a deadline.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns  # noqa: E402
from netns import check, wait_for  # noqa: E402

DISC = None
DEADLINE = 10
FAST = ["--hello-interval", "250", "--check-interval", "500",
        "--node-timeout", "1500", "--master-timeout", "1500"]
RUN_FOR = ["--for", "20"]


def watch(lab, host, *args):
    return lab.spawn(host, [DISC, "watch", "--json", *FAST, *RUN_FOR, *args])


def started_id(lab, process):
    node = wait_for(process.started_node, DEADLINE)
    check(node is not None, "no started line", lab)
    return node["id"]


def all_see_all(lab, processes, what):
    ids = {p: started_id(lab, p) for p in processes}

    def ok():
        return all({ids[q] for q in processes if q is not p} <= p.peers() for p in processes)

    check(wait_for(ok, DEADLINE), "%s: not every node saw every other" % what, lab)
    return ids


def case_bound_loopback():
    """The issue's reproduction, in a namespace: --address 127.0.0.1 and
    --broadcast 127.255.255.255 beside a node bound to the wildcard."""
    with netns.Lab(1) as lab:
        host = lab.hosts[0]
        net = ["--broadcast", "127.255.255.255", "--port", "30140"]
        a = watch(lab, host, "--host-name", "a", "--address", "127.0.0.1", *net)
        b = watch(lab, host, "--host-name", "b", *net)
        all_see_all(lab, [a, b], "bound to 127.0.0.1 beside the wildcard")
        check(a.started_node()["address"] == "127.0.0.1",
              "a node bound to 127.0.0.1 should say 127.0.0.1", lab)


def case_bound_two_hosts():
    """Two hosts, each bound to its own address: default broadcast, the
    subnet's broadcast address, and multicast."""
    modes = [
        ("default broadcast", []),
        ("subnet broadcast", ["--broadcast", "10.213.0.255"]),
        ("multicast", ["--multicast", "239.255.42.99"]),
    ]
    for index, (what, mode) in enumerate(modes):
        with netns.Lab(2) as lab:
            port = str(30150 + index)
            nodes = [watch(lab, h, "--address", h.address, "--port", port, *mode)
                     for h in lab.hosts]
            ids = all_see_all(lab, nodes, "bound to own address, " + what)
            for p, h in zip(nodes, lab.hosts):
                check(p.started_node()["address"] == h.address,
                      "%s: %s should advertise its own address" % (what, h.name), lab)
                other = nodes[1] if p is nodes[0] else nodes[0]
                seen = [e for e in other.of("added") if e["node"]["id"] == ids[p]]
                check(seen and seen[0]["node"]["address"] == h.address,
                      "%s: peers should see %s at %s" % (what, h.name, h.address), lab)


def add_link(lab, host, name, bridge, address):
    """One more link for @host, on @bridge of the lab's switch."""
    peer = "%s-%d" % (name, host.index)
    netns._ip("-n", host.namespace, "link", "add", name, "type", "veth", "peer", "name", peer,
              "netns", lab.switch)
    netns._ip("-n", lab.switch, "link", "set", peer, "master", bridge)
    netns._ip("-n", lab.switch, "link", "set", peer, "up")
    netns._ip("-n", host.namespace, "addr", "add", address + "/24", "brd", "+", "dev", name)
    netns._ip("-n", host.namespace, "link", "set", name, "up")


def case_bound_not_other_interface():
    """A node bound to one interface's address does not hear broadcasts
    that arrive on another interface of its host (another LAN), while a
    node bound to the wildcard on the same host does."""
    with netns.Lab(2) as lab:
        host0, host1 = lab.hosts
        netns._ip("-n", lab.switch, "link", "add", "br1", "type", "bridge")
        netns._ip("-n", lab.switch, "link", "set", "br1", "up")
        add_link(lab, host0, "eth1", "br1", "10.213.1.1")
        far_host = netns.Host(lab, 2, "10.213.1.3")
        netns._ip("netns", "add", far_host.namespace)
        lab.hosts.append(far_host)
        netns._ip("-n", far_host.namespace, "link", "set", "lo", "up")
        add_link(lab, far_host, "eth0", "br1", far_host.address)

        port = "30160"
        bound = watch(lab, host0, "--address", host0.address, "--port", port)
        wildcard = watch(lab, host0, "--port", port, "--listen-only")
        same_lan = watch(lab, host1, "--port", port)
        far = watch(lab, far_host, "--port", port)
        all_see_all(lab, [bound, same_lan], "bound, beside a second interface")
        far_id = started_id(lab, far)
        check(wait_for(lambda: far_id in wildcard.peers(), DEADLINE),
              "a node bound to the wildcard on host0 did not hear the far LAN", lab)
        check(far_id not in {e["node"]["id"] for e in bound.of("added")},
              "a node bound to eth0's address heard a broadcast that came in on eth1", lab)


def case_unicast_shared_port_one_host():
    """The issue's reproduction: three processes on one host, one port,
    each listing the host itself as its unicast peer."""
    with netns.Lab(1) as lab:
        host = lab.hosts[0]
        for peer in ("127.0.0.1", host.address):
            port = "30110" if peer == "127.0.0.1" else "30111"
            nodes = [watch(lab, host, "--host-name", "u%d" % i, "--port", port,
                           "--unicast", "%s:%s" % (peer, port)) for i in range(1, 4)]
            all_see_all(lab, nodes, "three processes unicasting to %s on a shared port" % peer)
            for p in nodes:
                p.terminate()


def case_unicast_shared_port_two_hosts():
    """Two processes share the port on host0; host1 lists host0 as its
    unicast peer, and they list host1. Both are seen, and both see it."""
    with netns.Lab(2) as lab:
        h0, h1 = lab.hosts
        port = "30120"
        u1 = watch(lab, h0, "--host-name", "u1", "--port", port, "--unicast", h1.address)
        u2 = watch(lab, h0, "--host-name", "u2", "--port", port, "--unicast", h1.address)
        v = watch(lab, h1, "--host-name", "v", "--port", port, "--unicast", h0.address)
        ids = {p: started_id(lab, p) for p in (u1, u2, v)}
        check(wait_for(lambda: {ids[u1], ids[u2]} <= v.peers(), DEADLINE),
              "the peer did not see both processes of the shared port", lab)
        check(wait_for(lambda: ids[v] in u1.peers() and ids[v] in u2.peers(), DEADLINE),
              "one of the processes sharing the port never heard its unicast peer", lab)


def add_host_with_idle_bridge(lab):
    """A host whose first interface is an idle bridge (up, with an
    address, but no carrier), made before its LAN link."""
    index = len(lab.hosts)
    host = netns.Host(lab, index, "10.213.0.%d" % (index + 1))
    ns = host.namespace
    netns._ip("netns", "add", ns)
    lab.hosts.append(host)       # removed by lab.close() from here on
    netns._ip("-n", ns, "link", "add", "br-idle", "type", "bridge")
    netns._ip("-n", ns, "addr", "add", "10.213.77.1/24", "brd", "+", "dev", "br-idle")
    netns._ip("-n", ns, "link", "set", "br-idle", "up")
    # A fresh bridge without ports may report a carrier; one whose only
    # port is down has none, as docker0 with its containers stopped.
    netns._ip("-n", ns, "link", "add", "vidle0", "type", "veth", "peer", "name", "vidle1")
    netns._ip("-n", ns, "link", "set", "vidle0", "master", "br-idle")
    port = "p%d" % index
    netns._ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", port,
              "netns", lab.switch)
    netns._ip("-n", lab.switch, "link", "set", port, "master", "br0")
    netns._ip("-n", lab.switch, "link", "set", port, "up")
    netns._ip("-n", ns, "addr", "add", host.address + "/24", "brd", "+", "dev", "eth0")
    netns._ip("-n", ns, "link", "set", "eth0", "up")
    netns._ip("-n", ns, "link", "set", "lo", "up")
    return host


def case_own_address_not_idle_bridge():
    with netns.Lab(1) as lab:
        peer_host = lab.hosts[0]
        docker_like = add_host_with_idle_bridge(lab)
        links = netns._ip("-n", docker_like.namespace, "-o", "link", "show", "br-idle").stdout
        check("NO-CARRIER" in links or "state DOWN" in links,
              "the idle bridge should have no carrier: " + links)
        port = "30130"
        me = watch(lab, docker_like, "--port", port)
        peer = watch(lab, peer_host, "--port", port)
        ids = all_see_all(lab, [me, peer], "beside an idle bridge")
        seen = [e for e in peer.of("added") if e["node"]["id"] == ids[me]][0]["node"]["address"]
        check(seen == docker_like.address, "the peer sees the node at %s" % seen, lab)
        check(me.started_node()["address"] == seen,
              "the node says its address is %s, its peers see %s"
              % (me.started_node()["address"], seen), lab)


CASES = {
    "bound-loopback": case_bound_loopback,
    "bound-two-hosts": case_bound_two_hosts,
    "bound-not-other-interface": case_bound_not_other_interface,
    "unicast-shared-port-one-host": case_unicast_shared_port_one_host,
    "unicast-shared-port-two-hosts": case_unicast_shared_port_two_hosts,
    "own-address-not-idle-bridge": case_own_address_not_idle_bridge,
}


def main():
    global DISC
    if len(sys.argv) < 2:
        print("usage: test_field_bugs.py DISC [CASE...]", file=sys.stderr)
        return 2
    DISC = os.path.abspath(sys.argv[1])
    netns.require_root_and_netns()
    names = sys.argv[2:] or list(CASES)
    failed = []
    for name in names:
        print("# %s" % name, flush=True)
        try:
            CASES[name]()
            print("ok %s" % name, flush=True)
        except netns.TestFailure as e:
            print("FAIL %s: %s" % (name, e), flush=True)
            failed.append(name)
    print("%d passed, %d failed%s" % (len(names) - len(failed), len(failed),
                                       (": " + ", ".join(failed)) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
