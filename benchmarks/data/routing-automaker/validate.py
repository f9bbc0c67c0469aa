#!/usr/bin/env python3
"""Consistency check for the routing-automaker blind test set (stdlib only).

    python3 validate.py          # paths are relative to this file

Checks that every file parses, that every label is a department id of org.yaml,
per-department counts, id alignment between test.jsonl / test_gold.csv /
test_tags.csv / test_parts.jsonl, that every multi item has parts whose spans
occur in its text, and that no test text is a near-duplicate of a history text
(character 4-gram Jaccard > 0.6). Prints counts. Exit status 1 on any failure.
"""
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_DEPTS = 13
HIST_MIN, HIST_MAX = 25, 30
TEST_MIN = 160
JACCARD_LIMIT = 0.6
ID_RE = re.compile(r"^[a-z0-9_-]+$")
TAGS = {"english", "mixed", "traditional", "referrer", "typo", "unseen_jargon", "multi",
        "cross_mention", "ambiguous", "short", "vague", "formal"}

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


# ------------------------------------------------------------------ org.yaml
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
    """Reader for the block-style YAML subset used by org.yaml (PyYAML if available)."""
    try:
        import yaml  # optional
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except ImportError:
        pass
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
    depts, staff = org.get("departments") or [], org.get("staff") or []
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [d.get("id", "") for d in depts]
    check(len(set(ids)) == len(ids), f"org: duplicate department id in {ids}")
    sids = [s.get("id", "") for s in staff]
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is used both for a department and a person")
    staff_dept = {s.get("id"): s.get("department") for s in staff}
    per_dept = Counter(staff_dept.values())
    for d in depts:
        did = d.get("id", "")
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(d.get("name")), f"org: department {did}: name missing")
        check(isinstance(d.get("aliases"), list) and d["aliases"], f"org: department {did}: aliases missing")
        check(bool(d.get("description")), f"org: department {did}: description missing")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: department {did}: needs 3-6 keywords")
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not staff of {did}")
        cc = d.get("collab_contact")
        check(cc is None or staff_dept.get(cc) == did, f"org: department {did}: collab_contact {cc!r} is not staff of {did}")
        check(per_dept[did] >= 2, f"org: department {did}: fewer than 2 staff")
    for s in staff:
        check(bool(ID_RE.match(s.get("id", ""))), f"org: staff id {s.get('id')!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {s.get('id')}: name missing")
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department {s.get('department')!r}")
    return ids, len(staff)


# ------------------------------------------------------------------ helpers
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
    for i, r in enumerate(rows[1:], 2):
        check(len(r) == len(header), f"{path.name}:{i}: expected {len(header)} fields, got {len(r)}")
    return [dict(zip(header, r)) for r in rows[1:]]


def read_jsonl(path):
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            check(False, f"{path.name}:{no}: bad JSON ({e})")
    return out


# ------------------------------------------------------------------ main
def main():
    dept_ids, n_staff = check_org(HERE / "org.yaml")
    dset = set(dept_ids)

    hist = read_csv(HERE / "history.csv", ["id", "text", "department"])
    hids = [r["id"] for r in hist]
    check(len(set(hids)) == len(hids), "history: duplicate ids")
    for r in hist:
        check(r["department"] in dset, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    hcnt = Counter(r["department"] for r in hist)
    for d in dept_ids:
        check(HIST_MIN <= hcnt[d] <= HIST_MAX, f"history: {d} has {hcnt[d]} rows, expected {HIST_MIN}-{HIST_MAX}")
    htexts = [norm(r["text"]) for r in hist]
    check(len(set(htexts)) == len(htexts), "history: duplicate texts")

    test = read_jsonl(HERE / "test.jsonl")
    for o in test:
        check(set(o) == {"id", "text"}, f"test.jsonl {o.get('id')}: keys should be id,text")
        check(isinstance(o.get("text"), str) and o["text"].strip() != "", f"test.jsonl {o.get('id')}: empty text")
    tids = [o["id"] for o in test]
    check(len(test) >= TEST_MIN, f"test: {len(test)} requests, expected at least {TEST_MIN}")
    check(len(set(tids)) == len(tids), "test: duplicate ids")
    ttexts = [norm(o["text"]) for o in test]
    check(len(set(ttexts)) == len(ttexts), "test: duplicate texts")
    text_of = {o["id"]: o["text"] for o in test}

    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == tids, "test_gold: ids must match test.jsonl one-to-one, in order")
    for g in gold:
        check(g["department"] in dset, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in dset, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    gold_of = {g["id"]: g for g in gold}
    tcnt = Counter(g["department"] for g in gold)
    for d in dept_ids:
        check(tcnt[d] >= 10, f"test_gold: {d} has only {tcnt[d]} rows")

    tags = read_csv(HERE / "test_tags.csv", ["id", "tags"])
    check([t["id"] for t in tags] == tids, "test_tags: ids must match test.jsonl one-to-one, in order")
    tag_of = {t["id"]: [x for x in t["tags"].split(";") if x] for t in tags}
    tag_cnt = Counter(x for v in tag_of.values() for x in v)
    for tid, v in tag_of.items():
        for x in v:
            check(x in TAGS, f"test_tags {tid}: unknown tag {x!r}")

    parts = read_jsonl(HERE / "test_parts.jsonl")
    pids = [p.get("id") for p in parts]
    check(len(set(pids)) == len(pids), "test_parts: duplicate ids")
    multi_ids = {tid for tid, v in tag_of.items() if "multi" in v}
    check(set(pids) == multi_ids, f"test_parts: ids {sorted(set(pids) ^ multi_ids)} differ from the items tagged multi")
    for p in parts:
        pid = p.get("id")
        if not check(pid in text_of, f"test_parts {pid}: not in test.jsonl"):
            continue
        ps = p.get("parts") or []
        check(len(ps) >= 2, f"test_parts {pid}: a multi item needs at least 2 parts")
        check(bool(ps) and ps[0].get("role") == "lead" and all(x.get("role") == "support" for x in ps[1:]),
              f"test_parts {pid}: first part must be the lead, the rest support")
        for x in ps:
            check(x.get("department") in dset, f"test_parts {pid}: unknown department {x.get('department')!r}")
            check(x.get("text", "") in text_of[pid] and x.get("text"), f"test_parts {pid}: span {x.get('text')!r} not in text")
        if ps:
            g = gold_of[pid]
            check(ps[0].get("department") == g["department"], f"test_parts {pid}: lead differs from gold department")
            check(len(ps) < 2 or ps[1].get("department") == g["also"], f"test_parts {pid}: support differs from gold also")

    hg = [(r["id"], grams(r["text"])) for r in hist]
    tg = [(o["id"], grams(o["text"])) for o in test]
    best = sorted(((jaccard(a, b), hid, tid) for tid, b in tg for hid, a in hg), reverse=True)
    for j, hid, tid in best:
        if j <= JACCARD_LIMIT:
            break
        check(False, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f})")

    n_also = sum(1 for g in gold if g["also"])
    print(f"org.yaml        : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv     : {len(hist)} rows")
    print(f"test.jsonl      : {len(test)} requests; {n_also} gold rows with also; {len(parts)} multi items in test_parts.jsonl")
    print(f"{'department':<12}{'history':>8}{'test':>6}{'also':>6}")
    acnt = Counter(g["also"] for g in gold if g["also"])
    for d in dept_ids:
        print(f"{d:<12}{hcnt[d]:>8}{tcnt[d]:>6}{acnt[d]:>6}")
    print("tags:", ", ".join(f"{k}={v}" for k, v in sorted(tag_cnt.items(), key=lambda kv: -kv[1])))
    print("closest test/history pairs (4-gram Jaccard):", ", ".join(f"{tid}~{hid} {j:.2f}" for j, hid, tid in best[:3]))
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
