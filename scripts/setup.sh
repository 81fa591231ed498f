#!/usr/bin/env bash
# Sets up everything vtrans needs on a Debian 12 machine, as root, then builds it. Idempotent:
# each step checks what is already there and does nothing more.
#
#   scripts/setup.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=debug
[[ "${1:-}" == "--release" ]] && configuration=release

step() { printf '\n==> %s\n' "$*"; }

step "Debian packages"
scripts/install-system-packages.sh build test

step "Python tools for the tests"
scripts/install-python-tools.sh

step "whisper.cpp (libwhisper under /opt/vtrans)"
scripts/install-whisper.sh

if [[ -x scripts/install-models.sh ]]; then
  step "Whisper models (converted to ggml)"
  scripts/install-models.sh
fi

step "Swift build ($configuration)"
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c "$configuration"
