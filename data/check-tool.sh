#!/bin/sh
# Runs a validation tool, or skips (exit 77, as meson counts it) when the
# tool is not installed: check-tool.sh TOOL [ARGUMENT...]
command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 is not installed"; exit 77; }
exec "$@"
