"""etcd servers for the tests: started as children of the test, on
127.0.0.1 and a unix socket only, ports checked free first, ready when
/health says so, stopped and their data directories removed at the end.

A process inside a network namespace cannot reach the root namespace's
127.0.0.1; it reaches etcd through the unix socket (`unix:PATH`), which
is why every member also listens on one.
"""

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from events import wait_for  # noqa: E402

SKIP = 77
ETCD = shutil.which("etcd") or "/usr/bin/etcd"


def require_etcd():
    """Exit with the skip code where etcd is not installed."""
    if not os.access(ETCD, os.X_OK):
        print("SKIP: etcd is not installed (Debian: etcd-server)")
        raise SystemExit(SKIP)


def _port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count):
    """@count distinct loopback ports that nothing listens on now."""
    ports = []
    while len(ports) < count:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in ports and _port_is_free(port):
            ports.append(port)
    return ports


class Member:
    def __init__(self, cluster, name, client_port, peer_port):
        self.cluster = cluster
        self.name = name
        self.client_port = client_port
        self.peer_port = peer_port
        self.dir = os.path.join(cluster.dir, name)
        os.makedirs(self.dir, exist_ok=True)
        # etcd names the socket file after the whole listen address.
        self.socket = os.path.join(self.dir, "etcd.sock:0")
        self.popen = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.client_port

    @property
    def endpoint(self):
        return "unix:" + self.socket

    def start(self, initial_state="new"):
        peers = ",".join("%s=http://127.0.0.1:%d" % (m.name, m.peer_port)
                         for m in self.cluster.members)
        argv = [ETCD, "--name", self.name, "--data-dir", os.path.join(self.dir, "data"),
                "--listen-client-urls", "%s,unix://etcd.sock:0" % self.url,
                "--advertise-client-urls", self.url,
                "--listen-peer-urls", "http://127.0.0.1:%d" % self.peer_port,
                "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % self.peer_port,
                "--initial-cluster", peers,
                "--initial-cluster-state", initial_state,
                "--initial-cluster-token", os.path.basename(self.cluster.dir),
                "--heartbeat-interval", "50", "--election-timeout", "500",
                "--log-level", "error"]
        # The unix listener's path is relative to the working directory.
        # The child keeps its own copy of the log's descriptor.
        with open(os.path.join(self.dir, "log"), "a") as log:
            self.popen = subprocess.Popen(argv, cwd=self.dir, stdout=log, stderr=log,
                                          stdin=subprocess.DEVNULL)

    def healthy(self):
        try:
            with urllib.request.urlopen(self.url + "/health", timeout=1) as r:
                return json.load(r).get("health") == "true"
        except Exception:
            return False

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def kill(self):
        if self.running():
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=10)
        if os.path.exists(self.socket):
            os.unlink(self.socket)

    def stop(self):
        if self.running():
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def post(self, path, body):
        """One JSON-gateway call from the test itself (over loopback)."""
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as r:
            return json.load(r)


class Cluster:
    """@size etcd members on loopback. Use as a context manager."""

    _open = []

    def __init__(self, size=1):
        require_etcd()
        self.dir = tempfile.mkdtemp(prefix="disc-etcd-")
        # Unix sockets must be reachable from the namespaces' processes,
        # which run as the same user: the directory is ours alone anyway.
        os.chmod(self.dir, 0o755)
        ports = free_ports(2 * size)
        self.members = [Member(self, "m%d" % i, ports[2 * i], ports[2 * i + 1])
                        for i in range(size)]
        Cluster._open.append(self)
        try:
            for m in self.members:
                m.start()
            if not self.wait_healthy(30):
                raise RuntimeError("etcd did not become healthy:\n" + self.logs())
        except BaseException:
            self.close()
            raise

    def wait_healthy(self, timeout):
        return wait_for(lambda: all(m.healthy() for m in self.members if m.running()), timeout, 0.1)

    @property
    def endpoints(self):
        """The unix endpoints of every member, for --etcd."""
        return ",".join(m.endpoint for m in self.members)

    def leader(self):
        """The member that is leader now, or None."""
        for m in self.members:
            if not m.running():
                continue
            try:
                status = m.post("/v3/maintenance/status", {})
            except Exception:
                continue
            if status.get("leader") == status.get("header", {}).get("member_id"):
                return m
        return None

    def logs(self):
        out = []
        for m in self.members:
            try:
                with open(os.path.join(m.dir, "log")) as f:
                    out.append("%s:\n%s" % (m.name, f.read()[-3000:]))
            except OSError:
                pass
        return "\n".join(out)

    def close(self):
        for m in self.members:
            m.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
        if self in Cluster._open:
            Cluster._open.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _close_all():
    for c in list(Cluster._open):
        c.close()


atexit.register(_close_all)
