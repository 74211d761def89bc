#!/bin/sh
# The README's screenshots: the inspector empty, showing JSON, a form, a binary body, and a search, in a real
# X server (Xvfb) at 1280x760. Writes PNGs into resources/screenshots/.
#   bash tests/screenshots/take.sh [build dir, default build/dev]
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build/dev}
cmake --build "$build" --target hookscope_screenshots >/dev/null
out=resources/screenshots
mkdir -p "$out"
runtime=$(mktemp -d) && chmod 700 "$runtime"
XDG_RUNTIME_DIR=$runtime QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/tests/screenshots/hookscope_screenshots" "$out"
rm -rf "$runtime"
