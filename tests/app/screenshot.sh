#!/bin/sh
# Takes doc/screenshot.png: the monitor watching a demo cluster in network
# namespaces, under Xvfb. Run as root from the source tree, after building:
#   tests/app/screenshot.sh [BUILD_DIR [OUTPUT.png]]
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
exec /usr/bin/python3 "$top/tests/app/screenshot.py" "$build" "$top" ${2:+"$2"}
