"""Spoken phenomena an airport ground handler's meetings showed (issue 17, airport pass), each
in a sentence of our own, as any company's meetings have them: a speech recogniser's export
whose speakers are labelled SPEAKER_00, SPEAKER_01 … with a legend of who is who at the top; a
meeting moved to another day (「周会改到周四」); 元旦前 and 圣诞节前 as a time limit; a given name
called after the filler 那个; a topic, then 「你跟X一起」. The org file (`spoken-own`) lists no
aliases.
"""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def test_a_recognisers_speaker_legend_names_the_labelled_speakers(org: Org) -> None:
    text = (
        "task_id=a81 model=asr-zh\n"
        "speakers: SPEAKER_00=赵峰 SPEAKER_01=吴婷\n"
        "\n"
        "[00:00:03.100] SPEAKER_00: 好 开始吧 先说仓库\n"
        "[00:00:09.000] SPEAKER_01: 盘点表我周五前发群里\n"
        "[00:00:14.500] SPEAKER_00: 行\n"
    )
    got = items(org, text, "asr_dump.txt")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-10")], got


def test_a_recognisers_speaker_label_is_no_part_of_the_words(org: Org) -> None:
    text = (
        "[00:00:03.100] SPEAKER_00: 好 开始吧 先说仓库\n"
        "[00:00:09.000] SPEAKER_01: 盘点表我周五前发群里\n"
        "[00:00:14.500] SPEAKER_00: 行\n"
    )
    got = items(org, text, "asr_dump.txt")
    assert len(got) == 1 and "SPEAKER" not in got[0]["task"], got


def test_a_meeting_moved_to_another_day_moves_no_items_date(org: Org) -> None:
    # 「周会改到周四」 reschedules the meeting; the quotation asked for keeps its date, and the
    # one told to let everyone know has an item of his own
    text = (
        "孙敏：赵总，你们的报价单下周一之前改一下。\n"
        "赵峰：行，那就这样。哦对了，下周的周会改到周四，周哥你通知一下大家。\n"
    )
    got = items(org, text)
    assert sorted((i["owners"], i["due"]) for i in got) == [
        (["zhaofeng"], "2026-07-13"),
        (["zhoujianguo"], None),
    ], got


@pytest.mark.parametrize(
    ("said", "due"),
    [("元旦前", "2027-01-01"), ("圣诞节之前", "2026-12-25"), ("圣诞前", "2026-12-25")],
)
def test_a_fixed_holiday_said_in_chinese_is_the_due_date(org: Org, said: str, due: str) -> None:
    got = items(org, f"孙敏：年会的节目单，吴婷你来定，{said}发给大家。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], due)], got


def test_a_holiday_is_the_far_limit_beside_the_date_of_the_work(org: Org) -> None:
    got = items(org, "孙敏：冷库的门帘元旦前要换掉，吴婷你先把申请提了，下周一前。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-13")], got


def test_a_span_round_a_holiday_is_no_due_date(org: Org) -> None:
    got = items(org, "孙敏：元旦前后的排班，吴婷你先排一下，周五前给我。\n")
    assert [(i["owners"], i["due"]) for i in got] == [(["wuting"], "2026-07-10")], got


def test_a_given_name_called_after_the_filler_nage_is_the_one_asked(org: Org) -> None:
    # 「那个海涛，」: 那个 is a filler before calling on 刘海涛 by his given name
    text = (
        "赵峰：上周那批货都发完了。\n"
        "孙敏：好。那个海涛，仓库那几台扫码枪老是断线，你周五前把清单整理一下发给我。\n"
    )
    got = items(org, text)
    assert [(i["owners"], i["due"]) for i in got] == [(["liuhaitao"], "2026-07-10")], got


def test_a_topic_then_you_with_a_partner_together_is_both_of_them(org: Org) -> None:
    # 「吴婷，X，你跟郑磊一起，…」: the thing named between the call and 你跟…一起
    got = items(org, "孙敏：对。吴婷，月底的全量盘点，你跟郑磊一起，周五晚上做。\n")
    assert [(sorted(i["owners"]), i["due"]) for i in got] == [
        (["wuting", "zhenglei"], "2026-07-10")
    ], got
