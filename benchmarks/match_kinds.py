"""Why a found item and its gold item fail to pair: line chosen, task text, or other.

usage: python benchmarks/match_kinds.py [SET_DIR ...] [--scorer PATH] [--window N] [--list]

For every document of each gold folder (default: every read spoken set,
``tests/fixtures/minutes/spoken-*``) the product's extraction is run in-process (with the
shipped detectors, as ``dispatch minutes eval``) and paired with gold by the scorer's own
``match`` (imported from ``score_minutes.py``; ``dispatch.minutes.evaluate.match`` when the
scorer is not found). The items left over on both sides are then paired again, loosely:
a missed gold item and a spurious found one are *the same item* when they are within
``--window`` lines of each other and agree on an owner or on a non-null due date. Such a
pair costs one miss AND one spurious item although the item was found, so it is worth
knowing why it failed:

- ``line``: the task texts overlap enough for the same-line rule (sim >= 0.2) but the item
  was reported on another line than the annotator's (split by whether the found line is
  before or after the gold one);
- ``text``: same line, but the texts overlap less than 0.2 (sub-kinds: the found text is
  short — at most 6 characters or under a third of gold's — or carries a filler / address
  word the annotator dropped, or is just worded otherwise);
- ``both``: another line AND sim < 0.2;
- left over: gold misses and spurious finds with no such partner (true misses / true extras).

Why: the scorer pairs on the gold line with sim >= 0.2 or anywhere with sim >= 0.5, so the
two ways an item that *was* found still scores as a miss are the line and the wording.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp.minutes  # noqa: E402,F401
from dispatch.minutes.detector import spoken_detector, zh_detector  # noqa: E402
from dispatch.minutes.evaluate import match as evaluate_match  # noqa: E402
from dispatch.minutes.files import read_file  # noqa: E402
from models.org import load_org  # noqa: E402
from nlp.minutes.extract import extract_document  # noqa: E402
from nlp.minutes.similar import similarity  # noqa: E402
from nlp.readers import MinutesInputError  # noqa: E402

SCORER = Path("/work/shared/tools/score_minutes.py")
FILLERS = ("那个", "这个", "就是", "嗯", "呃", "啊", "吧", "呢", "哈", "嘛", "一下", "然后", "对",
           "好的", "行", "um", "uh", "so ", "okay", "ok ", "yeah")


def scorer_match(path: Path) -> Any:
    """The scorer's own pairing function (pred dicts, gold dicts → (pred, gold) pairs),
    adapted to index pairs; the in-process copy when the scorer file is absent."""
    if path.exists():
        spec = importlib.util.spec_from_file_location("score_minutes", path)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)

        def by_index(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
            pairs = mod.match(pred, gold)
            pi = {id(p): i for i, p in enumerate(pred)}
            gi = {id(g): j for j, g in enumerate(gold)}
            return [(pi[id(p)], gi[id(g)]) for p, g in pairs]

        return by_index
    return evaluate_match


def kind_of(p: dict, g: dict) -> str:
    pline = (p.get("source") or {}).get("line")
    s = similarity(p.get("task") or "", g["task"])
    if pline != g.get("line"):
        if s >= 0.2:
            before = (pline or 0) < (g.get("line") or 0)
            return "line:found-before" if before else "line:found-after"
        return "both"
    task = p.get("task") or ""
    if len(task) <= 6 or len(task) * 3 < len(g["task"]):
        return "text:short"
    low = task.lower()
    if any(f in low and f not in g["task"].lower() for f in FILLERS):
        return "text:filler"
    return "text:worded"


def same_item(p: dict, g: dict, window: int) -> bool:
    pline = (p.get("source") or {}).get("line")
    if pline is None or g.get("line") is None or abs(pline - g["line"]) > window:
        return False
    owners = set(p.get("owners") or []) & set(g["owners"])
    return bool(owners) or (p.get("due") is not None and p.get("due") == g["due"])


def analyse(gold_dir: Path, match: Any, window: int, det: tuple) -> dict[str, Any]:
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    org = load_org(gold_dir / gold.get("org", "org.yaml"))
    kinds: Counter = Counter()
    rows: list[str] = []
    tp = npred = ngold = 0
    for entry in gold["documents"]:
        md = (
            dt.date.fromisoformat(entry["meeting_date"]) if entry.get("pass_meeting_date") else None
        )
        try:
            doc = read_file(gold_dir / entry["file"], today=org.today(), tz=org.tz)
            pred = extract_document(doc, org, md, *det, today=org.today()).to_contract()[
                "action_items"
            ]
        except MinutesInputError:
            pred = []
        items = entry["items"]
        pairs = match(pred, items)
        tp += len(pairs)
        npred += len(pred)
        ngold += len(items)
        left_p = [i for i in range(len(pred)) if i not in {a for a, _ in pairs}]
        left_g = [j for j in range(len(items)) if j not in {b for _, b in pairs}]
        cands = []
        for i in left_p:
            for j in left_g:
                if same_item(pred[i], items[j], window):
                    pline = pred[i]["source"]["line"]
                    s = similarity(pred[i].get("task") or "", items[j]["task"])
                    cands.append((abs(pline - items[j]["line"]), -s, i, j))
        cands.sort()
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, _, i, j in cands:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            p, g = pred[i], items[j]
            k = kind_of(p, g)
            kinds[k] += 1
            s = similarity(p.get("task") or "", g["task"])
            rows.append(
                f"  {k:17s} {entry['file']} gold L{g['line']} / found L{p['source']['line']} "
                f"sim {s:.2f}\n      gold:  {g['task']}\n      found: {p.get('task')}"
            )
        for j in left_g:
            if j not in used_g:
                kinds["miss (no partner)"] += 1
                g = items[j]
                rows.append(f"  miss              {entry['file']} L{g['line']}: {g['task']}")
        for i in left_p:
            if i not in used_p:
                kinds["extra (no partner)"] += 1
                p = pred[i]
                rows.append(f"  extra{' ' * 13}{entry['file']} L{p['source']['line']}: {p['task']}")
    prec = tp / npred if npred else 0.0
    rec = tp / ngold if ngold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"kinds": kinds, "rows": rows, "f1": f1, "p": prec, "r": rec, "tp": tp,
            "gold": ngold, "pred": npred}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*")
    ap.add_argument("--scorer", default=str(SCORER))
    ap.add_argument("--window", type=int, default=8)
    ap.add_argument("--list", action="store_true", help="print every unmatched pair / item")
    a = ap.parse_args()
    sets = [Path(s) for s in a.sets] or sorted((ROOT / "tests/fixtures/minutes").glob("spoken-*"))
    match = scorer_match(Path(a.scorer))
    det = (spoken_detector(), zh_detector())
    total: Counter = Counter()
    for d in sets:
        if not (d / "gold.json").exists():
            continue
        r = analyse(d, match, a.window, det)
        total.update(r["kinds"])
        ks = ", ".join(f"{k} {v}" for k, v in sorted(r["kinds"].items()))
        print(f"{d.name}: F1 {r['f1']:.3f} P {r['p']:.3f} R {r['r']:.3f} "
              f"({r['tp']} of {r['gold']}, {r['pred']} found) | {ks}")
        if a.list:
            print("\n".join(r["rows"]))
    pairs = sum(v for k, v in total.items() if "partner" not in k)
    print(f"\nALL: same-item pairs that fail to match {pairs}")
    for k, v in total.most_common():
        print(f"  {k:20s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
