#!/usr/bin/env python3
"""Checks gold.json against org.yaml and the files on disk. Exit 1 on any error."""
import json, os, re, sys, datetime as dt
import yaml
HERE = os.path.dirname(os.path.abspath(__file__))
errors, warns = [], []
def err(m): errors.append(m)

org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
for k in ("name", "timezone", "calendar", "departments", "staff"):
    if k not in org: err(f"org.yaml: missing top-level key {k}")
dept_ids = [d["id"] for d in org["departments"]]
staff = {s["id"]: s for s in org["staff"]}
if len(set(dept_ids)) != len(dept_ids): err("org.yaml: duplicate department id")
if len(staff) != len(org["staff"]): err("org.yaml: duplicate staff id")
for d in org["departments"]:
    if not re.fullmatch(r"[a-z0-9_-]+", d["id"]): err(f"dept id {d['id']} not [a-z0-9_-]+")
    for k in ("name", "head", "description"):
        if not d.get(k): err(f"dept {d['id']}: missing {k}")
    if d.get("head") not in staff: err(f"dept {d['id']}: head {d.get('head')} not a staff id")
    elif staff[d["head"]]["department"] != d["id"]: err(f"dept {d['id']}: head in another department")
for s in org["staff"]:
    if s["department"] not in dept_ids: err(f"staff {s['id']}: unknown department {s['department']}")
# every name/alias belongs to exactly one person
seen = {}
for s in org["staff"]:
    for n in [s["name"]] + list(s.get("aliases", [])):
        if n in seen and seen[n] != s["id"]: err(f"name/alias {n} used by {seen[n]} and {s['id']}")
        seen[n] = s["id"]
n_alias = sum(1 for s in org["staff"] if s.get("aliases"))
print(f"org: {len(dept_ids)} departments, {len(staff)} staff, {n_alias} with aliases, {len(staff)-n_alias} without")

gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
if gold.get("org") != "org.yaml": err("gold.org must be org.yaml")

def read_lines(path):
    b = open(path, "rb").read()
    if b.startswith(b"\xef\xbb\xbf"): b = b[3:]
    try: text = b.decode("utf-8")
    except UnicodeDecodeError: text = b.decode("gbk")
    return text.replace("\r\n", "\n").split("\n"), b

data_files = sorted(f for f in os.listdir(HERE)
                    if os.path.isfile(os.path.join(HERE, f)) and not f.endswith((".py", ".md", ".json", ".yaml")))
gold_files = [d["file"] for d in gold["documents"]]
for f in data_files:
    if f not in gold_files: err(f"{f}: no gold entry")
total = 0
for doc in gold["documents"]:
    f = doc["file"]; p = os.path.join(HERE, f)
    if not os.path.exists(p): err(f"{f}: gold entry but file missing"); continue
    if set(doc) != {"file", "meeting_date", "pass_meeting_date", "items"}: err(f"{f}: bad document keys {set(doc)}")
    try: md = dt.date.fromisoformat(doc["meeting_date"])
    except Exception: err(f"{f}: bad meeting_date"); continue
    if not isinstance(doc["pass_meeting_date"], bool): err(f"{f}: pass_meeting_date not bool")
    lines, raw = read_lines(p)
    if not doc["items"]: err(f"{f}: no gold items")
    for i, it in enumerate(doc["items"]):
        where = f"{f} item {i+1} (line {it.get('line')})"
        total += 1
        if set(it) != {"task", "owners", "department", "due", "line"}: err(f"{where}: bad keys {set(it)}")
        if not it["task"]: err(f"{where}: empty task")
        for o in it["owners"]:
            if o not in staff: err(f"{where}: owner {o} not in org")
        dep = it["department"]
        if dep is not None and dep not in dept_ids: err(f"{where}: department {dep} not in org")
        odeps = {staff[o]["department"] for o in it["owners"] if o in staff}
        if len(it["owners"]) >= 1 and len(odeps) == 1 and dep != next(iter(odeps)):
            err(f"{where}: department {dep} != owner's department {odeps}")
        if len(odeps) > 1 and dep is not None: err(f"{where}: owners from several departments but department not null")
        if it["due"] is not None:
            try:
                due = dt.date.fromisoformat(it["due"])
                if due < md: err(f"{where}: due {due} before meeting {md}")
            except Exception: err(f"{where}: bad due {it['due']}")
        ln = it["line"]
        if not isinstance(ln, int) or not (1 <= ln <= len(lines)): err(f"{where}: line out of range"); continue
        t = lines[ln-1].strip()
        if not t or re.fullmatch(r"[\d:.,\s\->]+", t) or t == "WEBVTT": err(f"{where}: line is empty/timestamp: {t!r}")
    if len(set((it["line"], it["task"]) for it in doc["items"])) != len(doc["items"]): err(f"{f}: duplicate items")
    if not doc["pass_meeting_date"]:
        txt = "\n".join(lines[:12])
        y, m, dd = md.year, md.month, md.day
        pats = [f"{y}-{m:02d}-{dd:02d}", f"{y}/{m:02d}/{dd:02d}", f"{y}年{m}月{dd}日", md.strftime("%b %d, %Y").replace(" 0", " ")]
        if not any(pt in txt for pt in pats): err(f"{f}: pass_meeting_date false but date not found in header")
    # encoding expectations
    if f.startswith("a03"):
        try: raw.decode("utf-8"); err(f"{f}: expected GBK bytes, decodes as UTF-8")
        except UnicodeDecodeError: pass
    if f.startswith("a02"):
        fb = open(p, "rb").read()
        if not fb.startswith(b"\xef\xbb\xbf") or b"\r\n" not in fb: err(f"{f}: expected BOM + CRLF")
        if re.search(rb"[^\r]\n", fb): err(f"{f}: bare LF found")
    if f.endswith(".srt"):
        if b"\r\n" not in raw: err(f"{f}: expected CRLF")
print(f"gold: {len(gold['documents'])} documents, {total} items")
for e in errors: print("ERROR:", e)
if errors: sys.exit(1)
print("OK")
