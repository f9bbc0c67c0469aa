"""Scale benchmark of `dispatch plan`: generated instances, checked independently.

usage: python benchmarks/plan_scale.py [--sizes 120x700:45,1000x10000:90] [--loads 0.85,1.1]
                                       [--days 10] [--seed 1] [--workers 2] [--out DIR]
For each size (staff x tasks : time limit in seconds) and load, generates an instance with
../shared/tools/gen_plan_instance.py, runs `dispatch plan --json` (wall time measured
around the whole command), checks the plan with ../shared/tools/check_plan.py, and does the
same for the greedy start alone (the baseline). Prints one line per run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.org import load_org  # noqa: E402
from models.plan import load_plan_request  # noqa: E402
from optimizer import SolveOptions, solve_plan  # noqa: E402


def _shared() -> Path:
    for cand in (ROOT.parent / "shared", ROOT / "shared"):
        if (cand / "tools").is_dir():
            return cand
    sys.exit("error: ../shared/tools not found")


def _check(shared: Path, org: Path, tasks: Path, plan: Path) -> str:
    r = subprocess.run([sys.executable, str(shared / "tools" / "check_plan.py"), str(org),
                        str(tasks), str(plan)], capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    return lines[-1] if lines else f"check_plan failed: {r.stderr.strip()[-200:]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="120x700:45,1000x10000:90")
    ap.add_argument("--loads", default="0.85,1.1")
    ap.add_argument("--days", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default="/tmp/dispatch_plan_scale")
    a = ap.parse_args()
    shared = _shared()
    dispatch = Path(sys.executable).parent / "dispatch"
    for spec in a.sizes.split(","):
        size, _, limit = spec.partition(":")
        staff, tasks = size.split("x")
        for load in a.loads.split(","):
            d = Path(a.out) / f"{size}_load{load}"
            subprocess.run([sys.executable, str(shared / "tools" / "gen_plan_instance.py"), str(d),
                            "--staff", staff, "--tasks", tasks, "--days", str(a.days),
                            "--load", load, "--seed", str(a.seed)], check=True,
                           capture_output=True)
            org_p, tasks_p, plan_p = d / "org.yaml", d / "tasks.json", d / "plan.json"
            t0 = time.monotonic()
            with open(plan_p, "w", encoding="utf-8") as f:
                r = subprocess.run([str(dispatch), "plan", "--org", str(org_p), "--tasks",
                                    str(tasks_p), "--time-limit", limit or "60", "--workers",
                                    str(a.workers), "--json"], stdout=f, stderr=subprocess.PIPE,
                                   text=True)
            wall = time.monotonic() - t0
            if r.returncode:
                print(f"{size} load {load}: dispatch plan failed: {r.stderr.strip()[-300:]}")
                continue
            engine = _check(shared, org_p, tasks_p, plan_p)
            stats = json.loads(plan_p.read_text(encoding="utf-8")).get("stats", {})
            g0 = time.monotonic()
            greedy = solve_plan(load_org(org_p), load_plan_request(tasks_p),
                                SolveOptions(search=False))
            gwall = time.monotonic() - g0
            gp = d / "greedy.json"
            gp.write_text(json.dumps(greedy.to_contract(), ensure_ascii=False), encoding="utf-8")
            base = _check(shared, org_p, tasks_p, gp)
            print(f"{size} load {load} days {a.days}: engine wall {wall:.1f} s "
                  f"(method {stats.get('method')}) | check_plan: {engine}")
            print(f"{size} load {load} days {a.days}: greedy wall {gwall:.1f} s (in-process) "
                  f"| check_plan: {base}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
