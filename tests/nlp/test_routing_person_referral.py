"""A person who asked the requester to ask is not a department that sent them on (issue #18,
eighth round). 「财务部让我找你们」 says the request is not finance's; 「秦经理让我问一下，…」
says only who wants the answer — usually the requester's own manager, whose work the
question is about. Routing cut the manager's department to 0.001 of its probability, and on
the biologics CDMO (routing-pharma) every such request (8 of 8) belonged to that department.
The org and the requests here are made up for the test."""

from __future__ import annotations

import pytest

from models.org import Org
from nlp.routing.coldstart import OrgMatcher


def _org() -> Org:
    return Org.model_validate({
        "name": "测试公司",
        "departments": [
            {"id": "ehs", "name": "安全环保部", "description": "安全交底、动火作业和环保"},
            {"id": "fin", "name": "财务部", "description": "报销和付款"},
            {"id": "mfg", "name": "生产部", "description": "排产和车间"},
        ],
        "staff": [
            {"id": "qinlei", "name": "秦磊", "aliases": ["秦经理"], "department": "ehs"},
            {"id": "wenli", "name": "温丽", "department": "fin"},
        ],
    })


@pytest.mark.parametrize(("text", "expected"), [
    # a person who wants the answer: says nothing about where the request goes
    ("秦经理让我问一下，承包商进车间施工前的安全交底谁来做", []),
    ("秦磊让我问，动火证找谁开", []),
    # a person who sent the requester on to the reader: not their department
    ("秦经理让我找你们，报销单被退回了", ["ehs"]),
    ("秦经理说这个不归他们管，让我问你们", ["ehs"]),
    # departments named as senders, and a person of a named department, as before
    ("财务部让我问一下，排产计划什么时候出", ["fin"]),
    ("财务部的温丽让我直接找生产部", ["fin"]),
    # the requester's own department, as before
    ("我是生产部的，安全交底谁来做", ["mfg"]),
])
def test_a_person_who_asked_for_the_answer_does_not_exclude_their_department(
        text: str, expected: list[str]) -> None:
    matcher = OrgMatcher(_org())
    (found,) = matcher.not_asked([text])
    assert [matcher.departments[j] for j in found] == expected
