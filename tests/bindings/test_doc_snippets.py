#!/usr/bin/python3
"""The first programs of the documentation run as written and survive a
message without data.

Usage: test_doc_snippets.py SOURCE_ROOT BUILD_ROOT

The Python and gjs programs of doc/bindings.md and the C program of
README.md (the same as doc/overview.md's) are taken from the Markdown,
moved to a free loopback port (the C one also to broadcast
127.255.255.255: it uses the default options), run, and sent datagrams
on their "config-updates" channel by this test, on 127.0.0.1 only.
::message's data is nullable (a peer may send an event without `data`),
so each program must go on printing messages after one without data:
no Python traceback, no JavaScript error, no critical (G_DEBUG is
fatal-criticals in the test environment).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402

PEER = {"pid": "5" * 32, "iid": "6" * 32, "hostName": "snippet-test"}


def block(path, language, index=0):
    with open(path, encoding="utf-8") as f:
        blocks = re.findall(r"^```%s\n(.*?)^```" % language, f.read(), re.S | re.M)
    bt.check(len(blocks) > index, "%s has no %s block %d" % (path, language, index))
    return blocks[index]


def message(port, data):
    """One plain-dialect message on config-updates, to 127.0.0.1:port;
    @data None: without `data`."""
    envelope = dict(PEER, event="config-updates")
    if data is not None:
        envelope["data"] = data
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(json.dumps(envelope).encode(), ("127.0.0.1", port))


def exercise(name, argv, port, env=None):
    """Runs the snippet; a message with data must be printed, then, after
    one without data, another one with data."""
    # g_print() and gjs's print() are block-buffered into a pipe.
    stdbuf = shutil.which("stdbuf")
    if stdbuf is not None:
        argv = [stdbuf, "-oL"] + argv
    with bt.Group() as group:
        process = group.spawn(name, argv, env)

        def printed(marker):
            message(port, {"redisMaster": marker})
            return any(marker in line for line in process.lines)

        group.check(bt.wait_for(lambda: printed("10.0.9.1"), 20, interval=0.2),
                    "%s did not print a message it was sent" % name)
        message(port, None)
        group.check(bt.wait_for(lambda: printed("10.0.9.2"), 10, interval=0.2),
                    "%s stopped printing messages after one without data" % name)
        errors = [line for line in process.stderr
                  if "Traceback" in line or "JS ERROR" in line or "CRITICAL" in line]
        group.check(process.popen.poll() is None and not errors,
                    "%s failed on a message without data" % name)
    print("ok: " + name, flush=True)


def python_snippet(source_root, port, workdir):
    code = block(os.path.join(source_root, "doc", "bindings.md"), "python")
    bt.check("port=23456" in code, "the Python program no longer uses port 23456")
    path = os.path.join(workdir, "snippet.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(code.replace("port=23456", "port=%d" % port))
    exercise("bindings.md Python", [sys.executable, "-u", path], port)


def gjs_snippet(source_root, port, workdir):
    gjs = shutil.which("gjs")
    if gjs is None:
        print("skipped: gjs is not installed", flush=True)
        return
    code = block(os.path.join(source_root, "doc", "bindings.md"), "js")
    bt.check("port: 23456" in code, "the gjs program no longer uses port 23456")
    path = os.path.join(workdir, "snippet.js")
    with open(path, "w", encoding="utf-8") as f:
        f.write(code.replace("port: 23456", "port: %d" % port))
    exercise("bindings.md gjs", [gjs, "-m", path], port)


def c_snippet(source_root, build_root, port, workdir):
    cc, pkg_config = shutil.which("cc"), shutil.which("pkg-config")
    if cc is None or pkg_config is None:
        print("skipped: no cc or pkg-config", flush=True)
        return
    code = block(os.path.join(source_root, "README.md"), "c")
    bt.check(code == block(os.path.join(source_root, "doc", "overview.md"), "c"),
             "doc/overview.md's first program is no longer README.md's")
    new = "disc_discovery_new ()"
    bt.check(new in code, "README's C program no longer calls disc_discovery_new ()")
    # The program uses the default options: keep it on loopback.
    code = code.replace(new, 'g_object_new (DISC_TYPE_DISCOVERY, "broadcast", "127.255.255.255", '
                             '"port", %d, NULL)' % port)
    source = os.path.join(workdir, "app.c")
    with open(source, "w", encoding="utf-8") as f:
        f.write(code)
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(build_root, "meson-uninstalled"))
    flags = subprocess.run([pkg_config, "--cflags", "--libs", "disc-1"], env=env,
                           capture_output=True, text=True, timeout=30)
    bt.check(flags.returncode == 0, "pkg-config disc-1 (uninstalled): " + flags.stderr)
    exe = os.path.join(workdir, "app")
    built = subprocess.run([cc, source, "-o", exe] + flags.stdout.split(),
                           capture_output=True, text=True, timeout=120)
    bt.check(built.returncode == 0, "README's C program does not build:\n" + built.stderr)
    exercise("README.md C", [exe], port)


def main():
    source_root, build_root = sys.argv[1], sys.argv[2]
    bt.require_pygobject()
    with tempfile.TemporaryDirectory(prefix="disc-snippets-") as workdir:
        python_snippet(source_root, bt.free_port(), workdir)
        gjs_snippet(source_root, bt.free_port(), workdir)
        c_snippet(source_root, build_root, bt.free_port(), workdir)


if __name__ == "__main__":
    main()
