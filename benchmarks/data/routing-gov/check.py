#!/usr/bin/env python3
"""Consistency check for routing-gov (standard library only).

Usage:  python3 check.py        (paths are taken relative to this file)

Verifies org.yaml, history.csv, test.jsonl and test_gold.csv: structure,
counts per department, ids, labels, the share of rows with an `also` label,
UTF-8 without BOM, and that no test message nearly repeats a history message
(character 4-gram Jaccard above 0.6).  Exit code 0 = all good, 1 = problems.
"""
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

BASE = Path(__file__).resolve().parent
DEPT_COUNT = 12
HIST_MIN, HIST_MAX = 25, 28
TEST_MIN, TEST_MAX = 12, 13
TEST_TOTAL_MIN = 150
ALSO_MAX_SHARE = 0.12
DUP_LIMIT = 0.6
SLUG = re.compile(r"^[a-z0-9_-]+$")

problems = []


def need(ok, text):
    if not ok:
        problems.append(text)
    return ok


def read_text(path):
    raw = path.read_bytes()
    need(not raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: starts with a BOM")
    return raw.decode("utf-8")


# ------------------------------------------------------------- org.yaml
def parse_value(v):
    v = v.strip()
    if v[:1] == "[" and v[-1:] == "]":
        body = v[1:-1].strip()
        return [parse_value(p) for p in body.split(",")] if body else []
    if len(v) >= 2 and v[0] in "'\"" and v[-1] == v[0]:
        return v[1:-1]
    return v


def drop_comment(line):
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def parse_org(path):
    """Reads the block-style YAML subset used here: top-level scalars plus the
    lists `departments` and `staff` of flat mappings."""
    doc = {"departments": [], "staff": []}
    current_list, current = None, None
    for n, raw in enumerate(read_text(path).splitlines(), 1):
        line = drop_comment(raw)
        if not line.strip():
            continue
        if not line.startswith(" "):
            key, _, val = line.partition(":")
            key = key.strip()
            if key in ("departments", "staff") and not val.strip():
                current_list = key
            else:
                current_list = None
                doc[key] = parse_value(val)
            current = None
            continue
        if current_list is None:
            continue
        text = line.strip()
        if text.startswith("- "):
            current = {}
            doc[current_list].append(current)
            text = text[2:]
        if current is None:
            problems.append(f"org.yaml:{n}: line outside any list item")
            continue
        key, _, val = text.partition(":")
        current[key.strip()] = parse_value(val)
    return doc


def check_org():
    org = parse_org(BASE / "org.yaml")
    need(bool(org.get("name")), "org.yaml: no name")
    need(org.get("timezone") == "Asia/Shanghai", "org.yaml: timezone must be Asia/Shanghai")
    need(org.get("calendar") == "cn", "org.yaml: calendar must be cn")
    depts, staff = org["departments"], org["staff"]
    need(len(depts) == DEPT_COUNT, f"org.yaml: {len(depts)} departments, expected {DEPT_COUNT}")
    dids = [d.get("id", "") for d in depts]
    sids = [s.get("id", "") for s in staff]
    need(len(set(dids)) == len(dids), "org.yaml: duplicate department id")
    need(len(set(sids)) == len(sids), "org.yaml: duplicate staff id")
    need(not (set(dids) & set(sids)), "org.yaml: id shared by a department and a person")
    home = {s.get("id"): s.get("department") for s in staff}
    size = Counter(home.values())
    names = [d.get("name") for d in depts]
    need(len(set(names)) == len(names), "org.yaml: duplicate department name")
    for d in depts:
        i = d.get("id", "")
        need(bool(SLUG.match(i)), f"org.yaml: bad department id {i!r}")
        need(bool(d.get("name")), f"org.yaml: {i}: no name")
        need(isinstance(d.get("aliases"), list) and d["aliases"], f"org.yaml: {i}: no aliases")
        desc = d.get("description") or ""
        need(desc and desc.count("。") <= 1 and desc.count("；") == 0,
             f"org.yaml: {i}: description must be one sentence")
        kw = d.get("keywords")
        need(isinstance(kw, list) and 4 <= len(kw) <= 6, f"org.yaml: {i}: needs 4-6 keywords")
        need(home.get(d.get("head")) == i, f"org.yaml: {i}: head {d.get('head')!r} is not in this department")
        need(size[i] >= 2, f"org.yaml: {i}: fewer than 2 staff")
        need(size[i] <= 3, f"org.yaml: {i}: more than 3 staff")
    for s in staff:
        i = s.get("id", "")
        need(bool(SLUG.match(i)), f"org.yaml: bad staff id {i!r}")
        need(bool(s.get("name")), f"org.yaml: staff {i}: no name")
        need(s.get("department") in dids, f"org.yaml: staff {i}: unknown department {s.get('department')!r}")
        need(bool(s.get("title")), f"org.yaml: staff {i}: no title")
        need(isinstance(s.get("skills"), list) and s["skills"], f"org.yaml: staff {i}: no skills")
        need(str(s.get("email", "")).endswith(".example"), f"org.yaml: staff {i}: e-mail must end in .example")
    return dids, len(staff)


# ------------------------------------------------------------- data
def canon(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def read_rows(path, header):
    rows = list(csv.reader(read_text(path).splitlines(keepends=True)))
    need(bool(rows) and rows[0] == header, f"{path.name}: header must be {','.join(header)}")
    for k, r in enumerate(rows[1:], 2):
        need(len(r) == len(header), f"{path.name}: row {k} has {len(r)} fields")
    return [dict(zip(header, r)) for r in rows[1:]]


def check_history(dids):
    rows = read_rows(BASE / "history.csv", ["id", "text", "department"])
    ids = [r["id"] for r in rows]
    need(len(set(ids)) == len(ids), "history.csv: duplicate id")
    need(all(re.fullmatch(r"h\d{3}", i) for i in ids), "history.csv: ids must look like h001")
    for r in rows:
        need(r["department"] in dids, f"history.csv {r['id']}: unknown department {r['department']!r}")
        need(r["text"].strip() != "", f"history.csv {r['id']}: empty text")
    per = Counter(r["department"] for r in rows)
    for d in dids:
        need(HIST_MIN <= per[d] <= HIST_MAX, f"history.csv: {d} has {per[d]} rows (want {HIST_MIN}-{HIST_MAX})")
    keys = [canon(r["text"]) for r in rows]
    need(len(set(keys)) == len(keys), "history.csv: repeated text")
    return rows


def check_test(dids):
    items = []
    for n, line in enumerate(read_text(BASE / "test.jsonl").splitlines(), 1):
        if not line.strip():
            continue
        try:
            o = json.loads(line)
        except ValueError as e:
            need(False, f"test.jsonl:{n}: invalid JSON ({e})")
            continue
        need(isinstance(o, dict) and set(o) == {"id", "text"}, f"test.jsonl:{n}: keys must be id and text")
        need(isinstance(o.get("text"), str) and o["text"].strip() != "", f"test.jsonl:{n}: empty text")
        items.append(o)
    need(len(items) >= TEST_TOTAL_MIN, f"test.jsonl: only {len(items)} requests")
    ids = [o["id"] for o in items]
    need(len(set(ids)) == len(ids), "test.jsonl: duplicate id")
    need(all(re.fullmatch(r"g\d{3}", i) for i in ids), "test.jsonl: ids must look like g001")
    keys = [canon(o["text"]) for o in items]
    need(len(set(keys)) == len(keys), "test.jsonl: repeated text")

    gold = read_rows(BASE / "test_gold.csv", ["id", "department", "also"])
    need([g["id"] for g in gold] == ids, "test_gold.csv: ids must match test.jsonl row by row")
    for g in gold:
        need(g["department"] in dids, f"test_gold.csv {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            need(g["also"] in dids, f"test_gold.csv {g['id']}: unknown also {g['also']!r}")
            need(g["also"] != g["department"], f"test_gold.csv {g['id']}: also repeats department")
    per = Counter(g["department"] for g in gold)
    for d in dids:
        need(TEST_MIN <= per[d] <= TEST_MAX, f"test_gold.csv: {d} has {per[d]} rows (want {TEST_MIN}-{TEST_MAX})")
    n_also = sum(bool(g["also"]) for g in gold)
    need(n_also <= ALSO_MAX_SHARE * max(len(gold), 1), f"test_gold.csv: too many rows with also ({n_also})")
    return items, gold, n_also


def shingles(s, k=4):
    s = canon(s)
    return {s} if len(s) < k else {s[i:i + k] for i in range(len(s) - k + 1)}


def overlap(a, b):
    u = a | b
    return len(a & b) / len(u) if u else 0.0


def check_duplicates(history, test):
    H = [(r["id"], shingles(r["text"])) for r in history]
    T = [(o["id"], shingles(o["text"])) for o in test]
    best = []
    for tid, ts in T:
        for hid, hs in H:
            j = overlap(ts, hs)
            best.append((j, tid, hid))
            need(j <= DUP_LIMIT, f"near-duplicate: {tid} ~ {hid} (Jaccard {j:.2f})")
    best.sort(reverse=True)
    return best[:3]


def main():
    dids, n_staff = check_org()
    history = check_history(dids)
    test, gold, n_also = check_test(dids)
    top = check_duplicates(history, test)
    lens = sorted(len(o["text"]) for o in test)
    print(f"org.yaml      : {len(dids)} departments, {n_staff} staff")
    print(f"history.csv   : {len(history)} rows")
    print(f"test.jsonl    : {len(test)} requests (length {lens[0]}-{lens[-1]}); "
          f"test_gold.csv: {len(gold)} rows, {n_also} with also")
    print("closest test/history pairs:", ", ".join(f"{t}~{h} {j:.2f}" for j, t, h in top))
    if problems:
        print(f"\nFAILED ({len(problems)})")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
