#!/usr/bin/env bash
# Install the licence scanners openwash is compared with (bench/peers/run.py), reproducibly:
#   ScanCode Toolkit     PyPI scancode-toolkit, own venv   $BENCH/scancode-venv
#   licenseclassifier    PyPI licenseclassifier, own venv  $BENCH/licenseclassifier-venv
#   licensecheck         Debian package licensecheck       (apt-get)
#   licensee             Debian package ruby-licensee      (apt-get)
# BENCH is ${OPENWASH_BENCH_DIR:-$HOME/.cache/openwash-bench}, outside the repository. Nothing is
# installed into the project's own environment. Re-running is cheap: what is there is kept.
#
# usage: bench/peers/install.sh           (PYTHON=python3.11 to choose the venvs' interpreter)
set -euo pipefail

BENCH="${OPENWASH_BENCH_DIR:-$HOME/.cache/openwash-bench}"
PYTHON="${PYTHON:-python3}"
SCANCODE_VERSION="32.5.0"
LICENSECLASSIFIER_VERSION="2026.10.0"
# ScanCode 32.5.0's plugin loader (plugincode 32.0.0) fails under pluggy >= 1.1 with
# "ValueError: did not find any 'pre_scan' hooks"; pip picks pluggy 1.7 unless told otherwise.
SCANCODE_PINS=("pluggy<1.1")

mkdir -p "$BENCH"
say() { printf '\n== %s\n' "$*"; }

venv() {  # venv DIR PACKAGE...
    local dir="$1"
    shift
    if [ ! -x "$dir/bin/python" ]; then
        "$PYTHON" -m venv "$dir"
        "$dir/bin/python" -m pip install -q --upgrade pip
    fi
    "$dir/bin/python" -m pip install -q "$@"
}

say "ScanCode Toolkit $SCANCODE_VERSION -> $BENCH/scancode-venv (a ~126 MB wheel; minutes on 2 cores)"
if ! "$BENCH/scancode-venv/bin/scancode" --version 2>/dev/null | grep -q "ScanCode version: $SCANCODE_VERSION"; then
    venv "$BENCH/scancode-venv" "scancode-toolkit==$SCANCODE_VERSION" "${SCANCODE_PINS[@]}"
fi

say "licenseclassifier $LICENSECLASSIFIER_VERSION -> $BENCH/licenseclassifier-venv"
venv "$BENCH/licenseclassifier-venv" "licenseclassifier==$LICENSECLASSIFIER_VERSION"

say "licensecheck and ruby-licensee (Debian)"
if ! command -v licensecheck >/dev/null || ! command -v licensee >/dev/null; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends licensecheck ruby-licensee
fi

say "ScanCode first run (loads, or builds and caches, its licence index)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf 'Permission is hereby granted, free of charge, to any person obtaining a copy.\n' >"$tmp/LICENSE"
start=$(date +%s%N)
"$BENCH/scancode-venv/bin/scancode" --license -q --json "$tmp/out.json" "$tmp/LICENSE"
echo "first run: $(( ($(date +%s%N) - start) / 1000000 )) ms"

say "versions"
"$BENCH/scancode-venv/bin/scancode" --version | sed -n 1p
echo "pluggy $("$BENCH/scancode-venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pluggy"))')"
echo "licenseclassifier $("$BENCH/licenseclassifier-venv/bin/python" -c 'import licenseclassifier as l; print(l.__version__)')"
echo "licensecheck $(licensecheck --version | sed -n 's/.*version v\{0,1\}//p' | head -1) (Debian $(dpkg-query -W -f='${Version}' licensecheck))"
echo "licensee $(licensee version) (Debian ruby-licensee $(dpkg-query -W -f='${Version}' ruby-licensee))"
echo "bench dir: $BENCH"
