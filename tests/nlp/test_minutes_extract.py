"""Minutes → action items through the public entry point, on real documents and short cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from dispatch.minutes.evaluate import evaluate
from models.org import Org, load_org
from nlp.minutes import extract, load_pipeline
from nlp.minutes.rules import LineContext

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
MEETING = dt.date(2026, 6, 17)  # a Wednesday, two days before the Dragon Boat holiday


@pytest.fixture(scope="module")
def org() -> Org:
    return load_org(FIXTURES / "org_huayue.yaml")


def items(org: Org | None, text: str, name: str = "m.txt", day: dt.date = MEETING) -> list[dict]:
    return extract(text.encode(), name, org, day).to_contract()["action_items"]


def one(org: Org | None, text: str, name: str = "m.txt") -> dict:
    got = items(org, text, name)
    assert len(got) == 1, got
    return got[0]


# ---------------------------------------------------------------- owners


def test_first_person_is_the_speaker(org: Org) -> None:
    it = one(org, "赵磊：我明天上午把夹具更换计划报给明哥。")
    assert (it["owners"], it["department"], it["due"]) == (["zhaolei"], "prod", "2026-06-18")
    assert it["owner_names"] == ["赵磊"] and it["source"] == {
        "line": 1,
        "text": "赵磊：我明天上午把夹具更换计划报给明哥。",
    }


def test_addressee_owns_the_request_not_the_recipient(org: Org) -> None:
    it = one(org, "高明：陈静，铝材备货你3个工作日内确认一下，结果发给王强。")
    assert it["owners"] == ["chenjing"] and it["due"] == "2026-06-23"  # across the holiday
    it = one(org, "Frank Wang: Amy, please send the duty roster to Grace today.")
    assert it["owners"] == ["liumin"] and it["due"] == "2026-06-17"


def test_assignment_phrases(org: Org) -> None:
    assert one(org, "由研发中心孙浩负责，于6月30日前完成样机测试。")["owners"] == ["sunhao"]
    assert one(org, "请生产部赵磊在两周内完成首件检验培训。")["owners"] == ["zhaolei"]
    it = one(org, "周杰：我请研发部王强下周内帮我们出一版报价。")
    assert it["owners"] == ["wangqiang"] and it["department"] == "rd" and it["due"] == "2026-06-26"
    it = one(org, "- [ ] @Grace and @Amy agree on the holiday shipping plan — Friday", "m.md")
    assert sorted(it["owners"]) == ["chenjing", "liumin"] and it["department"] is None


def test_owner_fields_mentions_and_english_minute_styles(org: Org) -> None:
    md = (
        "## 待办\n- [ ] 完成返利测算（负责人：陈静，截止：6月22日）\n"
        "- [ ] 输出方案初稿 @李华 本周五前\n"
    )
    got = items(org, md, "m.md")
    assert [(i["owners"], i["due"]) for i in got] == [
        (["chenjing"], "2026-06-22"),
        (["lihua"], "2026-06-19"),
    ]
    it = one(org, "ACTION: Grace and Amy to pick the venue by 6/24.")
    assert sorted(it["owners"]) == ["chenjing", "liumin"] and it["due"] == "2026-06-24"
    it = one(org, "[00:01:05] Frank Wang: I'll freeze the build by end of June.")
    assert it["owners"] == ["wangqiang"] and it["due"] == "2026-06-30"
    it = one(org, "### Tony\n- Today: will finish the API review by Thursday.\n", "m.md")
    assert it["owners"] == ["sunhao"] and it["due"] == "2026-06-18"
    assert items(org, "Tony: I'm pairing with Frank on the fixture today.") == []


def test_action_list_assignee_prefix_and_owner_word(org: Org) -> None:
    md = (
        "## Next steps\n1. Leo: rebalance the staffing plan, due Friday.\n"
        "2. Amy and Helen: run the year-end safety training, owner Amy.\n"
    )
    got = items(org, md, "m.md")
    assert [(i["owners"], i["due"]) for i in got] == [
        (["zhaolei"], "2026-06-19"),
        (["liumin"], None),
    ]


def test_a_subtitle_cue_wrapped_over_two_lines_keeps_its_due_date(org: Org) -> None:
    srt = "1\n00:00:01,000 --> 00:00:05,000\n周杰：帆帆，致歉函你来起草，\n后天发我审。\n"
    it = one(org, srt, "m.srt")
    assert (it["source"]["line"], it["owners"], it["due"]) == (3, ["yangfan"], "2026-06-19")


def test_speech_transcripts(org: Org) -> None:
    """Spoken meetings: an unnamed "you" owns nothing we can resolve; talk about the meeting itself
    ("I'll just draw it", "I'll go first") is not an action item."""
    it = one(org, "Frank Wang: So you two are going to work on the prototype drawings.")
    assert it["owners"] == [] and it["department"] is None
    for line in (
        "Frank Wang: I'll just draw it here.",
        "Tony: I'll go first, yeah.",
        "Tony: I will need it.",
        "Tony: at the end of the day it works.",
    ):
        assert items(org, line) == [], line


def test_check_boxes_titles_and_acknowledgements(org: Org) -> None:
    md = (
        "### TODO\n☐ 孙浩：完成固件功耗优化（6/26）\n☐ 黄燕 跟进样品可靠性测试，明天给结论\n"
        "☑ 王强：确认模具供应商\n"
    )
    got = items(org, md, "m.md")
    assert [(i["owners"], i["due"]) for i in got] == [
        (["sunhao"], "2026-06-26"),
        (["huangyan"], "2026-06-18"),
    ]
    it = one(org, "三、供应链部陈静同志负责协调物流，确保假期原材料按时到货。")
    assert it["owners"] == ["chenjing"] and it["due"] is None
    it = one(org, "四、销售部周杰负责与客户沟通发货安排，6月30日前反馈结果。")
    assert it["due"] == "2026-06-30"  # 反馈 here is part of the task, not a report
    assert one(org, "高明：李华，提测以后质量这边安排两个人跟进一下。")["owners"] == ["lihua"]
    assert items(org, "李华：没问题，我来安排。") == []


def test_owner_and_due_sub_bullets_fold_into_their_task(org: Org) -> None:
    md = (
        "## Action items\n- Draft the discount policy\n  - Owner: Grace\n  - Due: 6/26\n"
        "- Collect churn reasons from the cancelled accounts\n  - Owner: Amy\n"
        "- ~~Rebuild the price calculator~~ (dropped)\n"
    )
    got = items(org, md, "m.md")
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (2, ["chenjing"], "2026-06-26"),
        (5, ["liumin"], None),
    ]


def test_requests_phrased_as_questions(org: Org) -> None:
    assert one(org, "Frank Wang: Grace, could you confirm the renewal date?")["owners"] == [
        "chenjing"
    ]
    assert items(org, "Frank Wang: Grace, could you tell me when the renewal is?") == []


def test_plans_chat_bullets_and_future_participles(org: Org) -> None:
    md = "### 二、本周工作计划\n1. 高明：完成三号线产能爬坡方案（本周五）\n"
    assert [(i["owners"], i["due"]) for i in items(org, md, "m.md")] == [
        (["gaoming"], "2026-06-19")
    ]
    it = one(org, "👉 @陈静 @刘敏 下周一前把合格供应商名单对一下，发群里")
    assert sorted(it["owners"]) == ["chenjing", "liumin"] and it["due"] == "2026-06-22"
    it = one(org, "Helen Li: Quality holds it. I can get the build signed by Monday.")
    assert it["owners"] == ["lihua"] and it["due"] == "2026-06-22"
    assert items(org, "Helen Li: We signed the supplier contract on Monday.") == []


def test_formal_zh_minutes_and_bracket_speakers(org: Org) -> None:
    it = one(org, "（一）开展夏季高温隐患排查。责任单位：生产制造部；完成时限：6月24日前。")
    assert (it["owners"], it["department"], it["due"]) == ([], "prod", "2026-06-24")
    assert it["task"].startswith("开展夏季高温隐患排查")
    assert items(org, "高明主持会议，生产制造部、质量管理部负责人参加。") == []
    it = one(org, "【赵磊】可以，我周五前把这2000件全部下线。")
    assert it["owners"] == ["zhaolei"] and it["due"] == "2026-06-19"


def test_pinyin_names_in_english_e_mails(org: Org) -> None:
    mail = (
        "From: Li Hua <lihua@example.com>\nSubject: Follow-ups\n\nActions\n"
        "1. Zhao Lei - retrain the line 2 operators by Jun 26.\n"
        "2. I will update the control plan by next Wednesday.\n\nOpen\n"
        "- Whether to add a second CMM is still under discussion.\n"
    )
    got = items(org, mail)
    assert [(i["owners"], i["due"]) for i in got] == [
        (["zhaolei"], "2026-06-26"),
        (["lihua"], "2026-06-24"),
    ]


def test_we_means_the_speakers_department(org: Org) -> None:
    it = one(org, "李华：来料检验标准我们在节后第一个工作日前更新完。")
    assert it["owners"] == [] and it["department"] == "qa" and it["due"] == "2026-06-22"


def test_department_and_group_tasks(org: Org) -> None:
    it = one(org, "供应链部须在月底前完成供应商年度评审。")
    assert (it["owners"], it["department"], it["due"]) == ([], "scm", "2026-06-30")
    it = one(org, "Sales has to confirm the July forecast by next Monday.")
    assert (it["owners"], it["department"], it["due"]) == ([], "sales", "2026-06-22")
    it = one(org, "全体参会人员今天下班前更新各自的值班电话。")
    assert (it["owners"], it["department"]) == ([], None)


def test_two_owners_in_one_line_are_two_items(org: Org) -> None:
    got = items(org, "包材由赵磊于6月20日前完成用量测算，陈静据此于6月25日前完成采购下单。")
    assert [(i["owners"], i["due"]) for i in got] == [
        (["zhaolei"], "2026-06-20"),
        (["chenjing"], "2026-06-25"),
    ]


def test_a_name_that_is_also_a_word_is_not_a_person_as_a_word(org: Org) -> None:
    assert items(org, "王强：这个换模方案很高明，明天我们推广到三号线。")[0]["owners"] == []
    assert one(org, "高明，你明天把排产表发给我。")["owners"] == ["gaoming"]


def test_priority(org: Org) -> None:
    assert one(org, "高明：王强你尽快把图纸改好，这个很紧急。")["priority"] == "high"
    assert one(org, "高明：王强你明天把图纸改好。")["priority"] == "normal"
    it = one(org, "## Action items\n- @Frank fix the build — ASAP\n", "m.md")
    assert it["priority"] == "high" and it["due"] is None


# ---------------------------------------------------------------- exclusions


@pytest.mark.parametrize(
    "line",
    [
        "赵磊：二号线的夹具上周已经换好了。",  # done
        "Grace: We already finished the incoming inspection for batch 12.",
        "王强：新夹具的图纸要不要重新出一版？",  # question
        "Frank Wang: Who can own the fixture budget?",
        "高明：如果订单继续增加，可以考虑开夜班，先不定。",  # hypothetical
        "Helen Li: Maybe next year we move all testing in-house.",
        "高明：夜班这个方案先不做了，等明年预算再说。",  # cancelled / postponed
        "Frank Wang: The roadshow is parked, not for now.",
        "会议决定：下半年起所有新供应商必须通过二方审核。",  # decision
        "下次会议时间：6月24日（星期三）下午。",  # logistics
        "Next review: Wed 24 Jun, 10:00, Room 3.",
        "李华反馈截至今天客诉约120件。",  # report, date is not a due date
        "高明：好，今天就到这，下次例会还是周三。",
    ],
)
def test_not_action_items(org: Org, line: str) -> None:
    assert items(org, line) == []


def test_agenda_and_decision_sections_hold_no_items(org: Org) -> None:
    md = (
        "# 周会\n\n## 一、会议议程\n1. 赵磊汇报产能（生产部）\n\n"
        "## 二、决议\n1. 三号线下周一起两班倒。\n"
    )
    assert items(org, md, "m.md") == []


def test_table_rows_marked_done_are_not_open_items(org: Org) -> None:
    md = (
        "| Action | Owner | Due date | Status |\n|---|---|---|---|\n"
        "| Automate the welcome mail | Grace | June 22 | Open |\n"
        "| Publish the checklist | Amy | June 8 | Done |\n"
    )
    got = items(org, md, "m.md")
    assert [(i["owners"], i["due"]) for i in got] == [(["chenjing"], "2026-06-22")]


def test_discussion_repeat_of_an_action_row_counts_once(org: Org) -> None:
    md = (
        "# 周会\n\n## 讨论\n- 图纸由王强补交（见行动项1）。\n\n"
        "## 行动项\n\n| 事项 | 负责人 | 完成时间 |\n"
        "|---|---|---|\n| 补交新夹具图纸 | 王强 | 下周五 |\n"
    )
    got = items(org, md, "m.md")
    assert [(i["source"]["line"], i["owners"], i["due"]) for i in got] == [
        (10, ["wangqiang"], "2026-06-26")
    ]


def test_a_whole_transcript_on_one_line_is_cut_into_sentences(org: Org) -> None:
    line = "赵磊：" + "陈静，你明天把报价发给我，" * 400
    got = items(org, line)
    assert len(got) >= 10 and all(i["owners"] == ["chenjing"] for i in got)
    assert max(len(i["task"]) for i in got) <= 900  # cut into bounded pieces
    assert all(i["due"] == "2026-06-18" and i["source"]["line"] == 1 for i in got)


def test_no_action_items_is_an_empty_list_not_an_error(org: Org) -> None:
    assert items(org, "张三：大家好。\n李四：好的。\n") == []


# ---------------------------------------------------------------- without an org, meeting date


def test_without_an_org_names_are_kept_but_owners_are_empty() -> None:
    it = one(None, "张伟：我明天把报价发给大家。")
    assert it["owners"] == [] and it["owner_names"] == ["张伟"] and it["due"] == "2026-06-18"
    got = items(
        None,
        "王芳：李雷，你周五前把预算表发我。\n会议明确由市场部韩梅梅牵头，于6月30日前完成方案。\n",
    )
    assert [(i["owners"], i["owner_names"], i["due"]) for i in got] == [
        ([], ["李雷"], "2026-06-19"),
        ([], ["韩梅梅"], "2026-06-30"),
    ]
    it = one(None, "## Action items\n- Bob Lee - send the deck by Friday\n", "m.md")
    assert (it["owners"], it["owner_names"], it["due"]) == ([], ["Bob Lee"], "2026-06-19")


def test_meeting_date_comes_from_the_document_unless_given(org: Org) -> None:
    text = "周会\n时间：2026年11月20日\n\n高明：我明天发计划。\n"
    res = extract(text.encode(), "m.txt", org)
    assert res.meeting.date == dt.date(2026, 11, 20)
    assert res.action_items[0].due == dt.date(2026, 11, 21)
    assert extract(text.encode(), "m.txt", org, dt.date(2026, 6, 17)).action_items[
        0
    ].due == dt.date(2026, 6, 18)


# ---------------------------------------------------------------- the spaCy pipeline


def test_pipeline_components_are_registered_and_cached(org: Org) -> None:
    pipe = load_pipeline(org)
    assert pipe is load_pipeline(org)
    for name in ("minutes_org_entities", "minutes_dates", "minutes_action_items"):
        assert Language.has_factory(name)
        assert name in pipe.zh.pipe_names and name in pipe.en.pipe_names
    assert pipe.zh.config["nlp"]["tokenizer"]["segmenter"] == "jieba"
    doc = pipe.zh.make_doc("陈静，你明天把报价发给高明。这个方案很高明。")
    doc._.line_ctx = LineContext(meeting=MEETING)
    for _, proc in pipe.zh.pipeline:
        doc = proc(doc)
    # 高明 after 给 is the person, not the adjective
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("陈静", "PERSON", "chenjing"),
        ("高明", "PERSON", "gaoming"),
    ]
    assert [s.text for s in doc.spans["dates"]] == ["明天"]
    assert doc._.action_items[0].owners == ["chenjing"]


# ---------------------------------------------------------------- regression on real sets


def test_dev_set_floors(shared_dir: Path) -> None:
    t = evaluate(shared_dir / "data" / "minutes-dev").totals()
    assert t["errors"] == 0
    assert t["f1"] >= 0.95, t
    assert min(t["owners"], t["department"], t["due"]) >= 0.95, t


@pytest.mark.parametrize(
    "folder",
    [f"heldout{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)],
)
def test_held_out_org_floors(folder: str) -> None:
    """Minutes of two other organisations, written apart from minutes-dev, with their own gold."""
    t = evaluate(FIXTURES / folder).totals()
    assert t["errors"] == 0 and t["f1"] >= 0.9, t
    assert min(t["owners"], t["department"], t["due"]) >= 0.9, t
