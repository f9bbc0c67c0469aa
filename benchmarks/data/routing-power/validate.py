#!/usr/bin/env python3
"""Consistency check for the routing-power blind test set (stdlib only; uses
PyYAML for org.yaml when it is installed, else a small block-YAML reader).

    python3 validate.py        # paths are relative to this file

Checks that every file parses, that every label is a department id of
org.yaml, per-department counts, the tag file, the parts file, that every
`unseen_jargon` term really occurs in its request and never in history.csv,
and that no test request is a near-duplicate of a history request.
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
N_DEPTS = 13
HIST_MIN, HIST_MAX = 25, 30
TEST_MIN_TOTAL = 160
MAX_ALSO_SHARE = 0.10
MIN_JARGON_SHARE = 0.50
MIN_LANG_SHARE = 0.10          # english + mixed
JACCARD_LIMIT = 0.6
ID_RE = re.compile(r"^[a-z0-9_-]+$")
TAGS = {"english", "mixed", "referrer", "typo", "unseen_jargon", "mention_other",
        "multi", "ambiguous", "short", "long"}

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
    if v.startswith("{") and v.endswith("}"):
        inner = v[1:-1].strip()
        return {k.strip(): _scalar(x) for k, _, x in (p.partition(":") for p in inner.split(","))} if inner else {}
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


def _load_block_yaml(text):
    top, lists, section, item = {}, {"departments": [], "staff": []}, None, None
    for no, raw in enumerate(text.splitlines(), 1):
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
            raise ValueError(f"line {no}: entry outside a list item")
        key, _, val = body.partition(":")
        item[key.strip()] = _scalar(val)
    top.update(lists)
    return top


def load_org(path):
    text = path.read_text(encoding="utf-8")
    try:
        import yaml  # noqa: F401
    except ImportError:
        return _load_block_yaml(text)
    return yaml.safe_load(text)


def check_org(path):
    try:
        org = load_org(path)
    except Exception as e:  # noqa: BLE001
        check(False, f"org.yaml does not parse: {e}")
        return [], {}, {}
    check(bool(org.get("name")), "org: name missing")
    check(org.get("timezone") == "Asia/Shanghai", "org: timezone should be Asia/Shanghai")
    check(org.get("calendar") == "cn", "org: calendar should be cn")
    depts = org.get("departments") or []
    staff = org.get("staff") or []
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [str(d.get("id", "")) for d in depts]
    check(len(set(ids)) == len(ids), f"org: duplicate department id in {ids}")
    sids = [str(s.get("id", "")) for s in staff]
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is used both for a department and a person")
    staff_dept = {s.get("id"): s.get("department") for s in staff}
    per_dept = Counter(staff_dept.values())
    for d in depts:
        did = str(d.get("id", ""))
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(d.get("name")), f"org: department {did}: name missing")
        check(isinstance(d.get("aliases"), list) and len(d["aliases"]) >= 1, f"org: department {did}: aliases missing")
        desc = d.get("description", "")
        check(bool(desc) and desc.count("。") <= 1, f"org: department {did}: description should be one sentence")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: department {did}: needs 3-6 keywords")
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not staff of {did}")
        check(staff_dept.get(d.get("liaison")) == did,
              f"org: department {did}: liaison (协作接口人) {d.get('liaison')!r} is not staff of {did}")
        check(per_dept[did] >= 2, f"org: department {did}: fewer than 2 staff")
    for s in staff:
        check(bool(ID_RE.match(str(s.get("id", "")))), f"org: staff id {s.get('id')!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {s.get('id')}: name missing")
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department {s.get('department')!r}")
    names = {str(d.get("id")): d.get("name") for d in depts}
    return ids, names, org


# ------------------------------------------------------------------ helpers
def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def grams(s, n=4):
    s = norm(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def contains(term, text):
    """Term occurs in normalised text; an ASCII term must stand as a whole word."""
    t = norm(term)
    if t.isascii():
        return re.search(r"(?<![a-z0-9])" + re.escape(t) + r"(?![a-z0-9])", text) is not None
    return t in text


def read_csv(path, header):
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except Exception as e:  # noqa: BLE001
        check(False, f"{path.name} does not parse: {e}")
        return []
    check(bool(rows) and rows[0] == header,
          f"{path.name}: header should be {','.join(header)}, got {rows[0] if rows else None}")
    for no, r in enumerate(rows[1:], 2):
        check(len(r) == len(header), f"{path.name}:{no}: expected {len(header)} fields, got {len(r)}")
    return [dict(zip(header, r)) for r in rows[1:]]


def read_jsonl(path, keys):
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            check(False, f"{path.name}:{no}: bad JSON ({e})")
            continue
        check(set(obj) == keys, f"{path.name}:{no}: keys should be {sorted(keys)}, got {sorted(obj)}")
        out.append(obj)
    return out


# ------------------------------------------------------------------ main
def main():
    dept_ids, names, org = check_org(HERE / "org.yaml")
    dset = set(dept_ids)

    # history
    hist = read_csv(HERE / "history.csv", ["id", "text", "department"])
    hids = [r["id"] for r in hist]
    check(len(set(hids)) == len(hids), "history: duplicate ids")
    check(all(re.fullmatch(r"h\d{3}", i) for i in hids), "history: ids should look like h001")
    for r in hist:
        check(r["department"] in dset, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    hcnt = Counter(r["department"] for r in hist)
    for d in dept_ids:
        check(HIST_MIN <= hcnt[d] <= HIST_MAX, f"history: {d} has {hcnt[d]} rows, expected {HIST_MIN}-{HIST_MAX}")
    check(len({norm(r['text']) for r in hist}) == len(hist), "history: duplicate texts")

    # test + gold
    test = read_jsonl(HERE / "test.jsonl", {"id", "text"})
    tids = [o["id"] for o in test]
    check(len(test) >= TEST_MIN_TOTAL, f"test: expected at least {TEST_MIN_TOTAL} requests, found {len(test)}")
    check(len(set(tids)) == len(tids), "test: duplicate ids")
    check(all(re.fullmatch(r"d\d{3}", i) for i in tids), "test: ids should look like d001")
    for o in test:
        check(isinstance(o.get("text"), str) and o["text"].strip() != "", f"test {o.get('id')}: empty text")
    check(len({norm(o['text']) for o in test}) == len(test), "test: duplicate texts")
    text_of = {o["id"]: o["text"] for o in test}

    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == tids, "test_gold: ids must match test.jsonl one-to-one, in the same order")
    for g in gold:
        check(g["department"] in dset, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in dset, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    gcnt = Counter(g["department"] for g in gold)
    for d in dept_ids:
        check(gcnt[d] >= 10, f"test_gold: {d} has only {gcnt[d]} rows")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also <= MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows have also (> {MAX_ALSO_SHARE:.0%})")
    gold_of = {g["id"]: g for g in gold}

    # tags
    tags = read_csv(HERE / "test_tags.csv", ["id", "tags", "jargon"])
    check([t["id"] for t in tags] == tids, "test_tags: ids must match test.jsonl one-to-one, in the same order")
    hist_text = "\n".join(norm(r["text"]) for r in hist)
    org_text = norm((HERE / "org.yaml").read_text(encoding="utf-8"))
    tcnt, jargon_in_org = Counter(), []
    tagset_of = {}
    for t in tags:
        ts = [x for x in t["tags"].split(";") if x]
        tagset_of[t["id"]] = set(ts)
        tcnt.update(ts)
        for x in ts:
            check(x in TAGS, f"test_tags {t['id']}: unknown tag {x!r}")
        j = t["jargon"]
        check(("unseen_jargon" in ts) == bool(j), f"test_tags {t['id']}: unseen_jargon tag and jargon column disagree")
        if j:
            txt = text_of.get(t["id"], "")
            check(norm(j) in norm(txt), f"test_tags {t['id']}: jargon {j!r} does not occur in the request")
            check(not contains(j, hist_text), f"test_tags {t['id']}: jargon {j!r} occurs in history.csv")
            if contains(j, org_text):
                jargon_in_org.append((t["id"], j))
        g = gold_of.get(t["id"])
        if g:
            check(("ambiguous" in ts) == bool(g["also"]), f"test_tags {t['id']}: ambiguous tag and also disagree")
    n = len(tags) or 1
    check(tcnt["unseen_jargon"] >= MIN_JARGON_SHARE * n,
          f"test_tags: only {tcnt['unseen_jargon']} unseen_jargon (< {MIN_JARGON_SHARE:.0%})")
    check(tcnt["english"] + tcnt["mixed"] >= MIN_LANG_SHARE * n,
          f"test_tags: only {tcnt['english'] + tcnt['mixed']} english/mixed (< {MIN_LANG_SHARE:.0%})")

    # parts
    parts = read_jsonl(HERE / "test_parts.jsonl", {"id", "parts"})
    check([p["id"] for p in parts] == tids, "test_parts: ids must match test.jsonl one-to-one, in the same order")
    for p in parts:
        pid, ps = p["id"], p["parts"]
        if not check(isinstance(ps, list) and ps, f"test_parts {pid}: empty parts"):
            continue
        check(ps[0].get("role") == "lead", f"test_parts {pid}: first part must be the lead")
        check(sum(x.get("role") == "lead" for x in ps) == 1, f"test_parts {pid}: exactly one lead")
        check(ps[0].get("department") == gold_of.get(pid, {}).get("department"),
              f"test_parts {pid}: lead is not the gold department")
        check(len({x.get('department') for x in ps}) == len(ps), f"test_parts {pid}: a department appears twice")
        for x in ps:
            check(x.get("department") in dset, f"test_parts {pid}: unknown department {x.get('department')!r}")
            check(x.get("role") in ("lead", "support"), f"test_parts {pid}: bad role {x.get('role')!r}")
            check(bool(x.get("text")) and x["text"] in text_of.get(pid, ""),
                  f"test_parts {pid}: span {x.get('text')!r} is not in the request text")
        check((len(ps) > 1) == ("multi" in tagset_of.get(pid, set())),
              f"test_parts {pid}: multi tag and number of parts disagree")

    # near-duplicates
    hg = [(r["id"], grams(r["text"])) for r in hist]
    tg = [(o["id"], grams(o["text"])) for o in test]
    pairs = sorted(((jaccard(a, b), hid, tid) for tid, b in tg for hid, a in hg), reverse=True)
    for j, hid, tid in pairs:
        if j <= JACCARD_LIMIT:
            break
        check(False, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f} > {JACCARD_LIMIT})")

    # report
    print(f"org.yaml        : {len(dept_ids)} departments, {len(org.get('staff') or [])} staff")
    print(f"history.csv     : {len(hist)} rows")
    print(f"test.jsonl      : {len(test)} requests; test_gold.csv: {len(gold)} rows, {n_also} with also")
    print(f"test_parts.jsonl: {sum(len(p['parts']) > 1 for p in parts)} multi-department requests")
    print("\nper department      history  test(gold)  test(also)  support-part")
    acnt = Counter(g["also"] for g in gold if g["also"])
    scnt = Counter(x["department"] for p in parts for x in p["parts"] if x.get("role") == "support")
    for d in dept_ids:
        print(f"  {d:<9} {names.get(d, ''):<12}{hcnt[d]:>4} {gcnt[d]:>10} {acnt[d]:>11} {scnt[d]:>13}")
    print("\ntags:")
    for k in sorted(TAGS, key=lambda x: -tcnt[x]):
        print(f"  {k:<14}{tcnt[k]:>4}  ({tcnt[k] / n:.0%})")
    print(f"\nunseen_jargon terms that appear somewhere in org.yaml: {len(jargon_in_org)} "
          + (", ".join(f"{i}:{j}" for i, j in jargon_in_org) if jargon_in_org else ""))
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
