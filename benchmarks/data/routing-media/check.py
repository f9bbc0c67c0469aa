#!/usr/bin/env python3
"""Validate this blind set (standard library only).

usage: python3 check.py [DIR]   (DIR defaults to this file's folder)

Works for both routing-media (test_gold.csv: id,department,also) and
collab-media (test_gold.csv: id,lead,departments); the kind is read from the header.
Checks the org file (13 departments with name/aliases/head/description/5-6 keywords,
2-3 staff each with title, skills, *.example e-mail, calendar cn, Asia/Shanghai),
history counts per department, test ids and labels, and that no test text is a
near-duplicate (char 4-gram Jaccard > 0.6) of a history row or of another test row.
"""
import csv, json, os, re, sys
from collections import Counter

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
errors = []
def err(m): errors.append(m)

# --- org.yaml (minimal reader for the layout used here) ---
org = open(os.path.join(D, 'org.yaml'), encoding='utf-8').read()
if not re.search(r'^calendar: cn\s*$', org, re.M): err('calendar is not cn')
if not re.search(r'^timezone: Asia/Shanghai\s*$', org, re.M): err('timezone is not Asia/Shanghai')
dep_part, staff_part = org.split('\nstaff:', 1)
depts = {}
for block in re.split(r'\n  - id: ', dep_part)[1:]:
    did = block.split('\n', 1)[0].strip()
    f = dict(re.findall(r'^    (\w+): (.*)$', block, re.M))
    depts[did] = f
    for k in ('name', 'aliases', 'head', 'description', 'keywords'):
        if k not in f: err(f'department {did}: no {k}')
    kw = [x for x in f.get('keywords', '').strip('[]').split(',') if x.strip()]
    if not 5 <= len(kw) <= 6: err(f'department {did}: {len(kw)} keywords')
    if not re.fullmatch(r'[a-z0-9_-]+', did): err(f'bad department id {did}')
staff = {}
for m in re.finditer(r'\{id: ([^,]+), name: ([^,]+), department: ([^,]+), title: ([^,]+), skills: \[([^\]]*)\], email: ([^}]+)\}', staff_part):
    sid, _, dep, _, skills, mail = (x.strip() for x in m.groups())
    if sid in staff: err(f'duplicate staff id {sid}')
    staff[sid] = dep
    if dep not in depts: err(f'staff {sid}: unknown department {dep}')
    if not mail.endswith('.example'): err(f'staff {sid}: e-mail not *.example')
    if not skills: err(f'staff {sid}: no skills')
if staff_part.count('- {id:') != len(staff): err('some staff lines could not be read')
per = Counter(staff.values())
for did, f in depts.items():
    if f.get('head') not in staff or staff.get(f.get('head')) != did: err(f'department {did}: head {f.get("head")} not in its staff')
    if not 2 <= per[did] <= 3: err(f'department {did}: {per[did]} staff')
if not 12 <= len(depts) <= 13: err(f'{len(depts)} departments')
ids = set(depts)

# --- history ---
hist = list(csv.DictReader(open(os.path.join(D, 'history.csv'), encoding='utf-8')))
hc = Counter(r['department'] for r in hist)
for r in hist:
    if r['department'] not in ids: err(f'history {r["id"]}: unknown department {r["department"]}')
for d in ids:
    if not 25 <= hc[d] <= 30: err(f'history: {d} has {hc[d]} rows')
if len({r['id'] for r in hist}) != len(hist): err('history: duplicate ids')

# --- test ---
test = [json.loads(l) for l in open(os.path.join(D, 'test.jsonl'), encoding='utf-8') if l.strip()]
tids = [t['id'] for t in test]
if len(set(tids)) != len(tids): err('test: duplicate ids')
gold_rows = list(csv.DictReader(open(os.path.join(D, 'test_gold.csv'), encoding='utf-8')))
gold = {r['id']: r for r in gold_rows}
if set(gold) != set(tids) or len(gold_rows) != len(tids): err('test.jsonl and test_gold.csv ids differ')
kind = 'collab' if 'lead' in gold_rows[0] else 'routing'
is_en = lambda s: not re.search(r'[\u4e00-\u9fff]', s)
en = sum(is_en(t['text']) for t in test)
if kind == 'routing':
    tc = Counter(r['department'] for r in gold_rows)
    also = 0
    for r in gold_rows:
        if r['department'] not in ids: err(f'gold {r["id"]}: unknown department')
        if r['also']:
            also += 1
            if r['also'] not in ids or r['also'] == r['department']: err(f'gold {r["id"]}: bad also {r["also"]}')
    for d in ids:
        if not 12 <= tc[d] <= 13: err(f'test: {d} has {tc[d]} rows')
    if len(test) < 150: err(f'test: only {len(test)} rows')
    if not 0.06 <= also / len(test) <= 0.10: err(f'test: also share {also / len(test):.3f}')
    summary = f'routing: {len(depts)} departments, {len(staff)} staff, history {len(hist)}, test {len(test)} (English {en}, also {also})'
else:
    multi = 0
    for r in gold_rows:
        ds = r['departments'].split(';')
        leads = r['lead'].split('|')
        if any(x not in ids for x in ds + leads): err(f'gold {r["id"]}: unknown department')
        if len(set(ds)) != len(ds): err(f'gold {r["id"]}: repeated department')
        if not set(leads) <= set(ds): err(f'gold {r["id"]}: lead not among departments')
        if len(ds) > 4: err(f'gold {r["id"]}: {len(ds)} departments')
        multi += len(ds) > 1
    if not 55 <= len(test) <= 70: err(f'collab: {len(test)} rows')
    if not 45 <= multi <= 55: err(f'collab: {multi} multi-department rows')
    summary = f'collab: {len(test)} requests, {multi} multi-department, {len(test) - multi} single, English {en}, history {len(hist)}'

# --- near-duplicates ---
def grams(s):
    s = re.sub(r'\s+', '', s.lower())
    return {s[i:i + 4] for i in range(max(1, len(s) - 3))}
def jac(a, b): return len(a & b) / len(a | b) if a | b else 0.0
hg = [(r['id'], grams(r['text'])) for r in hist]
tg = [(t['id'], grams(t['text'])) for t in test]
worst = 0.0
for tid, g in tg:
    for hid, h in hg:
        j = jac(g, h); worst = max(worst, j)
        if j > 0.6: err(f'near-duplicate: {tid} ~ history {hid} ({j:.2f})')
for i in range(len(tg)):
    for k in range(i + 1, len(tg)):
        if jac(tg[i][1], tg[k][1]) > 0.6: err(f'near-duplicate inside test: {tg[i][0]} ~ {tg[k][0]}')

print(summary + f'; max test-history 4-gram Jaccard {worst:.2f}')
if errors:
    print('\n'.join('ERROR ' + e for e in errors)); sys.exit(1)
print('OK')
