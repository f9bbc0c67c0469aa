#!/usr/bin/env python3
"""Validate the shipyard minutes set: org.yaml, gold.json, gold_evidence.json and the
meeting files. Exit code 0 when everything passes.

Checks
- org.yaml: loads, unique ids, every staff department and every head exists,
  each alias/name belongs to one person only.
- gold.json: same shape as minutes-dev/gold.json; every file exists; owners exist;
  department is a department id or null and agrees with a single owner's department;
  due is an ISO date (or null) not before the meeting date; line is inside the file.
- gold_evidence.json: one entry per gold item, same order; the first quote is on the
  gold line, every quote occurs in the file; the due date recomputed from due_rule
  (ANNOTATION.md rules, cn calendar via chinese_calendar) equals the gold due.
- encodings: the GBK file is not valid UTF-8 and decodes as GBK; BOM/CRLF as documented.
- Zoom file: GMT time in the file name converted to Asia/Shanghai gives the meeting date.
- prints the item counts per file.
"""
import calendar, datetime as dt, json, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []

def err(msg):
    errors.append(msg)

# ---------------------------------------------------------------- due rules
def resolve(rule, md):
    import chinese_calendar as cc
    if rule is None:
        return None
    key = rule.split()[0]
    monday = md - dt.timedelta(days=md.weekday())
    if key == "today":
        return md
    if key == "tomorrow":
        return md + dt.timedelta(days=1)
    if key.startswith("weekday:"):
        d = monday + dt.timedelta(days=int(key.split(":")[1]) - 1)
        return d if d >= md else d + dt.timedelta(days=7)
    if key.startswith("next_week_day:"):
        return monday + dt.timedelta(days=7 + int(key.split(":")[1]) - 1)
    if key == "this_week":
        return monday + dt.timedelta(days=4)
    if key == "next_week":
        return monday + dt.timedelta(days=11)
    if key == "month_end":
        return md.replace(day=calendar.monthrange(md.year, md.month)[1])
    if key == "year_end":
        return dt.date(md.year, 12, 31)
    if key.startswith("date:"):
        return dt.date.fromisoformat(key[5:])
    if key.startswith("workdays:"):
        n, d = int(key.split(":")[1]), md
        while n:
            d += dt.timedelta(days=1)
            if cc.is_workday(d):
                n -= 1
        return d
    if key in ("first_workday_after_holiday", "last_workday_before_holiday"):
        d = md + dt.timedelta(days=1)
        while not (cc.is_holiday(d) and cc.get_holiday_detail(d)[1]):
            d += dt.timedelta(days=1)
        if key == "last_workday_before_holiday":
            d -= dt.timedelta(days=1)
            while not cc.is_workday(d):
                d -= dt.timedelta(days=1)
            return d
        while not cc.is_workday(d):
            d += dt.timedelta(days=1)
        return d
    raise ValueError("unknown due rule %r" % rule)

# ---------------------------------------------------------------- file reading
def read_lines(name):
    raw = open(os.path.join(HERE, name), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gbk")
    return text.replace("\r\n", "\n").split("\n")

# ---------------------------------------------------------------- org
org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
dept_ids = [d["id"] for d in org["departments"]]
staff = {s["id"]: s for s in org["staff"]}
if len(set(dept_ids)) != len(dept_ids):
    err("org.yaml: duplicate department id")
if len(staff) != len(org["staff"]):
    err("org.yaml: duplicate staff id")
for d in org["departments"]:
    if not re.fullmatch(r"[a-z0-9_-]+", d["id"]):
        err("org.yaml: bad department id %s" % d["id"])
    if d["head"] not in staff or staff[d["head"]]["department"] != d["id"]:
        err("org.yaml: head %s of %s is not staff of that department" % (d["head"], d["id"]))
seen = {}
for s in org["staff"]:
    if s["department"] not in dept_ids:
        err("org.yaml: %s in unknown department %s" % (s["id"], s["department"]))
    for n in [s["name"]] + list(s.get("aliases") or []):
        if n in seen and seen[n] != s["id"]:
            err("org.yaml: name %s used by %s and %s" % (n, seen[n], s["id"]))
        seen[n] = s["id"]

# ---------------------------------------------------------------- gold
gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
if set(gold) != {"org", "documents"} or gold["org"] != "org.yaml":
    err("gold.json: top-level keys must be org, documents")
ev_docs = {d["file"]: d for d in ev["documents"]}
total = 0
counts = []
for doc in gold["documents"]:
    f = doc["file"]
    if set(doc) != {"file", "meeting_date", "pass_meeting_date", "items"}:
        err("%s: document keys %s" % (f, sorted(doc)))
    if not os.path.exists(os.path.join(HERE, f)):
        err("%s: file missing" % f); continue
    lines = read_lines(f)
    md = dt.date.fromisoformat(doc["meeting_date"])
    e = ev_docs.get(f)
    if not e or len(e["items"]) != len(doc["items"]):
        err("%s: evidence missing or item count differs" % f); continue
    if e["meeting_date"] != doc["meeting_date"] or e["pass_meeting_date"] != doc["pass_meeting_date"]:
        err("%s: evidence meeting date differs" % f)
    n_null = n_noowner = 0
    for k, (it, ei) in enumerate(zip(doc["items"], e["items"])):
        tag = "%s item %d (%s)" % (f, k + 1, it["task"])
        if set(it) != {"task", "owners", "department", "due", "line"}:
            err("%s: keys %s" % (tag, sorted(it)))
        if it["task"] != ei["task"] or it["owners"] != ei["owners"] or it["department"] != ei["department"]:
            err("%s: gold and evidence disagree" % tag)
        for o in it["owners"]:
            if o not in staff:
                err("%s: owner %s not in org.yaml" % (tag, o))
        if it["department"] is not None and it["department"] not in dept_ids:
            err("%s: unknown department %s" % (tag, it["department"]))
        depts = {staff[o]["department"] for o in it["owners"] if o in staff}
        if len(depts) == 1 and it["department"] != next(iter(depts)):
            err("%s: department %s but owner is in %s" % (tag, it["department"], depts))
        if len(depts) > 1 and it["department"] is not None:
            err("%s: owners from several departments need department null" % tag)
        if not it["owners"]:
            n_noowner += 1
        if it["due"] is None:
            n_null += 1
        else:
            try:
                due = dt.date.fromisoformat(it["due"])
                if due < md:
                    err("%s: due %s before meeting date" % (tag, due))
            except ValueError:
                err("%s: bad due %r" % (tag, it["due"]))
        want = resolve(ei["due_rule"], md)
        if (want.isoformat() if want else None) != it["due"]:
            err("%s: due %s but rule %r gives %s" % (tag, it["due"], ei["due_rule"], want))
        if not (isinstance(it["line"], int) and 1 <= it["line"] <= len(lines)):
            err("%s: line %r outside file" % (tag, it["line"])); continue
        if ei["quotes"][0] not in lines[it["line"] - 1]:
            err("%s: first quote not on line %d" % (tag, it["line"]))
        for q in ei["quotes"]:
            if not any(q in l for l in lines):
                err("%s: quote not in file: %r" % (tag, q))
    total += len(doc["items"])
    counts.append((f, doc["meeting_date"], len(doc["items"]), n_noowner, n_null))

# ---------------------------------------------------------------- encodings and dates
def raw(name):
    return open(os.path.join(HERE, name), "rb").read()
try:
    raw("sy06_asr_raw_dump_gbk.txt").decode("utf-8"); err("sy06 should be GBK, is valid UTF-8")
except UnicodeDecodeError:
    raw("sy06_asr_raw_dump_gbk.txt").decode("gbk")
if not raw("sy02_tencent_H1272_sea_trial.txt").startswith(b"\xef\xbb\xbf") or b"\r\n" not in raw("sy02_tencent_H1272_sea_trial.txt"):
    err("sy02 should be UTF-8 with BOM and CRLF")
if b"\r\n" not in raw("sy05_paint_quality_special.srt"):
    err("sy05 should have CRLF")
for doc in gold["documents"]:
    m = re.match(r"GMT(\d{8})-(\d{6})_", doc["file"])
    if m:
        utc = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
        local = (utc + dt.timedelta(hours=8)).date()
        if local.isoformat() != doc["meeting_date"]:
            err("%s: GMT name gives local date %s" % (doc["file"], local))
for f in os.listdir(HERE):
    if f.startswith(("sy0", "GMT")) and f not in {d["file"] for d in gold["documents"]}:
        err("meeting file %s has no gold entry" % f)

print("%-46s %-11s %5s %9s %8s" % ("file", "date", "items", "no owner", "due null"))
for c in counts:
    print("%-46s %-11s %5d %9d %8d" % c)
print("total items:", total, "documents:", len(counts), "staff:", len(staff), "departments:", len(dept_ids))
if errors:
    print("\nFAILED:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("OK")
