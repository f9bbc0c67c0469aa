"""Readers: every format and encoding into utterances with the right lines; bad input refused."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from dispatch.minutes.files import read_file
from nlp.readers import (
    UNNAMED_SPEAKER,
    BinaryFileError,
    CorruptDocumentError,
    DecodeError,
    EmptyFileError,
    FileTooLargeError,
    MinutesInputError,
    UnsupportedFormatError,
    looks_like_speaker,
    read_bytes,
)

TRANSCRIPT = "周例会\n时间：2026年6月17日\n\n高明：我明天把计划发出来。\n陈静：好的。\n"


def _by_line(doc):
    return {u.line: u for u in doc.utterances if u.line is not None}


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"]
)
def test_text_in_every_encoding_reads_the_same(encoding: str) -> None:
    doc = read_bytes(TRANSCRIPT.encode(encoding), "m.txt")
    lines = _by_line(doc)
    assert lines[4].speaker == "高明" and lines[4].text == "我明天把计划发出来。"
    assert doc.date is not None and doc.date.isoformat() == "2026-06-17"


def test_crlf_and_bom_do_not_shift_lines() -> None:
    data = "\ufeff第一行\r\n\r\n张伟：第三行\r\n".encode()
    lines = _by_line(read_bytes(data, "m.txt"))
    assert lines[3].text == "第三行" and lines[3].speaker == "张伟"


def test_feishu_speaker_blocks() -> None:
    data = "说话人 1 00:01:05\n我周五前交报告。\n\n李雷 00:02:10\n收到。\n".encode()
    doc = read_bytes(data, "feishu.txt")
    lines = _by_line(doc)
    assert lines[2].speaker == "说话人 1" and lines[5].speaker == "李雷"


def test_timestamped_speakers_of_meeting_exports() -> None:
    data = (
        "王强(00:01:02)：小刘，投影坏了。\n[00:00:12] Carol Diaz: Thanks all.\n00:03:20 Bob: OK.\n"
    )
    lines = _by_line(read_bytes(data.encode(), "t.txt"))
    assert (lines[1].speaker, lines[1].text) == ("王强", "小刘，投影坏了。")
    assert (lines[2].speaker, lines[2].text) == ("Carol Diaz", "Thanks all.")
    assert (lines[3].speaker, lines[3].text) == ("Bob", "OK.")


def test_a_recorder_dump_with_timestamps_and_no_speakers_keeps_only_the_words() -> None:
    # a voice recorder's export: a time before each line, nobody named (issue 17)
    data = "00:00:03 好，我们开始吧。\n[00:01:12] 芳姐你周五前发我\n14:00 评审会\n"
    lines = _by_line(read_bytes(data.encode(), "rec.txt"))
    assert (lines[1].speaker, lines[1].text) == (None, "好，我们开始吧。")
    assert (lines[2].speaker, lines[2].text) == (None, "芳姐你周五前发我")
    assert lines[3].text == "14:00 评审会"  # a time of day in an agenda is words, not a stamp


def test_a_header_date_without_a_year_is_the_latest_such_day() -> None:
    import datetime as dt

    data = "# 1/2 产品例会\n\n- 张伟：好。\n".encode()
    assert read_bytes(data, "m.md", today=dt.date(2026, 1, 10)).date == dt.date(2026, 1, 2)
    assert read_bytes(data, "m.md", today=dt.date(2026, 1, 1)).date == dt.date(2025, 1, 2)


def test_a_date_without_a_year_is_left_unread_when_the_caller_gives_no_today() -> None:
    # the reader never reads the server's clock: the caller's today (the org's timezone)
    # places 1/2 in a year, and without one the meeting date stays unknown
    assert read_bytes("# 1/2 产品例会\n\n- 张伟：好。\n".encode(), "m.md").date is None


def test_labels_are_not_speakers() -> None:
    assert (
        looks_like_speaker("王芳") and looks_like_speaker("Mark Tan") and looks_like_speaker("小王")
    )
    for label in ("时间", "安全检查", "Date", "Blocker", "Yesterday", "Action items", "10:30"):
        assert not looks_like_speaker(label), label


def test_labels_opening_with_a_rare_surname_are_not_speakers() -> None:
    """The restaurant chain's pass added rare surnames (阎, 官, 杭, 宣, 储, 洪, 廉 …) so that
    「阎振华(00:01:47): …」 is a turn; a minutes label that opens with one of those characters
    (「宣传：海报周五前出」) must stay a label, or written minutes read as someone speaking."""
    assert looks_like_speaker("阎振华") and looks_like_speaker("官晓东")
    for label in ("宣传", "官方", "官网", "杭州", "储备", "储运", "洪水", "廉政", "宣讲"):
        assert not looks_like_speaker(label), label


def test_email_sender_is_the_speaker_and_headers_give_date_and_title() -> None:
    data = (
        b"From: Shen Jia <sj@example.com>\r\nTo: A B <ab@example.com>\r\n"
        b"Date: Wed, 25 Nov 2026 18:42:10 +0800\r\nSubject: Weekly review\r\n\r\n"
        b"I will send the template next week.\r\n\r\nBest,\r\nShen Jia\r\n"
    )
    doc = read_bytes(data, "mail.txt")
    assert doc.sender == "Shen Jia" and doc.title == "Weekly review"
    assert doc.date.isoformat() == "2026-11-25"
    lines = _by_line(doc)
    assert lines[6].speaker == "Shen Jia"
    assert lines[9].kind == "header"  # the signature is not content


def test_email_headers_in_any_order() -> None:
    data = b"Subject: Follow-ups\nFrom: Helen Li <h@x.example>\n\n* I'll send it.\n"
    doc = read_bytes(data, "mail.txt")
    assert doc.sender == "Helen Li" and doc.title == "Follow-ups"
    assert _by_line(doc)[4].speaker == "Helen Li"


def test_markdown_table_rows_are_structured() -> None:
    md = (
        "# Sync\n\n| 事项 | 负责人 | 部门 | 完成时间 |\n|---|---|---|---|\n"
        "| 输出报告 | 张三 | 市场部 | 11月20日 |\n\n## Action items\n- [ ] @bob send it — EOW\n"
        "- [x] done thing\n"
    )
    doc = read_bytes(md.encode(), "m.md")
    lines = _by_line(doc)
    assert lines[5].kind == "table_row"
    assert lines[5].cells == {
        "task": "输出报告",
        "owner": "张三",
        "department": "市场部",
        "due": "11月20日",
    }
    assert lines[7].kind == "heading" and lines[8].bullet and lines[8].text.startswith("@bob")
    assert lines[9].text.startswith("[x] ")


def test_vtt_voice_tags_and_cue_text_lines() -> None:
    vtt = (
        "WEBVTT\n\nNOTE\n会议：评审\n日期：2026-09-09\n\n1\n00:00:01.000 --> 00:00:02.000\n"
        "<v 刘鑫>我周五前写出来。</v>\n\n00:00:03.000 --> 00:00:04.000\nKevin: I'll do it.\n"
    )
    doc = read_bytes(vtt.encode(), "m.vtt")
    lines = _by_line(doc)
    assert lines[9].speaker == "刘鑫" and lines[9].text == "我周五前写出来。"
    assert lines[12].speaker == "Kevin" and lines[12].text == "I'll do it."
    assert doc.title == "评审" and doc.date.isoformat() == "2026-09-09"


def test_a_display_name_with_a_role_after_a_dash_is_the_speaker() -> None:
    """Zoom and Teams users put their team in their display name: 「刘鑫-财务: …」."""
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n刘鑫-财务: 什么时候要？\n\n"
        "2\n00:00:03.000 --> 00:00:04.000\n王芳－QA：明天吧。\n"
    )
    lines = _by_line(read_bytes(vtt.encode(), "m.vtt"))
    assert (lines[5].speaker, lines[5].text) == ("刘鑫-财务", "什么时候要？")
    assert (lines[9].speaker, lines[9].text) == ("王芳－QA", "明天吧。")
    assert not looks_like_speaker("会议-纪要")
    # a login before the name: 「liuxin刘鑫」
    assert looks_like_speaker("liuxin刘鑫") and not looks_like_speaker("note会议")


def test_a_display_name_with_a_team_after_a_space_or_a_device_name_is_the_speaker() -> None:
    """Zoom names a user 「刘鑫 QA」 (the team in Latin after a space), and one who dialled
    in from a phone by the device: 「iPad: …」 is someone speaking, not words."""
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n刘鑫 QA: 报表我周三给你。\n\n"
        "2\n00:00:03.000 --> 00:00:04.000\niPad: 好的，明天我发群里。\n\n"
        "3\n00:00:05.000 --> 00:00:06.000\nGalaxy S21: OK.\n"
    )
    lines = _by_line(read_bytes(vtt.encode(), "m.vtt"))
    assert (lines[5].speaker, lines[5].text) == ("刘鑫 QA", "报表我周三给你。")
    assert (lines[9].speaker, lines[9].text) == ("iPad", "好的，明天我发群里。")
    assert (lines[13].speaker, lines[13].text) == ("Galaxy S21", "OK.")
    assert not looks_like_speaker("会议 QA")
    # a device named in written notes is a topic, not someone speaking
    doc = read_bytes("iPhone: 登录闪退的问题周五前修复\n".encode(), "notes.txt")
    assert doc.utterances[0].speaker is None


def test_srt_two_line_cue_keeps_the_speaker_on_the_second_line() -> None:
    data = (
        "1\n00:00:01,000 --> 00:00:05,000\n陆浩然：新人一共十二个，\n考核我周五前做完。\n".encode(
            "utf-8-sig"
        )
    )
    lines = _by_line(read_bytes(data, "m.srt"))
    assert lines[4].speaker == "陆浩然" and lines[4].text == "考核我周五前做完。"


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_heading("复盘会纪要", level=0)
    d.add_paragraph("时间：2026年9月30日")
    d.add_paragraph("")
    d.add_paragraph("唐军负责今天下班前完成安全检查。")
    t = d.add_table(rows=2, cols=3)
    for c, s in zip(t.rows[0].cells, ("事项", "负责人", "完成时间"), strict=True):
        c.text = s
    for c, s in zip(t.rows[1].cells, ("提交报告", "刘洋", "下周五"), strict=True):
        c.text = s
    d.add_paragraph("（完）")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraph_numbers_and_tables() -> None:
    doc = read_bytes(_docx_bytes(), "m.docx")
    lines = _by_line(doc)
    assert doc.title == "复盘会纪要" and doc.date.isoformat() == "2026-09-30"
    assert lines[4].text == "唐军负责今天下班前完成安全检查。"
    assert lines[5].text == "（完）"  # the table does not take a paragraph number
    rows = [u for u in doc.utterances if u.kind == "table_row"]
    assert (
        rows[0].cells == {"task": "提交报告", "owner": "刘洋", "due": "下周五"}
        and rows[0].line is None
    )


def test_dev_set_files_decode(shared_dir: Path) -> None:
    encodings = {
        p.name: read_file(p).encoding for p in (shared_dir / "data/minutes-dev").glob("m*")
    }
    assert encodings["m03_cny_capacity_transcript.txt"] == "gb18030"
    assert encodings["m05_cs_weekly.srt"] == "utf-8-sig"
    assert encodings["m06_q4_peak_sync_en.txt"] == "utf-16"


@pytest.mark.parametrize(
    ("data", "name", "error", "words"),
    [
        (b"", "m.txt", EmptyFileError, "empty"),
        (b"  \r\n\n", "m.md", EmptyFileError, "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 20, "m.txt", BinaryFileError, "binary"),
        (b"PK\x03\x04 not really", "m.txt", BinaryFileError, "binary"),
        (b"this is not a zip", "m.docx", CorruptDocumentError, "not a Word"),
        (b"PK\x03\x04" + b"\x00" * 40, "m.docx", CorruptDocumentError, "docx"),
        (b"hello", "m.pdf", UnsupportedFormatError, "unsupported file type .pdf"),
        (b"hello", "noext", UnsupportedFormatError, "unsupported"),
        (b"1\nnot a timing line\ntext\n", "m.srt", CorruptDocumentError, "SRT"),
        (b"no header\n", "m.vtt", CorruptDocumentError, "WEBVTT"),
        (b"\xff\xfe\x00\xd8\x00\xd8", "m.txt", DecodeError, "utf-16"),
    ],
)
def test_bad_input_gets_a_clear_error(data: bytes, name: str, error: type, words: str) -> None:
    with pytest.raises(error) as exc:
        read_bytes(data, name)
    assert isinstance(exc.value, MinutesInputError)
    assert words.lower() in str(exc.value).lower() and name in str(exc.value)


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(FileTooLargeError, match="limit"):
        read_file(big, max_bytes=1024)
    with pytest.raises(FileTooLargeError):
        read_bytes(b"a" * 2048, "big.txt", max_bytes=1024)


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(DecodeError, match="encoding"):
        read_bytes(bytes(range(0x80, 0x100)) * 8, "m.txt")


def test_speaker_and_stamp_alone_on_a_line_head_the_words_below() -> None:
    """Tencent Meeting 「王强(00:01:02)：」 and Zoom 「[Carol Diaz] 10:02:11」 exports put the
    speaker on a line of its own; the words under it are that person's."""
    data = (
        "关键词：预算、投影\n王强(00:01:02)：\n投影我明天修。\n\n周静(00:01:30):\n好的。\n\n"
        "[Carol Diaz] 10:02:11\nI'll send the deck tonight.\n"
    )
    lines = _by_line(read_bytes(data.encode(), "t.txt"))
    assert lines[1].speaker is None
    assert (lines[3].speaker, lines[3].text) == ("王强", "投影我明天修。")
    assert lines[6].speaker == "周静"
    assert (lines[9].speaker, lines[9].text) == ("Carol Diaz", "I'll send the deck tonight.")
    assert lines[2].kind == "header" and lines[8].kind == "header"


@pytest.mark.parametrize(
    "data",
    [
        "00:01:02 王强\n投影我明天修。\n",
        "王强 | 00:01:02\n投影我明天修。\n",
        "【王强 00:01:02】\n投影我明天修。\n",
        "王强：(00:01:02)\n投影我明天修。\n",
        "王强 - 00:01:02\n投影我明天修。\n",
        "王强 00:01:02 投影我明天修。\n",
    ],
)
def test_more_speaker_and_timestamp_layouts(data: str) -> None:
    """Exports differ in where the time goes and what separates it from the name."""
    spoken = [u for u in read_bytes(data.encode(), "t.txt").utterances if u.speaker]
    assert [(u.speaker, u.text) for u in spoken] == [("王强", "投影我明天修。")]


def test_the_date_the_chair_says_at_the_start_of_a_call_is_the_meeting_date() -> None:
    """Subtitles (.vtt/.srt) carry no header: the chair's 「今天是三月四号」 or "today is
    March 4th" in the first turns is the only date of the meeting (issue 17). The year is
    the latest one up to today, as for a header date without a year."""
    import datetime as dt

    today = dt.date(2026, 3, 20)
    vtt = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:05.000\n"
        "<v 周敏>喂，听得到吗？今天是三月四号，说下排期。</v>\n\n"
        "2\n00:00:06.000 --> 00:00:09.000\n<v 吴涛>听得到。</v>\n"
    )
    assert read_bytes(vtt.encode(), "call.vtt", today=today).date == dt.date(2026, 3, 4)
    srt = "1\n00:00:01,000 --> 00:00:04,000\n吴涛：好，今天7月21号，我们开始。\n"
    assert read_bytes(srt.encode(), "call.srt", today=today).date == dt.date(2025, 7, 21)
    en = "Dana  0:02\nOkay, today is Tuesday, March 3rd, so let's start.\n"
    assert read_bytes(en.encode(), "call.txt", today=today).date == dt.date(2026, 3, 3)


def test_a_day_said_in_the_call_that_is_not_today_is_not_the_meeting_date() -> None:
    # a deadline or a past day named in the first turns is not when the meeting is held
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\n吴涛：好，我们开始。三月四号之前要交样品。\n\n"
        "2\n00:00:05,000 --> 00:00:08,000\n周敏：昨天3月2号客户来过了。\n"
    )
    assert read_bytes(srt.encode(), "call.srt", today=dt.date(2026, 3, 20)).date is None


def test_a_hostile_or_impossible_said_date_is_no_meeting_date() -> None:
    # 「今天是十三月四十号」 is no day; a first cue of 60,000 characters of 「今天是十」 (a client
    # sending junk) is read whole, and no date comes of it
    srt = "1\n00:00:01,000 --> 00:00:04,000\n吴涛：今天是十三月四十号，开始吧。\n"
    assert read_bytes(srt.encode(), "call.srt", today=dt.date(2026, 3, 20)).date is None
    junk = "1\n00:00:01,000 --> 00:00:04,000\n吴涛：" + "今天是十" * 15_000 + "\n"
    doc = read_bytes(junk.encode(), "junk.srt", today=dt.date(2026, 3, 20))
    assert doc.date is None
    assert sum(len(u.text) for u in doc.utterances) >= 60_000


def test_two_calls_read_at_once_each_get_their_own_said_date() -> None:
    # two users uploading subtitles at the same moment: each call keeps the day its chair said
    import datetime as dt
    from concurrent.futures import ThreadPoolExecutor

    def call(month: int, day: int) -> bytes:
        return (f"1\n00:00:01,000 --> 00:00:04,000\n吴涛：好，今天{month}月{day}号，我们开始。\n"
                ).encode()

    wanted = [(1 + i % 12, 1 + i % 28) for i in range(24)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        docs = list(pool.map(
            lambda md: read_bytes(call(*md), "call.srt", today=dt.date(2026, 12, 31)), wanted
        ))
    assert [d.date for d in docs] == [dt.date(2026, m, d) for m, d in wanted]


def test_a_zoom_transcript_is_dated_by_the_gmt_start_in_its_file_name() -> None:
    """Zoom names a cloud recording's transcript GMT<yyyymmdd>-<hhmmss>_Recording…; the
    cues carry no date, so without the name every 「明天」 would be read against the upload
    day. The start is GMT: a Beijing meeting at 07:30 starts the evening before in GMT."""
    import zoneinfo

    vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v 周敏>好，开始吧。</v>\n"
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    name = "GMT20261124-013000_Recording.transcript.vtt"
    assert read_bytes(vtt.encode(), name, tz=shanghai).date == dt.date(2026, 11, 24)
    early = "GMT20261123-233000_Recording.transcript.vtt"
    assert read_bytes(vtt.encode(), early, tz=shanghai).date == dt.date(2026, 11, 24)
    assert read_bytes(vtt.encode(), early).date == dt.date(2026, 11, 23)  # no tz: GMT's day


def test_a_date_in_the_file_name_dates_a_transcript_that_states_none() -> None:
    srt = "1\n00:00:01,000 --> 00:00:04,000\n吴涛：好，我们开始。\n"
    assert read_bytes(srt.encode(), "面料周会_20261118.srt").date == dt.date(2026, 11, 18)
    assert read_bytes(srt.encode(), "周会 2026-11-18.srt").date == dt.date(2026, 11, 18)
    # a date the chair says, or the header's, comes first; an impossible name is no date
    said = "1\n00:00:01,000 --> 00:00:04,000\n吴涛：今天是11月20号，开始。\n"
    doc = read_bytes(said.encode(), "周会_20261118.srt", today=dt.date(2026, 12, 1))
    assert doc.date == dt.date(2026, 11, 20)
    assert read_bytes(srt.encode(), "GMT20261340-013000_Recording.srt").date is None
    assert read_bytes(srt.encode(), "周会_20261399.srt").date is None
    assert read_bytes(srt.encode(), "周会_v12345678.srt").date is None


def test_a_diariser_labels_speakers_spk_and_a_number() -> None:
    """「SPK2 00:01:40 我下周一把清单给你」: a diarising recogniser's short label, a time, the
    words. Read whole, the label and the time became the task's words and nobody said 「我」."""
    data = (
        "SPK1 00:00:05 好 我们开始 老周你把报价单周五前发我\n"
        "SPK2 00:00:12 行 我周四就发\n"
        "spk_3 00:00:20 那个 我补充一下\n"
    )
    lines = _by_line(read_bytes(data.encode("gbk"), "dump.txt"))
    assert (lines[1].speaker, lines[1].text) == ("SPK1", "好 我们开始 老周你把报价单周五前发我")
    assert (lines[2].speaker, lines[2].text) == ("SPK2", "行 我周四就发")
    assert lines[3].speaker == "spk_3"


# What a recogniser's label matches: a name by itself and a block header read it in any
# case — pyannote and WhisperX exports head each turn 「SPEAKER_00 00:01:05」 (until the
# fifteenth session a header read 「Speaker」 capitalised only, so such a file had no
# speakers).
_LABELS_TODAY = [
    # label, a name by itself (UNNAMED_SPEAKER), heads a block / a name-time-words line
    ("说话人4", True, True),
    ("说话人 4", True, True),
    ("发言人2", True, True),
    ("Speaker 1", True, True),
    ("Speaker_1", True, True),
    ("SPK1", True, True),
    ("spk_0", True, True),
    ("Spk 3", True, True),
    ("speaker 1", True, True),
    ("SPEAKER_01", True, True),
    ("SPEAKER 2", True, True),
    ("sPeAkEr 1", True, True),
    ("说话人", False, True),
    ("Speaker", False, True),
]


@pytest.mark.parametrize(("label", "unnamed", "heads"), _LABELS_TODAY)
def test_what_a_recogniser_label_matches(label: str, unnamed: bool, heads: bool) -> None:
    """One alternation serves the unnamed-speaker test and the block header, in any case."""
    assert bool(UNNAMED_SPEAKER.fullmatch(label)) is unnamed
    if unnamed:
        assert looks_like_speaker(label) is True
    block = read_bytes(f"{label} 00:01:05\n我周五前交\n".encode(), "t.txt").utterances
    assert [u.speaker for u in block] == [None, label if heads else None]
    one_line = read_bytes(f"{label} 00:01:05 我周五前交\n".encode(), "t.txt").utterances
    if unnamed:
        want = [(label, "我周五前交")] if heads else [(None, f"{label} 00:01:05 我周五前交")]
        assert [(u.speaker, u.text) for u in one_line] == want


def test_a_legend_names_recogniser_labels_in_any_case() -> None:
    """「speakers: SPEAKER_00=张三, spk_1=李四」: the legend reads the labels as
    UNNAMED_SPEAKER does (any case)."""
    data = "speakers: SPEAKER_00=张三, spk_1=李四, 说话人2=王强\nSPK_1 00:00:05 我周五前交\n"
    spoken = [u for u in read_bytes(data.encode(), "t.txt").utterances if u.speaker]
    assert [(u.speaker, u.text) for u in spoken] == [("李四", "我周五前交")]


def test_a_diarised_export_gives_each_turn_its_speaker() -> None:
    """A pyannote / WhisperX text export heads each turn 「SPEAKER_00 00:01:05」; the turn's
    words belong to that label (named later by the legend or the turn before), not to
    nobody."""
    data = (
        "SPEAKER_00 00:00:03\n王磊，管网的巡检报告周五前发我\n"
        "SPEAKER_01 00:00:09\n好的，周五前发你\n"
    )
    spoken = [(u.speaker, u.text) for u in read_bytes(data.encode(), "t.txt").utterances
              if u.speaker]
    assert spoken == [("SPEAKER_00", "王磊，管网的巡检报告周五前发我"),
                      ("SPEAKER_01", "好的，周五前发你")]
