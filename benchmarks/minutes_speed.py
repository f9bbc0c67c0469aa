"""Minutes extraction speed: pipeline load time and characters per second after load.

usage: python benchmarks/minutes_speed.py [--shared ../shared] [--mb 1.0] [--json]

Targets (issue 3): load <= 3 s; >= 50,000 characters/s on one core after load.
Corpus: the minutes-dev documents, repeated until --mb megabytes of text, and the AMI
dev transcripts (English meeting speech, read as the product reads them: with the shipped
spoken detector, whose load time is reported apart), and the Chinese spoken sets of
tests/fixtures/minutes, rules alone and with the shipped Chinese turn detector. Run it with
`nice -n 10` on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()  # the benchmark's clock: nlp/ reads none of its own
sys.path.insert(0, str(ROOT))


def _shared(arg: str | None) -> Path:
    for cand in (
        arg,
        os.environ.get("DISPATCH_SHARED_DIR"),
        ROOT.parent / "shared",
        ROOT / "shared",
    ):
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand)
    sys.exit("shared/ folder not found; pass --shared")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    shared = _shared(a.shared)
    dev = shared / "data" / "minutes-dev"
    ami = shared / "data" / "public" / "ami" / "dev"

    t0, c0 = time.perf_counter(), time.process_time()
    from dispatch.minutes.files import read_file
    from models.org import load_org
    from nlp.minutes import extract_document, load_pipeline

    t_import = time.perf_counter() - t0
    org = load_org(dev / "org.yaml")
    t1 = time.perf_counter()
    pipe = load_pipeline(org)
    pipe.zh.make_doc("预热分词器")  # jieba loads its dictionary on first use: part of loading
    t_build = time.perf_counter() - t1
    load_seconds = t_import + t_build
    load_cpu = time.process_time() - c0

    docs = [
        read_file(p, today=TODAY)
        for p in sorted(dev.glob("m*"))
        if p.suffix in (".md", ".txt", ".vtt", ".srt", ".docx")
    ]
    doc_chars = [sum(len(u.raw) for u in d.utterances) for d in docs]
    target = int(a.mb * 1_000_000)
    chars, runs = 0, 0
    t2, c2 = time.perf_counter(), time.process_time()
    while chars < target:
        for d, n in zip(docs, doc_chars, strict=True):
            extract_document(d, org, today=TODAY)
            chars += n
        runs += 1
    dev_seconds = time.perf_counter() - t2
    dev_cpu = time.process_time() - c2

    ami_chars, ami_seconds, ami_docs, detector_seconds = 0, 0.0, 0, 0.0
    if ami.is_dir():
        from dispatch.minutes.detector import spoken_detector

        ami_org = load_org(ami / "org.yaml")
        load_pipeline(ami_org)
        ami_read = [read_file(p, today=TODAY) for p in sorted(ami.glob("*.txt"))]
        t4 = time.perf_counter()
        detector = spoken_detector()
        detector_seconds = time.perf_counter() - t4
        t3 = time.perf_counter()
        for d in ami_read:
            extract_document(d, ami_org, None, detector, today=TODAY)
            ami_chars += sum(len(u.raw) for u in d.utterances)
            ami_docs += 1
        ami_seconds = time.perf_counter() - t3

    # Chinese transcripts (the spoken sets in tests/fixtures, not the blind spoken-solar):
    # rules alone, then with the shipped Chinese turn detector, CPU time of extraction.
    zh_chars, zh_cpu_rules, zh_cpu_det, zh_load = 0, 0.0, 0.0, 0.0
    fix = ROOT / "tests" / "fixtures" / "minutes"
    zh_sets = [fix / f"spoken-{n}"
               for n in ("own", "own2", "heldout", "hotel", "edu", "food", "gov")]
    zh_docs = []
    for folder in zh_sets:
        if not (folder / "org.yaml").is_file():
            continue
        zorg = load_org(folder / "org.yaml")
        load_pipeline(zorg)
        zh_docs += [(read_file(p, today=TODAY), zorg) for p in sorted(folder.iterdir())
                    if p.suffix in (".txt", ".vtt", ".srt")]
    if zh_docs:
        from dispatch.minutes.detector import zh_detector

        t5 = time.perf_counter()
        zdet = zh_detector()
        zh_load = time.perf_counter() - t5
        for use, _ in ((None, "rules"), (zdet, "detector")):
            c5 = time.process_time()
            for d, zorg in zh_docs:
                extract_document(d, zorg, None, None, use, today=TODAY)
            spent = time.process_time() - c5
            if use is None:
                zh_cpu_rules = spent
                zh_chars = sum(sum(len(u.raw) for u in d.utterances) for d, _ in zh_docs)
            else:
                zh_cpu_det = spent

    heavy = sorted(m for m in ("torch", "sentence_transformers") if m in sys.modules)
    res = {
        "load_seconds": round(load_seconds, 2),
        "load_cpu_seconds": round(load_cpu, 2),
        "dev_chars_per_cpu_second": round(chars / dev_cpu),
        "load_average": round(os.getloadavg()[0], 1),
        "import_seconds": round(t_import, 2),
        "build_seconds": round(t_build, 2),
        "dev_chars": chars,
        "dev_passes": runs,
        "dev_seconds": round(dev_seconds, 2),
        "dev_chars_per_second": round(chars / dev_seconds),
        "ami_docs": ami_docs,
        "ami_chars": ami_chars,
        "ami_seconds": round(ami_seconds, 2),
        "ami_chars_per_second": round(ami_chars / ami_seconds) if ami_seconds else None,
        "detector_load_seconds": round(detector_seconds, 2),
        "zh_transcripts": len(zh_docs),
        "zh_chars": zh_chars,
        "zh_rules_chars_per_cpu_second": round(zh_chars / zh_cpu_rules) if zh_cpu_rules else None,
        "zh_detector_chars_per_cpu_second": round(zh_chars / zh_cpu_det) if zh_cpu_det else None,
        "zh_detector_load_seconds": round(zh_load, 2),
        "heavy_modules_loaded": heavy,
    }
    if a.json:
        print(json.dumps(res))
    else:
        print(
            f"pipeline load {res['load_seconds']:.2f} s (imports {res['import_seconds']:.2f} s, "
            f"build + jieba {res['build_seconds']:.2f} s); torch loaded: {bool(heavy)}"
        )
        print(
            f"minutes-dev x{runs}: {chars:,} chars in {dev_seconds:.2f} s = "
            f"{res['dev_chars_per_second']:,} chars/s "
            f"({res['dev_chars_per_cpu_second']:,} chars per CPU-second)"
        )
        print(
            f"load CPU time {res['load_cpu_seconds']:.2f} s; machine load average "
            f"{res['load_average']} (wall-clock figures rise with it on a shared machine)"
        )
        if ami_docs:
            print(
                f"AMI dev ({ami_docs} transcripts): {ami_chars:,} chars in {ami_seconds:.2f} s = "
                f"{res['ami_chars_per_second']:,} chars/s (spoken detector loaded in "
                f"{detector_seconds:.2f} s)"
            )
        if zh_docs:
            print(
                f"Chinese transcripts ({len(zh_docs)}, {zh_chars:,} chars): rules alone "
                f"{res['zh_rules_chars_per_cpu_second']:,} chars per CPU-second, with the "
                f"Chinese detector {res['zh_detector_chars_per_cpu_second']:,} (loaded in "
                f"{zh_load:.2f} s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
