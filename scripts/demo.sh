#!/usr/bin/env bash
# Sets everything up, then translates a demo clip: the five LibriVox recordings from Debian's
# pocketsphinx-testdata read over a generated test picture. vtrans transcribes the English speech
# with Whisper, translates it to Spanish with Apertium, writes SRT and WebVTT files and muxes
# English and Spanish subtitle tracks into MP4 and MKV copies of the video.
#
#   scripts/demo.sh [target-language]      (default: es)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-es}

scripts/setup.sh --release
export PATH="/opt/swift/usr/bin:$PATH"

work=demo
mkdir -p "$work"
clip="$work/austen.mp4"
if [[ ! -s $clip ]]; then
  printf '\n==> Making the demo clip %s\n' "$clip"
  librivox=/usr/share/pocketsphinx/test/data/librivox
  list="$work/recordings.txt"
  : > "$list"
  while read -r id; do printf "file '%s/%s.wav'\n" "$librivox" "$id" >> "$list"; done < "$librivox/fileids"
  ffmpeg -v error -y -f lavfi -i "testsrc=size=640x360:rate=25" -f concat -safe 0 -i "$list" -shortest \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 96k "$clip"
fi

printf '\n==> vtrans run translate --input %s --set translator.targets=%s\n' "$clip" "$target"
.build/release/vtrans run translate --input "$clip" --set "translator.targets=$target" --output "$work/out"

printf '\n==> Result\n'
ls -l "$work/out"
for srt in "$work"/out/*.srt; do printf '\n--- %s\n' "$srt"; head -n 12 "$srt"; done
