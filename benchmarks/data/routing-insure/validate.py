#!/usr/bin/env python3
"""Consistency check for the routing-insure blind set. Standard library only
(PyYAML is used for org.yaml when installed, else a minimal parser for this file)."""
import csv, json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
errors = []
def err(m): errors.append(m)

# --- org.yaml --------------------------------------------------------------
def load_org(p):
    try:
        import yaml
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except ImportError:
        pass
    # minimal fallback: only what this file uses
    org = {"departments": [], "staff": []}; cur = None; sect = None
    for line in p.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"): continue
        if not line.startswith(" "):
            k, _, v = line.partition(":"); sect = k.strip()
            if v.strip(): org[sect] = v.strip()
            continue
        m = re.match(r"\s*(- )?(\w+):\s*(.*)$", line)
        if not m: continue
        if m.group(1):
            cur = {}; org.setdefault(sect, []).append(cur)
        v = m.group(3).strip()
        if v.startswith("[") and v.endswith("]"):
            v = [x.strip() for x in v[1:-1].split(",") if x.strip()]
        cur[m.group(2)] = v
    return org

org = load_org(HERE / "org.yaml")
depts = org.get("departments") or []
staff = org.get("staff") or []
ids = [d.get("id") for d in depts]
if not 12 <= len(ids) <= 13: err(f"org.yaml: expected 12-13 departments, found {len(ids)}")
if len(set(ids)) != len(ids): err("org.yaml: duplicate department ids")
for d in depts:
    if not re.fullmatch(r"[a-z0-9_-]+", str(d.get("id"))): err(f"org.yaml: bad department id {d.get('id')}")
    for k in ("name", "aliases", "head", "description"):
        if not d.get(k): err(f"org.yaml: department {d.get('id')} lacks {k}")
    kw = d.get("keywords") or []
    if not 3 <= len(kw) <= 6: err(f"org.yaml: department {d.get('id')} has {len(kw)} keywords (want 3-6)")
sids = [s.get("id") for s in staff]
if len(set(sids)) != len(sids): err("org.yaml: duplicate staff ids")
sdept = {s.get("id"): s.get("department") for s in staff}
for s in staff:
    if s.get("department") not in ids: err(f"org.yaml: staff {s.get('id')} in unknown department {s.get('department')}")
    if not s.get("title") or not s.get("skills"): err(f"org.yaml: staff {s.get('id')} lacks title/skills")
for d in depts:
    if sdept.get(d.get("head")) != d.get("id"): err(f"org.yaml: head {d.get('head')} of {d.get('id')} is not a staff member of it")
    if sum(1 for s in staff if s.get("department") == d.get("id")) < 2: err(f"org.yaml: {d.get('id')} has fewer than 2 staff")
idset = set(ids)

# --- history.csv -------------------------------------------------------------
raw = (HERE / "history.csv").read_bytes()
if raw.startswith(b"\xef\xbb\xbf"): err("history.csv: has a BOM")
hist = list(csv.DictReader(open(HERE / "history.csv", encoding="utf-8", newline="")))
if not hist or list(hist[0].keys()) != ["id", "text", "department"]: err("history.csv: columns must be id,text,department")
hc = Counter(r["department"] for r in hist)
for r in hist:
    if r["department"] not in idset: err(f"history.csv: {r['id']} label {r['department']} is not a department id")
    if not r["text"].strip(): err(f"history.csv: {r['id']} empty text")
for d in ids:
    if not 25 <= hc[d] <= 30: err(f"history.csv: {d} has {hc[d]} rows (want 25-30)")
if len({r['id'] for r in hist}) != len(hist): err("history.csv: duplicate ids")

# --- test.jsonl / test_gold.csv / test_tags.csv ------------------------------
test = [json.loads(l) for l in open(HERE / "test.jsonl", encoding="utf-8") if l.strip()]
for t in test:
    if set(t) != {"id", "text"}: err(f"test.jsonl: {t.get('id')} keys must be id,text")
gold = list(csv.DictReader(open(HERE / "test_gold.csv", encoding="utf-8", newline="")))
if not gold or list(gold[0].keys()) != ["id", "department", "also"]: err("test_gold.csv: columns must be id,department,also")
tags = {r["id"]: r["tags"].split() for r in csv.DictReader(open(HERE / "test_tags.csv", encoding="utf-8", newline=""))}
if [t["id"] for t in test] != [g["id"] for g in gold]: err("test ids differ (or differ in order) between test.jsonl and test_gold.csv")
if set(tags) != {t["id"] for t in test}: err("test_tags.csv ids differ from test.jsonl")
n = len(test)
if not 150 <= n <= 170: err(f"test: {n} requests (want 150-170)")
for g in gold:
    if g["department"] not in idset: err(f"test_gold.csv: {g['id']} department {g['department']} invalid")
    if g["also"] and g["also"] not in idset: err(f"test_gold.csv: {g['id']} also {g['also']} invalid")
    if g["also"] == g["department"]: err(f"test_gold.csv: {g['id']} also equals department")
gc = Counter(g["department"] for g in gold)
for d in ids:
    if gc[d] < 10: err(f"test: {d} has only {gc[d]} requests")
n_also = sum(1 for g in gold if g["also"])
if n_also > 0.10 * n: err(f"test: {n_also} rows have also (> 10%)")
KINDS = {"en", "ref", "typo", "jargon", "cross", "short"}
for i, ts in tags.items():
    for k in ts:
        if k not in KINDS: err(f"test_tags.csv: {i} unknown tag {k}")
cnt = {k: sum(k in ts for ts in tags.values()) for k in KINDS}
def share(k, lo, hi):
    if not lo <= cnt[k] / n <= hi: err(f"test: share of {k} is {cnt[k]}/{n}, want {lo:.0%}-{hi:.0%}")
share("en", 0.08, 0.12); share("ref", 0.06, 0.10); share("typo", 0.06, 0.10); share("jargon", 0.35, 0.70)
# English tag must match the text being mostly ASCII letters
for t in test:
    ascii_ratio = sum(c.isascii() for c in t["text"]) / len(t["text"])
    if ("en" in tags.get(t["id"], [])) != (ascii_ratio > 0.8): err(f"test: {t['id']} en tag does not match text")

# --- jargon held out of history and org -------------------------------------
JARGON = ["代位追偿", "定损", "推定全损", "全损", "批改", "批单", "退保", "见费出单", "反洗钱", "可疑交易",
          "偿付能力", "再保", "分保", "临分", "续保率", "交强险", "核保政策", "互碰自赔", "残值拍卖", "施救费",
          "共保", "首席承保", "IBNR", "满期赔付率", "已赚保费", "综合成本率", "犹豫期", "双录", "受益所有人",
          "虚挂", "NCD", "自主定价系数", "商车费改", "一揽子", "安责险", "学平险", "增员", "清分", "红冲",
          "车船税", "伤残鉴定", "异地出险", "风险综合评级", "三道防线", "风险限额", "压力测试", "巨灾",
          "通融赔付", "倒签单", "合约分保", "短期费率", "防灾防损", "未到期责任准备金", "最低资本",
          "洗钱", "大额交易", "open cover", "subrogation", "实收", "挂账", "专票", "进项税", "底稿"]
orgtext = (HERE / "org.yaml").read_text(encoding="utf-8")
for j in JARGON:
    for r in hist:
        if j.lower() in r["text"].lower(): err(f"history.csv: {r['id']} contains held-out jargon {j}")
    if j.lower() in orgtext.lower(): err(f"org.yaml contains held-out jargon {j}")
jar_in_test = sum(1 for t in test if any(j.lower() in t["text"].lower() for j in JARGON))

# --- duplicates / near-duplicates -------------------------------------------
def norm(s): return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())
def grams(s):
    s = norm(s); return {s[i:i+4] for i in range(max(1, len(s) - 3))}
alltexts = [r["text"] for r in hist] + [t["text"] for t in test]
dup = [k for k, v in Counter(norm(x) for x in alltexts).items() if v > 1]
if dup: err(f"duplicate texts: {dup[:5]}")
hg = [(r["id"], grams(r["text"])) for r in hist]
best = (0, None, None)
for t in test:
    g = grams(t["text"])
    for hid, h in hg:
        j = len(g & h) / len(g | h)
        if j > best[0]: best = (j, t["id"], hid)
        if j > 0.6: err(f"near-duplicate: {t['id']} ~ {hid} ({j:.2f})")

print(f"departments={len(ids)} staff={len(staff)} history={len(hist)} "
      f"(per dept {min(hc.values())}-{max(hc.values())}) test={n} also={n_also}")
print("tags:", ", ".join(f"{k}={cnt[k]} ({cnt[k]/n:.1%})" for k in sorted(KINDS)))
print(f"test texts containing a listed held-out jargon term: {jar_in_test} ({jar_in_test/n:.1%})")
print(f"closest test/history pair: {best[1]} ~ {best[2]} jaccard={best[0]:.2f}")
if errors:
    print(f"FAILED ({len(errors)}):"); [print(" -", e) for e in errors]; sys.exit(1)
print("OK")
