# SPDX-License-Identifier: MIT
"""Shared helpers of the monitor's tests: where the cluster runs, and
how to read and drive the monitor's window through AT-SPI.

The tests run in two halves. The outer half (run by meson, as root)
builds a lab of network namespaces with tests/multihost/netns.py, or
falls back to loopback (--broadcast 127.255.255.255 on a port of its
own) where namespaces cannot be made. It then runs the inner half on the
monitor's host, inside `dbus-run-session -- xvfb-run`, so that the
monitor, its accessibility bus and the AT-SPI client share one D-Bus
session. The inner half starts the peers (with `ip netns exec` on their
hosts), the monitor, and drives it. The outer half kills whatever is left
in the namespaces and removes them, whatever happened.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "multihost"))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from events import wait_for as _wait_for  # noqa: E402

SKIP = 77
SYSTEM_PYTHON = "/usr/bin/python3"


def skip(reason):
    print("SKIP: " + reason)
    raise SystemExit(SKIP)


def wait_for(predicate, timeout, interval=0.1):
    """events.wait_for(), polling every 0.1 s unless told otherwise."""
    return _wait_for(predicate, timeout, interval)


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# The peers' and the monitor's timers in most tests: fast, so that a
# leave or a failover is seen within seconds.
TIMING = ["--hello-interval", "250", "--check-interval", "500",
          "--node-timeout", "1000", "--master-timeout", "1000"]


def step(text):
    """Says what the test has just seen, as it goes."""
    print("  " + text)
    sys.stdout.flush()


def usual_args(args):
    """BUILD_ROOT SOURCE_ROOT, and nothing for the inner half's config."""
    if len(args) != 2:
        return None
    return args[0], args[1], None


def main(script, usage, run, n_hosts, timeout, need_cli=True, describe_tail=None,
         tools=(), need_namespaces=False, parse_args=usual_args):
    """A monitor test's entry point. Run by meson (BUILD_ROOT SOURCE_ROOT),
    builds the lab and runs @script again in it with --inner; there, runs
    @run(inner) and says PASS, or FAIL with what every process said (its
    last @describe_tail characters, if given).

    Skipped without @tools (further programs it needs) or, with
    @need_namespaces, where the lab cannot be made. @parse_args turns the
    command line's arguments into (build_root, source_root, extra), extra
    being added to the inner half's config (Inner.config), or None where
    they are wrong (then @usage is printed)."""
    if "--inner" in sys.argv:
        wait_for_accessibility_bus()
        inner = Inner(inner_config())
        try:
            run(inner)
        except Failure as failure:
            description = inner.describe()
            if describe_tail is not None:
                description = description[-describe_tail:]
            print("FAIL: %s\n\n%s" % (failure, description))
            raise SystemExit(1)
        finally:
            inner.close()
        print("PASS")
        raise SystemExit(0)
    parsed = parse_args(sys.argv[1:])
    if parsed is None:
        print(usage)
        raise SystemExit(2)
    build_root, source_root, extra = parsed
    check_tools(build_root, need_cli=need_cli)
    for tool in tools:
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)
    if need_namespaces and not namespaces_available():
        skip("the demo cluster needs network namespaces (root and ip netns)")
    raise SystemExit(run_outer(os.path.abspath(script), build_root, source_root,
                               n_hosts=n_hosts, timeout=timeout, extra=extra))


# ---------------------------------------------------------------- outer half

def check_tools(build_root, need_cli=True):
    """Skips the test unless everything it needs is here."""
    monitor = os.path.join(build_root, "app", "disc-monitor")
    cli = os.path.join(build_root, "cli", "disc")
    if not os.access(monitor, os.X_OK):
        skip("the monitor is not built (%s)" % monitor)
    if need_cli and not os.access(cli, os.X_OK):
        skip("the disc command is not built (%s)" % cli)
    for tool in ("xvfb-run", "Xvfb", "xauth", "dbus-run-session"):
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        skip("%s is missing" % SYSTEM_PYTHON)
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c",
         "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"],
        capture_output=True)
    if probe.returncode != 0:
        skip("python3-gi with Atspi 2.0 (gir1.2-atspi-2.0) is not installed")
    return monitor, cli


def namespaces_available():
    if os.environ.get("DISC_MONITOR_TEST_LOOPBACK"):
        return False
    if os.geteuid() != 0 or shutil.which("ip") is None:
        return False
    return subprocess.run(["ip", "netns", "list"], capture_output=True).returncode == 0


def kill_namespace_processes(namespaces):
    """SIGKILL every process still running in the lab's namespaces."""
    for ns in namespaces:
        result = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
        for pid in result.stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass


def run_outer(script, build_root, source_root, n_hosts, timeout, extra=None):
    """Builds the lab (or picks loopback), runs @script --inner in it under
    dbus-run-session and xvfb-run, cleans up, and returns the exit code."""
    config = {
        "build_root": build_root,
        "source_root": source_root,
        "port": 20000 + random.randrange(0, 9000),
    }
    if extra:
        config.update(extra)
    inner = ["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
             SYSTEM_PYTHON, script, "--inner"]
    lab = None
    if namespaces_available():
        import netns
        try:
            lab = netns.Lab(n_hosts)
        except Exception as error:  # namespaces listed but not creatable
            print("note: no network namespaces (%s); using loopback" % error)
            lab = None
    if lab is not None:
        config["mode"] = "netns"
        config["hosts"] = [{"namespace": h.namespace, "address": h.address} for h in lab.hosts]
        argv = ["ip", "netns", "exec", lab.hosts[0].namespace] + inner
    else:
        config["mode"] = "loopback"
        config["hosts"] = [{"namespace": None, "address": "127.0.0.1"} for _ in range(n_hosts)]
        argv = inner
    print("mode: %s, port %d" % (config["mode"], config["port"]))
    sys.stdout.flush()
    namespaces = [h["namespace"] for h in config["hosts"] if h["namespace"]]
    process = None
    try:
        deadline = time.monotonic() + timeout
        for attempt in (1, 2):
            process = subprocess.Popen(argv + [json.dumps(config)], start_new_session=True)
            try:
                status = process.wait(timeout=max(1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print("FAIL: the test did not finish within %d s" % timeout)
                return 1
            # 139: the test's own AT-SPI client died of SIGSEGV (xvfb-run
            # reports its child's signal so). libatspi can crash on a reply
            # GTK 4.8 builds while a window changes; the monitor's own
            # crash would be a failed check, not this. Once more, said.
            if status != 139 or attempt == 2 or deadline - time.monotonic() < timeout / 2:
                return status
            print("note: the AT-SPI client crashed (SIGSEGV in the test process, not the "
                  "monitor); running the test once more")
            sys.stdout.flush()
            kill_namespace_processes(namespaces)
            process = None
        return status
    finally:
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        kill_namespace_processes(namespaces)
        if lab is not None:
            lab.close()


# ---------------------------------------------------------------- inner half

class Process:
    """A child whose stdout is read as JSON lines (disc watch --json) and
    whose stderr is kept (the monitor's DISC_MONITOR_DEBUG log)."""

    def __init__(self, argv, namespace=None, env=None, name=None):
        self.name = name or os.path.basename(argv[0])
        self.argv = argv
        self.events = []
        self.debug = []
        self.raw = []
        self.lock = threading.Lock()
        full = (["ip", "netns", "exec", namespace] if namespace else []) + argv
        self.popen = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      stdin=subprocess.DEVNULL, text=True, env=env,
                                      start_new_session=True)
        for stream, target in ((self.popen.stdout, self.events), (self.popen.stderr, self.debug)):
            threading.Thread(target=self._read, args=(stream, target), daemon=True).start()

    def _read(self, stream, target):
        for line in stream:
            line = line.rstrip("\n")
            with self.lock:
                self.raw.append(line)
                try:
                    value = json.loads(line)
                except ValueError:
                    continue
                if isinstance(value, dict):
                    value["_received"] = time.monotonic()
                    target.append(value)

    def of(self, event):
        with self.lock:
            return [e for e in self.events if e.get("event") == event]

    def debug_of(self, kind):
        with self.lock:
            return [e for e in self.debug if e.get("debug") == kind]

    def signal(self, signum):
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signum)
            except ProcessLookupError:
                pass

    def stop(self, timeout=5):
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait()

    def describe(self):
        with self.lock:
            return "%s:\n  %s" % (" ".join(self.argv), "\n  ".join(self.raw[-30:]))


class Inner:
    """The inner half's view of the lab: hosts, port, peers, the monitor."""

    def __init__(self, config):
        self.config = config
        self.build_root = config["build_root"]
        self.port = config["port"]
        self.mode = config["mode"]
        self.hosts = config["hosts"]
        self.cli = os.path.join(self.build_root, "cli", "disc")
        self.monitor_path = os.path.join(self.build_root, "app", "disc-monitor")
        self.processes = []

    def network_options(self):
        """What peers and the monitor share: the port and, on loopback, the
        loopback broadcast address (never the default, which broadcasts on
        every interface of the root namespace)."""
        options = ["--port", str(self.port)]
        if self.mode == "loopback":
            options += ["--broadcast", "127.255.255.255"]
        return options

    def namespace(self, index):
        return self.hosts[index]["namespace"]

    def peer(self, index, *extra, name=None):
        argv = [self.cli, "watch", "--json", *self.network_options(), *extra]
        process = Process(argv, self.namespace(index), name=name)
        self.processes.append(process)
        return process

    def run_cli(self, index, *args, timeout=20):
        argv = [self.cli, *args]
        if self.namespace(index):
            argv = ["ip", "netns", "exec", self.namespace(index)] + argv
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def monitor(self, *extra, env_extra=None):
        # Xvfb has no GPU: GTK's GL renderer would run on llvmpipe, which
        # compiles shaders on the main thread the first time each is used,
        # and those one-off stalls are not the monitor's. Cairo draws on
        # the CPU without them.
        env = dict(os.environ, GSETTINGS_BACKEND="memory", DISC_MONITOR_DEBUG="1",
                   NO_AT_BRIDGE="0", GTK_A11Y="atspi", GSK_RENDERER="cairo",
                   LANGUAGE="C", LC_ALL="C.UTF-8")
        env.update(env_extra or {})
        argv = [self.monitor_path, *self.network_options(), *extra]
        # For profiling by hand, e.g. "perf record -g -o /tmp/monitor.perf --".
        wrapper = os.environ.get("DISC_MONITOR_TEST_WRAPPER")
        if wrapper:
            argv = wrapper.split() + argv
        process = Process(argv, None, env=env, name="disc-monitor")
        self.processes.append(process)
        return process

    def close(self):
        for process in self.processes:
            process.stop()

    def describe(self):
        return "\n\n".join(p.describe() for p in self.processes)


def inner_config():
    return json.loads(sys.argv[-1])


# The screenshots' size: the monitor's window at its default size.
SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT = 1200, 760


def save_screenshot(path):
    """Saves the top left of the Xvfb screen, where the window is, to
    @path with ImageMagick's import."""
    subprocess.run(["import", "-window", "root", "-crop",
                    "%dx%d+0+0" % (SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT),
                    "+repage", path], check=True, timeout=30)
    print("saved %s" % path)


def write_key_file(directory, key):
    """Writes @key to a file "key" in @directory, readable by its owner
    only as a real one would be, and returns its path."""
    key_file = os.path.join(directory, "key")
    with open(key_file, "w") as f:
        f.write(key + "\n")
    os.chmod(key_file, 0o600)
    return key_file


# ---------------------------------------------------------------- AT-SPI

def wait_for_accessibility_bus(timeout=60):
    """Starts this D-Bus session's accessibility bus and its registry, and
    waits until both answer. Left to the monitor and libatspi, they start
    on first use, and on a busy machine the test's first AT-SPI call could
    time out while the registry was still starting: libatspi then aborts
    the test ("Couldn't connect to accessibility bus"). Returns whether
    they answered; the test goes on either way."""
    import gi
    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib

    deadline = time.monotonic() + timeout
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    # dbus-run-session started before xvfb-run: what the bus starts would
    # not know the display, and the registry synthesizes clicks and keys
    # on it (XTest). Desktop sessions hand it over the same way.
    display = {k: os.environ[k] for k in ("DISPLAY", "XAUTHORITY") if k in os.environ}
    if display:
        session.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "UpdateActivationEnvironment", GLib.Variant("(a{ss})", (display,)),
                          None, Gio.DBusCallFlags.NONE, 20000, None)
    while time.monotonic() < deadline:
        try:
            address = session.call_sync(
                "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NONE, 20000, None).unpack()[0]
            bus = Gio.DBusConnection.new_for_address_sync(
                address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
                Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
            bus.call_sync("org.a11y.atspi.Registry", "/org/a11y/atspi/registry",
                          "org.freedesktop.DBus.Peer", "Ping", None, None,
                          Gio.DBusCallFlags.NONE, 20000, None)
            bus.close_sync(None)
            return True
        except GLib.Error:
            time.sleep(0.5)
    print("  the accessibility bus did not answer within %d s" % timeout)
    return False


def atspi():
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi
    return Atspi


def find_application(name, timeout=20):
    Atspi = atspi()

    def look():
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_name() == name:
                    return app
            except Exception:
                continue
        return None
    return wait_for(look, timeout, 0.25)


def in_temp(run, prefix):
    """lab.main's body: run(inner, temp) in a temporary folder, removed
    once the monitors, which write under it until they stop, are closed."""
    def run_in_temp(inner):
        temp = tempfile.mkdtemp(prefix=prefix)
        try:
            run(inner, temp)
        finally:
            inner.close()
            shutil.rmtree(temp, ignore_errors=True)
    return run_in_temp


def start_with_peer(inner, host="peer", monitor_args=()):
    """One peer called @host and the monitor; returns (monitor, app) once
    the monitor is on the accessibility bus and lists the peer."""
    inner.peer(1, *TIMING, "--host-name", host, name=host)
    monitor = inner.monitor(*TIMING, *monitor_args)
    check(wait_for(lambda: monitor.debug_of("started"), 20), "the monitor did not start")
    app = find_application("disc-monitor", 30)
    check(app is not None, "the monitor is not on the accessibility bus")
    check(wait_for(lambda: host in labels(app), 15), "the monitor does not list its peer")
    return monitor, app

def elements(app):
    """Every (role, name, accessible) under @app."""
    found = []

    def walk(node, depth):
        try:
            role = node.get_role_name()
            name = node.get_name() or ""
            count = node.get_child_count()
        except Exception:
            return
        found.append((role, name, node))
        if depth > 40:
            return
        for i in range(count):
            try:
                child = node.get_child_at_index(i)
            except Exception:
                continue
            if child is not None:
                walk(child, depth + 1)
    walk(app, 0)
    return found


def labels(app):
    # GTK 4.8 does not report every text change to the bus (not those of
    # widgets on a hidden page): read the names afresh.
    app.clear_cache()
    return [name for role, name, _ in elements(app) if role == "label"]


def fresh_name(node):
    """The accessible name of @node, read from the application now."""
    node.clear_cache()
    return node.get_name() or ""


def find(app, role, name, exact=True):
    for r, n, node in elements(app):
        if r == role and (n == name if exact else name in n):
            return node
    return None


def press(app, role, name):
    """Activates a control found by its role and accessible name."""
    node = find(app, role, name)
    if node is None:
        raise Failure("no %s named %r in the window" % (role, name))
    node.do_action(0)


def set_text(app, name, text):
    node = find(app, "text", name) or find(app, "entry", name)
    if node is None:
        raise Failure("no text entry named %r" % name)
    node.set_text_contents(text)
