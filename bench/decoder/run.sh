#!/usr/bin/env bash
# Decoder speed against the ffmpeg CLI doing the same job, on the same file, in the same run.
#
#   bench/decoder/run.sh [minutes] [runs]
#
# Builds vtrans-decoder in release mode, makes a test video (testsrc + looped espeak-ng speech,
# H.264 + stereo 48 kHz AAC in MP4, 20 minutes by default), then times, alternately and `runs`
# times each (default 5):
#   ffmpeg -i IN -ac 1 -ar 16000 -f f32le -          > /dev/null
#   vtrans-decoder --param path=IN                    > /dev/null   (frames of 1 s chunks)
# and prints the median wall times and the speed ratio (ffmpeg time / decoder time; the target
# is >= 0.9).
#
# Environment: SCRATCH_PATH (build directory, default .build-media), BENCH_DIR (test files).
set -euo pipefail

minutes=${1:-20}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${SCRATCH_PATH:-$root/.build-media}
work=${BENCH_DIR:-/tmp/vtrans-bench-decoder}
mkdir -p "$work"

echo "building vtrans-decoder (release)..." >&2
swift build --package-path "$root" --scratch-path "$scratch" -c release --product vtrans-decoder >&2
decoder="$scratch/release/vtrans-decoder"

input="$work/talk-${minutes}min.mp4"
if [[ ! -s $input ]]; then
    echo "making a ${minutes}-minute test video..." >&2
    espeak-ng -v en -s 160 -w "$work/speech.wav" \
        "This is a benchmark recording. The decoder reads the audio of a long video, mixes it down to one channel and resamples it to sixteen kilohertz for the speech recogniser."
    ffmpeg -v error -y -f lavfi -i "testsrc=size=640x360:rate=25" -stream_loop -1 -i "$work/speech.wav" \
        -t $((minutes * 60)) -c:v libx264 -preset ultrafast -crf 35 -g 250 \
        -c:a aac -ac 2 -ar 48000 -b:a 128k "$input"
fi

# shellcheck source=../timing.sh
source "$root/bench/timing.sh"

ffmpeg_times=()
decoder_times=()
for ((i = 1; i <= runs; i++)); do
    start=$(now)
    ffmpeg -v error -i "$input" -ac 1 -ar 16000 -f f32le - > /dev/null
    ffmpeg_times+=("$(since "$start")")
    start=$(now)
    "$decoder" --log-level warning --param "path=$input" > /dev/null
    decoder_times+=("$(since "$start")")
    echo "run $i: ffmpeg ${ffmpeg_times[-1]} s, vtrans-decoder ${decoder_times[-1]} s" >&2
done

ffmpeg_median=$(printf '%s\n' "${ffmpeg_times[@]}" | median)
decoder_median=$(printf '%s\n' "${decoder_times[@]}" | median)
ratio=$(awk -v f="$ffmpeg_median" -v d="$decoder_median" 'BEGIN { print f / d }')
printf 'input: %s (%d min)\n' "$input" "$minutes"
printf 'ffmpeg -ac 1 -ar 16000 -f f32le: %.3f s (median of %d)\n' "$ffmpeg_median" "$runs"
printf 'vtrans-decoder:                  %.3f s (median of %d)\n' "$decoder_median" "$runs"
printf 'speed ratio (ffmpeg time / decoder time): %.3f (target >= 0.9)\n' "$ratio"
