"""nlp.routing.online: the auto threshold a refit chooses on outcomes."""

from __future__ import annotations

from nlp.routing.classifier import NEVER
from nlp.routing.online import MIN_OUTCOMES, OUTCOME_WINDOW, Outcome, outcome_threshold


def test_too_few_outcomes_choose_nothing() -> None:
    few = [Outcome(0.99, True)] * (MIN_OUTCOMES - 1)
    assert outcome_threshold(few, 0.95) is None


def test_the_threshold_keeps_the_auto_share_at_the_target() -> None:
    # confident and right above 0.8, a coin toss below: the threshold lands at 0.8
    outs = ([Outcome(0.9, True)] * 40 + [Outcome(0.8, True)] * 19 + [Outcome(0.8, False)]
            + [Outcome(0.5, i % 2 == 0) for i in range(40)])
    threshold, coverage, precision, n = outcome_threshold(outs, 0.95)
    assert threshold == 0.8 and n == 100
    assert coverage == 0.6 and precision >= 0.95


def test_only_recent_outcomes_count_and_none_may_qualify() -> None:
    old_good = [Outcome(0.9, True)] * OUTCOME_WINDOW
    recent_bad = [Outcome(0.9, False)] * OUTCOME_WINDOW
    threshold, coverage, _, n = outcome_threshold(old_good + recent_bad, 0.95)
    assert threshold == NEVER and coverage == 0.0 and n == OUTCOME_WINDOW
