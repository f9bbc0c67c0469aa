"""GAP benchmark through the planner's engine (ARCHITECTURE.md §2.5).

usage: python benchmarks/gap.py INSTANCE... [--time-limit S] [--workers N] [--seed K] --json
Prints a JSON array, one element per instance: instance, status, cost, assignment
(0-based agent per job), seconds. Check it with ../shared/tools/check_gap.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from optimizer.gap import read_gap_instance, solve_gap  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instances", nargs="+")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the JSON array (default: a table)")
    a = ap.parse_args()
    results = []
    for path in a.instances:
        try:
            inst = read_gap_instance(path)
        except (OSError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            results.append({"instance": path, "status": "unknown", "cost": None,
                            "assignment": None, "seconds": 0.0, "error": str(e)})
            continue
        r = solve_gap(inst, a.time_limit, a.workers, a.seed)
        st = r.pop("stats")
        print(f"{path}: {r['status']} cost {r['cost']} in {r['seconds']} s "
              f"({st.get('method')}, greedy {st.get('greedy_objective')})", file=sys.stderr)
        results.append({"instance": path, **r})
    if a.json:
        print(json.dumps(results))
    else:
        for r in results:
            print(f"{r['instance']}\t{r['status']}\t{r['cost']}\t{r['seconds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
