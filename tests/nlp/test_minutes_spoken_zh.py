"""The learned Chinese turn detector: its pure parts, the shipped model file, where the
product uses it, and that retraining gives the shipped bytes. (Its quality is measured
leave-one-set-out by benchmarks/zh_spoken_eval.py --loo; docs/minutes-spoken.md.)"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from dispatch.minutes.detector import ZH_MODEL_PATH, read_zh_detector, zh_detector
from models.org import load_org
from nlp.minutes import extract
from nlp.minutes.extract import turn_views
from nlp.minutes.spoken_zh import DEPT, PERSON, TurnView, ZhTurnDetector, features, train
from nlp.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "minutes"
MEETING = dt.date(2026, 7, 8)

CALL = (
    "赵峰(00:00:05)：好，我们开始，今天说一下盘点的事。\n"
    "李芳(00:00:12)：财务部这边差异表还没出来。\n"
    "赵峰(00:00:20)：芳姐，年中盘点的差异表，周五前给我。\n"
    "李芳(00:00:28)：好的，我明天下班前发你。\n"
    "赵峰(00:00:35)：行。海涛，仓库那边的复盘也要做一下。\n"
    "刘海涛(00:00:41)：嗯，我来安排。\n"
    "赵峰(00:00:50)：那个系统的事下次再说。\n"
    "王晓(00:00:58)：好的。\n"
    "赵峰(00:01:05)：今天先到这。\n"
)


@pytest.fixture(scope="module")
def org():  # type: ignore[no-untyped-def]
    return load_org(FIXTURES / "spoken-own" / "org.yaml")


def _doc(text: str, name: str = "call.txt"):  # type: ignore[no-untyped-def]
    return read_bytes(text.encode(), name)


def test_turn_views_mask_names_and_departments(org) -> None:  # type: ignore[no-untyped-def]
    """The detector must not learn who or which department: both become placeholders; 芳姐
    is the previous speaker, the person spoken to."""
    views = turn_views(_doc(CALL), org, MEETING)
    assert [line for line, _ in views] == list(range(1, 10))
    said = "".join(v.text for _, v in views)
    for name in ("赵峰", "芳姐", "海涛", "财务部"):
        assert name not in said
    assert PERSON in views[2][1].words and DEPT in views[1][1].words
    ask = views[2][1]
    assert ask.items == 1 and ask.owner == "listener" and ask.due and ask.dates == 1
    assert "hypothetical" not in ask.cues and "you" not in views[6][1].cues


def test_written_minutes_are_not_read_by_the_detector(org) -> None:  # type: ignore[no-untyped-def]
    text = "# 周会纪要\n\n- 李芳：周五前提交差异表\n- 刘海涛负责仓库复盘，下周一前完成\n"
    assert turn_views(_doc(text, "notes.md"), org, MEETING) == []


def _toy() -> tuple[list[list[TurnView]], list[list[int]]]:
    ask = TurnView("a", (PERSON, "，", "报表", "周五", "前", "给", "我"), dates=1, cues=("strong",))
    ok = TurnView("b", ("好的", "，", "我", "明天", "发", "你"), dates=1, cues=("ack_start",))
    chat = TurnView("c", ("嗯", "对"), cues=("ack",))
    meetings = [[ask, ok, chat, chat], [chat, ask, chat, ok]] * 4
    labels = [[1, 0, 0, 0], [0, 1, 0, 0]] * 4
    return meetings, labels


def test_scores_are_the_fitted_models_own() -> None:
    """Scoring needs no sklearn; it must give what the fitted regression gives."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    meetings, labels = _toy()
    det = train(meetings, labels, c=1.0, min_count=1)
    rows = [r for m in meetings for r in features(m, det.groups)]
    terms = sorted({f for r in rows for f in r})
    x = np.array([[r.get(t, 0.0) for t in terms] for r in rows])
    y = np.array([v for ls in labels for v in ls])
    ref = LogisticRegression(C=1.0, class_weight="balanced", solver="liblinear",
                             max_iter=5000, random_state=0).fit(x, y)
    want = ref.predict_proba(x)[:, 1]
    got = [s for m in meetings for s in det.scores(m)]
    assert np.allclose(got, want, atol=1e-3)
    assert got[0] > 0.5 > got[2]


def test_a_model_round_trips_through_json_and_refuses_other_files() -> None:
    meetings, labels = _toy()
    det = train(meetings, labels, min_count=1)
    again = ZhTurnDetector.from_dict(json.loads(json.dumps(det.to_dict())))
    assert again.scores(meetings[0]) == pytest.approx(det.scores(meetings[0]), abs=1e-5)
    with pytest.raises(ValueError):
        ZhTurnDetector.from_dict({"format": "dispatch-spoken-detector/1"})


def test_the_shipped_model_loads_and_holds_no_names() -> None:
    det = zh_detector()
    assert det is not None and det == read_zh_detector(ZH_MODEL_PATH)
    assert 0 < det.keep < det.add <= 1
    assert "r" not in det.groups  # the rules' items are not features (see spoken_zh.GROUPS)
    staff = set()
    for folder in FIXTURES.glob("spoken-*"):
        if not (folder / "org.yaml").is_file():
            continue
        staff |= {p.name for p in load_org(folder / "org.yaml").staff if len(p.name) >= 2}
    leaked = [f for f in det.weights if any(n in f for n in staff)]
    assert not leaked, leaked[:10]
    # one company's jargon (a product stage, a kind of project, a cleaning step) is not
    # learned either: a feature must be seen in three sets' transcripts
    jargon = [f for f in det.weights if any(w in f for w in ("EVT", "IVD", "CIP"))]
    assert not jargon, jargon[:10]


def test_the_product_path_uses_the_shipped_detector(org) -> None:  # type: ignore[no-untyped-def]
    """Two asks the rules pass over (no owner before the verb, the name said last) become
    items only with the detector, with the owner and date the rules then find: the one who
    answered 「行」 and the person named. The upload flow and the CLI pass the shipped file."""
    text = (
        "赵峰(00:00:05)：好，下面说一下仓库的事。\n"
        "刘海涛(00:00:12)：上个月的损耗比前面高了一点，主要是冷库那边。\n"
        "赵峰(00:00:20)：报警记录的话，周四之前导一份出来给孙敏。\n"
        "刘海涛(00:00:26)：行。\n"
        "孙敏(00:00:31)：冷库温度我们也看了，波动不大。\n"
        "赵峰(00:00:50)：周五前出个方案，海涛。\n"
        "刘海涛(00:00:56)：好的。\n"
        "王晓(00:01:02)：系统那边没什么问题。\n"
        "赵峰(00:01:12)：行，那今天先到这。\n"
    )
    assert extract(text.encode(), "call.txt", org, MEETING).action_items == []
    got = extract(text.encode(), "call.txt", org, MEETING,
                  zh_detector=zh_detector()).to_contract()["action_items"]
    assert [(it["source"]["line"], it["owners"], it["due"]) for it in got] == [
        (3, ["liuhaitao"], "2026-07-09"),
        (6, ["liuhaitao"], "2026-07-10"),
    ], got
    from dispatch.minutes import flows

    _, result = flows.extract(text.encode(), "call.txt", org, MEETING, 1 << 20)
    assert [it.source.line for it in result.action_items] == [3, 6]


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("zh_spoken_eval",
                                                  ROOT / "benchmarks" / "zh_spoken_eval.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_retraining_gives_the_shipped_bytes(tmp_path: Path) -> None:
    """benchmarks/zh_spoken_eval.py --out on the same data and library versions writes the
    very file that ships (about 15 s: every set is read through the rules once)."""
    bench = _bench()
    try:
        shared = bench._shared(None)
    except SystemExit:
        pytest.skip("shared/ with data/minutes-dev not beside the repository")
    data = [m for _, path, _ in bench.folders(shared) for m in bench.read_set(path)]
    out = tmp_path / "zh.json.gz"
    bench.write(bench.fit(data), out)
    if out.read_bytes() != ZH_MODEL_PATH.read_bytes():
        a = json.loads(gzip.decompress(out.read_bytes()))
        b = json.loads(gzip.decompress(ZH_MODEL_PATH.read_bytes()))
        diff = [k for k in set(a["weights"]) | set(b["weights"])
                if a["weights"].get(k) != b["weights"].get(k)]
        pytest.fail(f"retrained model differs from the shipped one in {len(diff)} weights: "
                    f"{diff[:5]} (rebuild with benchmarks/zh_spoken_eval.py --out)")


@pytest.mark.parametrize(
    ("folder", "f1", "owners", "due"),
    [
        ("spoken-own", 0.95, 0.95, 0.95),
        ("spoken-own2", 0.9, 0.9, 0.95),
        ("spoken-heldout", 0.97, 0.98, 0.98),
        ("spoken-hotel", 0.96, 0.98, 0.98),
        # edu/food/gov lost 0.01-0.02 in-sample when five more companies joined the training
        # data (spoken5); held out they are figures of their own (docs/minutes-spoken.md)
        # (edu 0.744 → 0.777 and hotel 0.958 → 0.969 in the seventeenth pass: task text;
        # edu 0.777 → 0.810 in the twenty-first: the thing said turns before a reply)
        ("spoken-edu", 0.81, 0.95, 0.97),
        ("spoken-food", 0.85, 0.97, 0.99),
        ("spoken-gov", 0.94, 0.96, 0.94),  # det16 (signals at half weight): 0.942
        # first written blind (solar: 0.698 / 0.917 / 0.867 before the Chinese detector;
        # pharma: 0.759 / 0.857 / 0.870), then developed on and trained on (spoken5)
        ("spoken-solar", 0.93, 0.93, 0.90),
        # 0.914 / 0.911 / 0.900 after the seventeenth pass; det16: 0.934 / 0.913 / 0.902
        ("spoken-pharma", 0.93, 0.91, 0.90),
        # three companies written for the detector (spoken5); fresh, before anything was
        # read or trained on them: 0.860 / 0.883 / 0.835
        # zh detector retrained on the twelfth session's rules (zh12): 0.937 → 0.919
        ("spoken-bank", 0.91, 0.96, 0.98),
        ("spoken-construct", 0.91, 0.94, 0.92),
        # express: 0.895 / 0.979 / 0.872 until its speaker 赖志成 was read as one (issue 17,
        # canteen pass), then 0.923 / 0.958 / 0.854: 47 → 48 matched, the same 46 right owners
        # and 41 right due dates (the newly matched two-owner item has neither right)
        ("spoken-express", 0.92, 0.95, 0.85),
        # a game studio written blind in the fourth session and never read (not trained on):
        # 0.889 / 0.943 / 0.909 on main before that session's pass, 0.900 / 0.944 / 0.911 after;
        # its owner and due errors were read in the eighth pass: 0.899 / 0.955 / 0.955;
        # tenth pass (nicknames, two names before 你们俩, late answers): 0.919 / 0.989 / 0.978
        ("spoken-game", 0.91, 0.98, 0.97),
        # a dairy maker written blind in the fifth session (README there): 0.824 / 0.929 /
        # 0.881 before it, 0.824 / 0.929 / 0.893 after the session's pass unread, 0.875 /
        # 0.929 / 0.893 once its closing recaps were read; tenth pass (dates moved later in
        # the meeting, nicknames as ASR writes them): 0.901 / 0.988 / 0.977
        # owndue pass (会后 no date, 我这边说一下 taking the floor): 0.944 / 1.000 / 1.000
        ("spoken-dairy", 0.94, 0.99, 0.99),
        # the battery maker, written blind in the sixth session: 0.787 / 0.871 / 0.871 on main
        # e921320, 0.793 / 0.886 / 0.852 after that session's passes unread; 0.846 / 0.886 /
        # 0.852 once its errors were read (closing recaps, a punctuated export naming nobody);
        # seventh session (its misses read: run-on recorder lines, English asks of a team, a
        # soundalike surname, names taken back, 说话人N, you both): 0.900 / 0.958 / 0.916;
        # seventeenth pass (a date in the raised problem stays: 「三月初那条船」): 0.910 / 0.958
        # / 0.906 — 95 → 96 matched with the same 87 right due dates (the newly matched 舱位
        # item's reply 「今天可能订不了…我明天上午订」 is no pushback the rules read)
        ("spoken-battery", 0.91, 0.95, 0.90),
        # a property manager, written blind at the end of the sixth session: 0.553 / 0.905 /
        # 0.833 on main e921320 and on the session's merged main alike (12 of 38 misses are
        # found on the right line with a task text that does not say the thing: 「来……来得及，
        # 打电话，争取做」 for the lift inspection asked two turns before); 0.658 / 0.900 / 0.840
        # once a commitment made in answer carries what was asked or raised (42 → 50 matched:
        # 45 owners and 42 due dates right where 38 and 35 were); seventeenth pass (the task
        # text: a recipient's next step, a team's work handed on by a bare 组织): 0.689 / 0.904
        # / 0.846 (52 matched, 47 owners and 44 due dates right)
        ("spoken-property", 0.68, 0.90, 0.84),
        # a restaurant chain, written blind (its writer puts an item spread over turns on the
        # line where it is first asked): 0.693 / 0.803 / 0.869 on main 3c96c37; 0.752 / 0.806
        # / 0.871 once its misses were read (closing recaps led by 快速过一下： / 那收一下： /
        # 我就总结一下 / 最后我recap一下; "Mr." ending no English sentence; "- I mean" a fix);
        # seventeenth pass (the question an answer points back to, a guest's "it", a dump's tasks
        # tidied): 0.810 / 0.833 / 0.879 (63 → 66 matched, right owners 53 → 55, due 55 → 58)
        # thirty-first pass (「升级前一天」 counted from the day the upgrade moved to): due 0.912
        # recall16 (所有门店 / 三家门店 a group, X跟Y你们俩, 苗主管, 我看 no owner, a date
        # accepted): 0.847 / 0.942 / 0.942
        ("spoken-canteen", 0.84, 0.94, 0.94),
        # a city gas utility, written blind at the end of the seventh session and kept out of
        # the repository: 0.713 / 0.825 / 0.825 on main a792788, 0.745 / 0.850 / 0.833 after
        # that session's passes unread; read in the eighth session (a Tencent 姓名-部门
        # header, dates settled after a pushback, 会后 no date, teams that lead after a
        # topic, asks of a guest, …): 0.792 / 1.000 / 0.984 (63 of 81 matched); the speaker's
        # own question answered, then taken on (twenty-first pass): 0.818 / 1.000 / 0.985
        # due 0.970 since match10: a newly matched item (「两点半前拿给我签字」, task now names
        # 鲁志刚) has no due; no right due was lost (64 of 65 → 64 of 66)
        # zh detector retrained (zh12): due 0.970 → 0.969, one item fewer matched
        # owners 1.000 → 0.985 in the thirty-second pass (auto14): g04 L125 「那你们IT把协议要求
        # 写成文字给Leo」 is now found (owners [], it, as annotated) but its words pair with the
        # writer's at 0.19 (< 0.2), so the scorer pairs the gold item with the next turn's
        # 「最好给卓越」 (an extra on main too) and its owner; no right owner was lost (65 of 65
        # → 65 of 66)
        ("spoken-gas", 0.81, 0.98, 0.96),
        # a private hospital group, written blind in the eighth session (not trained on): 0.662
        # / 0.906 / 0.849 on main 3aff31a; read (office titles 范科 / 冯部长 / 唐护士长 as
        # nicknames, docs/minutes-spoken.md): 0.699 / 0.931 / 0.879; 「两个都是下周一」 one date
        # for both asks: 0.699 / 0.931 / 0.914; a new topic raised after the speaker's own
        # turn carried (twenty-first pass): 0.711 / 0.932 / 0.915; twenty-second pass (an ask
        # to the one just named who answered, 「谁来弄？」 → 「我吧」, "Let me check … and come
        # back to you"): 0.744 / 0.922 / 0.922 — right owners 54 of 58 → 59 of 64; the owner
        # floor falls by one item matched anew whose speaker ("Frank") the org file does not list
        ("spoken-hospital", 0.73, 0.92, 0.92),
        # a city metro operator, written blind in the ninth session by a writer who read no
        # code: 0.687 / 0.895 / 0.877 on main 5eff9a5; read (twenty-third pass: a dump split
        # into word tokens, Zoom names 「柯俊 OCC」 / 「iPhone」, recaps after a question or a
        # 就这样。, an English call's joining and agenda talk, 小墨 for 小莫, a nameless
        # pushback in a dump, a dump's 「这个…来弄」 carrying the line before, a pause before
        # 然后 ending a sentence): 0.813 / 0.905 / 0.921 (63 of 80 matched)
        # zh detector retrained (zh12): 0.826 → 0.805 (P 0.853 → 0.810, two more items)
        # det16 (the detector's signals at half weight): 0.815 / 0.906 / 0.922
        ("spoken-metro", 0.81, 0.90, 0.92),
        # a fine-chemicals maker, written blind at the end of the ninth session by a writer who
        # read only minutes-dev and CONTRACTS.md: 0.671 / 0.942 / 0.712 on main fe00ab5; read
        # (twenty-fourth pass: the day the chair says is the meeting date of a .vtt, 复工第一天,
        # "let's say" after one's own date, the day a meeting is held, 「让雨桐弄」 and 「我跟小卢
        # 说」 handing an ask on, help due with the work it helps): 0.675 / 0.981 / 0.981
        # left16 (a who-question answered 「我来吧，…」 on the answer's line: one more match, whose
        # due the asker gives a turn later — 「好，那下周三之前给我」, not read): 0.688 / 0.981 /
        # 0.962
        ("spoken-chem", 0.68, 0.98, 0.96),
        # an apparel maker and exporter (28 of 41 people with no alias), written blind in the
        # tenth session by a writer who read only minutes-dev and CONTRACTS.md: 0.713 / 0.860 /
        # 0.912 on main fe00ab5 and 4c932b9; read (apparel pass: 我让他 + a day, 算了, 我来定,
        # 「要，你去找X」, 你把…/我这边… as two asks, 跟Y一起 after a topic, 对不对得上, 这个月底,
        # 下周…周三吧, 平姐 heard for the listed 萍姐): 0.741 / 0.950 / 0.883 (60 of 78 matched;
        # right owners 49 → 57, right due 52 → 53); thirty-first pass (「我们提前一天把货码好」
        # counted from the day said two turns before): 0.761 / 0.952 / 0.903
        # det16 (the detector's signals at half weight): 0.785 / 0.953 / 0.891 — one more item
        # found, one due lost
        ("spoken-apparel", 0.78, 0.95, 0.89),
        # a semiconductor packaging-and-test plant (33 of 41 people with no alias), written
        # blind in the eleventh session by a writer who read only minutes-dev and CONTRACTS.md:
        # 0.943 / 0.919 / 0.878 on main 6800735; read (twenty-seventh pass: the weekday said
        # with the day names the year, an unnamed subtitle cue ending a split sentence, 「对，
        # 王莉那边…」, 「X帮忙算一下」, 「孙梦亭 OQC…」 in a dump, 「生产部各班组长…」, 「今天就到
        # 这」 dating nothing, 下周的…, 「我江丽啊」, the floor given, 「会议邀请我今天发」, 「仓库
        # 新来的那个小李，…」): 0.969 / 0.987 / 1.000 (77 of 80 matched, 76 owners, 77 due right)
        ("spoken-semi", 0.96, 0.98, 1.0),
        # an airport ground-handling company (35 of 40 people with no alias), written blind in
        # the twelfth session by a writer who read only one dev set and CONTRACTS.md: 0.883 /
        # 0.903 / 0.958 on main 6800735, 0.889 / 0.917 / 0.972 on b224e7d; read (twenty-eighth
        # pass: a recogniser's SPEAKER_00 labels and its speaker legend, 「例会改到周四」 moving
        # no item, 元旦前 / 圣诞节前, 「那个思宇，」, 「…，你跟黄浩一起」): 0.927 / 0.974 / 1.000
        # (76 of 83 matched, 74 right owners, 76 right due); thirty-first pass (an ask then
        # 「…我来走」, 「哪几个柜台你发我」): 0.940 / 0.974 / 1.000
        ("spoken-airport", 0.94, 0.97, 1.0),
        # a telecom operator's city branch (32 of 40 people with no alias), written blind in the
        # twelfth session by a writer who read only minutes-dev and CONTRACTS.md: 0.775 / 0.925 /
        # 0.940 on b224e7d (P 0.720: closing recaps read as asks); read (twenty-ninth pass:
        # 「我最后说一下哈。」 / 「好，最后：」 / "Let me recap一下：" recaps, an export's title
        # line, 「topic，我们X这边…，Y你牵头」, 「把已交票…的…」): 0.883 / 0.941 / 0.941 (68 of 80);
        # thirty-first pass (ours then 我让X, 元旦节前 alone, a contractor's work, 我回头自己找):
        # 0.911 / 0.958 / 0.944 (72 of 80)
        ("spoken-telecom", 0.91, 0.95, 0.94),
        # an EMU depot of a railway group (35 of 40 owners with no alias), written blind in the
        # twelfth session by a writer who read only minutes-dev and CONTRACTS.md: 0.886 /
        # 0.857 / 0.957 on main b1436d3 and a04e13a; read (thirtieth pass: 「说话人 张三 …」 dump
        # lines, a misheard name after 让 before a day, 覃 read qin, the one called on before a
        # question, 覃师傅 / 苗会计, 「我周一交给质量科」, 「…，会后我跟他说」, 算了算了, 我没法付,
        # 「再确认一遍：」, 「好。我这边…把点检表上传」, "can you hear us?", 九点半, an ask turned
        # down): 0.974 / 1.000 / 0.987 (76 of 80 matched, P 1.000)
        ("spoken-rail", 0.97, 1.0, 0.98),
        # a Tier-1 automotive parts maker (39 of 53 people with no alias, four 王), written blind
        # in the thirteenth session by a writer who read only minutes-dev and CONTRACTS.md: 0.854
        # / 0.957 / 0.886 on main 657fd46; read (thirty-second pass: SPK1 labels, 上周的 + noun,
        # a date in the next subtitle cue, 你不用管了, 你们X asked, a side's demand, 他们那个X说,
        # a call's day in English): 0.901 / 0.973 / 0.959 (73 of 81 matched)
        # left15 (the retrained detector now keeps DingTalk L23 「我们涂装这边从明天开始…」, a
        # right item with a wrong owner and due: 0.908 / 0.973 / 0.946, 72 right owners and
        # 70 right due as before, of 74 matched instead of 73)
        # det16 (signals at half weight: DingTalk L24, a notice, no longer added): 0.914 /
        # 0.986 / 0.959
        ("spoken-auto", 0.91, 0.98, 0.95),
        # a steel works (48 people, four names heard only as ASR homophones), written blind in
        # the fourteenth session: 0.899 / 0.866 / 0.955 on main 657fd46 and 0c9c209; read
        # (thirty-third pass: 「说话人N [hh:mm:ss]：」 lines, a label keeping the name its voice
        # gave or was called by, 节前, 「都是明天中午前」): 0.899 / 0.940 / 1.000 (67 of 81);
        # left15 (「这两个都是本周内」 two items, 你周四前跟X一起 a second owner):
        # 0.907 / 0.956 / 1.000; left16 (「我们质量部派人…，Kevin你对接」 two items,
        # 「行，我来对接。我今晚先给客户回个邮件」 two items): 0.921 / 0.971 / 1.000; recall16
        # (月底前各厂把…, X负责A，Y负责B，都是…): 0.921 / 0.957 / 1.000; both (merged,
        # detector retrained): 0.935 / 0.972 / 1.000; with det16's half-weight turn signals:
        # 0.949 / 0.973 / 1.000
        ("spoken-steel", 0.94, 0.97, 0.99),
        # a shipyard (43 people, 36 with no alias; nicknames 老周 / 建国 / 阿斌, homophones 秋天 /
        # 范小东), written blind in the fourteenth session: 0.836 / 0.865 / 0.932 on main
        # 0c9c209, 0.841 / 0.932 / 0.946 on c95d5d8; read (thirty-fourth pass: 最后我重复一下 /
        # 简单重复一下 recaps, the floor handed on (请X说一下 / X你说), 「返修一完我就…」 answering,
        # 「我这边提一个，」, a team named then 你们, 范小东 = 范 + 小东, 节后一上班 / 节前去,
        # 「周会我改到周四」, the floor handed last to an unnamed voice, 「…明天上午我签了给你」
        # answering): 0.916 / 0.987 / 0.961 (76 of 86 matched, 75 right owners, 73 right due);
        # left15 (「我节后给个分析报告」 dated, and found): 0.922 / 0.987 / 0.961 (77 of 86);
        # left16 (an ask handed on after 「这个我知道。」 one item; a dump's 「…我月底前全部换完
        # …停机通知我今天发」 two): 0.934 / 0.974 / 0.974 (78 of 86; the dump's second L25 item
        # matched, with the voice's owner guessed wrong like the first: 76 right owners, as before)
        ("spoken-shipyard", 0.93, 0.97, 0.97),
        ("heldout3", 1.0, 1.0, 1.0),
        ("heldout10", 1.0, 1.0, 1.0),
    ],
)
def test_product_path_floors(folder: str, f1: float, owners: float, due: float) -> None:
    """Rules + both shipped detectors, as `dispatch minutes extract` runs. These sets are the
    detector's training data, so these are floors against regressions, not estimates for a
    new company (those are leave-one-set-out: benchmarks/zh_spoken_eval.py --loo)."""
    from dispatch.minutes.detector import spoken_detector
    from dispatch.minutes.evaluate import evaluate

    t = evaluate(FIXTURES / folder, spoken_detector(), zh_detector()).totals()
    assert t["errors"] == 0 and t["f1"] >= f1, t
    assert t["owners"] >= owners and t["due"] >= due, t


def test_work_said_without_a_doer_then_i_will_tell_someone_is_theirs(org) -> None:  # type: ignore[no-untyped-def]
    """「周五前装好，分两批。吴婷那边我会后跟她说。」 in answer to 「时间呢？」: the speaker passes
    the work said before the relay on, and the one told does it (with 会后 no longer a date,
    the answer is found by the detector, not read as a relay item of its own); work of the
    speaker's own said with the relay (「报价单我周五前发出来，我跟芳姐说一下」) stays theirs."""
    text = (
        "赵峰(00:02:00)：仓库新货架谁来装？\n"
        "刘海涛(00:02:10)：货架吴婷来装，她熟。\n"
        "赵峰(00:02:20)：时间呢？\n"
        "刘海涛(00:02:30)：周五前装好，分两批。吴婷那边我会后跟她说。\n"
        "赵峰(00:02:40)：报价单我周五前发出来，我跟芳姐说一下。\n"
    )
    got = extract(text.encode(), "call.txt", org, MEETING,
                  zh_detector=zh_detector()).to_contract()["action_items"]
    assert [(it["source"]["line"], it["owners"], it["due"]) for it in got] == [
        (4, ["wuting"], "2026-07-10"),
        (5, ["zhaofeng"], "2026-07-10"),
    ], got

