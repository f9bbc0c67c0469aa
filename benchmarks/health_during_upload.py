"""How long /health waits while a large upload is read and extracted (issue 16, defect 1).

usage: python benchmarks/health_during_upload.py [--lines N] [--uploads 1]

Starts a real `dispatch serve` on a fresh SQLite database with the demo org (the hardening
tests' own helpers), posts a minutes file of --lines numbered discussion lines (default:
just under the reader's line limit, the largest document it accepts) --uploads times one
after the other, and probes /health every 50 ms meanwhile. Prints each upload's seconds and
the probes' median, 99th percentile and maximum. The issue's goal: no request keeps /health
waiting more than a second. The unit test (tests/hardening/test_hardening_uploads.py)
proves by order, not by a clock, that the upload does not run on the event loop.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hardening"))


def main() -> None:
    import httpx
    from hardening_support import seed, serving

    from nlp import readers

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=readers.MAX_LINES - 10)
    ap.add_argument("--uploads", type=int, default=1)
    args = ap.parse_args()

    data = "\n".join(f"{i}. 大家讨论了发布会第{i}个环节的安排，以及场地、物料和预算的细节。"
                     for i in range(args.lines)).encode()
    work = Path(tempfile.mkdtemp(prefix="health_upload_"))
    tokens = seed(work / "var")
    waits: list[float] = []
    with serving(work / "var", "--no-access-log") as (base, _):
        for n in range(args.uploads):
            took: dict[str, float] = {}

            def post(took: dict[str, float] = took) -> None:
                t0 = time.monotonic()
                r = httpx.post(base + "/api/minutes", files={"file": ("long.md", data)},
                               headers={"Authorization": f"Bearer {tokens['requester']}"},
                               timeout=300)
                r.raise_for_status()
                took["s"] = time.monotonic() - t0

            th = threading.Thread(target=post)
            th.start()
            probes = 0
            with httpx.Client(base_url=base, timeout=30) as c:
                while th.is_alive():
                    t0 = time.monotonic()
                    c.get("/health").raise_for_status()
                    waits.append(time.monotonic() - t0)
                    probes += 1
                    time.sleep(0.05)
            th.join()
            print(f"upload {n + 1}: {args.lines} lines, {len(data) / 1e6:.2f} MB, "
                  f"{took['s']:.2f} s; {probes} /health probes meanwhile")
    waits.sort()
    p99 = waits[min(len(waits) - 1, int(0.99 * len(waits)))]
    print(f"/health during the uploads: median {statistics.median(waits):.3f} s, "
          f"p99 {p99:.3f} s, max {waits[-1]:.3f} s over {len(waits)} probes "
          f"(goal: under 1 s)")


if __name__ == "__main__":
    main()
