"""What hostile request texts cost the routing analyzer (jieba), per text, in ms.

Why: a routing prediction segments the text inside the router's lock, so a text that
makes jieba slow stalls every submit of the server process. jieba's HMM is quadratic in
the length of a run of characters it has no word for (issue 16: 20,000 × 报, a text the
API accepts, took 3.6-9 s on busy cores); ``nlp.routing.text.pieces`` bounds it.

    PYTHONPATH=. python benchmarks/tokenizer_hostile.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from nlp.routing.classifier import MAX_TEXT_CHARS
from nlp.routing.parts import _adds
from nlp.routing.text import SenseAnalyzer, WordAnalyzer

TEXTS = {
    "20,000 × 报": "报" * MAX_TEXT_CHARS,
    "20,000 × 啊 between words": "设计部" + "啊" * (MAX_TEXT_CHARS - 5) + "海报",
    "20,000 CJK Ext-B": "𠀀" * MAX_TEXT_CHARS,
    "mixed, 23,400 chars": "the printer on floor 3 is broken 打印机坏了，" * 600,
    "control chars ×2,000": "a\x00b\x01c\x7f空压机\u200b滤芯\ufeff" * 1000,
    "a normal request": "需要设计部帮忙做一套发布会海报和易拉宝，下周三前要初稿",
    "20,000 × 也 then 不": "也" * (MAX_TEXT_CHARS - 1) + "不",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    WordAnalyzer(["空压机"])("预热")  # jieba's dictionary, once per process
    print(f"{'text':<28}{'median ms':>10}{'max ms':>9}{'tokens':>8}")
    for name, text in TEXTS.items():
        times, n = [], 0
        for _ in range(args.runs):
            a = WordAnalyzer(["空压机"])  # an empty cache: every run segments
            t0 = time.perf_counter()
            n = len(a(text)) + len(SenseAnalyzer(a)(text))
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{name:<28}{statistics.median(times):>10.1f}{max(times):>9.1f}{n:>8}")
    # splitting a request into parts asks of every clause whether it adds to what happened
    # (a look-ahead from every 也 was quadratic: 2.7 s on the last text)
    print(f"\n{'text':<28}{'parts: adds? ms':>16}")
    for name, text in TEXTS.items():
        t0 = time.perf_counter()
        _adds(text)
        print(f"{name:<28}{(time.perf_counter() - t0) * 1000:>16.2f}")


if __name__ == "__main__":
    main()
