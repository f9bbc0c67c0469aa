#!/usr/bin/env python3
"""Builds history.csv, test.jsonl, test_gold.csv and test_tags.csv from the
hand-written sources hist_src.py and test_src.py (data only; no routing)."""
import csv, json, random
from pathlib import Path
HERE = Path(__file__).resolve().parent
ns = {}
exec((HERE / "hist_src.py").read_text(encoding="utf-8"), ns)
exec((HERE / "test_src.py").read_text(encoding="utf-8"), ns)
terms = [l.strip() for l in (HERE / "jargon_terms.txt").read_text(encoding="utf-8").splitlines()
         if l.strip() and not l.startswith("#")]

hist = [(d, t.strip()) for d, block in ns["H"].items() for t in block.splitlines() if t.strip()]
rnd = random.Random(20261207)
rnd.shuffle(hist)
with open(HERE / "history.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "text", "department"])
    for i, (d, t) in enumerate(hist, 1):
        w.writerow([f"h{i:03d}", t, d])

hist_text = "\n".join(t for _, t in hist).lower()
tests = []
for line in ns["T"].splitlines():
    if not line.strip():
        continue
    dept, also, tags, text = line.split("|", 3)
    tests.append((dept.strip(), also.strip(), [x for x in tags.split(",") if x.strip()], text.strip()))
rnd.shuffle(tests)
with open(HERE / "test.jsonl", "w", encoding="utf-8") as fj, \
     open(HERE / "test_gold.csv", "w", encoding="utf-8", newline="") as fg, \
     open(HERE / "test_tags.csv", "w", encoding="utf-8", newline="") as ft:
    wg, wt = csv.writer(fg), csv.writer(ft)
    wg.writerow(["id", "department", "also"])
    wt.writerow(["id", "tags"])
    for i, (d, a, tags, t) in enumerate(tests, 1):
        tid = f"t{i:03d}"
        fj.write(json.dumps({"id": tid, "text": t}, ensure_ascii=False) + "\n")
        wg.writerow([tid, d, a])
        if any(x.lower() in t.lower() and x.lower() not in hist_text for x in terms):
            tags = tags + ["jargon"]
        wt.writerow([tid, " ".join(tags)])
print(f"history {len(hist)}, tests {len(tests)}")
