#!/usr/bin/env python3
"""Consistency check for the blind bank collaboration set (standard library only).

    python3 check.py        # paths are relative to this file

Checks that org.yaml and history.csv are present (and, when ../routing-bank
exists, byte-identical to the copies there), and that test.jsonl and
test_gold.csv agree: ids, valid department ids, `lead` values that are part of
`departments`, no repeated department in a row, the multi/single split, UTF-8
without BOM, standard CSV quoting, and no test request that is a near-duplicate
of a history request. Exit status 0 when everything holds, 1 otherwise.
"""
import csv
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_DEPTS = 13
MIN_MULTI, MIN_SINGLE = 45, 8
MAX_DEPTS = 4
JACCARD_LIMIT = 0.6
HAN = re.compile(r"[\u4e00-\u9fff]")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def raw_text(path):
    data = path.read_bytes()
    check(not data.startswith(b"\xef\xbb\xbf"), f"{path.name}: starts with a BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, f"{path.name}: not UTF-8 ({e})")
        return data.decode("utf-8", "replace")


def department_ids(org_path):
    """Department ids from org.yaml: the `- id:` entries of the `departments:` block."""
    ids, section = [], None
    for line in raw_text(org_path).splitlines():
        if line and not line.startswith((" ", "#")):
            section = line.split(":", 1)[0]
            continue
        m = re.match(r"^\s*-\s+id:\s*([^\s#]+)", line)
        if m and section == "departments":
            ids.append(m.group(1))
    return ids


def read_csv(path, header):
    text = raw_text(path)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(bool(rows) and rows[0] == header, f"{path.name}: header should be {','.join(header)}")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    check(out.getvalue() == text, f"{path.name}: not in standard CSV quoting (csv module round-trip differs)")
    for i, r in enumerate(rows[1:], 2):
        check(len(r) == len(header), f"{path.name}:{i}: expected {len(header)} fields, got {len(r)}")
    return [dict(zip(header, r)) for r in rows[1:]]


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def grams(s, n=4):
    s = norm(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def main():
    org = HERE / "org.yaml"
    ids = department_ids(org)
    check(len(ids) == N_DEPTS and len(set(ids)) == N_DEPTS, f"org: expected {N_DEPTS} distinct departments, found {ids}")
    history = read_csv(HERE / "history.csv", ["id", "text", "department"])
    for r in history:
        check(r["department"] in ids, f"history {r['id']}: unknown department {r['department']!r}")
    sibling = HERE.parent / "routing-bank"
    if sibling.is_dir():
        for name in ("org.yaml", "history.csv"):
            other = sibling / name
            if other.exists():
                check(other.read_bytes() == (HERE / name).read_bytes(), f"{name} differs from ../routing-bank/{name}")

    items = []
    for no, line in enumerate(raw_text(HERE / "test.jsonl").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            check(False, f"test.jsonl:{no}: bad JSON ({e})")
            continue
        check(set(obj) == {"id", "text"}, f"test.jsonl:{no}: keys should be id,text")
        check(isinstance(obj.get("text"), str) and obj["text"].strip() != "", f"test.jsonl:{no}: empty text")
        items.append(obj)
    tids = [o["id"] for o in items]
    check(len(set(tids)) == len(tids), "test: duplicate ids")
    check(all(re.fullmatch(r"c\d{2}", i) for i in tids), "test: ids should look like c01")
    texts = [norm(o["text"]) for o in items]
    check(len(set(texts)) == len(texts), "test: duplicate texts")

    gold = read_csv(HERE / "test_gold.csv", ["id", "lead", "departments"])
    check([g["id"] for g in gold] == tids, "test_gold: ids must match test.jsonl one-to-one, in the same order")
    sizes = Counter()
    for g in gold:
        deps = g["departments"].split(";")
        leads = g["lead"].split("|")
        check(all(d in ids for d in deps), f"test_gold {g['id']}: unknown department in {deps}")
        check(len(set(deps)) == len(deps), f"test_gold {g['id']}: a department is listed twice")
        check(1 <= len(deps) <= MAX_DEPTS, f"test_gold {g['id']}: {len(deps)} departments (expected 1-{MAX_DEPTS})")
        check(all(l in deps for l in leads), f"test_gold {g['id']}: lead {leads} not all in departments {deps}")
        check(len(set(leads)) == len(leads), f"test_gold {g['id']}: a lead is listed twice")
        check(deps[0] in leads, f"test_gold {g['id']}: departments should list a lead first")
        sizes[len(deps)] += 1
    multi = sum(n for k, n in sizes.items() if k > 1)
    check(multi >= MIN_MULTI, f"test_gold: only {multi} multi-department requests (< {MIN_MULTI})")
    check(sizes[1] >= MIN_SINGLE, f"test_gold: only {sizes[1]} single-department requests (< {MIN_SINGLE})")

    hg = [(r["id"], grams(r["text"])) for r in history]
    worst = (0.0, "", "")
    for o in items:
        tg = grams(o["text"])
        for hid, h in hg:
            j = jaccard(tg, h)
            if j > worst[0]:
                worst = (j, o["id"], hid)
            check(j <= JACCARD_LIMIT, f"near-duplicate: {o['id']} vs {hid} (4-gram Jaccard {j:.2f})")

    n_en = sum(not HAN.search(o["text"]) for o in items)
    per_dept = Counter(d for g in gold for d in g["departments"].split(";"))
    print(f"org.yaml      : {len(ids)} departments; history.csv: {len(history)} rows")
    print(f"test.jsonl    : {len(items)} requests, {n_en} English ({n_en / max(len(items), 1):.1%})")
    print(f"test_gold.csv : departments per request {dict(sorted(sizes.items()))}; "
          f"{multi} multi, {sizes[1]} single; {sum('|' in g['lead'] for g in gold)} with several equal leads")
    print(f"department mentions: {dict(per_dept.most_common())}")
    print(f"closest test/history pair: {worst[1]} ~ {worst[2]} (4-gram Jaccard {worst[0]:.3f})")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
