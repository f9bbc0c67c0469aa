#!/usr/bin/env python3
"""Check gold.json / gold_evidence.json against org.yaml and the documents.

- every owner is a staff id, every department a department id (or null)
- one owner -> department is that owner's department; owners from several departments -> null
- every due date is a cn-calendar workday on or after the meeting date
- every gold line exists; the first evidence quote occurs on the gold line, every quote in the document
- meeting_date is a workday; pass_meeting_date documents do not state the date in their text
Uses chinese_calendar when installed, else the built-in table below (2026 official schedule,
2027 New Year's Day). Exit code 1 on any failure.
"""
import datetime as dt, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import yaml
except ImportError:  # org.yaml is plain enough that JSON-ish loading is not possible; require yaml
    sys.exit("PyYAML is needed to read org.yaml")

HOLIDAYS = {  # off days that fall on Mon-Fri (mainland China statutory holidays)
    "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
    "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19",
    "2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07",
    "2027-01-01",
}
MAKEUP = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}
KNOWN_UNTIL = dt.date(2027, 1, 31)  # 2027 Spring Festival schedule deliberately not relied on


def is_workday(d):
    try:
        import chinese_calendar
        return chinese_calendar.is_workday(d)
    except ImportError:
        pass
    except NotImplementedError:
        pass
    s = d.isoformat()
    if s in MAKEUP:
        return True
    if s in HOLIDAYS:
        return False
    return d.weekday() < 5


def read_lines(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    return text.replace("\r\n", "\n").split("\n"), text


def main():
    errors = []
    org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
    depts = {x["id"] for x in org["departments"]}
    staff = {x["id"]: x for x in org["staff"]}
    ids = [x["id"] for x in org["staff"]] + [x["id"] for x in org["departments"]]
    if len(set(x["id"] for x in org["staff"])) != len(org["staff"]):
        errors.append("duplicate staff id")
    for x in org["departments"]:
        if x["head"] not in staff:
            errors.append("department %s head %s not in staff" % (x["id"], x["head"]))
    names = {}
    for x in org["staff"]:
        if x["department"] not in depts:
            errors.append("staff %s in unknown department %s" % (x["id"], x["department"]))
        for n in [x["name"]] + list(x.get("aliases") or []):
            if n in names:
                errors.append("name/alias %s used twice" % n)
            names[n] = x["id"]

    gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
    evid = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
    evmap = {d["file"]: d for d in evid["documents"]}
    total = 0
    for doc in gold["documents"]:
        f = doc["file"]
        path = os.path.join(HERE, f)
        if not os.path.exists(path):
            errors.append("%s: missing" % f)
            continue
        lines, text = read_lines(path)
        md = dt.date.fromisoformat(doc["meeting_date"])
        if not is_workday(md):
            errors.append("%s: meeting_date %s is not a workday" % (f, md))
        if doc["pass_meeting_date"]:
            y, m, dd = md.year, md.month, md.day
            for pat in (md.isoformat(), "%d年%d月%d日" % (y, m, dd), "%d/%02d/%02d" % (y, m, dd), "%d%02d%02d" % (y, m, dd)):
                if pat in text:
                    errors.append("%s: pass_meeting_date but text contains %s" % (f, pat))
        ev = evmap.get(f)
        if not ev or len(ev["items"]) != len(doc["items"]):
            errors.append("%s: evidence missing or count differs" % f)
            continue
        for it, e in zip(doc["items"], ev["items"]):
            total += 1
            tag = "%s:%s %s" % (f, it["line"], it["task"])
            for o in it["owners"]:
                if o not in staff:
                    errors.append("%s: unknown owner %s" % (tag, o))
            if it["department"] is not None and it["department"] not in depts:
                errors.append("%s: unknown department %s" % (tag, it["department"]))
            od = {staff[o]["department"] for o in it["owners"] if o in staff}
            if len(it["owners"]) == 1 and od and it["department"] != od.pop():
                errors.append("%s: department is not the single owner's department" % tag)
            elif len(od) > 1 and it["department"] is not None:
                errors.append("%s: owners from several departments but department set" % tag)
            if it["due"] is not None:
                due = dt.date.fromisoformat(it["due"])
                if not is_workday(due):
                    errors.append("%s: due %s is not a workday" % (tag, due))
                if due < md:
                    errors.append("%s: due %s before meeting %s" % (tag, due, md))
                if due > KNOWN_UNTIL:
                    errors.append("%s: due %s beyond the calendar this set relies on" % (tag, due))
            if not (1 <= it["line"] <= len(lines)):
                errors.append("%s: line out of range" % tag)
                continue
            if e["line"] != it["line"]:
                errors.append("%s: evidence line differs" % tag)
            qs = e["quotes"]
            if not qs or qs[0] not in lines[it["line"] - 1]:
                errors.append("%s: first quote not on gold line: %r" % (tag, qs[:1]))
            for q in qs:
                if q not in text:
                    errors.append("%s: quote not in document: %r" % (tag, q))
    for e in errors:
        print("FAIL", e)
    print("%d documents, %d items, %d errors" % (len(gold["documents"]), total, len(errors)))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
