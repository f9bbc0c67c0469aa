"""Leftover spoken phenomena of the thirty-fifth and thirty-sixth passes (issue 17, left16
pass), each in sentences of our own as any company's meetings have them; run as the product
runs them (rules and both shipped detectors). The org file (`spoken-own`) lists no aliases:
小陈 is 陈杰, 海涛 刘海涛, 婷婷 吴婷. The meeting is on a Wednesday (07-08): 明天 07-09,
周四 07-09, 周五 07-10, 下周一 07-13."""

from __future__ import annotations

import pytest
from spoken_own import found, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


# 1. an ask answered by handing it on: one item, the one handed to's, on the reply's line


@pytest.mark.parametrize(
    "reply",
    [
        "王晓：这个没问题。样品清单我让小陈明天发您。",  # a first sentence of its own, then 我让
        "王晓：样品清单的事我叫小陈明天发您。",  # the thing named, no 好 first
        "王晓：样品清单，我安排小陈明天发您。",
        "王晓：好，我让小陈明天发您。",  # (was one item on the ask's line)
    ],
)
def test_an_ask_handed_on_is_one_item_of_the_one_handed_to(org: Org, reply: str) -> None:
    got = found(org, "李芳：王晓，展会的样品清单明天给我一份。\n" + reply + "\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(2, ["chenjie"], "2026-07-09")], got


def test_a_handed_on_ask_keeps_its_date_when_the_reply_says_none(org: Org) -> None:
    got = found(org, "赵峰：海涛，三号库的货架周五前要加固好。\n"
                     "刘海涛：这个我清楚，货架的事我让郑磊去弄。\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(2, ["zhenglei"], "2026-07-10")], got


@pytest.mark.parametrize(
    "reply",
    [
        "刘海涛：货架那部分我让郑磊去配合一下。",  # a part of it, helped with
        "刘海涛：好。盘点表我让郑磊今天发您。",  # another thing handed on
    ],
)
def test_a_part_or_another_thing_handed_on_leaves_the_ask(org: Org, reply: str) -> None:
    got = found(org, "赵峰：海涛，三号库的货架周五前要加固好。\n" + reply + "\n")
    assert [g[0] for g in got] == [1, 2], got
    assert got[0][1] == ["liuhaitao"], got


# 2. who will do it? — an answer that says when or how holds the item


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("吴婷：我来吧，周四前。", "2026-07-09"),
        ("吴婷：我来吧，明天对完发群里。", "2026-07-09"),
        ("吴婷：那我来，周五前弄完。", "2026-07-10"),
    ],
)
def test_a_who_question_answered_with_a_date_is_the_answers_item(
    org: Org, answer: str, due: str
) -> None:
    got = found(org, "赵峰：退货单据的核对谁来跟？\n" + answer + "\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(2, ["wuting"], due)], got


def test_a_bare_taker_leaves_the_item_on_the_question(org: Org) -> None:
    got = found(org, "赵峰：退货单据的核对谁来跟？\n吴婷：我吧。\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["wuting"], None)], got


# 3. two items in one reply turn, or in one line of a dump


def test_a_take_then_a_dated_first_step_are_two_items(org: Org) -> None:
    got = found(org, "赵峰：海涛，物流商那边你对接一下。\n"
                     "刘海涛：行，我来对接。我今晚先给物流商打个电话，把到货时间问清楚。\n")
    assert [(g[0], g[1], g[3]) for g in got] == [
        (1, ["liuhaitao"], None), (2, ["liuhaitao"], "2026-07-08")], got


def test_a_take_then_its_deadline_stays_one_item(org: Org) -> None:
    got = found(org, "赵峰：海涛，物流商那边你对接一下。\n刘海涛：行，我来弄。我周五前回您。\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["liuhaitao"], "2026-07-10")], got


@pytest.mark.parametrize(
    "line",
    [
        "刘海涛：叉车电池我月底前全部换完，换的时候要停两天，停用通知我明天发。",
        "刘海涛：还有那个叉车电池 我月底前全部换完 换的时候要停两天 停用通知我明天发",
    ],
)
def test_two_things_of_one_speaker_dated_apart_are_two_items(org: Org, line: str) -> None:
    got = found(org, "赵峰：仓库还有什么？\n" + line + "\n")
    assert sorted((g[0], tuple(g[1]), g[3]) for g in got) == [
        (2, ("liuhaitao",), "2026-07-09"), (2, ("liuhaitao",), "2026-07-31")], got


def test_one_thing_said_twice_with_one_date_stays_one_item(org: Org) -> None:
    got = found(org, "赵峰：仓库还有什么？\n刘海涛：我周五前把周报做完，周报我周五前发您。\n")
    assert [(g[0], g[1], g[3]) for g in got] == [(2, ["liuhaitao"], "2026-07-10")], got


# 4. 「我们质量部派人…，X你对接」: the department's part, and the named person's contact


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("孙敏：退回来的那批货，我们质量部派人去仓库复检，下周一之前检完，海涛你对接一下。",
         "2026-07-13"),
        ("孙敏：我们质量部派人去供应商那边驻厂，吴婷你对接一下。", None),
    ],
)
def test_our_department_sends_people_and_a_named_person_is_the_contact(
    org: Org, line: str, due: str | None
) -> None:
    got = found(org, line + "\n")
    named = "liuhaitao" if "海涛" in line else "wuting"
    assert [(g[1], g[2], g[3]) for g in got] == [([], "qa", due), ([named], "wh", None)], got


# 5. 「…报我这边」: 我 is where the work goes; the one called on does it


@pytest.mark.parametrize(
    "line",
    [
        "赵峰：吴婷，退货数据周五前报我这边。",
        "赵峰：海涛，盘点差异周五前交我这里。",
        "赵峰：吴婷，这批单据你理一下，周五前报我这边审核。",
        "赵峰：吴婷，退货数据周五前发我这边。",  # (发 was read right already)
    ],
)
def test_reported_to_me_is_the_one_called_ons_work(org: Org, line: str) -> None:
    got = found(org, line + "\n")
    who = "liuhaitao" if "海涛" in line else "wuting"
    assert [(g[1], g[3]) for g in got] == [([who], "2026-07-10")], got


def test_a_report_i_hand_in_is_still_mine(org: Org) -> None:
    # 「周报我明天交」: 报 ends the noun 周报; 我 goes on to a day and acts
    got = found(org, "赵峰：周报我明天交。\n")
    assert [(g[1], g[3]) for g in got] == [(["zhaofeng"], "2026-07-09")], got
