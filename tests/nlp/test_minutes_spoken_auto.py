"""Spoken phenomena an automotive parts maker's meetings showed (issue 17, auto14 pass), each
in sentences of our own, as any company's meetings have them; run as the product runs them
(rules and both shipped detectors). The org file (`spoken-own`) lists no aliases."""

from __future__ import annotations

import pytest
from spoken_own import MEETING, own_org

from dispatch.minutes.detector import spoken_detector, zh_detector
from models.org import Org
from nlp.minutes import extract


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def _items(org: Org, text: str, name: str = "call.txt") -> list[dict]:
    got = extract(text.encode(), name, org, MEETING, spoken_detector=spoken_detector(),
                  zh_detector=zh_detector())
    return got.to_contract()["action_items"]


def _found(org: Org, text: str, name: str = "call.txt") -> list[tuple]:
    return [(i["source"]["line"], i["owners"], i["department"], i["due"])
            for i in _items(org, text, name)]


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("赵峰：吴婷，上周的盘点差异表你今天下班前整理出来发我。", "2026-07-08"),
        ("赵峰：海涛，昨天的出库单你明天补上。", "2026-07-09"),
        ("赵峰：芳姐，上个月的报销汇总你周五前给我。", "2026-07-10"),
    ],
)
def test_last_weeks_thing_asked_for_keeps_the_date_it_is_due(org: Org, said: str,
                                                              due: str) -> None:
    # 「上周的报表」 names which report; the work is still to do, by the date said after it
    got = _found(org, said)
    assert len(got) == 1 and got[0][3] == due, got


def test_work_done_last_week_is_still_no_item(org: Org) -> None:
    got = _found(org, "吴婷：盘点差异表上周发过了。\n刘海涛：出库单昨天补上了。\n")
    assert got == [], got


def _srt(*cues: str) -> str:
    return "".join(f"{n}\n00:00:{2 * n:02d},000 --> 00:00:{2 * n + 1:02d},500\n{c}\n\n"
                   for n, c in enumerate(cues, 1))


def test_a_sentence_run_over_two_subtitle_cues_keeps_the_date_of_the_second(org: Org) -> None:
    # the ask's cue names the one asked and the thing, the next cue (no new speaker, the first
    # left unfinished at a comma) says by when
    text = _srt(
        "刘海涛：货架不够了，",
        "赵峰：海涛，货架你跟周总申请一下，",
        "这周内要加十个到位。",
        "吴婷：冷库温度又高了。",
    )
    got = _found(org, text, "call.srt")
    assert (7, ["liuhaitao"], "wh", "2026-07-10") in got, got


def test_a_cue_that_ends_its_sentence_lends_the_next_one_no_date(org: Org) -> None:
    text = _srt(
        "赵峰：海涛，货架你跟周总申请一下。",
        "这周内冷库要停电一天。",
    )
    got = _found(org, text, "call.srt")
    assert [g[3] for g in got if g[0] == 3] == [None], got


@pytest.mark.parametrize(
    "said",
    [
        "赵峰：运费这次是我们自己的问题，算内部的。吴婷这个你不用管了。",
        "赵峰：海涛，退货那批你们就不用跟了，我来处理。",
    ],
)
def test_telling_someone_they_need_not_bother_asks_them_nothing(org: Org, said: str) -> None:
    got = _found(org, said)
    assert not any(owners in (["wuting"], ["liuhaitao"]) for _, owners, _, _ in got), got


def test_work_taken_on_before_a_decision_left_for_later_is_still_taken_on(org: Org) -> None:
    # 「…我先去谈一下，…，等结果出来再定」: the talk is taken on now, only the verdict waits
    text = (
        "[00:00:10] 赵峰：退货赔偿这块怎么弄？\n"
        "[00:00:18] 李芳：赔偿金额这块，我先去跟他们谈一下，看能不能先挂账，等检测结果出来再定。\n"
        "[00:00:30] 赵峰：这个先别认，等报告出来再说。\n"
    )
    got = _found(org, text)
    assert [(line, owners) for line, owners, _, _ in got] == [(2, ["lifang"])], got


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("刘海涛：月底要加班。加班人数吴婷这周内报给人事。", "2026-07-10"),
        ("赵峰：盘点表刘海涛明天发群里。", "2026-07-09"),
    ],
)
def test_the_thing_then_the_one_named_then_by_when_and_the_verb(org: Org, said: str,
                                                                 due: str) -> None:
    # a topic said first, then who and by when: 「加班人数吴婷这周内报给人事」
    got = _found(org, said)
    assert [(owners, d) for _, owners, _, d in got if owners] in (
        [(["wuting"], due)], [(["liuhaitao"], due)]), got


def test_a_recipient_then_a_date_is_not_the_one_who_does_it(org: Org) -> None:
    got = _found(org, "赵峰：报表发给吴婷，明天要用。")
    assert not any(owners == ["wuting"] for _, owners, _, _ in got), got


@pytest.mark.parametrize(
    "said",
    [
        "李芳：呆滞料的清单要你们仓库月底前给我。",
        "赵峰：那你们仓库提个申请单就行，采购那边我打过招呼了。",
        "赵峰：冷库的验收标准，你们质量部出一个，上线之前要有。",
    ],
)
def test_an_ask_put_to_a_team_addressed_as_you_is_that_teams(org: Org, said: str) -> None:
    # 「你们仓库…」: the team spoken to, after the thing wanted; the speaker's 「我打过招呼了」
    # is done, not taken on
    got = _found(org, said)
    assert [(owners, dept) for _, owners, dept, _ in got] in (
        [([], "wh")], [([], "qa")]), got


def test_work_sent_to_a_team_addressed_as_you_is_not_theirs(org: Org) -> None:
    got = _found(org, "赵峰：报表我明天发给你们仓库。")
    assert [(owners, dept) for _, owners, dept, _ in got] == [(["zhaofeng"], "sales")], got


def test_a_call_booked_for_a_day_is_due_no_day_in_english(org: Org) -> None:
    # booking the next call is an item (ANNOTATION), the day of the call is not its due date
    text = (
        "Zhao Feng: Let's stop here for today.\n"
        "Li Fang: I'll set up a call for next Thursday.\n"
        "Li Fang: And I'll send the deck by next Thursday.\n"
    )
    got = _found(org, text)
    assert [(line, due) for line, _, _, due in got] == [(2, None), (3, "2026-07-16")], got


@pytest.mark.parametrize(
    "said",
    [
        "刘海涛：华联那边要求我们十号前交整改报告。",
        "吴婷：主任，人事那边说这周四来我们仓库培训。",
    ],
)
def test_what_another_side_says_or_demands_is_told_not_taken_on(org: Org, said: str) -> None:
    assert _found(org, said) == []


def test_telling_another_side_is_still_work(org: Org) -> None:
    got = _found(org, "李芳：这个我跟采购那边说一下，周五前给你答复。")
    assert [(owners, due) for _, owners, _, due in got] == [(["lifang"], "2026-07-10")], got



def test_the_speakers_own_step_after_what_another_side_wants_takes_its_own_date(org: Org) -> None:
    # 「…客户说…二十号前寄到，我这边先把清单整理出来，周五前发群里」: the date the speaker
    # gives their own step, not the customer's
    got = _found(org, "吴婷：对，然后他们那个采购说样品要在二十号前寄到，"
                      "我这边先把清单整理出来，周五前发群里。")
    assert [(owners, due) for _, owners, _, due in got] == [(["wuting"], "2026-07-10")], got


def test_the_customers_feedback_asked_for_keeps_its_date(org: Org) -> None:
    # 「客户的试用反馈」 is their thing, asked for by a date — not what the customer said
    got = _found(org, "赵峰：好，吴婷，客户的试用反馈你月底前收回来。")
    assert [(owners, due) for _, owners, _, due in got] == [(["wuting"], "2026-07-31")], got
