"""Replay auto rules offline on prequential traces, leave-one-organisation-out.

    python benchmarks/prequential_replay.py TRACES.json... [--families NAME,...]
        [--blind NAME,...] [--target 0.95]

TRACES.json from ``benchmarks/prequential.py ... --dump``: per request what the auto rule
read (``AutoEvidence``), its top department's probability, right or wrong, and the rule in
force. The models of a stream do not depend on the auto rule (it moves no prediction; only
an automatically routed wrong request is learned with weight 2 instead of 1), so replaying
a rule on the trace gives the automatic decisions it would make on the same models: at
every refit (every ``every`` requests) the rule is chosen again on the outcomes so far,
then decides the next requests.

The replay of the shipped rule (``online.outcome_rule`` / ``outcome_threshold`` as
``online.refit`` calls them) must reproduce the recorded decisions; the script says when it
does not. A family's parameter is chosen leave-one-organisation-out: on the other read
streams, the one routing most of requests 101-200 while every one of them stays at or above
the target over the window and over the whole stream; streams named in ``--blind`` are
only scored, never used to choose, and only figures are printed. ``--ceiling`` prints,
per stream, the most of requests 101-200 a threshold chosen *on those requests* could
route at the target (hindsight: an upper bound for any rule chosen beforehand).

Families (``policy`` generalises ``online.refit``'s choice; its defaults reproduce it):
``shipped``/``policy`` the rule as merged; ``pe`` pseudo-errors of the org's own rule;
``min_rule`` outcomes before it; ``window`` latest outcomes read; ``pe_thr`` pseudo-errors
on the threshold-alone path (30-99 outcomes); ``gated`` that threshold chosen on the raw
first probability of the outcomes the cross-org gates pass (what it is applied to);
``on_conf`` the org rule's threshold on the boosted probability; ``wait`` outcomes before
the threshold-alone path; ``early`` min_rule x pseudo-errors (both paths) x first/conf.
Issue #18, twelfth round (docs/routing.md): traces of 15 cold streams, 200 requests each.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.routing import AutoEvidence  # noqa: E402
from nlp.routing import online  # noqa: E402
from nlp.routing.classifier import (  # noqa: E402
    AUTO_LEXICON,
    AUTO_MIN_KNOWN,
    AUTO_MIN_MARGIN,
    AUTO_NEIGHBOUR,
    NEVER,
    choose_threshold,
)

CROSS = (AUTO_MIN_MARGIN, AUTO_MIN_KNOWN, AUTO_NEIGHBOUR, AUTO_LEXICON)
Rule = Callable[[dict], bool]


def _passes(e: dict, conf: float, threshold: float, gate: tuple, on_first: bool,
            row: dict | None = None) -> bool:
    """The gate (margin, known share, neighbour, lexicon[, similarity floor, n of the three
    nearest agreeing]) and the threshold on the raw first or the boosted probability."""
    m, k, nb, lx = gate[:4]
    value = e["first"] if on_first else conf
    ok = bool(e["agree"] and (e["lexicon"] or not lx) and value >= threshold
              and e["first"] - e["second"] >= m and e["known"] >= k
              and (e["neighbour"] or not nb))
    if ok and len(gate) > 4:
        ok = row.get("sim", 0.0) >= gate[4] and row.get("near3", 0) >= gate[5]
    return ok


def _outcomes(rows: Sequence[dict]) -> list[online.Outcome]:
    return [online.Outcome(r["confidence"], r["correct"],
                           AutoEvidence(**r["evidence"]) if r["evidence"] else None)
            for r in rows]


def shipped(rows: Sequence[dict], b: int, first_rule: tuple, *, min_rule: int | None = None,
            pe: float | None = None, window: int | None = None,
            gates: tuple | None = None) -> Rule:
    """The rule ``online.refit`` chooses on the outcomes of rows[:b] (module constants
    overridable: outcomes before the org's rule, pseudo-errors, window, gates)."""
    if b == 0:
        t, gate = first_rule
        return lambda r: _passes(r["evidence"], r["confidence"], t, gate, True)
    saved = (online.MIN_RULE_OUTCOMES, online.OUTCOME_PSEUDO_ERRORS, online.OUTCOME_WINDOW,
             online.OUTCOME_GATES)
    try:
        if min_rule is not None:
            online.MIN_RULE_OUTCOMES = min_rule
        if pe is not None:
            online.OUTCOME_PSEUDO_ERRORS = pe
        if window is not None:
            online.OUTCOME_WINDOW = window
        if gates is not None:
            online.OUTCOME_GATES = gates
        outs = _outcomes(rows[:b])
        rule = online.outcome_rule(outs, 0.95)
        if rule is not None and rule.threshold >= NEVER:
            rule = None
        if rule is not None:
            gate = (rule.margin, rule.known, rule.neighbour, rule.lexicon)
            t, on_first = rule.threshold, not rule.boosted
            return lambda r: _passes(r["evidence"], r["confidence"], t, gate, on_first)
        chosen = online.outcome_threshold(outs, 0.95)
    finally:
        (online.MIN_RULE_OUTCOMES, online.OUTCOME_PSEUDO_ERRORS, online.OUTCOME_WINDOW,
         online.OUTCOME_GATES) = saved
    if chosen is None:
        t, gate = first_rule
    else:
        t, gate = chosen[0], CROSS
    # the threshold alone: RoutingModel.routes reads the raw first probability
    return lambda r: _passes(r["evidence"], r["confidence"], t, gate, True)


def replay(trace: Sequence[dict], every: int, choose: Callable[[Sequence[dict], int], Rule]
           ) -> list[bool]:
    """The automatic decisions of a rule chosen again at every refit."""
    auto: list[bool] = []
    for b in range(0, len(trace), every):
        rule = choose(trace, b)
        auto += [bool(r["evidence"] is not None and rule(r)) for r in trace[b:b + every]]
    return auto


def summary(trace: Sequence[dict], auto: Sequence[bool], lo: int = 0, hi: int | None = None
            ) -> dict:
    rows = list(zip(trace, auto, strict=True))[lo:hi]
    n = len(rows)
    routed = [r for r, a in rows if a]
    wrong = sum(not r["right"] for r in routed)
    return {"n": n, "acc": sum(r["right"] for r, _ in rows) / n if n else 0.0,
            "auto": len(routed), "share": len(routed) / n if n else 0.0, "wrong": wrong,
            "prec": (len(routed) - wrong) / len(routed) if routed else None}


def fmt(s: dict) -> str:
    p = "  -  " if s["prec"] is None else f"{s['prec']:.3f}"
    return f"{s['acc']:.3f} {100 * s['share']:3.0f}% ({p}; {s['auto']}, {s['wrong']} wrong)"


def ceiling(trace: Sequence[dict], lo: int, hi: int, gate: tuple, target: float) -> int:
    """Hindsight: the most requests of trace[lo:hi] one threshold on the raw first
    probability, under ``gate``, could have routed at ``target`` (chosen on those very
    requests: an upper bound no rule chosen beforehand reaches)."""
    sel = sorted((r for r in trace[lo:hi] if r["evidence"] is not None
                  and _passes(r["evidence"], r["confidence"], -1.0, gate, True)),
                 key=lambda r: -r["evidence"]["first"])
    best, right = 0, 0
    for i, r in enumerate(sel):
        right += r["right"]
        if right / (i + 1) >= target:
            best = i + 1
    return best


# ---------------------------------------------------------------- candidate families


def family_shipped(**kw) -> Callable:
    def make(first_rule):
        return lambda trace, b: shipped(trace, b, first_rule, **kw)
    return make


FAMILIES: dict[str, list[tuple[str, Callable]]] = {
    "shipped": [("-", family_shipped())],
    "min_rule": [(str(m), family_shipped(min_rule=m)) for m in (30, 50, 70, 100)],
    "pe": [(str(p), family_shipped(pe=p)) for p in (0.5, 1.0, 1.5, 2.0)],
    "window": [(str(w), family_shipped(window=w)) for w in (50, 100, 150, 200, 300)],
    "min_rule+pe": [(f"{m}/{p}", family_shipped(min_rule=m, pe=p))
                    for m in (30, 50, 70, 100) for p in (1.0, 1.5, 2.0)],
    "min_rule+window": [(f"{m}/{w}", family_shipped(min_rule=m, window=w))
                        for m in (30, 50, 70, 100) for w in (100, 150, 300)],
}


def policy(trace: Sequence[dict], b: int, first_rule: tuple, *, min_rule: int = 100,
           pe: float = 2.0, window: int = 300, pe_threshold: float = 0.0, on: str = "first",
           gates: tuple | None = None, min_outcomes: int = 30, thr_gated: bool = False,
           union: bool = False) -> Rule:
    """A generalisation of ``online.refit``'s choice (its defaults reproduce it): the org's
    own rule from ``min_rule`` outcomes, ``pe`` pseudo-errors, the latest ``window``
    outcomes, the threshold-alone fallback held to ``pe_threshold`` pseudo-errors, and the
    threshold read on the raw first probability (``first``) or the top department's
    probability with the unseen-term boost (``conf``, the gates' other conditions, the
    boosted and raw first departments agreeing included, unchanged)."""
    if b == 0:
        t, gate = first_rule
        return lambda r: _passes(r["evidence"], r["confidence"], t, gate, True)
    recent = [r for r in trace[:b] if r["evidence"] is not None][-window:]
    use_first = on == "first"
    if len(recent) >= min_rule:
        ok = np.array([r["correct"] for r in recent], dtype=bool)
        val = np.array([r["evidence"]["first"] if use_first else r["confidence"]
                        for r in recent])
        best, cov = None, 0.0
        for g in gates or online.OUTCOME_GATES:
            m = np.array([_passes(r["evidence"], r["confidence"], -1.0, g, True, r)
                          for r in recent], dtype=bool)
            t, _, _ = choose_threshold(val[m], ok[m], 0.95, pe)
            routed = int((val[m] >= t).sum())
            if t < NEVER and routed / len(recent) > cov + 1e-9:
                best, cov = (t, g), routed / len(recent)
        if best is not None:
            t, g = best
            return lambda r: _passes(r["evidence"], r["confidence"], t, g, use_first, r)
    allr = trace[:b][-window:]
    if len(allr) >= min_outcomes:
        if thr_gated:
            # the threshold chosen on what it is applied to: the raw first probability of
            # the outcomes the cross-org gates let through
            allr = [r for r in allr if r["evidence"] is not None
                    and _passes(r["evidence"], r["confidence"], -1.0, CROSS, True)]
            conf = np.array([r["evidence"]["first"] for r in allr])
        else:
            conf = np.array([r["confidence"] for r in allr])
        ok = np.array([r["correct"] for r in allr], dtype=bool)
        t, _, _ = choose_threshold(conf, ok, 0.95, pe_threshold)
        return lambda r: _passes(r["evidence"], r["confidence"], t, CROSS, True)
    t, gate = first_rule
    return lambda r: _passes(r["evidence"], r["confidence"], t, gate, True)


def conf_only(trace: Sequence[dict], b: int, first_rule: tuple, *, pe: float = 2.0,
              window: int = 300, min_outcomes: int = 30, agree: bool = False,
              gate: tuple | None = None) -> Rule:
    """No gate: the top department's probability as the org sees it (with the unseen-term
    boost) against a threshold chosen on the org's own latest outcomes of that same
    probability, held to ``pe`` pseudo-errors (``agree``: and the boost moved no first
    department; ``gate``: the threshold read on outcomes passing it, applied with it)."""
    recent = trace[:b][-window:]
    if b == 0 or len(recent) < min_outcomes:
        t0, g0 = first_rule
        return lambda r: _passes(r["evidence"], r["confidence"], t0, g0, True)
    if gate is not None:
        recent = [r for r in recent if r["evidence"] is not None
                  and _passes(r["evidence"], r["confidence"], -1.0, gate, False)]
    elif agree:
        recent = [r for r in recent if r["evidence"] is not None and r["evidence"]["agree"]]
    conf = np.array([r["confidence"] for r in recent])
    ok = np.array([r["correct"] for r in recent], dtype=bool)
    t, _, _ = choose_threshold(conf, ok, 0.95, pe)
    if gate is not None:
        return lambda r: _passes(r["evidence"], r["confidence"], t, gate, False)
    return lambda r: r["confidence"] >= t and (r["evidence"]["agree"] or not agree)


def family_conf(**kw) -> Callable:
    def make(first_rule):
        return lambda trace, b: conf_only(trace, b, first_rule, **kw)
    return make


def family_policy(**kw) -> Callable:
    def make(first_rule):
        return lambda trace, b: policy(trace, b, first_rule, **kw)
    return make


FAMILIES.update({
    "policy": [("shipped", family_policy())],
    "pe_thr": [(f"{p}", family_policy(pe_threshold=p)) for p in (0.0, 1.0, 2.0)],
    "on_conf": [(f"{o}/{p}/{q}", family_policy(on=o, pe=p, pe_threshold=q))
                for o in ("first", "conf") for p in (1.0, 1.5, 2.0) for q in (0.0, 2.0)],
    "gated": [(f"{p}/{q}", family_policy(pe=p, pe_threshold=q, thr_gated=True))
              for p in (1.0, 1.5, 2.0) for q in (0.0, 1.0, 2.0)],
    "wait": [(f"{w}/{p}/{q}", family_policy(min_outcomes=w, pe=p, pe_threshold=q))
             for w in (30, 50, 100) for p in (1.0, 1.5, 2.0) for q in (0.0, 2.0)],
    "conf_only": [(f"{m}/{p}/{w}/{'agree' if g else 'any'}",
                   family_conf(min_outcomes=m, pe=p, window=w, agree=g))
                  for m in (30, 100) for p in (1.0, 2.0, 3.0, 4.0) for w in (100, 300)
                  for g in (False, True)],
    "conf_gate": [(f"{m}/{p}/{g}", family_conf(min_outcomes=m, pe=p, gate=g))
                  for m in (30, 100) for p in (2.0, 3.0, 4.0)
                  for g in ((0.5, 0.3, False, True), (0.0, 0.3, False, True),
                            (0.5, 0.0, False, False))],
    # the org's own rule may also require the nearest past request this similar, or n of
    # the three nearest agreeing, in place of (or beside) the nearest one agreeing
    "sim_gates": [(f"{p}/{q}/{fl}", family_policy(pe=p, pe_threshold=q, gates=tuple(
        (m, k, nb, lx, sf, n3) for (m, k, nb, lx) in online.OUTCOME_GATES
        for sf, n3 in ((0.0, 0),) + tuple((x, 0) for x in fl) + ((0.0, 2), (0.0, 3)))))
        for p in (1.0, 1.5, 2.0) for q in (0.0, 2.0) for fl in ((0.2,), (0.2, 0.3, 0.4))],
    "early": [(f"{m}/{p}/{o}", family_policy(min_rule=m, pe=p, on=o, pe_threshold=p))
              for m in (30, 50, 100) for p in (1.0, 1.5, 2.0, 3.0) for o in ("first", "conf")],
})


def first_rule_of(trace: Sequence[dict]) -> tuple:
    r = trace[0]
    return r["threshold"], (r["margin"], r["min_known"], r["use_neighbour"], r["use_lexicon"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dumps", nargs="+", type=Path)
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--blind", default="routing-gov,routing-media,routing-hospital")
    ap.add_argument("--target", type=float, default=0.95)
    ap.add_argument("--lo", type=int, default=100)
    ap.add_argument("--hi", type=int, default=200)
    ap.add_argument("--ceiling", action="store_true", help="the hindsight ceilings too")
    ap.add_argument("--detail", action="store_true", help="every parameter on every read stream")
    a = ap.parse_args()
    blind = set(filter(None, a.blind.split(",")))
    streams = []
    for p in a.dumps:
        for r in json.loads(p.read_text()):
            name = Path(r["set"]).name
            streams.append((f"{name}:{r['start']}", name in blind, r["every"], r["trace"]))
    # the shipped rule replayed must reproduce what the stream decided
    for name, _, every, tr in streams:
        auto = replay(tr, every, family_shipped()(first_rule_of(tr)))
        diff = sum(x != r["auto"] for x, r in zip(auto, tr, strict=True))
        if diff:
            print(f"WARNING {name}: the replay of the shipped rule differs on {diff} requests")
    if a.ceiling:
        print(f"hindsight ceiling of requests {a.lo + 1}-{a.hi} at {a.target}: cross-org gates "
              "/ without the neighbour / no gate (agree only)")
        for name, _, _, tr in streams:
            c = [ceiling(tr, a.lo, a.hi, g, a.target) for g in
                 (CROSS, (AUTO_MIN_MARGIN, AUTO_MIN_KNOWN, False, AUTO_LEXICON),
                  (0.0, 0.0, False, False))]
            n = len(tr[a.lo:a.hi])
            print(f"  {name:28} " + " / ".join(f"{100 * x / n:3.0f}%" for x in c))
    for fam in filter(None, a.families.split(",")):
        params = FAMILIES[fam]
        res = {}
        for label, make in params:
            for name, _, every, tr in streams:
                auto = replay(tr, every, make(first_rule_of(tr)))
                res[label, name] = (summary(tr, auto, a.lo, a.hi), summary(tr, auto))
        read = [n for n, bl, _, _ in streams if not bl]

        def ok(label, names, res=res):
            return all((s is None or s >= a.target) for n in names
                       for s in (res[label, n][0]["prec"], res[label, n][1]["prec"]))

        def routed(label, names, res=res):
            return sum(res[label, n][0]["auto"] for n in names)

        print(f"\n== {fam}")
        for label, _ in params:
            tot = [res[label, n] for n, *_ in streams]
            w = sum(x[0]["auto"] for x in tot)
            ww = sum(x[0]["wrong"] for x in tot)
            print(f"  {label:>10}: 101-200 routed {w} ({ww} wrong) on all; read ok "
                  f"{ok(label, read)}")
            if a.detail:
                for n, bl, _, _ in streams:
                    if not bl:
                        print(f"      {n:26} 101-200 {fmt(res[label, n][0])} | all "
                              f"{fmt(res[label, n][1])}")
        for name, bl, _, _ in streams:
            others = [n for n in read if n != name]
            good = [lb for lb, _ in params if ok(lb, others)]
            pick = max(good, key=lambda lb: routed(lb, others)) if good else None
            if pick is None:
                print(f"  {name:28} held out: no parameter keeps the others")
                continue
            w, o = res[pick, name]
            print(f"  {name:28} {'(blind) ' if bl else ''}chosen {pick:>8}: "
                  f"101-200 {fmt(w)} | all {fmt(o)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
