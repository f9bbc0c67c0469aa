#!/usr/bin/env python3
"""Consistency check for routing-hotel (stdlib only).

    python3 check.py      # paths are relative to this file

Checks org.yaml, history.csv, test.jsonl, test_gold.csv: structure, counts,
ids, labels, the share of `also`, duplicate texts, and that no test request is
a near-duplicate of a history request (character 4-gram Jaccard > 0.6).
Exit status 0 when everything holds, 1 otherwise.
"""
import csv, json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_DEPTS = 13
HIST_PER_DEPT = 26
TEST_PER_DEPT = 13
MAX_ALSO_SHARE = 0.10
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
    """Reader for the block-style YAML subset used by org.yaml."""
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
            failures.append(f"org.yaml:{no}: entry outside a list item")
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
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [d.get("id", "") for d in depts]
    sids = [s.get("id", "") for s in staff]
    check(len(set(ids)) == len(ids), "org: duplicate department id")
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is both a department and a person")
    check(35 <= len(staff) <= 45, f"org: expected 35-45 staff, found {len(staff)}")
    staff_dept = {s.get("id"): s.get("department") for s in staff}
    per_dept = Counter(staff_dept.values())
    for d in depts:
        did = d.get("id", "")
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(d.get("name")), f"org: department {did}: name missing")
        check(isinstance(d.get("aliases"), list) and d["aliases"], f"org: department {did}: aliases missing")
        desc = d.get("description", "")
        check(bool(desc) and desc.count("。") <= 1, f"org: department {did}: description should be one sentence")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 5 <= len(kw) <= 6, f"org: department {did}: needs 5-6 keywords")
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not staff of {did}")
        check(per_dept[did] >= 2, f"org: department {did}: fewer than 2 staff")
    for s in staff:
        check(bool(ID_RE.match(s.get("id", ""))), f"org: staff id {s.get('id')!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {s.get('id')}: name missing")
        check(bool(s.get("title")), f"org: staff {s.get('id')}: title missing")
        check(str(s.get("email", "")).endswith(".example"), f"org: staff {s.get('id')}: e-mail should end in .example")
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department {s.get('department')!r}")
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
    check(bool(rows) and rows[0] == header, f"{path.name}: header should be {','.join(header)}")
    return [dict(zip(header, r)) for r in rows[1:]]


def main():
    dept_ids, n_staff = check_org(HERE / "org.yaml")

    hist = read_csv(HERE / "history.csv", ["id", "text", "department"])
    check(len(hist) == N_DEPTS * HIST_PER_DEPT, f"history: expected {N_DEPTS * HIST_PER_DEPT} rows, found {len(hist)}")
    hids = [r["id"] for r in hist]
    check(len(set(hids)) == len(hids), "history: duplicate ids")
    check(all(re.fullmatch(r"h\d{3}", i) for i in hids), "history: ids should look like h001")
    for r in hist:
        check(r["department"] in dept_ids, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    hc = Counter(r["department"] for r in hist)
    for d in dept_ids:
        check(hc[d] == HIST_PER_DEPT, f"history: {d} has {hc[d]} rows, expected {HIST_PER_DEPT}")
    check(len({norm(r["text"]) for r in hist}) == len(hist), "history: duplicate texts")

    test = []
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
        test.append(obj)
    tids = [o["id"] for o in test]
    check(len(test) == N_DEPTS * TEST_PER_DEPT, f"test: expected {N_DEPTS * TEST_PER_DEPT} requests, found {len(test)}")
    check(len(set(tids)) == len(tids), "test: duplicate ids")
    check(all(re.fullmatch(r"d\d{3}", i) for i in tids), "test: ids should look like d001")
    check(len({norm(o["text"]) for o in test}) == len(test), "test: duplicate texts")

    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == tids, "test_gold: ids must match test.jsonl one-to-one, in order")
    for g in gold:
        check(g["department"] in dept_ids, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in dept_ids, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    gc = Counter(g["department"] for g in gold)
    for d in dept_ids:
        check(gc[d] == TEST_PER_DEPT, f"test_gold: {d} has {gc[d]} rows, expected {TEST_PER_DEPT}")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also < MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows have also (not under {MAX_ALSO_SHARE:.0%})")

    hg = [(r["id"], grams(r["text"])) for r in hist]
    tg = [(o["id"], grams(o["text"])) for o in test]
    pairs = sorted(((jaccard(a, b), hid, tid) for tid, b in tg for hid, a in hg), reverse=True)
    for j, hid, tid in pairs:
        if j <= JACCARD_LIMIT:
            break
        check(False, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f})")

    lens = sorted(len(o["text"]) for o in test)
    print(f"org.yaml     : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv  : {len(hist)} rows ({HIST_PER_DEPT} per department)")
    print(f"test.jsonl   : {len(test)} requests, length {lens[0]}-{lens[-1]} (median {lens[len(lens) // 2]})")
    print(f"test_gold.csv: {len(gold)} rows, {n_also} with also ({n_also / len(gold):.1%})")
    print("closest history/test pairs (4-gram Jaccard):")
    for j, hid, tid in pairs[:3]:
        print(f"  {j:.3f}  {tid} ~ {hid}")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
