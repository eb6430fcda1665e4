#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The monitor on an encrypted cluster: the key from --key-file or
$DISC_KEY decrypts the peers' packets, the header says the network is
encrypted, and the key is written nowhere (its settings are kept in a
keyfile in a fresh XDG_CONFIG_HOME, searched afterwards).

Usage: test_monitor_key.py BUILD_ROOT SOURCE_ROOT
"""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, wait_for  # noqa: E402

KEY = "monitor-test-passphrase-7Qx"
def watch_with(inner, how, config_home):
    """Runs a monitor given the key @how ("file" or "env"), checks that it
    sees the encrypted peer and says so, and stops it."""
    key_file = os.path.join(config_home, "..", "key")
    extra, env = [], {}
    if how == "file":
        extra = ["--key-file", key_file]
    else:
        env = {"DISC_KEY": KEY}
    monitor = inner.monitor(*TIMING, *extra, env_extra=dict(env, XDG_CONFIG_HOME=config_home,
                                                               GSETTINGS_BACKEND="keyfile"))
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = lab.find_application("disc-monitor", 30)
    check(app is not None, "the monitor is not on the accessibility bus")
    check(wait_for(lambda: "secret-peer" in lab.labels(app), 10),
          "the monitor (key from %s) does not list the encrypted peer" % how)
    check(any("encrypted (aes256)" in l for l in lab.labels(app)),
          "the header does not say the network is encrypted: %s" % lab.labels(app)[:12])
    print("  key from %s: the encrypted peer is listed, the header says encrypted" % how)
    monitor.stop()
    inner.processes.remove(monitor)
    wait_for(lambda: lab.find_application("disc-monitor", 0.1) is None, 5)


def run(inner):
    config_home = tempfile.mkdtemp(prefix="disc-monitor-key-")
    key_file = lab.write_key_file(config_home, KEY)
    settings_home = os.path.join(config_home, "config")
    os.makedirs(settings_home)
    try:
        # The peer has the key from a file too: nothing on its command line.
        inner.peer(1, *TIMING, "--host-name", "secret-peer", "--key-file", key_file, name="secret-peer")
        watch_with(inner, "file", settings_home)
        watch_with(inner, "env", settings_home)
        leaks = []
        written = 0
        for directory, _, files in os.walk(settings_home):
            for name in files:
                written += 1
                with open(os.path.join(directory, name), "rb") as f:
                    if KEY.encode() in f.read():
                        leaks.append(os.path.join(directory, name))
        check(not leaks, "the key was written to %s" % leaks)
        print("  the key is in none of the %d files the monitors wrote under %s" % (written, settings_home))
    finally:
        shutil.rmtree(config_home, ignore_errors=True)


if __name__ == "__main__":
    lab.main(__file__, __doc__, run, n_hosts=2, timeout=180)
