#!/usr/bin/env bash
# Supervisor overhead: the same stages (the decoder, then two pass-through stages) wired by shell
# pipes and run by `vtrans run`, where the supervisor relays and checks every frame of every
# pipe (three relays), on the same file in the same run. The decoder alone is timed too. Prints
# median wall times and the supervisor's overhead in percent of decode time (target: under 2%),
# and the fixed cost of a run (start, pipeline file, `--validate` of every stage) measured on a
# two-second clip.
#
#   bench/supervisor/run.sh [minutes] [runs]      (default 60 minutes, 7 runs)
#
# Environment: SCRATCH_PATH (build directory, default .build-bench), BENCH_DIR (test files).
set -euo pipefail

minutes=${1:-60}
runs=${2:-7}
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

short="$work/clip-2s.m4a"
[[ -s $short ]] || ffmpeg -v error -y -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 2 -c:a aac "$short"

# time_runs FILE → three lines of wall times: decoder alone, shell pipes, vtrans run
decode_alone() { "$bin/vtrans-decoder" --log-level warning --param "path=$1" > /dev/null; }
shell_pipes() {
    "$bin/vtrans-decoder" --log-level warning --param "path=$1" \
        | "$bin/vtrans-passthrough" --log-level warning | "$bin/vtrans-passthrough" --log-level warning > /dev/null
}
supervised() {
    "$bin/vtrans" run "$work/hops.yaml" --input "$1" --output "$work/out" --plain --plugin-path "$root/plugins" > /dev/null 2>&1
}
declare -A times
for ((i = 1; i <= runs; i++)); do
    for file in "$input" "$short"; do
        for way in decode_alone shell_pipes supervised; do
            start=$(now)
            "$way" "$file"
            times[$way:$file]+="$(since "$start") "
        done
    done
done
med() { printf '%s\n' ${times[$1:$2]} | median; }

a=$(med decode_alone "$input")
p=$(med shell_pipes "$input")
s=$(med supervised "$input")
fixed=$(awk -v s="$(med supervised "$short")" -v p="$(med shell_pipes "$short")" 'BEGIN { print s - p }')
audio_mb=$(awk -v m="$minutes" 'BEGIN { printf "%.0f", m * 60 * 16000 * 4 / 1e6 }')
printf '\nsupervisor overhead, %d-minute video (%s MB of audio frames, relayed 3 times), median of %d runs\n' "$minutes" "$audio_mb" "$runs"
printf '  decoder alone                               %8.3f s\n' "$a"
printf '  decoder | passthrough | passthrough (shell) %8.3f s\n' "$p"
printf '  vtrans run, same stages                     %8.3f s\n' "$s"
awk -v a="$a" -v p="$p" -v s="$s" -v f="$fixed" 'BEGIN {
    printf "  supervisor overhead                         %8.2f %% of decode time (target < 2%%)\n", (s - p) / a * 100
    printf "    of which fixed per run                    %8.3f s (start, pipeline file, --validate of each stage; 2 s clip)\n", f
    printf "    relaying, checking and journaling frames  %8.2f %% of decode time\n", (s - p - f) / a * 100
}'
