"""Turn annotated spoken transcripts into plain ASR dumps, gold carried over (issue 17).

usage: python benchmarks/asr_dumps.py [--out benchmarks/data/asr-dumps]   # (re)write the set
       python benchmarks/asr_dumps.py --score [--verbose]                 # score it

A cheap recorder or a phone's voice-memo app gives a transcript with no speaker names and
often no punctuation. We had one such file with gold (spoken-dairy f08), so this builds a
development set mechanically from transcripts that were annotated with speakers and
punctuation (``SOURCES``), in four variants:

- ``nospk``: speaker names removed; a line keeps its timestamp when the source had one
  (「00:01:02 好，那个…」), else it is just the words. Header lines (title, date, attendees)
  are dropped: the meeting date is passed as --meeting-date (``pass_meeting_date``).
- ``nopunct``: speakers kept, every punctuation mark of the words removed (Chinese marks
  vanish, English ones leave the space): the file is otherwise the source file, line for line.
- ``asr``: both — one line per turn, no speaker, no punctuation (the layout of f08).
- ``memo``: both, and the turns run together into paragraphs of at least ``MEMO_CHARS``
  characters (a voice memo: several turns and several items on one line).

Gold: each item moves to the line its turn landed on (``memo``: the paragraph). Without
speakers an owner is kept only when the dump still says who it is: the owner is not the
speaker of the item's line and is named (``OrgLexicon.find``, the product's own name finder)
in that turn or one of the two turns before it (as the lexicon reads a name called on:
「韦佳」 for 韦嘉 counts); else ``owners`` becomes [] (ANNOTATION.md: an
owner nobody names is unknown) and ``department`` is kept only when the turn names it.
``nopunct`` keeps the gold as it was. The counts of owners blanked are printed.

``--score`` prints, per variant and language (six Chinese transcripts, two English calls),
the figures of ``dispatch.minutes.evaluate`` (score_minutes.py's
pairing) on the dump and on the source files it came from (the same items, read with
speakers and punctuation): the gap is what the dump loses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dispatch.minutes.files import read_file  # noqa: E402
from models.org import load_org  # noqa: E402
from nlp.minutes.lexicon import OrgLexicon  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "minutes"
OUT = ROOT / "benchmarks" / "data" / "asr-dumps"
# (set, file): Chinese transcripts of two companies in every export layout we read —
# Feishu (speaker line above the words), Tencent (「姓名 | 时间」), .srt and .vtt.
SOURCES = [
    ("spoken-dairy", "f01_helin_weekly_feishu.txt"),
    ("spoken-dairy", "f03_procurement_tencent.txt"),
    ("spoken-dairy", "f05_double12_ecom.srt"),
    ("spoken-game", "f02_beta2_mayday_feishu.txt"),
    ("spoken-game", "t01_anniversary_warmup_tencent.txt"),
    ("spoken-game", "v01_beta2_client_review.vtt"),
    # two English calls (a Zoom-style and a plain transcript)
    ("spoken-game", "e01_sea_launch_sync_en.txt"),
    ("spoken-dairy", "f06_nz_wmp_supplier_call_en.txt"),
]
VARIANTS = ("nospk", "nopunct", "asr", "memo")
MEMO_CHARS = 150
_PUNCT = re.compile(r"[，。！？；：、“”‘’「」『』（）《》…—,.!?;:\"()\[\]~～·]+")
_TIME = re.compile(r"\b(\d{1,2}:\d{2}:\d{2})(?:[.,]\d+)?\b")


def strip_punct(text: str) -> str:
    """The words as a recogniser without punctuation gives them: Chinese marks vanish, a mark
    between Latin words leaves one space."""
    out = _PUNCT.sub(lambda m: " " if _latin_around(text, m.start(), m.end()) else "", text)
    return re.sub(r" {2,}", " ", out).strip()


def _latin_around(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(re.match(r"[A-Za-z0-9]", before) and re.match(r"[A-Za-z0-9]", after))


def _turns(path: Path) -> list[tuple[int, str | None, str, str | None]]:
    """(line, speaker, words, timestamp) of every spoken line, as the product's reader sees
    them; the timestamp is the last one written on the line or up to 3 lines above it."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    doc = read_file(path, today=dt.date.today())
    out = []
    for u in doc.utterances:
        if u.kind != "text" or u.line is None or not u.speaker:
            continue
        stamp = None
        for k in range(u.line - 1, max(-1, u.line - 5), -1):
            m = _TIME.findall(lines[k]) if k < len(lines) else []
            if m:
                stamp = m[0]
                break
        out.append((u.line, u.speaker, u.text, stamp))
    return out


def _named(lex: OrgLexicon, text: str) -> set[str]:
    """Everyone the words name: what the lexicon finds, and any two to four characters it
    reads as a person when called on (「韦佳那个，…」: an ASR spelling followed by 那个)."""
    ids = {m.id for m in lex.find(text)}
    for i in range(len(text)):
        for n in (2, 3, 4):
            ids.update(m.id for m in lex.find(text[i:i + n] + "，")
                       if m.kind == "person" and (m.start, m.end) == (0, n))
    return ids


def convert(src_dir: Path, name: str, variant: str) -> tuple[str, dict, dict[str, int]]:
    """(dump text, gold entry, counts) of one source file in one variant."""
    gold = json.loads((src_dir / "gold.json").read_text(encoding="utf-8"))
    entry = next(d for d in gold["documents"] if d["file"] == name)
    org = load_org(src_dir / gold.get("org", "org.yaml"))
    lex = OrgLexicon(org)
    src = src_dir / name
    turns = _turns(src)
    counts = {"items": len(entry["items"]), "owners_blanked": 0}
    stem = Path(name).stem
    if variant == "nopunct":
        lines = src.read_text(encoding="utf-8-sig").splitlines()
        for line, _, words, _ in turns:
            raw = lines[line - 1]
            at = raw.rfind(words)
            if at >= 0:
                lines[line - 1] = raw[:at] + strip_punct(words) + raw[at + len(words):]
        out_name = f"{stem}.nopunct{src.suffix}"
        new = dict(entry, file=out_name)
        return "\n".join(lines) + "\n", new, counts
    # the other variants: only the words, one line per turn (memo: per paragraph)
    out_lines: list[str] = []
    where: dict[int, int] = {}  # source line → dump line
    para = ""
    for line, _, words, stamp in turns:
        text = words if variant == "nospk" else strip_punct(words)
        if not text:
            continue
        if variant == "nospk":
            out_lines.append(f"{stamp} {text}" if stamp else text)
        elif variant == "asr":
            out_lines.append(text)
        else:  # memo
            latin = re.match(r"[A-Za-z0-9]", text) and re.search(r"[A-Za-z0-9]$", para)
            sep = " " if para and latin else ""
            para = para + sep + text
            where[line] = len(out_lines) + 1
            if len(para) >= MEMO_CHARS:
                out_lines.append(para)
                para = ""
            continue
        where[line] = len(out_lines)
    if variant == "memo" and para:
        out_lines.append(para)
    speaker_of = {line: sp for line, sp, _, _ in turns}
    index = {line: i for i, (line, _, _, _) in enumerate(turns)}
    items = []
    for it in entry["items"]:
        it = dict(it)
        ln = it["line"]
        i = index[ln]
        said = " ".join(t[2] for t in turns[max(0, i - 2): i + 1])
        sp = lex.speaker(speaker_of[ln])
        keep = [o for o in it["owners"] if o != (sp.id if sp else None) and o in _named(lex, said)]
        if keep != it["owners"]:
            counts["owners_blanked"] += 1
            it["owners"] = keep
            if not keep:
                depts = {m.id for m in lex.find(turns[i][2]) if m.kind == "dept"}
                it["department"] = it["department"] if it["department"] in depts else None
        it["line"] = where[ln]
        items.append(it)
    out_name = f"{stem}.{variant}.txt"
    new = {"file": out_name, "meeting_date": entry["meeting_date"], "pass_meeting_date": True,
           "items": items}
    return "\n".join(out_lines) + "\n", new, counts


def build(out: Path) -> None:
    for variant in VARIANTS:
        for set_name in sorted({s for s, _ in SOURCES}):
            folder = out / f"{set_name.removeprefix('spoken-')}-{variant}"
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(FIX / set_name / "org.yaml", folder / "org.yaml")
            docs = []
            for s, name in SOURCES:
                if s != set_name:
                    continue
                text, entry, counts = convert(FIX / set_name, name, variant)
                (folder / entry["file"]).write_text(text, encoding="utf-8")
                docs.append(entry)
                print(f"{folder.name}/{entry['file']}: {counts['items']} items, "
                      f"{counts['owners_blanked']} owners unknown without speakers")
            (folder / "gold.json").write_text(
                json.dumps({"org": "org.yaml", "documents": docs}, ensure_ascii=False, indent=1)
                + "\n", encoding="utf-8")


def score(out: Path, verbose: bool) -> None:
    from dispatch.minutes.detector import spoken_detector, zh_detector
    from dispatch.minutes.evaluate import evaluate

    en, zh = spoken_detector(), zh_detector()
    print("| variant | items | P / R / F1 | owners / dept / due |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        sources = _source_folders(Path(tmp))
        for variant in ("source", *VARIANTS):
            folders = sources if variant == "source" else sorted(out.glob(f"*-{variant}"))
            docs = [d for f in folders for d in evaluate(f, en, zh).documents]
            zh_docs = [d for d in docs if "_en." not in d.file]
            _score_variant(f"{variant} zh", zh_docs, verbose)
            _score_variant(f"{variant} en", [d for d in docs if d not in zh_docs], verbose)


def _source_folders(tmp: Path) -> list[Path]:
    """The source files with their own gold, in folders of their own (the figures the dumps
    are compared with)."""
    out = []
    for set_name in sorted({s for s, _ in SOURCES}):
        folder = tmp / set_name
        folder.mkdir()
        gold = json.loads((FIX / set_name / "gold.json").read_text(encoding="utf-8"))
        names = [n for s, n in SOURCES if s == set_name]
        for n in [*names, gold.get("org", "org.yaml")]:
            (folder / n).symlink_to(FIX / set_name / n)
        gold["documents"] = [d for d in gold["documents"] if d["file"] in names]
        (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        out.append(folder)
    return out


def _score_variant(variant: str, docs: list, verbose: bool) -> None:
    tp = sum(d.matched for d in docs)
    npred = sum(d.pred for d in docs)
    ngold = sum(d.gold for d in docs)
    p, r = tp / max(1, npred), tp / max(1, ngold)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = {k: sum(d.correct[k] for d in docs) / max(1, tp) for k in ("owners", "department", "due")}
    print(f"| {variant} | {ngold} | {p:.3f} / {r:.3f} / {f1:.3f} | "
          f"{acc['owners']:.3f} / {acc['department']:.3f} / {acc['due']:.3f} |", flush=True)
    if verbose:
        for d in docs:
            print(f"  {d.file}: gold {d.gold} pred {d.pred} matched {d.matched}")
            for x in d.missed:
                print(f"     missed {x}")
            for x in d.extra:
                print(f"     extra  {x}")
            for x in d.wrong:
                print(f"     {x}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--score", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if a.score:
        score(a.out, a.verbose)
    else:
        build(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
