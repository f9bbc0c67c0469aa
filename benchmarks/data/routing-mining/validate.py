#!/usr/bin/env python3
"""Validator for the blind routing set `routing-mining` (stdlib only).

    python3 validate.py        # paths are relative to this file

Checks formats, department ids, counts, the multi-department parts, near-duplicates,
and that the jargon listed for every test request (test_tags.csv) occurs in that
request but NOWHERE in history.csv or org.yaml. Exit 0 when all holds, 1 otherwise.
"""
import csv, json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_DEPTS = 13
HIST_MIN, HIST_MAX = 25, 30
TEST_MIN = 160
TEST_PER_DEPT_MIN = 10
MAX_ALSO_SHARE = 0.10
EN_SHARE = (0.08, 0.15)
MIN_REFERRER, MIN_TYPO, MIN_PARTS = 10, 10, 12
MIN_JARGON_SHARE = 0.90          # requests that list at least one jargon term
JACCARD_LIMIT = 0.6
LANGS = {"zh", "zh-Hant", "en", "mixed"}
ID_RE = re.compile(r"^[a-z0-9_-]+$")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def norm(s):
    return unicodedata.normalize("NFKC", s).lower()


def squash(s):
    return re.sub(r"\s+", "", norm(s))


# ---------------------------------------------------------------- org.yaml (block-style subset)
def _scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    if v.startswith("{") and v.endswith("}"):
        return {k.strip(): _scalar(x) for k, _, x in (p.partition(":") for p in v[1:-1].split(",")) if k.strip()}
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
        key = key.strip()
        check(key not in item, f"org.yaml:{no}: key {key!r} repeated in one entry")
        item[key] = _scalar(val)
    top.update(lists)
    return top


def check_org(path):
    org = load_org(path)
    check(bool(org.get("name")), "org: name missing")
    check(org.get("timezone") == "Asia/Shanghai", "org: timezone should be Asia/Shanghai")
    check(org.get("calendar") in ("cn", "none"), "org: calendar should be cn or none")
    depts, staff = org["departments"], org["staff"]
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
        sid = s.get("id", "")
        check(bool(ID_RE.match(sid)), f"org: staff id {sid!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {sid}: name missing")
        check(bool(s.get("title")), f"org: staff {sid}: title missing")
        check(isinstance(s.get("skills"), list) and s["skills"], f"org: staff {sid}: skills missing")
        check(s.get("department") in ids, f"org: staff {sid}: unknown department {s.get('department')!r}")
        if "hours_per_week" in s:
            check(str(s["hours_per_week"]).isdigit(), f"org: staff {sid}: hours_per_week not a number")
    return ids, len(staff)


# ---------------------------------------------------------------- data files
def read_csv(path, header):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(rows and rows[0] == header, f"{path.name}: header should be {','.join(header)}, got {rows[0] if rows else None}")
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


def check_history(path, dept_ids):
    rows = read_csv(path, ["id", "text", "department"])
    ids = [r["id"] for r in rows]
    check(len(set(ids)) == len(ids), "history: duplicate ids")
    check(all(re.fullmatch(r"h\d{3}", i) for i in ids), "history: ids should look like h001")
    for r in rows:
        check(r["department"] in dept_ids, f"history {r['id']}: unknown department {r['department']!r}")
        check(bool(r["text"].strip()), f"history {r['id']}: empty text")
    cnt = Counter(r["department"] for r in rows)
    for d in dept_ids:
        check(HIST_MIN <= cnt[d] <= HIST_MAX, f"history: {d} has {cnt[d]} rows, expected {HIST_MIN}-{HIST_MAX}")
    texts = [squash(r["text"]) for r in rows]
    check(len(set(texts)) == len(texts), "history: duplicate texts")
    return rows


def check_test(dept_ids):
    items = read_jsonl(HERE / "test.jsonl")
    for o in items:
        check(set(o) == {"id", "text"}, f"test.jsonl {o.get('id')}: keys should be id,text, got {sorted(o)}")
        check(isinstance(o.get("text"), str) and o["text"].strip() != "", f"test.jsonl {o.get('id')}: empty text")
    check(len(items) >= TEST_MIN, f"test: expected at least {TEST_MIN} requests, found {len(items)}")
    ids = [o["id"] for o in items]
    check(len(set(ids)) == len(ids), "test: duplicate ids")
    check(all(re.fullmatch(r"t\d{3}", i) for i in ids), "test: ids should look like t001")
    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == ids, "test_gold: ids must match test.jsonl one-to-one, in the same order")
    for g in gold:
        check(g["department"] in dept_ids, f"test_gold {g['id']}: unknown department {g['department']!r}")
        if g["also"]:
            check(g["also"] in dept_ids, f"test_gold {g['id']}: unknown also {g['also']!r}")
            check(g["also"] != g["department"], f"test_gold {g['id']}: also equals department")
    cnt = Counter(g["department"] for g in gold)
    for d in dept_ids:
        check(cnt[d] >= TEST_PER_DEPT_MIN, f"test_gold: {d} has {cnt[d]} rows, expected >= {TEST_PER_DEPT_MIN}")
    n_also = sum(1 for g in gold if g["also"])
    check(n_also <= MAX_ALSO_SHARE * len(gold), f"test_gold: {n_also} rows have also (> {MAX_ALSO_SHARE:.0%})")
    return items, gold, n_also, cnt


def check_parts(dept_ids):
    items = read_jsonl(HERE / "test_parts.jsonl")
    check(len(items) >= MIN_PARTS, f"test_parts: expected at least {MIN_PARTS} requests, found {len(items)}")
    ids = [o.get("id") for o in items]
    check(len(set(ids)) == len(ids), "test_parts: duplicate ids")
    for o in items:
        pid, text, parts = o.get("id"), o.get("text", ""), o.get("parts") or []
        check(isinstance(text, str) and text.strip(), f"test_parts {pid}: empty text")
        check(len(parts) >= 2, f"test_parts {pid}: needs at least two parts")
        deps = [p.get("department") for p in parts]
        check(len(set(deps)) == len(deps), f"test_parts {pid}: a department appears twice")
        check(o.get("departments") == deps, f"test_parts {pid}: `departments` must list the parts' departments in order")
        roles = [p.get("role") for p in parts]
        check(roles[:1] == ["lead"] and all(r == "support" for r in roles[1:]),
              f"test_parts {pid}: first part must be lead, the rest support (got {roles})")
        for p in parts:
            check(p.get("department") in dept_ids, f"test_parts {pid}: unknown department {p.get('department')!r}")
            check(bool(p.get("text")) and p["text"] in text, f"test_parts {pid}: span {p.get('text')!r} is not in the text")
    return items


# ---------------------------------------------------------------- jargon absence
def term_in(term, hay):
    t = norm(term).strip()
    if t.isascii():   # latin terms: whole-word match, so MES does not hit "times"
        return re.search(r"(?<![a-z0-9])" + re.escape(t) + r"(?![a-z0-9])", hay) is not None
    return t in hay


def check_tags(texts, history, org_text):
    rows = read_csv(HERE / "test_tags.csv", ["id", "jargon", "language", "has_referrer", "has_typo", "typo_words"])
    check([r["id"] for r in rows] == list(texts), "test_tags: ids must be test.jsonl ids then test_parts.jsonl ids, in order")
    hist_blob = norm("\n".join(r["text"] for r in history))
    org_blob = norm(org_text)
    n_jargon, terms_all, leaks = 0, set(), []
    for r in rows:
        tid, text = r["id"], norm(texts.get(r["id"], ""))
        terms = [t for t in r["jargon"].split("|") if t.strip()]
        n_jargon += bool(terms)
        for t in terms:
            terms_all.add(norm(t))
            check(term_in(t, text), f"test_tags {tid}: jargon {t!r} does not occur in the request")
            if term_in(t, hist_blob):
                leaks.append(f"{tid}: {t!r} occurs in history.csv")
            if term_in(t, org_blob):
                leaks.append(f"{tid}: {t!r} occurs in org.yaml")
        check(r["language"] in LANGS, f"test_tags {tid}: language {r['language']!r} not in {sorted(LANGS)}")
        check(r["has_referrer"] in ("0", "1") and r["has_typo"] in ("0", "1"), f"test_tags {tid}: flags must be 0/1")
        typos = [w for w in r["typo_words"].split("|") if w]
        check((r["has_typo"] == "1") == bool(typos), f"test_tags {tid}: has_typo and typo_words disagree")
        for w in typos:
            check(norm(w) in text, f"test_tags {tid}: typo {w!r} does not occur in the request")
            check(not term_in(w, hist_blob), f"test_tags {tid}: typo {w!r} also occurs in history.csv")
    for l in leaks:
        check(False, "jargon leak: " + l)
    n = len(rows)
    check(n_jargon >= MIN_JARGON_SHARE * n, f"test_tags: only {n_jargon}/{n} requests list jargon")
    langs = Counter(r["language"] for r in rows)
    en = langs["en"] / n if n else 0
    check(EN_SHARE[0] <= en <= EN_SHARE[1], f"test_tags: English share {en:.1%} outside {EN_SHARE}")
    n_ref = sum(r["has_referrer"] == "1" for r in rows)
    n_typo = sum(r["has_typo"] == "1" for r in rows)
    check(n_ref >= MIN_REFERRER, f"test_tags: only {n_ref} requests with a referrer")
    check(n_typo >= MIN_TYPO, f"test_tags: only {n_typo} requests with a typo")
    return dict(rows=n, with_jargon=n_jargon, distinct_terms=len(terms_all), langs=dict(langs),
                referrer=n_ref, typo=n_typo, leaks=len(leaks))


# ---------------------------------------------------------------- near-duplicates
def grams(s, n=4):
    s = squash(s)
    return {s} if len(s) < n else {s[i:i + n] for i in range(len(s) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def check_near_duplicates(history, texts):
    hg = [(r["id"], grams(r["text"])) for r in history]
    tg = [(i, grams(t)) for i, t in texts.items()]
    best = (0.0, "", "")
    for tid, b in tg:
        for hid, a in hg:
            j = jaccard(a, b)
            check(j <= JACCARD_LIMIT, f"near-duplicate: {tid} vs {hid} (4-gram Jaccard {j:.2f})")
            best = max(best, (j, tid, hid))
    for i in range(len(tg)):
        for k in range(i + 1, len(tg)):
            j = jaccard(tg[i][1], tg[k][1])
            check(j <= JACCARD_LIMIT, f"near-duplicate within test: {tg[i][0]} vs {tg[k][0]} ({j:.2f})")
    return best


def main():
    org_path = HERE / "org.yaml"
    dept_ids, n_staff = check_org(org_path)
    history = check_history(HERE / "history.csv", dept_ids)
    test, gold, n_also, per_dept = check_test(dept_ids)
    parts = check_parts(dept_ids)
    texts = {o["id"]: o["text"] for o in test}
    for o in parts:
        check(o["id"] not in texts, f"test_parts id {o['id']} clashes with a test id")
        texts[o["id"]] = o["text"]
    all_texts = [squash(t) for t in texts.values()] + [squash(r["text"]) for r in history]
    check(len(set(all_texts)) == len(all_texts), "duplicate text across history/test/parts")
    tags = check_tags(texts, history, org_path.read_text(encoding="utf-8"))
    best = check_near_duplicates(history, texts)

    hc = Counter(r["department"] for r in history)
    print(f"org.yaml        : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv     : {len(history)} rows ({min(hc.values())}-{max(hc.values())} per department)")
    print(f"test.jsonl      : {len(test)} requests ({min(per_dept.values())}-{max(per_dept.values())} per department), "
          f"{n_also} with also")
    print(f"test_parts.jsonl: {len(parts)} multi-department requests, "
          f"{sum(len(o['parts']) for o in parts)} parts")
    print(f"test_tags.csv   : {tags['rows']} rows, {tags['with_jargon']} list jargon, {tags['distinct_terms']} distinct terms, "
          f"languages {tags['langs']}, referrer {tags['referrer']}, typo {tags['typo']}, jargon leaks {tags['leaks']}")
    print(f"closest test/history pair: {best[1]} ~ {best[2]} (4-gram Jaccard {best[0]:.3f})")
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
