"""Splitting a request into parts, one per department it asks (CONTRACTS.md §2.2 ``parts``),
on the routing-dev org with a model trained on its history. The requests are written for
these tests; collab-dev is scored as a whole at the end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dispatch.requests.files import read_history
from models.org import load_org
from nlp.routing import RoutingInputError, RoutingModel, split_parts, train
from nlp.routing.parts import split_parts_many


@pytest.fixture(scope="module")
def org(shared_dir: Path):
    return load_org(shared_dir / "data" / "routing-dev" / "org.yaml")


@pytest.fixture(scope="module")
def model(routing_dev_trained: RoutingModel) -> RoutingModel:
    return routing_dev_trained


def _depts(parts) -> list[str]:
    return [p.department for p in parts]


def test_named_departments_each_get_their_own_words_lead_first(org, model) -> None:
    text = "新病区月底启用：信息中心布好网络和电脑，后勤保障部做开荒保洁，保卫科装好门禁。"
    parts = split_parts(text, org, model)
    assert _depts(parts) == ["it", "logistics", "security"]
    assert [p.role for p in parts] == ["lead", "support", "support"]
    assert parts[1].text == "后勤保障部做开荒保洁"
    for p in parts:
        assert text[p.start:p.end] == p.text and 0 < p.score <= 1


def test_the_department_that_says_it_leads_is_the_lead(org, model) -> None:
    parts = split_parts("护理部配合准备护理资料，医务部牵头组织病历质控检查。", org, model)
    assert set(_depts(parts)) == {"nursing", "medaff"}
    assert parts[0].department == "medaff" and parts[0].role == "lead"


def test_referrer_and_own_department_are_not_parts(org, model) -> None:
    parts = split_parts("财务部让我找你们：科室的打印机一直卡纸，麻烦来看看。", org, model)
    assert "finance" not in _depts(parts) and len(parts) == 1
    parts = split_parts("我是护理部的，办公室的空调不制冷了。", org, model)
    assert _depts(parts) == ["logistics"]


@pytest.mark.parametrize("text", [
    "护理部发起全院压疮防控月：信息中心在系统里加一张评估表单，后勤保障部采购一批减压床垫。",
    "Nursing is launching a pressure-injury month: IT adds an assessment form to the system "
    "and logistics buys pressure-relief mattresses.",
])
def test_the_department_that_starts_the_work_is_not_a_part(org, model, text: str) -> None:
    """「护理部发起…」 says who starts the collaboration — the requester's side — not work
    asked of it; its head would otherwise have to accept its own initiative."""
    assert set(_depts(split_parts(text, org, model))) == {"it", "logistics"}


@pytest.mark.parametrize(
    "text",
    [
        # the sender's news first, the referral to the reader later in the same sentence
        "财务部那边账都对完了，说剩下的事让我找你们：科室的打印机一直卡纸，麻烦来看看。",
        "Finance has checked the numbers and told me to ask you: the ward printer keeps jamming.",
    ],
)
def test_a_department_that_referred_the_requester_later_in_the_sentence_is_not_a_part(
    org, model, text: str
) -> None:
    # Routing (coldstart.not_asked) knew this referral; splitting asked the same question
    # with its own copy of the patterns and took finance for a department asked.
    assert "finance" not in _depts(split_parts(text, org, model))


def test_a_department_explicitly_not_needed_is_not_a_part(org, model) -> None:
    parts = split_parts("不用麻烦保卫科了，请后勤来修一下宿舍的门锁。", org, model)
    assert _depts(parts) == ["logistics"]


def test_a_person_named_brings_their_department(org, model) -> None:
    parts = split_parts("请周浩帮忙把会议室的网络调通，黄敏确认一下这笔付款。", org, model)
    assert _depts(parts) == ["it", "finance"]


def test_english_request_naming_departments(org, model) -> None:
    parts = split_parts("Medical Affairs should review the complaint, and Security needs to "
                        "pull the CCTV footage from the lobby.", org, model)
    assert _depts(parts) == ["medaff", "security"]
    assert parts[1].text.startswith("Security")


@pytest.mark.parametrize(("text", "asked"), [
    # 「分别由…」: 分别 is "respectively", not the 别 of 「别麻烦…」
    ("各科室的设备台账和人员名单分别由医学装备部和人力资源部整理。", ["equipment", "hr"]),
    # the second of 「A和B一起…」 is asked as the first is
    ("医务部和院感科一起调查这起院内感染。", ["medaff", "infection"]),
    ("医务部跟护理部一起把这起投诉的处理意见写出来。", ["medaff", "nursing"]),
    ("信息中心以及后勤保障部今晚配合停电检修。", ["it", "logistics"]),
    # a name after 「…后」 starts the next piece of work
    ("请后勤修好宿舍的热水器，修好后护理部通知病人家属。", ["logistics", "nursing"]),
    # English: a name followed by "to <verb>" is asked ("get Finance to …", "someone from IT to …")
    ("Please get Finance to refund the deposit, and Security should lock the archive room.",
     ["finance", "security"]),
    ("Please ask the engineer from IT to set up the projector, and Nursing should prepare "
     "the ward.", ["it", "nursing"]),
])
def test_a_name_inside_a_phrase_is_still_asked_when_it_does_the_work(
        org, model, text: str, asked: list[str]) -> None:
    """A name glued to the word before it is usually part of another noun (「危废仓库」); not
    when it follows 「和」 after another name asked, a time word (「修好后」), or is the subject
    of "to <verb>"; and 「分别」 negates nothing."""
    assert _depts(split_parts(text, org, model)) == asked


@pytest.mark.parametrize("text", ["门诊三楼的打印机打不出东西，一直显示脱机",
                                  "上个月去成都开会的差旅费怎么报销，要哪些票据",
                                  "下个月想请婚假，需要提前几天申请",
                                  "病房卫生间的水龙头一直在漏水，麻烦派人来修"])
def test_a_single_department_request_stays_whole(org, model, text: str) -> None:
    [part] = split_parts(text, org, model)
    assert part.department == model.predict([text])[0].department
    assert part.role == "lead" and part.text == text and (part.start, part.end) == (0, len(text))


def test_many_texts_in_one_call_match_one_by_one(org, model) -> None:
    texts = ["信息中心开通账号，人力资源部办入职。", "宿舍热水器坏了", "？？"]
    assert split_parts_many(texts, org, model) == [split_parts(t, org, model) for t in texts]
    assert len(split_parts("？？", org, model)) == 1  # nothing to read: still one part


@pytest.mark.parametrize("bad", ["", "   ", "x" * 1_000_000])
def test_unusable_text_is_refused(org, model, bad: str) -> None:
    with pytest.raises(RoutingInputError):
        split_parts(bad, org, model)


def test_collab_dev_parts_score(org, model, shared_dir: Path) -> None:
    """Quality on the collaboration dev set (same org): set F1 and exact-set share."""
    d = shared_dir / "data" / "collab-dev"
    tests = [json.loads(x) for x in (d / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(d / "test_gold.csv", encoding="utf-8") as f:
        gold = {r["id"]: set(r["departments"].split(";")) for r in csv.DictReader(f)}
    tp = fp = fn = exact = 0
    for t, parts in zip(tests, split_parts_many([t["text"] for t in tests], org, model),
                        strict=True):
        got, want = set(_depts(parts)), gold[t["id"]]
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        exact += got == want
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9 and exact / len(tests) >= 0.8, (f1, exact / len(tests))


BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


@pytest.fixture(scope="module")
def plant():
    """The automotive-parts group of benchmarks/data/collab-org (an org the code was not
    written for) and a model trained on its history."""
    d = BENCH / "collab-org"
    o = load_org(d / "org.yaml")
    return o, train(o, read_history(d / "history.csv", o), folds=3)


def _request(folder: str, rid: str) -> str:
    for line in (BENCH / folder / "test.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == rid:
            return row["text"]
    raise KeyError(rid)


@pytest.mark.parametrize(("rid", "asked"), [
    ("k02", "quality"),  # 「停机前后做的件要全检」 after the breakdown and before the re-plan
    ("k16", "ehs"),      # 「要有人查清楚安全原因」 after the fallen shelf
])
def test_a_clause_that_asks_for_work_adds_its_department(plant, rid: str, asked: str) -> None:
    """A request that only describes the work names no department; a clause of it that
    asks for work (要, 也得, should) adds the department it reads as, though the whole
    request gives that department almost nothing."""
    o, m = plant
    got = _depts(split_parts(_request("collab-org", rid), o, m))
    assert asked in got and len(got) >= 2, got


@pytest.mark.parametrize(("rid", "want"), [
    ("k39", {"equipment", "quality"}),  # "The line 3 robot cell keeps faulting …"
    ("k67", {"production"}),            # 「研发那边新品图纸已经发了」: done, not asked
])
def test_background_before_the_first_name_adds_only_what_the_whole_reads(
        plant, rid: str, want: set[str]) -> None:
    """A clause before the first department asked by name is usually background; it adds
    its department when the whole request reads as that department too and the clause
    does not say the work is already done."""
    o, m = plant
    assert set(_depts(split_parts(_request("collab-org", rid), o, m))) == want


@pytest.mark.parametrize(("text", "want"), [
    # 「要赶紧修、把这批件隔离全检」: the ask carries over the 、 to the next piece of work
    ("冲压线的模具裂了，要赶紧修、把这批件隔离全检，还要跟客户说交期会晚。",
     {"equipment", "quality", "sales"}),
    # before the first name, but it asks for work itself: not background
    ("下个月起全员要完成消防安全培训，也请人事把它加进新员工入职流程。", {"ehs", "hr"}),
])
def test_clauses_that_ask_for_work_in_a_list_or_before_a_name(
        plant, text: str, want: set[str]) -> None:
    """A clause asks for work when it says so (要, 需要, should) or follows such a clause in
    the same sentence; wherever it stands, it then adds its department on its own reading."""
    o, m = plant
    assert set(_depts(split_parts(text, o, m))) == want


@pytest.mark.parametrize(("text", "asked"), [
    ("设备部找人修一下空调，另外问人事那批新叉车什么时候到", {"equipment", "hr"}),
    ("仓库的叉车坏了，设备部派人修，另外问安环部叉车司机要不要重新考证", {"equipment", "ehs"}),
])
def test_a_question_put_to_a_department_asks_it(plant, text: str, asked: set[str]) -> None:
    """「问人事…」 asks HR as surely as 「找人事」, though the question's words (a forklift's
    delivery) read as someone else's work."""
    o, m = plant
    assert asked <= set(_depts(split_parts(text, o, m)))


@pytest.mark.parametrize("text", ["岗位说明书要更新，职级体系有调整吗",
                                  "我要报销上个月去客户那边的差旅费，发票要怎么贴"])
def test_a_single_department_ask_stays_whole(plant, text: str) -> None:
    """Asking words in a one-department request add nothing: 「我要…」 is the requester's own
    plan and 「要怎么…」 a question, not work asked of someone else."""
    o, m = plant
    assert len(split_parts(text, o, m)) == 1


def test_collab_org_parts_score(plant) -> None:
    """Floors on collab-org (set F1, exact share, single-department requests kept whole)."""
    o, m = plant
    d = BENCH / "collab-org"
    tests = [json.loads(x) for x in (d / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(d / "test_gold.csv", encoding="utf-8") as f:
        gold = {r["id"]: set(r["departments"].split(";")) for r in csv.DictReader(f)}
    tp = fp = fn = exact = singles = 0
    for t, parts in zip(tests, split_parts_many([t["text"] for t in tests], o, m), strict=True):
        got, want = set(_depts(parts)), gold[t["id"]]
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        exact += got == want
        singles += len(want) == 1 and got == want
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.92 and exact / len(tests) >= 0.76 and singles >= 18, (
        f1, exact / len(tests), singles)


@pytest.fixture(scope="module")
def builder():
    """The general contractor of benchmarks/data/collab-build and a model trained on it."""
    d = BENCH / "collab-build"
    o = load_org(d / "org.yaml")
    return o, train(o, read_history(d / "history.csv", o), folds=3)


@pytest.mark.parametrize(("text", "want"), [
    ("新项目要进场三台挖掘机，要办租赁手续，进场前还要做安全检查。", {"material", "safety"}),
    # With the broader function lexicon merged beside this rule, the clause reads cost at
    # 0.46 (under the 0.5 floor) and the whole request ranks cost second at 0.003 (under
    # 0.005): a known miss on the merged main (collab-build set F1 0.912 with it).
    pytest.param("业主要求提前竣工，要调整施工进度计划，赶工的费用也要跟业主谈。", {"eng", "cost"},
                 marks=pytest.mark.xfail(strict=True, reason="clause 0.46 < 0.5 with the "
                                         "broader lexicon")),
])
def test_a_less_sure_asking_clause_counts_when_the_whole_request_agrees(
        builder, text: str, want: set[str]) -> None:
    """An asking clause read as its department under the asking threshold (「赶工的费用也要跟
    业主谈」 → cost, 「要办租赁手续」 → materials) counts when the whole request ranks that
    department among its top two: the two readings agree."""
    o, m = builder
    assert set(_depts(split_parts(text, o, m))) == want


@pytest.mark.parametrize(("text", "want"), [
    # a burst pipe (logistics), and infusion pumps soaked (equipment): no office is named
    ("五楼病区的水管裂了，走廊全是水，两台输液泵也泡坏了。", {"logistics", "equipment"}),
    ("手术室的空调坏了，温度降不下来，还有一台麻醉机也报故障了。", {"logistics", "equipment"}),
])
def test_a_clause_that_adds_to_what_happened_adds_its_department(
        org, model, text: str, want: set[str]) -> None:
    """A request that only describes an incident names no department; a clause that adds a
    further consequence (「…也泡坏了」「还有…」) is further work, read by the model as its
    department's, and the whole request's own department stays the lead."""
    parts = split_parts(text, org, model)
    assert set(_depts(parts)) == want
    assert parts[0].department == "logistics"


@pytest.mark.parametrize("text", [
    "下周三全院消防演练由保卫科组织，请护理部知悉。",
    "保卫科下周三组织消防演练，医务部只需要知会一声。",
    "The Security office runs the fire drill on Wednesday; Nursing only needs to be informed.",
    # several clauses, 也 in two of them: the same trouble tried again, one department
    "门诊三楼的电脑开不了机，重启也一样，打印机也连不上。",
    "病房卫生间的水龙头一直在漏水，洗手池也堵了。",
])
def test_a_one_department_request_with_several_clauses_stays_whole(
        org, model, text: str) -> None:
    """A department only to be told (请…知悉, 只需要知会一声, "only needs to be informed") is
    not asked, and a 也 clause that says the trouble did not change adds nobody."""
    assert len(split_parts(text, org, model)) == 1


@pytest.fixture(scope="module")
def university():
    """The university of benchmarks/data/collab-univ (a third of its multi-office requests
    name no office) and a model trained on its history."""
    d = BENCH / "collab-univ"
    o = load_org(d / "org.yaml")
    return o, train(o, read_history(d / "history.csv", o), folds=3)


def test_collab_univ_parts_score(university) -> None:
    """Floors on collab-univ: recall of the departments asked (describe-only requests,
    「学生工作部」 for 学生工作部（处）, "the Graduate School sets up …", "I need …") without
    losing precision or the single-office requests kept whole (抄送…知悉 is no part)."""
    o, m = university
    d = BENCH / "collab-univ"
    tests = [json.loads(x) for x in (d / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(d / "test_gold.csv", encoding="utf-8") as f:
        gold = {r["id"]: set(r["departments"].split(";")) for r in csv.DictReader(f)}
    tp = fp = fn = singles = 0
    for t, parts in zip(tests, split_parts_many([t["text"] for t in tests], o, m), strict=True):
        got, want = set(_depts(parts)), gold[t["id"]]
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        singles += len(want) == 1 and got == want
    # main before: R 0.779, P 0.940, 7 of 11 kept whole; after: 0.829, 0.959, 9
    assert tp / (tp + fn) >= 0.82 and tp / (tp + fp) >= 0.95 and singles >= 9, (
        tp / (tp + fp), tp / (tp + fn), singles)


def test_a_request_of_twenty_thousand_also_words_is_read_through_whole(org, model) -> None:
    """A hostile request the API accepts (MAX_TEXT_CHARS): 19,999 × 也 then 不. Whether a
    clause adds to what happened was a look-ahead from every 也 to the clause's end (2.7 s
    of one regex, holding the interpreter); it now reads the clause once
    (benchmarks/tokenizer_hostile.py prints the cost). It names no department and adds
    nothing: one part, and a request with a real 也 clause still gets its parts."""
    hostile = "也" * 19_999 + "不"
    parts = split_parts(hostile, org, model)
    assert len(parts) == 1 and parts[0].text == hostile
    text = "新病区月底启用：信息中心布好网络和电脑，后勤保障部做开荒保洁，保卫科装好门禁。"
    assert _depts(split_parts(text, org, model)) == ["it", "logistics", "security"]


def _kinds(org, text: str) -> dict[str, str]:
    """department → how its mention in ``text`` was read (asked / weak / excluded)."""
    from nlp.routing.parts import _Names
    return {m.dept: m.kind for m in _Names(org).mentions(text)}


@pytest.mark.parametrize(("text", "dept", "kind"), [
    # glued to the words before it, but 来 / 去 + a verb says it does the work
    ("家属要求赔偿，具体赔多少财务来定", "finance", "asked"),
    ("这批试剂的发票金额不对，差额让财务去核一下", "finance", "asked"),
    # 来电话说: a call that passed something on, not work asked of finance
    ("上午财务来电话说报销单缺签字", "finance", "excluded"),
    # the staff of a department: the department itself
    ("新排班系统下周上线，护理部的员工都要先学会怎么用", "nursing", "asked"),
])
def test_a_name_followed_by_its_work_in_chinese(org, text: str, dept: str, kind: str) -> None:
    """「财务来定」「财务去核」: 来 / 去 / 先 + a verb after a name make it the one asked, as
    "Finance to refund" does in English; 「护理部的员工」 are nursing's people."""
    assert _kinds(org, text)[dept] == kind


@pytest.mark.parametrize(("words", "asks"), [
    ("前台先把客人安抚好", True),
    ("那批菜先停掉", True),
    ("我先重启了一下电脑", False),
    ("张先生说房间太吵", False),
    ("之前已经修过一次", False),
])
def test_do_this_first_asks_for_work(words: str, asks: bool) -> None:
    """「X先把…」 tells someone what to do first; 「我先…」 is what the writer did, 先生 is Mr."""
    from nlp.routing.parts import _ASKS_WORK
    assert bool(_ASKS_WORK.search(words)) is asks
