#!/usr/bin/env python3
"""Validate the routing-food blind set (stdlib only; uses PyYAML when installed).

    python3 validate.py          # paths are relative to this file

Checks org.yaml against CONTRACTS.md §1, history.csv / test.jsonl / test_gold.csv
in the routing-dev formats, test_parts.jsonl against the `parts` shape of §2.2,
and test_tags.csv. Measures, for every test request, whether its listed jargon
terms (test_tags.csv column `jargon`) are absent from history.csv and org.yaml,
and reports that share plus a stricter, term-independent n-gram proxy.
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
ID_RE = re.compile(r"^[a-z0-9_-]+$")
N_DEPTS = 13
HIST_MIN, HIST_MAX = 25, 30
MIN_TEST = 160
MAX_ALSO_SHARE = 0.10
JACCARD_LIMIT = 0.6
KNOWN_TAGS = {"english", "mixed", "referrer", "typo", "multi", "ambiguous", "short", "jargon_absent"}
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


def _flow_map(body):
    """Parse `{k: v, k: [a, b], ...}` (no nesting beyond flow lists)."""
    body = body.strip()[1:-1]
    out, depth, cur = [], 0, ""
    for ch in body:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur); cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    d = {}
    for kv in out:
        k, _, v = kv.partition(":")
        d[k.strip()] = _scalar(v)
    return d


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
    try:
        import yaml  # noqa
        with path.open(encoding="utf-8") as f:
            return yaml.safe_load(f)
    except ImportError:
        pass
    top, lists, section, item = {}, {"departments": [], "staff": []}, None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
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
            continue
        if section is None:
            continue
        if body.startswith("- "):
            body = body[2:].strip()
            if body.startswith("{"):
                lists[section].append(_flow_map(body)); item = None
                continue
            item = {}; lists[section].append(item)
        if item is not None:
            key, _, val = body.partition(":")
            item[key.strip()] = _scalar(val)
    top.update(lists)
    return top


def check_org(path):
    org = load_org(path)
    check(bool(org.get("name")), "org: name missing")
    check(org.get("timezone") == "Asia/Shanghai", "org: timezone should be Asia/Shanghai")
    check(org.get("calendar") in ("cn", "none"), "org: calendar should be cn or none")
    depts, staff = org.get("departments") or [], org.get("staff") or []
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [d.get("id", "") for d in depts]
    sids = [s.get("id", "") for s in staff]
    check(len(set(ids)) == len(ids), "org: duplicate department id")
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: id used for both a department and a person")
    staff_dept = {s.get("id"): s.get("department") for s in staff}
    per = Counter(staff_dept.values())
    for d in depts:
        did = d.get("id", "")
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(d.get("name")), f"org: department {did}: name missing")
        check(isinstance(d.get("aliases"), list) and d["aliases"], f"org: department {did}: aliases missing")
        check(bool(d.get("description")), f"org: department {did}: description missing")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: department {did}: needs 3-6 keywords")
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not staff of {did}")
        check(staff_dept.get(d.get("liaison")) == did, f"org: department {did}: liaison (协作接口人) {d.get('liaison')!r} is not staff of {did}")
        check(per[did] >= 2, f"org: department {did}: fewer than 2 staff")
    for s in staff:
        check(bool(ID_RE.match(str(s.get("id", "")))), f"org: staff id {s.get('id')!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {s.get('id')}: name missing")
        check(s.get("department") in ids, f"org: staff {s.get('id')}: unknown department {s.get('department')!r}")
    return org, depts, staff


# ------------------------------------------------------------------ helpers
def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


def mnorm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s).lower()).strip()


def present(term, corpus):
    """Term occurs in corpus (NFKC, lower case); ASCII edges must be word boundaries,
    so 'SAP' is not found inside 'asap'."""
    t = mnorm(term)
    pat = re.escape(t)
    if re.match(r"[a-z0-9]", t):
        pat = r"(?<![a-z0-9])" + pat
    if re.search(r"[a-z0-9]$", t):
        pat += r"(?![a-z0-9])"
    return re.search(pat, corpus) is not None


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


STOP_EN = set("""the a an and or of to in on for with from by at is are was were be been can could would should
please pls we our us you your i my me it its this that there their they he his she her who what when where how
why which will has have had not no yes do does did than then so if as but about into after before since yet
still some any all each other more most very just also too only new get got need needs want wants team""".split())


# Function-word trigrams ignored by the strict proxy (they carry no domain content).
STOP_CJK3 = set("""能不能 要不要 是不是 有没有 什么时 么时候 下个月 这个月 个月的 查一下 计一下 太高了 对不上 给我们
怎么申 么申请 要准备 准备什 备什么 能帮忙 定了没 时候出 还能报 要重新 的数据 的产品 的操作 下周要 要提前
是多少 准是多 标准是 发现了 部能不 产部能 售部出 客户想 客户要 户要求 降不下""".split())


def main():
    org, depts, staff = check_org(HERE / "org.yaml")
    ids = [d["id"] for d in depts]
    by_name = {d["name"]: d["id"] for d in depts}

    # history
    hist = read_csv(HERE / "history.csv", ["id", "text", "department"])
    for r in hist:
        r["department"] = by_name.get(r["department"], r["department"])
        check(r["department"] in ids, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    check(len({r['id'] for r in hist}) == len(hist), "history: duplicate ids")
    check(len({norm(r['text']) for r in hist}) == len(hist), "history: duplicate texts")
    hcnt = Counter(r["department"] for r in hist)
    for d in ids:
        check(HIST_MIN <= hcnt[d] <= HIST_MAX, f"history: {d} has {hcnt[d]} rows, expected {HIST_MIN}-{HIST_MAX}")

    # test + gold
    test = []
    for no, line in enumerate((HERE / "test.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                check(False, f"test.jsonl:{no}: bad JSON ({e})"); continue
            check(set(o) == {"id", "text"}, f"test.jsonl:{no}: keys should be id,text")
            check(isinstance(o.get("text"), str) and o["text"].strip(), f"test.jsonl:{no}: empty text")
            test.append(o)
    tids = [o["id"] for o in test]
    text_of = {o["id"]: o["text"] for o in test}
    check(len(test) >= MIN_TEST, f"test: expected at least {MIN_TEST} requests, found {len(test)}")
    check(len(set(tids)) == len(tids), "test: duplicate ids")
    check(len({norm(o['text']) for o in test}) == len(test), "test: duplicate texts")
    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == tids, "test_gold: ids must match test.jsonl one-to-one, in order")
    gold_of = {g["id"]: g for g in gold}
    for g in gold:
        check(g["department"] in ids, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in ids, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also <= MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows with also (> {MAX_ALSO_SHARE:.0%})")
    gcnt = Counter(g["department"] for g in gold)
    for d in ids:
        check(gcnt[d] >= 10, f"test_gold: {d} has only {gcnt[d]} requests")

    # parts
    parts = []
    for no, line in enumerate((HERE / "test_parts.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        o = json.loads(line)
        parts.append(o)
        pid = o.get("id")
        if not check(pid in text_of, f"test_parts:{no}: id {pid!r} not in test.jsonl"):
            continue
        check(o.get("text") == text_of[pid], f"test_parts {pid}: text differs from test.jsonl")
        ps = o.get("parts") or []
        check(len(ps) >= 2, f"test_parts {pid}: a multi-department request needs >= 2 parts")
        check(ps and ps[0].get("role") == "lead" and sum(p.get("role") == "lead" for p in ps) == 1,
              f"test_parts {pid}: exactly one lead, listed first")
        check(all(p.get("role") in ("lead", "support") for p in ps), f"test_parts {pid}: role must be lead|support")
        ds = [p.get("department") for p in ps]
        check(len(set(ds)) == len(ds), f"test_parts {pid}: a department appears twice")
        for p in ps:
            check(p.get("department") in ids, f"test_parts {pid}: unknown department {p.get('department')!r}")
            check(bool(p.get("text")) and p["text"] in o["text"], f"test_parts {pid}: span {p.get('text')!r} not in text")
        check(ps and ps[0].get("department") == gold_of[pid]["department"], f"test_parts {pid}: lead differs from test_gold department")

    # tags + jargon
    tags = read_csv(HERE / "test_tags.csv", ["id", "tags", "jargon"])
    check([t["id"] for t in tags] == tids, "test_tags: ids must match test.jsonl one-to-one, in order")
    corpus = mnorm((HERE / "org.yaml").read_text(encoding="utf-8")) + "\n" + "\n".join(mnorm(r["text"]) for r in hist)
    corpus_nows = norm((HERE / "org.yaml").read_text(encoding="utf-8")) + "\n" + "\n".join(norm(r["text"]) for r in hist)
    en_words = set(re.findall(r"[a-z][a-z0-9&%\-]*", corpus))
    multi_ids = {p["id"] for p in parts}
    # department names and aliases are how requests address departments, not jargon
    dept_cjk3 = set()
    for d in depts:
        for a in [d["name"]] + list(d.get("aliases") or []):
            a = norm(a)
            dept_cjk3 |= {a[i:i + 3] for i in range(len(a) - 2)}
    tagcnt, absent, term_total, term_present = Counter(), 0, 0, 0
    strict_absent, present_list = 0, []
    for t in tags:
        tg = set(x for x in t["tags"].split(";") if x)
        check(tg <= KNOWN_TAGS, f"test_tags {t['id']}: unknown tags {sorted(tg - KNOWN_TAGS)}")
        tagcnt.update(tg)
        terms = [x for x in t["jargon"].split("|") if x.strip()]
        check(bool(terms), f"test_tags {t['id']}: no jargon terms listed")
        text = text_of.get(t["id"], "")
        for x in terms:
            check(mnorm(x) in mnorm(text), f"test_tags {t['id']}: jargon term {x!r} not in the request text")
        hits = [x for x in terms if present(x, corpus)]
        term_total += len(terms); term_present += len(hits)
        is_absent = not hits
        absent += is_absent
        if hits:
            present_list.append((t["id"], hits))
        check(("jargon_absent" in tg) == is_absent,
              f"test_tags {t['id']}: jargon_absent tag is {'jargon_absent' in tg}, measured {is_absent} (present: {hits})")
        check(("multi" in tg) == (t["id"] in multi_ids), f"test_tags {t['id']}: multi tag disagrees with test_parts.jsonl")
        g = gold_of.get(t["id"], {})
        check(("ambiguous" in tg) == bool(g.get("also")), f"test_tags {t['id']}: ambiguous tag disagrees with also")
        if "referrer" in tg:
            low = mnorm(text)
            named = [d["id"] for d in depts if d["id"] != g.get("department")
                     and any(present(a, low) for a in [d["name"]] + list(d.get("aliases") or []))]
            check(bool(named), f"test_tags {t['id']}: referrer request names no other department")
        # stricter, term-independent proxy: no CJK 3-gram of the request and no
        # English content word (>= 4 letters, not a stop word) occurs in history/org
        s = norm(text)
        cjk_runs = re.findall(r"[\u4e00-\u9fff]{3,}", s)
        cjk3 = {r[i:i + 3] for r in cjk_runs for i in range(len(r) - 2)} - STOP_CJK3 - dept_cjk3
        words = {w for w in re.findall(r"[a-z][a-z\-]{3,}", mnorm(text)) if w not in STOP_EN}
        if not any(g3 in corpus_nows for g3 in cjk3) and not (words & en_words):
            strict_absent += 1

    # near-duplicates
    hg = [(r["id"], grams(r["text"])) for r in hist]
    tg_ = [(o["id"], grams(o["text"])) for o in test]
    pairs = sorted(((jaccard(a, b), hid, tid) for tid, b in tg_ for hid, a in hg), reverse=True)
    for j, hid, tid in pairs:
        if j <= JACCARD_LIMIT:
            break
        check(False, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f})")

    n = len(test)
    print(f"org.yaml        : {len(depts)} departments, {len(staff)} staff")
    print(f"history.csv     : {len(hist)} rows, per department {min(hcnt.values())}-{max(hcnt.values())}")
    print(f"test.jsonl      : {n} requests; per gold department {min(gcnt.values())}-{max(gcnt.values())}; {n_also} with also ({n_also / n:.1%})")
    print(f"test_parts.jsonl: {len(parts)} multi-department requests, {sum(len(p['parts']) for p in parts)} parts")
    print("tags            : " + ", ".join(f"{k} {v} ({v / n:.1%})" for k, v in sorted(tagcnt.items(), key=lambda kv: -kv[1])))
    print(f"jargon terms    : {term_total} listed, {term_present} found in history/org")
    print(f"jargon_absent   : {absent}/{n} = {absent / n:.1%} (every listed jargon term absent from history.csv and org.yaml)")
    print(f"strict proxy    : {strict_absent}/{n} = {strict_absent / n:.1%} (no content CJK 3-gram - function trigrams and department names excluded - and no English content word of the request in history/org)")
    for tid, hits in present_list:
        print(f"  present: {tid} {hits}")
    print(f"closest history/test pair: {pairs[0][0]:.3f} ({pairs[0][2]} ~ {pairs[0][1]})")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
