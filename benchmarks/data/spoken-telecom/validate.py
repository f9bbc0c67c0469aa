#!/usr/bin/env python3
"""Checks the spoken-telecom set: files exist, owners/departments exist in org.yaml,
dates parse, each gold line holds its evidence quote, gold.json has exactly the minutes-dev fields."""
import datetime as dt, json, os, sys, yaml

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []
def err(m): errors.append(m)

def read_lines(path, enc):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"): raw = raw[3:]
    text = raw.decode(enc.replace("-sig", ""))
    return text.replace("\r\n", "\n").split("\n")

org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
depts = {d["id"] for d in org["departments"]}
staff = {s["id"]: s for s in org["staff"]}
ids = [s["id"] for s in org["staff"]]
if len(ids) != len(set(ids)): err("duplicate staff id")
for s in org["staff"]:
    if s["department"] not in depts: err(f"staff {s['id']} in unknown department {s['department']}")
for d in org["departments"]:
    if d["head"] not in staff: err(f"department {d['id']} head {d['head']} not in staff")
    elif staff[d["head"]]["department"] != d["id"]: err(f"head of {d['id']} is in another department")
names = [s["name"] for s in org["staff"]] + [a for s in org["staff"] for a in s.get("aliases", [])]
if len(names) != len(set(names)): err("a name/alias belongs to two people")

gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
if set(gold) != {"org", "documents"}: err("gold.json top-level keys")
evmap = {d["file"]: d for d in ev["documents"]}
n = 0
for doc in gold["documents"]:
    if set(doc) != {"file", "meeting_date", "pass_meeting_date", "items"}: err(f"{doc['file']}: doc keys {set(doc)}")
    path = os.path.join(HERE, doc["file"])
    if not os.path.exists(path): err(f"missing file {doc['file']}"); continue
    md = dt.date.fromisoformat(doc["meeting_date"])
    if not (md.year == 2026 and md.month == 12): err(f"{doc['file']}: meeting not in Dec 2026")
    e = evmap.get(doc["file"])
    if not e or len(e["items"]) != len(doc["items"]): err(f"{doc['file']}: evidence mismatch"); continue
    lines = read_lines(path, e["encoding"])
    for it, ei in zip(doc["items"], e["items"]):
        n += 1
        if set(it) != {"task", "owners", "department", "due", "line"}: err(f"{doc['file']}: item keys {set(it)}")
        for o in it["owners"]:
            if o not in staff: err(f"{doc['file']}:{it['line']} unknown owner {o}")
        if it["department"] is not None and it["department"] not in depts:
            err(f"{doc['file']}:{it['line']} unknown department {it['department']}")
        if len(it["owners"]) == 1 and it["department"] != staff[it["owners"][0]]["department"]:
            err(f"{doc['file']}:{it['line']} department is not the single owner's")
        if it["due"] is not None:
            d = dt.date.fromisoformat(it["due"])
            if d < md: err(f"{doc['file']}:{it['line']} due before meeting")
        if not isinstance(it["line"], int) or not 1 <= it["line"] <= len(lines):
            err(f"{doc['file']}: bad line {it['line']}"); continue
        if ei["line"] != it["line"] or ei["evidence"] not in lines[it["line"] - 1]:
            err(f"{doc['file']}:{it['line']} evidence not on line: {ei['evidence']!r}")
print(f"{len(gold['documents'])} documents, {n} items, {len(staff)} staff, {len(depts)} departments")
if errors:
    print("\n".join("FAIL " + x for x in errors)); sys.exit(1)
print("OK")
