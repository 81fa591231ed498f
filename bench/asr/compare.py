#!/usr/bin/env python3
"""Helpers for bench/asr/run.sh.

    compare.py refs DATA_DIR OUT_DIR REPEAT      writes OUT_DIR/<utt>.ref, OUT_DIR/joined.ref (the five
                                                 references joined) and OUT_DIR/long.ref (REPEAT times)
    compare.py segments SEGMENTS.jsonl           prints the text of a recognizer's segment frames
    compare.py fw MODEL_DIR WAV COMPUTE_TYPE     transcribes with faster-whisper (beam 5, 2 threads,
                                                 language en, no VAD) and prints the text
    compare.py table RESULTS.tsv                 prints the table: best of the repetitions

WER uses scripts/eval-librivox.py's normaliser and edit distance (imported, not copied).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def eval_librivox():
    spec = importlib.util.spec_from_file_location("eval_librivox", ROOT / "scripts" / "eval-librivox.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cmd_refs(data: str, out: str, repeat: str) -> None:
    ev = eval_librivox()
    refs = ev.read_references(Path(data))
    out_dir = Path(out)
    for utt, text in refs.items():
        (out_dir / f"{utt}.ref").write_text(text + "\n")
    joined = " ".join(refs[u] for u in sorted(refs))
    (out_dir / "joined.ref").write_text(joined + "\n")
    (out_dir / "long.ref").write_text(" ".join([joined] * int(repeat)) + "\n")
    print(" ".join(sorted(refs)))


def cmd_segments(path: str) -> None:
    texts = []
    for line in Path(path).read_text().splitlines():
        if line.strip():
            obj = json.loads(line)
            if obj.get("kind") == "segment":
                texts.append(obj.get("text", "").strip())
    print(" ".join(texts))


def cmd_fw(model_dir: str, wav: str, compute_type: str) -> None:
    from faster_whisper import WhisperModel

    model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=2, num_workers=1)
    segments, _ = model.transcribe(wav, beam_size=5, language="en", vad_filter=False)
    print(" ".join(s.text.strip() for s in segments))


def cmd_wer(ref: str, hyp: str) -> None:
    ev = eval_librivox()
    r = ev.normalise(Path(ref).read_text())
    h = ev.normalise(Path(hyp).read_text())
    print(ev.edit_distance(r, h), len(r))


def cmd_table(path: str) -> None:
    # rows: engine set rep item wall_s rss_kb errors words audio_s
    runs: dict = {}
    order = []
    for line in Path(path).read_text().splitlines():
        f = line.split("\t")
        if len(f) != 9:
            continue
        engine, set_, rep, item = f[0], f[1], f[2], f[3]
        wall, rss, err, words, audio = float(f[4]), int(f[5]), int(f[6]), int(f[7]), float(f[8])
        key = (engine, set_)
        if key not in runs:
            runs[key] = {}
            order.append(key)
        r = runs[key].setdefault(rep, {"wall": 0.0, "rss": 0, "err": 0, "words": 0, "audio": 0.0, "n": 0})
        r["wall"] += wall
        r["rss"] = max(r["rss"], rss)
        r["err"] += err
        r["words"] += words
        r["audio"] += audio
        r["n"] += 1
    complete = {k: [r for r in v.values() if r["n"] == max(x["n"] for x in v.values())] for k, v in runs.items()}
    print(f"{'engine':<34} {'audio':<6} {'reps':>4} {'wall s':>8} {'RTF':>7} {'WER':>14} {'peak RSS MB':>12} {'vs cli':>7}")
    cli = {}
    for key in order:
        best = min(complete[key], key=lambda r: r["wall"])
        if key[0].startswith("whisper-cli "):
            cli[(key[0].split(" ", 1)[1], key[1])] = best["wall"]
    for key in order:
        rs = complete[key]
        best = min(rs, key=lambda r: r["wall"])
        wer = f"{best['err'] / best['words']:.1%} ({best['err']}/{best['words']})" if best["words"] else "-"
        vs = ""
        if key[0].startswith("pipeline "):
            c = cli.get((key[0].split(" ", 1)[1], key[1]))
            if c:
                vs = f"{best['wall'] / c - 1:+.1%}"
        print(f"{key[0]:<34} {key[1]:<6} {len(rs):>4} {best['wall']:>8.2f} {best['wall'] / best['audio']:>7.3f} {wer:>14} {best['rss'] / 1024:>12.0f} {vs:>7}")


def main() -> int:
    cmds = {"refs": cmd_refs, "segments": cmd_segments, "fw": cmd_fw, "wer": cmd_wer, "table": cmd_table}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
