"""Score extraction against a gold folder (ANNOTATION.md format), as score_minutes.py does.

Same pairing (same line first, then task-text overlap, one-to-one, greedy) and the same
figures, computed in-process so ``dispatch minutes eval`` needs no subprocess per file
and can list what was missed where.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dispatch.minutes.files import read_file
from models.org import load_org
from nlp.minutes.extract import extract_document
from nlp.minutes.similar import similarity
from nlp.minutes.spoken import SpokenDetector
from nlp.minutes.spoken_zh import ZhTurnDetector
from nlp.readers import MinutesInputError

FIELDS = ("owners", "department", "due")


def match(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing: (pred index, gold index)."""
    cands = []
    for i, p in enumerate(pred):
        pline = (p.get("source") or {}).get("line")
        for j, g in enumerate(gold):
            s = similarity(p.get("task") or "", g["task"])
            if g.get("line") is not None and pline == g["line"] and s >= 0.2:
                cands.append((2 + s, i, j))
            elif s >= 0.5:
                cands.append((s, i, j))
    cands.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class DocScore:
    file: str
    gold: int = 0
    pred: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    error: str | None = None
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    documents: list[DocScore]
    seconds: float

    def totals(self) -> dict[str, Any]:
        tp = sum(d.matched for d in self.documents)
        npred = sum(d.pred for d in self.documents)
        ngold = sum(d.gold for d in self.documents)
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        acc = {k: (sum(d.correct[k] for d in self.documents) / tp if tp else 0.0) for k in FIELDS}
        return {
            "docs": len(self.documents),
            "errors": sum(1 for d in self.documents if d.error),
            "gold": ngold,
            "pred": npred,
            "matched": tp,
            "seconds": round(self.seconds, 1),
            "precision": round(prec, 3),
            "recall": round(rec, 3),
            "f1": round(f1, 3),
            **{k: round(v, 3) for k, v in acc.items()},
        }

    def summary_lines(self) -> list[str]:
        """The two lines score_minutes.py prints, in the same format."""
        t = self.totals()
        return [
            f"docs {t['docs']} errors {t['errors']} gold {t['gold']} pred {t['pred']} "
            f"matched {t['matched']} seconds {t['seconds']:.1f}",
            f"P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f} owners {t['owners']:.3f} "
            f"department {t['department']:.3f} due {t['due']:.3f}",
        ]

    def to_json(self) -> dict[str, Any]:
        return {**self.totals(), "documents": [d.__dict__ for d in self.documents]}


def evaluate(
    gold_dir: str | Path,
    spoken_detector: SpokenDetector | None = None,
    zh_detector: ZhTurnDetector | None = None,
) -> EvalReport:
    """Run extraction on every document of ``gold_dir/gold.json`` and score it (with the
    learned spoken detectors when given, as ``dispatch minutes extract`` runs)."""
    root = Path(gold_dir)
    gold_path = root / "gold.json"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MinutesInputError(
            f"{gold_path}: no such file (a gold folder needs gold.json)"
        ) from None
    except json.JSONDecodeError as e:
        raise MinutesInputError(f"{gold_path}: bad JSON at line {e.lineno}: {e.msg}") from None
    org = load_org(root / gold.get("org", "org.yaml"))
    today = org.today()
    scores = []
    t0 = time.perf_counter()
    for entry in gold.get("documents", []):
        ds = DocScore(file=entry["file"], gold=len(entry["items"]))
        md = (
            dt.date.fromisoformat(entry["meeting_date"]) if entry.get("pass_meeting_date") else None
        )
        try:
            doc = read_file(root / entry["file"], today=today, tz=org.tz)
            result = extract_document(doc, org, md, spoken_detector, zh_detector, today=today)
            pred = result.to_contract()["action_items"]
        except MinutesInputError as e:
            ds.error = str(e)
            pred = []
        ds.pred = len(pred)
        pairs = match(pred, entry["items"])
        ds.matched = len(pairs)
        matched_g = {j for _, j in pairs}
        matched_p = {i for i, _ in pairs}
        ds.missed = [
            f"L{g.get('line')}: {g['task']}"
            for j, g in enumerate(entry["items"])
            if j not in matched_g
        ]
        ds.extra = [
            f"L{(p.get('source') or {}).get('line')}: {p.get('task')}"
            for i, p in enumerate(pred)
            if i not in matched_p
        ]
        for i, j in pairs:
            p, g = pred[i], entry["items"][j]
            for k in FIELDS:
                pv, gv = p.get(k), g[k]
                if k == "owners":
                    pv, gv = sorted(pv or []), sorted(gv)
                if pv == gv:
                    ds.correct[k] += 1
                else:
                    ds.wrong.append(f"{k} L{g.get('line')}: got {pv} want {gv} ({g['task'][:40]})")
        scores.append(ds)
    return EvalReport(scores, time.perf_counter() - t0)
