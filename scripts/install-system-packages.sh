#!/usr/bin/env bash
# Installs the Debian packages vtrans needs. Idempotent: apt is not touched when nothing is missing.
#
#   install-system-packages.sh [runtime|build|test]...   (default: build test)
#
#   runtime  what the service needs to run (FFmpeg's shared libraries, OpenBLAS, Apertium and its pairs)
#   build    runtime + headers and tools to build vtrans and whisper.cpp
#   test     build + fixtures and peers the tests and benchmarks use (espeak-ng, pocketsphinx-testdata,
#            ffmpeg CLI, chromium, PostgreSQL, wrk, GNU time)
set -euo pipefail

RUNTIME=(
  libavformat59 libavcodec59 libavutil57 libswresample4 libopenblas0 libsqlite3-0
  apertium apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en
  apertium-es-pt apertium-fr-es apertium-spa-ita apertium-es-gl
  ca-certificates curl procps
)
BUILD=(
  pkg-config libavformat-dev libavcodec-dev libavutil-dev libswresample-dev
  cmake build-essential libopenblas-dev libsqlite3-dev python3-pip
)
TEST=(
  ffmpeg sqlite3 espeak-ng sox pocketsphinx-testdata chromium postgresql wrk time
)

profiles=("$@")
((${#profiles[@]})) || profiles=(build test)

wanted=()
for profile in "${profiles[@]}"; do
  case "$profile" in
    runtime) wanted+=("${RUNTIME[@]}") ;;
    build) wanted+=("${RUNTIME[@]}" "${BUILD[@]}") ;;
    test) wanted+=("${RUNTIME[@]}" "${BUILD[@]}" "${TEST[@]}") ;;
    *) echo "install-system-packages.sh: unknown profile '$profile' (use runtime, build or test)" >&2; exit 64 ;;
  esac
done

missing=()
for p in $(printf '%s\n' "${wanted[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "system packages: all present (${profiles[*]})"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
