#!/usr/bin/env python3
"""Word error rate of whisper.cpp's CLI on the LibriVox recordings in Debian's pocketsphinx-testdata.

    eval-librivox.py MODEL.bin [MODEL.bin ...] [--cli PATH] [--threads 2] [--beam 5] [--data DIR]

Runs `whisper-cli` once per recording and model (language en, no timestamps), normalises
reference and hypothesis the same way (lowercase, punctuation replaced by spaces) and prints
per-file and overall WER (word-level Levenshtein distance / reference words) and the wall time
of each run as whisper-cli reports it (the fastest of --repeat runs). Exits 1 when a model's WER is above --max-wer (default 10%).
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path("/usr/share/pocketsphinx/test/data/librivox")
DEFAULT_PREFIX = Path(os.environ.get("VTRANS_PREFIX", "/opt/vtrans"))


def normalise(text: str) -> list:
    """Lowercase words, every character that is not a letter, digit or apostrophe a separator."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w']+|_", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def edit_distance(ref: list, hyp: list) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def read_references(data: Path) -> dict:
    refs = {}
    for line in (data / "transcription").read_text().splitlines():
        m = re.match(r"\s*(.*?)\s*\((\S+)\)\s*$", line)
        if not m:
            continue
        words = [w for w in m.group(1).split() if w not in ("<s>", "</s>")]
        refs[m.group(2)] = " ".join(words)
    return refs


def transcribe(cli: Path, model: Path, wav: Path, threads: int, beam: int) -> tuple:
    cmd = [str(cli), "-m", str(model), "-f", str(wav), "-l", "en", "-nt", "-t", str(threads),
           "-bs", str(beam), "-bo", str(max(beam, 1))]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"eval-librivox: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    m = re.search(r"total time\s*=\s*([\d.]+)\s*ms", proc.stderr)
    reported = float(m.group(1)) / 1000 if m else wall
    return proc.stdout.strip(), reported, wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", type=Path)
    ap.add_argument("--cli", type=Path, default=DEFAULT_PREFIX / "bin" / "whisper-cli")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--beam", type=int, default=5)
    ap.add_argument("--max-wer", type=float, default=0.10)
    ap.add_argument("--repeat", type=int, default=1, help="run each file N times and keep the fastest (noisy machines)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each hypothesis")
    args = ap.parse_args()

    refs = read_references(args.data)
    if not refs:
        sys.exit(f"eval-librivox: no transcriptions in {args.data} (install pocketsphinx-testdata)")
    failed = False
    for model in args.models:
        errors = words = 0
        total_time = 0.0
        print(f"== {model.name} (threads {args.threads}, beam {args.beam})")
        for utt, ref in sorted(refs.items()):
            runs = [transcribe(args.cli, model, args.data / f"{utt}.wav", args.threads, args.beam) for _ in range(max(args.repeat, 1))]
            hyp = runs[0][0]
            seconds = min(r[1] for r in runs)
            r, h = normalise(ref), normalise(hyp)
            e = edit_distance(r, h)
            errors += e
            words += len(r)
            total_time += seconds
            print(f"  {utt}: {e}/{len(r)} errors, {seconds:.2f} s")
            if args.verbose or e:
                print(f"    ref: {' '.join(r)}\n    hyp: {' '.join(h)}")
        wer = errors / words
        print(f"  WER {wer:.1%} ({errors}/{words}), whisper-cli total time {total_time:.2f} s")
        failed |= wer > args.max_wer
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
