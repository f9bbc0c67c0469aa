"""Merge a vocabulary written blind into the function lexicon, by the ninth round's rule.

Why: the ninth round of issue #18 had a helper who read nothing but ``functions.yaml``
write more words per function; they were merged without reading them against any miss,
by a rule fixed in advance. A second blind writer (fifteenth round, sector jargon: MEL,
AOG, 配载, 巴氏杀菌 …) is merged here by the same rule, reproducibly, so the merge can be
re-run and checked instead of being a hand edit:

- a word already anywhere in the lexicon (any function's names, terms or ``more``) is left
  out: under another function it would make two departments receive it (and
  ``function_examples`` would drop it where it is now); under its own it adds nothing;
- a word the file proposes for two different functions is left out (same reason);
- a word that *collides in the histories* of the read orgs is left out: in some read org
  the function maps onto department(s) that hold the word in fewer history rows than
  another department, which holds it in two or more (the word would pull requests away
  from where that org sends them). The mapping is the merged lexicon's (new functions
  included), recomputed until no more words fall out.

Words proposed under ``more:`` for an existing function are appended to its ``more`` list
(read as cold pseudo-examples and as unseen terms, never as trained rows). Entries under
``new_functions:`` become functions at the end of the file (their ``terms`` are terms:
mapping evidence, rows, full unseen boost); a new function whose key already exists has
its words merged as that function's ``more`` words. The existing text of the lexicon is
kept byte for byte (lists are extended, not rewritten), and the result is checked by
loading it back. With ``--note``, a paragraph (``{added}``-style fields filled from the
counts) is appended to the header's provenance comment.

usage: python benchmarks/merge_sector_words.py WORDS.yaml --orgs DIR... [--lexicon PATH]
       [--out PATH] [--note NOTE.txt] [--report REPORT.json] [--dry-run]

DIR is a read org (``org.yaml`` and ``history.csv``). Prints the counts added and left out,
by reason, per function.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from dispatch.requests.files import read_history
from models.org import load_org
from nlp.routing import functions
from nlp.routing.text import normalise

LEXICON = Path(__file__).resolve().parents[1] / "nlp" / "routing" / "data" / "functions.yaml"
WIDTH = 100  # a new line of a flow list starts past this many characters
FIELDS = ("names", "named_only", "sector", "also_sectors", "terms", "more")


def scalar(word: str) -> str:
    """``word`` as a YAML flow-sequence item: plain when it loads back as the same string,
    otherwise single-quoted (``'12348'``, ``'root cause'``, ``'people''s mediation'``)."""
    try:
        if (yaml.safe_load(f"[{word}]") == [word] and word == word.strip()
                and " " not in word):
            return word
    except yaml.YAMLError:
        pass
    return "'" + word.replace("'", "''") + "'"


def flow_lines(items: list[str], first: str, indent: str = "    ") -> list[str]:
    """A flow list ``first[a, b, …]`` wrapped as the lexicon wraps its lists."""
    lines, line = [], first + "["
    for i, w in enumerate(items):
        piece = scalar(w) + ("," if i < len(items) - 1 else "]")
        if len(line) + 1 + len(piece) > WIDTH and not line.endswith("["):
            lines.append(line)
            line = indent + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    if not items:
        line += "]"
    lines.append(line)
    return lines


def words_of(entry: object) -> list[str]:
    """The string items of a list the writer gave (numbers read as their text)."""
    if not isinstance(entry, list):
        return []
    return [str(x).strip() for x in entry if str(x).strip()]


def lexicon_owners(data: dict) -> dict[str, set[str]]:
    """normalised word → the functions whose names, terms or ``more`` hold it."""
    out: dict[str, set[str]] = defaultdict(set)
    for fid, v in data.items():
        for field in ("names", "terms", "more"):
            for w in words_of(v.get(field)):
                out[normalise(w)].add(fid)
    return out


def as_functions(data: dict) -> tuple[functions.Function, ...]:
    """The lexicon dict as ``functions.lexicon()`` reads it (same parsing)."""
    return tuple(
        functions.Function(id=k, names=tuple(str(x) for x in v.get("names", ())),
                           terms=tuple(dict.fromkeys(str(x) for x in v.get("terms", ()))),
                           named_only=bool(v.get("named_only", False)),
                           sector=v.get("sector"),
                           also_sectors=tuple(v.get("also_sectors", ())),
                           more=tuple(dict.fromkeys(str(x) for x in v.get("more", ()))))
        for k, v in data.items())


def mappings(data: dict, orgs: list[tuple[str, object, list]]) -> dict[str, dict[str, list[str]]]:
    """org name → function id → departments it maps onto, with ``data`` as the lexicon."""
    saved = functions._lexicon
    lex = as_functions(data)
    functions._lexicon = lambda: lex  # noqa: SLF001 - the mapping of a candidate lexicon
    try:
        out = {}
        for name, org, _ in orgs:
            by_f: dict[str, list[str]] = defaultdict(list)
            for d, fs in functions.map_functions(org).items():
                for f in fs:
                    by_f[f].append(d)
            out[name] = dict(by_f)
        return out
    finally:
        functions._lexicon = saved


def collisions(candidates: list[tuple[str, str]], data: dict,
               orgs: list[tuple[str, object, list]]) -> dict[tuple[str, str], str]:
    """(function, word) → where it collides: an org whose history holds the word in ≥ 2 rows
    of a department the function does not map onto, more than in any it maps onto."""
    maps = mappings(data, orgs)
    out = {}
    for fid, w in candidates:
        n = normalise(w)
        for name, _, rows in orgs:
            mine = maps[name].get(fid)
            if not mine:
                continue
            count = Counter(d for d, t in rows if functions.occurs(n, t))
            own = max((count[d] for d in mine), default=0)
            other = max(((c, d) for d, c in count.items() if d not in mine), default=(0, ""))
            if other[0] >= 2 and other[0] > own:
                out[(fid, w)] = f"{name}: {other[1]} {other[0]} rows, {'/'.join(mine)} {own}"
                break
    return out


def merge(lexicon_text: str, words: dict, orgs: list[tuple[str, object, list]],
          ) -> tuple[str, dict, dict]:
    """The merged lexicon text, the merged dict (what it must load as) and the report."""
    old = yaml.safe_load(lexicon_text)
    owners = lexicon_owners(old)
    report: dict = {"left_out": defaultdict(list), "added": Counter(), "new_functions": [],
                    "proposed": 0}
    # (function, word, field) candidates in the writer's order; new functions' own fields
    cand: list[tuple[str, str, str]] = []
    new_funcs: dict[str, dict] = {}
    for fid, ws in (words.get("more") or {}).items():
        for w in words_of(ws):
            if fid in old:
                cand.append((fid, w, "more"))
            else:
                report["left_out"]["unknown function"].append(f"{fid}: {w}")
    for fid, v in (words.get("new_functions") or {}).items():
        v = v or {}
        if fid in old:  # an existing key: its words are that function's more words
            for field in ("terms", "more"):
                cand.extend((fid, w, "more") for w in words_of(v.get(field)))
            continue
        new_funcs[fid] = {k: v[k] for k in FIELDS if k in v and k not in ("terms", "more")}
        new_funcs[fid]["names"] = words_of(v.get("names"))
        for field in ("terms", "more"):
            cand.extend((fid, w, field) for w in words_of(v.get(field)))
    report["proposed"] = len(cand)
    # the file's own duplicates and words it gives two functions
    proposed_for: dict[str, set[str]] = defaultdict(set)
    for fid, w, _ in cand:
        proposed_for[normalise(w)].add(fid)
    seen: set[tuple[str, str]] = set()
    kept: list[tuple[str, str, str]] = []
    for fid, w, field in cand:
        n = normalise(w)
        if (fid, n) in seen:
            report["left_out"]["repeated in the file"].append(f"{fid}: {w}")
            continue
        seen.add((fid, n))
        if len(n) < 1:
            continue
        if n in owners:
            why = ("already the function's own" if fid in owners[n]
                   else "already another function's")
            report["left_out"][why].append(f"{fid}: {w} ({'/'.join(sorted(owners[n]))})")
        elif len(proposed_for[n]) > 1:
            report["left_out"]["proposed for two functions"].append(
                f"{fid}: {w} ({'/'.join(sorted(proposed_for[n]))})")
        else:
            kept.append((fid, w, field))

    def merged(keep: list[tuple[str, str, str]]) -> dict:
        data = {k: dict(v) for k, v in old.items()}
        for fid, spec in new_funcs.items():
            data[fid] = {**spec, "terms": [], "more": []}
        for fid, w, field in keep:
            data[fid][field] = [*data[fid].get(field, []), w]
        for fid in new_funcs:
            data[fid] = {k: v for k, v in data[fid].items() if v != [] or k == "terms"}
        return data

    # the history rule, on the merged lexicon's mapping, until nothing more falls out
    while True:
        hit = collisions([(f, w) for f, w, _ in kept], merged(kept), orgs)
        if not hit:
            break
        for (fid, w), where in hit.items():
            report["left_out"]["collides in a read org's history"].append(f"{fid}: {w} — {where}")
        kept = [c for c in kept if (c[0], c[1]) not in hit]
    data = merged(kept)
    for fid, _, field in kept:
        report["added"][f"{fid}.{field}"] += 1
    empty = [fid for fid in new_funcs if not data[fid].get("terms")]
    for fid in empty:  # a new function with no term left is not added
        report["left_out"]["new function with no term left"].append(fid)
        del data[fid]
        for field in ("terms", "more"):
            report["added"].pop(f"{fid}.{field}", None)
    report["new_functions"] = [f for f in new_funcs if f in data]
    return write(lexicon_text, old, data), data, report


def write(text: str, old: dict, data: dict) -> str:
    """``text`` with ``data``'s extra ``more`` words appended to the existing lists and its
    new functions at the end; nothing of ``text`` rewritten."""
    lines = text.split("\n")
    for fid, v in old.items():
        extra = data[fid].get("more", [])[len(v.get("more", [])):]
        if not extra:
            continue
        start = lines.index(f"{fid}:")
        end = start + 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1  # the block: indented lines up to a blank line or the next key
        more = [i for i in range(start + 1, end) if lines[i].startswith("  more:")]
        if more:
            last = more[0]
            while last + 1 < end and lines[last + 1].startswith("    "):
                last += 1
            assert lines[last].endswith("]"), (fid, lines[last])
            tail = flow_lines(extra, "")  # "[a, b, …]" wrapped
            joined = lines[last][:-1] + ", " + tail[0][1:]
            new = [joined] if len(joined) <= WIDTH else [lines[last][:-1] + ",",
                                                          "    " + tail[0][1:]]
            lines[last:last + 1] = new + tail[1:]
        else:
            lines[end:end] = flow_lines(extra, "  more: ")
    added = [f for f in data if f not in old]
    if added:
        block = ["", "# New functions proposed by the fifteenth round's sector writer "
                 "(see the header)."]
        for fid in added:
            v = data[fid]
            block += ["", f"{fid}:"]
            for k in FIELDS:
                if k not in v:
                    continue
                if isinstance(v[k], list):
                    block += flow_lines([str(x) for x in v[k]], f"  {k}: ")
                elif isinstance(v[k], bool):
                    block.append(f"  {k}: {str(v[k]).lower()}")
                else:
                    block.append(f"  {k}: {scalar(str(v[k]))}")
        while lines and lines[-1] == "":
            lines.pop()
        lines += block + [""]
    return "\n".join(lines)


def add_note(text: str, note: str, counts: dict) -> str:
    """``note`` (filled with ``counts``) as a comment paragraph at the end of the header."""
    paras = [" ".join(p.split()) for p in note.format(**counts).split("\n\n") if p.strip()]
    para = ["#"]
    for i, p in enumerate(paras):
        para += ["#"] * bool(i) + ["# " + x for x in textwrap.wrap(p, WIDTH - 8)]
    lines = text.split("\n")
    end = lines.index("")  # the header is the comment block before the first blank line
    lines[end:end] = para
    return "\n".join(lines)


def read_orgs(dirs: list[Path]) -> list[tuple[str, object, list]]:
    """(name, org, [(department, normalised text)]) of each read org."""
    out = []
    for p in dirs:
        org = load_org(p / "org.yaml")
        rows = [(e.department, normalise(e.text)) for e in read_history(p / "history.csv", org)]
        out.append((p.name, org, rows))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("words", type=Path)
    ap.add_argument("--orgs", nargs="+", type=Path, required=True)
    ap.add_argument("--lexicon", type=Path, default=LEXICON)
    ap.add_argument("--out", type=Path, help="default: overwrite --lexicon")
    ap.add_argument("--note", type=Path, help="header paragraph, {field}s from the counts")
    ap.add_argument("--report", type=Path)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    text = args.lexicon.read_text("utf-8")
    words = yaml.safe_load(args.words.read_text("utf-8")) or {}
    out, data, report = merge(text, words, read_orgs(args.orgs))
    if yaml.safe_load(out) != data:
        raise SystemExit("the merged text does not load as the merged lexicon")
    left = {k: len(v) for k, v in report["left_out"].items()}
    more_added = sum(c for k, c in report["added"].items() if k.endswith(".more"))
    term_added = sum(c for k, c in report["added"].items() if k.endswith(".terms"))
    counts = {"proposed": report["proposed"], "added": more_added + term_added,
              "more_added": more_added, "terms_added": term_added,
              "new_functions": len(report["new_functions"]),
              "functions_extended": len({k.split(".")[0] for k in report["added"]}
                                        - set(report["new_functions"])),
              "other_function": left.get("already another function's", 0),
              "own_function": left.get("already the function's own", 0),
              "two_functions": left.get("proposed for two functions", 0),
              "collide": left.get("collides in a read org's history", 0),
              "orgs": len(args.orgs)}
    if args.note:
        out = add_note(out, args.note.read_text("utf-8"), counts)
        if yaml.safe_load(out) != data:
            raise SystemExit("the note broke the lexicon")
    print(json.dumps(counts, ensure_ascii=False))
    for k, n in sorted(left.items()):
        print(f"left out, {k}: {n}")
    print("new functions:", ", ".join(report["new_functions"]) or "none")
    per = Counter()
    for k, c in report["added"].items():
        per[k.split(".")[0]] += c
    print("added per function:", ", ".join(f"{f} {c}" for f, c in per.most_common()))
    if args.report:
        args.report.write_text(json.dumps({"counts": counts, "left_out": report["left_out"],
                                           "added": report["added"],
                                           "new_functions": report["new_functions"]},
                                          ensure_ascii=False, indent=1), "utf-8")
    if not args.dry_run:
        (args.out or args.lexicon).write_text(out, "utf-8")


if __name__ == "__main__":
    main()
