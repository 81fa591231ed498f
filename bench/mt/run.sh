#!/usr/bin/env bash
# Machine-translation throughput: the Translation module's Apertium backend (long-lived
# null-flush children) against the bare `apertium eng-spa` command on the same 10,000-word
# English text, in the same run, and the cost of one `apertium` process per segment. Then the
# same text as 8-word segments through the `vtrans-translator` stage process (release build,
# frames through a pipe on stdin and on stdout, as in a pipeline), against the bare command timed
# again beside it (target: at least 0.8x the bare command's words/s).
#
# Text: Debian's GPL-3, GFDL-1.3 and Apache-2.0 licence texts (real English prose, present on
# every Debian system via base-files), whitespace-normalised and cut at 10,000 words.
#
# Usage: bench/mt/run.sh [WORDS]     (from the repository root; default 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
words=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

licenses=(/usr/share/common-licenses/GPL-3 /usr/share/common-licenses/GFDL-1.3 /usr/share/common-licenses/Apache-2.0)
text="$work/english.txt"
: > "$text"
while [ "$(wc -w < "$text")" -lt "$words" ]; do cat "${licenses[@]}" >> "$text"; done
tr -s '[:space:]' '\n' < "$text" | awk -v n="$words" 'NF && c < n { printf "%s%s", (c ? " " : ""), $0; c++ } END { print "" }' > "$work/bench.txt"

scratch=${SCRATCH_PATH:-.build-bench}
for product in vtrans-bench-mt vtrans-translator vtrans-passthrough; do
    swift build -c release --scratch-path "$scratch" --product "$product" >&2
done
bin="$scratch/release"
"$bin/vtrans-bench-mt" "$work/bench.txt" en es eng-spa

# The stage: the text as segments of 8 words, 0.4 s a word, written as JSON lines and turned into
# frames by the pass-through stage (which forwards segments unchanged).
tr ' ' '\n' < "$work/bench.txt" | awk '
    { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); words[n++] = $0 }
    END {
        for (i = 0; i < n; i += 8) {
            text = words[i]
            for (j = i + 1; j < i + 8 && j < n; j++) text = text " " words[j]
            end = (j < n ? j : n) * 0.4 - 0.1
            printf "{\"kind\":\"segment\",\"id\":%d,\"start\":%.1f,\"end\":%.1f,\"text\":\"%s\",\"language\":\"en\"}\n", i / 8 + 1, i * 0.4, end, text
        }
    }' > "$work/segments.jsonl"
"$bin/vtrans-passthrough" --input "$work/segments.jsonl" --output "$work/segments.frames"

now() { date +%s.%N; }
timed() {  # wall time of a command, in seconds
    local start; start=$(now)
    "$@"
    awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }'
}
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
bare() { apertium eng-spa < "$work/bench.txt" > "$work/bare.txt"; }
stage() { cat "$work/segments.frames" | "$bin/vtrans-translator" -p source=en -p targets=es > "$work/translated.frames" 2> "$work/stage.log"; }
# Alternate the two, five times each, and keep each one's best: a busy machine slows both alike.
bare_seconds=""
stage_seconds=""
for _ in 1 2 3 4 5; do
    bare_seconds=$(least "$bare_seconds" "$(timed bare)")
    stage_seconds=$(least "$stage_seconds" "$(timed stage)")
done
segments=$(wc -l < "$work/segments.jsonl")
awk -v w="$words" -v n="$segments" -v b="$bare_seconds" -v s="$stage_seconds" 'BEGIN {
    printf "\nstage: %d segments of 8 words as frames through a pipe; best of 5 runs each, alternating, timed from process start to exit\n", n
    printf "%-52s%7.3f s  %8.0f words/s\n", "bare `apertium eng-spa` on the whole text", b, w / b
    printf "%-52s%7.3f s  %8.0f words/s\n", "vtrans-translator stage process (en -> es)", s, w / s
    printf "ratio stage/bare: %.2fx (target >= 0.8x)\n", b / s
}'
grep -o 'msg="translated.*' "$work/stage.log" | head -1
