#!/usr/bin/env python3
"""Consistency check for the routing-univ evaluation set (standard library only).

    python3 check.py        # paths are taken relative to this file

What is checked:
  * org.yaml: 13 departments, ids of the form [a-z0-9_-]+, no duplicate ids
    (departments and staff share one namespace), each head belongs to their own
    department, 2-4 staff per department, 5-6 keywords, one-sentence description,
    e-mail addresses under *.example, calendar cn, timezone Asia/Shanghai;
  * history.csv: header id,text,department; 26 rows per department; ids h001...;
  * test.jsonl / test_gold.csv: 13 requests per department; ids d001... in the
    same order in both files; labels are department ids; `also` differs from
    `department`; at most 10 % of rows carry an `also`;
  * the university jargon reserved for the test set (RESERVED below) occurs
    neither in history.csv nor in org.yaml;
  * no duplicate texts and no test text close to a history text
    (character 4-gram Jaccard on NFKC-normalised, lower-cased text without
    whitespace must stay at or below 0.6);
  * files are UTF-8 without a byte-order mark.
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
DEPTS = 13
HIST_EACH = 26
TEST_EACH = 13
ALSO_MAX = 0.10
JACC_MAX = 0.6
ID_OK = re.compile(r"^[a-z0-9_-]+$")
RESERVED = [
    "学籍异动", "缓考", "重修", "培养方案", "盲审", "开题", "中期考核", "奖助学金",
    "辅导员", "结题", "横向课题", "劳务费", "职称评审", "博士后", "大型仪器共享",
    "危化品", "报废", "宿舍报修", "一卡通", "门禁", "VPN", "统一身份认证", "知网",
    "馆际互借", "因公出国", "签证", "留学生", "三方协议", "报到证", "强基计划",
]

problems = []


def need(ok, message):
    if not ok:
        problems.append(message)
    return ok


# ----------------------------------------------------------------- tiny YAML reader
def _value(text):
    text = text.strip()
    if len(text) > 1 and text[0] in "'\"" and text[-1] == text[0]:
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        body = text[1:-1].strip()
        return [_value(p) for p in body.split(",")] if body else []
    if text.startswith("{") and text.endswith("}"):
        return text
    return text


def _drop_comment(line):
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


def read_org(path):
    """Reads the block-style YAML subset org.yaml is written in: top-level
    scalars / flow lists and two lists of flat mappings (departments, staff)."""
    top = {}
    lists = {"departments": [], "staff": []}
    current, entry = None, None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _drop_comment(raw)
        if not line.strip():
            continue
        if not line.startswith(" "):
            key, _, val = line.partition(":")
            key = key.strip()
            if key in lists and not val.strip():
                current = key
            else:
                current = None
                top[key] = _value(val)
            entry = None
            continue
        if current is None:
            continue
        body = line.strip()
        if body.startswith("- "):
            entry = {}
            lists[current].append(entry)
            body = body[2:]
        if entry is None:
            problems.append(f"org.yaml:{lineno}: line outside any list entry")
            continue
        key, _, val = body.partition(":")
        entry[key.strip()] = _value(val)
    top.update(lists)
    return top


def check_org(path):
    org = read_org(path)
    need(bool(org.get("name")), "org.yaml: name is missing")
    need(org.get("timezone") == "Asia/Shanghai", "org.yaml: timezone must be Asia/Shanghai")
    need(org.get("calendar") == "cn", "org.yaml: calendar must be cn")
    depts, staff = org["departments"], org["staff"]
    need(len(depts) == DEPTS, f"org.yaml: {len(depts)} departments, expected {DEPTS}")
    dids = [d.get("id", "") for d in depts]
    sids = [s.get("id", "") for s in staff]
    need(len(set(dids)) == len(dids), "org.yaml: duplicate department id")
    need(len(set(sids)) == len(sids), "org.yaml: duplicate staff id")
    need(not set(dids) & set(sids), "org.yaml: an id names both a department and a person")
    home = {s.get("id"): s.get("department") for s in staff}
    size = Counter(home.values())
    for d in depts:
        did = d.get("id", "")
        need(bool(ID_OK.match(did)), f"org.yaml: department id {did!r} is not [a-z0-9_-]+")
        need(bool(d.get("name")), f"org.yaml: department {did}: no name")
        need(isinstance(d.get("aliases"), list) and d["aliases"], f"org.yaml: department {did}: no aliases")
        desc = d.get("description", "")
        need(bool(desc) and desc.count("。") <= 1 and desc.endswith("。"),
             f"org.yaml: department {did}: description must be one sentence")
        kw = d.get("keywords")
        need(isinstance(kw, list) and 5 <= len(kw) <= 6, f"org.yaml: department {did}: needs 5-6 keywords")
        need(home.get(d.get("head")) == did, f"org.yaml: department {did}: head {d.get('head')!r} is not in {did}")
        need(2 <= size[did] <= 4, f"org.yaml: department {did}: {size[did]} staff, expected 2-4")
    for s in staff:
        sid = s.get("id", "")
        need(bool(ID_OK.match(sid)), f"org.yaml: staff id {sid!r} is not [a-z0-9_-]+")
        need(bool(s.get("name")), f"org.yaml: staff {sid}: no name")
        need(s.get("department") in dids, f"org.yaml: staff {sid}: unknown department {s.get('department')!r}")
        need(bool(s.get("title")), f"org.yaml: staff {sid}: no title")
        need(isinstance(s.get("skills"), list) and s["skills"], f"org.yaml: staff {sid}: no skills")
        need(str(s.get("email", "")).endswith(".example"), f"org.yaml: staff {sid}: e-mail must end in .example")
    return dids, len(staff)


# ----------------------------------------------------------------- text helpers
def canon(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def shingles(s, n=4):
    s = canon(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if (a or b) else 0.0


def no_bom(path):
    need(not path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name}: starts with a byte-order mark")


def load_csv(path, header):
    no_bom(path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    need(bool(rows) and rows[0] == header, f"{path.name}: header must be {','.join(header)}")
    for k, r in enumerate(rows[1:], 2):
        need(len(r) == len(header), f"{path.name}: record {k} has {len(r)} fields")
    return [dict(zip(header, r)) for r in rows[1:]]


# ----------------------------------------------------------------- data files
def check_history(path, dids):
    rows = load_csv(path, ["id", "text", "department"])
    need(len(rows) == DEPTS * HIST_EACH, f"history.csv: {len(rows)} rows, expected {DEPTS * HIST_EACH}")
    ids = [r["id"] for r in rows]
    need(len(set(ids)) == len(ids), "history.csv: duplicate ids")
    need(all(re.fullmatch(r"h\d{3}", i) for i in ids), "history.csv: ids must look like h001")
    for r in rows:
        need(r["department"] in dids, f"history.csv {r['id']}: unknown department {r['department']!r}")
        need(bool(r["text"].strip()), f"history.csv {r['id']}: empty text")
    per = Counter(r["department"] for r in rows)
    for d in dids:
        need(per[d] == HIST_EACH, f"history.csv: {d} has {per[d]} rows, expected {HIST_EACH}")
    c = [canon(r["text"]) for r in rows]
    need(len(set(c)) == len(c), "history.csv: duplicate texts")
    return rows


def check_test(path, gold_path, dids):
    no_bom(path)
    items = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            need(False, f"test.jsonl:{lineno}: not JSON ({exc})")
            continue
        need(set(obj) == {"id", "text"}, f"test.jsonl:{lineno}: keys must be id and text")
        need(isinstance(obj.get("text"), str) and bool(obj["text"].strip()), f"test.jsonl:{lineno}: empty text")
        items.append(obj)
    need(len(items) == DEPTS * TEST_EACH, f"test.jsonl: {len(items)} requests, expected {DEPTS * TEST_EACH}")
    ids = [o["id"] for o in items]
    need(len(set(ids)) == len(ids), "test.jsonl: duplicate ids")
    need(all(re.fullmatch(r"d\d{3}", i) for i in ids), "test.jsonl: ids must look like d001")
    c = [canon(o["text"]) for o in items]
    need(len(set(c)) == len(c), "test.jsonl: duplicate texts")
    gold = load_csv(gold_path, ["id", "department", "also"])
    need([g["id"] for g in gold] == ids, "test_gold.csv: ids must match test.jsonl one-to-one and in order")
    for g in gold:
        need(g["department"] in dids, f"test_gold.csv {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            need(g["also"] in dids, f"test_gold.csv {g['id']}: unknown also {g['also']!r}")
            need(g["also"] != g["department"], f"test_gold.csv {g['id']}: also equals department")
    per = Counter(g["department"] for g in gold)
    for d in dids:
        need(per[d] == TEST_EACH, f"test_gold.csv: {d} has {per[d]} rows, expected {TEST_EACH}")
    n_also = sum(bool(g["also"]) for g in gold)
    need(n_also <= ALSO_MAX * len(gold), f"test_gold.csv: {n_also} rows with also, more than {ALSO_MAX:.0%}")
    return items, gold, n_also


def check_reserved(history, org_path):
    org_text = org_path.read_text(encoding="utf-8").lower()
    for term in RESERVED:
        t = term.lower()
        need(t not in org_text, f"org.yaml mentions test-only jargon {term!r}")
        for r in history:
            need(t not in r["text"].lower(), f"history.csv {r['id']} mentions test-only jargon {term!r}")


def check_overlap(history, test):
    hs = [(r["id"], shingles(r["text"])) for r in history]
    ts = [(o["id"], shingles(o["text"])) for o in test]
    scored = sorted(((jaccard(a, b), hid, tid) for tid, b in ts for hid, a in hs), reverse=True)
    for j, hid, tid in scored:
        if j <= JACC_MAX:
            break
        need(False, f"{tid} is too close to {hid} (4-gram Jaccard {j:.2f})")
    return scored[:3]


def is_english(text):
    latin = len(re.findall(r"[A-Za-z]", text))
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    return latin > 2 * han


def main():
    org_path = BASE / "org.yaml"
    no_bom(org_path)
    dids, n_staff = check_org(org_path)
    history = check_history(BASE / "history.csv", dids)
    test, gold, n_also = check_test(BASE / "test.jsonl", BASE / "test_gold.csv", dids)
    check_reserved(history, org_path)
    closest = check_overlap(history, test)
    en_h = sum(is_english(r["text"]) for r in history)
    en_t = sum(is_english(o["text"]) for o in test)
    print(f"org.yaml       {len(dids)} departments, {n_staff} staff")
    print(f"history.csv    {len(history)} rows ({en_h} English)")
    print(f"test.jsonl     {len(test)} requests ({en_t} English, {en_t / len(test):.1%})")
    print(f"test_gold.csv  {len(gold)} rows, {n_also} with also ({n_also / len(gold):.1%})")
    print("closest test/history pairs:", ", ".join(f"{t}~{h} {j:.2f}" for j, h, t in closest))
    if problems:
        print(f"\nFAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
