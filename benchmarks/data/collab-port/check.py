#!/usr/bin/env python3
"""Consistency check for the collab-port evaluation set (stdlib only).

    python3 check.py            # run from anywhere; paths are relative to this file

Checks that org.yaml and history.csv are the same as in ../routing-port (when
that directory is present) and pass the same structural checks, that
test.jsonl and test_gold.csv match one-to-one, that every department in the
gold is a valid id, that each lead is one of the request's departments and the
first listed department is a lead, the counts of multi- and single-department
requests, and that no request is a near-duplicate of a history row (character
4-gram Jaccard > 0.6). Exit status 0 when everything holds, 1 otherwise.
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
MIN_REQUESTS = 60
MIN_MULTI = 45
JACCARD_LIMIT = 0.6
ID_RE = re.compile(r"^[a-z0-9_-]+$")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def _scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    return v


def _strip_comment(line):
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
    """Minimal reader for the block-style YAML subset used by org.yaml."""
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
    depts, staff = org["departments"], org["staff"]
    ids = [d.get("id", "") for d in depts]
    check(len(ids) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(ids)}")
    check(len(set(ids)) == len(ids), "org: duplicate department id")
    sids = [s.get("id", "") for s in staff]
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    staff_dept = {s.get("id"): s.get("department") for s in staff}
    for d in depts:
        did = d.get("id", "")
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: department {did}: needs 3-6 keywords")
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head is not staff of {did}")
    for s in staff:
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department")
    return ids, len(staff)


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def grams(s, n=4):
    s = norm(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def read_csv(path, header):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(rows and rows[0] == header, f"{path.name}: header should be {','.join(header)}")
    return [dict(zip(header, r)) for r in rows[1:]] if rows else []


def main():
    sibling = HERE.parent / "routing-port"
    for name in ("org.yaml", "history.csv"):
        if (sibling / name).exists():
            check((HERE / name).read_bytes() == (sibling / name).read_bytes(),
                  f"{name} differs from ../routing-port/{name}")
    dept_ids, n_staff = check_org(HERE / "org.yaml")
    history = read_csv(HERE / "history.csv", ["id", "text", "department"])
    check(len(history) == N_DEPTS * HIST_PER_DEPT, f"history: expected {N_DEPTS * HIST_PER_DEPT} rows, found {len(history)}")
    cnt = Counter(r["department"] for r in history)
    for d in dept_ids:
        check(cnt[d] == HIST_PER_DEPT, f"history: {d} has {cnt[d]} rows")

    items = []
    for no, line in enumerate((HERE / "test.jsonl").read_text(encoding="utf-8").splitlines(), 1):
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
    ids = [o["id"] for o in items]
    check(len(set(ids)) == len(ids), "test: duplicate ids")
    check(all(re.fullmatch(r"c\d{2,3}", i) for i in ids), "test: ids should look like c01")
    check(len({norm(o["text"]) for o in items}) == len(items), "test: duplicate texts")
    check(len(items) >= MIN_REQUESTS, f"test: expected at least {MIN_REQUESTS} requests, found {len(items)}")

    gold = read_csv(HERE / "test_gold.csv", ["id", "lead", "departments"])
    check([g["id"] for g in gold] == ids, "test_gold: ids must match test.jsonl one-to-one, in the same order")
    sizes = Counter()
    dept_use = Counter()
    for g in gold:
        deps = g["departments"].split(";")
        leads = g["lead"].split("|")
        sizes[len(deps)] += 1
        dept_use.update(deps)
        check(all(d in dept_ids for d in deps), f"test_gold {g['id']}: unknown department in {deps}")
        check(len(set(deps)) == len(deps), f"test_gold {g['id']}: duplicate department")
        check(all(l in deps for l in leads), f"test_gold {g['id']}: lead {leads} not among departments")
        check(deps[0] in leads, f"test_gold {g['id']}: first department should be a lead")
        check(len(deps) <= 5, f"test_gold {g['id']}: more than 5 departments")
    n_multi = sum(v for k, v in sizes.items() if k > 1)
    check(n_multi >= MIN_MULTI, f"test_gold: only {n_multi} multi-department requests (< {MIN_MULTI})")
    check(sizes[1] >= 5, "test_gold: fewer than 5 single-department requests")
    unused = [d for d in dept_ids if not dept_use[d]]
    check(not unused, f"test_gold: departments never used: {unused}")

    hg = [(r["id"], grams(r["text"])) for r in history]
    worst = []
    for o in items:
        g = grams(o["text"])
        j, hid = max((jaccard(g, b), hid) for hid, b in hg)
        worst.append((j, o["id"], hid))
        check(j <= JACCARD_LIMIT, f"near-duplicate: {o['id']} vs {hid} (4-gram Jaccard {j:.2f})")
    worst.sort(reverse=True)

    print(f"org.yaml      : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv   : {len(history)} rows")
    print(f"test.jsonl    : {len(items)} requests; {n_multi} multi-department, {sizes[1]} single")
    print("departments per request: " + ", ".join(f"{k}: {sizes[k]}" for k in sorted(sizes)))
    print("department use: " + ", ".join(f"{d} {dept_use[d]}" for d in dept_ids))
    print("closest test/history pairs (4-gram Jaccard): " + ", ".join(f"{j:.3f} {t}~{h}" for j, t, h in worst[:3]))
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
