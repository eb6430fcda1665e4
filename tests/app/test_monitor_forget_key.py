#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Forget in Preferences removes the keyring's passphrase, not the key
the monitor was started with.

In a private D-Bus session with the test's own gnome-keyring-daemon (see
test_monitor_keyring.py), a monitor started with --key-file reads a peer
encrypted with that key. Forget, with nothing in the keyring, must leave
it encrypted with its --key-file key: the peer still listed after its
timeout, the header still "encrypted". It used to restart the node with
no key at all, sending clear hellos to an encrypted cluster and losing
every peer.

Usage: test_monitor_forget_key.py BUILD_ROOT SOURCE_ROOT
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402
from test_monitor_keyring import keyring_daemon, make_homes, monitor_env, open_preferences  # noqa: E402

KEY = "forget-test-passphrase-Qv3"


def header(app):
    return [l for l in lab.labels(app) if l.startswith("Port ")]


def run(inner, temp):
    config_home, data_home = make_homes(temp)
    key_file = lab.write_key_file(temp, KEY)
    with keyring_daemon(data_home):
        inner.peer(1, *TIMING, "--host-name", "secret-peer", "--key-file", key_file, name="secret-peer")
        monitor = inner.monitor(*TIMING, "--key-file", key_file, env_extra=monitor_env(config_home, data_home))
        check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
        app = lab.find_application("disc-monitor", 30)
        check(app is not None, "the monitor is not on the accessibility bus")
        check(wait_for(lambda: "secret-peer" in lab.labels(app), 15),
              "the monitor does not read the peer with the key of --key-file")
        step("with --key-file: reads the encrypted peer; header %s" % header(app))
        open_preferences(app)
        lab.press(app, "push button", "Forget")
        said = wait_for(lambda: [l for l in lab.labels(app) if "keyring" in l and l != "Save in Keyring"], 10)
        step("after Forget, Preferences says %s" % said)
        # Longer than the node timeout (1 s): a monitor restarted without
        # its key would have lost the peer by then.
        time.sleep(4)
        check(not [l for l in header(app) if "not encrypted" in l],
              "after Forget, the monitor runs unencrypted although started with --key-file: %s" % header(app))
        check("secret-peer" in lab.labels(app),
              "after Forget, the monitor no longer reads the peer encrypted with its --key-file key")
        check(said and not [l for l in said if "not encrypted" in l],
              "after Forget, Preferences says packets are not encrypted: %s" % said)
        step("after Forget: still encrypted with the key of --key-file, the peer still listed")
        check(monitor.popen.poll() is None, "the monitor exited")


if __name__ == "__main__":
    lab.main(__file__, __doc__, lab.in_temp(run, "disc-monitor-forget-"), n_hosts=2, timeout=150,
             tools=("gnome-keyring-daemon", "dbus-send"))
