#!/usr/bin/env bash
# Wire protocol throughput: one hour of 16 kHz mono float32 audio in 1 s chunks (3600 frames,
# 230 MB of samples).
#
#   bench/protocol/run.sh [runs]
#
# Builds vtrans-bench-protocol in release mode and prints, as the median of `runs` (default 5),
# with the payload CRC-32C on and off:
#   - CRC-32C alone over the same number of bytes (and whether the CPU instruction is used);
#   - in process: FrameEncoder into a buffer, FrameDecoder and Message decoding out of it;
#   - one pipe hop: a writer process encoding the chunks with StageKit's FrameWriter into a pipe,
#     this process reading them with FrameReader and decoding every message (the target is
#     >= 1 GB/s), timed from the writer's hello to its end of stream.
# Figures are sample bytes per second (GB = 10^9 bytes).
#
# Environment: SCRATCH_PATH (build directory, default .build-proto).
set -euo pipefail

runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${SCRATCH_PATH:-$root/.build-proto}

echo "building vtrans-bench-protocol (release)..." >&2
swift build --package-path "$root" --scratch-path "$scratch" -c release --product vtrans-bench-protocol >&2
"$scratch/release/vtrans-bench-protocol" --seconds 3600 --runs "$runs"
