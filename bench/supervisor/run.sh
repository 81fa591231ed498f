#!/usr/bin/env bash
# Supervisor overhead: the decoder alone vs the same decoder under `vtrans run`, followed by two
# pass-through stages (every frame relayed three times through the supervisor), on the same
# file in the same run. Prints median wall times and the overhead in percent of decode time
# (target: under 2%).
#
#   bench/supervisor/run.sh [minutes] [runs]
#
# Environment: SCRATCH_PATH (build directory, default .build-bench), BENCH_DIR (test files).
set -euo pipefail

minutes=${1:-20}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${SCRATCH_PATH:-$root/.build-bench}
work=${BENCH_DIR:-/tmp/vtrans-bench-supervisor}
mkdir -p "$work"

echo "building vtrans and the stages (release)..." >&2
for product in vtrans vtrans-decoder vtrans-passthrough; do
    swift build --package-path "$root" --scratch-path "$scratch" -c release --product "$product" >&2
done
bin="$scratch/release"

input="$work/talk-${minutes}min.mp4"
if [[ ! -s $input ]]; then
    echo "making a ${minutes}-minute test video..." >&2
    ffmpeg -v error -y -f lavfi -i "testsrc=size=640x360:rate=25" \
        -stream_loop -1 -i /usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav \
        -t $((minutes * 60)) -c:v libx264 -preset ultrafast -crf 35 -g 250 -c:a aac -ac 2 -ar 48000 -b:a 128k "$input"
fi

cat > "$work/hops.yaml" <<'YAML'
name: hops
summary: the decoder followed by two pass-through hops
stages:
  - plugin: decoder
    params: { path: "${input}" }
  - name: hop1
    plugin: passthrough
  - name: hop2
    plugin: passthrough
YAML

# shellcheck source=../timing.sh
source "$root/bench/timing.sh"

alone=()
supervised=()
for ((i = 1; i <= runs; i++)); do
    start=$(now)
    "$bin/vtrans-decoder" --log-level warning --param "path=$input" > /dev/null
    alone+=("$(since "$start")")
    start=$(now)
    "$bin/vtrans" run "$work/hops.yaml" --input "$input" --output "$work/out" --plain \
        --plugin-path "$root/plugins" 2> /dev/null > /dev/null
    supervised+=("$(since "$start")")
done

a=$(printf '%s\n' "${alone[@]}" | median)
s=$(printf '%s\n' "${supervised[@]}" | median)
audio_mb=$(awk -v m="$minutes" 'BEGIN { printf "%.0f", m * 60 * 16000 * 4 / 1e6 }')
printf '\nsupervisor overhead, %d-minute video (%s MB of audio frames relayed 3 times), median of %d runs\n' "$minutes" "$audio_mb" "$runs"
printf '  decoder alone                      %8.3f s\n' "$a"
printf '  vtrans run: decoder + 2 hops       %8.3f s\n' "$s"
awk -v a="$a" -v s="$s" 'BEGIN { printf "  overhead                           %8.2f %% of decode time (target < 2%%)\n", (s - a) / a * 100 }'
