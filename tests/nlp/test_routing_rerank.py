"""A trained model re-ranks its first three departments by where the request's nearest
past requests went (nlp.routing.rerank; issue #18, sixteenth round): the probability
alone reads the history through one linear model, the neighbours may say the second
candidate is the work's. Requests routed without a person keep the classifier's order."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dispatch.requests.files import read_history
from models.org import load_org
from nlp.routing import RoutingModel, rerank, train

# Finance's or sales's: an invoice the customer complains of (the demo model hesitates).
INVOICE = "客户投诉发票开错了"
OWN = ["打印机卡纸了，顺便问下报销单怎么填", "想申请一台新电脑，预算从哪里出",
       "新员工入职要开通邮箱和门禁卡", "合同里的付款条款需要法务看一下", INVOICE,
       "下个月的展会需要准备宣传册和电脑", "请帮忙安排面试会议室并调试投影仪",
       "员工报销差旅费被退回，说缺少审批", "我的笔记本电脑连不上公司WiFi，VPN也登录不了"]


@pytest.fixture(scope="module")
def demo() -> RoutingModel:
    from dispatch.demo import DEMO_DIR, DEMO_ORG

    org = load_org(DEMO_ORG)
    return train(org, read_history(DEMO_DIR / "requests_history.csv", org), folds=3)


def _without_rerank(model: RoutingModel, texts: list[str]) -> list:
    return replace(model, history_embeddings=None).predict(texts, explain=False)


def test_the_second_candidate_whose_nearest_past_requests_went_to_it_moves_first() -> None:
    # three candidates; the history's three requests nearest the request all went to the
    # second, by words and by the sentence model
    probs = np.array([[0.55, 0.40, 0.05]])
    labels = [1, 1, 1, 0, 2]
    words = rerank.WordViews.empty(1, 3)
    words.fill(slice(0, 1), np.array([[0.8, 0.7, 0.6, 0.1, 0.0]]), np.array(labels))
    assert words.near3.tolist() == [[1, 1, 1]]
    assert words.best.tolist() == [[0.1, 0.8, 0.0]]
    history = np.eye(5, 4, dtype=np.float32)
    sentence = np.array([[0.0, 1.0, 0.0, 0.0]], dtype=np.float32)
    centres = rerank.centroids(history, labels, 3)
    ((order, shown),) = rerank.rank(probs, [[]], words, sentence, history, labels, centres)
    assert order.tolist() == [1, 0, 2]
    assert shown[1] > shown[0] and shown.sum() == pytest.approx(1.0)
    # a classifier sure of its first keeps it whatever the neighbours say
    sure = np.array([[0.995, 0.004, 0.001]])
    ((order, _),) = rerank.rank(sure, [[]], words, sentence, history, labels, centres)
    assert order.tolist() == [0, 1, 2]


def test_a_trained_model_moves_the_department_its_nearest_requests_went_to_first(
        demo: RoutingModel) -> None:
    assert demo.reranks and demo.history_embeddings is not None
    (before,) = _without_rerank(demo, [INVOICE])
    first, second = before.departments[0].id, before.departments[1].id
    # the same classifier with a history whose requests about invoices went to the second
    # candidate: the request's nearest past requests now point to it
    assert first == "fin" and second == "sales"
    labels = [second if "发票" in t else d
              for t, d in zip(demo.history_texts, demo.history_labels, strict=True)]
    index = {d: i for i, d in enumerate(demo.departments)}
    assert demo.history_embeddings is not None
    moved = replace(demo, history_labels=labels, history_centroids=rerank.centroids(
        demo.history_embeddings, [index[d] for d in labels], len(demo.departments)))
    (after,) = moved.predict([INVOICE], explain=False)
    assert after.decision == "triage"
    assert [d.id for d in after.departments[:2]] == [second, first]
    # the first shown is the surest shown: the three candidates share what the classifier
    # gives them together, by the re-ranker's probabilities; the rest keep theirs
    scores = [d.score for d in after.departments]
    assert scores == sorted(scores, reverse=True)
    shown = {d.id: d.score for d in after.departments}
    given = {d.id: d.score for d in before.departments}
    three = [d.id for d in before.departments[:3]]
    assert sum(shown[d] for d in three) == pytest.approx(sum(given[d] for d in three), abs=2e-4)
    assert {d: s for d, s in shown.items() if d not in three} == \
        {d: s for d, s in given.items() if d not in three}


def test_automatic_decisions_are_those_of_the_classifier(demo: RoutingModel) -> None:
    plain = _without_rerank(demo, OWN)
    reranked = demo.predict(OWN, explain=False)
    assert [p.decision for p in reranked] == [p.decision for p in plain]
    assert "auto" in [p.decision for p in plain]
    for a, b in zip(reranked, plain, strict=True):
        assert {d.id for d in a.departments} == {d.id for d in b.departments}
        if b.decision == "auto":
            assert a.departments == b.departments


def test_a_cold_model_does_not_rerank() -> None:
    from dispatch.demo import DEMO_ORG

    cold = train(load_org(DEMO_ORG), [], folds=3)
    assert not cold.reranks and cold.history_embeddings is None


def test_two_users_at_once_get_what_each_gets_alone(demo: RoutingModel) -> None:
    # the re-ranker's views are built per call: two batches predicted at once by one loaded
    # model (as two API users share it) answer as each does alone
    from concurrent.futures import ThreadPoolExecutor

    batches = [OWN[:5], OWN[4:]]
    alone = [demo.predict(b, explain=False) for b in batches]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(3):
            together = list(pool.map(lambda b: demo.predict(b, explain=False), batches))
            assert together == alone


@pytest.mark.parametrize("text", ["？？？！！！", "🙂" * 50, "zzzz qqqq xxxx",
                                  "发票" * 2000, "<script>alert(1)</script>"])
def test_a_request_sharing_nothing_or_everything_with_the_history_is_ranked_not_refused(
        demo: RoutingModel, text: str) -> None:
    # nonsense, emoji, markup or one word said thousands of times: the re-ranked answer is
    # a ranking of the org's departments, each once, with the classifier's decision
    (p,) = demo.predict([text], explain=False)
    (plain,) = _without_rerank(demo, [text])
    ids = [d.id for d in p.departments]
    assert len(ids) == len(set(ids)) and set(ids) <= set(demo.departments)
    assert p.decision == plain.decision
    assert all(0.0 <= d.score <= 1.0 for d in p.departments)
