"""Kinds of miss read on a city gas utility's transcripts (spoken-gas, eighth session),
each written again in our own sentences on the spoken-own org, failing before its mend."""

from __future__ import annotations

from pathlib import Path

import pytest
from spoken_own import MEETING, items, own_org

from models.org import Org, load_org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()



def fields(it: dict) -> tuple:
    return it["owners"], it["department"], it["due"]


def test_after_the_meeting_is_no_due_date(org: Org) -> None:
    """会后 (after the meeting) says when the speaker starts, not a deadline: a follow-up
    said with it has no due date; a day said beside it still is one."""
    got = items(
        org,
        "赵峰：叉车电瓶还没到货。\n"
        "刘海涛：这个我会后问一下周总，催一催。\n"
        "李芳：对账单我会后整理，今天下班前发你。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", None),
        (["lifang"], "fin", "2026-07-08"),
    ], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我会后问一下周总到货的事", None),  # 一下 + 周总, not 下周
        ("你去催一下周边几家供应商", None),
        ("看一下周报，下周二前回我", "2026-07-14"),
        ("周一下周二都行，下周二前给我", "2026-07-14"),
        ("下周五前给我", "2026-07-17"),
    ],
    ids=["ask-mr-zhou", "nearby", "weekly-report", "monday-next-tuesday", "next-friday"],
)
def test_yi_xia_before_a_week_word_is_no_next_week(text: str, want: str | None) -> None:
    """「问一下周总」: 一下 (a little) then 周总 (Mr Zhou) holds no 下周 (next week)."""
    from models.calendar import WorkCalendar
    from nlp.dates import resolve_due

    d = resolve_due(text, MEETING, WorkCalendar("cn"))
    assert (d.isoformat() if d else None) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "赵峰：那这样，库位盘点，仓储部牵头，月底前把一号库和二号库先查完。\n"
            "刘海涛：月底……月底有点紧，我们仓库就那么几个人，旺季还要发货。\n"
            "赵峰：那就下个月十号吧，不能再晚了。\n",
            ([], "wh", "2026-08-10"),
        ),
        (  # the asker is a voice the export left unnamed
            "发言人3：还有质量月的方案，质量部十五号前出一个初稿。\n"
            "孙敏：十五号有点赶，下周还要迎审，二十号行不行？\n"
            "发言人3：行，二十号。\n",
            ([], "qa", "2026-07-20"),
        ),
        (
            "赵峰：接口那两个漏洞，阿杰你这周五前修掉。\n"
            "陈杰：要跟仓库协调停机，周五……周五可能不行，下周三吧。\n"
            "赵峰：行，下周三。\n",
            (["chenjie"], "it", "2026-07-15"),
        ),
    ],
    ids=["too-tight-then-a-later-day", "unnamed-asker-accepts-the-offer", "may-not-do"],
)
def test_the_asker_settles_a_date_pushed_back_on(org: Org, text: str, want: tuple) -> None:
    """The one asked pushes back on the date (有点紧, 有点赶, 可能不行), and the asker names
    the date that stands (「那就下个月十号吧」, 「行，二十号」): the item is due then, and
    the settling turn is no item of its own."""
    got = items(org, text)
    assert [fields(i) for i in got] == [want], got


def test_a_display_name_with_the_department_after_a_dash_is_the_speaker(org: Org) -> None:
    """Tencent Meeting shows 「姓名-部门」 when people set it so: 「刘海涛-仓储部  00:00:03」
    alone on a line opens 刘海涛's turn (it was read as words of the speaker before)."""
    got = items(
        org,
        "赵峰  00:00:01\n好，开始吧。\n\n"
        "刘海涛-仓储部  00:00:03\n退货区的标签，这个我周五前换好。\n\n"
        "李芳-财务部  00:00:30\n海涛，盘点差异表你下周一前给我。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", "2026-07-10"),
        (["liuhaitao"], "wh", "2026-07-13"),
    ], got
    assert got[1]["source"]["line"] == 8


def test_an_ask_to_get_someone_else_to_do_it_is_theirs(org: Org) -> None:
    """「海涛你会后联系一下李芳，让她下周内出一个退货说明的模板」: 海涛 only carries the ask; the
    template is 李芳's (as 「你跟李芳说…」 already was)."""
    got = items(
        org,
        "赵峰：退货单据要有个书面说明。\n"
        "赵峰：海涛你会后联系一下李芳，让她下周内出一个退货说明的模板。\n",
    )
    assert [fields(i) for i in got] == [(["lifang"], "fin", "2026-07-17")], got


def test_you_after_a_when_clause_is_the_listener(org: Org) -> None:
    """「厂家来的时候你全程跟着，…」: 你 after a when-clause (的时候, 以后) is the one
    spoken to, as at the start of a clause."""
    got = items(
        org,
        "刘海涛：我已经联系厂家了，他们说下周二过来。\n"
        "赵峰：厂家来的时候你全程跟着，测试报告下周五之前给我。\n",
    )
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", "2026-07-17")], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "赵峰：李芳那边汇总，明天中午之前全公司的报表发出来。\n",
            (["lifang"], "fin", "2026-07-09"),
        ),
        (
            "赵峰：新系统上线前仓库的人要全部培训一遍，"
            "李芳那边协调一下时间，下周五前定下来。\n",
            (["lifang"], "fin", "2026-07-17"),
        ),
        ("赵峰：吴婷统计一下退货数量，明天之前发我。\n", (["wuting"], "wh", "2026-07-09")),
    ],
    ids=["name-that-side-collects", "name-that-side-arranges", "name-counts-a-little"],
)
def test_a_name_then_that_side_or_a_verb_with_yixia_is_the_doer(
    org: Org, text: str, want: tuple
) -> None:
    """「李芳那边汇总」, 「吴婷统计一下…」: a person, then 那边 or a task verb with 一下, is
    asked to do it (the rules wanted 负责/来/把/a date right after the name)."""
    got = items(org, text)
    assert [fields(i) for i in got] == [want], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "吴婷：仓库的租赁合同七月份到期，续签要法务审。\n"
            "赵峰：续签你们仓储部牵头，这个月二十五号前把合同稿送法务。\n",
            ([], "wh", "2026-07-25"),
        ),
        ("赵峰：那这样，库位盘点仓储部牵头，月底前查完。\n", ([], "wh", "2026-07-31")),
        (  # a head named first keeps it (their team's work, theirs to answer for)
            "赵峰：库位盘点，海涛你们仓储部牵头，月底前查完。\n",
            (["liuhaitao"], "wh", "2026-07-31"),
        ),
    ],
    ids=["topic-your-team-leads", "topic-team-leads", "named-head-your-team-leads"],
)
def test_a_team_that_leads_after_a_topic_owns_it(org: Org, text: str, want: tuple) -> None:
    """「续签你们仓储部牵头」, 「库位盘点仓储部牵头」: the topic first, then the team that
    leads it — the team's item, not the listener's (nor no item)."""
    got = items(org, text)
    assert [fields(i) for i in got] == [want], got


def test_i_would_say_before_a_date_is_no_commitment_of_the_speaker(tmp_path: Path) -> None:
    """"Then our purchasing team will prepare the tender, I'd say by July twentieth": the
    team's work; "I'd say" only hedges the date (it made the speaker the owner)."""
    path = tmp_path / "org.yaml"
    path.write_text(
        "name: Own Foods\ntimezone: Asia/Shanghai\ncalendar: cn\ndepartments:\n"
        "  - {id: pur, name: 采购部, aliases: [Purchasing], head: zhoujianguo}\n"
        "  - {id: it, name: 信息部, head: chenjie}\n"
        "staff:\n"
        "  - {id: zhoujianguo, name: 周建国, department: pur}\n"
        "  - {id: chenjie, name: 陈杰, department: it}\n",
        encoding="utf-8",
    )
    got = items(
        load_org(path),
        "Zhou Jianguo: Then our purchasing team will prepare the tender documents for the"
        " second batch, I'd say by July twentieth.\n",
    )
    assert [(i["owners"], i["department"], i["due"]) for i in got] == [
        ([], "pur", "2026-07-20")
    ], got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我们今天下午和明天上午把三个库全部走一遍", "2026-07-09"),
        ("周四和周五两天把盘点做完", "2026-07-10"),
        ("今天把表发你，明天开会", "2026-07-08"),  # two clauses: not one span
    ],
    ids=["today-and-tomorrow", "thursday-and-friday", "two-clauses"],
)
def test_work_over_two_days_joined_by_and_is_due_the_later(text: str, want: str) -> None:
    """「今天下午和明天上午把三个库走一遍」: the work spans both days, so it is done by the
    later one."""
    from models.calendar import WorkCalendar
    from nlp.dates import resolve_due

    d = resolve_due(text, MEETING, WorkCalendar("cn"))
    assert (d.isoformat() if d else None) == want


def test_i_add_one_point_is_a_lead_in_not_the_owner(org: Org) -> None:
    """「我再补充一点，…各门店三个工作日内把…交到质量部」: the speaker takes the floor; the
    stores do the work, not the speaker."""
    got = items(
        org,
        "孙敏：我再补充一点，节后复工前要做一次卫生检查，各门店三个工作日内把检查记录交到质量部。\n",
    )
    assert len(got) == 1 and got[0]["owners"] == [], got
    assert got[0]["due"] == "2026-07-13", got


def test_a_nameless_this_i_will_do_by_friday_dates_the_undated_ask_before_it(org: Org) -> None:
    """A dump with no speakers: 「…吴婷你整理一份供应商电话的清单 放到共享盘里」 then 「这个
    我周五之前弄好」 — her answer giving the ask its date, not an item of nobody's."""
    got = items(
        org,
        "好那我们开始吧 先说一下售后的事\n"
        "这周仓库接了好多售后的电话 都是问怎么找厂家的\n"
        "那仓库就要有个对接 吴婷你整理一份供应商售后电话的清单 放到共享盘里\n"
        "这个我周五之前弄好\n"
        "好 那就这样\n",
        name="memo.txt",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (3, ["wuting"], "wh", "2026-07-10")
    ], got


def test_asked_to_give_the_figures_now_is_meeting_talk(org: Org) -> None:
    """「…吴婷你说一下数据」: asked to speak in the meeting, not a task (「你先说一下」 was)."""
    got = items(
        org,
        "好那我们开始吧 嗯 这周退货又多了 吴婷你说一下数据\n"
        "好的 上周一共退了三百多单 比前一周涨了两成\n"
        "那这样 海涛你统计一下退货的原因 下周三前给我\n",
        name="memo.txt",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (3, ["liuhaitao"], "wh", "2026-07-15")
    ], got


def test_an_ask_the_speaker_takes_back_at_once_is_no_item(org: Org) -> None:
    """「海涛，你们仓库那边退货的能不能分流一部分，哦不对，退货不是仓库的」: taken back as
    soon as said; 「黄丽……不对，吴婷，你把…」 (another name instead) still asks."""
    got = items(
        org,
        "赵峰：海涛，你们仓库那边退货的电话能不能分流一部分，哦不对，退货不是仓库管的。\n"
        "赵峰：李芳……不对，吴婷，你把退货的清单周五前发我。\n",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (2, ["wuting"], "wh", "2026-07-10")
    ], got


def test_an_ask_to_a_guest_answered_by_the_guest_is_one_item(org: Org) -> None:
    """"Maria, could you send us two samples for the lab test?" → Maria (not in the org
    file): "Yes, I can ship two samples by next Monday." — one commitment, the guest's, on the
    ask's line as every ask answered in a later turn (dialogue.partner_replies)."""
    got = items(
        org,
        "Chen Jie: Mostly ready. Maria, could you send us two samples for the lab test?\n"
        "Maria Rossi: Yes, I can ship two samples from our warehouse by next Monday.\n"
        "Chen Jie: Great, thanks.\n",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (1, [], None, "2026-07-13")
    ], got


def test_the_asker_answering_a_question_about_the_ask_dates_it(org: Org) -> None:
    """「海涛你把退货的时间线整理一下」 → 「时间线要到小时是吧？」 → 「对，到小时，还有签收的
    节点，周五前给我」: the asker's answer gives the ask its date."""
    got = items(
        org,
        "赵峰：还有复盘，海涛你把退货从签收到入库的时间线整理一下。\n"
        "刘海涛：时间线要到小时是吧？\n"
        "赵峰：对，到小时，还有签收的节点，周五前给我。\n",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (1, ["liuhaitao"], "wh", "2026-07-10")
    ], got


def test_an_answer_naming_the_asks_thing_with_a_date_dates_it(org: Org) -> None:
    """「吴婷你把清单明天给海涛；海涛你们安排人上门核对库存。」 → 海涛: 「上门核对的话，三百多
    个点，要两周吧，二十二号之前弄完。」: no 好/行, but it names the ask's thing and a date."""
    got = items(
        org,
        "赵峰：吴婷你把这三百个库位的清单明天给海涛；海涛你们安排人上门核对库存。\n"
        "刘海涛：上门核对的话，三百多个点，要两周吧，二十二号之前弄完。\n",
    )
    assert [fields(i) for i in got] == [
        (["wuting"], "wh", "2026-07-09"),
        (["liuhaitao"], "wh", "2026-07-22"),
    ], got


def test_a_named_ask_then_a_team_told_in_the_same_sentence_are_two_items(org: Org) -> None:
    """「好，海涛你出文案，质量部那边通过短信和公众号发出去」: two asks, two owners, even with no
    date in the second (a date was needed to cut it before)."""
    got = items(org, "赵峰：好，海涛你出文案，质量部那边通过短信和公众号发出去。\n")
    assert [fields(i) for i in got] == [(["liuhaitao"], "wh", None), ([], "qa", None)], got
    # and the team's member answering with when it can go out dates the team's ask
    got = items(
        org,
        "赵峰：好，海涛你出文案，质量部那边通过短信和公众号发出去。\n"
        "孙敏：短信的话要走审批，最快下周二能发出去。\n",
    )
    assert [fields(i) for i in got] == [
        (["liuhaitao"], "wh", None), ([], "qa", "2026-07-14")
    ], got


def test_a_team_named_then_its_member_said_to_do_it_is_one_item(org: Org) -> None:
    """「函让质量部出，孙敏那边下周五前把告知函发给供应商」: the team first, then which of its
    people does it, in one breath — one item, the member's."""
    got = items(org, "赵峰：行。函让质量部出，孙敏那边下周五前把告知函发给供应商。\n")
    assert [fields(i) for i in got] == [(["sunmin"], "qa", "2026-07-17")], got


def test_sending_it_after_the_meeting_is_a_promise_with_no_date(org: Org) -> None:
    """「我可以推荐两家，会后发给你」: an offer taken on in the meeting, with no due date."""
    got = items(
        org,
        "刘海涛：我们仓库上次那家检测机构资质过期了，要重新找。\n"
        "孙敏：我可以推荐两家，会后发给你。\n",
    )
    assert [(i["source"]["line"], *fields(i)) for i in got] == [(2, ["sunmin"], "qa", None)], got


def test_a_date_brought_forward_a_dozen_turns_later_moves_the_ask(org: Org) -> None:
    """「吴婷你把退货清单月底前交给我」 … twelve turns … 「哦对了吴婷，清单提前一下，十号给
    我」: 提前一下 moves the date (it wanted 提前到 / 提前两天); the reach counts turns of
    speech, not the header and blank lines of a Feishu export between them."""
    turn = "孙敏 00:01:{:02d}\n这个我们再看一下数据，第{}批还在核。\n\n"
    text = (
        "赵峰 00:00:10\n吴婷你把退货清单月底前交给我。\n\n"
        + "".join(turn.format(k, k) for k in range(12))
        + "赵峰 00:03:00\n哦对了吴婷，清单提前一下，十号给我，十一号我要跟周总汇报。\n\n"
        "吴婷 00:03:10\n十号，好的。\n"
    )
    got = items(org, text)
    assert [(i["source"]["line"], *fields(i)) for i in got] == [
        (2, ["wuting"], "wh", "2026-07-10")
    ], got


def test_work_said_then_passed_on_to_the_one_named_is_theirs(org: Org) -> None:
    """「十号之前盘完，分三批。吴婷那边我会后跟她说。」: the work is said, then who will be told
    to do it — 吴婷's; 「…我会后跟她说」 alone (no work in the turn) changes nothing."""
    got = items(org, "赵峰：十号之前盘完，分三批。吴婷那边我会后跟她说。\n")
    assert [fields(i) for i in got] == [(["wuting"], "wh", "2026-07-10")], got
