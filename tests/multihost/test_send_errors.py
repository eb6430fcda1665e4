#!/usr/bin/python3
"""disc_discovery_send() and unreachable destinations, on real sockets.

One host in a network namespace, with a route to its own /24 only, so a
datagram to 10.213.5.5 fails at once with "Network is unreachable":

  * every destination unreachable: send() fails with DISC_ERROR_NETWORK
    (`disc send` exits 1 naming the address; a `watch --commands` send
    reports the failure of the command);
  * one destination of two unreachable: send() succeeds, the message
    reaches the other one, and the failure comes as an ::error event,
    once, not with every hello.

    test_send_errors.py BUILD/cli/disc
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import netns  # noqa: E402
from netns import check, wait_for  # noqa: E402

UNREACHABLE = "10.213.5.5"
TIMEOUT = 10


def main():
    disc = os.path.abspath(sys.argv[1])
    with netns.Lab(1) as lab:
        host = lab.hosts[0]

        # 1. Nowhere to send: `disc send` fails and says where.
        result = lab.run(host, [disc, "send", "--unicast", UNREACHABLE, "chat", "1"], timeout=TIMEOUT)
        check(result.returncode == 1, "disc send to an unreachable peer should exit 1, not %d: %s"
              % (result.returncode, result.stderr))
        check("could not send to %s" % UNREACHABLE in result.stderr
              and "unreachable" in result.stderr.lower(),
              "the failure should name the address and the cause: %r" % result.stderr)

        # 2. The same through the library in a running node: the command fails.
        alone = lab.spawn(host, [disc, "watch", "--json", "--commands", "--unicast", UNREACHABLE,
                                 "--port", "20001", "--listen-only"], stdin=True)
        check(wait_for(alone.started_node, TIMEOUT), "the node did not start", lab)
        alone.send_line("send chat 1")
        check(wait_for(lambda: any("send chat 1" in line and "could not send" in line
                                   for line in alone.stderr_snapshot()), TIMEOUT),
              "send to nowhere should fail as a command", lab)

        # 3. One destination of two: sent, and the other failure is an event.
        both = lab.spawn(host, [disc, "watch", "--json", "--commands", "--unicast", UNREACHABLE,
                                "--unicast", host.address, "--port", "20002", "--join", "chat",
                                # no hellos, so that any error comes from the send; and
                                # its own message is the one to receive
                                "--listen-only", "--ignore", "none"],
                         stdin=True)
        check(wait_for(both.started_node, TIMEOUT), "the second node did not start", lab)
        both.send_line('send chat {"n": 2}')
        check(wait_for(lambda: any(e.get("data") == {"n": 2} for e in both.of("message")), TIMEOUT),
              "the reachable destination should get the message", lab)
        check(wait_for(lambda: any(UNREACHABLE in e.get("message", "") for e in both.of("error")),
                       TIMEOUT),
              "the unreachable destination should be reported by ::error", lab)
        time.sleep(0.5)
        check(not any("could not send" in line for line in both.stderr_snapshot()),
              "a send that reached one destination is not a failed command", lab)
        # 4. Hellos to the same pair, five a second: the failure is said
        #    once, not with every hello, though the other destination works.
        hellos = lab.spawn(host, [disc, "watch", "--json", "--unicast", UNREACHABLE,
                                  "--unicast", host.address, "--port", "20003",
                                  "--hello-interval", "200", "--check-interval", "400",
                                  "--node-timeout", "1000", "--master-timeout", "1000"])
        check(wait_for(hellos.started_node, TIMEOUT), "the third node did not start", lab)
        time.sleep(2.0)
        unreachable_errors = [e for e in hellos.of("error") if UNREACHABLE in e.get("message", "")]
        check(len(unreachable_errors) == 1,
              "an unreachable destination should be reported once, not %d times"
              % len(unreachable_errors), lab)
        hellos.terminate()
        for process in (alone, both):
            process.send_line("quit")
            check(process.popen.wait(timeout=TIMEOUT) == 0, "quit should exit 0", lab)
    print("send errors: all checks passed")


if __name__ == "__main__":
    main()
