"""The auto-route threshold a history chooses out of fold has a floor (issue #18,
fourteenth round): a history far easier than the org's requests (routing-power: cross-
validated at 0.905, its threshold came down to 0.597 and its sure answers were 85.5 % right)
is no evidence that its sure answers are right; the floor is the lowest threshold any read
org's history chose."""

from __future__ import annotations

import pytest

from models.org import Org
from models.routing import LabelledExample
from nlp.routing import classifier, train


def _org() -> Org:
    return Org.model_validate({"name": "测试电力公司", "staff": [], "departments": [
        {"id": "finance", "name": "财务部", "description": "工程决算、费用报销、发票和付款",
         "keywords": ["决算", "报销", "发票", "付款"]},
        {"id": "build", "name": "基建部", "description": "工程施工、工地安全和竣工验收",
         "keywords": ["施工", "工地", "竣工", "验收"]},
        {"id": "it", "name": "信息部", "description": "电脑、网络、邮箱和办公系统",
         "keywords": ["电脑", "网络", "邮箱"]},
    ]})


# This org's history files its settlement paperwork with the building work, in words the
# org file gives to finance: its history is easy, its requests may not be.
HISTORY = [
    ("110千伏站的竣工决算资料整理好了吗", "build"), ("竣工决算要补哪些施工签证", "build"),
    ("北区工地的决算资料交到哪里", "build"), ("施工单位问决算资料什么时候能审", "build"),
    ("工地的安全网破了要换", "build"), ("新站施工进度要汇报", "build"),
    ("工地围挡被风吹倒了", "build"), ("竣工验收约在下周三", "build"),
    ("配电房施工的图纸在哪", "build"), ("工地临时用电要报批", "build"),
    ("差旅费怎么报销", "finance"), ("发票抬头开错了要重开", "finance"),
    ("供应商的货款什么时候付款", "finance"), ("报销单被退回来了", "finance"),
    ("这个月的发票还没认证", "finance"), ("付款申请要谁审批", "finance"),
    ("培训费能不能报销", "finance"), ("增值税发票丢了怎么办", "finance"),
    ("电脑开不了机", "it"), ("邮箱收不到邮件", "it"), ("网络断了上不了网", "it"),
    ("办公系统登录不了", "it"), ("打印机连不上电脑", "it"), ("邮箱密码忘了", "it"),
    ("会议室的网络很慢", "it"), ("新员工要开通邮箱", "it"),
]

SETTLEMENT = "二期工地的决算资料什么时候审完"
PLAIN_BUILD = "东区工地的施工围挡要加固"


VAGUE = [("这个事情找谁问一下", "build"), ("这个事情找谁问一下", "finance"),
         ("这个事情找谁问一下", "it"), ("有个问题想咨询", "finance"), ("有个问题想咨询", "it"),
         ("有个问题想咨询", "build"), ("麻烦帮忙看一下", "it"), ("麻烦帮忙看一下", "build")]


def test_a_history_that_asks_little_does_not_bring_the_threshold_below_the_floor(
        monkeypatch: pytest.MonkeyPatch) -> None:
    examples = [LabelledExample(text=t, department=d) for t, d in HISTORY + VAGUE]
    floored = train(_org(), examples, folds=3, target_precision=0.75)
    monkeypatch.setattr(classifier, "AUTO_MIN_THRESHOLD", 0.0)
    free = train(_org(), examples, folds=3, target_precision=0.75)
    # the history alone would route answers less sure than any read org's history allowed
    assert free.threshold < floored.threshold
    assert floored.threshold >= 0.78
    # the floor decides auto or triage only (two trainings: scores equal to rounding)
    texts = [SETTLEMENT, PLAIN_BUILD, "有个问题想咨询"]
    for a, b in zip(floored.predict(texts, explain=False), free.predict(texts, explain=False),
                    strict=True):
        assert [d.id for d in a.departments] == [d.id for d in b.departments]
        assert [d.score for d in a.departments] == pytest.approx(
            [d.score for d in b.departments], abs=1e-3)
