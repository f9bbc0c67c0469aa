"""Due-date phrases (zh, en) resolved on the work calendar, as ANNOTATION.md reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from models.calendar import WorkCalendar
from nlp.dates import find_dates, pick_due, resolve_due

CN = WorkCalendar("cn")
NONE = WorkCalendar("none")


def due(text: str, meeting: str, cal: WorkCalendar = CN) -> str | None:
    d = resolve_due(text, dt.date.fromisoformat(meeting), cal)
    return d.isoformat() if d else None


@pytest.mark.parametrize(
    ("text", "meeting", "want"),
    [
        # National Day 2026: 10/1-10/7 off, Saturday 10/10 a make-up workday (m10)
        ("3个工作日内提交", "2026-09-30", "2026-10-10"),
        ("在5个工作日内完成", "2026-09-30", "2026-10-13"),
        ("2个工作日内统计", "2026-09-30", "2026-10-09"),
        ("在7天内完成回访", "2026-09-30", "2026-10-07"),
        ("下周五前发给各部门", "2026-09-30", "2026-10-09"),
        ("节后第一个工作日", "2026-09-30", "2026-10-08"),
        # spoken forms of the same day; a weekend in between is no holiday
        ("台账节后第一天交上来", "2026-09-30", "2026-10-08"),
        ("节后第一天", "2026-06-08", "2026-06-22"),  # 端午 6/19-21, not the weekend 6/13-14
        # 中秋 9/25-27 with 国庆 10/1-7 three days on: 节后 is after the long one
        ("节后第一天早上八点", "2026-09-22", "2026-10-08"),
        ("年后第一天上班就发", "2026-02-10", "2026-02-24"),
        # 复工 (work resumes) names the same day: 「复工第一天」, 「节后复工第一天」
        ("复工第一天上午开全员会", "2026-09-30", "2026-10-08"),
        ("节后复工第一天交台账", "2026-02-10", "2026-02-24"),
        ("复工后第一天发通知", "2026-09-30", "2026-10-08"),
        # the day a meeting is held is not when the work is due (「…再开个复盘会，明天订会议室」)
        ("下周二下午再开个复盘会，明天把会议室订好", "2026-10-15", "2026-10-16"),
        ("周四上午开个碰头会，今天把材料准备好", "2026-10-13", "2026-10-13"),
        # a day of the month with a time of day: the day is the due date
        ("安全交底我来做，三号早上八点", "2026-09-29", "2026-10-03"),
        ("15号一早送过去", "2026-06-10", "2026-06-15"),
        # the day given as the reason (a holiday, leave) is no due date
        ("这周五就放假了，那我们明天全部付掉", "2026-09-23", "2026-09-24"),
        ("明天我请假了，周六行不行", "2026-02-12", "2026-02-14"),
        ("今天下班前完成", "2026-09-30", "2026-09-30"),
        ("明天发群里", "2026-12-03", "2026-12-04"),
        ("后天之前发我", "2026-12-03", "2026-12-05"),
        ("本周三前", "2026-11-16", "2026-11-18"),
        ("周三前给我一版", "2026-11-05", "2026-11-11"),  # Wednesday said on a Thursday rolls on
        ("下周一前挂上去", "2026-12-03", "2026-12-07"),
        ("本周内改好", "2026-11-05", "2026-11-06"),
        ("下周内发给大家", "2026-12-03", "2026-12-11"),
        ("月底前", "2026-11-16", "2026-11-30"),
        ("于10月底前提交", "2026-10-21", "2026-10-31"),
        ("下月初前完成", "2026-10-21", "2026-11-05"),
        ("年底前必须完成", "2026-12-17", "2026-12-31"),
        ("11月23日前", "2026-11-16", "2026-11-23"),
        ("12月15号之前", "2026-12-03", "2026-12-15"),
        ("3天内给出方案", "2026-12-17", "2026-12-20"),
        ("两周内完成培训", "2026-06-17", "2026-07-01"),
        ("by Friday", "2026-10-14", "2026-10-16"),
        ("by next Friday", "2026-10-14", "2026-10-23"),
        ("by next Monday", "2026-11-25", "2026-11-30"),
        ("within 3 business days", "2026-10-14", "2026-10-19"),
        ("— EOW", "2026-12-09", "2026-12-11"),
        ("— EOM", "2026-12-09", "2026-12-31"),
        ("before month end", "2026-11-25", "2026-11-30"),
        ("by end of next week", "2026-10-14", "2026-10-23"),
        ("share it next week", "2026-11-25", "2026-12-04"),
        ("by Dec 4", "2026-11-25", "2026-12-04"),
        ("no later than 9 Dec", "2026-11-25", "2026-12-09"),
        ("before October 28", "2026-10-14", "2026-10-28"),
        ("tomorrow", "2026-10-14", "2026-10-15"),
        ("11.25前给到客户", "2026-11-18", "2026-11-25"),
        ("本月30号前出方案", "2026-11-18", "2026-11-30"),
        ("下个月5号前", "2026-11-18", "2026-12-05"),
        ("下下周五前完成", "2026-11-18", "2026-12-04"),
        ("陈静两天内确认", "2026-11-18", "2026-11-20"),
        ("reconcile it by end of May", "2026-05-13", "2026-05-31"),
        ("refresh the pages by 5/20.", "2026-05-13", "2026-05-20"),
        ("by the 20th", "2026-11-18", "2026-11-20"),
        ("by the 5th", "2026-11-18", "2026-12-05"),
        ("20号前交", "2026-11-18", "2026-11-20"),
        ("月中前完成", "2026-11-10", "2026-11-15"),
        ("in two weeks", "2026-11-18", "2026-12-02"),
        ("in 3 days", "2026-11-18", "2026-11-21"),
        ("meet on the 2nd floor", "2026-11-18", None),
        ("PDA 改版估计要两周", "2026-11-18", None),
        ("尽快处理", "2026-11-16", None),
        ("ASAP", "2026-11-16", None),
    ],
)
def test_phrases(text: str, meeting: str, want: str | None) -> None:
    assert due(text, meeting) == want


@pytest.mark.parametrize(
    ("text", "meeting", "want"),
    [
        # spoken month and day numbers in Chinese numerals (ASR writes them out)
        ("一月五号前把发票开了", "2026-12-29", "2027-01-05"),
        ("八月十五号前给我", "2026-07-08", "2026-08-15"),
        ("十五号之前交", "2026-07-08", "2026-07-15"),
        ("九月底之前交", "2026-07-08", "2026-09-30"),
        ("这周把它做完", "2026-07-08", "2026-07-10"),
        ("这周的数据不太好", "2026-07-08", None),
        ("本月二十五号前对完账", "2026-07-08", "2026-07-25"),
        ("下个月三号之前交上来", "2026-07-08", "2026-08-03"),
    ],
)
def test_spoken_numbers_and_this_week(text: str, meeting: str, want: str | None) -> None:
    assert due(text, meeting) == want


def test_business_days_without_a_holiday_calendar_skip_weekends_only() -> None:
    assert due("3个工作日内", "2026-09-30", NONE) == "2026-10-05"


def test_deadline_beats_other_dates_in_the_line() -> None:
    assert (
        due("@Shawn 周五上线窗口的 checklist 你来准备，明天中午前给我。", "2026-12-17")
        == "2026-12-18"
    )
    assert (
        due("send the forecast for November 1 to 15 to Kevin by next Friday", "2026-10-14")
        == "2026-10-23"
    )
    assert (
        due("book the review for the week of October 26 and send the invite today", "2026-10-14")
        == "2026-10-14"
    )


def test_a_leading_day_label_is_not_a_due_date() -> None:
    assert due("Today: pairing with Alice on the limiter", "2026-05-13") is None
    assert due("今天：跟进报价", "2026-05-13") is None


def test_past_days_and_ranges_are_not_due_dates() -> None:
    ms = find_dates(
        "We signed it last Thursday, for the week of October 26", dt.date(2026, 10, 14), CN
    )
    assert pick_due(ms) is None
    assert due("two agents starting tomorrow", "2026-05-13") == "2026-05-14"  # weak, but a day
    assert due("截至今天退货约1.4万件", "2026-11-16") is None


def test_english_words_that_look_like_dates_are_not_dates() -> None:
    assert due("we may 2 x the monitoring budget", "2026-10-14") is None
    assert due("the sun sat low; monitoring is fine", "2026-10-14") is None


def test_every_phrase_pattern_has_its_resolver() -> None:
    """The pattern lists and the table of resolvers name the same kinds of phrase."""
    from nlp.dates import _EN_PATTERNS, _ZH_PATTERNS, KINDS

    named = {k for k, _ in _ZH_PATTERNS} | {k for k, _ in _EN_PATTERNS}
    assert named == set(KINDS)


def test_a_day_with_a_time_of_day_is_a_due_date() -> None:
    """Speech: 「三十一号下午盘完」 has no 前 but is a deadline all the same."""
    day = dt.date(2026, 12, 28)
    for text in ("三十一号下午盘完", "31号下午盘完"):
        got = find_dates(text, day, WorkCalendar("cn"))
        assert [d.date for d in got] == [dt.date(2026, 12, 31)], text
    assert find_dates("三号线下午停机", day, WorkCalendar("cn")) == []


def test_end_of_day_before_a_weekday_is_that_weekday() -> None:
    """「I'll circulate them by end of day Monday」: Monday's end, not today's."""
    assert due("Minutes - I'll circulate them by end of day Monday.", "2026-10-09") == "2026-10-12"
    assert due("Please send it by EOD next Tuesday.", "2026-10-09") == "2026-10-13"
    assert due("Please send it by end of day.", "2026-10-09") == "2026-10-09"


def test_a_day_that_qualifies_a_noun_is_not_the_due_date() -> None:
    # 「今天的产出…算一下明天给我」: 今天的 names whose output, 明天 is when it is due
    said = "今天的产出估计要少一千多片，让计划的曹阳算一下明天给我"
    assert due(said, "2026-03-18") == "2026-03-19"
    assert due("明天的发货计划今天下班前给我", "2026-03-18") == "2026-03-18"
    assert due("今天的时候能给我吗", "2026-03-18") == "2026-03-18"  # 的时候: when, still a date


def test_english_dates_with_the_day_spelled_out_as_speech_recognition_writes_them() -> None:
    # "by October twelfth": a call transcript writes the ordinal as a word
    assert due("Tang Yu will send it to you by October twelfth.", "2026-09-24") == "2026-10-12"
    assert due("a revised proposal by October fifteenth", "2026-09-24") == "2026-10-15"
    assert due("by the twenty-first of October", "2026-09-24") == "2026-10-21"
    assert due("ship it by September thirtieth", "2026-09-24") == "2026-09-30"
    assert due("we may first check the cells", "2026-09-24") is None  # may: a verb


def test_a_period_end_before_de_names_the_work_not_its_date() -> None:
    text = "年底的对账月底前做完，月底的时候再看"
    got = find_dates(text, dt.date(2026, 7, 8), WorkCalendar("cn"))
    assert [(d.text, d.weight > 0) for d in got] == [
        ("年底", False), ("月底", True), ("月底", True)
    ]


def test_a_day_said_inside_the_week_wins_over_the_week() -> None:
    """「大家这周把自查表填一下，周四下班前交」: the week is when, Thursday the deadline."""
    got = find_dates("大家这周把自查表填一下，周四下班前交给我", dt.date(2026, 7, 6),
                     WorkCalendar("cn"))
    assert pick_due(got).date == dt.date(2026, 7, 9)
    # a day after the week's end does not narrow it
    got = find_dates("本周内把表填好，下周三前汇总", dt.date(2026, 7, 6), WorkCalendar("cn"))
    assert pick_due(got).date == dt.date(2026, 7, 10)
