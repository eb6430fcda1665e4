#!/usr/bin/python3
"""The installed bindings work: `meson install --destdir` into a temporary
folder, then Python and gjs load Disc-1.0 from there (GI_TYPELIB_PATH and
LD_LIBRARY_PATH pointing into it, nothing from the build tree), and check
that the typelib and the library they loaded are the installed ones. The
gir, the vapi and the API reference are installed too when they were
built.

Usage: test_installed.py BUILD_DIR
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bindingtest as bt  # noqa: E402

TIMEOUT = 60

PYTHON_CHECK = r"""
import os, sys
import gi
gi.require_version("GIRepository", "2.0")
gi.require_version("Disc", "1.0")
from gi.repository import Disc, GIRepository, GLib
root = sys.argv[1]
typelib = GIRepository.Repository.get_default().get_typelib_path("Disc")
assert typelib.startswith(root), "typelib loaded from " + typelib
d = Disc.Discovery(broadcast="127.255.255.255", port=int(sys.argv[2]))
d.start()
assert d.props.running
d.stop()
try:
    d.send("hello", None)
    raise AssertionError("no error")
except GLib.Error as error:
    assert error.matches(Disc.error_quark(), Disc.Error.RESERVED_CHANNEL), error.message
maps = open("/proc/self/maps").read()
libs = {line.split()[-1] for line in maps.splitlines() if "libdisc-1.so" in line}
assert libs and all(lib.startswith(root) for lib in libs), "libdisc loaded from %r" % libs
print("python: Disc from " + typelib)
"""

GJS_CHECK = r"""
import GLib from 'gi://GLib';
import GIRepository from 'gi://GIRepository?version=2.0';
import Disc from 'gi://Disc?version=1.0';
import System from 'system';
const root = GLib.getenv('CHECK_ROOT');
const typelib = GIRepository.Repository.get_default().get_typelib_path('Disc');
if (!typelib.startsWith(root))
    throw new Error(`typelib loaded from ${typelib}`);
const d = new Disc.Discovery({broadcast: '127.255.255.255', port: Number(GLib.getenv('CHECK_PORT'))});
d.start();
if (!d.running)
    throw new Error('not running');
d.stop();
let refused = false;
try {
    d.send('hello', null);
} catch (error) {
    refused = error.matches(Disc.Error, Disc.Error.RESERVED_CHANNEL);
}
if (!refused)
    throw new Error('send on hello was not refused with RESERVED_CHANNEL');
const maps = new TextDecoder().decode(GLib.file_get_contents('/proc/self/maps')[1]);
const libs = maps.split('\n').filter(l => l.includes('libdisc-1.so')).map(l => l.split(/\s+/).pop());
if (libs.length === 0 || !libs.every(l => l.startsWith(root)))
    throw new Error(`libdisc loaded from ${libs}`);
print(`gjs: Disc from ${typelib}`);
System.exit(0);
"""


def find(root, name):
    for folder, dirs, files in os.walk(root):
        if name in files:
            return os.path.join(folder, name)
    return None


def clean_env(root, typelib_dir, lib_dir):
    env = {key: value for key, value in os.environ.items()
           if key not in ("GI_TYPELIB_PATH", "LD_LIBRARY_PATH", "PYTHONPATH")}
    env.update(GI_TYPELIB_PATH=typelib_dir, LD_LIBRARY_PATH=lib_dir, CHECK_ROOT=root)
    return env


def run(argv, env, what):
    try:
        result = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        bt.fail(what + " did not finish in %d s" % TIMEOUT)
    print(result.stdout + result.stderr, end="")
    bt.check(result.returncode == 0, what + " failed with exit code %d" % result.returncode)


def main():
    build_dir = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="disc-bindings-")
    try:
        root = os.path.join(work, "root")
        try:
            install = subprocess.run(["meson", "install", "-C", build_dir, "--destdir", root,
                                      "--no-rebuild", "--quiet"], stdin=subprocess.DEVNULL,
                                     capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            bt.fail("meson install did not finish in 300 s")
        bt.check(install.returncode == 0, "meson install failed:\n" + install.stdout + install.stderr)

        typelib = find(root, "Disc-1.0.typelib")
        bt.check(typelib and os.path.basename(os.path.dirname(typelib)) == "girepository-1.0",
                 "no Disc-1.0.typelib in a girepository-1.0 folder under " + root)
        gir = find(root, "Disc-1.0.gir")
        bt.check(gir and gir.endswith(os.path.join("share", "gir-1.0", "Disc-1.0.gir")),
                 "Disc-1.0.gir is not installed to share/gir-1.0")
        library = find(root, "libdisc-1.so.0")
        bt.check(library, "libdisc-1.so.0 is not installed")
        if os.path.exists(os.path.join(build_dir, "libdisc", "disc-1.vapi")):
            vapi = find(root, "disc-1.vapi")
            bt.check(vapi and vapi.endswith(os.path.join("vala", "vapi", "disc-1.vapi")),
                     "disc-1.vapi is not installed to share/vala/vapi")
            bt.check(find(root, "disc-1.deps"), "disc-1.deps is not installed")
        if os.path.isdir(os.path.join(build_dir, "doc", "libdisc-1")):
            index = find(os.path.join(root), "class.ServiceDiscovery.html")
            bt.check(index and os.sep + os.path.join("doc", "libdisc-1") + os.sep in index,
                     "the API reference is not installed to share/doc/libdisc-1")

        env = clean_env(root, os.path.dirname(typelib), os.path.dirname(library))
        port = str(bt.free_port())
        env["CHECK_PORT"] = port
        checked = 0
        try:
            import gi  # noqa: F401
            run([sys.executable, "-c", PYTHON_CHECK, root, port], env, "Python")
            checked += 1
        except ImportError:
            print("python3-gi is missing: Python not checked")
        gjs = shutil.which("gjs")
        if gjs:
            script = os.path.join(work, "check.js")
            with open(script, "w") as f:
                f.write(GJS_CHECK)
            run([gjs, "-m", script], env, "gjs")
            checked += 1
        else:
            print("gjs is missing: gjs not checked")
        if checked == 0:
            bt.skip("neither python3-gi nor gjs is installed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
