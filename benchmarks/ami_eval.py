"""AMI action-item detection: train the spoken detector on AMI train, evaluate on AMI test.

usage: python benchmarks/ami_eval.py [--shared ../shared] [--out MODEL.json.gz] [--json]

Reproducible end to end from the shipped data (../shared/data/public/ami, CC BY 4.0): fits
``nlp.minutes.spoken.train_detector`` on the train split for each setting of the grid below,
picks the context window, C and the decision threshold on dev, and reports positive-class
P/R/F1 over utterances on test, over all 20 test meetings and over the 17 with at least one
action item (the setting of Liu et al. 2023, whose BERT baseline is F1 0.38 and best 0.43).
The test split is never used to choose anything.

``--out`` writes the chosen detector (coefficients and the IDF of its word n-grams, no
utterances) as gzipped JSON; the product's copy is
``dispatch/minutes/data/spoken_detector_en.json.gz``, built with

    python benchmarks/ami_eval.py --out dispatch/minutes/data/spoken_detector_en.json.gz

and loaded by ``dispatch.minutes.detector``. ``dispatch minutes eval
../shared/data/public/ami/test`` then scores the product path (rules + detector) with
the minutes scorer. About 3 minutes on one core (6 fits).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.minutes.spoken import (  # noqa: E402
    SpokenDetector,
    Utterance,
    best_threshold,
    f1_scores,
    train_detector,
)

WINDOWS = (3, 6)  # neighbours on each side in the context view
C_GRID = (1.0, 3.0, 10.0)


def _shared(arg: str | None) -> Path:
    for cand in (arg, os.environ.get("DISPATCH_SHARED_DIR"), ROOT.parent / "shared",
                 ROOT / "shared"):
        if cand and (Path(cand) / "data" / "public" / "ami").is_dir():
            return Path(cand)
    sys.exit("shared/ folder with data/public/ami not found; pass --shared")


Split = list[tuple[str, list[Utterance], np.ndarray]]


def read_split(folder: Path) -> Split:
    """(meeting, utterances, 0/1 labels) per transcript of one split, in file order."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    out = []
    for doc in gold["documents"]:
        lines = (folder / doc["file"]).read_text(encoding="utf-8").splitlines()
        utts = []
        for line in lines:
            speaker, _, text = line.partition(": ")
            utts.append(Utterance(speaker, text))
        y = np.zeros(len(utts), dtype=np.int64)
        for it in doc["items"]:
            y[it["line"] - 1] = 1
        out.append((doc["file"], utts, y))
    return out


def split_scores(det: SpokenDetector, split: Split) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, labels and meeting index of every utterance of a split."""
    s = [det.scores(utts) for _, utts, _ in split]
    d = [np.full(len(utts), k) for k, (_, utts, _) in enumerate(split)]
    return np.concatenate(s), np.concatenate([y for _, _, y in split]), np.concatenate(d)


def save(det: SpokenDetector, path: Path, meta: dict[str, object]) -> None:
    body = {**det.to_dict(), "trained_on": meta}
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same model gives the same bytes
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared")
    ap.add_argument("--out", help="write the chosen detector here (.json.gz)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    ami = _shared(a.shared) / "data" / "public" / "ami"
    splits = {s: read_split(ami / s) for s in ("train", "dev", "test")}
    t0 = time.perf_counter()
    train = splits["train"]
    best = None
    for window in WINDOWS:
        for c in C_GRID:
            det = train_detector([u for _, u, _ in train], [y for _, _, y in train],
                                 window=window, c=c)
            s, y, _ = split_scores(det, splits["dev"])
            cut, f1 = best_threshold(s, y)
            print(f"  window {window}, C={c}: dev F1 {f1:.3f} at {cut:.3f}", file=sys.stderr)
            if best is None or f1 > best[0]:
                best = (f1, window, c, cut, det)
    assert best is not None
    dev_f1, window, c, cut, det = best
    det.threshold = cut
    s, y, d = split_scores(det, splits["test"])
    pred = s >= cut
    p, r, f1 = f1_scores(pred, y)
    with_items = [k for k, (_, _, yk) in enumerate(splits["test"]) if yk.any()]
    mask = np.isin(d, with_items)
    p2, r2, f2 = f1_scores(pred[mask], y[mask])
    out = {
        "window": window, "C": c, "threshold": round(cut, 4), "dev_f1": round(dev_f1, 3),
        "terms": len(det.vocabulary),
        "test_all": {"P": round(p, 3), "R": round(r, 3), "F1": round(f1, 3),
                     "utterances": int(len(y)), "positives": int(y.sum())},
        "test_meetings_with_items": {"P": round(p2, 3), "R": round(r2, 3), "F1": round(f2, 3),
                                     "utterances": int(mask.sum())},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if a.out:
        save(det, Path(a.out), {
            "data": "AMI Meeting Corpus manual annotations 1.6.2 (CC BY 4.0), train split, "
                    "action items as in shared/data/public/ami/README.md",
            "script": "benchmarks/ami_eval.py", "window": window, "C": c,
            "threshold_from": "AMI dev, F1-best cut", "dev_f1": round(dev_f1, 3),
        })
    if a.json:
        print(json.dumps(out))
    else:
        print(f"AMI test (20 meetings): P {p:.3f} R {r:.3f} F1 {f1:.3f}   "
              f"(17 meetings with items: P {p2:.3f} R {r2:.3f} F1 {f2:.3f})")
        print(f"chosen on dev: window {window}, C={c}, threshold {cut:.3f}, dev F1 {dev_f1:.3f}; "
              f"{len(det.vocabulary):,} terms; published: BERT 0.38, best 0.43; rules alone 0.17")
    return 0


if __name__ == "__main__":
    sys.exit(main())
