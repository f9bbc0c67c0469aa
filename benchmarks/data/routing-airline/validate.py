#!/usr/bin/env python3
"""Consistency check for the blind airline routing set (stdlib only).

    python3 validate.py      # paths are relative to this file

Exit status 0 when every check holds, 1 otherwise (all failures are listed).
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
HIST_MIN, HIST_MAX = 25, 30          # history rows per department
TEST_MIN_TOTAL = 160
TEST_MIN_PER_DEPT = 6
ENGLISH_SHARE = (0.08, 0.15)
JARGON_MIN_SHARE = 0.50
MULTI_SHARE = (0.08, 0.13)
MIN_PER_TAG = {"typo": 8, "referrer": 8, "vague": 8}
MAX_ALSO_SHARE = 0.10
JACCARD_LIMIT = 0.6
ALLOWED_TAGS = {"english", "typo", "referrer", "jargon", "multi", "vague"}
ID_RE = re.compile(r"^[a-z0-9_-]+$")

# Test-only jargon. None of these may appear in org.yaml or history.csv, and
# every test request tagged `jargon` must contain at least one of them.
# Latin terms are matched as whole words, case-insensitive.
HELD_OUT = """
MEL AOG CDL NOTAM ILS ETOPS ACARS slot SB AD APU SRM TCAS RA QAR FOQA IOSA SMS CRM ICAO PC
FDP PIR WCHC UM MCT PVG ULD HAWB MAWB AVI DG UN GDS BSP ADM NDC OTA TMC EMD ATPCO filing
O&D spill no-show upsell bid\\ price prorate interline per\\ diem MFA OA DCS EFB FIDS
Outlook Office\\ 365 Priority\\ Pass duty\\ free POS PA VGML CM FAs pairing fume\\ event tail\\ swap
deferred manifest belly pallets non-compete CCAR voluntary\\ report dispatch\\ release
配载 舱单 签派 放行 备降 流控 二次放行 航路 推出 尾号 停场
执勤期 模拟机 复训 航线检查 左座 右座 签注 II类 重着陆
特殊餐 机供品 航食 红眼 撤离 客舱经理
保留 孔探 烧蚀 换发 整流罩 鸟击 跳开关
升降车 超售 拒载 充电宝 锂电池 摆渡车 远机位 地股 过站 保障车辆
危险品 改配 活体 冷链 集装器 超限 腹舱 路单 隔离处置
代码共享 会籍 保级 联名 里程 后返 燃油附加费 竞价升舱 T舱 V舱
跑道侵入 事故征候 危险员 危险源
套保 分摊 经营租赁 汇兑 起降费 未使用客票 留抵
年金 专项附加扣除 劳务派遣 培训费 内推 背景调查
钓鱼 慢查询 接口 宕机 离港 审批流程卡住
单一来源 询比价 框架协议 班车 用印 公章 倒班 招投标
"""
HELD_OUT_TERMS = [t.replace("\\ ", " ") for t in re.split(r"(?<!\\)\s+", HELD_OUT.strip())]

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


def load_org(path):
    """Minimal reader for the block-style YAML subset used by org.yaml."""
    try:
        import yaml  # use the real parser when it is installed
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except ImportError:
        pass
    top, lists, section, item = {}, {"departments": [], "staff": []}, None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent == 0:
            key, _, val = body.partition(":")
            section = key if key in lists and not val.strip() else None
            if section is None:
                top[key] = _scalar(val)
            continue
        if section is None:
            continue
        if body.startswith("- "):
            item = {}
            lists[section].append(item)
            body = body[2:].strip()
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
    sids = [s.get("id", "") for s in staff]
    check(len(set(ids)) == len(ids), "org: duplicate department id")
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is both a department and a person")
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
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not its staff")
        check(per_dept[did] >= 2, f"org: department {did}: fewer than 2 staff")
    for s in staff:
        check(bool(ID_RE.match(s.get("id", ""))), f"org: staff id {s.get('id')!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {s.get('id')}: name missing")
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department {s.get('department')!r}")
    return ids, len(staff)


# ---------------------------------------------------------------- helpers
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
    return [dict(zip(header, r)) for r in rows[1:]]


def term_hits(text, terms):
    hits = []
    for t in terms:
        if re.fullmatch(r"[A-Za-z0-9&\- ]+", t):
            if re.search(r"(?<![A-Za-z0-9])" + re.escape(t) + r"(?![A-Za-z0-9])", text, re.I):
                hits.append(t)
        elif t in text:
            hits.append(t)
    return hits


def is_english(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.9


# ---------------------------------------------------------------- main
def main():
    dept_ids, n_staff = check_org(HERE / "org.yaml")
    dset = set(dept_ids)

    # history
    hist = read_csv(HERE / "history.csv", ["id", "text", "department"])
    hids = [r["id"] for r in hist]
    check(len(set(hids)) == len(hids), "history: duplicate ids")
    for r in hist:
        check(r["department"] in dset, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    hc = Counter(r["department"] for r in hist)
    for d in dept_ids:
        check(HIST_MIN <= hc[d] <= HIST_MAX, f"history: {d} has {hc[d]} rows (want {HIST_MIN}-{HIST_MAX})")
    check(len({norm(r['text']) for r in hist}) == len(hist), "history: duplicate texts")

    # test + gold
    items = []
    for no, line in enumerate((HERE / "test.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        check(set(obj) == {"id", "text"}, f"test.jsonl:{no}: keys should be id,text")
        check(bool(str(obj.get("text", "")).strip()), f"test.jsonl:{no}: empty text")
        items.append(obj)
    tids = [o["id"] for o in items]
    text_of = {o["id"]: o["text"] for o in items}
    check(len(items) >= TEST_MIN_TOTAL, f"test: {len(items)} requests (< {TEST_MIN_TOTAL})")
    check(len(set(tids)) == len(tids), "test: duplicate ids")
    check(len({norm(o['text']) for o in items}) == len(items), "test: duplicate texts")
    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == tids, "test_gold: ids must match test.jsonl one-to-one, same order")
    gold_of = {g["id"]: g for g in gold}
    for g in gold:
        check(g["department"] in dset, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in dset, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    tc = Counter(g["department"] for g in gold)
    for d in dept_ids:
        check(tc[d] >= TEST_MIN_PER_DEPT, f"test_gold: {d} has only {tc[d]} requests (< {TEST_MIN_PER_DEPT})")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also <= MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows with also (> {MAX_ALSO_SHARE:.0%})")

    # tags
    tags_rows = read_csv(HERE / "test_tags.csv", ["id", "tags"])
    check([t["id"] for t in tags_rows] == tids, "test_tags: ids must match test.jsonl one-to-one, same order")
    tags_of = {t["id"]: set(filter(None, t["tags"].split("|"))) for t in tags_rows}
    for tid, ts in tags_of.items():
        check(ts <= ALLOWED_TAGS, f"test_tags {tid}: unknown tags {sorted(ts - ALLOWED_TAGS)}")
    tag_count = Counter(t for ts in tags_of.values() for t in ts)
    n = len(items)
    for tid in tids:
        eng = is_english(text_of[tid])
        check(eng == ("english" in tags_of.get(tid, set())),
              f"test {tid}: english tag {'missing' if eng else 'set'} but text is {'English' if eng else 'not English'}")
    eng_share = tag_count["english"] / n
    check(ENGLISH_SHARE[0] <= eng_share <= ENGLISH_SHARE[1], f"tags: English share {eng_share:.1%} outside {ENGLISH_SHARE}")
    jargon_share = tag_count["jargon"] / n
    check(jargon_share >= JARGON_MIN_SHARE, f"tags: jargon share {jargon_share:.1%} < {JARGON_MIN_SHARE:.0%}")
    for t, m in MIN_PER_TAG.items():
        check(tag_count[t] >= m, f"tags: only {tag_count[t]} '{t}' requests (< {m})")

    # parts
    parts = {}
    for no, line in enumerate((HERE / "test_parts.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        pid = obj.get("id")
        check(pid in text_of, f"test_parts.jsonl:{no}: unknown id {pid!r}")
        check(pid not in parts, f"test_parts.jsonl:{no}: duplicate id {pid!r}")
        parts[pid] = obj.get("parts", [])
    for pid, ps in parts.items():
        if pid not in text_of:
            continue
        check(len(ps) >= 2, f"parts {pid}: a multi request needs at least 2 parts")
        check(ps and ps[0].get("role") == "lead", f"parts {pid}: first part must be the lead")
        check(sum(p.get("role") == "lead" for p in ps) == 1, f"parts {pid}: exactly one lead")
        check(all(p.get("role") in ("lead", "support") for p in ps), f"parts {pid}: role must be lead/support")
        check(ps and ps[0].get("department") == gold_of[pid]["department"],
              f"parts {pid}: lead {ps[0].get('department') if ps else None} != gold {gold_of[pid]['department']}")
        deps = [p.get("department") for p in ps]
        check(len(set(deps)) == len(deps), f"parts {pid}: a department appears twice")
        for p in ps:
            check(p.get("department") in dset, f"parts {pid}: unknown department {p.get('department')!r}")
            check(bool(p.get("text")) and p["text"] in text_of[pid], f"parts {pid}: span {p.get('text')!r} not in the text")
    multi_ids = {tid for tid, ts in tags_of.items() if "multi" in ts}
    check(multi_ids == set(parts), f"parts: 'multi' tags and test_parts.jsonl differ: {sorted(multi_ids ^ set(parts))}")
    multi_share = len(parts) / n
    check(MULTI_SHARE[0] <= multi_share <= MULTI_SHARE[1], f"parts: multi share {multi_share:.1%} outside {MULTI_SHARE}")

    # held-out jargon
    org_text = (HERE / "org.yaml").read_text(encoding="utf-8")
    for t in term_hits(org_text, HELD_OUT_TERMS):
        check(False, f"held-out term {t!r} appears in org.yaml")
    for r in hist:
        for t in term_hits(r["text"], HELD_OUT_TERMS):
            check(False, f"held-out term {t!r} appears in history {r['id']}")
    no_term = [tid for tid in tids if "jargon" in tags_of[tid] and not term_hits(text_of[tid], HELD_OUT_TERMS)]
    check(not no_term, f"jargon-tagged requests without a held-out term: {no_term}")

    # near-duplicates
    hg = [(r["id"], grams(r["text"])) for r in hist]
    tg = [(o["id"], grams(o["text"])) for o in items]
    pairs = sorted(((jaccard(a, b), hid, tid) for tid, b in tg for hid, a in hg), reverse=True)
    for j, hid, tid in pairs:
        if j <= JACCARD_LIMIT:
            break
        check(False, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f})")

    # report
    print(f"org.yaml        : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv     : {len(hist)} rows, per department {min(hc.values())}-{max(hc.values())}")
    print(f"test.jsonl      : {n} requests, per department {min(tc.values())}-{max(tc.values())}, {n_also} with also")
    print("  per department: " + ", ".join(f"{d}={tc[d]}" for d in dept_ids))
    print("  tags          : " + ", ".join(f"{t}={tag_count[t]} ({tag_count[t] / n:.1%})" for t in sorted(ALLOWED_TAGS)))
    print(f"test_parts.jsonl: {len(parts)} multi-department requests ({multi_share:.1%})")
    print(f"held-out terms  : {len(HELD_OUT_TERMS)}; closest test/history pairs: "
          + ", ".join(f"{tid}~{hid} {j:.2f}" for j, hid, tid in pairs[:3]))
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
