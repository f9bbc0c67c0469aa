"""Sector jargon a new organisation's requests use and its org file never says (issue #18,
fifteenth round): the lexicon's sector vocabulary, written blind, routes it at cold start.

The orgs and requests are made up here (no test set's): an airline's maintenance, operations
control and ground services, and a dairy's production, quality and equipment departments.
"""

from __future__ import annotations

from models.org import Org
from nlp.routing import train
from nlp.routing.functions import function_examples, map_functions


def _org(departments: list[tuple[str, str, str]]) -> Org:
    return Org.model_validate({
        "name": "测试公司", "staff": [],
        "departments": [{"id": i, "name": n, "description": d} for i, n, d in departments]})


_AIRLINE = [("me", "机务工程部", "飞机的维护和修理"), ("occ", "运行控制中心", "航班运行"),
            ("gs", "地面服务部", "机场旅客服务"), ("fin", "财务部", "报销和付款"),
            ("hr", "人力资源部", "招聘和薪酬")]

_DAIRY = [("prod", "生产部", "乳品生产车间"), ("qa", "品质部", "产品质量"),
          ("eng", "设备部", "设备维修"), ("fin", "财务部", "报销和付款"),
          ("hr", "人力资源部", "招聘和薪酬")]


def test_an_airline_gets_its_maintenance_operations_and_ground_functions() -> None:
    org = _org(_AIRLINE)
    mapped = map_functions(org)
    assert "aircraft_maintenance" in mapped["me"]
    assert "flight_operations" in mapped["occ"]
    assert "ground_handling" in mapped["gs"]
    terms = dict(function_examples(org))
    assert terms["MEL"] == "me" and terms["配载"] == "occ" and terms["轮椅旅客"] == "gs"


def test_two_airline_like_departments_are_not_an_airline() -> None:
    # a company with a 地面服务部 and an 运行控制中心 is not an airline: its requests keep
    # the general functions' words only
    org = _org([d for d in _AIRLINE if d[0] != "me"])
    assert not {"flight_operations", "ground_handling"} & {
        f for fs in map_functions(org).values() for f in fs}


def test_a_cold_airline_routes_jargon_its_org_file_never_says() -> None:
    model = train(_org(_AIRLINE), [])
    texts = ["B-6521的APU故障按MEL保留了，最迟哪天必须修好", "飞机在昆明AOG了，谁来协调",
             "明早第一班的配载和舱单谁出", "有位轮椅旅客转机需要人陪同",
             "出差的机票报销单填错了怎么改"]
    got = [p.department for p in model.predict(texts, explain=False)]
    assert got == ["me", "me", "occ", "gs", "fin"]


def test_a_cold_dairy_routes_plant_jargon_its_org_file_never_says() -> None:
    model = train(_org(_DAIRY), [])
    texts = ["二号线CIP清洗做完没有，下午要换口味", "巴氏杀菌温度记录少了一段",
             "这批酸奶霉菌酵母超标了", "均质机一直漏油，来个人看看"]
    got = [p.department for p in model.predict(texts, explain=False)]
    assert got == ["prod", "prod", "qa", "eng"]
