"""Asks that name nobody, replies that take work on without naming it, and the speaker's own
commitments in forms the line rules did not read (issue 17, twenty-second pass). Our own
sentences, through the public entry point, on the org that lists no aliases."""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()



def fields(it: dict) -> tuple:
    return it["owners"], it["department"], it["due"]


# ---------------------------------------------------------------- (1) an ask naming nobody


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "赵峰：阿杰，门店收银系统升级到哪一步了？\n"
            "陈杰：服务器换好了，打印机驱动还有点问题。\n"
            "赵峰：那升级下周一之前要全部弄完，不然促销赶不上。\n"
            "陈杰：嗯，下周一可以。\n",
            (["chenjie"], "it", "2026-07-13"),
        ),
        (
            "赵峰：小王，盘点表呢？\n"
            "王晓：初稿有了，还差两个仓的数。\n"
            "赵峰：周五前出完整版，下周要用。\n"
            "王晓：好的。\n",
            (["wangxiao"], "it", "2026-07-10"),
        ),
    ],
)
def test_a_dated_ask_naming_nobody_right_after_the_listener_explained_is_theirs(
    org: Org, text: str, want: tuple
) -> None:
    got = items(org, text)
    assert [fields(i) for i in got] == [want], got
    assert got[0]["source"]["line"] == 3


def test_a_dated_remark_naming_nobody_without_work_stays_no_item(org: Org) -> None:
    got = items(
        org,
        "赵峰：阿杰，门店收银系统升级到哪一步了？\n"
        "陈杰：服务器换好了，打印机驱动还有点问题。\n"
        "赵峰：那下周一促销就开始了。\n",
    )
    assert got == []


# ---------------------------------------------------------------- (2) a reply taking it on


@pytest.mark.parametrize("reply", ["我吧。", "我来吧。", "交给我。", "那我来。"])
def test_a_bare_taker_answering_who_will_do_it_owns_the_thing_asked(
    org: Org, reply: str
) -> None:
    got = items(
        org,
        f"赵峰：门店巡检表要改版，总部的格式变了，谁来弄？\n陈杰：{reply}\n",
    )
    assert [fields(i) for i in got] == [(["chenjie"], "it", None)], got
    assert "巡检表" in got[0]["task"]
    assert got[0]["source"]["line"] == 1


def test_a_taker_answering_who_with_a_date_dates_it(org: Org) -> None:
    got = items(
        org,
        "赵峰：供应商的对账单谁来跟一下？\n李芳：我来，周五前弄完。\n",
    )
    assert [fields(i) for i in got] == [(["lifang"], "fin", "2026-07-10")], got
    assert "对账单" in got[0]["task"]


def test_a_question_of_who_answered_by_a_name_is_not_the_repliers(org: Org) -> None:
    got = items(org, "赵峰：这次盘点是谁负责的？\n陈杰：是海涛他们仓库做的。\n")
    assert got == []


# ---------------------------------------------------------------- (3) own commitments


def test_i_will_bring_it_along_as_well_is_the_speakers_with_the_date_just_agreed(
    org: Org,
) -> None:
    got = items(
        org,
        "赵峰：芳姐，应收账款的明细周三前给我。\n"
        "李芳：可以，周三前没问题。我顺便把发票清单也一起带上。\n",
    )
    owners = sorted(fields(i) for i in got)
    assert (["lifang"], "fin", "2026-07-08") in owners, got
    assert any("发票清单" in i["task"] for i in got), got


# ---------------------------------------------------------------- (4) due dates


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # 下周内 is a span to finish within: 上线 after it is the work, not an event's day
        ("陈杰：能加，预警功能我下周内上线。\n", "2026-07-17"),
        ("陈杰：预警功能我们这周内上线。\n", "2026-07-10"),
    ],
)
def test_going_live_within_a_week_is_a_deadline(org: Org, text: str, want: str) -> None:
    got = items(org, text)
    assert [i["due"] for i in got] == [want], got


def test_a_go_live_day_said_as_a_fact_is_still_no_deadline(org: Org) -> None:
    got = items(org, "赵峰：新系统下周一上线，陈杰你周五前把培训做完。\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", "2026-07-10")], got


@pytest.mark.parametrize(
    "turn",
    [
        # the line names its owner in another sentence
        "赵峰：总部要求下周一之前报上去。王晓，初稿你来写，周五前给我。\n",
        # the speaker settles a date for something said before
        "赵峰：对，那就下周一之前弄完。\n",
        # the speaker speaks for themself
        "赵峰：材料这周才交齐，我下周一前审完。\n",
    ],
)
def test_an_ask_is_not_put_to_the_one_who_just_spoke_when_the_turn_says_otherwise(
    org: Org, turn: str
) -> None:
    got = items(
        org,
        "赵峰：阿杰，门店收银系统升级到哪一步了？\n"
        "陈杰：服务器换好了，打印机驱动还有点问题。\n" + turn,
    )
    assert all(i["owners"] != ["chenjie"] for i in got), got


def test_an_ask_after_a_question_of_nobody_named_is_not_put_to_the_one_who_answered(
    org: Org,
) -> None:
    got = items(
        org,
        "陈杰：上周抽查发现有两个门店的收银机没升级。\n"
        "赵峰：哪两个？\n"
        "陈杰：东门店和西门店。\n"
        "赵峰：那周五前必须弄完啊。\n",
    )
    assert all(i["owners"] != ["chenjie"] for i in got), got


def test_an_ask_in_a_turn_that_calls_someone_else_is_not_put_to_the_one_who_just_spoke(
    org: Org,
) -> None:
    got = items(
        org,
        "赵峰：阿杰，门店收银系统升级到哪一步了？\n"
        "陈杰：服务器换好了，打印机驱动还有点问题。\n"
        "赵峰：然后芳姐，对账这块，审计会抽查。上半年的凭证三个工作日内全部拉个清单出来。\n",
    )
    assert len(got) == 1 and got[0]["owners"] != ["chenjie"], got


@pytest.mark.parametrize(
    ("turn", "due"),
    [
        ("The unit is four years old. Let me check the warranty terms in our contract and "
         "come back to you.", None),
        ("On our side, I will check with our warehouse which dock they want to use, and I'll "
         "come back to you by Friday.", "2026-07-10"),
    ],
)
def test_checking_and_coming_back_to_you_is_the_speakers_commitment(
    org: Org, turn: str, due: str | None
) -> None:
    got = items(org, f"赵峰: Can the supplier replace the pump for free?\n陈杰: {turn}\n")
    assert [fields(i) for i in got] == [(["chenjie"], "it", due)], got


def test_a_dated_finish_said_by_the_one_just_named_is_theirs(org: Org) -> None:
    got = items(
        org,
        "赵峰：标签这块，海涛，上次说有几个货架还是旧的。\n"
        "刘海涛：对，已经换了一半了，剩下的下周内全部换完。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-17")], got


def test_a_dated_remark_by_someone_not_named_stays_no_item(org: Org) -> None:
    got = items(
        org,
        "赵峰：标签这块，海涛，上次说有几个货架还是旧的。\n"
        "孙敏：剩下的下周内全部换完。\n",
    )
    assert got == []
