#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Validate the spoken-paper blind set. Exit code 0 = all checks passed.

Checks: org.yaml is well formed (unique ids, departments/heads/liaisons exist, every
name and alias belongs to one person); gold.json has exactly the minutes-dev shape;
every owner and department exists; a single owner's department matches; owners from
different departments -> department null; every due is a valid ISO date not before the
meeting and equals the due expression in gold_evidence.json re-resolved with the cn
calendar; every evidence line exists in the file as saved (declared encoding, BOM not
a line, CRLF one break) and equals the recorded text; .vtt/.srt lines are cue-text
lines; the GBK file really is GBK; the meeting date is findable in the file name or
the header text.
"""
import datetime as dt
import json
import os
import re
import sys

import yaml

from dues import resolve

HERE = os.path.dirname(os.path.abspath(__file__))
errors = []


def err(msg):
    errors.append(msg)


def load_lines(path, encoding):
    raw = open(path, "rb").read()
    enc = encoding.replace("-bom", "")
    if encoding.endswith("-bom"):
        if not raw.startswith(b"\xef\xbb\xbf"):
            err("%s: declared BOM missing" % path)
        raw = raw[3:]
    elif raw.startswith(b"\xef\xbb\xbf"):
        err("%s: unexpected BOM" % path)
    if enc == "gbk":
        try:
            raw.decode("utf-8")
            err("%s: declared GBK but decodes as UTF-8" % path)
        except UnicodeDecodeError:
            pass
    text = raw.decode(enc)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [l[:-1] if l.endswith("\r") else l for l in lines], text


def date_forms(d):
    y, m, dd = d.year, d.month, d.day
    return ["%04d-%02d-%02d" % (y, m, dd), "%04d/%d/%d" % (y, m, dd), "%04d/%02d/%02d" % (y, m, dd),
            "%d年%d月%d日" % (y, m, dd), "%04d%02d%02d" % (y, m, dd),
            "%s %d, %d" % (d.strftime("%B"), dd, y)]


def main():
    org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
    depts = {d["id"]: d for d in org["departments"]}
    if len(depts) != len(org["departments"]):
        err("duplicate department id")
    staff = {}
    for s in org["staff"]:
        if s["id"] in staff:
            err("duplicate staff id %s" % s["id"])
        staff[s["id"]] = s
        if s["department"] not in depts:
            err("staff %s in unknown department %s" % (s["id"], s["department"]))
        if not re.fullmatch(r"[a-z0-9_-]+", s["id"]):
            err("bad staff id %s" % s["id"])
    for d in org["departments"]:
        if not re.fullmatch(r"[a-z0-9_-]+", d["id"]):
            err("bad department id %s" % d["id"])
        for key in ("head", "liaison"):
            p = d.get(key)
            if p not in staff or staff[p]["department"] != d["id"]:
                err("department %s: %s %s missing or not in the department" % (d["id"], key, p))
    seen = {}
    for s in org["staff"]:
        for n in [s["name"]] + list(s.get("aliases", [])):
            k = n.lower()
            if k in seen and seen[k] != s["id"]:
                err("name/alias %r belongs to %s and %s" % (n, seen[k], s["id"]))
            seen[k] = s["id"]
    n_alias = sum(1 for s in org["staff"] if s.get("aliases"))
    if n_alias * 2 >= len(staff):
        err("most staff should have no aliases (%d of %d have)" % (n_alias, len(staff)))

    gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
    ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
    if set(gold) != {"org", "documents"}:
        err("gold.json top-level keys %s" % sorted(gold))
    evd = {d["file"]: d for d in ev["documents"]}
    total = 0
    for doc in gold["documents"]:
        f = doc["file"]
        if set(doc) != {"file", "meeting_date", "pass_meeting_date", "items"}:
            err("%s: document keys %s" % (f, sorted(doc)))
        path = os.path.join(HERE, f)
        if not os.path.exists(path):
            err("%s: file missing" % f)
            continue
        try:
            md = dt.date.fromisoformat(doc["meeting_date"])
        except ValueError:
            err("%s: bad meeting_date" % f)
            continue
        e = evd.get(f)
        if e is None:
            err("%s: no evidence entry" % f)
            continue
        lines, text = load_lines(path, e["encoding"])
        if not doc["pass_meeting_date"]:
            hay = f + "\n" + "\n".join(lines[:12])
            if not any(x in hay for x in date_forms(md)):
                err("%s: meeting date %s not findable in file name or header" % (f, md))
        if len(e["items"]) != len(doc["items"]):
            err("%s: %d gold items vs %d evidence items" % (f, len(doc["items"]), len(e["items"])))
        for i, (it, ei) in enumerate(zip(doc["items"], e["items"])):
            total += 1
            tag = "%s item %d (%s)" % (f, i + 1, it.get("task"))
            if set(it) != {"task", "owners", "department", "due", "line"}:
                err("%s: item keys %s" % (tag, sorted(it)))
            for o in it["owners"]:
                if o not in staff:
                    err("%s: unknown owner %s" % (tag, o))
            if it["department"] is not None and it["department"] not in depts:
                err("%s: unknown department %s" % (tag, it["department"]))
            od = {staff[o]["department"] for o in it["owners"] if o in staff}
            if len(it["owners"]) == 1 and it["department"] != staff.get(it["owners"][0], {}).get("department"):
                err("%s: department %s != owner's department" % (tag, it["department"]))
            if len(od) > 1 and it["department"] is not None:
                err("%s: owners from several departments but department set" % tag)
            if it["due"] is not None:
                try:
                    due = dt.date.fromisoformat(it["due"])
                    if due < md:
                        err("%s: due %s before meeting" % (tag, due))
                except ValueError:
                    err("%s: bad due %r" % (tag, it["due"]))
            want = resolve(ei["due_expr"], doc["meeting_date"])
            if want != it["due"]:
                err("%s: due %s but expression %s gives %s" % (tag, it["due"], ei["due_expr"], want))
            ln = it["line"]
            if ln != ei["line"]:
                err("%s: gold line %s != evidence line %s" % (tag, ln, ei["line"]))
            if not isinstance(ln, int) or not 1 <= ln <= len(lines):
                err("%s: line %s out of range (file has %d lines)" % (tag, ln, len(lines)))
                continue
            if lines[ln - 1] != ei["text"]:
                err("%s: line %d is %r, evidence says %r" % (tag, ln, lines[ln - 1], ei["text"]))
            if ei.get("due_phrase") and "确认" not in ei["due_phrase"] and "reply" not in ei["due_phrase"]:
                if ei["due_phrase"] not in lines[ln - 1]:
                    err("%s: due phrase %r not on line %d" % (tag, ei["due_phrase"], ln))
            if f.endswith((".vtt", ".srt")):
                l = lines[ln - 1]
                if not l.strip() or "-->" in l or l.strip().isdigit() or l.startswith(("WEBVTT", "NOTE")) \
                        or re.fullmatch(r"[0-9a-f-]{36}/\d+-\d+", l):
                    err("%s: line %d is not a cue text line" % (tag, ln))
        # every text file must be GBK-encodable (the set is meant for cn tooling)
        try:
            text.encode("gbk")
        except UnicodeEncodeError as x:
            err("%s: not GBK-encodable: %s" % (f, x))
    if total != sum(len(d["items"]) for d in ev["documents"]):
        err("evidence has items for documents not in gold")
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for m in errors:
            print("  -", m)
        return 1
    print("OK: org %d departments, %d staff (%d with aliases); %d documents, %d items"
          % (len(depts), len(staff), n_alias, len(gold["documents"]), total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
