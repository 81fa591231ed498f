#!/usr/bin/env bash
# Speech recognition speed, accuracy and memory: our pipeline vs whisper.cpp's CLI vs faster-whisper,
# on the same audio, in one run.
#
#   bench/asr/run.sh [repetitions]        (default 2; the table keeps the fastest repetition)
#
# Audio: (a) "five": the five LibriVox recordings of pocketsphinx-testdata joined into one file,
#            0.5 s of silence after each (27.2 s; one process per engine, model load included);
#        (b) "long": that file looped to ~10 minutes.
# Engines (language en, beam 5, 2 threads everywhere):
#   pipeline M     vtrans-decoder -p path=X | vtrans-recognizer -p model=M -p beam_size=5 -p threads=2
#   whisper-cli M  whisper-cli -m ggml-M.bin -t 2 -bs 5 -f X -np -otxt
#   faster-whisper base/TYPE   faster-whisper (pinned, venv in bench/asr/.venv) on /opt/vtrans/models/ct2/base
# Each run is timed with /usr/bin/time -v (wall clock, "Maximum resident set size"); WER with
# scripts/eval-librivox.py's normaliser. Results: $BENCH_DIR/results.tsv, table on stdout.
#
# Environment: SCRATCH_PATH (default .build-bench), BENCH_DIR (default /tmp/vtrans-bench-asr),
# SKIP_BUILD=1, SETS="five long", LONG_LOOPS (default 22 → 599 s), ONLY (regex on engine labels).
set -euo pipefail

reps=${1:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scratch=${SCRATCH_PATH:-$root/.build-bench}
work=${BENCH_DIR:-/tmp/vtrans-bench-asr}
data=/usr/share/pocketsphinx/test/data/librivox
prefix=${VTRANS_PREFIX:-/opt/vtrans}
models=${VTRANS_MODELS_DIR:-$prefix/models}
cli=$prefix/bin/whisper-cli
sets=${SETS:-five long}
loops=${LONG_LOOPS:-22}
venv=$here/.venv
fw_version=1.2.1
mkdir -p "$work/out"
results=$work/results.tsv
: > "$results"

[[ -x /usr/bin/time ]] || { echo "bench/asr: /usr/bin/time missing (scripts/install-system-packages.sh test)" >&2; exit 1; }

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    echo "building vtrans-decoder and vtrans-recognizer (release)..." >&2
    for product in vtrans-decoder vtrans-recognizer; do  # swift build builds only the last --product
        swift build --package-path "$root" --scratch-path "$scratch" -c release --product "$product" >&2
    done
fi
decoder=$scratch/release/vtrans-decoder
recognizer=$scratch/release/vtrans-recognizer

if ! "$venv/bin/python" -c "import faster_whisper" 2>/dev/null; then
    echo "installing faster-whisper==$fw_version in $venv..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "faster-whisper==$fw_version" >&2
fi
py=$venv/bin/python

# Audio and references.
utts=$(python3 "$here/compare.py" refs "$data" "$work" "$loops")
long=$work/long.wav
if [[ ! -s $long ]]; then
    parts=()
    for u in $utts; do
        sox "$data/$u.wav" "$work/$u.pad.wav" pad 0 0.5
        parts+=("$work/$u.pad.wav")
    done
    sox "${parts[@]}" "$work/joined.wav"
    sox "$work/joined.wav" "$long" repeat $((loops - 1))
fi
duration() { soxi -D "$1"; }

# run ENGINE SET ITEM WAV REF -- command...   (command writes the hypothesis text to $hyp)
run() {
    local engine=$1 set=$2 item=$3 wav=$4 ref=$5 rep=$6
    shift 7
    local t=$work/out/time.txt
    hyp=$work/out/hyp.txt
    : > "$hyp"
    if ! /usr/bin/time -v -o "$t" "$@" < /dev/null > "$work/out/log.txt" 2>&1; then
        echo "bench/asr: $engine on $item failed:" >&2
        tail -20 "$work/out/log.txt" >&2
        return 0
    fi
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$t")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$t")
    read -r errors words < <(python3 "$here/compare.py" wer "$ref" "$hyp")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$set" "$rep" "$item" "$wall" "$rss" "$errors" "$words" "$(duration "$wav")" >> "$results"
    printf '  %-28s %-5s %-45s %7.2f s %6d MB  %s/%s errors\n' "$engine" "$set" "$item" "$wall" $((rss / 1024)) "$errors" "$words" >&2
}

pipeline() {  # MODEL WAV
    "$decoder" --log-level warning -p "path=$2" \
        | "$recognizer" --log-level warning -p "model=$1" -p language=en -p beam_size=5 -p threads=2 --output "$work/out/seg.jsonl"
    python3 "$here/compare.py" segments "$work/out/seg.jsonl" > "$hyp"
}
whispercli() {  # MODEL WAV
    "$cli" -m "$models/ggml-$1.bin" -l en -t 2 -bs 5 -f "$2" -np -otxt -of "$work/out/cli"
    cp "$work/out/cli.txt" "$hyp"
}
fasterwhisper() {  # CT2_MODEL COMPUTE_TYPE WAV
    "$py" "$here/compare.py" fw "$models/ct2/$1" "$3" "$2" > "$hyp"
}
export -f pipeline whispercli fasterwhisper
export decoder recognizer cli models py here work

# "[passive]": with OMP_WAIT_POLICY=passive, so that idle OpenMP threads sleep instead of spinning
# (whisper.cpp's ggml and CTranslate2 both use OpenMP; on a busy machine spinning costs a lot).
engines_for() {  # SET → "label|function args", most telling first
    if [[ $1 == five ]]; then
        printf '%s\n' "pipeline base|pipeline base" "whisper-cli base|whispercli base"
    fi
    printf '%s\n' "pipeline base [passive]|pipeline base" "whisper-cli base [passive]|whispercli base" \
        "faster-whisper base int8|fasterwhisper base int8" "pipeline base-q4_0 [passive]|pipeline base-q4_0" \
        "whisper-cli base-q4_0 [passive]|whispercli base-q4_0" "pipeline base-q8_0 [passive]|pipeline base-q8_0" \
        "faster-whisper base float32|fasterwhisper base float32"
    if [[ $1 == five ]]; then
        printf '%s\n' "pipeline base-q5_1 [passive]|pipeline base-q5_1" \
            "pipeline tiny.en [passive]|pipeline tiny.en" "whisper-cli tiny.en [passive]|whispercli tiny.en" \
            "faster-whisper tiny.en int8|fasterwhisper tiny.en int8"
    fi
}

for set in $sets; do
    if [[ $set == five ]]; then wav=$work/joined.wav ref=$work/joined.ref; else wav=$long ref=$work/long.ref; fi
    for ((rep = 1; rep <= reps; rep++)); do
        echo "== $set, repetition $rep" >&2
        while IFS='|' read -r label spec; do
            read -r fn a1 a2 <<< "$spec"
            [[ -z ${ONLY:-} || $label =~ $ONLY ]] || continue
            omp=; [[ $label == *"[passive]"* ]] && omp="export OMP_WAIT_POLICY=passive; "
            run "$label" "$set" "$(basename "$wav")" "$wav" "$ref" "$rep" -- \
                bash -c "${omp}hyp=$work/out/hyp.txt; $fn $a1 ${a2:+$a2 }\"\$0\"" "$wav"
        done < <(engines_for "$set")
        python3 "$here/compare.py" table "$results" > "$work/table.txt"
    done
done

echo
echo "audio: five = the five LibriVox recordings joined, 0.5 s of silence after each ($(duration "$work/joined.wav") s);"
echo "       long = that looped $loops times ($(duration "$long") s). Best of $reps repetitions."
python3 "$here/compare.py" table "$results"
