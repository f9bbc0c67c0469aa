#!/usr/bin/env python3
"""Check gold.json (+ gold_evidence.json) against org.yaml and the transcripts as saved.

Independent of build.py: re-reads every file from disk (BOM, CRLF, GBK), re-resolves every
due code with its own implementation, and checks owners, departments, lines and quotes.
Exit status 0 = all checks pass."""
import datetime as dt, json, os, re, sys
import yaml, chinese_calendar

HERE = os.path.dirname(os.path.abspath(__file__))
errors, warnings = [], []
err = errors.append


def P(*a):
    return os.path.join(HERE, *a)


# ---- org --------------------------------------------------------------------------
org = yaml.safe_load(open(P("org.yaml"), encoding="utf-8"))
depts = {d["id"]: d for d in org["departments"]}
staff = {s["id"]: s for s in org["staff"]}
if len(depts) != len(org["departments"]): err("duplicate department id")
if len(staff) != len(org["staff"]): err("duplicate staff id")
if org.get("calendar") != "cn": err("calendar must be cn")
for d in depts.values():
    if not re.fullmatch(r"[a-z0-9_-]+", d["id"]): err(f"bad dept id {d['id']}")
    for k in ("head", "liaison"):
        if d.get(k) not in staff: err(f"dept {d['id']}: {k} {d.get(k)} not in staff")
        elif staff[d[k]]["department"] != d["id"]: err(f"dept {d['id']}: {k} in another dept")
for s in staff.values():
    if s["department"] not in depts: err(f"staff {s['id']}: unknown dept")
names = {}
for s in staff.values():
    for n in [s["name"]] + list(s.get("aliases") or []):
        if n in names and names[n] != s["id"]: err(f"name/alias {n} used by {names[n]} and {s['id']}")
        names[n] = s["id"]
surnames = {}
for s in staff.values():
    surnames.setdefault(s["name"][0], set()).add(s["department"])
shared = [k for k, v in surnames.items() if len(v) > 1]
if not shared: err("no surname shared across departments")
no_alias = sum(1 for s in staff.values() if not s.get("aliases"))
if no_alias * 3 < len(staff) * 2: err("fewer than 2/3 of staff without alias")

# ---- documents --------------------------------------------------------------------
gold = json.load(open(P("gold.json"), encoding="utf-8"))
evid = {d["file"]: d for d in json.load(open(P("gold_evidence.json"), encoding="utf-8"))["documents"]}
EXPECT = {  # file: (encoding, bom, crlf)
    "s01_qfn_yield_weekly_feishu.txt": ("utf-8", False, False),
    "s02_sip12_npi_tencent.txt": ("utf-8", True, True),
    "s03_ehs_monthly_dingtalk.txt": ("gbk", False, False),
    "GMT20261124-013000_Recording.transcript.vtt": ("utf-8", False, False),
    "s05_audit_prep_teams.vtt": ("utf-8", False, False),
    "s06_yearend_material_sync.srt": ("utf-8", False, False),
    "s07_production_morning_asr.txt": ("utf-8", False, False),
    "s08_nordvik_customer_call_en.txt": ("utf-8", False, False),
}
DATE_IN_TEXT = {
    "s01_qfn_yield_weekly_feishu.txt": "2026年11月4日",
    "s02_sip12_npi_tencent.txt": "2026/11/12",
    "s03_ehs_monthly_dingtalk.txt": "2026-11-17",
    "s05_audit_prep_teams.vtt": "11月27号",
    "s06_yearend_material_sync.srt": "12月2号",
    "s07_production_morning_asr.txt": "十二月九号",
    "s08_nordvik_customer_call_en.txt": "Dec 16, 2026",
}


def read(file):
    raw = open(P(file), "rb").read()
    enc, bom, crlf = EXPECT[file]
    if raw.startswith(b"\xef\xbb\xbf") != bom: err(f"{file}: BOM expected={bom}")
    if bom: raw = raw[3:]
    if enc == "gbk":
        try:
            raw.decode("utf-8"); err(f"{file}: decodes as UTF-8, expected GBK")
        except UnicodeDecodeError:
            pass
    text = raw.decode(enc)
    n_crlf, n_lf = text.count("\r\n"), text.count("\n")
    if crlf and n_crlf != n_lf: err(f"{file}: not all line ends are CRLF")
    if not crlf and n_crlf: err(f"{file}: unexpected CRLF")
    if "\r" in text.replace("\r\n", ""): err(f"{file}: lone CR")
    if "{{" in text or "}}" in text: err(f"{file}: annotation marker left in file")
    return text.replace("\r\n", "\n").split("\n")


def resolve(code, m):
    """Second, independent implementation of the ANNOTATION.md due rules."""
    wd = m.weekday()
    if code == "none": return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", code): return dt.date.fromisoformat(code)
    if re.fullmatch(r"d\d+", code): return m + dt.timedelta(int(code[1:]))
    if re.fullmatch(r"wd\d+", code):
        days = [m + dt.timedelta(i) for i in range(1, 40) if (m + dt.timedelta(i)).year == 2026]
        return [d for d in days if chinese_calendar.is_workday(d)][int(code[2:]) - 1]
    if code == "eow": return m + dt.timedelta(4 - wd)
    if code == "nweek": return m + dt.timedelta(11 - wd)
    if re.fullmatch(r"nw[1-7]", code): return m + dt.timedelta(7 - wd + int(code[2]) - 1)
    if re.fullmatch(r"w[1-7]", code):
        delta = int(code[1]) - 1 - wd
        return m + dt.timedelta(delta if delta >= 0 else delta + 7)
    if code == "eom":
        d = m
        while (d + dt.timedelta(1)).month == m.month: d += dt.timedelta(1)
        return d
    raise ValueError(code)


TS = re.compile(r"^\d\d:\d\d:\d\d[.,]\d{3} --> \d\d:\d\d:\d\d[.,]\d{3}$")
counts = {}
if set(EXPECT) != {d["file"] for d in gold["documents"]}: err("gold files != expected files")
for d in gold["documents"]:
    f = d["file"]
    if set(d) != {"file", "meeting_date", "pass_meeting_date", "items"}: err(f"{f}: doc keys {set(d)}")
    lines = read(f)
    full = "\n".join(lines)
    md = dt.date.fromisoformat(d["meeting_date"])
    if not (dt.date(2026, 11, 1) <= md <= dt.date(2026, 12, 20)): err(f"{f}: meeting date out of range")
    if not chinese_calendar.is_workday(md): warnings.append(f"{f}: meeting on a non-workday")
    if d["pass_meeting_date"]: err(f"{f}: pass_meeting_date true, but every document states its date")
    if f.startswith("GMT"):
        if "GMT" + md.strftime("%Y%m%d") not in f: err(f"{f}: date not in file name")
        if re.search(r"20\d\d|\d+月\d+[日号]", full): err(f"{f}: a date appears in the text")
    elif DATE_IN_TEXT[f] not in full: err(f"{f}: meeting date not stated as {DATE_IN_TEXT[f]}")
    ev = evid[f]["items"]
    if len(ev) != len(d["items"]): err(f"{f}: evidence count differs")
    for it, e in zip(d["items"], ev):
        tag = f"{f}:{it.get('line')}"
        if set(it) != {"task", "owners", "department", "due", "line"}: err(f"{tag}: item keys {set(it)}")
        n = it["line"]
        if not isinstance(n, int) or not 1 <= n <= len(lines): err(f"{tag}: line out of range"); continue
        line = lines[n - 1]
        if not line.strip(): err(f"{tag}: empty line")
        if e["line"] != n or e["quote"] != line.strip(): err(f"{tag}: quote does not match line as saved")
        if f.endswith((".vtt", ".srt")) and (TS.match(line) or line.strip().isdigit() or line.startswith(("WEBVTT", "5f2c9a1e"))):
            err(f"{tag}: not a cue text line")
        for nm in e["owner_names"]:
            key = nm.split(" (")[0]
            if key.lower() not in line.lower(): err(f"{tag}: owner name {nm!r} not on the line")
        for o in it["owners"]:
            if o not in staff: err(f"{tag}: owner {o} not in org")
        if it["department"] is not None and it["department"] not in depts: err(f"{tag}: bad department")
        if len(it["owners"]) == 1 and it["department"] != staff[it["owners"][0]]["department"]:
            err(f"{tag}: department is not the owner's")
        if len(it["owners"]) > 1:
            ds = {staff[o]["department"] for o in it["owners"]}
            if len(ds) > 1 and it["department"] is not None: err(f"{tag}: multi-dept owners need department null")
        due = it["due"]
        if due is not None:
            dd = dt.date.fromisoformat(due)
            if dd < md: err(f"{tag}: due before meeting")
            if dd.year != 2026: err(f"{tag}: due outside 2026 (no calendar data)")
            if not chinese_calendar.is_workday(dd): warnings.append(f"{tag}: due {due} is not a workday")
        r = resolve(e["due_code"], md)
        if (r.isoformat() if r else None) != due: err(f"{tag}: due {due} != re-resolved {r} ({e['due_code']})")
    counts[f] = len(d["items"])

print(f"org: {len(depts)} departments, {len(staff)} staff, {no_alias} without alias, shared surnames: {shared}")
for f, c in counts.items(): print(f"  {c:3d}  {f}")
print("total items:", sum(counts.values()))
for w in warnings: print("WARN", w)
for e in errors: print("ERROR", e)
print("OK" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
