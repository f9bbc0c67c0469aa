"""At cold start a support function's term names the ask (issue #18, twelfth round).

HR, IT, legal, finance and administration do work every department asks for its own
needs: a workshop's injured worker (工伤认定), a new machine's asset card (固定资产卡片), a
customer's data (个人信息保护). The org file describes the line departments by their objects
(设备, 注塑, 客户), so a cold model reads the object and sends the request to the department
that owns it. The sentences and the org below are made up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.org import Org
from nlp.routing import RoutingModel, train
from nlp.routing.functions import support_terms


def _org() -> Org:
    return Org.model_validate({"name": "测试塑胶制品厂", "staff": [], "departments": [
        {"id": "molding", "name": "注塑车间", "description": "注塑机操作、排产和车间现场管理",
         "keywords": ["注塑", "车间", "机台"]},
        {"id": "equip", "name": "设备部", "description": "设备维修保养、备件和新设备安装调试",
         "keywords": ["设备", "维修", "机床"]},
        {"id": "sales", "name": "销售部", "description": "客户订单、报价和客户关系",
         "keywords": ["客户", "订单", "报价"]},
        {"id": "hr", "name": "人力资源部", "description": "招聘、薪酬和劳动关系"},
        {"id": "fin", "name": "财务部", "description": "报销、付款和成本核算"},
        {"id": "legal", "name": "法务部", "description": "合同审核和诉讼"},
        {"id": "admin", "name": "行政部", "description": "会议室、车辆和接待"},
    ]})


def test_support_terms_are_the_support_functions_longer_terms_of_their_department() -> None:
    terms = support_terms(_org())
    assert terms["工伤认定"] == "hr" and terms["固定资产"] == "fin"
    assert terms["个人信息保护"] == "legal"
    assert "报价" not in terms  # a line function's (sales) word is not a support term
    assert all(len(w) >= 3 for w in terms)  # 2-character words (工伤, 合同) are too common


@pytest.fixture(scope="module")
def cold() -> RoutingModel:
    return train(_org(), [], embedder=None)


@pytest.mark.parametrize(("text", "dept"), [
    ("机台操作工压伤了手，工伤认定怎么申请", "hr"),
    ("新到的机床，固定资产卡片怎么建", "fin"),
])
def test_a_cold_model_routes_the_support_ask_not_the_object(cold: RoutingModel, text: str,
                                                            dept: str) -> None:
    (p,) = cold.predict([text], explain=False)
    assert p.department == dept


def test_without_the_support_boost_the_object_wins(cold: RoutingModel) -> None:
    # (as cold models saved before it read)
    got = replace(cold, unseen_boost=0.0).predict(
        ["机台操作工压伤了手，工伤认定怎么申请", "新到的机床，固定资产卡片怎么建"], explain=False)
    assert [p.department for p in got] == ["molding", "equip"]


def test_a_request_without_a_support_term_keeps_its_probabilities(cold: RoutingModel) -> None:
    text = "三号机台的排产能不能往后挪一天"
    assert (cold.probabilities([text]) == cold.probabilities([text], unseen=False)).all()
