"""nlp.routing.online: the auto threshold a refit chooses on outcomes."""

from __future__ import annotations

from nlp.routing.classifier import NEVER
from nlp.routing.online import MIN_OUTCOMES, OUTCOME_WINDOW, Outcome, outcome_threshold


def test_too_few_outcomes_choose_nothing() -> None:
    few = [Outcome(0.99, True)] * (MIN_OUTCOMES - 1)
    assert outcome_threshold(few, 0.95) is None


def test_the_threshold_keeps_the_auto_share_at_the_target() -> None:
    # confident and right above 0.8, a coin toss below: the threshold lands at 0.8
    outs = ([Outcome(0.9, True)] * 40 + [Outcome(0.8, True)] * 79 + [Outcome(0.8, False)]
            + [Outcome(0.5, i % 2 == 0) for i in range(80)])
    threshold, coverage, precision, n = outcome_threshold(outs, 0.95)
    assert threshold == 0.8 and n == 200
    assert coverage == 0.6 and precision >= 0.95


def test_only_recent_outcomes_count_and_none_may_qualify() -> None:
    old_good = [Outcome(0.9, True)] * OUTCOME_WINDOW
    recent_bad = [Outcome(0.9, False)] * OUTCOME_WINDOW
    threshold, coverage, _, n = outcome_threshold(old_good + recent_bad, 0.95)
    assert threshold == NEVER and coverage == 0.0 and n == OUTCOME_WINDOW


# ---------------------------------------------------------------- the org's own auto rule
# (issue #18, ninth round): outcomes that recorded what the rule reads choose the rule.

from models.routing import AutoEvidence, DepartmentScore, Prediction  # noqa: E402
from nlp.routing.online import (  # noqa: E402
    MIN_RULE_OUTCOMES,
    OUTCOME_GATES,
    OUTCOME_PSEUDO_ERRORS,
    outcome_from_record,
    outcome_of,
    outcome_rule,
)


def _seen(first: float, second: float, correct: bool, *, neighbour: bool = True,
          agree: bool = True, lexicon: bool = True) -> Outcome:
    return Outcome(first, correct, AutoEvidence(first=first, second=second, known=0.9,
                                                neighbour=neighbour, agree=agree,
                                                lexicon=lexicon))


# the model led by 0.6 on 80 requests and was right on each, though their most similar
# past request had gone elsewhere: the cross-organisation rule would route none of them
SURE_AND_RIGHT = ([_seen(0.8, 0.2, True, neighbour=False)] * 80
                  + [_seen(0.4, 0.3, i % 2 == 0) for i in range(40)])


def test_an_org_whose_sure_answers_are_right_gets_a_looser_rule_than_the_cross_org_one(
        ) -> None:
    outs = SURE_AND_RIGHT
    assert OUTCOME_GATES[0][2]  # the cross-organisation rule asks for the neighbour
    rule = outcome_rule(outs, 0.95)
    assert rule is not None and not rule.neighbour
    assert rule.threshold <= 0.8 and rule.coverage == 80 / 120 and rule.precision == 1.0


def test_an_org_whose_answers_are_right_where_the_lexicon_disagrees_may_drop_that_condition(
        ) -> None:
    # 80 sure answers holding a word the lexicon gives elsewhere, all of them right: on
    # this org the word does not mean the work is someone else's
    outs = ([_seen(0.9, 0.05, True, lexicon=False)] * 80
            + [_seen(0.4, 0.3, i % 2 == 0) for i in range(40)])
    assert OUTCOME_GATES[0][3]  # the cross-organisation rule asks the lexicon to agree
    rule = outcome_rule(outs, 0.95)
    assert rule is not None and not rule.lexicon and rule.coverage == 80 / 120
    # where such answers were often wrong, the condition stays
    wrong = ([_seen(0.9, 0.05, i % 4 != 0, lexicon=False) for i in range(80)]
             + [_seen(0.95, 0.01, True)] * 60)
    rule = outcome_rule(wrong, 0.95)
    assert rule is not None and rule.lexicon and rule.coverage == 60 / 140


def test_a_handful_of_outcomes_does_not_choose_the_rule() -> None:
    assert outcome_rule(SURE_AND_RIGHT[-(MIN_RULE_OUTCOMES - 1):], 0.95) is None


def test_an_org_whose_sure_answers_are_often_wrong_routes_nothing() -> None:
    outs = [_seen(0.999, 0.0005, i % 5 != 0) for i in range(120)]  # sure, one in five wrong
    rule = outcome_rule(outs, 0.95)
    assert rule is not None and rule.threshold == NEVER and rule.coverage == 0.0


def test_a_perfect_small_sample_is_not_taken_for_certainty() -> None:
    # 56 routed and right: 56 / (56 + 3) < 0.95, so no rule may route them; 57 may
    assert OUTCOME_PSEUDO_ERRORS == 3.0
    few = [_seen(0.9, 0.05, True)] * 56 + [_seen(0.3, 0.2, False)] * 90
    assert outcome_rule(few, 0.95).threshold == NEVER
    enough = [_seen(0.9, 0.05, True)] * 57 + [_seen(0.3, 0.2, False)] * 90
    assert outcome_rule(enough, 0.95).threshold == 0.9


def test_a_request_whose_boosted_and_own_first_departments_differ_never_counts_as_routed(
        ) -> None:
    outs = [_seen(0.9, 0.05, True, agree=False)] * 90 + [_seen(0.3, 0.2, True)] * 20
    rule = outcome_rule(outs, 0.95)
    assert rule.coverage <= 20 / 110


def test_outcomes_that_recorded_nothing_leave_the_rule_to_the_threshold_alone() -> None:
    outs = [Outcome(0.9, True)] * 120
    assert outcome_rule(outs, 0.95) is None
    assert outcome_threshold(outs, 0.95) is not None


def test_a_stored_prediction_gives_the_same_outcome_as_the_prediction_itself() -> None:
    ev = AutoEvidence(first=0.7, second=0.2, known=0.5, neighbour=False, agree=True)
    p = Prediction(departments=[DepartmentScore(id="fin", score=0.72),
                                DepartmentScore(id="hr", score=0.2)],
                   decision="triage", evidence=ev)
    record = {"departments": [d.model_dump() for d in p.departments],
              "evidence": ev.model_dump()}
    assert outcome_from_record(record, "hr") == outcome_of(p, "hr")
    assert outcome_of(p, "fin").correct and not outcome_of(p, "hr").correct
    # a prediction stored before the evidence was kept
    old = outcome_from_record({"departments": record["departments"]}, "fin")
    assert old == Outcome(0.72, True, None)
    assert outcome_from_record({"departments": []}, "fin") is None
    # outputs keep their shape: the evidence is not part of a prediction's dump
    assert "evidence" not in p.model_dump()


def test_a_refit_routes_by_the_rule_its_org_outcomes_chose() -> None:
    from dispatch.demo import DEMO_DIR, DEMO_ORG
    from dispatch.requests.files import read_history
    from models.org import load_org
    from nlp.routing import train
    from nlp.routing.online import refit

    demo = load_org(DEMO_ORG)
    history = read_history(DEMO_DIR / "requests_history.csv", demo)
    cold = train(demo, [])
    outs = SURE_AND_RIGHT
    chosen = outcome_rule(outs, 0.95)
    model = refit(demo, history, cold, outcomes=outs)
    assert (model.threshold, model.auto_margin, model.auto_min_known, model.auto_neighbour,
            model.auto_lexicon) \
        == (chosen.threshold, chosen.margin, chosen.known, chosen.neighbour, chosen.lexicon)
    assert model.info["threshold_basis"]["on"] == "outcome rule"
    texts = ["我的笔记本电脑连不上公司WiFi，VPN也登录不了", "帮忙看一下"]
    for p in model.predict(texts, explain=False):
        assert (p.decision == "auto") == model.routes_evidence(p.evidence)
        assert p.evidence.first >= p.evidence.second
    # outcomes on which no rule of its own qualifies: the threshold alone, as before
    wrong = [_seen(0.999, 0.0005, i % 5 != 0) for i in range(120)]
    fallback = refit(demo, history, cold, outcomes=wrong)
    assert fallback.info["threshold_basis"]["on"] == "outcomes"
    assert fallback.auto_margin == cold.auto_margin and fallback.threshold == NEVER


# ---------------------------------------------------------------- the promise in the stream
# (issue #18, twelfth round): a new org's first automatic answers must already be 95 % right.


def test_a_perfect_small_sample_does_not_open_the_threshold_alone_either() -> None:
    # 50 sure answers all right, then guesses: before the org's own rule (100 outcomes)
    # the threshold alone would route the sure ones; 50 / (50 + pseudo-errors) < 0.95
    outs = [Outcome(0.9, True)] * 50 + [Outcome(0.4, False)] * 10
    threshold, coverage, _, _ = outcome_threshold(outs, 0.95)
    assert threshold == NEVER and coverage == 0.0


def _boosted(confidence: float, first: float, correct: bool) -> Outcome:
    # the top department's probability as the request showed it (with the unseen-term
    # boost) and, in the evidence, the classifier's own first probability
    return Outcome(confidence, correct, AutoEvidence(first=first, second=0.01, known=0.9))


def test_the_orgs_rule_reads_the_probability_the_request_showed() -> None:
    # sure by what the request showed and right (80); sure by the raw probability alone
    # and wrong (40): read on the raw probability, no threshold qualifies
    outs = [_boosted(0.99, 0.7, True)] * 80 + [_boosted(0.6, 0.96, False)] * 40
    rule = outcome_rule(outs, 0.95)
    assert rule is not None and rule.boosted
    assert rule.threshold == 0.99 and rule.coverage == 80 / 120 and rule.precision == 1.0
