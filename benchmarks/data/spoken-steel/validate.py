#!/usr/bin/env python3
"""Validate the steel blind set: org.yaml, gold.json, gold_evidence.json and
the 8 meeting files. Exits non-zero on any failure; prints item counts."""
import codecs, datetime as dt, json, os, re, sys
import yaml
import chinese_calendar as cc

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []

def err(msg):
    errors.append(msg)

# ---------------- org ----------------
org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
dept_ids = [d["id"] for d in org["departments"]]
staff = {s["id"]: s for s in org["staff"]}
if len(set(dept_ids)) != len(dept_ids): err("org: duplicate department id")
if len(staff) != len(org["staff"]): err("org: duplicate staff id")
for d in org["departments"]:
    if not re.fullmatch(r"[a-z0-9_-]+", d["id"]): err(f"org: bad dept id {d['id']}")
    for k in ("head", "liaison"):
        if d.get(k) not in staff: err(f"org: dept {d['id']} {k} {d.get(k)} not a staff id")
names = {}
for s in org["staff"]:
    if s["department"] not in dept_ids: err(f"org: {s['id']} in unknown dept {s['department']}")
    for n in [s["name"]] + list(s.get("aliases", [])):
        k = n.lower()
        if k in names and names[k] != s["id"]:
            err(f"org: name/alias {n!r} used by {names[k]} and {s['id']}")
        names[k] = s["id"]
if not (10 <= len(dept_ids) <= 13): err(f"org: {len(dept_ids)} departments, want 10-13")

# ---------------- files ----------------
def read_lines(path):
    raw = open(path, "rb").read()
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[3:].decode("utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gbk")
    return raw, text.replace("\r\n", "\n").split("\n")

# ---------------- due-date rules ----------------
WD = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
      "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4}
MONTHS_EN = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                               "august", "september", "october", "november", "december"])}

def nth_workday(d, n):
    while n:
        d += dt.timedelta(days=1)
        if cc.is_workday(d): n -= 1
    return d

def resolve(rule, m):
    r = rule.strip().lower()
    if r in ("无日期", "no date", "asap"): return None
    if r in ("今天", "today") or r.startswith("今晚"): return m
    if r in ("明天", "tomorrow"): return m + dt.timedelta(days=1)
    if r == "后天": return m + dt.timedelta(days=2)
    mm = re.fullmatch(r"(?:周|这周)([一二三四五六日天])(?:（.*）)?|(monday|tuesday|wednesday|thursday|friday)", r)
    if mm:
        w = WD[mm.group(1) or mm.group(2)]
        d = m + dt.timedelta(days=w - m.weekday())
        return d if d >= m else d + dt.timedelta(days=7)
    mm = re.fullmatch(r"下周([一二三四五六日天])", r)
    if mm:
        return m + dt.timedelta(days=7 - m.weekday() + WD[mm.group(1)])
    if r in ("本周内", "this week", "end of week"): return m + dt.timedelta(days=4 - m.weekday())
    if r in ("下周内", "next week"): return m + dt.timedelta(days=11 - m.weekday())
    if r in ("月底", "end of month", "eom"):
        nxt = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    if r == "年底": return dt.date(m.year, 12, 31)
    mm = re.fullmatch(r"(\d+)月(\d+)日", r) or re.fullmatch(r"(\d+)-(\d+)", r)
    if mm:
        d = dt.date(m.year, int(mm.group(1)), int(mm.group(2)))
        return d if d >= m else dt.date(m.year + 1, d.month, d.day)
    mm = re.fullmatch(r"(" + "|".join(MONTHS_EN) + r") (\d+)", r)
    if mm:
        d = dt.date(m.year, MONTHS_EN[mm.group(1)], int(mm.group(2)))
        return d if d >= m else dt.date(m.year + 1, d.month, d.day)
    mm = re.fullmatch(r"(?:(\d+)个工作日|(\d+) business days)", r)
    if mm: return nth_workday(m, int(mm.group(1) or mm.group(2)))
    mm = re.fullmatch(r"(\d+)天", r)
    if mm: return m + dt.timedelta(days=int(mm.group(1)))
    if r == "10月10日": return dt.date(m.year, 10, 10)
    if r in ("节后第一天", "节前"):
        # next statutory holiday block after the meeting date
        d = m
        while cc.is_workday(d) or not cc.get_holiday_detail(d)[1]:
            d += dt.timedelta(days=1)
        if r == "节前":
            p = d - dt.timedelta(days=1)
            while not cc.is_workday(p): p -= dt.timedelta(days=1)
            return p
        while not cc.is_workday(d): d += dt.timedelta(days=1)
        return d
    raise ValueError(f"unknown due rule {rule!r}")

# ---------------- meeting date from the document ----------------
def doc_date(fname, lines):
    mm = re.match(r"GMT(\d{8})-(\d{6})_", fname)
    if mm:
        utc = dt.datetime.strptime(mm.group(1) + mm.group(2), "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc)
        return utc.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    head = "\n".join(lines[:8])
    for pat, fmt in ((r"(\d{4})年(\d{1,2})月(\d{1,2})日", None), (r"(\d{4})[/-](\d{2})[/-](\d{2})", None)):
        mm = re.search(pat, head)
        if mm: return dt.date(int(mm.group(1)), int(mm.group(2)), int(mm.group(3)))
    mm = re.search(r"([A-Z][a-z]{2}) (\d{1,2}), (\d{4})", head)
    if mm:
        return dt.datetime.strptime(" ".join(mm.groups()), "%b %d %Y").date()
    return None

# ---------------- gold ----------------
gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
if gold.get("org") != "org.yaml": err("gold: org must be org.yaml")
expected_files = {f for f in os.listdir(HERE) if f.endswith((".txt", ".vtt", ".srt"))}
gold_files = [d["file"] for d in gold["documents"]]
if set(gold_files) != expected_files: err(f"gold files {sorted(gold_files)} != meeting files {sorted(expected_files)}")
if set(ev) != set(gold_files): err("evidence keys differ from gold files")

total = 0
counts = {}
for doc in gold["documents"]:
    f = doc["file"]
    if set(doc) != {"file", "meeting_date", "pass_meeting_date", "items"}: err(f"{f}: doc keys {sorted(doc)}")
    raw, lines = read_lines(os.path.join(HERE, f))
    m = dt.date.fromisoformat(doc["meeting_date"])
    dd = doc_date(f, lines)
    if doc["pass_meeting_date"]:
        if dd is not None: err(f"{f}: pass_meeting_date true but a date {dd} is in the header/file name")
    elif dd != m:
        err(f"{f}: meeting_date {m} but document gives {dd}")
    evi = ev.get(f, [])
    if len(evi) != len(doc["items"]): err(f"{f}: {len(doc['items'])} gold items but {len(evi)} evidence entries")
    for i, (it, e) in enumerate(zip(doc["items"], evi), 1):
        tag = f"{f} item {i}"
        if set(it) != {"task", "owners", "department", "due", "line"}: err(f"{tag}: keys {sorted(it)}")
        for o in it["owners"]:
            if o not in staff: err(f"{tag}: owner {o} not in org.yaml")
        if it["department"] is not None and it["department"] not in dept_ids:
            err(f"{tag}: department {it['department']} not in org.yaml")
        odepts = {staff[o]["department"] for o in it["owners"] if o in staff}
        if len(odepts) == 1 and it["department"] != next(iter(odepts)):
            err(f"{tag}: department {it['department']} but owners are in {odepts}")
        if len(odepts) > 1 and it["department"] is not None:
            err(f"{tag}: owners from several departments need department null")
        due = None
        if it["due"] is not None:
            try:
                due = dt.date.fromisoformat(it["due"])
            except ValueError:
                err(f"{tag}: bad due {it['due']!r}"); continue
            if due < m: err(f"{tag}: due {due} before meeting {m}")
        try:
            want = resolve(e["due_rule"], m)
            if want != due: err(f"{tag}: due {due} but rule {e['due_rule']!r} gives {want}")
        except ValueError as x:
            err(f"{tag}: {x}")
        ln = it["line"]
        if not (isinstance(ln, int) and 1 <= ln <= len(lines)):
            err(f"{tag}: line {ln} out of range"); continue
        if e["line"] != ln or e["task"] != it["task"]: err(f"{tag}: evidence entry does not match gold item")
        if e["quote"] not in lines[ln - 1]: err(f"{tag}: quote not on line {ln}: {e['quote']!r}")
        text = "\n".join(lines)
        for q in e.get("also", []):
            if q not in text: err(f"{tag}: supporting quote not in file: {q!r}")
        if f.endswith((".vtt", ".srt")):
            l = lines[ln - 1]
            if "-->" in l or re.fullmatch(r"\d+|[0-9a-f-]{36}/\d+-\d+", l.strip()):
                err(f"{tag}: line {ln} is not cue text")
    # encodings as designed
    if f.startswith("m6_"):
        try:
            raw.decode("utf-8"); err(f"{f}: should be GBK, but is valid UTF-8")
        except UnicodeDecodeError:
            raw.decode("gbk")
        if b"\r\n" not in raw: err(f"{f}: expected CRLF")
    if f.startswith(("m2_", "m5_")) and not raw.startswith(codecs.BOM_UTF8): err(f"{f}: expected UTF-8 BOM")
    if f.startswith("m2_") and raw.count(b"\r\n") != raw.count(b"\n"): err(f"{f}: expected CRLF throughout")
    counts[f] = len(doc["items"])
    total += len(doc["items"])

for f, n in counts.items():
    print(f"{n:3d}  {f}")
print(f"{total:3d}  total items in {len(counts)} files; org: {len(dept_ids)} departments, {len(staff)} staff")
owners_none = sum(1 for d in gold["documents"] for i in d["items"] if not i["owners"])
multi = sum(1 for d in gold["documents"] for i in d["items"] if len(i["owners"]) > 1)
nodue = sum(1 for d in gold["documents"] for i in d["items"] if i["due"] is None)
print(f"     owners []: {owners_none}, several owners: {multi}, due null: {nodue}")
if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors: print(" -", e)
    sys.exit(1)
print("OK")
