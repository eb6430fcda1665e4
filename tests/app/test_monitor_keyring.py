#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A passphrase saved in Preferences is kept by the keyring, found again
after a restart, and written to no file under the config directory.

The inner half runs in a private D-Bus session (dbus-run-session) where
the test starts its own gnome-keyring-daemon (secrets component only,
its keyring files in a temporary XDG_DATA_HOME, unlocked with a password
fed on its standard input). A first monitor, with no key on its command
line, is given the passphrase in Preferences (Save in Keyring) and must
then read the encrypted peer; a second monitor, started afterwards with
no key either, must read it too, from the keyring. The monitors' settings
are kept in a keyfile in a temporary XDG_CONFIG_HOME, which is searched
at the end for the passphrase, with the keyring's directory.

Usage: test_monitor_keyring.py BUILD_ROOT SOURCE_ROOT
"""

import contextlib
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor_lab as lab  # noqa: E402
from monitor_lab import TIMING, check, step, wait_for  # noqa: E402

KEY = "keyring-test-passphrase-Zr8"
def secrets_on_bus():
    result = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                             "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                             "string:org.freedesktop.secrets"], capture_output=True, text=True, timeout=10)
    return "boolean true" in result.stdout


def start_keyring(data_home):
    env = dict(os.environ, XDG_DATA_HOME=data_home)
    daemon = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env=env, start_new_session=True)
    daemon.stdin.write(b"keyring-login-password\n")
    daemon.stdin.close()
    check(wait_for(secrets_on_bus, 15, 0.2), "gnome-keyring-daemon did not take org.freedesktop.secrets")
    return daemon


def make_homes(temp):
    """The monitor's XDG config and data folders under @temp."""
    config_home = os.path.join(temp, "config")
    data_home = os.path.join(temp, "data")
    os.makedirs(config_home)
    os.makedirs(data_home)
    return config_home, data_home


@contextlib.contextmanager
def keyring_daemon(data_home):
    """This test's own secret service on its session bus, stopped on exit."""
    daemon = start_keyring(data_home)
    try:
        yield daemon
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()



def monitor_env(config_home, data_home):
    return {"XDG_CONFIG_HOME": config_home, "XDG_DATA_HOME": data_home, "GSETTINGS_BACKEND": "keyfile"}


def open_preferences(app):
    # GtkMenuButton shows as two buttons of that name: the inner one acts.
    for role, name, node in lab.elements(app):
        if role in ("push button", "toggle button") and name == "Main Menu" and node.get_n_actions() > 0:
            node.do_action(0)
            break
    item = wait_for(lambda: lab.find(app, "menu item", "Preferences"), 5)
    check(item, "no Preferences item in the main menu: %s" % [
        (r, n) for r, n, _ in lab.elements(app) if "menu" in r])
    item.do_action(0)
    entry = wait_for(lambda: lab.find(app, "password text", "Passphrase"), 5)
    check(entry, "Preferences has no Passphrase field: %s" % [
        (r, n) for r, n, _ in lab.elements(app) if r in ("password text", "text", "push button")])
    return entry


def run(inner, temp):
    config_home, data_home = make_homes(temp)
    key_file = lab.write_key_file(temp, KEY)
    with keyring_daemon(data_home):
        inner.peer(1, *TIMING, "--host-name", "secret-peer", "--key-file", key_file, name="secret-peer")

        first = inner.monitor(*TIMING, env_extra=monitor_env(config_home, data_home))
        check(wait_for(lambda: first.debug_of("started"), 20), "the first monitor did not start")
        app = lab.find_application("disc-monitor", 30)
        check(app is not None, "the monitor is not on the accessibility bus")
        check(not wait_for(lambda: "secret-peer" in lab.labels(app), 3),
              "the monitor reads the encrypted peer with no key")
        entry = open_preferences(app)
        entry.set_text_contents(KEY)
        lab.press(app, "push button", "Save in Keyring")
        check(wait_for(lambda: any(l.startswith("Saved in your keyring") for l in lab.labels(app)), 10),
              "the passphrase was not saved: %s" % [l for l in lab.labels(app) if "eyring" in l])
        step("passphrase saved in Preferences")
        check(wait_for(lambda: "secret-peer" in lab.labels(app), 10),
              "the first monitor does not read the encrypted peer with the saved passphrase")
        step("the first monitor reads the encrypted peer")
        first.stop()
        inner.processes.remove(first)
        wait_for(lambda: lab.find_application("disc-monitor", 0.1) is None, 10)
        time.sleep(2)  # the accessibility registry forgets the first window

        second = inner.monitor(*TIMING, env_extra=monitor_env(config_home, data_home))
        check(wait_for(lambda: second.debug_of("started"), 20), "the second monitor did not start")
        # Its debug log counts the nodes it lists: itself and the peer only
        # if it reads the peer's packets, with the keyring's passphrase.
        check(wait_for(lambda: any(e.get("nodes", 0) >= 2 for e in second.debug_of("latency")), 15),
              "after a restart, the monitor does not find the passphrase in the keyring")
        step("after a restart: the passphrase comes from the keyring, the peer is read")
        # GTK 4.8 and the accessibility registry do not always show a second
        # window of the same name after the first quit: the header is read
        # when they do.
        app = lab.find_application("disc-monitor", 20)
        if app is not None and wait_for(lambda: "secret-peer" in lab.labels(app), 5):
            check(any("encrypted (aes256)" in l for l in lab.labels(app)),
                  "the header does not say the network is encrypted")
            step("and its window says the network is encrypted")
        second.stop()
        inner.processes.remove(second)

    # The keyring's own file is under XDG_DATA_HOME, encrypted with the
    # login password: the passphrase is in plain text in no file of either.
    leaks, written = [], []
    for root in (config_home, data_home):
        for directory, _, files in os.walk(root):
            for name in files:
                path = os.path.join(directory, name)
                written.append(os.path.relpath(path, temp))
                with open(path, "rb") as f:
                    if KEY.encode() in f.read():
                        leaks.append(path)
    check(not leaks, "the passphrase is in plain text in %s" % leaks)
    check(any(p.startswith("data/keyrings/") for p in written),
          "no keyring file was written: where did the passphrase go? %s" % written)
    step("the passphrase is in plain text in none of the files written: %s" % written)


if __name__ == "__main__":
    lab.main(__file__, __doc__, lab.in_temp(run, "disc-monitor-keyring-"), n_hosts=2, timeout=200,
             tools=("gnome-keyring-daemon", "dbus-send"))
