#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Build the spoken-paper blind set: org.yaml, the 8 transcripts, gold.json, gold_evidence.json.

Run:  python3 build.py      (needs PyYAML and chinese_calendar)
"""
import json
import os
import uuid

import yaml

from dues import resolve
from meetings import MEETINGS
from org_data import DEPARTMENTS, ORG_NAME, ORG_NAME_EN, STAFF

HERE = os.path.dirname(os.path.abspath(__file__))

# encoding, BOM, newline per format
ENCODING = {
    "feishu": ("utf-8", False, "\n"),
    "tencent": ("utf-8", False, "\r\n"),
    "dingtalk": ("utf-8", False, "\n"),
    "teams": ("utf-8", True, "\n"),
    "srt": ("utf-8", True, "\r\n"),
    "asr": ("gbk", False, "\n"),
    "zoom": ("utf-8", False, "\n"),
    "english": ("utf-8", False, "\n"),
}


# ------------------------------------------------------------------ org.yaml
def write_org():
    org = {
        "name": ORG_NAME,
        "name_en": ORG_NAME_EN,
        "timezone": "Asia/Shanghai",
        "calendar": "cn",
        "departments": [],
        "staff": [],
    }
    for did, name, aliases, head, liaison, desc, kw in DEPARTMENTS:
        org["departments"].append({"id": did, "name": name, "aliases": aliases, "head": head,
                                   "liaison": liaison, "description": desc, "keywords": kw})
    for sid, name, aliases, dept, title, skills in STAFF:
        e = {"id": sid, "name": name}
        if aliases:
            e["aliases"] = aliases
        e.update({"department": dept, "title": title, "skills": skills, "hours_per_week": 40,
                  "email": "%s@qinghepaper.example" % sid})
        org["staff"].append(e)
    text = ("# 浙江青禾纸业集团有限公司 — fictional pulp & paper group for the spoken-paper blind set.\n"
            "# `liaison` = 协作接口人 of the department (unknown key, kept and ignored by the product).\n"
            "# Most staff have NO aliases on purpose: transcripts call them 小X/老X/X工/X总/X姐/阿X.\n")
    text += yaml.safe_dump(org, allow_unicode=True, sort_keys=False, width=200)
    with open(os.path.join(HERE, "org.yaml"), "w", encoding="utf-8") as f:
        f.write(text)


# ------------------------------------------------------------------ timing
def timeline(turns, span=None, start=2.0):
    """Start/end seconds per turn; start times are stretched so the last turn ends
    near `span` (the export covers the whole meeting, long pauses included)."""
    t = start
    raw = []
    for spk, text, items in turns:
        dur = max(1.6, 0.21 * len(text.replace("\n", "")))
        if all(ord(c) < 128 for c in text):
            dur = max(1.4, 0.065 * len(text))
        raw.append((t, dur))
        t += dur + 0.4 + (len(text) % 7) * 0.11
    k = max(1.0, (span - 30) / t) if span else 1.0
    return [(start + (s - start) * k, start + (s - start) * k + d) for s, d in raw]


def hms(t, sep=".", ms=True):
    h, r = divmod(t, 3600)
    m, s = divmod(r, 60)
    if ms:
        return "%02d:%02d:%02d%s%03d" % (h, m, int(s), sep, int(round((s - int(s)) * 1000)) % 1000)
    return "%02d:%02d:%02d" % (h, m, int(s))


# ------------------------------------------------------------------ renderers
def render(meeting):
    """Return (lines, turn_lines) where turn_lines[i] is a list of line numbers (1-based)
    holding the text of turn i (one per text line of a multi-line cue)."""
    fmt = meeting["fmt"]
    lines = list(meeting["header"])
    turn_lines = []
    times = timeline(meeting["turns"], meeting.get("span"))

    def add(s):
        lines.append(s)
        return len(lines)

    for i, ((spk, text, items), (t0, t1)) in enumerate(zip(meeting["turns"], times)):
        if fmt == "feishu":
            turn_lines.append([add("%s(%s): %s" % (spk, hms(t0, ms=False), text))])
        elif fmt == "tencent":
            add("%s  %s" % (spk, hms(t0, ms=False)))
            turn_lines.append([add(text)])
            add("")
        elif fmt == "dingtalk":
            turn_lines.append([add("[%s] %s：%s" % (hms(t0, ms=False), spk, text))])
        elif fmt == "teams":
            add("%s/%d-0" % (uuid.uuid5(uuid.NAMESPACE_URL, meeting["file"]), 14 + i * 3))
            add("%s --> %s" % (hms(t0), hms(t1)))
            turn_lines.append([add("<v %s>%s</v>" % (spk, text))])
            add("")
        elif fmt == "srt":
            add(str(i + 1))
            add("%s --> %s" % (hms(t0, ","), hms(t1, ",")))
            parts = text.split("\n")
            nums = [add("%s：%s" % (spk, parts[0]))]
            for p in parts[1:]:
                nums.append(add(p))
            turn_lines.append(nums)
            add("")
        elif fmt == "asr":
            label = meeting["speakers"][spk]
            turn_lines.append([add("[%.2f-%.2f] %s: %s" % (t0, t1, label, text))])
        elif fmt == "zoom":
            add(str(i + 1))
            add("%s --> %s" % (hms(t0), hms(t1)))
            turn_lines.append([add("%s: %s" % (spk, text))])
            add("")
        elif fmt == "english":
            turn_lines.append([add("%s: %s" % (spk, text))])
        else:
            raise ValueError(fmt)
    if fmt in ("teams", "srt", "zoom", "tencent"):
        while lines and lines[-1] == "":
            lines.pop()
    return lines, turn_lines


def main():
    write_org()
    gold = {"org": "org.yaml", "documents": []}
    evidence = {"org": "org.yaml", "documents": []}
    for mt in MEETINGS:
        lines, turn_lines = render(mt)
        enc, bom, nl = ENCODING[mt["fmt"]]
        data = nl.join(lines) + nl
        raw = data.encode(enc)
        if bom:
            raw = b"\xef\xbb\xbf" + raw
        with open(os.path.join(HERE, mt["file"]), "wb") as f:
            f.write(raw)
        items, ev = [], []
        for ti, (spk, text, its) in enumerate(mt["turns"]):
            for it in its:
                ln = turn_lines[ti][it["sub"]]
                due = resolve(it["due"], mt["date"])
                items.append({"task": it["task"], "owners": it["owners"], "department": it["dept"],
                              "due": due, "line": ln})
                e = {"task": it["task"], "line": ln, "text": lines[ln - 1], "speaker": spk,
                     "due_expr": it["due"], "due_phrase": it["phrase"], "due": due}
                if it.get("note"):
                    e["note"] = it["note"]
                ev.append(e)
        gold["documents"].append({"file": mt["file"], "meeting_date": mt["date"],
                                  "pass_meeting_date": False, "items": items})
        d = {"file": mt["file"], "format": mt["fmt"], "encoding": enc + ("-bom" if bom else ""),
             "newline": "CRLF" if nl == "\r\n" else "LF", "meeting_date": mt["date"], "items": ev}
        if "speakers" in mt:
            d["speaker_labels"] = {v: k for k, v in mt["speakers"].items()}
        evidence["documents"].append(d)
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8") as f:
        json.dump(evidence, f, ensure_ascii=False, indent=2)
        f.write("\n")
    n = sum(len(d["items"]) for d in gold["documents"])
    print("wrote %d documents, %d items" % (len(gold["documents"]), n))
    for d in gold["documents"]:
        print("  %-48s %s %2d items" % (d["file"], d["meeting_date"], len(d["items"])))


if __name__ == "__main__":
    main()
