"""The auto rule asks two independent signals to agree: the classifier trained on the
org's own requests, and the function lexicon. A request that holds function words no past
request of the org contained, all of which the lexicon gives to other departments than the
classifier's first, waits for a person however sure the classifier is: the history cannot
speak for a word it never saw (issue #18, eleventh round)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dispatch.requests.files import read_history
from models.org import load_org
from models.routing import AutoEvidence
from nlp.routing import RoutingModel, train

# A laptop that will not connect: IT's work in any company, and sure on the demo history.
PLAIN_IT = "我的笔记本电脑连不上公司WiFi，VPN也登录不了"
# A computer off the network, with a word of marketing's work the demo history never held
# (赞助: sponsorship): the computer is still IT's, but the only word the history cannot
# speak for says the work is someone else's.
WITH_SPONSOR = "电脑连不上公司WiFi，VPN也连不上，明天和赞助商开会要用"
# Two such words, one of IT's (登录 is a function word the demo history never held) and
# the sponsor: the lexicon backs the classifier's first department too.
BOTH = "我的电脑连不上公司WiFi，VPN也登录不了，明天和赞助商开会要用"


@pytest.fixture(scope="module")
def demo() -> RoutingModel:
    from dispatch.demo import DEMO_DIR, DEMO_ORG

    org = load_org(DEMO_ORG)
    return train(org, read_history(DEMO_DIR / "requests_history.csv", org), folds=3)


def test_a_word_the_lexicon_gives_another_department_holds_a_sure_request_for_a_person(
        demo: RoutingModel) -> None:
    # the word is one the history never held, and the lexicon maps it onto marketing
    terms = demo.unseen_terms or {}
    assert demo.departments[terms["赞助"]] == "mkt"
    (mixed,) = demo.predict([WITH_SPONSOR], explain=False)
    assert mixed.department == "it"
    # still IT, with and without the boost of the unseen word, and sure; but held back
    assert mixed.evidence.agree and not mixed.evidence.lexicon
    assert mixed.evidence.first - mixed.evidence.second >= demo.auto_margin
    assert mixed.decision == "triage"
    # the lexicon's disagreement is the only reason: without the condition it is routed
    assert replace(demo, auto_lexicon=False).predict([WITH_SPONSOR],
                                                     explain=False)[0].decision == "auto"


def test_a_word_the_lexicon_gives_the_same_department_does_not_hold_a_request_back(
        demo: RoutingModel) -> None:
    # 笔记本电脑 is itself a function word the history never held, mapped onto IT
    terms = demo.unseen_terms or {}
    assert demo.departments[terms["笔记本电脑"]] == "it"
    (p,) = demo.predict([PLAIN_IT], explain=False)
    assert p.evidence.lexicon and p.decision == "auto"
    # nor does a word of another department beside it: the lexicon backs the first too
    (both,) = demo.predict([BOTH], explain=False)
    assert both.department == "it" and both.evidence.lexicon and both.decision == "auto"


def test_the_rule_reads_the_lexicon_only_on_models_trained_with_it(
        demo: RoutingModel) -> None:
    disagreeing = AutoEvidence(first=0.999, second=0.0005, known=1.0, neighbour=True,
                               agree=True, lexicon=False)
    sure = disagreeing.model_copy(update={"lexicon": True})
    ready = replace(demo, threshold=0.9)
    assert ready.auto_lexicon and not ready.routes_evidence(disagreeing)
    assert ready.routes_evidence(sure)
    # a model saved before the condition (the dataclass default) decides as it did
    assert RoutingModel.__dataclass_fields__["auto_lexicon"].default is False
    assert replace(ready, auto_lexicon=False).routes_evidence(disagreeing)


def test_a_prediction_stored_before_the_lexicon_was_read_counts_as_agreeing() -> None:
    old = AutoEvidence.model_validate({"first": 0.99, "second": 0.001, "known": 0.8,
                                       "neighbour": True, "agree": True})
    assert old.lexicon


def test_an_orgs_own_rule_reads_the_probability_the_request_showed(demo: RoutingModel) -> None:
    # issue #18, twelfth round (the promise in the stream): a refit's outcome rule is
    # chosen on the top department's probability as each prediction showed it, so the
    # model it gives applies its threshold there, not to the classifier's own first
    (p,) = demo.predict([PLAIN_IT], explain=False)
    shown, own = p.departments[0].score, p.evidence.first
    assert shown != own
    between = (shown + own) / 2
    above = replace(demo, threshold=between, auto_margin=0.0, auto_min_known=0.0,
                    auto_neighbour=False, auto_lexicon=False)
    reads_shown = replace(above, auto_boosted=True)
    decisions = {m.predict([PLAIN_IT], explain=False)[0].decision for m in (above, reads_shown)}
    assert decisions == {"auto", "triage"}
    expected = "auto" if shown >= between else "triage"
    assert reads_shown.predict([PLAIN_IT], explain=False)[0].decision == expected
    # a model saved before the field (the dataclass default) reads the classifier's own
    assert RoutingModel.__dataclass_fields__["auto_boosted"].default is False
