#!/usr/bin/env python3
"""Consistency check for the collab-univ evaluation set (standard library only).

    python3 check.py        # paths are taken relative to this file

What is checked:
  * org.yaml: 13 departments with unique ids of the form [a-z0-9_-]+, every head in
    their own department, every staff member in an existing department;
  * history.csv: header id,text,department, 338 rows, 26 per department;
  * org.yaml and history.csv are byte-identical to ../routing-univ (when present);
  * test.jsonl: one {"id", "text"} per line, ids c01..., no duplicate texts;
  * test_gold.csv: header id,lead,departments, same ids in the same order;
    `departments` holds 1-4 distinct known ids separated by ';'; every lead
    (separated by '|') is one of that row's departments;
  * 50 requests need two to four departments and 11 need exactly one;
  * no test text is close to a history text (character 4-gram Jaccard <= 0.6);
  * all files are UTF-8 without a byte-order mark.
Exit status 0 when all checks pass, 1 otherwise (every failure is listed).
"""
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

BASE = Path(__file__).resolve().parent
SIBLING = BASE.parent / "routing-univ"
DEPTS = 13
HIST_EACH = 26
N_MULTI = 50
N_SINGLE = 11
JACC_MAX = 0.6
ID_OK = re.compile(r"^[a-z0-9_-]+$")

problems = []


def need(ok, message):
    if not ok:
        problems.append(message)
    return ok


def no_bom(path):
    need(not path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name}: starts with a byte-order mark")


def read_org(path):
    """Only what is needed here: department ids/heads and staff ids/departments."""
    depts, staff, section, entry = [], [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if not line.startswith(" "):
            key = line.split(":")[0].strip()
            section = key if key in ("departments", "staff") else None
            entry = None
            continue
        if section is None:
            continue
        body = line.strip()
        if body.startswith("- "):
            entry = {}
            (depts if section == "departments" else staff).append(entry)
            body = body[2:]
        key, _, val = body.partition(":")
        if entry is not None:
            entry[key.strip()] = val.strip()
    return depts, staff


def canon(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def shingles(s, n=4):
    s = canon(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if (a or b) else 0.0


def load_csv(path, header):
    no_bom(path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    need(bool(rows) and rows[0] == header, f"{path.name}: header must be {','.join(header)}")
    return [dict(zip(header, r)) for r in rows[1:]]


def main():
    org_path = BASE / "org.yaml"
    no_bom(org_path)
    depts, staff = read_org(org_path)
    dids = [d.get("id") for d in depts]
    sids = [s.get("id") for s in staff]
    need(len(dids) == DEPTS, f"org.yaml: {len(dids)} departments, expected {DEPTS}")
    need(len(set(dids)) == len(dids) and len(set(sids)) == len(sids), "org.yaml: duplicate id")
    need(not set(dids) & set(sids), "org.yaml: an id names both a department and a person")
    home = {s.get("id"): s.get("department") for s in staff}
    for d in depts:
        need(bool(ID_OK.match(d.get("id", ""))), f"org.yaml: bad department id {d.get('id')!r}")
        need(home.get(d.get("head")) == d.get("id"), f"org.yaml: head of {d.get('id')} is not in that department")
    for s in staff:
        need(s.get("department") in dids, f"org.yaml: staff {s.get('id')} in unknown department")

    history = load_csv(BASE / "history.csv", ["id", "text", "department"])
    need(len(history) == DEPTS * HIST_EACH, f"history.csv: {len(history)} rows, expected {DEPTS * HIST_EACH}")
    per = Counter(r["department"] for r in history)
    for d in dids:
        need(per[d] == HIST_EACH, f"history.csv: {d} has {per[d]} rows, expected {HIST_EACH}")
    for r in history:
        need(r["department"] in dids, f"history.csv {r['id']}: unknown department")

    if SIBLING.is_dir():
        for name in ("org.yaml", "history.csv"):
            other = SIBLING / name
            need(other.exists() and other.read_bytes() == (BASE / name).read_bytes(),
                 f"{name} differs from ../routing-univ/{name}")

    test_path = BASE / "test.jsonl"
    no_bom(test_path)
    items = []
    for lineno, line in enumerate(test_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            need(False, f"test.jsonl:{lineno}: not JSON ({exc})")
            continue
        need(set(obj) == {"id", "text"}, f"test.jsonl:{lineno}: keys must be id and text")
        need(bool(str(obj.get("text", "")).strip()), f"test.jsonl:{lineno}: empty text")
        items.append(obj)
    ids = [o["id"] for o in items]
    need(len(set(ids)) == len(ids), "test.jsonl: duplicate ids")
    need(all(re.fullmatch(r"c\d{2}", i) for i in ids), "test.jsonl: ids must look like c01")
    texts = [canon(o["text"]) for o in items]
    need(len(set(texts)) == len(texts), "test.jsonl: duplicate texts")

    gold = load_csv(BASE / "test_gold.csv", ["id", "lead", "departments"])
    need([g["id"] for g in gold] == ids, "test_gold.csv: ids must match test.jsonl one-to-one and in order")
    sizes = Counter()
    in_sets = Counter()
    for g in gold:
        ds = g["departments"].split(";")
        leads = g["lead"].split("|")
        need(1 <= len(ds) <= 4, f"test_gold.csv {g['id']}: {len(ds)} departments, expected 1-4")
        need(len(set(ds)) == len(ds), f"test_gold.csv {g['id']}: a department is listed twice")
        for d in ds:
            need(d in dids, f"test_gold.csv {g['id']}: unknown department {d!r}")
            in_sets[d] += 1
        for l in leads:
            need(l in ds, f"test_gold.csv {g['id']}: lead {l!r} is not among its departments")
        sizes[len(ds)] += 1
    n_single = sizes[1]
    n_multi = sum(v for k, v in sizes.items() if k >= 2)
    need(n_multi == N_MULTI, f"test_gold.csv: {n_multi} multi-department rows, expected {N_MULTI}")
    need(n_single == N_SINGLE, f"test_gold.csv: {n_single} single-department rows, expected {N_SINGLE}")
    for d in dids:
        need(in_sets[d] >= 2, f"test_gold.csv: department {d} appears in fewer than 2 rows")

    hs = [(r["id"], shingles(r["text"])) for r in history]
    scored = sorted(((jaccard(shingles(o["text"]), b), hid, o["id"]) for o in items for hid, b in hs),
                    reverse=True)
    for j, hid, tid in scored:
        if j <= JACC_MAX:
            break
        need(False, f"{tid} is too close to {hid} (4-gram Jaccard {j:.2f})")

    english = sum(len(re.findall(r"[A-Za-z]", o["text"])) > 2 * len(re.findall(r"[\u4e00-\u9fff]", o["text"]))
                  for o in items)
    print(f"org.yaml       {len(dids)} departments, {len(sids)} staff")
    print(f"history.csv    {len(history)} rows")
    print(f"test.jsonl     {len(items)} requests ({english} English)")
    print(f"test_gold.csv  {n_multi} multi-department ({', '.join(f'{k} depts: {sizes[k]}' for k in (2, 3, 4))}), "
          f"{n_single} single; {sum(sizes[k] * k for k in sizes)} department slots; "
          f"{sum('|' in g['lead'] for g in gold)} rows with more than one acceptable lead")
    print("closest test/history pairs:", ", ".join(f"{t}~{h} {j:.2f}" for j, h, t in scored[:3]))
    if problems:
        print(f"\nFAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
