#!/usr/bin/env bash
# Muxer speed against the ffmpeg CLI doing the same job, on the same inputs, in the same run.
#
#   bench/muxer/run.sh [minutes] [runs]
#
# Builds vtrans-muxer in release mode, makes a test video (testsrc + looped espeak-ng speech,
# H.264 + AAC in MP4, 20 minutes by default) and an SRT with a cue every 3 seconds, then times,
# alternately and `runs` times each (default 5):
#   ffmpeg -i IN -i SUBS.srt -map 0 -map 1 -c copy -c:s mov_text OUT.mp4
#   vtrans-muxer --param input=IN --param formats=mp4 ...   (fed one file_ready for SUBS.srt)
# and the same into MKV (-c:s srt / formats=mkv), and prints the median wall times and the speed
# ratios (ffmpeg time / muxer time; the target is >= 0.9).
#
# Environment: SCRATCH_PATH (build directory, default .build-media), BENCH_DIR (test files).
set -euo pipefail

minutes=${1:-20}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${SCRATCH_PATH:-$root/.build-media}
work=${BENCH_DIR:-/tmp/vtrans-bench-muxer}
mkdir -p "$work/out"

echo "building vtrans-muxer (release)..." >&2
swift build --package-path "$root" --scratch-path "$scratch" -c release --product vtrans-muxer >&2
muxer="$scratch/release/vtrans-muxer"

input="$work/talk-${minutes}min.mp4"
if [[ ! -s $input ]]; then
    echo "making a ${minutes}-minute test video..." >&2
    espeak-ng -v en -s 160 -w "$work/speech.wav" \
        "This is a benchmark recording. The muxer copies every stream of a long video and adds subtitle tracks."
    ffmpeg -v error -y -f lavfi -i "testsrc=size=1280x720:rate=25" -stream_loop -1 -i "$work/speech.wav" \
        -t $((minutes * 60)) -c:v libx264 -preset ultrafast -crf 28 -g 250 \
        -c:a aac -ac 2 -ar 48000 -b:a 128k "$input"
fi
subtitles="$work/subs-${minutes}min.srt"
awk -v n=$((minutes * 20)) 'function t(s) { return sprintf("%02d:%02d:%02d,%03d", s / 3600, (s % 3600) / 60, s % 60, 0) }
    BEGIN { for (i = 0; i < n; i++) printf "%d\n%s --> %s\nCue number %d of the benchmark,\non two lines.\n\n", i + 1, t(3 * i), t(3 * i + 2), i + 1 }' > "$subtitles"
printf '{"kind":"file_ready","role":"subtitles","path":"%s","language":"en","format":"srt"}\n{"kind":"end_of_stream"}\n' "$subtitles" > "$work/in.jsonl"

# shellcheck source=../timing.sh
source "$root/bench/timing.sh"

printf 'input: %s (%d min, %s bytes), %d cues\n' "$input" "$minutes" "$(stat -c %s "$input")" $((minutes * 20))
for format in mp4 mkv; do
    codec=$([[ $format == mp4 ]] && echo mov_text || echo srt)
    ffmpeg_times=()
    muxer_times=()
    for ((i = 1; i <= runs; i++)); do
        rm -f "$work/out/"*
        start=$(now)
        ffmpeg -v error -y -i "$input" -i "$subtitles" -map 0 -map 1 -c copy -c:s "$codec" "$work/out/ffmpeg.$format"
        ffmpeg_times+=("$(since "$start")")
        start=$(now)
        "$muxer" --log-level warning --param "input=$input" --param "output_dir=$work/out" --param "formats=$format" \
            --param name=vtrans --input "$work/in.jsonl" > /dev/null
        muxer_times+=("$(since "$start")")
        echo "$format run $i: ffmpeg ${ffmpeg_times[-1]} s, vtrans-muxer ${muxer_times[-1]} s" >&2
    done
    ffmpeg_median=$(printf '%s\n' "${ffmpeg_times[@]}" | median)
    muxer_median=$(printf '%s\n' "${muxer_times[@]}" | median)
    printf '%s: ffmpeg -c copy -c:s %s: %.3f s, vtrans-muxer: %.3f s (medians of %d); speed ratio (ffmpeg time / muxer time): %.3f (target >= 0.9)\n' \
        "$format" "$codec" "$ffmpeg_median" "$muxer_median" "$runs" \
        "$(awk -v f="$ffmpeg_median" -v m="$muxer_median" 'BEGIN { print f / m }')"
done
