"""The function lexicon's mapping and pseudo-examples of several org files, as JSON.

Why: a lexicon change (a new sector, a new term) must leave every organisation that is not
of its kind exactly as it was. Two dumps, one on main and one on the branch, compared with
``diff`` (or ``--against``), show which orgs changed and how, without training a model.

usage: python benchmarks/function_mapping.py ORG.yaml|DIR... [--out OUT.json] [--against OLD.json]

A directory stands for its ``org.yaml``. Prints, per org, how many departments received a
function and how many pseudo-examples there are; with ``--against``, which orgs differ from
the older dump (mapping or pseudo-examples) and the functions gained or lost per department.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from models.org import load_org
from nlp.routing.functions import function_examples, map_functions


def dump(path: Path) -> dict:
    """The mapping (department → functions) and the pseudo-examples of one org file."""
    org = load_org(path / "org.yaml" if path.is_dir() else path)
    return {"mapping": map_functions(org),
            "examples": [list(p) for p in function_examples(org)]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("orgs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--against", type=Path)
    args = ap.parse_args()
    out = {str(p): dump(p) for p in args.orgs}
    for p, d in out.items():
        print(f"{p}: {sum(bool(f) for f in d['mapping'].values())}/{len(d['mapping'])} "
              f"departments mapped, {len(d['examples'])} pseudo-examples")
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    if args.against:
        old = json.loads(args.against.read_text("utf-8"))
        for p, d in out.items():
            if p not in old:
                print(f"{p}: not in {args.against}")
            elif old[p] == d:
                print(f"{p}: identical")
            else:
                print(f"{p}: DIFFERS")
                for dept, fs in d["mapping"].items():
                    before = set(old[p]["mapping"].get(dept, []))
                    if before != set(fs):
                        print(f"  {dept}: +{sorted(set(fs) - before)} -{sorted(before - set(fs))}")
                was = {tuple(x) for x in old[p]["examples"]}
                now = {tuple(x) for x in d["examples"]}
                print(f"  pseudo-examples +{len(now - was)} -{len(was - now)}")


if __name__ == "__main__":
    main()
