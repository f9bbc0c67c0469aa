#!/usr/bin/env python3
"""Consistency check for the blind bank routing set (standard library only).

    python3 check.py        # paths are relative to this file

Checks org.yaml, history.csv, test.jsonl and test_gold.csv: structure, counts,
ids, labels, encoding (UTF-8, no BOM), CSV quoting (the file is exactly what
the csv module writes back), that no test request is a near-duplicate of a
history request, and that the bank jargon reserved for the test set does not
appear in history.csv or in org.yaml. Exit status 0 when everything holds,
1 otherwise.
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
HIST_RANGE = (25, 28)          # history rows per department
TEST_RANGE = (12, 13)          # test rows per department
MIN_TEST = 160
MAX_ALSO_SHARE = 0.10
JACCARD_LIMIT = 0.6
ID_RE = re.compile(r"^[a-z0-9_-]+$")
HAN = re.compile(r"[\u4e00-\u9fff]")

# Terms used in test.jsonl that must appear neither in history.csv nor in org.yaml.
TEST_ONLY_TERMS = [
    "头寸", "轧差", "冲正", "挂失", "大额存单", "贷后", "五级分类", "展期", "征信异议",
    "可疑交易", "尽调", "押品", "LPR", "双录", "尾箱", "印押证", "网点装修", "1104",
    "EAST", "等保", "灾备", "堡垒机", "授权书", "诉讼时效", "用印", "员工行为排查",
    "客诉", "投诉升级", "银承", "保理", "福费廷", "现金池", "首贷户", "银税互动", "码商",
    "抵债资产", "次级类", "敞口", "留抵", "摊销", "预提", "挂职", "管培生", "财产保全",
    "执行异议", "支付令", "破产管理人", "律师函", "12378", "红头文件", "保密柜",
    "印鉴卡", "轧账", "飞行检查", "三道防线", "案防", "PEP", "KYC", "积存金", "睡眠卡",
    "AUM", "ETC", "PD", "终端准入", "漏洞扫描",
]

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


# ------------------------------------------------------------------ org.yaml
def scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        return [scalar(x) for x in inner.split(",")] if inner else []
    return v


def uncomment(line):
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


def read_org(path):
    """Reader for the block-style YAML subset used by org.yaml."""
    top, lists, section, item = {}, {"departments": [], "staff": []}, None, None
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = uncomment(raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent == 0:
            key, _, val = body.partition(":")
            section = key if key in lists and not val.strip() else None
            if section is None:
                top[key] = scalar(val)
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
        check(key.strip() not in item, f"org.yaml:{no}: key {key.strip()!r} repeated in one entry")
        item[key.strip()] = scalar(val)
    top.update(lists)
    return top


def check_org(path):
    org = read_org(path)
    check(bool(org.get("name")), "org: name missing")
    check(org.get("timezone") == "Asia/Shanghai", "org: timezone should be Asia/Shanghai")
    check(org.get("calendar") == "cn", "org: calendar should be cn")
    depts, staff = org["departments"], org["staff"]
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [d.get("id", "") for d in depts]
    check(len(set(ids)) == len(ids), f"org: duplicate department id in {ids}")
    names = [d.get("name", "") for d in depts]
    check(len(set(names)) == len(names), "org: duplicate department name")
    sids = [s.get("id", "") for s in staff]
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is used both for a department and a person")
    dept_of = {s.get("id"): s.get("department") for s in staff}
    per_dept = Counter(dept_of.values())
    for d in depts:
        did = d.get("id", "")
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(HAN.search(d.get("name", ""))), f"org: department {did}: Chinese name missing")
        check(isinstance(d.get("aliases"), list) and len(d["aliases"]) >= 2, f"org: department {did}: needs aliases")
        desc = d.get("description", "")
        check(bool(desc) and desc.count("。") <= 1 and desc.endswith("。"),
              f"org: department {did}: description should be one sentence")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 5 <= len(kw) <= 6, f"org: department {did}: needs 5-6 keywords")
        check(dept_of.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not staff of {did}")
        check(2 <= per_dept[did] <= 4, f"org: department {did}: has {per_dept[did]} staff, expected 2-4")
    for s in staff:
        sid = s.get("id", "")
        check(bool(ID_RE.match(sid)), f"org: staff id {sid!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {sid}: name missing")
        check(bool(s.get("title")), f"org: staff {sid}: title missing")
        check(isinstance(s.get("skills"), list) and s["skills"], f"org: staff {sid}: skills missing")
        check(s.get("department") in ids, f"org: staff {sid}: unknown department {s.get('department')!r}")
        check(str(s.get("email", "")).endswith(".example"), f"org: staff {sid}: e-mail should end in .example")
    unknown = set(org) - {"name", "timezone", "calendar", "departments", "staff"}
    check(len(unknown) == 1, f"org: expected exactly one extra top-level key, found {sorted(unknown)}")
    return ids, len(staff), sorted(unknown)


# ------------------------------------------------------------------ files
def raw_check(path):
    data = path.read_bytes()
    check(not data.startswith(b"\xef\xbb\xbf"), f"{path.name}: starts with a BOM")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, f"{path.name}: not UTF-8 ({e})")


def read_csv(path, header):
    raw_check(path)
    text = path.read_text(encoding="utf-8")
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


def is_english(s):
    return not HAN.search(s)


def check_history(path, dept_ids):
    rows = read_csv(path, ["id", "text", "department"])
    ids = [r["id"] for r in rows]
    check(len(set(ids)) == len(ids), "history: duplicate ids")
    check(all(re.fullmatch(r"h\d{3}", i) for i in ids), "history: ids should look like h001")
    check(sorted(ids) == ids, "history: ids should run in order h001, h002, ...")
    for r in rows:
        check(r["department"] in dept_ids, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    cnt = Counter(r["department"] for r in rows)
    for d in dept_ids:
        check(HIST_RANGE[0] <= cnt[d] <= HIST_RANGE[1], f"history: {d} has {cnt[d]} rows, expected {HIST_RANGE[0]}-{HIST_RANGE[1]}")
    texts = [norm(r["text"]) for r in rows]
    check(len(set(texts)) == len(texts), "history: duplicate texts")
    seq = [r["department"] for r in rows]
    longest = max(len(list(g)) for g in _runs(seq))
    check(longest <= 5, f"history: not shuffled (run of {longest} rows with the same department)")
    return rows


def _runs(seq):
    out, cur = [], []
    for x in seq:
        if cur and cur[-1] != x:
            out.append(cur)
            cur = []
        cur.append(x)
    if cur:
        out.append(cur)
    return out


def check_test(path, gold_path, dept_ids):
    raw_check(path)
    items = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
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
    check(len(items) >= MIN_TEST, f"test: expected at least {MIN_TEST} requests, found {len(items)}")
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
        check(TEST_RANGE[0] <= cnt[d] <= TEST_RANGE[1], f"test_gold: {d} has {cnt[d]} rows, expected {TEST_RANGE[0]}-{TEST_RANGE[1]}")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also <= MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows have also (> {MAX_ALSO_SHARE:.0%})")
    return items, gold, n_also


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
    return pairs[:3]


def check_reserved_terms(history, org_text):
    hist_text = "\n".join(r["text"] for r in history)
    for term in TEST_ONLY_TERMS:
        check(term not in hist_text, f"history.csv contains the test-only term {term!r}")
        check(term not in org_text, f"org.yaml contains the test-only term {term!r}")


def lengths(texts):
    ls = sorted(len(t) for t in texts)
    return ls[0], ls[len(ls) // 2], ls[-1]


def main():
    dept_ids, n_staff, extra = check_org(HERE / "org.yaml")
    raw_check(HERE / "org.yaml")
    history = check_history(HERE / "history.csv", dept_ids)
    test, gold, n_also = check_test(HERE / "test.jsonl", HERE / "test_gold.csv", dept_ids)
    top = check_near_duplicates(history, test)
    check_reserved_terms(history, (HERE / "org.yaml").read_text(encoding="utf-8"))
    h_en = sum(is_english(r["text"]) for r in history)
    t_en = sum(is_english(o["text"]) for o in test)
    print(f"org.yaml      : {len(dept_ids)} departments, {n_staff} staff, extra top-level key(s) {extra}")
    print(f"history.csv   : {len(history)} rows, {h_en} English ({h_en / max(len(history), 1):.1%}), "
          f"length min/median/max {lengths([r['text'] for r in history])}")
    print(f"test.jsonl    : {len(test)} requests, {t_en} English ({t_en / max(len(test), 1):.1%}), "
          f"length min/median/max {lengths([o['text'] for o in test])}")
    print(f"test_gold.csv : {len(gold)} rows, {n_also} with also ({n_also / max(len(gold), 1):.1%})")
    print("closest test/history pairs (4-gram Jaccard):")
    for j, hid, tid in top:
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
