"""Spoken phenomena left after the telecom, airport and apparel passes (issue 17, thirty-first
pass, branch telecom13), each in a sentence of our own on the `spoken-own` org (no aliases), as
any company's meetings have them: what the speaker's side will do, then a step handed on in
the same sentence (「…我们也要盘点，我让吴婷明天出个盘点表」), is two items, and so are an ask
and the speaker's own step after a topic (「…发过来，约谈我来安排」); a called-on name run into
the object that points back (「吴婷这个你自己弄吧」) gives the work to the one called; a holiday
said alone as the limit (「元旦节前」) is the due date; work handed to another company (「我让
维保公司的老钱他们…」) is an item with no owner of ours; 「我回头自己找…」 is the speaker's
errand; 「哪几家你发我」 is an ask; a date counted from an event dated turns before (「升级前一
天」, 「展会前三天」, 「提前一天」) is resolved.
"""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def test_our_own_work_then_a_step_handed_on_are_two_items(org: Org) -> None:
    got = items(org, "刘海涛：冷库那几排货架，月底前我们也要盘点，我让吴婷明天出个盘点表。\n")
    assert sorted((i["owners"], i["department"], i["due"]) for i in got) == [
        ([], "wh", "2026-07-31"),
        (["wuting"], "wh", "2026-07-09"),
    ], got
    # the topic said first is what "we" will count; the handed-on step names its own object
    ours = next(i for i in got if not i["owners"])
    assert "货架" in ours["task"], got


RAISED = "孙敏：上周抽查有几家供应商的来料不合格。\n"


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        # the one who just spoke, asked in so many words; the speaker's step after a topic
        ("赵峰：孙敏你把不合格的清单整理一下发过来，约谈我来安排。\n", "sunmin"),
        ("赵峰：吴婷你把不合格的清单整理一下发过来，约谈我来安排。\n", "wuting"),
    ],
)
def test_an_ask_then_the_speakers_own_step_are_two_items(
    org: Org, said: str, asked: str
) -> None:
    got = items(org, RAISED + said)
    assert sorted(i["owners"][0] for i in got if i["owners"]) == sorted([asked, "zhaofeng"]), got
    assert len(got) == 2, got


def test_an_answer_to_the_one_who_spoke_stays_the_speakers(org: Org) -> None:
    # 「X你放心，我…」 answers the one named; no ask to them
    said = "孙敏：赵总，这批货的检验报告什么时候要？\n赵峰：孙敏你放心，我周五前跟供应商要。\n"
    got = items(org, said)
    assert [(i["owners"], i["due"]) for i in got] == [(["zhaofeng"], "2026-07-10")], got


@pytest.mark.parametrize(
    "said",
    [
        "赵峰：吴婷这个你自己弄吧，周五之前搞完。\n",
        # a dump's pause between the ask and its date
        "赵峰：吴婷你自己弄吧 周五之前搞完\n",
    ],
)
def test_the_one_called_then_a_pointer_and_你_owns_the_rest_of_the_line(
    org: Org, said: str
) -> None:
    # the turn before names the speaker (赵总), yet the dated clause is the rest of the ask
    before = "吴婷：赵总，那个冷库温度记录的事，这个月还有二十多条没补。\n"
    got = items(org, before + said)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-10")], got
    assert "温度记录" in got[0]["task"], got


def test_a_holiday_said_alone_as_the_limit_dates_our_sides_work(org: Org) -> None:
    # 「元旦节前」 with no other date: the due date, so 我们X这边 + 能 is an item
    got = items(org, "吴婷：库存盘点这块，我们仓库这边元旦节前能报上来。\n")
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "wh", "2027-01-01")
    ], got


def test_a_holiday_with_a_nearer_date_stays_the_far_limit(org: Org) -> None:
    # the nearer date said for the work still wins over the holiday
    got = items(org, "赵峰：叉车电池元旦前必须换掉，吴婷你下周一前把采购申请提上来。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-13")], got


def test_work_handed_to_another_company_is_an_item_with_no_owner_of_ours(org: Org) -> None:
    # ANNOTATION: a name not in the org file → owners [] (the contractor's 老钱 is not ours)
    got = items(org, "赵峰：另外，冷库那段管线，我让维保公司的老钱他们从下周开始每周多巡一次。\n")
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [([], None, None)], got
    assert "维保公司" in got[0]["owner_names"][0], got


def test_handing_work_to_one_of_ours_is_still_theirs(org: Org) -> None:
    got = items(org, "赵峰：我让吴婷明天去找供应商把发票补上。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-09")], got


def test_the_speakers_own_errand_said_later_and_myself_is_an_item(org: Org) -> None:
    # 「我回头自己找…」: no date, but the speaker takes the errand on
    got = items(org, "赵峰：运费也得重新报，这个我回头自己找周总。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["zhaofeng"], None)], got


def test_which_ones_you_send_me_is_an_ask_and_our_side_takes_the_rest(org: Org) -> None:
    # 「哪几家你发我」 asks the one who spoke for a list; 我们这边… with the date said after it
    # is our side's own item
    got = items(org, RAISED + "赵峰：哪几家你发我，我们这边去约谈，下周五前给你约谈记录。\n")
    assert sorted((i["owners"], i["department"], i["due"]) for i in got) == [
        ([], "sales", "2026-07-17"),
        (["sunmin"], "qa", None),
    ], got


def test_which_one_asked_as_a_question_stays_a_question(org: Org) -> None:
    got = items(org, RAISED + "赵峰：哪几家？你发群里大家看看吗？\n")
    assert got == [], got


UPGRADE = (
    "赵峰：仓库的系统七月底要升级，会停机两个小时。\n"
    "吴婷：七月底不行，那几天在盘点。\n"
    "赵峰：那往后挪，挪到七月二十号晚上。\n"
    "吴婷：好，七月二十号可以。\n"
)


@pytest.mark.parametrize(
    ("before", "said", "due"),
    [
        # the event's day moved later in the talk: the last day said for it holds
        (UPGRADE, "赵峰：升级前一天我让王晓过来做个数据备份。\n", "2026-07-19"),
        ("赵峰：展会是七月二十号开幕。\n", "赵峰：吴婷，展会前三天把样品寄过去。\n", "2026-07-17"),
        (UPGRADE, "赵峰：王晓，升级后一周你把运行日志导出来。\n", "2026-07-27"),
        # no event named: ahead of the day just said
        (
            "赵峰：吴婷，客户验货前我们自己先内检一次，七月十五号之前做完。\n孙敏：包装要仓库配合。\n",
            "刘海涛：仓库这边没问题，我们提前一天把货码好。\n",
            "2026-07-14",
        ),
    ],
)
def test_a_date_counted_from_an_event_dated_turns_before(
    org: Org, before: str, said: str, due: str
) -> None:
    got = items(org, before + said)
    last = [i for i in got if i["source"]["line"] == before.count("\n") + 1]
    assert [i["due"] for i in last] == [due], got


def test_a_day_moved_ahead_is_no_date_counted_from_an_event(org: Org) -> None:
    said = "赵峰：展会是七月二十号开幕。\n赵峰：吴婷，客户要把交期提前一周，你下周一前出货。\n"
    got = items(org, said)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-13")], got


def test_ahead_of_the_day_said_outright_counts_from_nothing_before(org: Org) -> None:
    # 「提前三天，就是…号」: the day is said after it (whether or not it is read as a date)
    said = "孙敏：质检报告我们还是老规矩，提前三天，就是那天上午发。\n"
    got = items(org, "赵峰：吴婷，盘点表下周一前报给我。\n" + said)
    assert "2026-07-10" not in [i["due"] for i in got], got


def test_a_long_run_of_spaces_after_a_date_counted_from_an_event_is_read_in_linear_time(
    org: Org,
) -> None:
    """A careless export (or a hostile upload) pads a line: the check that the day is said
    outright after 「展会前三天」 once backtracked over every split of the run of spaces
    (quadratic: 20,000 spaces, 4 s per line; `benchmarks/minutes_hostile.py`)."""
    before = "赵峰：展会是七月二十号开幕。\n"
    said = "赵峰：吴婷，展会前三天" + " " * 20_000 + "把样品寄过去。\n"
    got = items(org, before + said)
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-17")], got
