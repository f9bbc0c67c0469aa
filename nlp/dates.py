"""Due dates in minutes (zh and en) resolved against the meeting date on the work calendar.

No library resolves all of 下周五前 / 月底 / 3个工作日内 / by end of next week / EOM the way
the annotation guide reads them (see docs/ARCHITECTURE.md, "Relative dates"), so this is
a small rule set of our own: ``find_dates`` returns every date expression with its
character span, the resolved day, and whether it reads as a deadline
(前/之前/内/by/before/within…) or as something else (a range, "week of…", "as of…", a
past day), which the extractor needs to pick the due date out of a line that mentions
several days.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.calendar import WorkCalendar

_ZH_NUM = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
# weekday words → Monday-based index (周末 as a deadline is its Friday); the reader uses them too
ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 4}
EN_WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_EN_MONTH = {
    m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())
}


@dataclass(frozen=True)
class DateMention:
    """One date expression: where it is, what day it means, and how it reads."""

    start: int
    end: int
    text: str
    date: dt.date
    weight: int  # 3 deadline-marked, 2 relative (明天/EOW), 1 bare absolute, 0 not a due date

    @property
    def is_due(self) -> bool:
        return self.weight > 0


def zh_number(s: str) -> int | None:
    """'3' / '三' / '十五' / '两' → int."""
    if s.isdigit():
        return int(s)
    if not s or any(ch not in _ZH_NUM for ch in s):
        return None
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_ZH_NUM[tens] if tens else 1) * 10 + (_ZH_NUM[ones] if ones else 0)
    return _ZH_NUM[s] if len(s) == 1 else None


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def weekday_on_or_after(meeting: dt.date, weekday: int) -> dt.date:
    """周X / by Friday: that day of the meeting's week if not past, else next week's."""
    d = _week_start(meeting) + dt.timedelta(days=weekday)
    return d if d >= meeting else d + dt.timedelta(days=7)


def weekday_next_week(meeting: dt.date, weekday: int) -> dt.date:
    """下周X / next Friday: that day of the following week."""
    return _week_start(meeting) + dt.timedelta(days=7 + weekday)


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _next_month_start(d: dt.date) -> dt.date:
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _future_date(meeting: dt.date, month: int, day: int, year: int | None = None) -> dt.date | None:
    """11月30日 without a year: the next such day on or after the meeting."""
    try:
        if year:
            return dt.date(year, month, day)
        d = dt.date(meeting.year, month, day)
        if d < meeting - dt.timedelta(days=31):
            d = dt.date(meeting.year + 1, month, day)
        return d
    except ValueError:
        return None


# Phrases are tried in this order; the first match at a position wins (longest forms first).
_N = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"
_MN = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"  # a month or day number: 10, 十, 十五
# A time of day after a day of the month (「三号早上八点」): the day is the date.
_DAYPART = r"上午|下午|中午|晚上|早上|一早|傍晚|下班前"
# 「问一下周总」, 「催一下周边」: 一下 (a little) before 周…, no 下周 (next week); 「周一下周二」
# keeps its 下周二.
_NOT_YIXIA = r"(?<!(?<![周期拜])一)"
_ZH_PATTERNS: list[tuple[str, str]] = [
    ("workdays", _N + r"\s*个?(?:工作日|working days?|business days?)"),
    ("caldays", _N + r"\s*(?:天|日|个自然日)(?=内|之内|以内)"),
    ("weeks", _N + r"\s*(?:周|个星期|星期)(?=内|之内|以内)"),
    (
        "after_holiday",
        # spoken: 「节后第一天」, 「年后第一天上班」, 「放假回来第一天」, 「(节后)复工第一天」
        # (the first workday back)
        r"(?:(?:节后|年后|假期后|放假回来|收假后?)(?:复工)?|复工后?)(?:上班)?(?:的)?"
        r"(?:第一个工作日|首个工作日|第一天)"
        # 「节后一上班就…」, 「节后一开工就…」: as soon as work starts again (not 「节后再说」)
        r"|(?:节后|年后|假期后|放假回来|收假后?)(?:一上班|一开工|一复工)(?=\s*就)"
        # 「我节后给个分析报告」, 「节后交给你」: bare 节后 right before handing something over
        # (not 「节后再说」, 「节后统一派」, 「节后给的那批料」, 「节后上班的…」)
        r"|(?:节后|假期后|放假回来|收假后)"
        r"(?=\s*(?:给个|给你|给我|交给|交个|交上|发给|发过来|发群里|报给|报上来|提交|出个)"
        r"(?!的))",
    ),
    (
        "before_holiday",
        # spoken: 「节前交给我」, 「节前把…收齐」 (the last workday before the next holiday), right
        # before the work or ending a clause; not a qualifier (「节前最后一班」, 「节前收尾」,
        # 「节前要把…」 said of a team), a span round it (「节前节后」, 「节前后」), nor a named
        # holiday's eve (「春节前」 may not be the next holiday)
        r"(?<![春庆午秋明诞旦到至])(?:节前|放假前|假前)"
        r"(?=\s*(?:把|将|交|发|给|报|提交|做完|弄完|搞定|完成|处理|收齐|去(?!过|了)|[，,。；;！!]|$))",
    ),
    ("ymd", r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    ("iso", r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])"),
    ("md", r"(?<![\d一二三四五六七八九十])" + _MN + r"\s*月\s*" + _MN + r"\s*[日号]"),
    (
        "day_of_month",
        # 「15号前」, and in speech 「三十一号下午盘完」: a day and a time of day
        r"(?<![\d月./])(\d{1,2})\s*[号日](?=\s*(?:前|之前|以前|" + _DAYPART + r"))|"
        r"(?<![\d月./一二三四五六七八九十])([一二三四五六七八九十]{1,3})\s*号"
        r"(?=\s*(?:前|之前|以前|" + _DAYPART + r"))",
    ),
    ("mid_month", r"(?:本月|这个月)?月中(?!旬)"),
    ("md_dot", r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?=\s*(?:前|之前|以前|日|号))"),
    ("this_month_day", r"(?:本月|这个月|当月)" + _MN + r"\s*[日号]"),
    ("next_month_day", r"下个?月" + _MN + r"\s*[日号]"),
    ("week_after_next_day", r"下下(?:个)?(?:周|星期|礼拜)\s*([一二三四五六日天])"),
    ("md_slash", r"(?<![\d/.:])(\d{1,2})/(\d{1,2})(?![\d/%]|[.:]\d)"),
    ("month_end", r"(?<![\d一二三四五六七八九十])" + _MN + r"\s*月\s*(?:底|末)"),
    # 「本月底」, 「这个月底」 (这个 + 月底), 「这个月月底」
    ("this_month_end", r"(?:本月|这个月|当月|本|这个?|当)?月\s*[底末]"),
    ("next_month_start", r"下个?月初"),
    # a holiday of a fixed day as the time limit: 「圣诞节前出来」, 「元旦之前发给大家」 (read on an
    # airport ground handler's transcripts; 春节 and the other lunar ones move with the year);
    # not a span round it (「元旦前后的排班」, 「元旦前那两周」) nor a date moved to
    # (「提前到元旦前」)
    ("christmas", r"(?<![到至])圣诞(?:节)?(?=\s*(?:之|以)?前(?![后那这的两几]))"),
    ("new_year", r"(?<![到至])元旦(?:节)?(?=\s*(?:之|以)?前(?![后那这的两几]))"),
    ("next_month_end", r"下个?月[底末]"),
    ("year_end", r"年[底末]"),
    ("next_week_day", _NOT_YIXIA + r"下(?:个)?(?:周|星期|礼拜)\s*([一二三四五六日天])"),
    ("this_week_in", r"(?:本|这)(?:个)?(?:周|星期|礼拜)(?:内|之内|末)?(?![一二三四五六日天的])"),
    (
        "next_week_in",
        # (not 「下周的PM计划」: before 的 the week names the work, as 这周的 does)
        _NOT_YIXIA
        + r"下(?:个)?(?:周|星期|礼拜)(?:内|之内|末)?(?![一二三四五六日天]|的(?!时候|话))",
    ),
    ("week_day", r"(?:本|这|这个)?(?:周|星期|礼拜)\s*([一二三四五六日天])"),
    ("today", r"今天|今日|今晚|当天|本日"),
    ("tomorrow", r"明天|明日|明早|明晚"),
    ("day_after", r"后天"),
    ("past", r"昨天|前天|上周[一二三四五六日天]?|上个?月|上星期|去年"),
]
# Case-sensitive abbreviations: "may", "sat", "sun", "mar" are also ordinary words.
_EN_WD = (
    r"((?-i:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_EN_MON = (
    r"((?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|(?-i:May)|january|february|"
    r"march|april|june|july|august|september|october|november|december)"
)
# Days of the month as speech recognition writes them: "October twelfth", "the twenty-first".
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_ORDINAL_DAY = {w: i + 1 for i, w in enumerate(_ORDINALS)}
_ORDINAL_DAY.update({f"twenty{sep}{w}": 20 + i + 1 for i, w in enumerate(_ORDINALS[:9])
                     for sep in ("-", " ")})
_ORDINAL_DAY.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31})
_EN_ORDINAL = "|".join(sorted(map(re.escape, _ORDINAL_DAY), key=len, reverse=True))
_EN_EOD = r"(?:(?:\bend\s+of\s+(?:the\s+)?day|\beod)[\s,]+(?:on\s+)?)?"
_EN_PATTERNS: list[tuple[str, str]] = [
    (
        "workdays",
        r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:working|business|work)"
        r"\s+days?",
    ),
    (
        "caldays",
        r"(?:(?<=within )|(?<=\bin ))(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
        r"\s+days?",
    ),
    ("weeks", r"(?:(?<=within )|(?<=\bin ))(\d{1,3}|one|two|three|four)\s+weeks?"),
    (
        "day_of_month",
        r"(?:(?<=by the )|(?<=before the )|(?<=until the )|(?<=due the ))"
        r"(\d{1,2})(?:st|nd|rd|th)\b",
    ),
    ("iso", r"(?<![\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d.])"),
    ("en_dmy", r"\b(\d{1,2}|" + _EN_ORDINAL + r")(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MON
     + r"(?:,?\s+(\d{4}))?\b"),
    ("en_mdy", r"\b" + _EN_MON + r"\s+(?:the\s+)?(\d{1,2}|" + _EN_ORDINAL
     + r")(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?"),
    ("next_week_end", r"\b(?:the\s+)?end\s+of\s+next\s+week\b"),
    ("en_month_end", r"\b(?:the\s+)?end\s+of\s+" + _EN_MON),
    ("this_week_in", r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week\b|\beow\b|\bthis\s+week\b"),
    ("next_month_end", r"\b(?:the\s+)?end\s+of\s+next\s+month\b"),
    (
        "this_month_end",
        r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month\b|\beom\b|\bmonth[- ]end\b",
    ),
    (
        "next_month_start",
        r"\b(?:the\s+)?(?:beginning|start)\s+of\s+next\s+month\b|\bearly\s+next\s+month\b",
    ),
    ("year_end", r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year\b|\beoy\b|\byear[- ]end\b"),
    # "before Christmas" (calls with foreign clients, mixed Chinese–English talk): Dec 25
    ("christmas", r"\b(?:christmas|xmas)(?:\s+day)?\b"),
    # "by end of day Monday", "EOD Friday": the end of that day, not of today
    ("next_week_day", _EN_EOD + r"\bnext\s+" + _EN_WD + r"\b"),
    ("next_week_in", r"\bnext\s+week\b"),
    ("week_day", _EN_EOD + r"\b(?:this\s+)?" + _EN_WD + r"\b"),
    (
        "today",
        r"\btoday\b|\btonight\b|\beod\b|\bend\s+of\s+(?:the\s+)?day\b|\bthis\s+(?:afternoon|evening)\b",
    ),
    ("tomorrow", r"\btomorrow\b"),
    ("past", r"\byesterday\b|\blast\s+(?:week|month|year|" + _EN_WD + r")\b"),
]
_ZH_RX = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _ZH_PATTERNS), re.I)
_EN_RX = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _EN_PATTERNS), re.I)


def _offsets(rx: re.Pattern[str], patterns: list[tuple[str, str]]) -> dict[str, int]:
    out = {}
    for name, _ in patterns:
        out[name] = rx.groupindex[name]
    return out


_ZH_OFF = _offsets(_ZH_RX, _ZH_PATTERNS)
_EN_OFF = _offsets(_EN_RX, _EN_PATTERNS)
_EN_WORDNUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_DEADLINE_AFTER = re.compile(
    r"^\s*(?:[（(][^）)]{0,12}[）)])?\s*(?:(?:上午|下午|中午|晚上|早上|下班|"
    r"\d{1,2}[:：]\d{2}|\d{1,2}点(?:前|之前)?)\s*)*(?:前|之前|以前|内|之内|以内|为止|"
    r"截止|完成|交|提交)"
)
_DEADLINE_BEFORE = re.compile(
    r"(?:\bby|\bbefore|\bno later than|\bwithin|\bdue(?:\s+date)?|\buntil|\bdeadline|"
    r"截止(?:到|至|时间|日期)?|完成时间|最晚|最迟|不晚于|—|–|-{1,2})\s*[:：]?\s*(?:the\s+)?(?:on\s+)?$",
    re.I,
)
_IDIOM = re.compile(r"\bat\s+the\s+end\s+of\s+the\s+day\b", re.I)
_NOT_DUE_BEFORE = re.compile(
    r"(?:\bweek\s+of|\bsince|\bfrom|\bas\s+of|\bafter|截至|"
    r"从|自|于\S{0,2}召开|定于|定在|改到|改为|时间[:：]?)\s*$",
    re.I,
)
_RANGE_AFTER = re.compile(r"^\s*(?:to|through|until|[-–~～至到])\s*\d", re.I)
# An event held on the day, unless the work is due before it (「明天开会前发给我」 is a
# limit): one spelling for both checks that read a day as the day of an event.
_NOT_BEFORE_IT = r"(?!之前|以前|前)"
_NOT_DUE_AFTER = re.compile(
    r"^\s*(?:(?:开始|召开|开会|举行|上线|投入使用|到货|启用|停发)" + _NOT_BEFORE_IT +
    r"|起|以来|之后|以后|后)"
    # when someone is away or the holiday starts: 「周五就放假了」, 「周五端午放假」,
    # 「明天我请假了」, 「周五我要去外地出差」 (the reason a date moves, not a due date)
    r"|^\s*(?:[我他她]们?)?(?:就|要|都|也|还|正好)?(?:要?去\S{0,4}?)?"
    r"(?:端午|中秋|国庆|春节|清明|五一|元旦|过年)?节?"
    r"(?:放假|休假|请假|不在|出差|休息|调休)"
)


_HOLIDAY_LIMIT = re.compile(r"^(?:元旦|圣诞)")


def _holiday_as_far_limit(out: list[DateMention]) -> list[DateMention]:
    """「元旦前必须换掉。…采购申请提了，下周一前」: a holiday named as the time limit
    (元旦前, 圣诞节前) is the far limit when another date is said with it, so it weighs as a
    bare date and the nearer date the work asked for wins; said alone (「我们这边元旦节前能
    报上来」) it is the due date, as any other limit."""
    if not any(not _HOLIDAY_LIMIT.match(d.text) and d.weight >= 2 for d in out):
        return out
    return [
        DateMention(d.start, d.end, d.text, d.date, min(d.weight, 1))
        if _HOLIDAY_LIMIT.match(d.text)
        else d
        for d in out
    ]


def find_dates(text: str, meeting: dt.date, calendar: WorkCalendar) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``meeting`` on ``calendar``."""
    out: list[DateMention] = []
    for rx, offs, en in ((_ZH_RX, _ZH_OFF, False), (_EN_RX, _EN_OFF, True)):
        # Matches of the first pattern set, sorted: an overlap test by bisection stays linear.
        taken = [(o.start, o.end) for o in out]
        starts = [s for s, _ in taken]
        for m in rx.finditer(text):
            kind = m.lastgroup
            if kind is None:
                continue
            i = bisect_left(starts, m.end())
            if i > 0 and taken[i - 1][1] > m.start():
                continue
            base = offs[kind]
            groups = [m.group(base + i) for i in range(1, 5) if base + i <= rx.groups]
            day = _resolve(kind, groups, meeting, calendar, en)
            if day is None:
                continue
            weight = _weight(text, m.start(), m.end(), kind)
            if (
                re.search(r"[- ]end$", m.group(0), re.I)
                and re.match(r"^\s+[a-z]", text[m.end() :])
                and not _DEADLINE_BEFORE.search(text[max(0, m.start() - 16) : m.start()])
            ):
                weight = 0  # "year-end safety training": an adjective, not a date
            if weight == 2 and m.group(0).endswith(("内", "末")):
                weight = 3
            out.append(DateMention(m.start(), m.end(), m.group(0), day, weight))
    out.sort(key=lambda d: d.start)
    out = _holiday_as_far_limit(out)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        # 「今天下午和明天上午把三个库走一遍」: work over both days is done by the later one
        if a.weight > 0 and b.date > a.date and _JOINED.fullmatch(text[a.end : b.start]):
            out[k] = DateMention(a.start, a.end, a.text, a.date, 0)
    for k, a in enumerate(out):
        # 「下周找个时间，嗯周三吧」: a bare weekday said after 下周 is that week's day
        if not _NEXT_WEEK.fullmatch(a.text):
            continue
        week = a.date - dt.timedelta(days=a.date.weekday())
        for j in range(k + 1, len(out)):
            b = out[j]
            if b.start - a.end > 16 or _SENT_STOP.search(text, a.end, b.start):
                break
            if _BARE_WEEKDAY.fullmatch(b.text) and b.date < week:
                day = week + dt.timedelta(days=b.date.weekday())
                out[j] = DateMention(b.start, b.end, b.text, day, b.weight)
    return out


_NEXT_WEEK = re.compile(r"下(?:个)?(?:周|星期|礼拜)(?:内|之内)?")
_BARE_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]")
_SENT_STOP = re.compile(r"[。？?！!]")


# Two days joined as one span of work: 「今天下午和明天上午」, 「周四、周五两天」.
_JOINED = re.compile(r"\s*(?:上午|下午|中午|晚上|早上)?\s*(?:和|跟|与|、)\s*")


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    s = s.strip().lower()
    return _EN_WORDNUM.get(s) if s in _EN_WORDNUM else zh_number(s)


# ---- resolvers: one named step per kind of phrase ----------------------------------------
# Each takes the phrase's groups, the meeting date, the work calendar and whether the
# phrase is English, and returns the day it names (None: no such day).

Groups = list[str | None]
Resolver = Callable[[Groups, dt.date, WorkCalendar, bool], dt.date | None]


def _in_workdays(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    n = _num(g[0])
    return cal.add_workdays(meeting, n) if n else None


def _in_days(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    n = _num(g[0])
    return meeting + dt.timedelta(days=n) if n is not None else None


def _in_weeks(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    n = _num(g[0])
    return meeting + dt.timedelta(days=7 * n) if n else None


def _after_holiday(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return cal.first_workday_after_holiday(meeting)


def _before_holiday(g: Groups, meeting: dt.date, cal: WorkCalendar,
                    en: bool) -> dt.date | None:
    """节前: the last workday before the holiday that 节后 is after (said on 2026-09-22,
    2026-09-30: 10-01 is itself a holiday)."""
    return cal.previous_workday(cal.first_workday_after_holiday(meeting))


def _year_month_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return _future_date(meeting, int(g[1]), int(g[2]), int(g[0]))


def _day_of_month(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    """"15号前" / "十五号前": this month's 15th, or next month's once it has passed."""
    day = _num(g[0] or g[1])
    return None if day is None else day_of_month(day, meeting)


def day_of_month(day: int, meeting: dt.date) -> dt.date | None:
    """The ``day``-th of the meeting's month, or of the next month once it has passed."""
    for first in (meeting.replace(day=1), _next_month_start(meeting)):
        try:
            d = first.replace(day=day)
        except ValueError:
            continue
        if d >= meeting:
            return d
    return None


def _mid_month(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return meeting.replace(day=15) if meeting.day <= 15 else None


def _this_month_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    day = _num(g[0])
    return _future_date(meeting, meeting.month, day) if day else None


def _next_month_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    try:
        return _next_month_start(meeting).replace(day=_num(g[0]) or 0)
    except ValueError:
        return None


def _week_after_next_day(g: Groups, meeting: dt.date, cal: WorkCalendar,
                         en: bool) -> dt.date | None:
    return weekday_next_week(meeting, ZH_WEEKDAY[g[0]]) + dt.timedelta(days=7)


def _month_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    """"11月20日", "十一月二十号", "11/20", "11.20"."""
    month, day = _num(g[0]), _num(g[1])
    return _future_date(meeting, month, day) if month and day else None


def _day(s: str) -> int:
    """A day of the month in digits or spelled out (twelfth, twenty-first)."""
    return int(s) if s.isdigit() else _ORDINAL_DAY[s.lower()]


def _en_day_month(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return _future_date(meeting, _EN_MONTH[g[1][:3].lower()], _day(g[0]),
                        int(g[2]) if g[2] else None)


def _en_month_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return _future_date(meeting, _EN_MONTH[g[0][:3].lower()], _day(g[1]),
                        int(g[2]) if g[2] else None)


def _month_end(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    """"11月底": this year's, or next year's when the month is well past."""
    month = _num(g[0])
    if month is None or not 1 <= month <= 12:
        return None
    return month_end(meeting.year + (month < meeting.month - 1), month)


def _en_month_end(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    month = _EN_MONTH[g[0][:3].lower()]
    return month_end(meeting.year + (month < meeting.month - 1), month)


def _this_month_end(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return month_end(meeting.year, meeting.month)


def _next_month_start_day(g: Groups, meeting: dt.date, cal: WorkCalendar,
                          en: bool) -> dt.date | None:
    """"下月初": the 5th of next month."""
    return _next_month_start(meeting) + dt.timedelta(days=4)


def _next_month_end(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    nm = _next_month_start(meeting)
    return month_end(nm.year, nm.month)


def _year_end(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return dt.date(meeting.year, 12, 31)


def _christmas(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return _future_date(meeting, 12, 25)


def _new_year(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return _future_date(meeting, 1, 1)


def _weekday(g: Groups, en: bool) -> int:
    return EN_WEEKDAY[g[0][:3].lower()] if en else ZH_WEEKDAY[g[0]]


def _next_week_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return weekday_next_week(meeting, _weekday(g, en))


def _this_week(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    """"本周内" / "end of the week": this Friday (the meeting day itself at a weekend)."""
    return weekday_on_or_after(meeting, 4) if meeting.weekday() <= 4 else meeting


def _next_week(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return weekday_next_week(meeting, 4)


def _week_day(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
    return weekday_on_or_after(meeting, _weekday(g, en))


def _days_after(n: int) -> Resolver:
    def resolve(g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool) -> dt.date | None:
        return meeting + dt.timedelta(days=n)
    return resolve


@dataclass(frozen=True)
class _Kind:
    """How a kind of phrase resolves and how strongly it reads as a deadline by itself.

    ``relative``: named against the meeting date ("下周五", "month end"), a likelier due
    date than a bare calendar date; ``deadline``: a deadline in itself ("3个工作日内",
    "end of the week"), whatever words surround it."""

    resolve: Resolver
    relative: bool = False
    deadline: bool = False


# Every name of _ZH_PATTERNS and _EN_PATTERNS, in one table (a test checks they match).
KINDS: dict[str, _Kind] = {
    "workdays": _Kind(_in_workdays, relative=True, deadline=True),
    "caldays": _Kind(_in_days, relative=True, deadline=True),
    "weeks": _Kind(_in_weeks, relative=True, deadline=True),
    "after_holiday": _Kind(_after_holiday, relative=True),
    "before_holiday": _Kind(_before_holiday, relative=True),
    "ymd": _Kind(_year_month_day),
    "iso": _Kind(_year_month_day),
    "day_of_month": _Kind(_day_of_month, relative=True),
    "mid_month": _Kind(_mid_month, relative=True),
    "this_month_day": _Kind(_this_month_day),
    "next_month_day": _Kind(_next_month_day),
    "week_after_next_day": _Kind(_week_after_next_day, relative=True),
    "md": _Kind(_month_day),
    "md_slash": _Kind(_month_day),
    "md_dot": _Kind(_month_day),
    "en_dmy": _Kind(_en_day_month),
    "en_mdy": _Kind(_en_month_day),
    "month_end": _Kind(_month_end, relative=True),
    "en_month_end": _Kind(_en_month_end, relative=True, deadline=True),
    "this_month_end": _Kind(_this_month_end, relative=True),
    "next_month_start": _Kind(_next_month_start_day, relative=True),
    "next_month_end": _Kind(_next_month_end, relative=True),
    "year_end": _Kind(_year_end, relative=True),
    "christmas": _Kind(_christmas),
    "new_year": _Kind(_new_year),
    "next_week_day": _Kind(_next_week_day, relative=True),
    "this_week_in": _Kind(_this_week, relative=True, deadline=True),
    "next_week_in": _Kind(_next_week, relative=True),
    "next_week_end": _Kind(_next_week, relative=True, deadline=True),
    "week_day": _Kind(_week_day, relative=True),
    "today": _Kind(_days_after(0), relative=True),
    "tomorrow": _Kind(_days_after(1), relative=True),
    "day_after": _Kind(_days_after(2), relative=True),
    "past": _Kind(_days_after(0)),  # 昨天, last week: weight 0, never a due date
}


def _resolve(
    kind: str, g: Groups, meeting: dt.date, cal: WorkCalendar, en: bool
) -> dt.date | None:
    k = KINDS.get(kind)
    return k.resolve(g, meeting, cal, en) if k is not None else None


# The end (or middle) of a month or year: before 的 it qualifies a noun (年底的决算).
_PERIOD_ENDS = frozenset(
    {"year_end", "month_end", "this_month_end", "next_month_end", "mid_month"}
)


def _weight(text: str, start: int, end: int, kind: str) -> int:
    if kind == "past" or _IDIOM.search(text[max(0, start - 8) : end]):
        return 0
    if re.match(r"^[\s\-*•>]*$", text[:start]) and re.match(r"^\s*[:：]", text[end:]):
        return 0  # a label ("Today: …", "今天：…"), not a deadline
    before, after = text[max(0, start - 16) : start], text[end : end + 16]
    if _RANGE_AFTER.match(after) or re.search(r"(?:\bfrom|从|自)\s*$", before, re.I):
        return 0
    if re.search(r"[-–~～至到]\s*$", before) and re.search(r"\d\s*[-–~～至到]\s*$", before):
        return 0
    if re.match(r"^(?:……|…|\.{3})", after):
        return 1  # 「这周……呃这周五就放假了」: a date broken off and said again, weakly meant
    if _DEADLINE_AFTER.match(after) or _DEADLINE_BEFORE.search(before):
        return 3
    if re.search(r"(?:之|以)?内$", text[start:end]):
        return 3  # 「下周内上线」, 「这周内到位」: a span to finish within, whatever follows
    if _NOT_DUE_BEFORE.search(before) or _NOT_DUE_AFTER.match(after):
        return 0
    if re.search(r"\b(?:starting|beginning)\s*$", before, re.I):
        return 1  # "add two agents starting tomorrow": when the work happens, a weak due date
    if KINDS[kind].deadline:
        return 3
    if kind == "week_day" and re.match(
        r"^\s*(?:(?:上线|发布|开会|例会|周会)" + _NOT_BEFORE_IT + "|的)", after
    ):
        return 0
    if kind in ("week_day", "next_week_day") and (
        _HELD_AFTER.match(after) or _HELD_BEFORE_EN.search(before)
    ):
        return 0  # 「下周二上午再开个跟进会」, "a call for next Thursday": the day it is held
    if kind == "today" and _CLOSING_AFTER.match(after):
        return 0  # 「今天就到这」, 「今天先这样」: the chair closes the meeting, no work is dated
    if kind in ("today", "tomorrow", "day_after") and re.match(r"^\s*的(?!时候|话)", after):
        return 0  # 「今天的产出…明天给我」: the day qualifies a noun (whose output), not a due date
    if kind in _PERIOD_ENDS and re.match(r"^\s*的(?!时候|话)", after):
        return 0  # 「年底的合同归档」, 「月底的对账」: the period names the work, not its due date
    return 2 if KINDS[kind].relative else 1


# What closes a meeting after 今天: 「今天就到这里」, 「今天先到这」, 「今天就这些」, 「就先这样吧」
_CLOSING_AFTER = re.compile(r"^\s*(?:就|先|就先)?\s*(?:到这|到此|这些|这样)")


# A meeting held on the weekday said before it (「上午再开个跟进会」, 「下午开会」).
_HELD_AFTER = re.compile(
    r"^\s*(?:(?:上午|下午|早上|晚上|中午)\s*)?(?:再|还|要|先)?\s*"
    r"开(?:个|一个|一次|次)?[\u4e00-\u9fff]{0,4}?会"
)


# "set up a call for next Thursday": the day the call is held, not when booking it is due
_HELD_BEFORE_EN = re.compile(
    r"\b(?:call|meeting|sync|catch[- ]?up|check[- ]?in)\s+(?:for|on)\s*(?:the\s+)?$", re.I
)


# A week said as a span (这周, 本周内, 下周, "this week", "end of next week"), not one day.
_WEEK_SPAN = re.compile(r"^(?:这|本|下)(?:个)?(?:周|星期)(?:内|之内)?$|\bweek\b", re.I)


def pick_due(mentions: list[DateMention]) -> DateMention | None:
    """The due date of a task among the dates of its text: the strongest, earliest on ties;
    a day as strong inside a week said as a span narrows it (「这周把表填一下，周四前交」)."""
    best: DateMention | None = None
    for m in mentions:
        if m.weight > 0 and (best is None or m.weight > best.weight):
            best = m
    if best is not None and _WEEK_SPAN.search(best.text):
        week_start = best.date - dt.timedelta(days=best.date.weekday())
        inside = [
            m for m in mentions
            if m.weight == best.weight and not _WEEK_SPAN.search(m.text)
            and week_start <= m.date < best.date
        ]
        if inside:
            return inside[0]
    return best


def resolve_due(text: str, meeting: dt.date, calendar: WorkCalendar) -> dt.date | None:
    """The due date a short text states (a table cell, a clause), or None (尽快/ASAP/none)."""
    m = pick_due(find_dates(text, meeting, calendar))
    return m.date if m else None


# ---- a date counted from an event whose day was said before -------------------------------
# 「升级前一天」, 「展会前三天」, 「上线后一周」, 「提前一天」 (before the thing just dated): the
# event's day is not in the sentence, it was said turns before.
_FROM_EVENT = re.compile(
    r"(?:(?P<ahead>提前)|(?P<event>[\u4e00-\u9fff]{2,4}?)(?<!提)(?P<dir>之?前|之?后|以后))"
    r"(?P<n>[一两二三四五六七八九十\d]{1,3})(?P<unit>天|周|个?星期|个工作日)"
    r"(?![内以之后前])"
)
# (one run of spaces, the comma's own after it: \s*[，,]?\s* tried every split of a long run)
_DAY_SAID_AFTER = re.compile(r"\s*(?:[，,]\s*)?(?:也)?(?:就是|即)")
_MOVED_AHEAD = re.compile(r"把[^，,。；;！？!?]{0,8}$")
# not an event: 「之前」, 「以前」, 「目前」, 「节前」 (left to the holiday rules), a weekday
_NOT_EVENT = re.compile(r"^(?:之|以|目|当|节|年|月|周|日|号|天|这|那|往|向|事|提|最|稍|早)$")


def dates_from_events(
    text: str,
    said_before: Sequence[tuple[str, Sequence[dt.date]]],
    calendar: WorkCalendar,
    taken: Sequence[DateMention],
) -> list[DateMention]:
    """Dates of ``text`` counted from an event whose day was said in the turns before
    (``said_before``: each earlier turn's words and the days said in it, oldest first).
    「升级前一天」 counts from the latest day said in or after the last turn that names 升级
    (a day moved later — 「挪到五月七号」 — is the one that holds); 「提前一天」 names no event
    and counts from the latest day said in the two turns before. Nothing when the event's
    day was not said, or where a date of ``text`` already stands."""
    out: list[DateMention] = []
    if taken:
        return out  # a day said outright (「提前三天，就是二十八号发」) is the one that holds
    for m in _FROM_EVENT.finditer(text):
        if m.group("ahead") and _MOVED_AHEAD.search(text[max(0, m.start() - 10) : m.start()]):
            continue  # 「要把交期提前一周」: a day moved earlier, not one counted from an event
        if _DAY_SAID_AFTER.match(text, m.end()):
            continue  # 「提前三天，就是二十八号发」: the day is said outright after it
        n = zh_number(m.group("n"))
        if n is None or n > 60:
            continue
        event = m.group("event")
        start = m.start() if m.group("ahead") else m.start("dir")
        if event is not None:
            # the event is the word before 前/后: 「MES升级前一天」 → 升级; 「这个展会前」 → 展会
            event = event[-2:]
            if _NOT_EVENT.match(event[-1]):
                continue
            named = [k for k, (said, _) in enumerate(said_before) if event in said]
            if not named:
                continue
            days = [d for _, ds in said_before[named[-1] :] for d in ds]
            start = m.start("event") + len(m.group("event")) - len(event)
        else:
            days = [d for _, ds in said_before[-2:] for d in ds]
        if not days:
            continue
        base, after = days[-1], m.group("dir") is not None and "后" in m.group("dir")
        unit = m.group("unit")
        if unit == "个工作日":
            day = base
            for _ in range(n):
                day = calendar.next_workday(day) if after else calendar.previous_workday(day)
        else:
            span = dt.timedelta(days=n * (7 if unit != "天" else 1))
            day = base + span if after else base - span
        out.append(DateMention(start, m.end(), text[start : m.end()], day, 3))
    return out
