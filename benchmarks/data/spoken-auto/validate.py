#!/usr/bin/env python3
"""Check the spoken-auto set for internal consistency (no extractor involved).

- org.yaml: unique ids, every staff department exists, head/liaison are staff.
- gold.json: every file exists, owners are staff ids, departments exist, the
  department agrees with the owners (ANNOTATION.md), dates are valid ISO dates not
  before the meeting, lines are inside the file, 6-14 items per document.
- gold_evidence.json: same items in the same order; every quote occurs in its file
  and the first quote occurs on the gold line.
- pass_meeting_date false: the meeting date can be read from the file text or its
  name (a Zoom 'GMT…' name is shifted to Asia/Shanghai).
Exit status 0 when everything passes.
"""
import datetime as dt
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []


def err(msg):
    errors.append(msg)


def read_text(path):
    raw = open(path, "rb").read()
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def lines_of(text):
    return re.split(r"\r\n|\n|\r", text)


def iso(s):
    try:
        return dt.date.fromisoformat(s)
    except Exception:
        return None


MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"], 1)}


def dates_in(s):
    out = set()
    for y, m, d in re.findall(r"(20\d\d)[-/年.](\d{1,2})[-/月.](\d{1,2})", s):
        out.add((int(y), int(m), int(d)))
    for y, m, d in re.findall(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)", s):
        out.add((int(y), int(m), int(d)))
    for mo, d, y in re.findall(r"\b([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}), (20\d\d)", s):
        if mo.lower() in MONTHS:
            out.add((int(y), MONTHS[mo.lower()], int(d)))
    res = set()
    for t in out:
        try:
            res.add(dt.date(*t))
        except ValueError:
            pass
    return res


def date_from_name_gmt(name):
    m = re.match(r"GMT(\d{8})-(\d{6})", name)
    if not m:
        return None
    t = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    return (t + dt.timedelta(hours=8)).date()


def main():
    org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
    depts = {d["id"]: d for d in org["departments"]}
    staff = {}
    if len(depts) != len(org["departments"]):
        err("org.yaml: duplicate department id")
    for s in org["staff"]:
        if s["id"] in staff:
            err(f"org.yaml: duplicate staff id {s['id']}")
        staff[s["id"]] = s
        if s["department"] not in depts:
            err(f"org.yaml: {s['id']} in unknown department {s['department']}")
        if not re.fullmatch(r"[a-z0-9_-]+", s["id"]):
            err(f"org.yaml: bad id {s['id']}")
    for d in depts.values():
        for key in ("head", "liaison"):
            if d.get(key) not in staff:
                err(f"org.yaml: department {d['id']} {key} {d.get(key)} is not staff")
    names = {}
    for s in staff.values():
        for n in [s["name"]] + list(s.get("aliases") or []):
            if n in names:
                err(f"org.yaml: name/alias {n} used by {names[n]} and {s['id']}")
            names[n] = s["id"]
    print(f"org.yaml: {len(depts)} departments, {len(staff)} staff, "
          f"{sum(1 for s in staff.values() if s.get('aliases'))} with aliases")

    gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
    ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
    if gold.get("org") != "org.yaml":
        err("gold.json: org must be org.yaml")
    evd = {d["file"]: d for d in ev["documents"]}
    total = 0
    for doc in gold["documents"]:
        f = doc["file"]
        path = os.path.join(HERE, f)
        if not os.path.exists(path):
            err(f"{f}: missing")
            continue
        text = read_text(path)
        lines = lines_of(text)
        if lines and lines[-1] == "":
            lines = lines[:-1]
        md = iso(doc["meeting_date"])
        if md is None:
            err(f"{f}: bad meeting_date")
            continue
        if not isinstance(doc["pass_meeting_date"], bool):
            err(f"{f}: pass_meeting_date must be bool")
        if not doc["pass_meeting_date"]:
            g = date_from_name_gmt(f)
            # a Zoom 'GMT…' name holds UTC time: only its local (+08:00) date counts
            found = dates_in(text[:600]) | ({g} if g else dates_in(f))
            if md not in found:
                err(f"{f}: meeting date {md} not recoverable from text or name (found {sorted(found)})")
        items = doc["items"]
        if not 6 <= len(items) <= 14:
            err(f"{f}: {len(items)} items, expected 6-14")
        total += len(items)
        eitems = evd.get(f, {}).get("items", [])
        if len(eitems) != len(items):
            err(f"{f}: {len(items)} gold items but {len(eitems)} evidence items")
        for k, it in enumerate(items):
            tag = f"{f} item {k + 1} (line {it.get('line')})"
            if set(it) != {"task", "owners", "department", "due", "line"}:
                err(f"{tag}: keys {sorted(it)}")
            for o in it["owners"]:
                if o not in staff:
                    err(f"{tag}: owner {o} not in org")
            dep = it["department"]
            if dep is not None and dep not in depts:
                err(f"{tag}: department {dep} not in org")
            odeps = {staff[o]["department"] for o in it["owners"] if o in staff}
            if len(odeps) == 1 and dep != next(iter(odeps)):
                err(f"{tag}: department {dep} but owners are in {odeps}")
            if len(odeps) > 1 and dep is not None:
                err(f"{tag}: owners from several departments must have department null")
            if it["due"] is not None:
                d = iso(it["due"])
                if d is None:
                    err(f"{tag}: bad due {it['due']}")
                elif d < md:
                    err(f"{tag}: due {d} before meeting {md}")
            ln = it["line"]
            if not isinstance(ln, int) or not 1 <= ln <= len(lines):
                err(f"{tag}: line out of range")
                continue
            if k < len(eitems):
                e = eitems[k]
                if e["line"] != ln:
                    err(f"{tag}: evidence line {e['line']} differs")
                for q in e["evidence"]:
                    if q not in text:
                        err(f"{tag}: evidence not in file: {q}")
                if e["evidence"] and e["evidence"][0] not in lines[ln - 1]:
                    err(f"{tag}: first evidence quote not on line {ln}: {lines[ln - 1][:60]}")
        print(f"{f}: {len(items)} items, {len(lines)} lines, meeting {md}"
              f"{' (passed to checker)' if doc['pass_meeting_date'] else ''}")
    print(f"total items: {total}")
    if errors:
        print("\nFAIL")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
