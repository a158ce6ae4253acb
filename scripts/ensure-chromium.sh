#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing, then check that it runs.
set -euo pipefail
fail() { echo "chromium: $1" >&2; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "missing, and this user cannot install it: run 'sudo apt-get install chromium'"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed: no package index to install it from"
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null || fail "apt-get install chromium failed"
fi
command -v chromium >/dev/null 2>&1 || fail "still not on PATH after the install"
chromium --headless --no-sandbox --version >/dev/null 2>&1 || chromium --version >/dev/null 2>&1 \
  || fail "installed but does not start ('chromium --version' fails)"
