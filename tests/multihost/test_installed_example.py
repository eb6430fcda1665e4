#!/usr/bin/python3
"""A C program using only the public API builds against the installed
pkg-config file disc-1, and two copies in two namespaces, with the seed's
default options, discover each other and agree on one master.

Usage: test_installed_example.py BUILD_DIR SOURCE_DIR
"""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns  # noqa: E402


def install_and_compile(build_dir, source_dir, work):
    destdir = os.path.join(work, "root")
    subprocess.run(["meson", "install", "-C", build_dir, "--destdir", destdir,
                    "--no-rebuild", "--quiet"], check=True, capture_output=True)
    pc_dirs = [root for root, dirs, files in os.walk(destdir) if "disc-1.pc" in files]
    netns.check(pc_dirs, "meson install put no disc-1.pc under " + destdir)
    # The installed .pc names its real prefix; point that one line at the
    # destdir, as if the package had been installed there.
    pc_dir = os.path.join(work, "pkgconfig")
    os.makedirs(pc_dir)
    with open(os.path.join(pc_dirs[0], "disc-1.pc")) as f:
        lines = f.read().splitlines()
    with open(os.path.join(pc_dir, "disc-1.pc"), "w") as f:
        for line in lines:
            if line.startswith("prefix="):
                line = "prefix=" + destdir + line[len("prefix="):]
            f.write(line + "\n")
    env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "disc-1"],
                           check=True, capture_output=True, text=True, env=env).stdout.split()
    libdirs = [f[2:] for f in flags if f.startswith("-L")]
    program = os.path.join(work, "basic-advert")
    subprocess.run(["cc", os.path.join(source_dir, "examples", "c", "basic-advert.c"),
                    "-o", program, *flags], check=True)
    return program, ":".join(libdirs)


def main():
    build_dir, source_dir = sys.argv[1], sys.argv[2]
    netns.require_root_and_netns()
    work = tempfile.mkdtemp(prefix="disc-example-")
    try:
        program, libdir = install_and_compile(build_dir, source_dir, work)
        with netns.Lab(2) as lab:
            env = {"LD_LIBRARY_PATH": libdir}
            a = lab.spawn(lab.hosts[0], [program], env)
            b = lab.spawn(lab.hosts[1], [program], env)

            def both_added():
                return a.lines_of("added") and b.lines_of("added")

            netns.check(netns.wait_for(both_added, 15), "the two programs did not find each other", lab)
            seen_by_a = a.lines_of("added")[0]
            seen_by_b = b.lines_of("added")[0]
            netns.check(seen_by_a["address"] == lab.hosts[1].address,
                        "a saw b at %s" % seen_by_a["address"], lab)
            netns.check(seen_by_b["address"] == lab.hosts[0].address,
                        "b saw a at %s" % seen_by_b["address"], lab)
            netns.check(seen_by_a["info"] == {"http": "80"}, "advertisement lost", lab)
            # Each reports its own real address, not 127.0.0.1.
            for process, host in ((a, lab.hosts[0]), (b, lab.hosts[1])):
                started = process.lines_of("started")
                netns.check(started and started[0]["address"] == host.address,
                            "%s did not report its own address" % host.name, lab)

            def one_promotion():
                return len(a.lines_of("promotion")) + len(b.lines_of("promotion")) >= 1

            netns.check(netns.wait_for(one_promotion, 15), "nobody became master", lab)
            # Let the election settle over a few check intervals, then count.
            netns.wait_for(lambda: False, 5)
            masters = len(a.lines_of("promotion")) - len(a.lines_of("demotion")) + \
                len(b.lines_of("promotion")) - len(b.lines_of("demotion"))
            netns.check(masters == 1, "expected one master, got %d" % masters, lab)
            for process in (a, b):
                netns.check(process.terminate() == 0, "program did not exit cleanly", lab)
        print("ok: installed example builds with pkg-config disc-1 and two copies discover each other")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
