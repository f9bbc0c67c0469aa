"""What hostile meeting files cost the minutes extractor, per file, in seconds.

Why: an upload is extracted inside a request; a line shaped to make one of the rules'
patterns backtrack, or a scan that asks the lexicon again at every character of a long run,
stalls that worker for everyone. Each case is a file a careless export or a malicious upload
may carry (a line padded with one character, a run of names, thousands of tiny lines);
beside it is what a normal transcript of the same size costs (the spoken-own calls repeated
to that length), and the ratio of the two. A linear reading keeps the ratio at a few.

    PYTHONPATH=. python benchmarks/minutes_hostile.py [--runs 3] [--only 嗯]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from models.org import Org, load_org
from nlp.minutes import extract, load_pipeline
from nlp.readers import MAX_LINES, MinutesInputError

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "tests" / "fixtures" / "minutes" / "spoken-own"
MEETING = dt.date(2026, 7, 8)
EVENT = "赵峰：展会是七月二十号开幕。\n"
NAMES = ("赵峰", "李芳", "陈杰", "王晓", "刘海涛", "吴婷", "孙敏", "郑磊", "周建国")


def _common_cjk(n: int) -> str:
    """n characters drawn (seeded) from the Chinese the spoken fixtures use, as often as
    they use them: common words in no sentence, no punctuation."""
    sets = ROOT / "tests" / "fixtures" / "minutes"
    said = "".join(p.read_bytes().decode("utf-8", "ignore")
                   for p in sorted(sets.glob("spoken-*/*.txt")))
    pool = re.findall(r"[\u4e00-\u9fff]", said)
    return "".join(random.Random(14).choices(pool, k=n))


def _names(n: int, sep: str = "") -> str:
    out, k = [], 0
    while sum(map(len, out)) < n:
        out.append(NAMES[k % len(NAMES)] + sep)
        k += 1
    return "".join(out)[:n]


CASES: dict[str, Callable[[], str]] = {
    "a normal call": lambda: EVENT + "赵峰：吴婷，展会前三天把样品寄过去。\n",
    "20,000 spaces after 展会前三天": lambda: (EVENT + "赵峰：吴婷，展会前三天" + " " * 20_000
                                             + "把样品寄过去。\n"),
    "20,000 spaces after 提前一天": lambda: (EVENT + "刘海涛：我们提前一天" + " " * 20_000
                                            + "把货码好。\n"),
    "20,000 × 你 then 。": lambda: "赵峰：" + "你。" * 10_000 + "\n",
    "20,000 × 嗯": lambda: "孙敏：" + "嗯" * 20_000 + "\n",
    "20,000 × 嗯 then a call": lambda: "孙敏：" + "嗯" * 20_000 + "王晓，周五前把报表发我。\n",
    "20,000 common characters": lambda: "孙敏：" + _common_cjk(20_000) + "\n",
    "5,000 × 小王你": lambda: "赵峰：" + "小王你" * 5_000 + "\n",
    "20,000 chars of org names": lambda: "赵峰：" + _names(20_000) + "\n",
    # the longest line under readers.MAX_CHARS
    "200,000 chars of org names": lambda: "赵峰：" + _names(199_990) + "\n",
    "200,001 chars of org names": lambda: "赵峰：" + _names(200_001) + "\n",  # refused
    "20,000 chars of names with 、": lambda: "赵峰：" + _names(20_000, "、") + "\n",
    "20,000 × ，": lambda: "赵峰：" + "，" * 20_000 + "\n",
    "5,000 lines 赵峰：嗯": lambda: "赵峰：嗯\n" * 5_000,
    "5,000 lines of one character": lambda: "嗯\n" * 5_000,
    "10,000 lines of one character": lambda: "嗯\n" * 10_000,  # over MAX_LINES: refused
    "5,000 speaker labels alone": lambda: "".join(f"{NAMES[k % 9]}：\n" for k in range(5_000)),
    "10,000 × 下周三": lambda: "赵峰：" + "下周三" * 10_000 + "\n",
    "20,000 digits": lambda: "赵峰：" + "7" * 20_000 + "\n",
    "2,000 timestamps": lambda: "赵峰：" + "(00:00:05)" * 2_000 + "\n",
    "10,000 × （ then 10,000 × ）": lambda: ("赵峰：" + "（" * 10_000 + "王晓，周五前把报表发我。"
                                            + "）" * 10_000 + "\n"),
}


def normal(n: int) -> str:
    """A normal transcript of about n characters: the spoken-own calls, repeated."""
    calls = "".join(p.read_text(encoding="utf-8") for p in sorted(OWN.glob("*.txt")))
    return (calls * (n // len(calls) + 1))[: max(n, len(calls))].rsplit("\n", 1)[0] + "\n"


def _time(text: str, runs: int, org: Org) -> float:
    """Median seconds to extract ``text`` (to refuse it, for a file over a reader's limit)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        try:
            extract(text.encode(), "call.txt", org, MEETING)
        except MinutesInputError as e:
            print(f"  refused: {e}")
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="cases whose name contains this")
    a = ap.parse_args()
    org = load_org(OWN / "org.yaml")
    load_pipeline(org)
    extract(EVENT.encode(), "warm.txt", org, MEETING)
    base: dict[int, float] = {}
    for name, make in CASES.items():
        if a.only not in name:
            continue
        text = make()
        size = max(1_000, round(len(text), -3))
        if size not in base:
            # a normal file over MAX_LINES is refused: the 20,000-character one, scaled
            whole = normal(size)
            base[size] = (_time(whole, a.runs, org) if whole.count("\n") <= MAX_LINES
                          else size / 20_000 * _time(normal(20_000), a.runs, org))
        took = _time(text, a.runs, org)
        print(f"{name:<32} {len(text):>8,} chars  median {took:7.3f} s  normal file "
              f"{base[size]:6.3f} s  ×{took / base[size]:5.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
