#!/usr/bin/env python3
"""Consistency check for the routing-hospital blind test set.

    python3 validate.py          # exit 0 when every check passes, 1 otherwise

Checks org.yaml, history.csv, test.jsonl, test_gold.csv, test_tags.csv:
departments exist, ids unique, >=25 history rows per department, gold/also
valid, also share <= 10%, no duplicate / near-duplicate texts, the jargon
share (test requests containing a listed term that occurs in no history row;
the terms are listed per id), and counts per tag, plus sanity checks for the
referrer and own_dept tags.
"""
import csv, json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
fail = []
def check(c, m):
    if not c: fail.append(m)
    return c

# ------------------------------------------------------------------ org
try:
    import yaml
    org = yaml.safe_load((HERE / "org.yaml").read_text(encoding="utf-8"))
except ImportError:
    sys.exit("validate.py needs PyYAML (pip install pyyaml)")
for k in ("name", "timezone", "calendar", "departments", "staff"):
    check(k in org, f"org: key {k} missing")
depts = org["departments"]; staff = org["staff"]
dids = [d["id"] for d in depts]; sids = [s["id"] for s in staff]
check(len(dids) == 13, f"org: expected 13 departments, got {len(dids)}")
check(len(set(dids)) == len(dids), "org: duplicate department id")
check(len(set(sids)) == len(sids), "org: duplicate staff id")
check(not set(dids) & set(sids), "org: id used for both a department and a person")
sdept = {s["id"]: s["department"] for s in staff}
for s in staff:
    check(s["department"] in dids, f"org: staff {s['id']} in unknown department {s['department']}")
    check(isinstance(s.get("hours_per_week", 40), int), f"org: staff {s['id']} hours_per_week not int")
for d in depts:
    check(re.fullmatch(r"[a-z0-9_-]+", d["id"]) is not None, f"org: bad id {d['id']}")
    for k in ("name", "aliases", "head", "description"):
        check(bool(d.get(k)), f"org: department {d['id']}: {k} missing")
    check(sdept.get(d.get("head")) == d["id"], f"org: head of {d['id']} is not in that department")
    if "interface" in d:
        check(sdept.get(d["interface"]) == d["id"], f"org: interface of {d['id']} is not in that department")
    kw = d.get("keywords", [])
    check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: {d['id']} needs 3-6 keywords")
names = {}  # surface name -> dept id
for d in depts:
    for n in [d["name"]] + list(d.get("aliases", [])):
        names[str(n)] = d["id"]

# ------------------------------------------------------------------ history
hist = list(csv.DictReader(open(HERE / "history.csv", encoding="utf-8")))
check(set(hist[0].keys()) >= {"id", "text", "department"}, "history: columns")
hids = [r["id"] for r in hist]
check(len(set(hids)) == len(hids), "history: duplicate ids")
hc = Counter(r["department"] for r in hist)
for r in hist:
    check(r["department"] in dids, f"history {r['id']}: unknown department {r['department']}")
for d in dids:
    check(25 <= hc[d] <= 30, f"history: {d} has {hc[d]} rows (need 25-30)")

# ------------------------------------------------------------------ tests
tests = [json.loads(l) for l in open(HERE / "test.jsonl", encoding="utf-8") if l.strip()]
gold = list(csv.DictReader(open(HERE / "test_gold.csv", encoding="utf-8")))
tags = {r["id"]: r["tags"].split() for r in csv.DictReader(open(HERE / "test_tags.csv", encoding="utf-8"))}
tids = [t["id"] for t in tests]
check(len(tests) >= 150, f"test: only {len(tests)} requests")
check(len(set(tids)) == len(tids), "test: duplicate ids")
check(not set(tids) & set(hids), "test and history ids overlap")
check(tids == [g["id"] for g in gold], "test_gold ids do not match test.jsonl (same order)")
check(set(tids) == set(tags), "test_tags ids do not match test.jsonl")
g = {r["id"]: r for r in gold}
for r in gold:
    check(r["department"] in dids, f"gold {r['id']}: unknown department {r['department']}")
    if r["also"]:
        check(r["also"] in dids, f"gold {r['id']}: unknown also {r['also']}")
        check(r["also"] != r["department"], f"gold {r['id']}: also == department")
n_also = sum(1 for r in gold if r["also"])
check(n_also <= 0.10 * len(gold), f"gold: also filled for {n_also} rows (>10%)")

# ------------------------------------------------------------------ duplicates
def norm(s): return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())
def grams(s): s = norm(s); return {s[i:i+4] for i in range(max(1, len(s) - 3))}
alltexts = [r["text"] for r in hist] + [t["text"] for t in tests]
dup = [t for t, c in Counter(norm(x) for x in alltexts).items() if c > 1]
check(not dup, f"duplicate texts: {dup}")
hg = [(r["id"], grams(r["text"])) for r in hist]
worst = (0, None, None)
for t in tests:
    tg = grams(t["text"])
    for hid, gg in hg:
        j = len(tg & gg) / len(tg | gg)
        if j > worst[0]: worst = (j, t["id"], hid)
check(worst[0] <= 0.5, f"near-duplicate test/history pair {worst}")

# ------------------------------------------------------------------ jargon
terms = [l.strip() for l in (HERE / "jargon_terms.txt").read_text(encoding="utf-8").splitlines()
         if l.strip() and not l.startswith("#")]
htext = "\n".join(r["text"] for r in hist).lower()
absent = [x for x in terms if x.lower() not in htext]
jarg = {}
for t in tests:
    hit = [x for x in absent if x.lower() in t["text"].lower()]
    if hit: jarg[t["id"]] = hit
share = len(jarg) / len(tests)
check(share >= 1 / 3, f"jargon share {share:.2f} < 1/3")
for tid in tids:
    check(("jargon" in tags[tid]) == (tid in jarg), f"tags {tid}: jargon tag disagrees with term check")

# ------------------------------------------------------------------ tags
tc = Counter(x for v in tags.values() for x in v)
check(tc["english"] >= 0.08 * len(tests), f"english: {tc['english']}")
check(tc["referrer"] >= 12, f"referrer: {tc['referrer']}")
check(tc["typo"] >= 12, f"typo: {tc['typo']}")
check(tc["own_dept"] >= 8, f"own_dept: {tc['own_dept']}")
check(tc["ambiguous"] == n_also, "ambiguous tag count != rows with also")
tt = {t["id"]: t["text"] for t in tests}
def is_ascii_text(s): return sum(ord(c) < 128 for c in s) / len(s) > 0.9
for tid in tids:
    text, gd = tt[tid], g[tid]
    if "english" in tags[tid]:
        check(is_ascii_text(text), f"{tid}: tagged english but is not")
    else:
        check(not is_ascii_text(text), f"{tid}: English text without tag")
    check(("ambiguous" in tags[tid]) == bool(gd["also"]), f"{tid}: ambiguous tag vs also")
    if "referrer" in tags[tid]:
        m = re.search(r"^(.{1,12}?)(让我|说这个|说)", text)
        ref = [names[n] for n in sorted(names, key=len, reverse=True) if m and n in m.group(1)]
        ok = bool(m) and (not ref or ref[0] not in (gd["department"], gd["also"]))
        check(ok, f"{tid}: referrer tag but referrer missing or equals gold")
    if "own_dept" in tags[tid]:
        own = [names[n] for n in sorted(names, key=len, reverse=True) if "我们" + n in text]
        check(bool(own) and own[0] not in (gd["department"], gd["also"]),
              f"{tid}: own_dept tag but own department missing or equals gold")

# ------------------------------------------------------------------ report
print(f"org: {len(dids)} departments, {len(sids)} staff")
print(f"history: {len(hist)} rows; per department: " + ", ".join(f"{d}={hc[d]}" for d in dids))
gc = Counter(r["department"] for r in gold)
print(f"test: {len(tests)} rows; gold per department: " + ", ".join(f"{d}={gc[d]}" for d in dids))
print(f"also filled: {n_also} ({n_also/len(gold):.1%})")
print("tags: " + ", ".join(f"{k}={v}" for k, v in sorted(tc.items())))
print(f"jargon share: {len(jarg)}/{len(tests)} = {share:.1%} (terms absent from history: {len(absent)}/{len(terms)})")
for tid in tids:
    if tid in jarg: print(f"  {tid}: {', '.join(jarg[tid])}")
print(f"closest test/history pair (4-gram Jaccard): {worst[0]:.2f} {worst[1]} {worst[2]}")
if fail:
    print(f"\nFAILED ({len(fail)}):"); [print("  - " + f) for f in fail]; sys.exit(1)
print("\nOK: all checks passed")
