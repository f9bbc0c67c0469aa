#!/usr/bin/env python3
"""Consistency check for the routing-port evaluation set (stdlib only).

    python3 check.py            # run from anywhere; paths are relative to this file

Checks org.yaml (structure the set relies on), history.csv, test.jsonl and
test_gold.csv (counts, ids, labels), and that no test request is a
near-duplicate of a history request (character 4-gram Jaccard > 0.6).
Exit status 0 when everything holds, 1 otherwise.
"""
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_DEPTS = 14
HIST_PER_DEPT = 25
TEST_PER_DEPT = 12
MAX_ALSO_SHARE = 0.10
JACCARD_LIMIT = 0.6
ID_RE = re.compile(r"^[a-z0-9_-]+$")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


# ---------------------------------------------------------------- org.yaml
def _scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    return v


def _strip_comment(line):
    # good enough for this file: a '#' that starts the line or follows a space
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(ch)
    return "".join(out).rstrip()


def load_org(path):
    """Minimal reader for the block-style subset of YAML used by org.yaml:
    top-level scalars, and the lists `departments` / `staff` of flat mappings
    (values may be scalars or flow lists)."""
    top, lists, section, item = {}, {"departments": [], "staff": []}, None, None
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent == 0:
            key, _, val = body.partition(":")
            section = key if key in lists and not val.strip() else None
            if section is None:
                top[key] = _scalar(val)
            item = None
            continue
        if section is None:
            continue
        if body.startswith("- "):
            item = {}
            lists[section].append(item)
            body = body[2:].strip()
        if item is None:
            failures.append(f"{path.name}:{no}: entry outside a list item")
            continue
        key, _, val = body.partition(":")
        item[key.strip()] = _scalar(val)
    top.update(lists)
    return top


def check_org(path):
    org = load_org(path)
    check(bool(org.get("name")), "org: name missing")
    check(org.get("timezone") == "Asia/Shanghai", "org: timezone should be Asia/Shanghai")
    check(org.get("calendar") == "cn", "org: calendar should be cn")
    depts = org["departments"]
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [d.get("id", "") for d in depts]
    check(len(set(ids)) == len(ids), f"org: duplicate department id in {ids}")
    staff = org["staff"]
    sids = [s.get("id", "") for s in staff]
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is used both for a department and a person")
    staff_dept = {s.get("id"): s.get("department") for s in staff}
    per_dept = Counter(staff_dept.values())
    for d in depts:
        did = d.get("id", "")
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(d.get("name")), f"org: department {did}: name missing")
        check(isinstance(d.get("aliases"), list) and len(d["aliases"]) >= 1,
              f"org: department {did}: aliases missing")
        desc = d.get("description", "")
        check(bool(desc) and desc.count("。") <= 1, f"org: department {did}: description should be one sentence")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: department {did}: needs 3-6 keywords")
        head = d.get("head")
        check(staff_dept.get(head) == did, f"org: department {did}: head {head!r} is not staff of {did}")
        check(per_dept[did] >= 2, f"org: department {did}: fewer than 2 staff")
    for s in staff:
        check(bool(ID_RE.match(s.get("id", ""))), f"org: staff id {s.get('id')!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {s.get('id')}: name missing")
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department {s.get('department')!r}")
    return ids, len(staff)


# ---------------------------------------------------------------- data files
def read_csv(path, header):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(rows and rows[0] == header, f"{path.name}: header should be {','.join(header)}, got {rows[0] if rows else None}")
    return [dict(zip(header, r)) for r in rows[1:]] if rows else []


def check_history(path, dept_ids):
    rows = read_csv(path, ["id", "text", "department"])
    check(len(rows) == N_DEPTS * HIST_PER_DEPT, f"history: expected {N_DEPTS * HIST_PER_DEPT} rows, found {len(rows)}")
    ids = [r["id"] for r in rows]
    check(len(set(ids)) == len(ids), "history: duplicate ids")
    check(all(re.fullmatch(r"h\d{3}", i) for i in ids), "history: ids should look like h001")
    for r in rows:
        check(r["department"] in dept_ids, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    cnt = Counter(r["department"] for r in rows)
    for d in dept_ids:
        check(cnt[d] == HIST_PER_DEPT, f"history: {d} has {cnt[d]} rows, expected {HIST_PER_DEPT}")
    texts = [norm(r["text"]) for r in rows]
    check(len(set(texts)) == len(texts), "history: duplicate texts")
    return rows


def check_test(path, gold_path, dept_ids):
    items = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            check(False, f"test.jsonl:{no}: bad JSON ({e})")
            continue
        check(set(obj) == {"id", "text"}, f"test.jsonl:{no}: keys should be id,text, got {sorted(obj)}")
        check(isinstance(obj.get("text"), str) and obj["text"].strip() != "", f"test.jsonl:{no}: empty text")
        items.append(obj)
    n = N_DEPTS * TEST_PER_DEPT
    check(len(items) == n, f"test: expected {n} requests, found {len(items)}")
    ids = [o["id"] for o in items]
    check(len(set(ids)) == len(ids), "test: duplicate ids")
    check(all(re.fullmatch(r"d\d{3}", i) for i in ids), "test: ids should look like d001")
    texts = [norm(o["text"]) for o in items]
    check(len(set(texts)) == len(texts), "test: duplicate texts")

    gold = read_csv(gold_path, ["id", "department", "also"])
    check([g["id"] for g in gold] == ids, "test_gold: ids must match test.jsonl one-to-one, in the same order")
    for g in gold:
        check(g["department"] in dept_ids, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in dept_ids, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    cnt = Counter(g["department"] for g in gold)
    for d in dept_ids:
        check(cnt[d] == TEST_PER_DEPT, f"test_gold: {d} has {cnt[d]} rows, expected {TEST_PER_DEPT}")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also <= MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows have also (> {MAX_ALSO_SHARE:.0%})")
    return items, gold, n_also


# ---------------------------------------------------------------- near-duplicates
def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def grams(s, n=4):
    s = norm(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def check_near_duplicates(history, test):
    hg = [(r["id"], grams(r["text"])) for r in history]
    tg = [(o["id"], grams(o["text"])) for o in test]
    pairs = sorted(((jaccard(a, b), hid, tid) for tid, b in tg for hid, a in hg), reverse=True)
    for j, hid, tid in pairs:
        if j <= JACCARD_LIMIT:
            break
        check(False, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f} > {JACCARD_LIMIT})")
    within_t = max(jaccard(tg[i][1], tg[k][1]) for i in range(len(tg)) for k in range(i + 1, len(tg)))
    within_h = max(jaccard(hg[i][1], hg[k][1]) for i in range(len(hg)) for k in range(i + 1, len(hg)))
    return pairs[:3], within_h, within_t


def main():
    org_path = HERE / "org.yaml"
    dept_ids, n_staff = check_org(org_path)
    history = check_history(HERE / "history.csv", dept_ids)
    test, gold, n_also = check_test(HERE / "test.jsonl", HERE / "test_gold.csv", dept_ids)
    top, within_h, within_t = check_near_duplicates(history, test)

    print(f"org.yaml      : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv   : {len(history)} rows")
    print(f"test.jsonl    : {len(test)} requests; test_gold.csv: {len(gold)} rows, {n_also} with also")
    print("closest history/test pairs (4-gram Jaccard):")
    for j, hid, tid in top:
        print(f"  {j:.3f}  {tid} ~ {hid}")
    print(f"max 4-gram Jaccard within history: {within_h:.3f}; within test: {within_t:.3f}")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
