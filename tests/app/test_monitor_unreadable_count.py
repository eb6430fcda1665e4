#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The diagnosis line counts the addresses whose traffic is unreadable
now, not those that were before the key was set.

Three encrypted peers on three hosts (network namespaces only: on
loopback they would share one address), two with the cluster's key, one
with another. The monitor, started with no key in a private D-Bus
session with the test's own gnome-keyring-daemon (see
test_monitor_keyring.py), says the traffic of 3 addresses cannot be
read. The cluster's key is saved in Preferences: the two peers are read
and listed, and the line must say 1 address, the misconfigured peer's.
It used to keep saying 3, counting every address whose traffic had ever
been unreadable, the two peers it now read included.

Usage: test_monitor_unreadable_count.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402
from test_monitor_keyring import keyring_daemon, make_homes, monitor_env, open_preferences  # noqa: E402

KEY = "unreadable-count-cluster-key-T7"


def diagnosis(app):
    return [l for l in lab.labels(app) if "could not be read" in l]


def run(inner, temp):
    config_home, data_home = make_homes(temp)
    key_file = lab.write_key_file(temp, KEY)
    other = os.path.join(temp, "other")
    os.makedirs(other)
    other_key_file = lab.write_key_file(other, "not-the-cluster-key-Lm2")
    with keyring_daemon(data_home):
        inner.peer(1, *TIMING, "--host-name", "good-a", "--key-file", key_file, name="good-a")
        inner.peer(2, *TIMING, "--host-name", "good-b", "--key-file", key_file, name="good-b")
        inner.peer(3, *TIMING, "--host-name", "misconfigured", "--key-file", other_key_file, name="bad")
        monitor = inner.monitor(*TIMING, env_extra=monitor_env(config_home, data_home))
        check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
        app = lab.find_application("disc-monitor", 30)
        check(app is not None, "the monitor is not on the accessibility bus")
        before = wait_for(lambda: [l for l in diagnosis(app) if l.startswith("Traffic from 3 addresses")], 10)
        check(before, "without a key, the line does not count the 3 peers' addresses: %s" % diagnosis(app))
        step("no key: %r" % before[0])

        entry = open_preferences(app)
        entry.set_text_contents(KEY)
        lab.press(app, "push button", "Save in Keyring")
        check(wait_for(lambda: "good-a" in lab.labels(app) and "good-b" in lab.labels(app), 15),
              "with the cluster's key saved, the two good peers are not listed")
        step("the cluster's key saved: good-a and good-b listed")
        after = wait_for(lambda: [l for l in diagnosis(app)
                                  if l.startswith("Encrypted traffic from 1 address could")], 10)
        check(after, "with the key set, the line does not count only the misconfigured peer: %s"
              % diagnosis(app))
        step("then: %r" % after[0])
        check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(__file__, __doc__, lab.in_temp(run, "disc-monitor-unreadable-"), n_hosts=4, timeout=150, need_namespaces=True,
             tools=("gnome-keyring-daemon", "dbus-send"))
