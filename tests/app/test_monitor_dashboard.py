#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor as a dashboard: does it say what happened and what is wrong?

One scenario per run, each against a small cluster of `disc watch` peers
in network namespaces (loopback where they cannot be made), the monitor
read and driven through AT-SPI:

  wrong-key     a peer encrypted with another key: the diagnosis line says
                its traffic could not be read, within 5 s
  leave-reasons a goodbye and a SIGKILL show in the event log with their
                different reasons, then the failover; no "New master"
                banner for the master that was there at start; with a
                search, the log's count still counts an event it hides
  two-masters   two masters with masters-required 1 (a partition between
                two peers that the monitor sees across, made with nftables
                and healed by the test): a warning says so, and goes when
                one steps down (namespaces only)
  no-eligible   only ineligible peers: the diagnosis says no master can be
                elected
  demote        Promote asks before taking mastership from alpha; after
                Demote the monitor (which joined not eligible) is not
                master 10 s later, nor after alpha dies; with no other
                eligible node, Demote is disabled
  channels      channels on the network are listed with message counts
                without joining; joining one from the list logs it
  receive-buffer the monitor stopped (SIGSTOP) while its port is flooded
                from 127.0.0.1 until the kernel drops: the diagnosis line
                says how many packets were lost, as many as /proc/net/udp
                counts, and the event log says why

Usage: test_monitor_dashboard.py SCENARIO BUILD_ROOT SOURCE_ROOT
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import check, step, wait_for  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from receive_buffer import MIN_DROPS, flood, poke  # noqa: E402

TIMING = ["--hello-interval", "250", "--check-interval", "500",
          "--node-timeout", "1500", "--master-timeout", "1500"]


def any_label(app, predicate):
    return [l for l in lab.labels(app) if predicate(l)]


def start_monitor(inner, *extra, env_extra=None):
    monitor = inner.monitor(*TIMING, *extra, env_extra=env_extra)
    started = wait_for(lambda: monitor.debug_of("started"), 20)
    check(started, "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor's window is not on the accessibility bus")
    return monitor, app, started[0]["id"]


def states(node):
    Atspi = lab.atspi()
    node.clear_cache()
    return [Atspi.StateType(s).value_nick for s in node.get_state_set().get_states()]


def enabled(node):
    Atspi = lab.atspi()
    node.clear_cache()
    # GTK 4.8 reports "sensitive" (not "enabled") for a usable control.
    return node.get_state_set().contains(Atspi.StateType.SENSITIVE)


# ---------------------------------------------------------------- scenarios

def wrong_key(inner):
    directory = tempfile.mkdtemp(prefix="disc-monitor-wrong-key-")
    key_file = lab.write_key_file(directory, "the-cluster-key-4f1")
    inner.peer(1, *TIMING, "--host-name", "locked-a", "--key-file", key_file, name="locked-a")
    inner.peer(2, *TIMING, "--host-name", "locked-b", "--key-file", key_file, name="locked-b")
    monitor, app, _ = start_monitor(inner, env_extra={"DISC_KEY": "not-the-cluster-key"})
    t0 = time.monotonic()
    found = wait_for(lambda: any_label(app, lambda l: "could not be read" in l), 5)
    check(found, "no diagnosis within 5 s of the window showing: %s" % lab.labels(app)[:20])
    step("%.1f s after the window: %r" % (time.monotonic() - t0, found[0]))
    check("wrong key or algorithm" in found[0], "the diagnosis does not name the key: %r" % found[0])
    if inner.mode == "netns":
        # The first drop names one address; the second peer's follow.
        both = wait_for(lambda: any_label(app, lambda l: l.startswith("Encrypted traffic from 2 addresses")), 5)
        check(both, "the diagnosis does not count the two peers' addresses: %s" % any_label(
            app, lambda l: "could not be read" in l))
    check(not any_label(app, lambda l: l in ("locked-a", "locked-b")),
          "the monitor lists a node whose packets it cannot read")
    os.unlink(key_file)
    os.rmdir(directory)


def leave_reasons(inner):
    alpha = inner.peer(1, *TIMING, "--host-name", "alpha", "--weight", "0.9", name="alpha")
    beta = inner.peer(2, *TIMING, "--host-name", "beta", "--weight", "0.5", name="beta")
    gamma = inner.peer(3, *TIMING, "--host-name", "gamma", "--weight", "0.3", name="gamma")
    check(wait_for(lambda: alpha.of("promotion"), 10), "alpha was not elected before the monitor came")
    monitor, app, _ = start_monitor(inner)
    check(wait_for(lambda: any_label(app, lambda l: l.startswith("Master: alpha")), 10),
          "alpha is not shown as master")
    # The master was there before the monitor: no "New master" banner.
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        banner = any_label(app, lambda l: l.startswith("New master"))
        check(not banner, "a banner announces the master that was already there: %r" % banner)
        time.sleep(0.3)
    step("no banner for alpha, master before the monitor started")

    lab.press(app, "page tab", "Events")
    check(wait_for(lambda: any_label(app, lambda l: l.startswith("alpha (") and "is master" in l), 10),
          "the event log does not record alpha as master: %s" % lab.labels(app)[:30])
    beta.stop()
    goodbye = wait_for(lambda: any_label(app, lambda l: l.startswith("beta (") and "said goodbye" in l), 10)
    check(goodbye, "beta's goodbye is not in the event log: %s" % lab.labels(app)[:30])
    step("event log: %r" % goodbye[0])
    alpha.signal(signal.SIGKILL)
    timeout = wait_for(lambda: any_label(app, lambda l: l.startswith("alpha (") and "timed out" in l), 15)
    check(timeout, "alpha's SIGKILL is not in the event log as a time-out: %s" % lab.labels(app)[:30])
    step("event log: %r" % timeout[0])
    check(not any_label(app, lambda l: l.startswith("alpha (") and "said goodbye" in l),
          "alpha, killed, is said to have said goodbye")
    failover = wait_for(lambda: any_label(app, lambda l: l.startswith("gamma (") and "became master" in l), 15)
    check(failover, "the failover to gamma is not in the event log")
    step("event log: %r" % failover[0])

    # An event the search hides still counts in "N of M events".
    def event_count():
        found = [re.fullmatch(r"(\d+) of (\d+) events?", l) for l in lab.labels(app)]
        return [(int(m.group(1)), int(m.group(2))) for m in found if m]
    lab.set_text(app, "Search events", "alpha")
    counted = wait_for(event_count, 5)
    check(counted, "the event log does not count the events the search shows: %s" % lab.labels(app)[:30])
    shown, total = counted[0]
    gamma.stop()
    grown = wait_for(lambda: [c for c in event_count() if c[1] > total], 10)
    check(grown, "the event log's count stays at %d of %d after gamma's goodbye, which the search hides: %s"
          % (shown, total, event_count()))
    step("event log count: %d of %d, then %d of %d" % ((shown, total) + grown[0]))
    check(monitor.popen.poll() is None, "the monitor exited")


def block_from(inner, index, address):
    """Drops, on host @index, every packet from @address: a partition
    between two hosts that the monitor, on a third, sees across."""
    ns = inner.namespace(index)
    for command in (["add", "table", "inet", "disctest"],
                    ["add", "chain", "inet", "disctest", "input",
                     "{ type filter hook input priority 0; policy accept; }"],
                    ["add", "rule", "inet", "disctest", "input", "ip", "saddr", address, "drop"]):
        subprocess.run(["ip", "netns", "exec", ns, "nft", *command], check=True, timeout=10)


def unblock(inner, index):
    subprocess.run(["ip", "netns", "exec", inner.namespace(index), "nft", "delete", "table",
                    "inet", "disctest"], timeout=10)


def two_masters(inner):
    if inner.mode != "netns":
        lab.skip("a partition needs network namespaces")
    if shutil.which("nft") is None:
        lab.skip("nft (nftables) is not installed")
    # alpha and beta cannot hear each other, the monitor hears both: each
    # elects itself, and the monitor sees two masters.
    block_from(inner, 1, inner.hosts[2]["address"])
    block_from(inner, 2, inner.hosts[1]["address"])
    try:
        alpha = inner.peer(1, *TIMING, "--host-name", "alpha", "--weight", "0.9", name="alpha")
        beta = inner.peer(2, *TIMING, "--host-name", "beta", "--weight", "0.5", name="beta")
        monitor, app, _ = start_monitor(inner)
        check(wait_for(lambda: alpha.of("promotion") and beta.of("promotion"), 15),
              "alpha and beta did not both become master while cut apart")
        warned = wait_for(lambda: any_label(app, lambda l: l.startswith("2 masters, 1 required")), 10)
        check(warned, "no warning for two masters with masters-required 1: %s" % lab.labels(app)[:30])
        step("partitioned, both master: %r" % warned[0])
    finally:
        unblock(inner, 1)
        unblock(inner, 2)
    step("partition healed")
    check(wait_for(lambda: len(alpha.of("demotion")) + len(beta.of("demotion")) >= 1, 10),
          "neither master stepped down after the partition healed")
    check(wait_for(lambda: not any_label(app, lambda l: "required" in l), 10),
          "the warning stays after one master stepped down")
    step("one master stepped down: the warning went")
    check(monitor.popen.poll() is None, "the monitor exited")


def no_eligible(inner):
    inner.peer(1, *TIMING, "--host-name", "cache", "--not-eligible", name="cache")
    inner.peer(2, *TIMING, "--host-name", "worker", "--not-eligible", name="worker")
    monitor, app, _ = start_monitor(inner)
    check(wait_for(lambda: {"cache", "worker"} <= set(lab.labels(app)), 10), "the peers are not listed")
    found = wait_for(lambda: any_label(app, lambda l: l == "No eligible node: no master can be elected"), 10)
    check(found, "no diagnosis for a cluster with no eligible node: %s" % lab.labels(app)[:20])
    step("diagnosis: %r" % found[0])


def demote(inner):
    alpha = inner.peer(1, *TIMING, "--host-name", "alpha", "--weight", "0.9", name="alpha")
    inner.peer(2, *TIMING, "--host-name", "gamma", "--not-eligible", name="gamma")
    check(wait_for(lambda: alpha.of("promotion"), 10), "alpha was not elected")
    monitor, app, my_id = start_monitor(inner)
    check(wait_for(lambda: any_label(app, lambda l: l.startswith("Master: alpha")), 10),
          "alpha is not shown as master")

    lab.press(app, "push button", "Promote")
    # Walking the tree while GTK builds the dialog's accessibles can crash
    # libatspi (seen under meson's MALLOC_PERTURB_): let it settle first.
    time.sleep(1.0)
    app.clear_cache()
    confirm = wait_for(lambda: lab.find(app, "push button", "Take Mastership"), 5)
    check(confirm, "Promote did not ask before taking mastership from alpha: %s" % [
        (r, n) for r, n, _ in lab.elements(app) if r in ("push button", "dialog", "alert", "frame")])
    check(not monitor.debug_of("promotion"), "the monitor was promoted before the answer")
    confirm.do_action(0)
    del confirm  # the dialog goes: its accessible must not be used again
    check(wait_for(lambda: monitor.debug_of("promotion"), 10), "no promotion after confirming")
    time.sleep(1.0)
    app.clear_cache()
    step("Promote asked first, then made the monitor master")

    demote_button = lab.find(app, "push button", "Demote")
    check(wait_for(lambda: enabled(demote_button), 5),
          "Demote is disabled although alpha could take over: %s" % states(demote_button))
    demote_button.do_action(0)
    check(wait_for(lambda: monitor.debug_of("demotion"), 10), "no demotion after Demote")
    check(wait_for(lambda: any_label(app, lambda l: l.startswith("Master: alpha")), 10),
          "alpha is not master again")
    time.sleep(10)
    check(len(monitor.debug_of("promotion")) == 1, "the monitor became master again after Demote")
    check(any_label(app, lambda l: l.startswith("This monitor: Not eligible")),
          "the monitor is eligible after Demote, although it joined not eligible")
    step("10 s after Demote: not master, not eligible")

    alpha.signal(signal.SIGKILL)
    found = wait_for(lambda: any_label(app, lambda l: l == "No eligible node: no master can be elected"), 10)
    check(found, "no diagnosis once the only eligible node is gone: %s" % lab.labels(app)[:20])
    time.sleep(5)
    check(len(monitor.debug_of("promotion")) == 1, "the monitor was elected once alpha died")
    step("alpha killed: the monitor is not elected; %r" % found[0])

    # Alone eligible after a Promote: Demote cannot hand over, and says so.
    lab.press(app, "push button", "Promote")
    check(wait_for(lambda: len(monitor.debug_of("promotion")) == 2, 10), "Promote without a master failed")
    time.sleep(1.5)  # the diagnosis looks once a second
    check(not enabled(demote_button),
          "Demote is enabled with no other eligible node: %s" % states(demote_button))
    demote_button.clear_cache()
    tooltip = demote_button.get_description() or ""
    step("Demote disabled with no other eligible node (%r)" % tooltip)


def channels(inner):
    inner.peer(1, *TIMING, "--host-name", "alpha", "--join", "metrics", name="alpha")
    monitor, app, _ = start_monitor(inner)
    for n in range(3):
        result = inner.run_cli(2, "send", "metrics", json.dumps({"cpu": n}), *inner.network_options())
        check(result.returncode == 0, "disc send failed: %s" % result.stderr)
    result = inner.run_cli(2, "send", "alerts", '{"disk":"full"}', *inner.network_options())
    check(result.returncode == 0, "disc send failed: %s" % result.stderr)
    lab.press(app, "page tab", "Channels")
    check(wait_for(lambda: {"metrics", "alerts"} <= set(lab.labels(app)), 10),
          "the channels on the network are not listed: %s" % lab.labels(app)[:30])
    check(wait_for(lambda: "3 messages" in lab.labels(app) and "1 message" in lab.labels(app), 5),
          "the message counts are not shown: %s" % lab.labels(app)[:30])
    check(not any_label(app, lambda l: l.startswith("Joined:")), "a channel was joined without asking")
    check(not any_label(app, lambda l: l == '{"cpu":0}' or l == '{"cpu": 0}'),
          "a message of an unjoined channel is in the console's log")
    step("listed without joining: metrics (3 messages), alerts (1 message)")
    lab.press(app, "push button", "Join metrics")
    check(wait_for(lambda: "Joined: metrics" in lab.labels(app), 5), "Join metrics did not join it")
    result = inner.run_cli(2, "send", "metrics", '{"cpu":9}', *inner.network_options())
    check(wait_for(lambda: any_label(app, lambda l: l.replace(" ", "") == '{"cpu":9}'), 10),
          "a message of the joined channel is not in the log")
    step("joined from the list: its messages are logged")


def receive_buffer(inner):
    monitor, app, _ = start_monitor(inner)
    monitor.signal(signal.SIGSTOP)
    try:
        drops = flood(inner.port)
    finally:
        monitor.signal(signal.SIGCONT)
    if drops < MIN_DROPS:
        lab.skip("could not make the kernel drop datagrams on loopback (%d)" % drops)
    step("the kernel dropped %d datagrams while the monitor was stopped" % drops)
    time.sleep(0.5)
    poke(inner.port)
    found = wait_for(lambda: any_label(app, lambda l: "packets lost" in l), 10)
    check(found, "no diagnosis for the packets the kernel dropped: %s" % lab.labels(app)[:20])
    step("diagnosis: %r" % found[0])
    check(found[0].startswith("%d packets lost" % drops),
          "the diagnosis does not count the %d dropped: %r" % (drops, found[0]))
    check("net.core.rmem_max" in found[0], "the diagnosis does not say what to do: %r" % found[0])
    lab.press(app, "page tab", "Events")
    logged = wait_for(lambda: any_label(app, lambda l: l.startswith("Packets dropped: lost before")), 10)
    check(logged, "the event log does not say why: %s" % lab.labels(app)[:30])


SCENARIOS = {
    "wrong-key": wrong_key,
    "leave-reasons": leave_reasons,
    "two-masters": two_masters,
    "no-eligible": no_eligible,
    "demote": demote,
    "channels": channels,
    "receive-buffer": receive_buffer,
}


def run(inner):
    SCENARIOS[inner.config["scenario"]](inner)


def parse_args(args):
    """SCENARIO BUILD_ROOT SOURCE_ROOT; the scenario goes to the inner half."""
    if len(args) != 3 or args[0] not in SCENARIOS:
        return None
    return args[1], args[2], {"scenario": args[0]}


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=4, timeout=150, parse_args=parse_args)
