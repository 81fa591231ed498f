#!/usr/bin/env bash
# Machine-translation throughput: the Translation module's Apertium backend (long-lived
# null-flush children) against the bare `apertium eng-spa` command on the same 10,000-word
# English text, in the same run, and the cost of one `apertium` process per segment.
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
swift build -c release --scratch-path "$scratch" --product vtrans-bench-mt >&2
"$scratch/release/vtrans-bench-mt" "$work/bench.txt" en es eng-spa
