"""Spoken phenomena a semiconductor plant's meetings showed (issue 17, semi pass), each in a
sentence of our own, as any company's meetings have them: the day a chair says with its
weekday, a subtitle cue that ends a split sentence, 「X那边」 after an answer word, 「X帮忙…」, a
misheard name before a code in Latin letters, a department's 各班组长, the closing 「今天就到这」,
a topic then a name then the verb, 下周的…, a dump's speaker saying who she is, the floor
given, 「我们X这边」 said by nobody named, 「会议邀请我…」, a department's newcomer. The org file
(`spoken-own`) lists no aliases, so nicknames and given names are inferred.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spoken_own import items, own_org

from models.org import Org
from nlp.minutes import extract


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def test_a_weekday_said_with_the_day_decides_the_year(org: Org) -> None:
    # 2026-07-10 is a Friday, 2025-07-10 a Thursday: the clock (07-08) lags the recording
    text = "好 开会了 今天是七月十号周五 先说仓库\n吴婷 盘点表你明天下班前发群里\n好的\n"
    got = extract(text.encode(), "早会录音.txt", org, today=dt.date(2026, 7, 8))
    assert got.meeting.date == dt.date(2026, 7, 10)
    assert [i["due"] for i in got.to_contract()["action_items"]] == ["2026-07-11"], got


def test_a_weekday_said_before_the_day_in_english_decides_the_year(org: Org) -> None:
    text = "Alright, today is Friday, July 10th. Wu Ting, please send the stock list tomorrow.\n"
    got = extract(text.encode(), "call.txt", org, today=dt.date(2026, 7, 8))
    assert got.meeting.date == dt.date(2026, 7, 10)


def test_a_cue_without_a_name_that_ends_a_split_sentence_is_the_same_speakers(org: Org) -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\n赵峰: 好，下一个，\n\n"
        "2\n00:00:04,500 --> 00:00:08,000\n刘海涛: 仓库那几个灭火器的年检标签都过期了，\n\n"
        "3\n00:00:08,500 --> 00:00:10,000\n我周五前联系消防公司来换。\n\n"
        "4\n00:00:10,500 --> 00:00:12,000\n赵峰: 行。\n"
    )
    got = items(org, srt, "周会.srt")
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (11, ["liuhaitao"], "2026-07-10")
    ], got


def test_a_name_with_nabian_after_a_yes_is_the_one_who_does_it(org: Org) -> None:
    # 「对，」 answers the question; 「周建国那边」 is whose side does it, not a call on him
    got = items(
        org,
        "赵峰(00:00:10)：整改通知是不是要采购那边发？\n"
        "孙敏(00:00:20)：对，周建国那边周五前给供应商发一个整改通知。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["zhoujianguo"], "2026-07-10")], got


def test_a_name_asked_with_bangmang_is_the_one_who_does_it(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：财务那边，这次展会的费用，李芳帮忙算一下，周五前给吴婷。\n"
        "李芳(00:00:20)：收到。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["lifang"], "2026-07-10")], got


def test_a_misheard_name_then_a_space_and_a_latin_word_is_the_one_asked(org: Org) -> None:
    # an ASR dump names no speaker; 孙明 is how it heard 孙敏, and the pause after her name is
    # a space before a code written in Latin letters
    got = items(
        org,
        "[ASR] 录音转写 自动分段\n好那我们开始 先说一下昨天仓库的情况\n"
        "昨天晚上那个冷库的温度报警响了两次 值班的人没听到\n"
        "然后质量这边 孙明 QC那两批退货明天中午之前给个结论 客户那边一直在催\n"
        "明天中午可以\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["sunmin"], "2026-07-09")], got


def test_a_department_then_its_each_team_lead_is_the_department_asked(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：上周叉车那件事孙敏已经查完了。仓储部各班组长这周五前把各自班组的"
        "消防培训再做一遍，签到表交给孙敏。\n",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "wh", "2026-07-10")
    ], got


def test_the_chairs_closing_today_moves_no_due(org: Org) -> None:
    # 「今天就到这」 closes the meeting; its 今天 is not a date said back to the ask before it
    got = items(
        org,
        "[ASR] 录音转写 自动分段\n好那我们开始 先说一下昨天仓库的情况\n"
        "昨天晚上那个冷库的温度报警响了两次 值班的人没听到\n"
        "然后质量这边 孙敏 那两批退货明天中午之前给个结论 客户那边一直在催\n"
        "好 今天就到这 散会\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["sunmin"], "2026-07-09")], got


def test_a_topic_then_a_name_then_the_verb_is_that_persons(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：仓库那边周五前盘完。\n吴婷(00:00:20)：好。\n"
        "赵峰(00:00:30)：会议纪要吴婷整理，今天发。\n",
    )
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got][-1] == (
        3, ["wuting"], "2026-07-08"
    ), got


def test_next_weeks_plan_sent_today_is_due_today(org: Org) -> None:
    # 「下周的排班表」 names which plan; 今天 is when it is sent
    got = items(org, "赵峰(00:00:10)：吴婷你们仓库下周的排班表今天发一下。\n吴婷(00:00:20)：好。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-08")], got


@pytest.mark.parametrize("heard", ["吴婷", "吴亭"])
def test_a_speaker_who_says_who_she_is_in_a_dump_owns_her_promise(org: Org, heard: str) -> None:
    # the dump names nobody; 「我吴婷啊」 says who speaks (heard right or as 吴亭), and her 我
    # is hers, not a reply to the ask before
    got = items(
        org,
        "[ASR] 录音转写 自动分段\n好那我们开始 先说一下昨天仓库的情况\n"
        "昨天晚上那个冷库的温度报警响了两次 值班的人没听到\n"
        "郑磊你们以后夜班的巡检要按小时记录 下周一之前安排上\n好的好的\n"
        f"我{heard}啊 仓库这边我今天晚上就把巡检的交接记录补上\n",
    )
    got = [(i["source"]["line"], i["owners"], i["due"]) for i in got]
    assert got == [(4, ["zhenglei"], "2026-07-13"), (6, ["wuting"], "2026-07-08")], got


def test_giving_someone_the_floor_is_no_item(org: Org) -> None:
    got = items(
        org,
        "[ASR] 录音转写 自动分段\n好那我们开始 先说一下昨天仓库的情况\n涛哥你说一下吧\n"
        "昨天晚上那个冷库的温度报警响了两次 值班的人没听到\n"
        "郑磊你们以后夜班的巡检要按小时记录 下周一之前安排上\n好的好的\n",
    )
    assert [(i["source"]["line"], i["owners"]) for i in got] == [(5, ["zhenglei"])], got


def test_our_team_said_by_nobody_named_is_the_department(org: Org) -> None:
    # a dump's line: 我 is nobody the org knows, 「我们仓库这边」 names the team that does it
    got = items(
        org,
        "[ASR] 录音转写 自动分段\n好那我们开始 先说一下昨天仓库的情况\n"
        "昨天晚上那个冷库的温度报警响了两次 值班的人没听到\n还有冷库温控的问题\n"
        "对对 冷库二号机温度老是飘 我看了一下应该是探头的问题 我们仓库这边后天换掉\n",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "wh", "2026-07-10")
    ], got


def test_the_invitation_i_send_today_is_mine_and_due_today(org: Org) -> None:
    # 「会议邀请我今天发出去」: 邀请 is the invitation (a noun), not 「请我」; the meeting's day
    # said before it is when the next meeting is held, not when the invitation is due
    got = items(
        org,
        "吴婷(00:00:10)：哈哈，今天食堂的饭又没了。\n"
        "赵峰(00:00:20)：这个你找周总去。好，最后，下周例会还是周四这个时间，会议邀请我今天发出去。\n",
    )
    assert [(i["owners"], i["due"]) for i in got][-1:] == [(["zhaofeng"], "2026-07-08")], got


def test_a_newcomer_of_a_department_asked_is_the_departments_item(org: Org) -> None:
    # 「新来的那个小张」 is nobody the org file lists yet: the item is the department's
    got = items(org, "赵峰(00:00:10)：仓库新来的那个小张，叉车证月底前要考出来。\n")
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "wh", "2026-07-31")
    ], got
