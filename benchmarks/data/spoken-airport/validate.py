#!/usr/bin/env python3
"""Checks the spoken-airport gold: files exist, owners/departments exist in org.yaml,
dates parse, gold.json has exactly the minutes-dev fields, and each item's evidence
quote (gold_evidence.json) is on the gold line of its file (BOM not a line, CRLF = one break).
Also re-derives each due date from its recorded rule with chinese_calendar when installed."""
import datetime as dt, json, os, sys, codecs
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
errs = []
def err(m): errs.append(m)

org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
dept_ids = [d["id"] for d in org["departments"]]
staff = {s["id"]: s for s in org["staff"]}
if len(staff) != len(org["staff"]): err("duplicate staff id")
if len(set(dept_ids)) != len(dept_ids): err("duplicate department id")
for s in org["staff"]:
    if s["department"] not in dept_ids: err(f"staff {s['id']} in unknown department {s['department']}")
for d in org["departments"]:
    if d["head"] not in staff: err(f"department {d['id']} head {d['head']} not a staff id")
    elif staff[d["head"]]["department"] != d["id"]: err(f"head of {d['id']} is in another department")
names = {}
for s in org["staff"]:
    for n in [s["name"]] + s.get("aliases", []):
        if n in names: err(f"name/alias {n} used by {names[n]} and {s['id']}")
        names[n] = s["id"]
for k in ("timezone", "calendar"):
    if k not in org: err(f"org.yaml lacks {k}")

gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
if set(gold) != {"org", "documents"}: err(f"gold top-level keys {set(gold)}")
DOC_KEYS = {"file", "meeting_date", "pass_meeting_date", "items"}
ITEM_KEYS = {"task", "owners", "department", "due", "line"}
evmap = {d["file"]: d for d in ev["documents"]}

try:
    import chinese_calendar as cc
    sys.path.insert(0, HERE)
    from build import due as due_rule
except Exception as e:  # noqa
    due_rule = None
    print("note: chinese_calendar/build.due unavailable, due rules not re-derived:", e)

def read_lines(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            txt = raw.decode(enc); break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("cannot decode " + path)
    return txt.replace("\r\n", "\n").split("\n")

total = 0
for doc in gold["documents"]:
    f = doc["file"]
    if set(doc) != DOC_KEYS: err(f"{f}: document keys {set(doc)}")
    p = os.path.join(HERE, f)
    if not os.path.exists(p): err(f"{f}: missing"); continue
    lines = read_lines(p)
    md = dt.date.fromisoformat(doc["meeting_date"])
    if not isinstance(doc["pass_meeting_date"], bool): err(f"{f}: pass_meeting_date not bool")
    e = evmap.get(f)
    if not e or len(e["items"]) != len(doc["items"]): err(f"{f}: evidence list does not match items"); continue
    for it, ei in zip(doc["items"], e["items"]):
        total += 1
        tag = f"{f} line {it.get('line')}"
        if set(it) != ITEM_KEYS: err(f"{tag}: item keys {set(it)}")
        for o in it["owners"]:
            if o not in staff: err(f"{tag}: owner {o} not in org")
        if it["department"] is not None and it["department"] not in dept_ids: err(f"{tag}: department {it['department']} unknown")
        if len(it["owners"]) == 1 and it["department"] != staff[it["owners"][0]]["department"]:
            err(f"{tag}: department {it['department']} is not the single owner's department")
        if len(it["owners"]) > 1:
            ds = {staff[o]["department"] for o in it["owners"]}
            exp = ds.pop() if len(ds) == 1 else None
            if it["department"] != exp: err(f"{tag}: multi-owner department should be {exp}")
        if it["due"] is not None:
            try:
                dd = dt.date.fromisoformat(it["due"])
                if dd < md: err(f"{tag}: due before meeting date")
            except ValueError:
                err(f"{tag}: bad due {it['due']}")
            if due_rule and ei["due_rule"] and due_rule(md, tuple(ei["due_rule"])).isoformat() != it["due"]:
                err(f"{tag}: due {it['due']} != rule {ei['due_rule']}")
        elif ei["due_rule"]:
            err(f"{tag}: due null but rule given")
        ln = it["line"]
        if not (isinstance(ln, int) and 1 <= ln <= len(lines)): err(f"{tag}: line out of range"); continue
        if ei["line"] != ln or ei["evidence"] not in lines[ln - 1]:
            err(f"{tag}: evidence {ei['evidence']!r} not on that line: {lines[ln - 1]!r}")
        if sum(ei["evidence"] in l for l in lines) != 1: err(f"{tag}: evidence not unique in file")
    # the meeting date must be in the document text, unless only the file name carries it
    if not doc["pass_meeting_date"]:
        body = "\n".join(lines[:12])
        forms = [md.isoformat(), f"{md.year}年{md.month}月{md.day}日", f"{md.year}/{md.month:02d}/{md.day:02d}",
                 f"{md.year}年{md.month}月{md.day}号", md.strftime("%b %-d, %Y")]
        if not any(x in body for x in forms) and not f.startswith("GMT"):
            err(f"{f}: meeting date {md} not found near the top")
        if f.startswith("GMT"):
            from zoneinfo import ZoneInfo
            g = dt.datetime.strptime(f[3:18], "%Y%m%d-%H%M%S").replace(tzinfo=dt.timezone.utc)
            if g.astimezone(ZoneInfo(org["timezone"])).date() != md: err(f"{f}: file-name date does not give {md} in {org['timezone']}")

if errs:
    print("\n".join("FAIL " + e for e in errs)); sys.exit(1)
print(f"OK: {len(gold['documents'])} documents, {total} items, {len(staff)} staff, {len(dept_ids)} departments")
