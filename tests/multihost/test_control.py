#!/usr/bin/python3
"""Remote control across hosts (network namespaces on one bridge), aes-256-gcm.

Three or four `disc watch` nodes, some with --allow-remote-control, and
`disc promote|demote|make-eligible NODE` run from another host. Checks
that an accepted request moves mastership through the election's own
rules, that refusals and timeouts change nothing, and that a request with
the wrong key or a replayed capture is dropped and counted.

Usage: test_control.py DISC_BINARY [SCENARIO...]
"""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402
from netns import check, everyone_sees_everyone, ids_of, masters, wait_for  # noqa: E402

HELLO, CHECK, NODE_TIMEOUT, MASTER_TIMEOUT = 500, 1000, 3000, 3000
TIMING = ["--hello-interval", str(HELLO), "--check-interval", str(CHECK),
          "--node-timeout", str(NODE_TIMEOUT), "--master-timeout", str(MASTER_TIMEOUT)]
PORT = 12345
KEY = "remote control test key"
GCM = ["--algorithm", "aes-256-gcm", "--port", str(PORT)]
SETTLE = 3.0  # seconds in which nothing may change after a refusal

DISC = None


def watch(lab, host, name, weight, *extra, key=KEY):
    argv = [DISC, "watch", "--json", *TIMING, *GCM, "--key", key, "--host-name", name,
            "--weight", str(weight), "--report-data-errors", *extra]
    return lab.spawn(host, argv)


def control(lab, host, command, node, *extra, key=KEY):
    """Runs `disc COMMAND NODE` on @host; returns the CompletedProcess."""
    argv = [DISC, command, node, *TIMING, *GCM, "--key", key, *extra]
    return lab.run(host, argv, timeout=30)


def control_events(p):
    return p.of("control")


def drops(p, words):
    """Dropped-packet errors of @p whose message contains @words."""
    return [e for e in p.of("error") if words in e.get("message", "")]


def settle_cluster(lab, nodes, ids, expected_master):
    check(wait_for(everyone_sees_everyone(nodes, ids), 15), "not all nodes saw all others", lab)
    check(wait_for(lambda: masters(nodes) == [expected_master], 15),
          "expected %s alone as master, got %s" % (
              expected_master.host.name, [p.host.name for p in masters(nodes)]), lab)


def opted_in_beta(lab):
    """Alpha (the heaviest, master), beta (opted in to remote control) and
    gamma on the lab's first three hosts, settled; with their ids."""
    h = lab.hosts
    a = watch(lab, h[0], "alpha", 0.9)
    b = watch(lab, h[1], "beta", 0.5, "--allow-remote-control")
    c = watch(lab, h[2], "gamma", 0.1)
    ids = ids_of(lab, [a, b, c])
    settle_cluster(lab, [a, b, c], ids, a)
    return a, b, c, ids


def result_text(result):
    return "exit %d\nstdout: %s\nstderr: %s" % (result.returncode, result.stdout, result.stderr)


def promote_and_refuse():
    """Three nodes, one opted in: promoted from a fourth host; a node that
    did not opt in refuses; the old master steps down."""
    with netns.Lab(4) as lab:
        h = lab.hosts
        a, b, c, ids = opted_in_beta(lab)
        nodes = [a, b, c]

        # Each node's hello says whether it accepts control.
        def accepts(observer, subject):
            for e in observer.of("added"):
                if e["node"]["id"] == ids[subject]:
                    return e["node"].get("acceptsControl", False)
            return None
        check(accepts(a, b) is True, "alpha does not see that beta accepts control", lab)
        check(accepts(b, a) is False and accepts(b, c) is False,
              "beta sees alpha or gamma as accepting control", lab)

        started = time.monotonic()
        result = control(lab, h[3], "promote", ids[b])
        elapsed = time.monotonic() - started
        check(result.returncode == 0, "disc promote beta failed:\n" + result_text(result), lab)
        print("  disc promote (discovery wait included): %.2f s" % elapsed)

        check(wait_for(lambda: b.is_master(), 5), "beta did not become master", lab)
        check(wait_for(lambda: not a.is_master(), 5), "alpha did not step down", lab)
        check(wait_for(lambda: masters(nodes) == [b], 5), "beta is not the only master", lab)

        # Audited before it was applied: the control event comes first, and
        # names the sender's address (host 4).
        events = b.snapshot()
        audit = [i for i, e in enumerate(events) if e.get("event") == "control"]
        promoted = [i for i, e in enumerate(events) if e.get("event") == "promotion"]
        check(audit and promoted and audit[0] < promoted[0],
              "beta's control event did not come before its promotion", lab)
        event = events[audit[0]]
        check(event.get("action") == "promote" and event.get("accepted") is True and
              event.get("address") == h[3].address and event.get("sender"),
              "beta's control event is %r" % event, lab)
        check(len(control_events(b)) == 1, "beta applied the request %d times" % len(control_events(b)), lab)

        # A node that did not opt in refuses, says why, and nothing changes.
        result = control(lab, h[3], "promote", ids[c])
        check(result.returncode == 1, "promote gamma should exit 1:\n" + result_text(result), lab)
        check("does not accept remote control" in result.stderr,
              "the refusal does not say why:\n" + result_text(result), lab)
        time.sleep(SETTLE)
        check(masters(nodes) == [b], "mastership changed after a refusal", lab)
        check(not c.of("promotion"), "gamma was promoted although it did not opt in", lab)
        refused = control_events(c)
        check(len(refused) == 1 and refused[0].get("accepted") is False,
              "gamma's audit of the refused request is %r" % refused, lab)

        # NODE as a unique host name and as an id prefix.
        result = control(lab, h[3], "demote", "beta")
        check(result.returncode == 0, "disc demote beta (by host name) failed:\n" + result_text(result), lab)
        check(wait_for(lambda: not b.is_master(), 5), "beta did not step down", lab)
        check(wait_for(lambda: masters(nodes) == [a], 10), "alpha did not take mastership back", lab)
        result = control(lab, h[3], "demote", ids[b][:8], "--permanent")
        check(result.returncode == 0, "disc demote --permanent PREFIX failed:\n" + result_text(result), lab)
        result = control(lab, h[3], "promote", "beta")
        check(result.returncode == 1 and "not master-eligible" in result.stderr,
              "promoting a node demoted for good should be refused:\n" + result_text(result), lab)
        result = control(lab, h[3], "make-eligible", "beta")
        check(result.returncode == 0, "disc make-eligible failed:\n" + result_text(result), lab)
        result = control(lab, h[3], "promote", "beta")
        check(result.returncode == 0, "promote after make-eligible failed:\n" + result_text(result), lab)
        check(wait_for(lambda: masters(nodes) == [b], 10), "beta is not master again", lab)

        # Bad usage and unknown nodes.
        for argv, status in (([DISC, "promote"], 2), ([DISC, "demote", "beta", "--no-such-flag"], 2),
                             ([DISC, "promote", "beta", "gamma"], 2)):
            result = lab.run(h[3], argv)
            check(result.returncode == status, "%s: expected exit %d:\n%s" % (
                " ".join(argv[1:]), status, result_text(result)), lab)
        result = control(lab, h[3], "promote", "no-such-host", "--wait", "1500")
        check(result.returncode == 1 and "no-such-host" in result.stderr,
              "an unknown node should exit 1 naming it:\n" + result_text(result), lab)


def capture_script(address, seconds):
    """Python run on a lab host: prints, as hex, every datagram from @address."""
    return (
        "import socket, time\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        "s.bind(('', %d))\n"
        "s.settimeout(0.2)\n"
        "end = time.monotonic() + %f\n"
        "while time.monotonic() < end:\n"
        "    try:\n"
        "        data, (host, port) = s.recvfrom(70000)\n"
        "    except socket.timeout:\n"
        "        continue\n"
        "    if host == %r:\n"
        "        print(data.hex(), flush=True)\n" % (PORT, seconds, address))


def replay_script(datagrams, broadcast):
    return (
        "import socket\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)\n"
        "for d in %r:\n"
        "    s.sendto(bytes.fromhex(d), (%r, %d))\n" % (datagrams, broadcast, PORT))


def wrong_key_and_replay():
    """A request with the wrong key, and a replayed capture of a real one,
    change nothing and are counted as dropped."""
    with netns.Lab(5) as lab:
        h = lab.hosts
        a, b, c, ids = opted_in_beta(lab)
        nodes = [a, b, c]

        # The wrong key: no answer (timeout), beta counts the drops.
        before = len(drops(b, "wrong key"))
        result = control(lab, h[3], "promote", ids[b], key="not the key")
        check(result.returncode == 1 and "no answer" in result.stderr,
              "a request with the wrong key should time out:\n" + result_text(result), lab)
        check(wait_for(lambda: len(drops(b, "wrong key")) > before, 5),
              "beta did not count the wrong-key request as dropped", lab)
        time.sleep(1)
        check(masters(nodes) == [a] and not control_events(b),
              "the wrong-key request changed something", lab)

        # A capture of a real request (host 4 only sends control packets:
        # the command listens without hellos), taken on host 5.
        capture = lab.spawn(h[4], ["/usr/bin/python3", "-u", "-c", capture_script(h[3].address, 12)])
        time.sleep(0.5)
        result = control(lab, h[3], "promote", ids[b])
        check(result.returncode == 0, "disc promote beta failed:\n" + result_text(result), lab)
        check(wait_for(lambda: masters(nodes) == [b], 10), "beta is not the only master", lab)
        capture.terminate()
        datagrams = [line for line in capture.lines if line and all(ch in "0123456789abcdef" for ch in line)]
        check(datagrams and all(d.startswith("ff444145") for d in datagrams),
              "captured %d datagrams, expected aes-256-gcm packets: %r" % (len(datagrams), datagrams[:2]), lab)

        # Mastership back to alpha, by a new request.
        result = control(lab, h[3], "demote", ids[b])
        check(result.returncode == 0, "disc demote beta failed:\n" + result_text(result), lab)
        check(wait_for(lambda: masters(nodes) == [a], 10), "alpha did not take mastership back", lab)
        applied = len(control_events(b))

        # Replay the capture, well within the 30 s time window.
        before = len(drops(b, "replayed"))
        broadcast = h[4].address.rsplit(".", 1)[0] + ".255"
        replayed = lab.run(h[4], ["/usr/bin/python3", "-c", replay_script(datagrams, broadcast)])
        check(replayed.returncode == 0, "the replay failed: %s" % replayed.stderr, lab)
        check(wait_for(lambda: len(drops(b, "replayed")) >= before + len(datagrams), 5),
              "beta counted %d replays, expected %d" % (len(drops(b, "replayed")) - before, len(datagrams)), lab)
        time.sleep(SETTLE)
        check(masters(nodes) == [a], "the replayed promotion changed mastership", lab)
        check(len(control_events(b)) == applied, "beta audited a replayed request", lab)
        print("  wrong key: dropped; %d replayed datagrams: all dropped as replays" % len(datagrams))


def masters_required_two():
    """masters-required 2 holds after a remote demote."""
    with netns.Lab(4) as lab:
        h = lab.hosts
        two = ["--masters-required", "2"]
        a = watch(lab, h[0], "alpha", 0.9, "--allow-remote-control", *two)
        b = watch(lab, h[1], "beta", 0.7, *two)
        c = watch(lab, h[2], "gamma", 0.5, *two)
        nodes = [a, b, c]
        ids = ids_of(lab, nodes)
        check(wait_for(everyone_sees_everyone(nodes, ids), 15), "not all nodes saw all others", lab)
        check(wait_for(lambda: sorted(p.host.name for p in masters(nodes)) == ["host0", "host1"], 15),
              "expected alpha and beta as masters, got %s" % [p.host.name for p in masters(nodes)], lab)

        result = control(lab, h[3], "demote", ids[a])
        check(result.returncode == 0, "disc demote alpha failed:\n" + result_text(result), lab)
        check(wait_for(lambda: not a.is_master(), 5), "alpha did not step down", lab)
        check(wait_for(lambda: sorted(p.host.name for p in masters(nodes)) == ["host1", "host2"], 15),
              "expected beta and gamma as masters after the demote, got %s" % [
                  p.host.name for p in masters(nodes)], lab)
        # Longer than master-timeout + check-interval, when alpha stops yielding.
        time.sleep((MASTER_TIMEOUT + 2 * CHECK) / 1000.0)
        check(len(masters(nodes)) == 2, "masters-required 2 does not hold: %s" % [
            p.host.name for p in masters(nodes)], lab)


SCENARIOS = {
    "promote-and-refuse": promote_and_refuse,
    "wrong-key-and-replay": wrong_key_and_replay,
    "masters-required-two": masters_required_two,
}


def main():
    global DISC
    DISC = os.path.abspath(sys.argv[1])
    chosen = sys.argv[2:] or list(SCENARIOS)
    netns.require_root_and_netns()
    failed = 0
    for name in chosen:
        started = time.monotonic()
        try:
            SCENARIOS[name]()
            print("ok - %s (%.1f s)" % (name, time.monotonic() - started))
        except netns.TestFailure as failure:
            failed += 1
            print("not ok - %s\n%s" % (name, failure))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
