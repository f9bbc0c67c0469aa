"""Owners of spoken items an unseen company's meetings get wrong (issue 17, apparel pass).

Each test is a sentence of our own for a way any speaker in any company hands out work:
「我让他…」 with the day before the verb, an ask taken back with 算了, 「…给我一个方案，我来定」
(the asker decides, the one asked does the work), 「要，你去找…」 answering a question, an ask of
the listener followed by the speaker's own dated step in one turn. The org file
(`spoken-own`) lists no aliases, so nicknames and given names are inferred.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spoken_own import MEETING, items, own_org

from models.org import Org, load_org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()



def test_let_him_with_the_day_before_the_verb_is_the_one_just_named(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：采购单的事，那海涛，周五之前能定吗？\n"
        "刘海涛(00:00:20)：核是能核，但是得建国那边重新核。建国今天没来，我让他明天上午把采购单核一遍发群里。\n",
    )
    owners = {i["source"]["line"]: (i["owners"], i["due"]) for i in got}
    assert owners.get(2) == (["zhoujianguo"], "2026-07-09"), got


def test_an_ask_taken_back_with_suanle_is_the_speakers(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：运费今年又涨了。\n"
        "吴婷(00:00:20)：要不换一家物流？\n"
        "赵峰(00:00:30)：可以。吴婷你去问一下……算了，运费这个我自己去找周建国谈吧。\n",
    )
    assert [i["owners"] for i in got] == [["zhaofeng"]], got


def test_i_decide_after_an_ask_leaves_it_to_the_one_asked(org: Org) -> None:
    got = items(
        org,
        "刘海涛(00:00:10)：赵总，年会场地还没定。\n"
        "赵峰(00:00:20)：海涛你先跟两家酒店都谈一下，周四前给我一个方案，我来定。\n"
        "刘海涛(00:00:30)：好的。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["liuhaitao"], "2026-07-09")], got


def test_you_after_a_yes_is_the_one_who_asked(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：下季度的物流商评估，我们部门要出一个评分表，月底前吧。\n"
        "吴婷(00:00:20)：赵总，那个评分表要不要参考质量部的抽检数据？\n"
        "赵峰(00:00:30)：要，你去找孙敏要一下数据。\n",
    )
    owners = {i["source"]["line"]: i["owners"] for i in got}
    assert owners.get(3) == ["wuting"], got


def test_an_ask_of_you_then_my_own_dated_step_are_two_items(org: Org) -> None:
    got = items(
        org,
        "陈杰(00:00:10)：服务器可能要加一台，得财务批。\n"
        "李芳(00:00:20)：服务器的钱先走申请吧，你把申请单提上来，我这边两天内给你批。\n",
    )
    assert sorted((tuple(i["owners"]), i["due"]) for i in got) == [
        (("chenjie",), None),
        (("lifang",), "2026-07-10"),
    ], got


def test_together_with_someone_after_a_topic_and_a_condition_is_two_owners(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：海涛，运费涨价的事，你先别答应，等质量部的数出来以后，跟周总一起回复物流公司。\n"
        "刘海涛(00:00:20)：好的赵总。\n",
    )
    assert [sorted(i["owners"]) for i in got] == [["liuhaitao", "zhoujianguo"]], got


def test_a_topic_said_before_two_asks_stays_with_the_second(org: Org) -> None:
    got = items(
        org,
        "陈杰(00:00:10)：服务器可能要加一台，得财务批。\n"
        "李芳(00:00:20)：服务器的钱先走申请吧，你把申请单提上来，我这边两天内给你批。\n",
    )
    mine = [i for i in got if i["owners"] == ["lifang"]]
    assert mine and "服务器" in mine[0]["task"], got


def test_a_check_whether_two_things_match_is_no_question(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：出库单的事说一下。\n"
        "赵峰(00:00:20)：孙敏你们质量部下周四抽查一次，看看系统里的跟实物的对不对得上。\n",
    )
    assert [(i["owners"], i["due"]) for i in got] == [(["sunmin"], "2026-07-16")], got


def test_a_department_due_this_month_end_said_with_zhege(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：还有冷库的温度计证书到期了，质量部这个月底之前要重新送检。\n"
        "孙敏(00:00:20)：好的。\n",
    )
    assert [(i["department"], i["due"]) for i in got] == [("qa", "2026-07-31")], got


def test_a_bare_weekday_after_next_week_is_next_weeks_day() -> None:
    from nlp.dates import WorkCalendar, find_dates

    got = find_dates("好的，我下周找个时间，嗯……周四吧。", MEETING, WorkCalendar("cn"))
    assert [(d.text, d.date) for d in got] == [
        ("下周", dt.date(2026, 7, 17)),
        ("周四", dt.date(2026, 7, 16)),
    ], got


def test_a_listed_alias_misheard_wins_over_a_made_up_nickname(tmp_path: Path) -> None:
    """「萍姐」 is 黄小萍's alias in the org file; speech recognition writes it 「平姐」, which is
    also the nickname the lexicon makes for 许建平 (given name's last character + 姐)."""
    (tmp_path / "org.yaml").write_text(
        "name: 测试服装厂\ntimezone: Asia/Shanghai\ncalendar: cn\n"
        "departments:\n"
        "  - {id: prod, name: 生产部, head: huangxiaoping}\n"
        "  - {id: pur, name: 采购部, head: xujianping}\n"
        "staff:\n"
        "  - {id: huangxiaoping, name: 黄小萍, aliases: [萍姐], department: prod}\n"
        "  - {id: xujianping, name: 许建平, department: pur}\n",
        encoding="utf-8",
    )
    org = load_org(tmp_path / "org.yaml")
    text = (
        "[00:00:03] 好我们开始 今天说一下年前的排班\n"
        "[00:00:09] 平姐你们车间下周一之前把加班名单报一下\n"
        "[00:00:15] 好嘞\n"
    )
    got = items(org, text, "asr.txt")
    assert [i["owners"] for i in got] == [["huangxiaoping"]], got
