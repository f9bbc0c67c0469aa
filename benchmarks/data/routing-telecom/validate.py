#!/usr/bin/env python3
"""Consistency check for the blind routing set routing-telecom (stdlib only).

    python3 validate.py        # paths are relative to this file

Checks org.yaml, history.csv, test.jsonl, test_gold.csv, test_tags.csv and
test_parts.jsonl: formats, ids, department ids, counts, and that every jargon
term listed for a test request occurs in that request but NOWHERE in
history.csv or org.yaml. Exit status 0 when everything holds, 1 otherwise.
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
TEST_MIN = 160                       # test requests in total
TEST_PER_DEPT_MIN = 12
MAX_ALSO_SHARE = 0.10
EN_SHARE = (0.08, 0.15)              # share of English test requests
MIN_REFERRER, MIN_TYPO, MIN_MIX = 10, 10, 10
PARTS_RANGE = (12, 20)
JACCARD_LIMIT = 0.6
ID_RE = re.compile(r"^[a-z0-9_-]+$")
CJK = re.compile(r"[\u4e00-\u9fff]")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).lower())


# ------------------------------------------------------------------ org.yaml
def _scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    return v


def _uncomment(line):
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
    """PyYAML when installed, else a reader for the block-style subset used here."""
    text = path.read_text(encoding="utf-8")
    try:
        import yaml  # noqa: PLC0415
        return yaml.safe_load(text)
    except ImportError:
        pass
    top, lists, section, item = {}, {"departments": [], "staff": []}, None, None
    for raw in text.splitlines():
        line = _uncomment(raw)
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
        key, _, val = body.partition(":")
        item[key.strip()] = _scalar(val)
    top.update(lists)
    return top


def check_org(path):
    org = read_org(path)
    check(bool(org.get("name")), "org: name missing")
    check(org.get("timezone") == "Asia/Shanghai", "org: timezone should be Asia/Shanghai")
    check(org.get("calendar") == "cn", "org: calendar should be cn")
    depts, staff = org.get("departments") or [], org.get("staff") or []
    check(len(depts) == N_DEPTS, f"org: expected {N_DEPTS} departments, found {len(depts)}")
    ids = [str(d.get("id", "")) for d in depts]
    sids = [str(s.get("id", "")) for s in staff]
    check(len(set(ids)) == len(ids), f"org: duplicate department id in {ids}")
    check(len(set(sids)) == len(sids), "org: duplicate staff id")
    check(not set(ids) & set(sids), "org: an id is used both for a department and a person")
    staff_dept = {str(s.get("id")): s.get("department") for s in staff}
    per_dept = Counter(staff_dept.values())
    for d in depts:
        did = str(d.get("id", ""))
        check(bool(ID_RE.match(did)), f"org: department id {did!r} is not [a-z0-9_-]+")
        check(bool(d.get("name")), f"org: department {did}: name missing")
        check(isinstance(d.get("aliases"), list) and len(d["aliases"]) >= 1, f"org: department {did}: aliases missing")
        desc = d.get("description") or ""
        check(bool(desc) and desc.count("。") <= 1, f"org: department {did}: description should be one sentence")
        kw = d.get("keywords")
        check(isinstance(kw, list) and 3 <= len(kw) <= 6, f"org: department {did}: needs 3-6 keywords")
        check(staff_dept.get(d.get("head")) == did, f"org: department {did}: head {d.get('head')!r} is not staff of {did}")
        check(staff_dept.get(d.get("liaison")) == did,
              f"org: department {did}: liaison (协作接口人) {d.get('liaison')!r} is not staff of {did}")
        check(per_dept[did] >= 3, f"org: department {did}: fewer than 3 staff")
    for s in staff:
        sid = str(s.get("id", ""))
        check(bool(ID_RE.match(sid)), f"org: staff id {sid!r} is not [a-z0-9_-]+")
        check(bool(s.get("name")), f"org: staff {sid}: name missing")
        check(s.get("department") in ids, f"org: staff {sid}: unknown department {s.get('department')!r}")
        check(bool(s.get("title")), f"org: staff {sid}: title missing")
        check(isinstance(s.get("skills"), list) and len(s["skills"]) >= 1, f"org: staff {sid}: skills missing")
        hpw = s.get("hours_per_week", 40)
        check(isinstance(hpw, int) or str(hpw).isdigit(), f"org: staff {sid}: hours_per_week not an integer")
    return ids, len(staff)


# ------------------------------------------------------------------ csv helpers
def read_csv(path, header):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(bool(rows) and rows[0] == header, f"{path.name}: header should be {','.join(header)}")
    for n, r in enumerate(rows[1:], 2):
        check(len(r) == len(header), f"{path.name}:{n}: expected {len(header)} fields, got {len(r)}")
    return [dict(zip(header, r)) for r in rows[1:]]


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
    texts = [norm(r["text"]) for r in rows]
    check(len(set(texts)) == len(texts), "history: duplicate texts")
    return rows


def check_test(dept_ids):
    items = []
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
        items.append(obj)
    check(len(items) >= TEST_MIN, f"test: expected at least {TEST_MIN} requests, found {len(items)}")
    ids = [o["id"] for o in items]
    check(len(set(ids)) == len(ids), "test: duplicate ids")
    check(all(re.fullmatch(r"t\d{3}", i) for i in ids), "test: ids should look like t001")
    texts = [norm(o["text"]) for o in items]
    check(len(set(texts)) == len(texts), "test: duplicate texts")

    gold = read_csv(HERE / "test_gold.csv", ["id", "department", "also"])
    check([g["id"] for g in gold] == ids, "test_gold: ids must match test.jsonl one-to-one, in order")
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
    return items, gold, n_also


# ------------------------------------------------------------------ jargon
def term_in(term, haystack):
    """Normalised substring test; ASCII terms must not be glued to other ASCII letters/digits."""
    t = unicodedata.normalize("NFKC", term).lower().strip()
    if re.fullmatch(r"[ -~]+", t):
        # ASCII term: match on the text with single spaces kept, not glued to other letters/digits
        spaced = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", haystack).lower())
        pat = r"(?<![a-z0-9])" + re.escape(re.sub(r"\s+", " ", t)) + r"(?![a-z0-9])"
        return re.search(pat, spaced) is not None
    return norm(t) in norm(haystack)


def check_tags(items, history, org_text):
    tags = read_csv(HERE / "test_tags.csv", ["id", "jargon", "language", "has_referrer", "has_typo"])
    check([t["id"] for t in tags] == [o["id"] for o in items], "test_tags: ids must match test.jsonl one-to-one, in order")
    text_of = {o["id"]: o["text"] for o in items}
    hist_blob = "\n".join(r["text"] for r in history)
    org_blob = org_text
    n_terms, leaks = 0, []
    for t in tags:
        tid = t["id"]
        terms = [x.strip() for x in t["jargon"].split("|") if x.strip()]
        check(len(terms) >= 1, f"test_tags {tid}: no jargon term listed")
        check(t["language"] in ("zh", "en", "mix"), f"test_tags {tid}: language must be zh, en or mix")
        check(t["has_referrer"] in ("0", "1") and t["has_typo"] in ("0", "1"), f"test_tags {tid}: flags must be 0/1")
        text = text_of.get(tid, "")
        for term in terms:
            n_terms += 1
            check(term_in(term, text), f"test_tags {tid}: jargon {term!r} does not occur in the request text")
            where = [n for n, blob in (("history.csv", hist_blob), ("org.yaml", org_blob)) if term_in(term, blob)]
            if where:
                leaks.append(f"{tid}: {term!r} occurs in {' and '.join(where)}")
        cjk = len(CJK.findall(text))
        latin = len(re.findall(r"[A-Za-z]{2,}", text))
        if t["language"] == "en":
            check(cjk == 0, f"test_tags {tid}: language en but the text has Chinese characters")
        elif t["language"] == "mix":
            check(cjk > 0 and latin > 0, f"test_tags {tid}: language mix needs both Chinese and English words")
        else:
            check(cjk > 0, f"test_tags {tid}: language zh but no Chinese characters")
    for leak in leaks:
        check(False, "jargon leak: " + leak)
    n = len(tags) or 1
    langs = Counter(t["language"] for t in tags)
    en_share = langs["en"] / n
    check(EN_SHARE[0] <= en_share <= EN_SHARE[1], f"test_tags: English share {en_share:.1%} outside {EN_SHARE}")
    n_ref = sum(t["has_referrer"] == "1" for t in tags)
    n_typo = sum(t["has_typo"] == "1" for t in tags)
    check(n_ref >= MIN_REFERRER, f"test_tags: only {n_ref} requests with a referrer")
    check(n_typo >= MIN_TYPO, f"test_tags: only {n_typo} requests with a typo")
    check(langs["mix"] >= MIN_MIX, f"test_tags: only {langs['mix']} mixed-language requests")
    return dict(terms=n_terms, langs=langs, ref=n_ref, typo=n_typo)


# ------------------------------------------------------------------ parts
def check_parts(dept_ids, test_texts):
    rows = []
    for no, line in enumerate((HERE / "test_parts.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            check(False, f"test_parts.jsonl:{no}: bad JSON ({e})")
            continue
        rows.append(obj)
        pid = obj.get("id", f"line {no}")
        check(re.fullmatch(r"p\d{3}", str(obj.get("id", ""))) is not None, f"test_parts {pid}: id should look like p001")
        text = obj.get("text", "")
        check(isinstance(text, str) and text.strip() != "", f"test_parts {pid}: empty text")
        check(norm(text) not in test_texts, f"test_parts {pid}: text duplicates a test.jsonl request")
        parts = obj.get("parts")
        if not check(isinstance(parts, list) and len(parts) >= 2, f"test_parts {pid}: needs 2 or more parts"):
            continue
        deps = [p.get("department") for p in parts]
        check(len(set(deps)) == len(deps), f"test_parts {pid}: a department appears twice")
        for k, p in enumerate(parts):
            check(set(p) >= {"department", "role", "text"}, f"test_parts {pid}: part {k} needs department, role, text")
            check(p.get("department") in dept_ids, f"test_parts {pid}: unknown department {p.get('department')!r}")
            check(p.get("role") == ("lead" if k == 0 else "support"),
                  f"test_parts {pid}: part {k} role should be {'lead' if k == 0 else 'support'}")
            check(bool(p.get("text")) and p["text"] in text, f"test_parts {pid}: span {p.get('text')!r} is not in the text")
        for m in obj.get("mentioned_not_parts", []):
            check(m in dept_ids and m not in deps, f"test_parts {pid}: mentioned_not_parts {m!r} invalid or also a part")
    ids = [r.get("id") for r in rows]
    check(len(set(ids)) == len(ids), "test_parts: duplicate ids")
    check(PARTS_RANGE[0] <= len(rows) <= PARTS_RANGE[1], f"test_parts: {len(rows)} rows, expected {PARTS_RANGE}")
    return rows


# ------------------------------------------------------------------ near-duplicates
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


def main():
    org_path = HERE / "org.yaml"
    dept_ids, n_staff = check_org(org_path)
    history = check_history(HERE / "history.csv", dept_ids)
    test, gold, n_also = check_test(dept_ids)
    stats = check_tags(test, history, org_path.read_text(encoding="utf-8"))
    parts = check_parts(dept_ids, {norm(o["text"]) for o in test})
    top = check_near_duplicates(history, test)

    print(f"org.yaml         : {len(dept_ids)} departments, {n_staff} staff")
    print(f"history.csv      : {len(history)} rows, per department "
          f"{min(Counter(r['department'] for r in history).values())}-{max(Counter(r['department'] for r in history).values())}")
    print(f"test.jsonl       : {len(test)} requests; {n_also} with also")
    print(f"test_tags.csv    : {stats['terms']} jargon terms; languages {dict(stats['langs'])}; "
          f"{stats['ref']} with referrer; {stats['typo']} with typo")
    print(f"test_parts.jsonl : {len(parts)} multi-department requests, "
          f"{sum(len(p.get('parts', [])) for p in parts)} parts")
    print("closest history/test pairs (4-gram Jaccard): " + ", ".join(f"{t}~{h} {j:.2f}" for j, h, t in top))
    if failures:
        print(f"\nFAILED ({len(failures)}):")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
