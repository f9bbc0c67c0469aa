"""Spoken phenomena a telecom operator's branch meetings showed (issue 17, telecom pass), each
in a sentence of our own, as any company's meetings have them: the chair's closing recap
opened otherwise than the rules knew — 「我最后说一下哈。」 as a sentence of its own, 「好，最后：」
with a colon, "OK. Let me recap 一下：" — restates the asks and adds no item; the meeting's
title at the top of a transcript export (「仓储部年底冲刺推进会（含冷库温控故障复盘）」, a
department and 年底 in it) names the meeting and is no ask; a topic, what "our side" will do,
then 「X你牵头」 in the same sentence (「盘点这块，我们仓库这边月底前…，吴婷你牵头」) is one item,
the lead's; 已 in what 把 names (「把已交票供应商的货款付掉」) describes the object, the work
is still to do. The org file
(`spoken-own`) lists no aliases.
"""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


ASKS = (
    "赵峰：吴婷，盘点表你周五前发群里。\n"
    "吴婷：好的。\n"
    "赵峰：李芳，报销单下周一前交一下。\n"
    "李芳：行。\n"
)


@pytest.mark.parametrize(
    "recap",
    [
        "好，那我最后说一下哈。吴婷周五盘点表，李芳下周一报销单，王晓明天测试。就这些，散会。",
        "好，最后：吴婷周五盘点表，李芳下周一报销单，王晓明天测试。散会。",
        "OK. Let me recap一下：吴婷周五盘点表，李芳下周一报销单，王晓明天测试。Thanks all.",
    ],
)
def test_a_closing_recap_adds_no_item(org: Org, recap: str) -> None:
    got = items(org, ASKS + "赵峰：" + recap + "\n")
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["lifang"], "2026-07-13"),
        (["wuting"], "2026-07-10"),
    ], got


@pytest.mark.parametrize(
    ("said", "owner"),
    [
        # the last thing said is an ask, not a recap: one clause after the lead-in
        ("最后说一下，王晓你明天把测试报告发我。", "wangxiao"),
        ("最后：王晓明天把测试报告发我。", "wangxiao"),
    ],
)
def test_a_last_ask_after_最后_stays_an_ask(org: Org, said: str, owner: str) -> None:
    got = items(org, ASKS + "赵峰：" + said + "\n")
    assert any(i["owners"] == [owner] for i in got), got


def test_a_transcripts_title_line_is_no_item(org: Org) -> None:
    text = (
        "仓储部年底冲刺推进会（含冷库温控故障复盘）\n"
        "2026年07月08日 下午 2:30|47分钟 12秒\n"
        "\n"
        "赵峰 00:00:05\n"
        "好，开始吧。\n"
        "\n"
        "吴婷 00:00:12\n"
        "盘点表我周五前发群里。\n"
    )
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-10")], got


def test_a_first_line_ask_in_a_plain_note_stays_an_ask(org: Org) -> None:
    # no speakers below it: the first line is the note's own words, not a transcript's title
    text = "仓储部年底前把冷库盘点一遍\n吴婷周五前交盘点表\n"
    got = items(org, text, "note.txt")
    assert len(got) == 2, got


def test_our_side_then_a_lead_after_a_topic_is_the_leads_item(org: Org) -> None:
    text = (
        "赵峰：好，开始吧。\n"
        "赵峰：另外啊，盘点这块，我们仓库这边月底前要把全部货架清点一遍，吴婷你牵头。\n"
        "吴婷：好的。\n"
    )
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-31")], got



def test_already_inside_the_object_of_把_is_work_still_to_do(org: Org) -> None:
    text = (
        "赵峰：好，开始吧。\n"
        "孙敏：那我们质量部这边三个工作日内把已交票供应商的货款付掉。\n"
        "赵峰：好。\n"
    )
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [([], "2026-07-13")], got


def test_work_already_done_with_把_is_no_item(org: Org) -> None:
    text = "赵峰：好，开始吧。\n孙敏：货款我们已经把它付掉了。\n赵峰：好。\n"
    assert items(org, text) == []
