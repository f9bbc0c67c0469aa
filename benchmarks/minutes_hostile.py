"""What hostile meeting files cost the minutes extractor, per file, in seconds.

Why: an upload is extracted inside a request; a line shaped to make one of the rules'
patterns backtrack stalls that worker for everyone. Each case is a short transcript of the
spoken-own org with one line padded (a careless export's whitespace, a run of one character);
a linear reading takes about as long as the same file unpadded.

    PYTHONPATH=. python benchmarks/minutes_hostile.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from models.org import load_org
from nlp.minutes import extract, load_pipeline

ROOT = Path(__file__).resolve().parent.parent
MEETING = dt.date(2026, 7, 8)
EVENT = "赵峰：展会是七月二十号开幕。\n"
CASES = {
    "a normal call": EVENT + "赵峰：吴婷，展会前三天把样品寄过去。\n",
    "20,000 spaces after 展会前三天": (EVENT + "赵峰：吴婷，展会前三天" + " " * 20_000
                                       + "把样品寄过去。\n"),
    "20,000 spaces after 提前一天": EVENT + "刘海涛：我们提前一天" + " " * 20_000 + "把货码好。\n",
    "20,000 × 你 then 。": "赵峰：" + "你。" * 10_000 + "\n",
    "20,000 × 嗯": "孙敏：" + "嗯" * 20_000 + "\n",
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    org = load_org(ROOT / "tests" / "fixtures" / "minutes" / "spoken-own" / "org.yaml")
    load_pipeline(org)
    extract(EVENT.encode(), "warm.txt", org, MEETING)
    for name, text in CASES.items():
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            extract(text.encode(), "call.txt", org, MEETING)
            times.append(time.perf_counter() - t)
        print(f"{name:<34} {len(text):>7,} chars  median {statistics.median(times):7.3f} s  "
              f"max {max(times):7.3f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
