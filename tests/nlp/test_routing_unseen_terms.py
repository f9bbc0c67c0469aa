"""Function terms an org's history never contains decide on their own words (issue #18,
sixth round). On the car-parts org (routing-org) the trained model sent 「防火墙把客户的FTP拦了」
to sales: 防火墙 is an IT term of the lexicon the history never used, read at the small
function-term weight, while 客户 is in dozens of the history's sales requests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dispatch.requests.files import read_history
from models.org import Org, load_org
from models.routing import LabelledExample
from nlp.routing import RoutingModel, train
from nlp.routing.classifier import (
    FUNCTION_WEIGHT,
    UNSEEN_COLD_BOOST,
    UNSEEN_COLD_MORE_BOOST,
    UNSEEN_MORE_BOOST,
    UNSEEN_TERM_BOOST,
    TrainConfig,
)
from nlp.routing.functions import found_terms, function_examples, unseen_terms

CAR = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "routing-org"


def _org() -> Org:
    return Org.model_validate({"name": "测试公司", "staff": [], "departments": [
        {"id": "it", "name": "信息部", "description": "电脑、网络、防火墙和SAP账号"},
        {"id": "sales", "name": "销售部", "description": "客户订单、报价和合同"},
        {"id": "qc", "name": "质量部", "description": "检验、试验和客户投诉"},
    ]})


def test_unseen_terms_are_the_function_terms_no_labelled_request_contains() -> None:
    org = _org()
    mapped = dict(function_examples(org))
    assert mapped["防火墙"] == "it" and mapped["盐雾试验"] == "qc"
    unseen = unseen_terms(org, ["防火墙又拦了一个网站", "客户要报价"])
    assert "防火墙" not in unseen  # the history has a say on it
    assert unseen["盐雾试验"] == "qc" and unseen["蓝屏"] == "it"
    # every term but the acronyms that are English words (HIS: the pronoun)
    assert unseen_terms(org, []) == {w.lower(): d for w, d in mapped.items()
                                     if len(w) >= 2 and w != "HIS"}


def test_found_terms_read_latin_words_whole_and_drop_a_term_inside_a_longer_one() -> None:
    terms = ["盐雾试验", "试验", "sap", "it"]
    assert found_terms("盐雾试验做完了", terms) == ["盐雾试验"]
    assert found_terms("SAP账号锁了", terms) == ["sap"]
    assert found_terms("the sapphire order, with it", terms) == ["it"]
    assert found_terms("with a sapling", terms) == []


@pytest.fixture(scope="module")
def car() -> RoutingModel:
    # one configuration, no cross-validation and no sentence model: the words alone
    org = load_org(CAR / "org.yaml")
    cfg = TrainConfig(embedding_weight=0.0, sense_weight=1.0, function_weight=FUNCTION_WEIGHT)
    return train(org, read_history(CAR / "history.csv", org), config=cfg)


@pytest.mark.parametrize(("text", "dept", "before"), [
    ("防火墙把客户的FTP拦了，传不了文件", "it", "sales"),
    ("GDPR对欧洲客户的数据有什么要求", "legal", "sales"),
    ("盐雾试验做完了，48小时就出红锈", "quality", "rnd"),
])
def test_a_term_the_history_never_saw_outweighs_a_common_word_it_ties_elsewhere(
        car: RoutingModel, text: str, dept: str, before: str) -> None:
    (p,) = car.predict([text], explain=False)
    assert p.department == dept
    # without the boost (as models saved before it read) the common word wins
    (old,) = replace(car, unseen_boost=0.0).predict([text], explain=False)
    assert old.department == before


def test_a_request_without_unseen_terms_keeps_its_probabilities(car: RoutingModel) -> None:
    text = "报销单什么时候能批下来"
    assert car.unseen_departments([text]) == [[]]
    assert (car.probabilities([text]) ==
            replace(car, unseen_boost=0.0).probabilities([text])).all()


def _plant() -> Org:
    # a food plant of four departments; 车间 and 设备 are the production department's words
    return Org.model_validate({"name": "某食品厂", "staff": [], "departments": [
        {"id": "fin", "name": "财务部", "description": "报销、发票和付款"},
        {"id": "hr", "name": "人力资源部", "description": "招聘、考勤和工资"},
        {"id": "qa", "name": "品质部", "description": "检验和客户投诉"},
        {"id": "ops", "name": "生产部", "description": "排产、车间和设备"},
    ]})


@pytest.fixture(scope="module")
def plant() -> RoutingModel:
    return train(_plant(), [], config=TrainConfig(embedding_weight=0.0))


@pytest.mark.parametrize(("text", "dept", "word", "boost"), [
    ("车间设备的折旧年限按几年算", "fin", "折旧年限", UNSEEN_COLD_BOOST),  # a term
    ("车间的高温补贴什么时候发", "hr", "高温补贴", UNSEEN_COLD_MORE_BOOST),  # a ``more`` word
])
def test_at_cold_start_a_function_term_outweighs_the_org_files_words_elsewhere(
        plant: RoutingModel, text: str, dept: str, word: str, boost: float) -> None:
    # No history speaks for any word at cold start: every function term is unseen, and a
    # request holding one goes to its department, not to the one the org file's common
    # words (车间, 设备) point to (docs/routing.md, #18 thirteenth round, branch coldb13).
    j = plant.departments.index(dept)
    assert plant.unseen_terms[word] == j
    assert plant.unseen_boosts([text]) == [{j: boost}]
    (p,) = plant.predict([text], explain=False)
    assert p.department == dept
    # a cold model saved before it (no unseen terms) ranks the production department first,
    # and reads as the classifier alone does (what the parts of a request read)
    (old,) = replace(plant, unseen_terms=None).predict([text], explain=False)
    assert old.department == "ops"
    assert (plant.probabilities([text], unseen=False)
            == replace(plant, unseen_terms=None).probabilities([text])).all()
    # cold models still route nothing without a person
    assert p.decision == old.decision == "triage"


def test_a_cold_request_without_function_terms_keeps_its_probabilities(
        plant: RoutingModel) -> None:
    text = "车间设备点检发现异响"
    assert plant.unseen_boosts([text]) == [{}]
    assert (plant.probabilities([text])
            == replace(plant, unseen_terms=None).probabilities([text])).all()


def test_the_boost_never_makes_a_request_routed_without_a_person(car: RoutingModel) -> None:
    # The auto rule reads the probabilities without the boost: a guess only the unseen
    # words support waits for a person, however sure it looks (the history never backed it).
    eager = replace(car, threshold=0.0, auto_margin=0.0, auto_min_known=0.0,
                    auto_neighbour=False, auto_lexicon=False)
    text = "防火墙把客户的FTP拦了，传不了文件"
    (p,) = eager.predict([text], explain=False)
    assert p.department == "it" and p.decision == "triage"
    (old,) = replace(eager, unseen_boost=0.0).predict([text], explain=False)
    assert old.department == "sales" and old.decision == "auto"
    # a request the boost does not move is decided as before
    (q,) = eager.predict(["报销单什么时候能批下来"], explain=False)
    assert q.decision == "auto"


def test_probabilities_without_the_boost_are_the_classifiers_reading(car: RoutingModel) -> None:
    text = "盐雾试验做完了，48小时就出红锈"
    plain = replace(car, unseen_boost=0.0).probabilities([text])
    assert (car.probabilities([text], unseen=False) == plain).all()
    assert car.departments[int(car.probabilities([text]).argmax())] == "quality"


def test_a_more_word_unseen_boosts_less_than_a_term() -> None:
    # The ninth round's ``more`` words were written by someone who read no request: unseen,
    # they boost their department by UNSEEN_MORE_BOOST, a function's terms by the full boost
    # (docs/routing.md, #18 ninth round: tipdm2020 and saas lost with the full boost).
    history = [LabelledExample(text=t, department=d) for t, d in [
        ("防火墙又拦了一个网站", "it"), ("邮箱密码忘了", "it"), ("客户要报价", "sales"),
        ("这个客户的合同什么时候签", "sales"), ("这批货检验不合格", "qc"), ("来料有划伤", "qc"),
    ]]
    model = train(_org(), history, config=TrainConfig(embedding_weight=0.0))
    assert 0 < UNSEEN_MORE_BOOST < UNSEEN_TERM_BOOST
    assert model.unseen_more and model.unseen_more_boost == UNSEEN_MORE_BOOST
    it, qc = model.departments.index("it"), model.departments.index("qc")
    more, term = "新来的同事门禁系统刷不开", "扫描仪扫出来全是黑的"
    assert model.unseen_boosts([more, term]) == [{it: UNSEEN_MORE_BOOST},
                                                {it: UNSEEN_TERM_BOOST}]
    raw, boosted = model.probabilities([more], unseen=False)[0], model.probabilities([more])[0]
    assert boosted[it] / boosted[qc] == pytest.approx(
        np.exp(UNSEEN_MORE_BOOST) * raw[it] / raw[qc])
    # a model saved before the ``more`` words were told apart boosts them as terms
    older = replace(model, unseen_more=None)
    assert older.unseen_boosts([more]) == [{it: UNSEEN_TERM_BOOST}]


def test_an_acronym_that_is_an_english_word_is_no_unseen_term() -> None:
    # HIS (a hospital information system) lower-cased is the pronoun of English requests
    org = Org.model_validate({"name": "某医院", "staff": [], "departments": [
        {"id": "info", "name": "信息中心", "description": "电脑、网络和信息系统"},
        {"id": "hr", "name": "人事处", "description": "招聘、工资和社保"},
    ]})
    assert ("HIS", "info") in function_examples(org)
    unseen = unseen_terms(org, ["电脑开不了机"])
    assert "his" not in unseen and unseen["蓝屏"] == "info"
    assert found_terms("A worker hurt his hand at the gate", unseen) == []


def test_at_cold_start_a_term_another_departments_org_file_writes_does_not_boost() -> None:
    # 系统 is an IT term of the lexicon, but this org's customer service writes it among its
    # own duties (工单系统): at cold start the org file is the only word on the org, and it
    # says 系统 is not IT's alone, so it boosts no department (docs/routing.md, #18
    # fourteenth round, branch cold14). 防火墙, which no other department writes, still does.
    org = Org.model_validate({"name": "某软件公司", "staff": [], "departments": [
        {"id": "it", "name": "信息部", "description": "电脑、网络和防火墙"},
        {"id": "cs", "name": "客服部", "description": "工单系统的使用答疑、客户来电"},
        {"id": "hr", "name": "人事部", "description": "招聘、工资和社保"},
    ]})
    assert unseen_terms(org, [])["系统"] == "it"
    model = train(org, [], config=TrainConfig(embedding_weight=0.0))
    it = model.departments.index("it")
    assert "系统" not in model.unseen_terms
    assert it not in model.unseen_boosts(["工单系统里的记录导不出来"])[0]
    assert model.unseen_boosts(["防火墙把网站拦了"]) == [{it: UNSEEN_COLD_BOOST}]
