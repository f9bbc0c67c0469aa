#!/usr/bin/env python3
"""Checks gold.json against org.yaml, the files and gold_evidence.json. Exit 1 on any problem."""
import json, os, sys, datetime as dt, yaml
D = os.path.dirname(os.path.abspath(__file__))
err = []
org = yaml.safe_load(open(os.path.join(D, 'org.yaml'), encoding='utf-8'))
deps = {d['id'] for d in org['departments']}
staff = {s['id']: s for s in org['staff']}
ids = [s['id'] for s in org['staff']]
if len(ids) != len(set(ids)): err.append('duplicate staff id')
for s in org['staff']:
    if s['department'] not in deps: err.append(f'staff {s["id"]} in unknown dept')
for d in org['departments']:
    if d['head'] not in staff: err.append(f'head of {d["id"]} unknown')
names = {}
for s in org['staff']:
    for n in [s['name']] + s.get('aliases', []):
        if n in names: err.append(f'name/alias {n} used twice')
        names[n] = s['id']
gold = json.load(open(os.path.join(D, 'gold.json'), encoding='utf-8'))
ev = json.load(open(os.path.join(D, 'gold_evidence.json'), encoding='utf-8'))
FIELDS = {'task', 'owners', 'department', 'due', 'line'}
n = 0
for doc in gold['documents']:
    p = os.path.join(D, doc['file'])
    if not os.path.exists(p): err.append(f'missing {doc["file"]}'); continue
    lines = open(p, encoding='utf-8-sig').read().split('\n')
    md = dt.date.fromisoformat(doc['meeting_date'])
    if set(doc) != {'file', 'meeting_date', 'pass_meeting_date', 'items'}: err.append(f'{doc["file"]}: doc fields')
    evs = ev.get(doc['file'], [])
    if len(evs) != len(doc['items']): err.append(f'{doc["file"]}: evidence count')
    for it, e in zip(doc['items'], evs):
        n += 1
        if set(it) != FIELDS: err.append(f'{doc["file"]}: item fields {set(it)}')
        for o in it['owners']:
            if o not in staff: err.append(f'{doc["file"]}:{it["line"]} owner {o} not in org')
        if it['department'] is not None and it['department'] not in deps: err.append(f'{doc["file"]}:{it["line"]} dept {it["department"]}')
        if len(it['owners']) == 1 and it['department'] != staff[it['owners'][0]]['department']:
            err.append(f'{doc["file"]}:{it["line"]} dept differs from owner dept')
        if it['due'] is not None:
            d = dt.date.fromisoformat(it['due'])
            if d < md: err.append(f'{doc["file"]}:{it["line"]} due before meeting')
            if d.year != 2026: err.append(f'{doc["file"]}:{it["line"]} due outside 2026')
        if e['line'] != it['line'] or e['due'] != it['due']: err.append(f'{doc["file"]}:{it["line"]} evidence mismatch')
        if not (1 <= it['line'] <= len(lines)) or e['quote'] not in lines[it['line'] - 1]:
            err.append(f'{doc["file"]}:{it["line"]} quote not on line: {e["quote"]}')
print(f'{len(gold["documents"])} documents, {n} items, {len(err)} problems')
for e in err: print(' -', e)
sys.exit(1 if err else 0)
