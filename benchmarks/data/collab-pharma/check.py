#!/usr/bin/env python3
"""Consistency check for the routing-pharma / collab-pharma blind sets (stdlib only).

    python3 check.py [DATA_DIR]     # default: the folder of this file

Works on either layout: test_gold.csv with `id,department,also` (routing) or
`id,lead,departments` (collab). Checks ids, labels, counts per department, and
reports the closest character 4-gram Jaccard between each test text and any
history text (NFKC, lower-cased, whitespace removed): max and mean. Exit 1 on a
failure or when any pair is above 0.6.
"""

import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

D = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
fail = []

# department ids: the `- id:` entries between `departments:` and `staff:`
org = (D / "org.yaml").read_text(encoding="utf-8")
dept_block = org.split("\ndepartments:", 1)[1].split("\nstaff:", 1)[0]
depts = re.findall(r"^\s+- id:\s*([a-z0-9_-]+)", dept_block, re.M)
staff_block = org.split("\nstaff:", 1)[1]
staff = re.findall(r"^\s+- id:\s*([a-z0-9_-]+)", staff_block, re.M)
staff_dept = re.findall(r"^\s+department:\s*([a-z0-9_-]+)", staff_block, re.M)
if len(set(depts)) != len(depts):
    fail.append("duplicate department id")
if len(set(staff)) != len(staff):
    fail.append("duplicate staff id")
for s in staff_dept:
    if s not in depts:
        fail.append(f"staff in unknown department {s}")
per_dept_staff = Counter(staff_dept)
print(
    f"org: {len(depts)} departments, {len(staff)} staff, staff per department "
    f"{min(per_dept_staff.values())}-{max(per_dept_staff.values())}"
)

hist = list(csv.DictReader(open(D / "history.csv", encoding="utf-8")))
ids = [h["id"] for h in hist]
if len(set(ids)) != len(ids):
    fail.append("duplicate history id")
for h in hist:
    if h["department"] not in depts:
        fail.append(f"history {h['id']}: unknown department {h['department']}")
hc = Counter(h["department"] for h in hist)
print(f"history: {len(hist)} rows; per department " + " ".join(f"{d}={hc[d]}" for d in depts))

test = [json.loads(ln) for ln in open(D / "test.jsonl", encoding="utf-8") if ln.strip()]
gold = list(csv.DictReader(open(D / "test_gold.csv", encoding="utf-8")))
tids = [t["id"] for t in test]
if len(set(tids)) != len(tids):
    fail.append("duplicate test id")
if tids != [g["id"] for g in gold]:
    fail.append("test.jsonl and test_gold.csv ids differ or are out of order")
if set(tids) & set(ids):
    fail.append("test id also used in history")
texts = [t["text"] for t in test] + [h["text"] for h in hist]
if len(set(texts)) != len(texts):
    fail.append("duplicate texts")

if "department" in gold[0]:
    gc, ac = Counter(), 0
    for g in gold:
        if g["department"] not in depts:
            fail.append(f"{g['id']}: unknown department {g['department']}")
        if g["also"]:
            ac += 1
            if g["also"] not in depts or g["also"] == g["department"]:
                fail.append(f"{g['id']}: bad also {g['also']}")
        gc[g["department"]] += 1
    print(f"test: {len(gold)} rows; per department " + " ".join(f"{d}={gc[d]}" for d in depts))
    print(f"also filled: {ac} ({ac / len(gold):.1%})")
else:
    sizes, single, leadc = Counter(), 0, Counter()
    for g in gold:
        ds, leads = g["departments"].split(";"), g["lead"].split("|")
        for d in ds + leads:
            if d not in depts:
                fail.append(f"{g['id']}: unknown department {d}")
        if not set(leads) <= set(ds):
            fail.append(f"{g['id']}: lead not among departments")
        if len(set(ds)) != len(ds):
            fail.append(f"{g['id']}: repeated department")
        sizes[len(ds)] += 1
        for d in ds:
            leadc[d] += 1
    print(
        f"test: {len(gold)} rows; departments per request "
        + " ".join(f"{k}:{sizes[k]}" for k in sorted(sizes))
    )
    print("department mentions in gold: " + " ".join(f"{d}={leadc[d]}" for d in depts))


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def grams(s, n=4):
    s = norm(s)
    return {s[i : i + n] for i in range(max(1, len(s) - n + 1))}


hg = [(h["id"], grams(h["text"])) for h in hist]
best = []
for t in test:
    g = grams(t["text"])
    j, hid = max(((len(g & b) / len(g | b), hid) for hid, b in hg), key=lambda x: x[0])
    best.append((j, t["id"], hid))
best.sort(reverse=True)
mean = sum(b[0] for b in best) / len(best)
print(
    f"closest test/history 4-gram Jaccard: max {best[0][0]:.3f} ({best[0][1]} vs {best[0][2]}), "
    f"mean of per-test maxima {mean:.3f}; top 3: "
    + ", ".join(f"{b[1]}~{b[2]} {b[0]:.2f}" for b in best[:3])
)
tg = [(t["id"], grams(t["text"])) for t in test]
within = max(
    (len(a & b) / len(a | b), i, k) for x, (i, a) in enumerate(tg) for (k, b) in tg[x + 1 :]
)
print(f"closest pair within test: {within[0]:.3f} ({within[1]}, {within[2]})")
if best[0][0] > 0.6:
    fail.append("near-duplicate test/history pair above 0.6")
for f in fail:
    print("FAIL:", f)
print("OK" if not fail else f"{len(fail)} failures")
sys.exit(1 if fail else 0)
