#!/usr/bin/env python3
"""Consistency check for collab-hotel (stdlib only).

    python3 check.py      # paths are relative to this file

Checks that org.yaml and history.csv are byte-identical to ../routing-hotel
(when that directory exists), that test.jsonl and test_gold.csv match one-to-one,
that every request needs 2-4 known departments, that every lead is one of them,
and that no text is duplicated or a near-duplicate of a history request.
Exit status 0 when everything holds, 1 otherwise.
"""
import csv, json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_REQUESTS = 50
MIN_DEPTS, MAX_DEPTS = 2, 4
JACCARD_LIMIT = 0.6
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def dept_ids(path):
    """Department ids from the block-style org.yaml (the `- id:` lines under `departments:`)."""
    ids, section = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" "):
            section = line.split(":")[0]
            continue
        m = re.match(r"\s*- id:\s*([a-z0-9_-]+)", line)
        if m and section == "departments":
            ids.append(m.group(1))
    return ids


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def grams(s, n=4):
    s = norm(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def main():
    ids = dept_ids(HERE / "org.yaml")
    check(len(ids) == 13 and len(set(ids)) == 13, f"org.yaml: expected 13 distinct departments, found {ids}")
    sib = HERE.parent / "routing-hotel"
    if sib.is_dir():
        for name in ("org.yaml", "history.csv"):
            check((HERE / name).read_bytes() == (sib / name).read_bytes(), f"{name} differs from ../routing-hotel/{name}")

    with (HERE / "history.csv").open(encoding="utf-8", newline="") as f:
        hist = list(csv.DictReader(f))
    check(all(r["department"] in ids for r in hist), "history.csv: unknown department")

    test = [json.loads(l) for l in (HERE / "test.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    check(len(test) == N_REQUESTS, f"test.jsonl: expected {N_REQUESTS} requests, found {len(test)}")
    for o in test:
        check(set(o) == {"id", "text"} and o["text"].strip(), f"test.jsonl {o.get('id')}: keys must be id,text with non-empty text")
    tids = [o["id"] for o in test]
    check(len(set(tids)) == len(tids), "test.jsonl: duplicate ids")
    check(all(re.fullmatch(r"c\d{2}", i) for i in tids), "test.jsonl: ids should look like c01")
    check(len({norm(o["text"]) for o in test}) == len(test), "test.jsonl: duplicate texts")

    with (HERE / "test_gold.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(rows[0] == ["id", "lead", "departments"], "test_gold.csv: header should be id,lead,departments")
    gold = [dict(zip(rows[0], r)) for r in rows[1:]]
    check([g["id"] for g in gold] == tids, "test_gold.csv: ids must match test.jsonl one-to-one, in order")
    sizes, per_dept = Counter(), Counter()
    for g in gold:
        ds = g["departments"].split(";")
        leads = g["lead"].split("|")
        check(len(set(ds)) == len(ds), f"{g['id']}: duplicate department")
        check(MIN_DEPTS <= len(ds) <= MAX_DEPTS, f"{g['id']}: needs {MIN_DEPTS}-{MAX_DEPTS} departments, has {len(ds)}")
        check(all(d in ids for d in ds), f"{g['id']}: unknown department in {ds}")
        check(all(l in ds for l in leads), f"{g['id']}: lead {leads} not among departments {ds}")
        sizes[len(ds)] += 1
        per_dept.update(ds)
    for d in ids:
        check(per_dept[d] >= 3, f"department {d} is needed by only {per_dept[d]} requests")

    hg = [grams(r["text"]) for r in hist]
    worst = max((jaccard(grams(o["text"]), h), o["id"]) for o in test for h in hg)
    check(worst[0] <= JACCARD_LIMIT, f"{worst[1]} is a near-duplicate of a history request ({worst[0]:.2f})")

    lens = sorted(len(o["text"]) for o in test)
    print(f"test.jsonl   : {len(test)} requests, length {lens[0]}-{lens[-1]} (median {lens[len(lens) // 2]})")
    print(f"test_gold.csv: departments per request {dict(sorted(sizes.items()))}; "
          f"{sum(1 for g in gold if '|' in g['lead'])} with several equally good leads")
    print("requests needing each department: " + ", ".join(f"{d} {per_dept[d]}" for d in ids))
    print(f"closest test/history pair: {worst[1]} ({worst[0]:.3f})")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
