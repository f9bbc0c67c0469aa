#!/usr/bin/env python3
"""Consistency check for collab-build (stdlib only): ids, department ids, leads within sets, totals."""
import csv, json, re, sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
fail = []
org = (HERE / "org.yaml").read_text(encoding="utf-8")
sec = org.split("\nstaff:")[0]
depts = re.findall(r"^  - id: ([a-z0-9_-]+)$", sec, re.M)
items = [json.loads(l) for l in (HERE / "test.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
gold = list(csv.DictReader(open(HERE / "test_gold.csv", encoding="utf-8", newline="")))
if [o["id"] for o in items] != [g["id"] for g in gold]:
    fail.append("ids differ between test.jsonl and test_gold.csv")
if len({o["text"] for o in items}) != len(items):
    fail.append("duplicate texts")
for o in items:
    if set(o) != {"id", "text"}:
        fail.append(f"{o.get('id')}: keys should be id,text")
sizes = Counter()
for g in gold:
    ds, ls = g["departments"].split(";"), g["lead"].split("|")
    if len(set(ds)) != len(ds) or not set(ds) <= set(depts):
        fail.append(f"{g['id']}: bad departments {ds}")
    if not set(ls) <= set(ds):
        fail.append(f"{g['id']}: lead {ls} not in departments")
    sizes[len(ds)] += 1
hist = list(csv.DictReader(open(HERE / "history.csv", encoding="utf-8", newline="")))
if any(r["department"] not in depts for r in hist):
    fail.append("history: unknown department")
eng = sum(1 for o in items if not re.search(r"[\u4e00-\u9fff]", o["text"]))
print(f"org.yaml: {len(depts)} departments; history.csv: {len(hist)} rows")
print(f"test.jsonl: {len(items)} requests; by number of departments: {dict(sorted(sizes.items()))}; English: {eng}")
print(f"departments used: {dict(Counter(d for g in gold for d in g['departments'].split(';')))}")
if fail:
    print("FAILED:\n  - " + "\n  - ".join(fail)); sys.exit(1)
print("OK")
