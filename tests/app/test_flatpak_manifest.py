#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The Flatpak manifest parses and builds this repository with meson.

flatpak-builder --show-manifest parses flatpak/io.github.libdisc.Monitor.json
(no runtime is needed for that); the test then checks that it runs the
monitor on the GNOME runtime with the permissions the monitor needs, and
that its module builds this very repository with meson, tests off. Skips
(77) when flatpak-builder is not installed.

Usage: test_flatpak_manifest.py SOURCE_ROOT
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
APP_ID = "io.github.libdisc.Monitor"


def fail(message):
    print("FAIL: " + message)
    raise SystemExit(1)


def main():
    source_root = os.path.abspath(sys.argv[1])
    manifest_dir = os.path.join(source_root, "flatpak")
    manifest_path = os.path.join(manifest_dir, APP_ID + ".json")
    if shutil.which("flatpak-builder") is None:
        print("SKIP: flatpak-builder is not installed")
        raise SystemExit(SKIP)

    # flatpak-builder leaves a .flatpak-builder folder where it runs.
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path],
                                capture_output=True, text=True, timeout=60, cwd=scratch)
    if result.returncode != 0:
        fail("flatpak-builder cannot parse the manifest:\n" + result.stderr)
    manifest = json.loads(result.stdout)

    expect = {"id": APP_ID, "runtime": "org.gnome.Platform", "sdk": "org.gnome.Sdk",
              "command": "disc-monitor"}
    for key, value in expect.items():
        if manifest.get(key) != value:
            fail("%s is %r, not %r" % (key, manifest.get(key), value))
    if int(str(manifest.get("runtime-version", "0")).split(".")[0]) < 45:
        fail("runtime-version %r is older than GNOME 45" % manifest.get("runtime-version"))
    needed = {"--share=network", "--socket=wayland", "--socket=fallback-x11",
              "--share=ipc", "--device=dri"}
    missing = needed - set(manifest.get("finish-args", []))
    if missing:
        fail("finish-args lack %s" % sorted(missing))

    module = manifest["modules"][-1]
    if module.get("buildsystem") != "meson":
        fail("the last module is not built with meson: %r" % module.get("buildsystem"))
    if "-Dtests=false" not in module.get("config-opts", []):
        fail("the module does not configure with -Dtests=false")
    sources = [s for s in module.get("sources", []) if s.get("type") == "dir"]
    if not sources:
        fail("the module has no dir source")
    tree = os.path.normpath(os.path.join(manifest_dir, sources[0]["path"]))
    if tree != os.path.normpath(source_root):
        fail("the module builds %s, not this repository (%s)" % (tree, source_root))
    with open(os.path.join(tree, "meson.build"), encoding="utf-8") as f:
        if "project('libdisc'" not in f.read():
            fail("%s/meson.build is not libdisc's" % tree)
    print("manifest parsed: %s on %s %s, module %r built with meson from %s" % (
        manifest["id"], manifest["runtime"], manifest["runtime-version"], module["name"], tree))
    print("PASS")


if __name__ == "__main__":
    main()
