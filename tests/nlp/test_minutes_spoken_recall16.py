"""Kinds read on the steel works' and the canteen chain's misses (issue 17, recall16 pass), each
in sentences of our own, as any company's meetings have them; run as the product runs them
(rules and both shipped detectors). The org file (`spoken-own`) lists no aliases; its 仓库 is
the warehouse department's alias, so the units below are others (门店, 车间, 分厂)."""

from __future__ import annotations

import pytest
from spoken_own import found, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


# --- every unit of a kind asked: 各车间 / 所有门店 / 两个分厂, after a date or a lead clause ---


@pytest.mark.parametrize(
    ("turn", "due"),
    [
        # the date before the units: 「月底前各车间把…」
        ("赵峰：出库单的事就这样。另外月底前各车间把下个月的检修计划报到财务部。好，散会。\n",
         "2026-07-31"),
        ("赵峰：另外下周五之前各分厂把安全台账交到质量部。\n", "2026-07-17"),
        # 所有 / 全部 + the unit
        ("赵峰：另外所有门店下周做一次消防自查。\n", "2026-07-17"),
        ("赵峰：全部车间周五前把设备点检表补齐。\n", "2026-07-10"),
        # a counted unit: 「两个分厂」, 「三家门店」
        ("赵峰：三家门店这周五之前要把整改照片交上来。\n", "2026-07-10"),
        # after a lead clause of the speaker's: not the speaker's work
        ("孙敏：那个，刚才退货的事我再补一句，两家门店这周五之前要把整改照片交上来。\n",
         "2026-07-10"),
    ],
)
def test_every_unit_of_a_kind_asked_is_a_group_item(org: Org, turn: str, due: str) -> None:
    got = found(org, turn)
    assert [(g[0], g[1], g[3]) for g in got] == [(1, [], due)], got


def test_a_group_ask_beside_a_named_ask_is_an_item_of_its_own(org: Org) -> None:
    got = found(org, "赵峰：另外所有门店下周做一次消防自查。孙敏，你出一个检查表。\n"
                     "孙敏：好的，检查表我后天给到。\n")
    assert sorted((g[0], tuple(g[1])) for g in got) == [(1, ()), (1, ("sunmin",))], got


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：各车间上个月的报表我看了，问题不大。\n",
        "赵峰：所有门店上周都做过自查了，结果还可以。\n",
        "赵峰：三家门店的整改照片昨天已经交上来了。\n",
    ],
)
def test_units_reported_on_are_no_item(org: Org, turn: str) -> None:
    assert found(org, turn) == []


# --- two people named with 跟, then told 你们俩: both own it ---


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：那周总跟海涛你们俩下来商量一下，周五前定。\n周建国：行。\n",
        "赵峰：周总跟海涛你们俩周五前商量定下来。\n",
        "赵峰：那周总跟海涛你们俩下来商量一下，周五前给我个结论。\n",
    ],
)
def test_two_named_with_gen_then_told_both_of_you_both_own_it(org: Org, turn: str) -> None:
    got = found(org, turn)
    assert [(g[0], sorted(g[1]), g[2], g[3]) for g in got] == [
        (1, ["liuhaitao", "zhoujianguo"], None, "2026-07-10")], got


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：周总，你跟海涛说一下。\n周建国：行。\n",
        "赵峰：仓库那边要提前打招呼，周总你跟海涛说一下。\n",
    ],
)
def test_one_told_to_tell_another_owns_the_telling(org: Org, turn: str) -> None:
    # nothing said after 说一下: the telling is the work, the one asked does it (its 一下
    # was read as work passed on to 海涛)
    got = found(org, turn)
    assert [(g[0], g[1]) for g in got] == [(1, ["zhoujianguo"])], got


def test_one_told_to_pass_work_on_still_passes_it(org: Org) -> None:
    got = found(org, "赵峰：周总，你跟海涛说一声，周五前把盘点表发给我。\n")
    assert [(g[0], g[1]) for g in got] == [(1, ["liuhaitao"])], got


# --- each named person's share of one job, one date said for all: an item each ---


@pytest.mark.parametrize(
    ("turn", "due"),
    [
        ("赵峰：另外年底盘点，吴婷你负责冷库，郑磊负责常温库，都是下周三前盘完。\n", "2026-07-15"),
        ("赵峰：年底盘点，吴婷负责冷库，郑磊负责常温库，周五前都盘完。\n", "2026-07-10"),
    ],
)
def test_shares_of_one_job_dated_for_all_are_an_item_each(org: Org, turn: str, due: str) -> None:
    got = found(org, turn)
    assert sorted((g[0], tuple(g[1]), g[3]) for g in got) == [
        (1, ("wuting",), due), (1, ("zhenglei",), due)], got


def test_shares_said_without_a_date_are_no_new_item(org: Org) -> None:
    got = found(org, "赵峰：吴婷负责冷库，郑磊负责常温库，这是去年定的分工。\n")
    assert all(g[1] != ["zhenglei"] for g in got), got


# --- news heard (X说…可能要推迟), then the speaker's own dated step on it ---


@pytest.mark.parametrize(
    ("turn", "due"),
    [
        ("王晓：客户说周五的货可能要推迟，我今天上午再确认一下。\n", "2026-07-08"),
        ("王晓：那个，客户昨天说周五的货可能要推迟，我今天上午再 confirm 一下，然后跟海涛讲。\n",
         "2026-07-08"),
        ("王晓：厂家反馈说可能要延期，我明天再催一下。\n", "2026-07-09"),
    ],
)
def test_news_heard_then_a_dated_step_of_ones_own_is_an_item(
    org: Org, turn: str, due: str
) -> None:
    got = found(org, turn)
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["wangxiao"], due)], got


@pytest.mark.parametrize(
    "turn",
    [
        "王晓：如果周五的货推迟，我明天再问一下。\n",  # the speaker's own condition
        "王晓：客户说周五的货可能要推迟，我觉得问题不大。\n",  # no step taken
    ],
)
def test_a_condition_or_an_opinion_after_news_is_no_item(org: Org, turn: str) -> None:
    assert found(org, turn) == []


# --- 我看 / 我觉得 giving a view is not the speaker taking the work on ---


def test_a_view_given_with_wo_kan_leaves_the_department_the_owner(org: Org) -> None:
    got = found(org, "刘海涛：盘点我们仓储部出方案，然后各组派人来集中培训一天，"
                     "时间我看……周五吧。\n")
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [(1, [], "wh", "2026-07-10")], got


@pytest.mark.parametrize(
    "turn",
    [
        "刘海涛：这个我看一下，周五前给你答复。\n",  # a look taken: the speaker's
        "刘海涛：我觉得周五可以，我周五前把方案发你。\n",
        "刘海涛：时间我看……周五吧，我来组织。\n",
    ],
)
def test_the_speaker_who_also_acts_still_owns_it(org: Org, turn: str) -> None:
    got = found(org, turn)
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["liuhaitao"], "2026-07-10")], got


# --- a date accepted (「下周三可以。」) is the date of the ask answered, not of the next ask ---


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：周总，合同你跟法务再对一下，下周三之前出第二稿。\n"
        "周建国：下周三可以。王晓，你把上个版本的修订记录整理一下给我。\n",
        "周建国：周五前没问题。王晓，你把盘点表整理一下给我。\n",
    ],
)
def test_a_date_accepted_does_not_date_the_next_ask(org: Org, turn: str) -> None:
    got = [g for g in found(org, turn) if g[1] == ["wangxiao"]]
    assert [g[3] for g in got] == [None], got


def test_a_date_said_before_an_ask_still_dates_it(org: Org) -> None:
    got = found(org, "赵峰：下周三之前。王晓，你把上个版本的修订记录整理一下给我。\n")
    assert [(g[1], g[3]) for g in got] == [(["wangxiao"], "2026-07-15")], got


# --- a surname with a shop-floor title (郑主管, 郑组长, 郑班长, 郑厂长) names the person ---


@pytest.mark.parametrize("title", ["主管", "组长", "班长", "厂长"])
def test_a_surname_with_a_work_title_is_the_one_called_on(org: Org, title: str) -> None:
    got = found(org, "赵峰：海涛，你今天把用工需求发给芳姐。\n吴婷：好的。\n"
                     f"赵峰：郑{title}，你把夜班的排班做出来，周五之前。\n郑磊：嗯，周五可以。\n")
    assert [(g[0], g[1], g[3]) for g in got if g[0] == 3] == [
        (3, ["zhenglei"], "2026-07-10")], got
