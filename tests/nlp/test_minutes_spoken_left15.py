"""Leftover spoken phenomena of the steel and shipyard passes (issue 17, left15 pass), each in
sentences of our own, as any company's meetings have them; run as the product runs them (rules
and both shipped detectors). The org file (`spoken-own`) lists no aliases."""

from __future__ import annotations

import datetime as dt

import pytest
from spoken_own import found, own_org

from models.calendar import WorkCalendar
from models.org import Org
from nlp.dates import resolve_due

# a Tuesday before the National Day holiday (2026: 10-01 … 10-07; first workday back 10-08)
BEFORE_HOLIDAY = dt.date(2026, 9, 29)


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def _found(org: Org, text: str, meeting: dt.date = BEFORE_HOLIDAY) -> list[tuple]:
    return found(org, text, meeting=meeting)


@pytest.mark.parametrize(
    "text",
    [
        "我节后给个分析报告",
        "这个节后交给你",
        "报价单假期后发过来",
        "盘点表放假回来报给我",
    ],
)
def test_after_the_holiday_before_handing_over_is_its_first_workday(text: str) -> None:
    assert resolve_due(text, BEFORE_HOLIDAY, WorkCalendar("cn")) == dt.date(2026, 10, 8)


@pytest.mark.parametrize("text", ["这个节后再说", "节后上班的人员名单", "节后统一派",
                                  "节后再报采购周期", "节后给的那批料", "节后交的报告我看了"])
def test_after_the_holiday_without_a_handing_over_is_no_date(text: str) -> None:
    assert resolve_due(text, BEFORE_HOLIDAY, WorkCalendar("cn")) is None


def test_a_promise_for_after_the_holiday_is_dated(org: Org) -> None:
    got = _found(org, "赵峰：冷库上礼拜那次停电，原因查清楚没有？\n"
                      "刘海涛：还没完全查清楚，我节后给个分析报告。\n")
    assert [(g[1], g[3]) for g in got] == [(["liuhaitao"], "2026-10-08")], got


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：吴婷，下周的出库计划你周五前跟海涛一起排出来。\n吴婷：好。\n",
        "赵峰：吴婷，出库计划你先跟海涛一块儿排一下，周五前给我。\n吴婷：好。\n",
    ],
)
def test_a_partner_named_after_the_date_owns_it_too(org: Org, turn: str) -> None:
    # 你 + a date (or 先) + 跟X一起: X does it with the one spoken to
    got = _found(org, turn, dt.date(2026, 7, 8))
    assert [(g[0], sorted(g[1]), g[3]) for g in got] == [
        (1, ["liuhaitao", "wuting"], "2026-07-10")], got


def test_a_partner_only_met_is_no_owner(org: Org) -> None:
    # 跟X (no 一起) names whom to see, not a second owner
    got = _found(org, "赵峰：吴婷，出库计划你周五前跟海涛确认一下。\n吴婷：好。\n",
                 dt.date(2026, 7, 8))
    assert [(g[0], g[1]) for g in got] == [(1, ["wuting"])], got


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：海涛你那边把冷库的排班定一下，还有那个，压缩机的温度记录也整理一下发给芳姐，"
        "这两个都是本周内。\n刘海涛：好的。\n",
        "赵峰：海涛，盘点表你核一下，另外出库单也补齐，这两件事都要周五前。\n刘海涛：行。\n",
    ],
)
def test_two_asks_counted_and_dated_together_are_two_items(org: Org, turn: str) -> None:
    got = _found(org, turn, dt.date(2026, 7, 8))
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["liuhaitao"], "2026-07-10")] * 2, got


def test_one_ask_with_a_second_thing_uncounted_stays_one_item(org: Org) -> None:
    got = _found(org, "赵峰：海涛你把冷库的排班定一下，还有那个温度记录，本周内。\n"
                      "刘海涛：好的。\n", dt.date(2026, 7, 8))
    assert len(got) == 1, got


@pytest.mark.parametrize(
    "turn",
    [
        "赵峰：嗯嗯嗯嗯嗯王晓，周五前把报表发给我。\n王晓：好。\n",
        "赵峰：嗯，王晓，报表周五前发给我。\n王晓：好。\n",
        "赵峰：嗯嗯，王晓，报表周五前交给我。\n王晓：好。\n",
    ],
)
def test_hums_before_the_name_called_still_ask_it(org: Org, turn: str) -> None:
    got = _found(org, turn, dt.date(2026, 7, 8))
    assert [(g[0], g[1], g[3]) for g in got] == [(1, ["wangxiao"], "2026-07-10")], got


def test_hums_then_the_asker_named_is_still_a_reply(org: Org) -> None:
    # 「嗯，峰哥，…我周五前…」: the one answered, named by the one who takes it on
    got = _found(org, "赵峰：晓晓，报表周五前发给我。\n王晓：嗯，峰哥，报表我周五前发你。\n",
                 dt.date(2026, 7, 8))
    assert [(g[1], g[3]) for g in got] == [(["wangxiao"], "2026-07-10")], got
