"""Read meeting records (.txt .md .docx .vtt .srt, any common encoding) into utterances.

Users upload whatever their meeting tool exported, so the reader is lenient about
layout (speaker prefixes, Feishu/iFlytek speaker blocks, Markdown sections and tables,
e-mail headers) but strict about bytes: an empty, binary, corrupt, oversized or
undecodable upload raises a :class:`MinutesInputError` subclass whose message a user
can act on. Line numbers are those of the file as saved (a BOM is not a line, CRLF is
one break; .docx counts body paragraphs as python-docx does), because people check
``source.line`` against their own editor.

Bytes in, a document out: reading a file named by a path (the CLI, gold folders) is
``dispatch.minutes.files.read_file``, which hands its bytes to :func:`read_bytes`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from models.minutes import MeetingDocument, Utterance
from nlp.dates import EN_WEEKDAY, ZH_WEEKDAY, zh_number

SUPPORTED = (".txt", ".md", ".docx", ".vtt", ".srt")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Limits on what a document expands to, not only on the bytes uploaded: a .docx is a zip,
# and 100 KB of it can unzip to 20 MB of XML with 200,000 paragraphs (issue 16, defect 1),
# which took minutes of CPU to read. Real minutes are a few hundred lines; 5,000 lines or
# paragraphs read and extract in a few seconds on one core.
MAX_LINES = 5_000
# Characters, for a file under those limits that is still far more than a meeting: one line
# of a few MB. The extractor reads a normal call of 20,000 characters in 2-5 s of a core
# (benchmarks/minutes_hostile.py), inside the upload's request; 200,000 characters is some
# 13 hours of Chinese speech or 3-4 of English, and under a minute to read.
MAX_CHARS = 200_000
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # the whole .docx package, images included
MAX_DOCX_XML_BYTES = 8 * 1024 * 1024  # word/document.xml (5,000 paragraphs need ~2 MB)


class MinutesInputError(ValueError):
    """A meeting file we cannot read; the message says why in words a user understands.

    ``key`` and ``params`` name the same refusal in the product's catalogue
    (``dispatch.messages``), so the caller can say it in the page's language; the reader
    stays free of the catalogue and of any language but the English message."""

    def __init__(self, message: str, key: str | None = None,
                 **params: Any) -> None:  # noqa: ANN401 - catalogue values
        super().__init__(message)
        self.key = key
        self.params = params


class EmptyFileError(MinutesInputError):
    pass


class UnsupportedFormatError(MinutesInputError):
    pass


class FileTooLargeError(MinutesInputError):
    pass


class BinaryFileError(MinutesInputError):
    pass


class CorruptDocumentError(MinutesInputError):
    pass


class DecodeError(MinutesInputError):
    pass


def read_bytes(
    data: bytes,
    filename: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
    tz: dt.tzinfo | None = None,
) -> MeetingDocument:
    """Decode and parse one uploaded meeting file; raises MinutesInputError on bad input.

    ``today`` (the caller's clock, in the organisation's timezone) places a date said without
    a year — 「# 4/29 产品例会」, 「今天是十一月九号」 — on the latest such day; without it such
    a date is left unread rather than guessed from the server's clock. ``tz`` (the
    organisation's) turns the GMT start time in a Zoom transcript's file name into the local
    day the meeting was held.
    """
    ext = Path(filename).suffix.lower()
    if ext not in SUPPORTED:
        shown = ext or "(none)"
        raise UnsupportedFormatError(
            f"{filename}: unsupported file type {shown}; use one of {', '.join(SUPPORTED)}",
            "min_read_format" if ext else "min_read_no_ext", file=filename, ext=ext,
            allowed="、".join(SUPPORTED))
    if len(data) > max_bytes:
        raise FileTooLargeError(too_large_message(filename, len(data), max_bytes),
                                "min_read_size", file=filename, mb=f"{len(data) / 1e6:.1f}",
                                limit=f"{max_bytes / 1e6:.1f}")
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyFileError(f"{filename}: the file is empty", "min_read_empty",
                             file=filename)
    if ext == ".docx":
        doc = _read_docx(data, filename, today, tz)
        _within_chars(filename, sum(len(u.raw or u.text) for u in doc.utterances))
        return doc
    text, encoding = decode_text(data, filename)
    if not text.strip():
        raise EmptyFileError(f"{filename}: the file is empty", "min_read_empty",
                             file=filename)
    _within_chars(filename, len(text))
    lines = split_lines(text)
    if len(lines) > MAX_LINES:
        raise FileTooLargeError(_too_many(filename, len(lines), "lines"), "min_read_lines",
                                file=filename, n=len(lines), limit=MAX_LINES)
    if ext == ".vtt":
        doc = _read_vtt(lines, filename)
    elif ext == ".srt":
        doc = _read_srt(lines, filename)
    elif ext == ".md":
        doc = _read_markdown(lines, filename)
    else:
        doc = _read_plain(lines, filename)
    doc.encoding = encoding
    _fill_header(doc, today, tz)
    return doc


def too_large_message(name: str, size: int, limit: int) -> str:
    """The words for a file over the byte limit, shared with the path reader in
    ``dispatch.minutes.files`` that refuses it before loading it."""
    return f"{name}: the file is {size / 1e6:.1f} MB, more than the {limit / 1e6:.1f} MB limit"


def _within_chars(name: str, count: int) -> None:
    if count > MAX_CHARS:
        raise FileTooLargeError(f"{name}: the document has {count:,} characters, more than the "
                                f"limit of {MAX_CHARS:,}; split it into several files",
                                "min_read_chars", file=name, n=count, limit=MAX_CHARS)


def _too_many(name: str, count: int, what: str) -> str:
    return (f"{name}: the document has {count:,} {what}, more than the limit of "
            f"{MAX_LINES:,}; split it into several files")


# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, filename: str = "file") -> tuple[str, str]:
    """Bytes → (text, encoding name). BOM first, then UTF-8, GB18030, then charset detection."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise DecodeError(
                    f"{filename}: starts with a {enc} mark but is not {enc} text",
                    "min_read_bom", file=filename, enc=enc) from None
    if (
        data.startswith(b"PK\x03\x04")
        or data.startswith(b"%PDF")
        or data.startswith(b"\xd0\xcf\x11\xe0")
    ):
        raise BinaryFileError(f"{filename}: this is a binary document (Word/PDF/zip), not text",
                              "min_read_binary_doc", file=filename)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data[:8192]:
        raise BinaryFileError(f"{filename}: binary data, not a text file", "min_read_binary",
                              file=filename)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise DecodeError(
        f"{filename}: cannot tell the text encoding; save it as UTF-8 (or GBK/UTF-16) and retry",
        "min_read_encoding", file=filename)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM (NUL bytes in it): accept only text that reads as text."""
    if b"\x00" not in data[:8192] or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _text_ratio(text)
        if score >= 0.95 and (best is None or score > best[0]):
            best = (score, text, enc)
    return (best[1], best[2]) if best else None


def _text_ratio(text: str) -> float:
    """Share of characters that ordinary zh/en documents are made of."""
    ok = sum(
        1
        for ch in text
        if (" " <= ch <= "~")
        or ch in "\r\n\t"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u2027"
    )
    return ok / max(1, len(text))


def _plausible(text: str) -> bool:
    """Mostly letters, CJK, digits, punctuation and spaces: not mojibake or binary."""
    if not text:
        return False
    bad = sum(
        1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t\f") or 0xE000 <= ord(ch) <= 0xF8FF
    )
    return bad <= max(2, len(text) // 200)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split on CR, LF and CRLF only, so numbering matches what editors show."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# ---------------------------------------------------------------- speakers

# Surnames that start nearly every Chinese personal name: a prefix "王磊：" is a speaker,
# "安全检查：" or "时间：" is a label. Labels that start with a surname char are listed below.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    # issue 17 (a restaurant chain, a carrier): speakers whose surname was missing lost their
    # label (「阎振华(00:01:47): …」 was words, not a turn); common words rarely open with these
    "阎杭官赖奚傅萧洪禹狄茅裘宣郁钮嵇荀芮储糜宓厉戎蔺屠胥逄郦雍濮扈冀茹庾匡阙晁阚鞠蒯荆竺逯桓湛廉"
)
_COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫", "司徒", "夏侯", "尉迟")
_NICK = re.compile(r"^(小|老|阿)[\u4e00-\u9fff]$|^[\u4e00-\u9fff](总|姐|哥|工|老师|经理)$")
_ZH_LABELS = set(
    "时间 日期 地点 主持 主持人 记录 记录人 参会 参会人 参会人员 缺席 列席 说明 备注 议题 "
    "议程 决议 结论 会议 会议时间 会议地点 主题 附件 抄送 发件人 收件人 录制日期 时长 来源 "
    "其他 背景 目标 问题 风险 进展 计划 下一步 待办 行动项 负责人 完成时间 截止时间 状态 "
    "优先级 原因 方案 建议 要求 注意 补充 总结 安全检查 安排 安全 高峰 金额 成本 温度 范围 "
    "全体 全员 文件 管理 任务 商品 项目 华东 华南 华北 明确 明天 明日 左右 江浙 阶段 程序 "
    "余量 席位 师资 景区 路线 路由 房间 应急 单号 单量 车辆 包材 包装 石家庄 章程 祝贺 康复 "
    "司机 宋体 钟点 关键词 文字记录 智能纪要 "
    # words opening with the rarer surnames added for issue 17 (阎 官 杭 宣 储 洪 廉 …)
    "宣传 宣讲 官方 官网 杭州 储备 储运 储存 洪水 洪涝 廉政 荆州 湛江 屠宰 郁闷".split()
)
_EN_LABELS = {
    w.casefold()
    for w in (
        "Date Time Attendees Attendee Notes Note Subject From To Cc Bcc Agenda Decision "
        "Decisions Action Actions Next Yesterday Today Tomorrow Blocker Blockers Owner Owners "
        "Due Status Idea Dropped Summary Location Recap Update Updates Risk Risks Question "
        "Questions Answer Q A Topic Goal Goals Background Result Results Outcome Priority "
        "Deadline TODO FYI PS Re Fwd Where When Why What Who How Context Problem Solution "
        "Proposal Host Chair Minutes Facilitator Scribe Participants Absent Venue Place "
        "Meeting Title Project Team Source Duration Recording Reminder Important Warning Info "
        "Parked Done Open Closed Tip Example Reason Also Conclusion Present Apologies Guests"
    ).split()
} | {
    "next steps",
    "action items",
    "next review",
    "next sync",
    "next meeting",
    "key points",
    "follow up",
    "open questions",
    "open question",
}

# A speaker the export could not name (iFlytek, Feishu: 说话人4, Speaker 2): a speaker all
# the same, whom the reader may identify from the turn before (``extract``).
# A diarising recogniser (pyannote, WhisperX, FunASR) labels them SPEAKER_00, SPEAKER_01 …,
# or short: SPK1, spk_0.
# The one spelling of a recogniser's label, read in any case wherever it is used (a name
# by itself, a block header 「SPEAKER_00 00:01:05」, a legend).
_RECOGNISER_LABEL = r"(?i:说话人\s*\d+|发言人\s*\d+|speaker[\s_]*\d+|spk[\s_]*\d+)"
UNNAMED_SPEAKER = re.compile(_RECOGNISER_LABEL, re.I)
_PREFIX = re.compile(r"^\s*([^\s:：][^:：]{0,30}?)\s*[:：]\s*(.*)$")
_TIME_ONLY = re.compile(r"^[\d\s:.\-–—/]+$")


def looks_like_speaker(name: str) -> bool:
    """Is this ``X`` of an ``X：text`` prefix a person's name rather than a label?"""
    name = name.strip()
    if not name or _TIME_ONLY.match(name) or name.casefold() in _EN_LABELS or name in _ZH_LABELS:
        return False
    if UNNAMED_SPEAKER.fullmatch(name):
        return True
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        if _NICK.match(name):
            return True
        return name[0] in _SURNAMES or name[:2] in _COMPOUND
    # "Kevin", "Mark Tan", "PM Beth", "Sean（刘鑫）"
    bare = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    if bare != name and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", bare):
        return looks_like_speaker(bare)  # 「王磊(QC)」: two of that name, told apart
    # 「huangli黄丽」: a display name with the login before the name
    login = re.fullmatch(r"[A-Za-z]{2,20}\s*([\u4e00-\u9fff]{2,4})", bare)
    if login:
        return looks_like_speaker(login.group(1))
    # 「许倩-品质」, 「王芳－QA」: a display name with the person's team after a dash, or in
    # Latin letters after a space (「柯俊 OCC」)
    team = re.sub(r"\s*[-－—]\s*[\u4e00-\u9fffA-Za-z]{1,8}$|\s+[A-Za-z][A-Za-z&]{1,7}$", "", bare)
    if team != bare and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", team):
        return looks_like_speaker(team)
    name = bare
    words = name.split()
    if 1 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][A-Za-z'.-]*", w) for w in words):
        return name.casefold() not in _EN_LABELS and words[0].casefold() not in _EN_LABELS
    return False


_NAME_STAMP = re.compile(
    r"^\s*([^\s:：()（）\[\]【】][^:：()（）\[\]【】]{0,30}?)\s*"
    # 「王强(00:01:02)：」 (Tencent Meeting), 「说话人2 [00:01:06]：」 (an offline recogniser)
    r"(?:[(（]\s*\d{1,2}:\d{2}(?::\d{2})?\s*[)）]|[\[【]\s*\d{1,2}:\d{2}(?::\d{2})?\s*[\]】])"
    r"\s*[:：]?\s*(.*)$"
)
# A recorder's or a speech recogniser's time before words that name no speaker: with seconds
# (00:01:12, 1:02:03) or in brackets ([01:12]); a bare 「14:00 评审会」 is a time of day.
_RECORDER_STAMP = re.compile(
    r"^\s*(?:\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?|[\[(（【]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])）】])"
    r"\s+(?=\S)"
)


def has_recorder_stamp(line: str) -> bool:
    """Does the line open with a recorder's time (「00:01:12 …」, 「[01:12] …」)?"""
    return bool(_RECORDER_STAMP.match(line))


_STAMP = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s+(?=\S)")

# A meeting app names one who joined from a phone by the device (Zoom: 「iPhone」, 「Galaxy
# S21」): a speaker all the same, whose name the export does not know. Only a subtitle cue's
# label is read so; in written notes 「iPhone: 登录闪退…」 is a topic.
DEVICE_SPEAKER = re.compile(
    r"(?:iPhone|iPad|Android|Galaxy|Pixel|HUAWEI|Huawei|Xiaomi|Redmi|OPPO|vivo|Honor|"
    r"手机用户|华为|小米|荣耀)(?:\s*[A-Za-z0-9+]{1,8}){0,2}"
)
_DEVICE_PREFIX = re.compile(r"^\s*(" + DEVICE_SPEAKER.pattern + r")\s*[:：]\s*(.*)$")


def split_speaker(line: str, cue: bool = False) -> tuple[str | None, str]:
    """``张三：我来做`` → ("张三", "我来做"); a line without a speaker prefix → (None, line).

    A leading timestamp (``[00:01:05] Carol: …``, Zoom/Teams text exports) is dropped. In a
    subtitle ``cue`` a device's name is a speaker too (``DEVICE_SPEAKER``).
    """
    if cue and (device := _DEVICE_PREFIX.match(line)):
        return device.group(1).strip(), device.group(2)
    bracket = re.match(r"^\s*[【\[]([^】\]]{1,20})[】\]]\s*(.*)$", line)
    if bracket and looks_like_speaker(bracket.group(1)):
        return bracket.group(1).strip(), bracket.group(2)  # 【张三】… transcripts
    named = _NAME_STAMP.match(line)
    if named and looks_like_speaker(named.group(1)):
        return named.group(1).strip(), named.group(2)  # Tencent Meeting: 王强(00:01:02)：…
    stamp = _STAMP.match(line)
    if stamp:
        rest = line[stamp.end() :]
        m = _PREFIX.match(rest)
        if m and looks_like_speaker(m.group(1)):
            return m.group(1).strip(), m.group(2)
    m = _PREFIX.match(line)
    if m and looks_like_speaker(m.group(1)):
        return m.group(1).strip(), m.group(2)
    m = _NAME_TIME_TEXT.match(line)
    if m and looks_like_speaker(m.group(1)) and not _NOT_A_NAME.fullmatch(m.group(1)):
        return m.group(1).strip(), m.group(2)
    if labelled := _labelled_name(line):
        return labelled
    return None, line


# 「说话人 张三 我周五前交」: a recogniser's export whose speakers were renamed keeps the label
# before the name, with spaces (or a colon) and no time between.
_LABEL_NAME_TEXT = re.compile(
    r"^\s*(?:说话人|发言人)\s+([\u4e00-\u9fff]{2,4})(?:\s*[:：]\s*|\s+)(?=\S)(.*)$"
)


def _labelled_name(line: str) -> tuple[str, str] | None:
    """(name, words) of a 「说话人 张三 …」 line, or None. Why: read whole, the label and the
    name become words, so nobody said the turn's 「我」 and the name looks like the doer."""
    m = _LABEL_NAME_TEXT.match(line)
    if m and looks_like_speaker(m.group(1)):
        return m.group(1), m.group(2)
    return None


# Feishu 妙记 / iFlytek block header: "说话人 1 00:01:05" or "张三  01:02" alone on a line;
# other exports put the time first ("00:01:02 张三"), a bar or dash between ("张三 | 00:01:02"),
# or brackets round both ("【张三 00:01:02】").
# (Tencent's 「韦秀英-安检服务部」: the name, a dash, the team)
_BLOCK_NAME = (
    rf"({_RECOGNISER_LABEL}|"
    r"[^\s\d:：|｜【】\[\]-]{1,12}(?: [A-Z][a-z]+)?"
    r"(?:[-－][\u4e00-\u9fff]{2,10})?)"
)
# 「韦秀英-安检服务部」: a display name with the department after a dash.
_NAME_DASH_TEAM = re.compile(r"^([\u4e00-\u9fff]{2,4})[-－][\u4e00-\u9fff]{2,10}$")
_BLOCK_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?"
_BLOCK = re.compile(
    rf"^\s*[【\[]?\s*{_BLOCK_NAME}\s*(?:[|｜\-–—]\s*)?\s+{_BLOCK_TIME}\s*[】\]]?\s*$|"
    rf"^\s*{_BLOCK_NAME}\s*[|｜\-–—]\s*{_BLOCK_TIME}\s*$|"
    rf"^\s*{_BLOCK_TIME}\s+{_BLOCK_NAME}\s*$"
)
# 「张三 00:01:02 我明天修」: name, time and words on one line (not 「周五 14:00 评审」).
_NAME_TIME_TEXT = re.compile(rf"^\s*{_BLOCK_NAME}\s+{_BLOCK_TIME}\s+(?=\S)(.*)$")
_NOT_A_NAME = re.compile(
    r"周[一二三四五六日天末]|星期\S|礼拜\S|今天|明天|后天|上午|下午|晚上|中午|早上"
)


# ---------------------------------------------------------------- plain text and e-mail

_EMAIL_HEADER = re.compile(
    r"^(From|To|Cc|Bcc|Date|Subject|Sent|发件人|收件人|抄送|主题|时间)\s*[:：]\s*(.*)$", re.I
)
_SIGN_OFF = re.compile(
    r"^(best|regards|best regards|kind regards|thanks|cheers|谢谢|此致|祝好)[,，!！]?\s*$", re.I
)


# A recogniser's export that says at the top who each label is: 「speakers: SPEAKER_00=张三
# SPEAKER_01=李四」 (or 说话人1=张三，说话人2=李四).
_LEGEND = re.compile(r"^\s*(?:speakers?|说话人|发言人)\s*[:：]\s*(.+)$", re.I)
_LEGEND_PAIR = re.compile(r"(" + _RECOGNISER_LABEL + r")\s*[=＝]\s*([^\s=＝,，;；]+)", re.I)


def _speaker_legend(line: str) -> dict[str, str]:
    """The labels a legend line names (label → name), or {} when the line is no legend.

    Why: the words below carry only the labels; without the legend nobody is known to have
    said 「我来」, so the one who takes the work is lost.
    """
    m = _LEGEND.match(line)
    if not m:
        return {}
    pairs = _LEGEND_PAIR.findall(m.group(1))
    legend = {label.casefold(): name for label, name in pairs if looks_like_speaker(name)}
    return legend if legend and len(pairs) == len(_LEGEND_PAIR.findall(line)) else {}


def _read_plain(lines: list[str], filename: str) -> MeetingDocument:
    doc = MeetingDocument(filename=filename, format="txt")
    legend: dict[str, str] = {}
    email_headers: dict[str, str] = {}
    i = 0
    # E-mail: a block of headers at the top, the first of them From/发件人.
    head = [ln for ln in lines[:12] if ln.strip()][:6]
    if (
        head
        and _EMAIL_HEADER.match(head[0])
        and any(re.match(r"^(From|发件人)\s*[:：]", ln, re.I) for ln in head)
    ):
        while i < len(lines) and lines[i].strip():
            m = _EMAIL_HEADER.match(lines[i])
            if m:
                email_headers[m.group(1).lower()] = m.group(2).strip()
            doc.utterances.append(
                Utterance(line=i + 1, text=lines[i].strip(), raw=lines[i], kind="header")
            )
            i += 1
        sender = email_headers.get("from") or email_headers.get("发件人") or ""
        doc.sender = re.sub(r"\s*<[^>]*>", "", sender).strip().strip('"') or None
        doc.title = email_headers.get("subject") or email_headers.get("主题")
        if email_headers.get("date"):
            doc.date = find_full_date(email_headers["date"])
        names = []
        for key in ("to", "cc", "收件人", "抄送"):
            for part in re.split(r"[;,；，]", email_headers.get(key, "")):
                nm = re.sub(r"\s*<[^>]*>", "", part).strip().strip('"')
                if nm and "@" not in nm:
                    names.append(nm)
        doc.attendees = ([doc.sender] if doc.sender else []) + names
    block_speaker: str | None = None
    signed_off = False
    for n in range(i, len(lines)):
        raw = lines[n]
        stripped = raw.strip()
        if not stripped:
            doc.utterances.append(Utterance(line=n + 1, text="", raw=raw, kind="blank"))
            continue
        if doc.sender and _SIGN_OFF.match(stripped):
            signed_off = True
        if n < 12 and not legend and (legend := _speaker_legend(stripped)):
            doc.utterances.append(Utterance(line=n + 1, text=stripped, raw=raw, kind="header"))
            continue
        if signed_off:
            doc.utterances.append(Utterance(line=n + 1, text=stripped, raw=raw, kind="header"))
            continue
        bm = _BLOCK.match(stripped)
        bname = next((g for g in bm.groups() if g), "") if bm else ""
        if (team := _NAME_DASH_TEAM.match(bname.strip())) and looks_like_speaker(team.group(1)):
            bname = team.group(1)
        if bm and (looks_like_speaker(bname) or bname.startswith(("说话人", "发言人"))):
            block_speaker = bname.strip()
            doc.utterances.append(Utterance(line=n + 1, text=stripped, raw=raw, kind="header"))
            continue
        bullet, body = _strip_bullet(stripped)
        speaker, text = split_speaker(body)
        if speaker and legend:
            speaker = legend.get(speaker.casefold(), speaker)
        if speaker and not bullet and (
            not text.strip() or _TIME_ONLY.match(text.strip("()（）[]【】 "))
        ):
            # 「王强(00:01:02)：」 or 「[Carol Diaz] 10:02:11」 alone: the words below are theirs
            block_speaker = speaker
            doc.utterances.append(Utterance(line=n + 1, text=stripped, raw=raw, kind="header"))
            continue
        if not speaker and not bullet and (stamp := _RECORDER_STAMP.match(text)):
            text = text[stamp.end() :]  # a recorder's 「00:01:12 …」: the time is not words
        done = "[x] " if _DONE_BOX.match(stripped) else ""
        doc.utterances.append(
            Utterance(
                line=n + 1,
                text=done + text.strip(),
                raw=raw,
                bullet=bullet,
                speaker=speaker or block_speaker or doc.sender,
            )
        )
    return doc


_BULLET = re.compile(
    r"^(?:[-*+•·]\s+(?:\[[ xX]\]\s*)?|[☐□☑✅✔☒■]\s*|"
    r"[\u2190-\u21ff\u25a0-\u25ff\u2600-\u27bf\U0001F300-\U0001FAFF]\ufe0f?\s*|\d{1,2}[.)）、．]\s*(?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]\s*"
    r"|[一二三四五六七八九十]{1,2}[、.．]\s*)"
)


# A ticked box: the item is done, so it is no longer an action item.
_DONE_BOX = re.compile(r"^(?:[-*+]\s+\[[xX]\]|[☑✅✔☒])")


def _strip_bullet(s: str) -> tuple[bool, str]:
    m = _BULLET.match(s)
    if not m:
        return False, s
    return True, s[m.end() :]


# ---------------------------------------------------------------- Markdown

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")

# Column headers of action tables, zh and en.
_COLUMN_ROLES = (
    ("task", r"事项|任务|工作内容|内容|行动项|待办|措施|task|action|item|what|to-?do"),
    ("owner", r"负责人|责任人|执行人|承办人|owner|assignee|who|responsible|负责"),
    ("department", r"部门|责任部门|牵头部门|department|dept|team"),
    (
        "due",
        r"完成时间|完成时限|时限|限期|交付时间|计划完成|截止时间|截止日期|完成日期|期限|时间|日期|due|deadline|when|by|date",
    ),
    ("priority", r"优先级|紧急程度|priority"),
    ("status", r"状态|进度|进展|status|state|progress"),
)


def column_roles(headers: list[str]) -> dict[int, str]:
    """Map table columns to roles by their header text; unknown columns are left out."""
    roles: dict[int, str] = {}
    for i, h in enumerate(headers):
        key = re.sub(r"[*_`\s]", "", h).casefold()
        for role, pat in _COLUMN_ROLES:
            if role not in roles.values() and re.fullmatch(
                rf"(?:{pat})(?:/.*)?|.*(?:{pat})", key, re.I
            ):
                roles[i] = role
                break
    return roles


def _md_clean(s: str) -> str:
    s = re.sub(r"\*\*|__|`", "", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
    return s.strip()


def _read_markdown(lines: list[str], filename: str) -> MeetingDocument:
    doc = MeetingDocument(filename=filename, format="md")
    table_roles: dict[int, str] | None = None
    table_header: list[str] = []
    for n, raw in enumerate(lines):
        stripped = raw.strip()
        line = n + 1
        if not stripped:
            table_roles = None
            doc.utterances.append(Utterance(line=line, text="", raw=raw, kind="blank"))
            continue
        if stripped.startswith("|"):
            cells = [_md_clean(c) for c in stripped.strip("|").split("|")]
            if table_roles is None:
                table_header = cells
                table_roles = column_roles(cells)
                doc.utterances.append(
                    Utterance(line=line, text=" | ".join(cells), raw=raw, kind="header")
                )
                continue
            if _MD_TABLE_SEP.match(stripped):
                doc.utterances.append(Utterance(line=line, text="", raw=raw, kind="blank"))
                continue
            doc.utterances.append(_table_row(line, raw, cells, table_roles, table_header))
            continue
        table_roles = None
        hm = _MD_HEADING.match(stripped)
        if hm:
            doc.utterances.append(
                Utterance(
                    line=line,
                    text=_md_clean(hm.group(2)),
                    raw=raw,
                    kind="heading",
                    heading_level=len(hm.group(1)),
                )
            )
            continue
        bullet, body = _strip_bullet(stripped)
        done = bool(_DONE_BOX.match(stripped))
        speaker, text = split_speaker(_md_clean(body))
        doc.utterances.append(
            Utterance(
                line=line,
                text=("[x] " if done else "") + text.strip(),
                raw=raw,
                bullet=bullet,
                speaker=speaker,
            )
        )
    return doc


def _table_row(
    line: int | None, raw: str, cells: list[str], roles: dict[int, str], headers: list[str]
) -> Utterance:
    if "task" in roles.values() and ("owner" in roles.values() or "due" in roles.values()):
        mapped = {role: cells[i] for i, role in roles.items() if i < len(cells)}
        return Utterance(
            line=line, text=mapped.get("task", ""), raw=raw, kind="table_row", cells=mapped
        )
    # Not an action table: keep the row as text so nothing is lost.
    text = "；".join(f"{h}：{c}" if h else c for h, c in zip(headers, cells, strict=False) if c)
    return Utterance(line=line, text=text or " | ".join(cells), raw=raw)


# ---------------------------------------------------------------- WebVTT and SRT

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-z][^>]*>|<\d{1,2}:\d{2}[:.\d]*>", re.I)
_CUE_TIME = re.compile(r"-->")


# the end of a sentence: a cue that ends otherwise (「…过期了，」) is cut mid-sentence
_SENTENCE_END = re.compile(r"[。！？!?.…~～」”\"')）]\s*$")


def _continued_speaker(doc: MeetingDocument) -> str | None:
    """The speaker of a cue that names none, when the cue before ended mid-sentence: a
    subtitle export cuts one person's long sentence into cues and labels the first only
    (「郝云: 仓库的温湿度计有好几个过期了，」 / 「我这周内送去校准。」). A cue after a full stop
    stays unnamed: the next voice may be anyone's."""
    last = next((u for u in reversed(doc.utterances) if u.kind == "text"), None)
    if last is None or not last.speaker or not last.text or _SENTENCE_END.search(last.text):
        return None
    return last.speaker


def _read_vtt(lines: list[str], filename: str) -> MeetingDocument:
    doc = MeetingDocument(filename=filename, format="vtt")
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise CorruptDocumentError(f"{filename}: not a WebVTT file (it must start with WEBVTT)",
                                   "min_read_vtt", file=filename)
    cues = 0
    n = 1
    notes: list[str] = []
    while n < len(lines):
        s = lines[n].strip()
        if not s:
            doc.utterances.append(Utterance(line=n + 1, text="", raw=lines[n], kind="blank"))
            n += 1
            continue
        if s.startswith("NOTE") or s.startswith("STYLE") or s.startswith("REGION"):
            rest = s[4:].strip() if s.startswith("NOTE") else ""
            if rest:
                notes.append(rest)
            doc.utterances.append(Utterance(line=n + 1, text=rest, raw=lines[n], kind="header"))
            n += 1
            while n < len(lines) and lines[n].strip():
                if s.startswith("NOTE"):
                    notes.append(lines[n].strip())
                doc.utterances.append(
                    Utterance(line=n + 1, text=lines[n].strip(), raw=lines[n], kind="header")
                )
                n += 1
            continue
        # cue: optional identifier, timing line, text lines
        if not _CUE_TIME.search(s) and n + 1 < len(lines) and _CUE_TIME.search(lines[n + 1]):
            doc.utterances.append(Utterance(line=n + 1, text="", raw=lines[n], kind="header"))
            n += 1
            s = lines[n].strip()
        if not _CUE_TIME.search(s):
            raise CorruptDocumentError(
                f"{filename}: line {n + 1}: expected a cue timing line "
                f"(00:00:01.000 --> 00:00:02.000)", "min_read_vtt_cue", file=filename,
                line=n + 1)
        doc.utterances.append(Utterance(line=n + 1, text="", raw=lines[n], kind="header"))
        cues += 1
        n += 1
        speaker = _continued_speaker(doc)
        while n < len(lines) and lines[n].strip():
            raw = lines[n]
            vm = _VOICE.search(raw)
            if vm:
                speaker = vm.group(1).strip()
            text = _TAG.sub("", raw).strip()
            sp, text = split_speaker(text, cue=True)
            speaker = sp or speaker
            doc.utterances.append(
                Utterance(line=n + 1, text=text, raw=raw, speaker=speaker, block=cues)
            )
            n += 1
    if cues == 0:
        raise CorruptDocumentError(f"{filename}: no cues found in this WebVTT file",
                                   "min_read_vtt_empty", file=filename)
    _header_from_notes(doc, notes)
    return doc


def _read_srt(lines: list[str], filename: str) -> MeetingDocument:
    import srt

    try:
        subs = list(srt.parse("\n".join(lines) + "\n"))
    except (srt.SRTParseError, ValueError) as e:
        raise CorruptDocumentError(f"{filename}: not a valid SRT subtitle file ({e})",
                                   "min_read_srt", file=filename, detail=str(e)) from None
    if not subs:
        raise CorruptDocumentError(f"{filename}: no subtitles found in this SRT file",
                                   "min_read_srt_empty", file=filename)
    doc = MeetingDocument(filename=filename, format="srt")
    n = 0
    cues = 0
    while n < len(lines):
        s = lines[n].strip()
        if not s:
            doc.utterances.append(Utterance(line=n + 1, text="", raw=lines[n], kind="blank"))
            n += 1
            continue
        if re.fullmatch(r"\d+", s) and n + 1 < len(lines) and _CUE_TIME.search(lines[n + 1]):
            doc.utterances.append(Utterance(line=n + 1, text="", raw=lines[n], kind="header"))
            n += 1
            continue
        if _CUE_TIME.search(s):
            doc.utterances.append(Utterance(line=n + 1, text="", raw=lines[n], kind="header"))
            n += 1
            cues += 1
            speaker = _continued_speaker(doc)
            while n < len(lines) and lines[n].strip():
                raw = lines[n]
                text = _TAG.sub("", raw).strip()
                sp, text = split_speaker(text, cue=True)
                speaker = sp or speaker
                doc.utterances.append(
                    Utterance(line=n + 1, text=text, raw=raw, speaker=speaker, block=cues)
                )
                n += 1
            continue
        doc.utterances.append(Utterance(line=n + 1, text=s, raw=lines[n]))
        n += 1
    return doc


def _header_from_notes(doc: MeetingDocument, notes: list[str]) -> None:
    for note in notes:
        m = re.match(r"^([^:：]{1,20})[:：]\s*(.*)$", note)
        if not m or not m.group(2).strip():
            continue
        key, val = m.group(1).strip(), m.group(2).strip()
        if (
            re.fullmatch(r"会议|会议名称|主题|标题|Title|Meeting|Subject", key, re.I)
            and not doc.title
        ):
            doc.title = val
        elif re.fullmatch(r"日期|时间|会议时间|Date", key, re.I) and not doc.date:
            doc.date = find_full_date(val)


# ---------------------------------------------------------------- .docx


def _check_unzipped_size(data: bytes, filename: str) -> None:
    """Refuse a zip bomb from its directory, before anything is decompressed.

    The sizes come from the zip's own directory; a member that lies about its size fails
    zipfile's CRC check when read, so python-docx never holds more than this."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CorruptDocumentError(
            f"{filename}: the Word document is damaged or not a .docx", "min_read_docx",
            file=filename) from None
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename == "word/document.xml")
    for size, limit, what in ((total, MAX_UNZIPPED_BYTES, "package"),
                              (xml, MAX_DOCX_XML_BYTES, "text (word/document.xml)")):
        if size > limit:
            raise FileTooLargeError(
                f"{filename}: the document's {what} is {size / 1e6:.1f} MB unzipped, more "
                f"than the {limit / 1e6:.1f} MB limit",
                "min_read_unzipped" if what == "package" else "min_read_unzipped_text",
                file=filename, mb=f"{size / 1e6:.1f}", limit=f"{limit / 1e6:.1f}")


def _read_docx(
    data: bytes, filename: str, today: dt.date | None, tz: dt.tzinfo | None
) -> MeetingDocument:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptDocumentError(f"{filename}: not a Word .docx file (it is not a zip package)",
                                   "min_read_not_zip", file=filename)
    _check_unzipped_size(data, filename)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        count = sum(1 for el in body.iterchildren() if el.tag.endswith(("}p", "}tbl")))
        if count <= MAX_LINES:
            blocks = list(document.iter_inner_content())
    except Exception as e:  # python-docx raises many types for broken packages
        raise CorruptDocumentError(
            f"{filename}: the Word document is damaged or not a .docx ({type(e).__name__})",
            "min_read_docx", file=filename) from None
    if count > MAX_LINES:
        raise FileTooLargeError(_too_many(filename, count, "paragraphs and tables"),
                                "min_read_paragraphs", file=filename, n=count, limit=MAX_LINES)
    doc = MeetingDocument(filename=filename, format="docx")
    para_no = 0
    styles: dict[str | None, str] = {}  # python-docx looks a style up anew on every access
    for block in blocks:
        if isinstance(block, Paragraph):
            para_no += 1
            raw = block.text
            text = raw.strip()
            sid = block._p.style
            if sid not in styles:
                styles[sid] = (block.style.name if block.style is not None else "") or ""
            style = styles[sid]
            if not text:
                doc.utterances.append(Utterance(line=para_no, text="", raw=raw, kind="blank"))
            elif style == "Title" or style.startswith("Heading"):
                level = 1 if style == "Title" else int(re.sub(r"\D", "", style) or 1)
                doc.utterances.append(
                    Utterance(line=para_no, text=text, raw=raw, kind="heading", heading_level=level)
                )
                if style == "Title" and not doc.title:
                    doc.title = text
            else:
                bullet, body = _strip_bullet(text)
                speaker, body = split_speaker(body)
                doc.utterances.append(
                    Utterance(
                        line=para_no,
                        text=body.strip(),
                        raw=raw,
                        bullet=bullet or "List" in style,
                        speaker=speaker,
                    )
                )
        elif isinstance(block, Table):
            rows = [[c.text.strip() for c in row.cells] for row in block.rows]
            if not rows:
                continue
            if len(doc.utterances) + len(rows) > MAX_LINES:
                total = len(doc.utterances) + len(rows)
                raise FileTooLargeError(_too_many(filename, total, "paragraphs and table rows"),
                                        "min_read_paragraphs", file=filename, n=total,
                                        limit=MAX_LINES)
            roles = column_roles(rows[0])
            for cells in rows[1:]:
                # Table cells are not body paragraphs: they have no line of their own.
                doc.utterances.append(_table_row(None, " | ".join(cells), cells, roles, rows[0]))
    if not any(u.text for u in doc.utterances):
        raise EmptyFileError(f"{filename}: the Word document has no text",
                             "min_read_docx_empty", file=filename)
    _fill_header(doc, today, tz)
    return doc


# ---------------------------------------------------------------- header: title, date, attendees

_MONTHS = {
    m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())
}
_FULL_DATES = (
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (
        re.compile(
            r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
            r"[a-z]*\.?,?\s+(\d{4})\b",
            re.I,
        ),
        "dmy",
    ),
    (
        re.compile(
            r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})"
            r"(?:st|nd|rd|th)?,?\s+(\d{4})\b",
            re.I,
        ),
        "mdy",
    ),
)


def find_full_date(text: str) -> dt.date | None:
    """The first date with a year in ``text`` (2026年11月20日, 2026-11-20, Nov 20, 2026…)."""
    best: tuple[int, dt.date] | None = None
    for rx, order in _FULL_DATES:
        m = rx.search(text)
        if not m:
            continue
        try:
            if order == "ymd":
                d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif order == "dmy":
                d = dt.date(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
            else:
                d = dt.date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), d)
    return best[1] if best else None


_DATE_KEY = re.compile(
    r"^(会议时间|会议日期|时间|日期|录制日期|录制时间|开会时间|"
    r"Date|When|Meeting date|Time)\s*[:：]",
    re.I,
)
_ATTENDEE_KEY = re.compile(
    r"^(参会人员|参会人|参会|出席人员|出席|与会人员|与会|参加人员|Attendees|Participants|Present)"
    r"\s*[:：]\s*(.*)$",
    re.I,
)
_TITLE_HINT = re.compile(
    r"纪要|会议|例会|周会|复盘|评审|专题|协调会|站会|minutes|meeting|sync|review|"
    r"stand-?up|retro|summary|kick-?off|workshop",
    re.I,
)


_MONTH_DAY = re.compile(r"(?<![\d/.])(\d{1,2})\s*(?:/|月)\s*(\d{1,2})(?:\s*[日号])?(?![\d/])")


def _month_day_without_year(text: str, today: dt.date) -> dt.date | None:
    m = _MONTH_DAY.search(text)
    return _latest_day(int(m.group(1)), int(m.group(2)), today) if m else None


def _latest_day(month: int | None, day: int | None, today: dt.date) -> dt.date | None:
    """The latest ``month``/``day`` up to ``today``: a meeting is recorded before it is read."""
    if month is None or day is None:
        return None
    for year in (today.year, today.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        if d <= today:
            return d
    return None


# 「今天是十一月九号」 / "today is Monday, November 9th": subtitles have no header, and the
# chair saying the day at the start of the call is the only date of the meeting
_SAID_TODAY_ZH = re.compile(
    r"今天(?:是|就是)?\s*(?:\d{4}\s*年)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号號]"
    r"(?:[\s，,]*(?:是)?(?:周|星期|礼拜)([一二三四五六日天]))?"
)
_SAID_TODAY_EN = re.compile(
    r"\btoday(?:'s|\s+is)\s+(?:(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b",
    re.I,
)


def _said_today(text: str, today: dt.date) -> dt.date | None:
    """The day a speaker says it is today (no year: the latest such day up to ``today``,
    unless a weekday said with it names the year)."""
    if m := _SAID_TODAY_ZH.search(text):
        month, day = zh_number(m.group(1)), zh_number(m.group(2))
        weekday = ZH_WEEKDAY.get(m.group(3) or "")
    elif m := _SAID_TODAY_EN.search(text):
        month, day = _MONTHS[m.group(2)[:3].lower()], int(m.group(3))
        weekday = EN_WEEKDAY.get((m.group(1) or "")[:3].lower())
    else:
        return None
    return _day_of_weekday(month, day, weekday, today) or _latest_day(month, day, today)


def _day_of_weekday(
    month: int | None, day: int | None, weekday: int | None, today: dt.date
) -> dt.date | None:
    """「今天是十二月九号周三」: of last year, this year and next, the ``month``/``day`` nearest
    ``today`` that falls on the ``weekday`` said with it. The weekday is the speaker's word
    for the year; the clock that reads the file may lag the recording (a timezone, a wrong
    clock, a file dated ahead), and the latest such day up to it then falls on another
    weekday a year early, moving every relative due with it."""
    if month is None or day is None or weekday is None:
        return None
    days = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday:
            days.append(d)
    return min(days, key=lambda d: abs((d - today).days), default=None)


# Zoom names a cloud recording's transcript by its start in GMT
# (GMT20261124-013000_Recording.transcript.vtt); other exports and people put the day in
# the name as 20261118 or 2026-11-18 (面辅料周会_20261118.srt)
_ZOOM_NAME = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})")
_COMPACT_DATE = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(filename: str, tz: dt.tzinfo | None = None) -> dt.date | None:
    """The meeting day a file's name gives, for a transcript whose text states none: the
    local day (in ``tz``) of a Zoom recording's GMT start, else a full date in the name."""
    name = Path(filename).name
    if m := _ZOOM_NAME.search(name):
        try:
            start = dt.datetime(*(int(g) for g in m.groups()), tzinfo=dt.UTC)
        except ValueError:
            return None
        return start.astimezone(tz).date() if tz is not None else start.date()
    if d := find_full_date(name):
        return d
    if m := _COMPACT_DATE.search(name):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def _fill_header(doc: MeetingDocument, today: dt.date | None, tz: dt.tzinfo | None) -> None:
    """Title, date and attendees from the first lines, when the format did not give them."""
    head = [u for u in doc.utterances if u.kind != "blank"][:15]
    for u in head:
        plain = re.sub(r"^[-*+]\s+", "", _md_clean(u.raw.strip()))
        if not doc.date and _DATE_KEY.match(plain):
            doc.date = find_full_date(plain)
        am = _ATTENDEE_KEY.match(plain)
        if am and not doc.attendees:
            body = re.sub(r"[（(][^）)]*[）)]", "", am.group(2))
            doc.attendees = [p.strip() for p in re.split(r"[、,，;；/]|\band\b", body) if p.strip()]
    if not doc.date:
        for u in head[:10]:
            d = find_full_date(u.raw)
            if d:
                doc.date = d
                break
    if not doc.date and today is not None:
        # "# 4/29 产品例会" or "日期：11月20日": no year, so the latest such day up to today
        for u in head[:6]:
            if u.kind == "heading" or _DATE_KEY.match(_md_clean(u.raw.strip())):
                doc.date = _month_day_without_year(u.raw, today)
                if doc.date:
                    break
    if not doc.date and today is not None:
        for u in head[:10]:
            if u.kind == "text" and (d := _said_today(u.text, today)):
                doc.date = d
                break
    if not doc.date:
        doc.date = date_in_name(doc.filename, tz)
    if not doc.title:
        for u in head[:5]:
            if u.kind == "heading" or (
                u.kind == "text"
                and _TITLE_HINT.search(u.text)
                and len(u.text) <= 80
                and not u.speaker
            ):
                doc.title = u.text
                break
        else:
            # subtitles start with speech, not a title: the caller falls back to the file name
            first = next((u.text for u in head if u.text and not u.speaker), None)
            doc.title = first[:80] if first and doc.format not in ("srt", "vtt") else None
