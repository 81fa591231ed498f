#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test: the deployment checks (pytest) and
# the Swift test suites, which run the real stage executables, FFmpeg, whisper.cpp and Apertium.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="/opt/swift/usr/bin:$PATH"

printf '\n==> Deployment checks and the model converter (pytest)\n'
python3 -m pytest -q Tests/deploy scripts/test_ct2_to_ggml.py

printf '\n==> Swift tests\n'
swift build --build-tests
swift test --skip-build
