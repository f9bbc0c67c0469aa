"""What a transcript's turns say together that no single line says: who is being spoken
to, and which reply confirms which ask.

Why a separate pass: the line rules see one utterance. In speech an ask and its answer are
two turns (「小李，报价单明天给我」 → 「行，我明天下班前发你」); read line by line, the answer
is a second item, and a bare 「你把文档补一下」 has no owner because the name was said a turn
earlier. Written minutes rarely have either, so this pass only acts on turns with speakers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from models.minutes import Utterance
from nlp.dates import DateMention, day_of_month, zh_number
from nlp.minutes.lexicon import (
    UNKNOWN,
    Mention,
    OrgLexicon,
    department_of,
    name_of,
    nicknames,
    split_name,
)
from nlp.minutes.rules import (
    ACK_START,
    FIRST_PERSON_ZH,
    PUSHBACK,
    PUSHBACK_DAYS,
    THANKS,
    VOCATIVE_TAIL,
    Candidate,
    about_the_call,
    dates_standing,
)

# How many turns back a reply may look for the ask it answers ("A asks B; C: 嗯; B: 好…").
REPLY_REACH = 3
# Characters (punctuation aside) of a turn short enough to be only an answer ("我今天就找他要").
SHORT_ANSWER = 16
# A reply that speaks back to the asker without opening with 好/行: 「周四前发你」.
_BACK_TO_ASKER = re.compile(
    r"(?:发|给|回|告诉|交给|同步给)(?:你|您)|\b(?:send|get|give)\s+(?:it|them|that)\s+to\s+you\b|"
    r"\bget\s+back\s+to\s+you\b",
    re.I,
)
_EN_ACK = re.compile(
    r"^\s*(?:sure|yes|yeah|yep|okay|ok|will do|no problem|got it|sounds good|alright|"
    r"of course|absolutely|on it)\b[\s,.!]*",
    re.I,
)
# A reply that accepts after a few words: 「周五之前应该没问题，…」, 「下周六可以，…」.
_ACCEPTS_AFTER = re.compile(
    r"^[^，,。？?！!]{0,10}?(?:应该|肯定|都)?(?:没问题|可以|没事)[吧啊的]?[，,。！!]|"
    r"^[^，,。？?！!]{1,8}[，,]\s*(?:行|好|可以|没问题)[吧啊的]?[，,。！!]"
)
# A reply that hands the ask on at once: 「行，我让婷婷盯」, 「好，我交给小冯来弄」.
# Also after a first clause that accepts: 「青梅……青梅应该问题不大，我让小褚去问」.
_HANDS_ON = re.compile(
    r"^\W*(?:好的?|行|可以|没问题|嗯)?\W*"
    r"(?:[^，,。？?！!]{0,12}?(?:问题不大|没问题|好办)[吧啊的]?[，,。！!]\s*)?"
    # (「嗯，让婷婷弄」 without 我 hands it on the same way)
    r"(?:我\S{0,3}?)?(?:让|叫|交给|安排)"
)
# A reply that adds work of its own instead of answering: 「好，另外我把…」.
# (还有 opening a clause; inside one, 「那边还有一批图没给我」 is 'there is still')
_NEW_TOPIC = re.compile(
    r"另外|(?:^|[，,。！!？?；;\s]|然后|那)还有|顺便|再说一个|对了|\balso\b|\banother\b|"
    r"(?:^|[.!?]\s+)(?:and|plus)\s+(?:I|we)\b",  # "OK, no problem. And I'll add them to…"
    re.I,
)
# A reply that names a thing of its own before 我: 「盘点表我今天下班前打出来」 (not 这个我来).
_OWN_TOPIC = re.compile(
    r"(?:^|[，,。\s])(?!这个|那个|这块|那块|这边|这事|那边)[\u4e00-\u9fff]{2,10}我(?!们)"
)
# A name said at the start of a turn, to call on that person: 「晓晓，…」 「小陈啊，…」.
_VOCATIVE_AFTER = re.compile(rf"^\s*{VOCATIVE_TAIL}(?:[，,：:]|你)")


@dataclass
class Turn:
    """One line and the items the line rules found in it (speaker_id None: not speech)."""

    utt: Utterance
    speaker_id: str | None
    section: str | None
    items: list[Candidate] = field(default_factory=list)
    called: tuple[str, str] | None = None  # (id, name) the turn opens by calling on
    due: dt.date | None = None  # a date the turn states (used when it answers an ask)
    # the date its first sentence states, when the turn has more than one (「好，下周一之前。
    # 机房的UPS我也巡检一遍」: the answer's date, before a task of the replier's own)
    first_due: dt.date | None = None
    confirmed: set[int] = field(default_factory=set)  # indexes of items a reply answered
    # the turn's text as the rules read it, and every date said in it (for a date moved later)
    said: str = ""
    dates: list[DateMention] = field(default_factory=list)


def called_on(text: str, lex: OrgLexicon) -> tuple[str, str] | None:
    """(staff id, name as said) of the person a turn opens by calling on, if any."""
    for m in lex.find(text[:16]):
        if m.kind != "person" or m.id == "?" or text[: m.start].strip(" ，,嗯呃那个好的行"):
            continue
        if _VOCATIVE_AFTER.match(text[m.end :]):
            return m.id, m.text
    return None


def is_reply(text: str) -> bool:
    """Does the turn answer what was just asked (opens by accepting, or speaks back)?"""
    opens = ACK_START.match(text) or _EN_ACK.match(text)
    accepted = bool(opens and opens.group(0).strip(" ，,。"))
    accepted = accepted or bool(_ACCEPTS_AFTER.match(text))
    # 「好，我周一前拿回来。机房的UPS我也顺便巡检一遍」 answers first, then adds its own
    first = re.split(r"(?<=[。！？!?.])\s*", text.strip(), maxsplit=1)[0]
    return (accepted or bool(_BACK_TO_ASKER.search(text))) and not _NEW_TOPIC.search(first)


def merge_confirmations(
    turns: list[Turn], lex: OrgLexicon, meeting: dt.date | None = None
) -> None:
    """Fold each reply that confirms an earlier ask into the ask's item (in place).

    The reply's own item (「我明天下班前发你」) disappears; its date, when it states one,
    becomes the item's due date (the last word on the date is the one agreed), its words are
    appended to the task, and an ask that had no owner gets the replier as owner.
    """
    for k, turn in enumerate(turns):
        sid = turn.speaker_id
        if sid is None:
            continue
        mine = department_of(lex.org, sid)
        if meeting is not None and turn.said and counter_offer(turn.utt.text):
            # 「周五……周五我有个上线，能不能十三号？」: a bare day of the month offered last
            said = _move_dates(turn, meeting)
            last = max((d.start for d in turn.dates), default=-1)
            if said and said[-1][0] > last:
                turn.due = said[-1][2]
        if is_reply(turn.utt.text):
            target = _asked_of(turns, k, sid, mine)
        elif _short_answer(turn.utt.text):
            target = _asked_of(turns, k, sid, mine, reach=1)  # 「明天有点赶，周五吧」
        else:
            # 「这个我知道。刹车的事我让杜鹏今晚就去弄」: handed on without a 好 first
            target = _asked_of(turns, k, sid, mine, reach=1)
            if target is not None and _hands_on_later(turn, target[0].items[target[1]], sid):
                _handed_on(target[0], target[1], turn.items[0])
            continue
        if target is None:
            if (
                turn.due is not None
                and counter_offer(turn.utt.text)
                and _late_counter_offer(turns, k, sid, turn.due, turn.utt.text)
            ):
                # "I can do Monday" is the date offered, not a task of its own
                turn.items = [
                    c for c in turn.items if not (c.owners == [sid] and c.due == turn.due)
                ]
            elif turn.due is not None and not turn.items and _short_answer(turn.utt.text):
                # "We will do a root cause report." → "When can we have it?" → "By Friday."
                asked = _questioned_item(turns, k, sid)
                if asked is not None and asked.due is None:
                    asked.due = turn.due
            continue
        ask_turn, idx = target
        ask = ask_turn.items[idx]
        told = _told_in_reply(turn, lex) if not ask.owners else None
        if told is not None:
            # 「好的，我跟小卢说」: the replier carries the message; the work is the one told's
            ask_turn.confirmed.add(idx)
            _hand_to(ask, told, lex)
            turn.items = [c for c in turn.items if c.owners and sid not in c.owners]
            continue
        handed = [c for c in turn.items if c.owners and sid not in c.owners]
        if len(turn.items) == 1 and handed and (
            _HANDS_ON.match(turn.utt.text) or _hands_on_later(turn, ask, sid)
        ):
            # 「行，我让婷婷盯」: the ask is handed on, and is the one it is handed to's
            _handed_on(ask_turn, idx, handed[0])
            continue
        own = [  # the replier's own words: 我…, or 我们这边… for the replier's department
            c
            for c in turn.items
            if c.owners == [sid] or (not c.owners and c.department in (None, mine))
        ]
        if own and _ack_alone(turn.utt.text) and all(
            _another_object(c.task, ask.task) for c in own
        ):
            # 「好。我这边今天下班前把点检表上传」 after 「…精度校验，下周二前搞定」: 把 names
            # a thing the ask did not, a task of the replier's own besides it
            if turn.first_due is not None and not _own_thing(_first_sentence(turn.utt.text)):
                ask_turn.confirmed.add(idx)
                ask.due = turn.first_due
            continue
        if own and (_own_thing(turn.utt.text) or _NEW_TOPIC.search(turn.utt.text)):
            # 「没问题，盘点表我今天打出来」: a task of its own besides the ask; but in
            # 「好，我周一前拿回来。机房的UPS我也巡检一遍」 the first sentence still answers
            own = [
                c
                for c in own
                if not _NEW_TOPIC.search(c.task)
                and (not _own_thing(c.task) or _repeats_topic(c.task, ask.task))
            ]
            if not own:
                if turn.first_due is not None and not _own_thing(_first_sentence(turn.utt.text)):
                    ask_turn.confirmed.add(idx)
                    ask.due = turn.first_due
                continue
        ask_turn.confirmed.add(idx)
        if not (ask.owners or ask.owner_names or ask.department):
            ask.owners = [sid]
            ask.owner_names = [turn.utt.speaker or sid]
            ask.department = department_of(lex.org, sid)
        if own:
            reply = own[0]
            turn.items.remove(reply)
            # 「明天……可以，我今晚再对一下」 accepts the ask's date; its own step's is not it
            if reply.due is not None and not (
                ask.due
                and (_accepts_a_said_date(turn.utt.text) or _FIRST_STEP.search(turn.utt.text))
            ):
                ask.due = reply.due
            if counter_offer(turn.utt.text) and turn.due is not None:
                ask.due = turn.due  # 「周五我有个审计，能不能下周一？」: the date offered
            if reply.owners == [sid] and not ask.owners:  # 「信息部…」 → 「这个我来弄」
                ask.owners, ask.owner_names = [sid], reply.owner_names
                ask.department = mine
            # (the reply's 「发你」 goes to the one who asked)
            asker = name_of(lex.org, ask_turn.speaker_id)
            ask.task = _with_reply(ask.task, _to_named(reply.task, _TO_YOU, asker))
            ask.confidence = round(min(0.95, max(ask.confidence, reply.confidence) + 0.05), 2)
        elif (
            turn.due is not None
            and not turn.items
            and not _NEW_TOPIC.search(turn.utt.text)
            and not _dated_for_another_thing(turn, ask.task)
            and not (
                ask.due
                and (_accepts_a_said_date(turn.utt.text) or _FIRST_STEP.search(turn.utt.text))
            )
        ):
            # (「Will do. Also, the menu changes next week.」: that date is the new topic's)
            # 「好嘞，周五前一起给你」: no item of its own, but a date (a reply that hands work
            # on, 「我让叶萌今天就定下来」, keeps its date for that item)
            ask.due = turn.due
            asker = name_of(lex.org, ask_turn.speaker_id)
            ask.task = _with_reply(ask.task, _to_named(turn.utt.text, _TO_YOU, asker))


# A reply that hands the ask on after a first clause of its own: 「这个我知道。刹车的事我让杜鹏
# 今晚就去弄」, 「这个没问题，报价单我叫小陈明天发你」: the thing said before 我让/我叫 (in the
# same clause, or the one clause before it) is the ask's.
_HANDS_ON_LATER = re.compile(
    r"(?:^|[，,。！!；;]\s*)(?P<topic>[^，,。？?！!；;我]{1,12}?)[，,]?\s*"
    r"我(?:这边|就|先|回头)?(?:让|叫|安排|交给)"
)
_THING_OF = re.compile(r"(?:的事情?|的事儿|这块|那块|的话|这个事|那个事)$")
_POINTER = re.compile(r"这个|那个|这事儿?|那事儿?|这块|那块")
# 「电伴热那部分我让小薛去配合」: a part of it, or help with it, is handed on, not the ask
_PART = re.compile(r"[这那]部分$|[这那]一块$")


def _hands_on_later(turn: Turn, ask: Candidate, sid: str) -> bool:
    """Does ``turn`` (one item, someone else's) hand ``ask`` on after words of its own, the
    thing it names before 我让/我叫 being the ask's (or 这个, pointing back at it)?"""
    if len(turn.items) != 1 or not turn.items[0].owners or sid in turn.items[0].owners:
        return False
    text = turn.utt.text.strip()
    m = _HANDS_ON_LATER.search(text)
    if (
        m is None
        or _QUESTION.search(text[: m.start()])
        or _NEW_TOPIC.search(text[: m.end()])
        or _HELPS.search(text[m.end() :])
    ):
        return False
    topic = m.group("topic").strip()
    if _PART.search(topic):
        return False
    topic = _THING_OF.sub("", topic)
    if _POINTER.fullmatch(topic):
        return True
    if len(topic) == 1:
        return topic in ask.task
    return any(topic[i : i + 2] in ask.task for i in range(len(topic) - 1))


def _handed_on(ask_turn: Turn, idx: int, reply: Candidate) -> None:
    """The ask ``ask_turn.items[idx]`` handed on by the one asked (「行，我让婷婷盯」,
    「刹车的事我让杜鹏今晚就去弄，明天中午前修好」): one item, the reply's — on the reply's
    line, whose owner and date it says — with the ask's date when the reply says none and
    the ask's words put first (what is to be done). In place."""
    ask = ask_turn.items.pop(idx)
    ask_turn.confirmed = {i - (i > idx) for i in ask_turn.confirmed if i != idx}
    reply.due = reply.due or ask.due
    if len(ask.task) <= CONTEXT_CHARS:
        _with_context(reply, [ask.task])


# A turn that moves a date said earlier: 「报告提前一天，周四」, 「刚才那个排产，往后放两天，
# 下周四吧」, 「哦不对，…改成十一号吧」, "one correction - … I'll need till Monday".
_MOVES = re.compile(
    # (not 「提前跟客户确认」 or 「往后每周一…」: 提前 moves only by a span or to a day)
    # (「评分表提前一下，二十九号给我」: with 一下 too)
    r"(?:提前|推迟|延后|往后(?:放|推|挪|延)|往前(?:提|挪))一下|"
    r"提前(?=到|[一两二三四五六七八九十\d]+天|[，,])|推迟|延后|延期|往后(?:放|推|挪|延)|往前(?:提|挪)|(?:改|挪|推|延|调|换|放)(?:到|成|为)|"
    r"不对|说错了|记错了|口误|[哦噢]不[，,、\s]|\bmake\s+(?:it|that)\b|\bcorrection\b|\bneed\s+(?:till|until)\b|"
    r"\b(?:move|push)\s+(?:it|that|this)\b|"
    # "Ah sorry, wait, … Let's say next Tuesday.": a date proposed again (which item, if any,
    # move_dates decides: the speaker's own, said about it)
    r"\blet'?s\s+say\b|"
    # 「周五端午放假了啊。」 → 「哦对，那就下周一。」: a new date after an objection (the objection
    # must name the old date or the thing: ``_objected``)
    r"那就",
    re.I,
)
# What may stand between a move word and its date: a span (「提前一天，周四」), 到/to.
_MOVE_GAP = re.compile(
    r"[\s，,、…\.-]*(?:[一两二三四五六七八九十\d半]+个?(?:天|周|星期|工作日)[\s，,、]*)?"
    r"(?:到|在|成|to|till|until)?\s*$",
    re.I,
)
# A correction said right after a time word of the same clause (「年后……不对，一月底前」)
# corrects the date being said, which the line rules take back (``rules.dates_standing``);
# it moves no earlier item's date.
_CORRECTS = re.compile(r"不对|说错了|记错了|口误|[哦噢]不")
_TIME_JUST_SAID = re.compile(
    r"(?:年后|年前|节后|节前|月底|月初|月中|年底|下周[一二三四五六日天]?|这周[一二三四五六日天]?|"
    r"本周|周[一二三四五六日天]|今天|明天|后天|今晚|[号日天]|前|之前|以前|以内|内)"
    r"[…\.，,、\s呃嗯啊哦噢]*$"
)
# How many turns back a date moved later in the meeting may reach for its item (40: in an
# hour's supplier review the chair moved a date asked for 32 turns before).
MOVE_REACH = 40
# 「刚才那个」: a pointer back to something said earlier in the meeting.
_BACK_WORDS = r"刚才|刚刚|之前说的|前面说的"
_EARLIER = re.compile(_BACK_WORDS + r"|\bearlier\b", re.I)


# A bare day of the month (「改成十一号吧」, 「十号那天」): not a due date said alone, but a
# date when a move names it.
_BARE_DAY = re.compile(
    r"(?<![\d月./一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[号日]"
)


def _move_dates(turn: Turn, meeting: dt.date) -> list[tuple[int, int, dt.date]]:
    """(start, end, day) of every date the turn says, bare days of the month included."""
    out = [(d.start, d.end, d.date) for d in turn.dates if d.date >= meeting]
    for m in _BARE_DAY.finditer(turn.said):
        if any(s < m.end() and m.start() < e for s, e, _ in out):
            continue
        n = zh_number(m.group(1))
        day = day_of_month(n, meeting) if n else None
        if day is not None:
            out.append((m.start(), m.end(), day))
    return sorted(out)


# A meeting moved (「下周例会改到周四」, 「周会推迟到周五」): it reschedules the meeting, not the
# date of work asked for (read on an airport ground handler's transcripts, spoken-airport).
# (「周会我改到周四下午开」: the one moving it may be said between the meeting and the move)
_MEETING_MOVED = re.compile(
    r"(?:会|会议|例会|开会)(?:时间)?(?:我们?|咱们)?(?:也|就|先)?\s*$"
)


def _moved_to(turn: Turn, meeting: dt.date) -> tuple[str, int, dt.date, set[dt.date]] | None:
    """(the move word, where it is said, the date it moves to, the dates said before it) when
    the turn moves a date: the date proposed after the last move word (「四号吧」 before any other),
    else the first after it."""
    text = turn.said
    said = _move_dates(turn, meeting)
    for m in reversed(list(_MOVES.finditer(text))):
        # right after the move word (「改成十一号吧」, 「往后放两天，下周四吧」), not further on
        # (「那就改成每周两次。强子…本周内改了」, 「样品放到冷库里，周五前…」 move nothing)
        after = [
            (s, e, d) for s, e, d in said if s >= m.end() and _MOVE_GAP.match(text[m.end() : s])
        ]
        if not after or _MEETING_MOVED.search(text[: m.start()]):
            continue
        offered = [x for x in after if re.match(r"\s*吧", text[x[1] : x[1] + 2])]
        new = (offered or after)[0][2]
        return m.group(0), m.start(), new, {d for _, e, d in said if e <= m.start()}
    return None


def _pairs(text: str) -> set[str]:
    """The Chinese character pairs of ``text`` that may name a thing (no dates, pointers)."""
    r = _NOT_A_THING.sub(" ", text)
    return {
        r[i : i + 2] for i in range(len(r) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", r[i : i + 2])
    }


def _objected(turns: list[Turn], k: int, item: Candidate, meeting: dt.date) -> bool:
    """Did the turn before turn ``k``, by someone else, object to ``item``'s date — name that
    date (「周五端午节放假了啊」, 「下周一是清明啊」) or its thing (「客户说8D报告要提前」)?"""
    if k < 1:
        return False
    prev = turns[k - 1]
    if prev.speaker_id == turns[k].speaker_id or not prev.said:
        return False
    said = {d for _, _, d in _move_dates(prev, meeting)}
    return item.due in said or any(p in item.task for p in _pairs(prev.said))


def move_dates(turns: list[Turn], lex: OrgLexicon, meeting: dt.date) -> None:
    """A date moved later in the meeting updates the item it moves (in place), and the move
    is no item of its own. The asker comes back to it (「哦对了雨桐，报告提前一天，周四」,
    「刚才那个排产，往后放两天，下周四吧」, 「那个接口文档改到下周一吧」), or the one who took it
    on corrects it (「哦不对，十号那天集团有会，改成十一号吧」, "One correction - for the price
    list I'll need till Monday").

    Which item: the latest earlier one with a date that the move is about — it names the
    item's thing (a word in common, or two with the ask of someone not named) or its old
    date, or points back (刚才那个) — and that is the mover's own, or the mover asked it of
    someone the move names (or, naming the thing twice over, of anyone). Read on the dairy
    transcripts (spoken-dairy), where five dates were moved this way and each time the old
    date stayed and the move became an item of its own.

    「那就 + date」 moves only right after someone else objects to a date (names it, 「周五端午
    节放假了啊」, or the thing, 「客户说8D报告要提前」), and then the latest item objected to,
    by its owner or asker (bank, battery, edu, gov: four companies' writers moved it)."""
    for k, turn in enumerate(turns):
        sid = turn.speaker_id
        if sid is None or not turn.said:
            continue
        moved = _moved_to(turn, meeting)
        if moved is None:
            continue
        word, at, new, before = moved
        text = turn.said
        if _CORRECTS.match(word) and _TIME_JUST_SAID.search(text[:at]):
            continue  # 「你们研发这边年后……不对，一月底前出…」: this ask's own date corrected
        named = {m.id for m in lex.find(text) if m.kind == "person" and m.id != UNKNOWN}
        mine = department_of(lex.org, sid)
        pairs = _pairs(text)
        target: Candidate | None = None
        stop = False
        # turns of speech only: a header or blank line between them is no turn
        spoken = [t for t in turns[:k] if t.speaker_id is not None][-MOVE_REACH:]
        # the mover's reply just before, folded into the ask it confirmed ("Sure, Thursday." →
        # "Oh sorry, wait… Let's say next Monday."): the ask two turns up is what it is about
        replied = bool(spoken) and spoken[-1].speaker_id == sid and not spoken[-1].items
        for back, prev in enumerate(reversed(spoken), start=1):
            if target is not None or stop:
                break
            for c in reversed(prev.items):
                if word == "那就":
                    if c.due is None or not _objected(turns, k, c, meeting):
                        continue
                    # the latest item objected to is the one, moved by its owner or asker;
                    # already at the new date (the asker accepting a counter-offer
                    # 「…能不能下周一？」 → 「可以，那就下周一」), nothing moves
                    stop = True
                    if c.due != new and (
                        sid in c.owners
                        or prev.speaker_id == sid
                        or (not c.owners and c.department == mine)
                    ):
                        target = c
                    break
                if c.due is None or c.due == new:
                    continue
                common = sum(1 for p in pairs if p in c.task)
                about = (
                    common >= 1
                    or (back == 1 and prev.speaker_id == sid)  # 「…哦不，今天晚上吧」 right after
                    or (back == 2 and replied and sid in c.owners)
                    or c.due in before
                    or bool(_EARLIER.search(text[:at]))
                    or _same_thing(text, c.task)
                )
                own = sid in c.owners or (
                    not c.owners and c.department == mine and prev.speaker_id == sid
                )
                asked = prev.speaker_id == sid and (
                    bool(named & set(c.owners)) or common >= 2
                )
                if about and (own or asked):
                    target = c
                    break
        if target is None:
            continue
        target.due = new
        # the move itself (「报告提前一天，周四」 read as an ask of 雨桐's, or with its reason
        # 「周五我要出差」 as the speaker's own) is no item
        turn.items = [
            c
            for c in turn.items
            if word not in c.task
            and not (c.due in (new, None) and set(c.owners) <= set(target.owners))
        ]


# Help given to someone else's work: 「我让小薛去配合一下」, 「我们派人协助」.
_HELPS = re.compile(r"配合|协助|协同|支援|帮忙|帮着")
_HELP_TOPIC_END = re.compile(r"[那这]部分|[那这]块|[那这]边|我|让|叫|派|配合|协助|协同|支援|帮")


def help_shares_the_date(turns: list[Turn]) -> None:
    """Help offered for the ask of the turn just before, by someone else (「伴热你们车间自己
    查，下周内报一个检查表」 → 「电伴热那部分我让小薛去配合一下」), is due when that work is
    (in place): the help opens with the work's thing (a character pair in common) and gives
    no date of its own. Read on the fine-chemicals maker's transcripts (spoken-chem)."""
    for k in range(1, len(turns)):
        turn, prev = turns[k], turns[k - 1]
        if turn.speaker_id is None or prev.speaker_id in (None, turn.speaker_id):
            continue
        dated = [c for c in prev.items if c.due is not None]
        for c in turn.items:
            if c.due is not None or not _HELPS.search(c.task):
                continue
            # the thing named before who helps (「电伴热那部分我让…」), not 「一下」 or 「那块」
            pairs = _pairs(_HELP_TOPIC_END.split(c.task, maxsplit=1)[0])
            work = next((a for a in dated if any(p in a.task for p in pairs)), None)
            if work is not None:
                c.due = work.due


# A team's item short enough to be only the team named (「函让法务出」).
TEAM_ONLY_CHARS = 10


def team_then_member(turns: list[Turn]) -> None:
    """「函让法务出，闵经理那边下周五前把告知函发给业主」: a team named for a task, then at once
    the one of its people who does it — one item, the member's (in place): the team's short
    undated item right before it is dropped. Read on the gas utility's transcripts."""
    for turn in turns:
        kept: list[Candidate] = []
        for k, c in enumerate(turn.items):
            nxt = turn.items[k + 1] if k + 1 < len(turn.items) else None
            if (
                nxt is not None
                and not c.owners
                and c.department is not None
                and c.due is None
                and len(re.sub(r"\W", "", c.task)) <= TEAM_ONLY_CHARS
                and nxt.owners
                and nxt.department == c.department
            ):
                continue
            kept.append(c)
        turn.items[:] = kept


def answers_naming_the_ask(turns: list[Turn], lex: OrgLexicon) -> None:
    """「Leo你们安排人上门核对底数」 → Leo: 「上门核对的话，三百多户，要两周吧，二十九号之前
    弄完」: no 好/行, but the answer names the ask's thing (two character pairs) and a
    deadline, so an ask of the speaker's (or their department's) that had no date takes it
    (in place). Read on the gas utility's transcripts (spoken-gas)."""
    for k in range(1, len(turns)):
        turn, prev = turns[k], turns[k - 1]
        sid = turn.speaker_id
        if sid is None or turn.items or prev.speaker_id in (None, sid):
            continue
        said = [d for d in turn.dates if d.weight >= 2]
        if not said:
            continue
        pairs = _pairs(turn.said)
        mine = department_of(lex.org, sid)
        for c in reversed(prev.items):
            theirs = c.owners == [sid] or (not c.owners and mine is not None
                                           and c.department == mine)
            if c.due is None and theirs and sum(p in c.task for p in pairs) >= 2:
                c.due = said[-1].date
                break


# The one asked says the date will not do: 「月底有点紧」, 「十五号有点赶，二十号行不行？」,
# 「周五……周五可能不行，下周三吧」.
_REFUSED = re.compile(PUSHBACK + r"|(?:可能|恐怕|估计|怕是)(?:不行|不够|做不到|完不成)|行不行")
# How many turns back the settled ask may be (ask, pushback, settling turn; one aside more).
SETTLE_REACH = 3


def settle_pushed_dates(turns: list[Turn], lex: OrgLexicon, meeting: dt.date) -> None:
    """The asker names the date that stands after the one asked pushed back on it
    (「…月底前把两个库先查完」 → 「月底有点紧…」 → 「那就下个月十号吧，不能再晚了」; 「…十五号前
    出一个初稿」 → 「十五号有点赶，二十号行不行？」 → 「行，二十号」): the ask is due then, and the
    settling turn is no item of its own (in place). The asker is matched by the speaker's
    label, so a voice the export left unnamed (发言人2) settles its own asks too. Read on the
    gas utility's transcripts (spoken-gas), where three asks kept the date pushed back on."""
    for k in range(2, len(turns)):
        turn, prev = turns[k], turns[k - 1]
        label = turn.utt.speaker
        if not label or not prev.utt.speaker or prev.utt.speaker == label:
            continue
        if not (_short_answer(turn.utt.text) and _REFUSED.search(prev.utt.text)):
            continue
        if turn.called is not None or _QUESTION.search(turn.utt.text.strip()) or any(
            c.owners for c in turn.items
        ):
            continue  # 「阿杰，今晚能把报表导出来吗？」: a new ask, not the date settled
        said = _move_dates(turn, meeting)
        if not said:
            continue
        new = said[-1][2]
        pusher = prev.speaker_id
        pusher_dept = department_of(lex.org, pusher) if pusher else None
        target: Candidate | None = None
        for back in range(2, SETTLE_REACH + 2):
            if k - back < 0 or target is not None:
                break
            ask_turn = turns[k - back]
            if ask_turn.utt.speaker != label:
                continue
            for c in reversed(ask_turn.items):
                theirs = (pusher is not None and pusher in c.owners) or (
                    not c.owners and c.department is not None and c.department == pusher_dept
                )
                if c.due is not None and c.due != new and theirs:
                    target = c
                    break
        if target is None:
            continue
        target.due = new
        turn.items = [c for c in turn.items if not (c.due in (new, None) and not c.owners)]


# A question about when: 「什么时候要？」, 「那你说多久。」, "When do you need it?"
_WHEN_ASKED = re.compile(r"什么时候|啥时候|哪天|多久|多长时间|\bwhen\b|\bhow\s+long\b", re.I)
# 「上线是哪天？」: the date of an event the ask's deadline names (上线前完成), not the ask's.
_EVENT_WHEN = re.compile(r"是(?:哪天|哪一天|什么时候|啥时候|几号)")
# How many turns before the question its ask may be (the ask, a pushback, the question).
WHEN_REACH = 3
# A turn with a question in it, anywhere: 「周五能行吗？下周要上线重庆。」
_ASKS = re.compile(r"[？?]|吗")


def _questioned_ask(
    turns: list[Turn],
    k: int,
    asks: Callable[[Turn], bool],
    whose: Callable[[Turn, Candidate], bool],
    reach: int = 1,
) -> Candidate | None:
    """The ask that the date said at ``turns[k]`` answers a question about — the one concept
    behind every 'date said after a question' the transcripts hold: the turn right before
    is another speaker's question (``asks``) that holds no item of its own, and the ask is
    the latest item ``whose`` accepts in the ``reach`` turns before the question, all said by
    the two speaking (someone else speaking means the question is not about their ask).
    The callers differ only in which question and whose ask: the speaker's own item
    questioned (「周五能行吗？」), the asker answering the one asked (「时间线要到分钟是吧？」
    → 「对，…周五前给我」), or a question about when between the two (「什么时候要？」 →
    「明天吧。」)."""
    if k < 2:
        return None
    turn, q = turns[k], turns[k - 1]
    if q.items or q.confirmed or not q.utt.speaker or q.utt.speaker == turn.utt.speaker:
        return None
    if q.speaker_id is not None and q.speaker_id == turn.speaker_id:
        return None  # one person under two labels answering themself
    if not asks(q):
        return None
    pair = {turn.speaker_id, q.speaker_id}
    for back in range(2, reach + 2):
        if k - back < 0 or turns[k - back].speaker_id not in pair:
            return None
        ask_turn = turns[k - back]
        c = next((c for c in reversed(ask_turn.items) if whose(ask_turn, c)), None)
        if c is not None:
            return c
    return None


def _questioned_item(turns: list[Turn], k: int, sid: str) -> Candidate | None:
    """The last item of the speaker's turn two back, when the turn between is another
    speaker's question with no item of its own (「周五能行吗？」, "When can we have it?"):
    what the speaker's answer now is about."""
    return _questioned_ask(
        turns, k, lambda q: bool(_ASKS.search(q.utt.text)),
        lambda ask_turn, c: ask_turn.speaker_id == sid,
    )


def dates_after_a_question(turns: list[Turn], meeting: dt.date) -> None:
    """A date said right after a question about an ask is the ask's due date (in place),
    and the answer holds no item of its own. Two who answer:

    - the asker, to a question the one asked puts about the ask (「时间线要到分钟是吧？」 →
      「对，到分钟，还有调度录音的节点，周五前给我」): an ask that had no date takes the
      answer's (read on the gas utility's transcripts, spoken-gas);
    - either of the two, to a question about when asked between them (「什么时候要？」 →
      「明天吧。」; 「…有点紧」 → 「那你说多久。」 → 「九号给你，行不行？」): the latest item
      within ``WHEN_REACH`` turns before the question that one of them owns, said by the
      other or by themself (read on the battery maker's and the property manager's
      transcripts, where the ask kept its first date, or none). Not 「上线是哪天？」, the date
      of an event the ask's deadline names.
    """
    for k in range(2, len(turns)):
        turn = turns[k]
        sid = turn.speaker_id
        if sid is None or turn.items:
            continue
        said = [d for d in turn.dates if d.weight >= 2]
        if not said:
            continue
        asker, asked_of = sid, turns[k - 1].speaker_id
        asked = _questioned_ask(
            turns, k, _asks_a_question,
            lambda ask_turn, c, asker=asker, asked_of=asked_of: (
                ask_turn.speaker_id == asker and c.due is None and c.owners == [asked_of]
            ),
        )
        if asked is not None:
            asked.due = said[-1].date
    for k in range(2, len(turns)):
        turn = turns[k]
        if turn.speaker_id is None:
            continue
        moved = _move_dates(turn, meeting)
        if not moved:
            continue
        new = moved[-1][2]
        pair = {turn.speaker_id, turns[k - 1].speaker_id}
        target = _questioned_ask(
            turns, k, _asks_when,
            lambda _t, c, pair=pair, new=new: (
                bool(c.owners) and set(c.owners) <= pair and c.due != new
            ),
            reach=WHEN_REACH,
        )
        if target is None:
            continue
        target.due = new
        turn.items = [
            c for c in turn.items
            if not (c.due in (new, None) and set(c.owners) <= set(target.owners) | pair)
        ]


def _asks_a_question(q: Turn) -> bool:
    """Does a staff member's turn end by asking (「…是吧？」, 「节前来得及吗？」)?"""
    return q.speaker_id is not None and bool(_QUESTION.search(q.utt.text.strip()))


def _asks_when(q: Turn) -> bool:
    """Is the turn someone's question about when (not about an event's own date)?"""
    asked = q.said or q.utt.text
    return (
        q.speaker_id is not None
        and bool(_WHEN_ASKED.search(asked))
        and not _EVENT_WHEN.search(asked)
    )


# An answer that points back to an ask said turns before: 「不好意思刚才断了一下，白露姐说竞品
# 报告是吧，下周三给你」, 「哦刚才邓总说的入口那个，…」.
_POINTS_BACK = re.compile(_BACK_WORDS)


def partner_replies(turns: list[Turn]) -> None:
    """An ask put to someone of another company ("Alex, could you send us the signed forms?":
    owners [], the name kept) answered by that person ("Sure… I can do it by the 22nd") is
    one item: the answer's date is the one agreed, and the answer's own ownerless promise is
    no second item. ``merge_confirmations`` folds replies by staff id; a partner has none, so
    the answer is matched by the first name the ask called them by."""
    for k, turn in enumerate(turns):
        label = turn.utt.speaker
        if turn.speaker_id is not None or not label or not (turn.items or turn.dates):
            continue
        if not (is_reply(turn.utt.text) or _short_answer(turn.utt.text)):
            _answers_their_side(turns, k)
            continue
        first = label.split()[0].casefold()
        for prev in reversed(turns[max(0, k - REPLY_REACH) : k]):
            idx = next(
                (
                    i
                    for i, c in enumerate(prev.items)
                    if not c.owners
                    and i not in prev.confirmed
                    and [n.split()[0].casefold() for n in c.owner_names] == [first]
                ),
                None,
            )
            if idx is not None:
                ask = prev.items[idx]
                prev.confirmed.add(idx)
                # the date standing after any correction ("by the 12th - no, make it the
                # 14th"); of several, the firmest ("by Friday, I'm away next week")
                standing = dates_standing(turn.said, turn.dates)
                if standing:
                    top = max(d.weight for d in standing)
                    ask.due = next(d.date for d in standing if d.weight == top)
                turn.items = [c for c in turn.items if c.owners or c.department]
                break
        else:
            _answers_their_side(turns, k)


# An ask of the listener's company that names nobody: "Would your team countersign it this
# week?", "Send us a revised schedule"
_ASKS_THEIR_SIDE = re.compile(
    r"\b(?:could|can|would|will)\s+(?:you|your\s+(?:side|team|end|company|people))\b[^.!?]*\?|"
    r"(?:^|[.!?]\s+)(?:(?:and|so|then|ok(?:ay)?|please)[,\s]+)*send\s+us\b[^.!?]*",
    re.I,
)
_PROMISE_EN = re.compile(r"\b(?:I'll|I\s+will|we'll|we\s+will|I\s+can|we\s+can)\b", re.I)


def _answers_their_side(turns: list[Turn], k: int) -> None:
    """A partner's promise (「We can sign it by Tuesday」) right after a staff turn that
    asked their side for it and holds no item: the ask's item, on the ask's line, with the
    ask's words and the promise's date (where a staff member's answer would be folded)."""
    turn = turns[k]
    prev = turns[k - 1] if k else None
    if prev is None or prev.speaker_id is None or prev.items:
        return
    # ("can you hear us?" checks the line: it asks them for nothing)
    asked = [m for m in _ASKS_THEIR_SIDE.finditer(prev.utt.text) if not about_the_call(m[0])]
    promise = next((c for c in turn.items if not (c.owners or c.department)
                    and _PROMISE_EN.search(c.task)), None)
    if not asked or promise is None:
        return
    text = prev.utt.text
    a = text.rfind(".", 0, asked[-1].start())  # from the sentence before it, which says what
    promise.task = text[text.rfind(".", 0, a) + 1 if a > 0 else 0 : asked[-1].end()].strip()
    promise.owner_names = []
    turn.items.remove(promise)
    prev.items.append(promise)


def late_answers(turns: list[Turn], meeting: dt.date) -> None:
    """The one asked answers turns later, pointing back (刚才…) to the ask's thing: the ask
    takes the date the answer gives when it had none, and the answer is no item of its own
    (in place). Replies within ``REPLY_REACH`` turns are folded by
    :func:`merge_confirmations`; these come after someone was away (断了一下, 在回消息). Read
    on the game studio's transcripts (spoken-game), where four such answers were extra
    items and their asks kept no date."""
    for k, turn in enumerate(turns):
        sid = turn.speaker_id
        if sid is None or not _POINTS_BACK.search(turn.said[:30]):
            continue
        pairs = _pairs(turn.said)
        target: Candidate | None = None
        for back in range(1, MOVE_REACH + 1):
            if k - back < 0 or target is not None:
                break
            prev = turns[k - back]
            if prev.speaker_id in (None, sid):
                continue
            target = next(
                (c for c in reversed(prev.items)
                 if sid in c.owners and any(p in c.task for p in pairs)),
                None,
            )
        if target is None:
            continue
        said = [d for d in turn.dates if d.weight >= 1 and d.date >= meeting]
        if target.due is None and said:
            target.due = said[-1].date
        turn.items = [  # (「…我跟小婉今天就对完」: the replier with a partner, the same thing)
            c for c in turn.items
            if _NEW_TOPIC.search(c.task) or (c.owners and sid not in c.owners)
        ]


# Words of a reply's topic that do not name a thing: dates, 的, pointers (这个/那).
_NOT_A_THING = re.compile(
    r"(?:今天|明天|后天|今晚|下班前|月底|年底|这周|本周|下周|周[一二三四五六日天]|"
    r"[零一二三四五六七八九十两\d]+(?:号|日|天))(?:之?前|以前|之内|内)?|"
    # a time of day said with the date (「明天上午我签了给你」) is when, not the thing
    r"上午|下午|中午|晚上|早上|一早|的|了|这个|那个|那|就|也"
)


def _accepts_a_said_date(text: str) -> bool:
    """Does the reply accept after a few words (「明天……可以，…」) rather than open with 好/行?"""
    opens = ACK_START.match(text) or _EN_ACK.match(text)
    return not (opens and opens.group(0).strip(" ，,。")) and bool(_ACCEPTS_AFTER.match(text))


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[。！？!?])\s*", text.strip(), maxsplit=1)[0]


def _own_thing(text: str) -> str | None:
    """The thing a reply names before 我 (「盘点表我…」), if it names one: 「周五我要出差」
    names only a date, and stays an answer to the ask."""
    m = _OWN_TOPIC.search(ACK_START.sub("", text, count=1))
    if m is None:
        return None
    topic = _NOT_A_THING.sub("", m.group(0).strip(" ，,。")[:-1])
    if _AS_SOON_AS.search(topic):
        return None  # 「差异一出来我就安排」: as soon as it is out — a time, not a thing
    return topic if len(topic) >= 2 else None


# A condition of time before 我: 「返修一完我就…」, 「样品一到我…」 (一 + a verb of one or two
# characters at the end of the words before 我).
_AS_SOON_AS = re.compile(r"一(?![下遍次点起样直定些个共天周])[\u4e00-\u9fff]{1,2}$")


def _repeats_topic(reply: str, ask: str) -> bool:
    """Does the thing a reply names before 我 (「好的，排期我周四发你」) repeat what the ask
    asked for? Then the reply confirms the ask; a thing the ask did not name (「盘点表我今天
    打出来」 after 「冷库盘点…」) is a task of its own. Held out on three fresh companies, 6
    replies that repeated the ask's object were extra items beside it."""
    topic = _own_thing(reply)
    return topic is not None and topic in ask


# Words before a date that name no thing: fillers, the speaker, a side.
_NO_THING = re.compile(r"然后|那么|那|我们|我|这边|的话|就|也|[\s，,、]")


def _dated_for_another_thing(turn: Turn, ask: str) -> bool:
    """Is the reply's date said in a later sentence about a thing the ask did not name
    (「没问题，就差两个接口。压测周五晚上做」)? Then it is that thing's date, not the ask's."""
    text = turn.said
    if turn.first_due is not None or not text:
        return False
    dated = [d for d in turn.dates if d.weight >= 2 and d.date == turn.due]
    first_end = len(_first_sentence(text))
    if not dated or dated[-1].start < first_end:
        return False
    d = dated[-1]
    start = max(text.rfind(p, 0, d.start) for p in "。！？!?") + 1
    lead = _NO_THING.sub("", text[start : d.start])
    return len(lead) >= 2 and not any(lead[i : i + 2] in ask for i in range(len(lead) - 1))


# What a reply's 把 names (「我今天把点检表上传」), not a pointer back (把它, 把这个, 把那边…)
_BA_OBJECT = re.compile(r"把(?![它这那])([\u4e00-\u9fff]{2,4})")


def _ack_alone(text: str) -> bool:
    """Does the reply open with an acknowledgement said as a sentence of its own (「好。我这边
    …」)? What follows it is then said anew, not the rest of the answer (「可以，我今天把名单
    给龙师傅」 answers in one breath)."""
    first = _first_sentence(re.sub(r"(?<=[.!])\s+", "。", text.strip(), count=1))
    return len(first) < len(text.strip()) and bool(
        ACK_START.fullmatch(first) or _EN_ACKS.fullmatch(first.rstrip("。"))
    )


# "Sure, no problem.": acknowledgements only
_EN_ACKS = re.compile(r"(?:" + _EN_ACK.pattern.lstrip("^") + r")+", re.I)


def _another_object(reply: str, ask: str) -> bool:
    """Does the reply take on, with 把, a thing the ask did not name (no two characters in
    common with it), and not to bring it to the asker? Then it is a task of the replier's own,
    not the answer to the ask."""
    m = _BA_OBJECT.search(reply)
    if m is None or _BACK_TO_ASKER.search(reply):
        return False  # (「我周一先把目录发你」 brings the asker what was asked: the answer)
    thing = m.group(1)
    return not any(thing[i : i + 2] in ask for i in range(len(thing) - 1))


def could_answer(text: str) -> bool:
    """Might this turn answer an ask (so that its date matters)? Cheap, checked first."""
    return is_reply(text) or _short_answer(text)


# 「今天有点赶，…我明天弄完」: the asked person answers by moving the date.
# Also after a filler or the asker's name (「呃王总，明天我请假了……周五行不行？」), and by
# saying the date does not work (「这周内不行啊，…下周一吧」).
_COUNTER_OFFER = re.compile(
    r"^\W*(?:[呃嗯啊]+\W*)?(?:[\u4e00-\u9fff]{1,4}[，,\s]\s*)?"
    rf"(?:[^。？?！!]{{0,6}}?{PUSHBACK_DAYS}?{PUSHBACK}|"
    r"[^。？?！!，,]{0,6}?(?:今天|今晚|明天|后天|这周内?|本周内?|周[一二三四五六日]|[一二三四五六七八九十\d]{1,3}号)"
    r"(?:[…\.，,\s]*\S{0,4}[…\.，,\s]*)??(?:我|的话)?"
    r"(?:不行|不太行|请假|不在|有事|出差|来不了|有个|有一个))"
)
# "Sorry, back to the build - tomorrow is tight. I can do Monday."
_COUNTER_OFFER_EN = re.compile(
    r"^[^.?!]{0,40}?\b(?:is|'s)\s+(?:a\s+bit\s+|too\s+|really\s+|pretty\s+)?(?:tight|tough)\b|"
    r"^[^.?!]{0,40}?\bcan(?:'t|not)\s+make\s+(?:it\s+)?(?:by\s+)?"
    r"(?:today|tonight|tomorrow|this|next|monday|tuesday|wednesday|thursday|friday)\b",
    re.I,
)
# How many turns back a pushback said later may reach for the ask it moves.
LATE_REACH = 12
_STOP_EN = frozenset(
    "with that this have will could would should because about there their them they your "
    "from what when sorry back tomorrow today tonight monday tuesday wednesday thursday friday "
    "week tight tough".split()
)


def _same_thing(reply: str, task: str) -> bool:
    """Does a reply said turns later name the thing the task is about (two Chinese character
    pairs in common, or an English content word)?"""
    if sum(1 for p in _pairs(reply) if p in task) >= 2:
        return True
    words = set(re.findall(r"[a-z]{4,}", reply.lower())) - _STOP_EN
    return any(re.search(rf"\b{w}\b", task.lower()) for w in words)


def _late_counter_offer(turns: list[Turn], k: int, sid: str, due: dt.date, text: str) -> bool:
    """The person asked pushes back some turns after the ask (「…流失数据今天不行，…下周二吧」):
    the latest earlier item of theirs, with a date, about the same thing takes the date offered."""
    for back in range(1, LATE_REACH + 1):
        if k - back < 0:
            return False
        prev = turns[k - back]
        if prev.speaker_id == sid:
            # 「…我这周五之前改完」 → 「周五能行吗？」 → 「周五有点悬，下周一吧」: the speaker's own
            # date, questioned by another, is what the pushback moves
            asked = _questioned_item(turns, k, sid)
            if asked is not None and asked.due is not None:
                asked.due = due
                return True
            return False
        for c in reversed(prev.items):
            if sid in c.owners and c.due is not None and _same_thing(text, c.task):
                c.due = due
                return True
    return False


# 「我今天先跟他对好」, 「我周一先把目录发你」: a first step's date, not the agreed date of the ask.
_FIRST_STEP = re.compile(
    r"(?:今天|今晚|明天|马上|现在|这两天|(?:这|本|下)?(?:周|星期|礼拜)[一二三四五六日天])\S{0,3}?先"
)


def counter_offer(text: str) -> bool:
    """Does the turn open by pushing back on the asked date (「月底有点紧，七月三号行不行？」)?
    Then a bare date it names (七月三号) is the date it proposes."""
    return bool(_COUNTER_OFFER.match(text) or _COUNTER_OFFER_EN.match(text))


def _short_answer(text: str) -> bool:
    """A short turn that adds nothing new, or one that opens by pushing back on the date:
    an answer to what was just asked of the speaker."""
    if _NEW_TOPIC.search(text):
        return False
    return len(re.sub(r"\W", "", text)) <= SHORT_ANSWER or counter_offer(text)


def _asked_of(
    turns: list[Turn], k: int, sid: str, dept: str | None, reach: int = REPLY_REACH
) -> tuple[Turn, int] | None:
    """The latest unconfirmed item of a recent turn by someone else that asks ``sid`` (or
    ``sid``'s department, ``dept``)."""
    for back in range(1, reach + 1):
        if k - back < 0:
            return None
        prev = turns[k - back]
        if prev.speaker_id == sid:
            return None  # the replier spoke in between: this is not an answer any more
        if prev.speaker_id is None:
            continue
        for idx in range(len(prev.items) - 1, -1, -1):
            if idx in prev.confirmed:
                continue
            c = prev.items[idx]
            unowned = not (c.owners or c.owner_names or c.department or c.group)
            theirs = not c.owners and c.department is not None and c.department == dept
            if sid in c.owners or theirs or (unowned and back == 1):
                return prev, idx
    return None


# 「这个我们做不了，得找…」: the one asked turns the ask down, pointing back at it (这个); a
# thing named instead (「温控那个探头更换我们做不了」) is another thing turned down.
_TURNED_DOWN = re.compile(
    r"^\W*(?:[嗯呃哎啊]+\W*)?(?:这个|这事儿?|这块)[^。！？!?]{0,12}?"
    r"(?:我们|我)(?:这边)?(?:真的|确实|实在|暂时)?(?:做|弄|搞|管|办|干|处理)不了"
)


def refused_asks(turns: list[Turn], lex: OrgLexicon) -> None:
    """An ask the one asked turns down in the next turn (「…你们调度能不能帮我们把顺序调一
    下？」 → 「这个我们做不了，得找运用车间…」) is not theirs and no item (in place): what
    the asker then does about it (「行，那我会后跟韦主任对一下」) or asks again is. When the
    asker's next turn takes it on or puts it again to the same person, that item keeps what
    was asked as its context. Read on four companies' transcripts, where no such ask was
    annotated as an item."""
    for k in range(1, len(turns)):
        turn, prev = turns[k], turns[k - 1]
        sid = turn.speaker_id
        if sid is None or turn.items or prev.speaker_id in (None, sid) or not prev.items:
            continue
        if not _TURNED_DOWN.match(turn.utt.text.strip()):
            continue
        mine = department_of(lex.org, sid)
        idx = next(
            (
                i
                for i in range(len(prev.items) - 1, -1, -1)
                # (the turn-down reads as a pushback, so the ask may be 'confirmed' by it)
                if sid in prev.items[i].owners
                or (not prev.items[i].owners and prev.items[i].department == mine)
            ),
            None,
        )
        if idx is None:
            continue
        refused = prev.items.pop(idx)
        prev.confirmed = {i - (i > idx) for i in prev.confirmed}
        # the asker's next turn takes it on (「那我会后跟韦主任对一下」) or puts it to the same
        # person again with a way round (「那你先找晓雯拿数据，名单还是你来出」): about the thing
        # first asked for
        nxt = turns[k + 1] if k + 1 < len(turns) else None
        if (
            nxt is not None
            and nxt.speaker_id == prev.speaker_id
            and nxt.items
            and nxt.items[0].owners in ([nxt.speaker_id], [sid])
            and len(refused.task) <= CONTEXT_CHARS
        ):
            _with_context(nxt.items[0], [refused.task])


# The longest raised problem (characters) kept as an ask's context.
CONTEXT_CHARS = 60


def _with_context(item: Candidate, raised: list[str]) -> None:
    """``item``'s task with the words raised before it put first (in place), each only when
    the task does not already hold it."""
    raised = [t for t in raised if t.strip(" 。！!？?，,") not in item.task]
    if raised:
        lead = " ".join(raised) + " "
        item.task = lead + item.task
        item.context += len(lead)


def carry_raised_topics(turns: list[Turn]) -> None:
    """An ask that answers a problem raised just before keeps it as context (in place):
    「三号库的叉车电池老是充不满」 → 「海涛，你这周找厂家换一批」 says what is to be replaced
    only together with the words before it. Only for the first item of a turn that gives
    work to someone other than the speaker. The problem is the turn's own words before the
    ask when it has some (「冷库的温控老报警。吴婷，你明天找厂家来看一下」), else the turn
    before, by another speaker, that holds no item and does not merely answer an ask (a
    folded 「好，没问题。」 is no problem raised: held out on three fresh companies, 6 of the
    tasks that missed their gold item began with such an acceptance)."""
    for k in range(1, len(turns)):
        turn, prev = turns[k], turns[k - 1]
        if not turn.items or turn.speaker_id is None:
            continue
        first = turn.items[0]
        if not first.owners or turn.speaker_id in first.owners:
            continue
        text = turn.utt.text.strip()
        at = text.find(first.task[:6]) if first.task else -1
        own = text[:at].strip() if at > 0 else ""
        own = "" if ACK_START.fullmatch(own) else ACK_START.sub("", own, count=1).strip()
        before = (
            ""
            if prev.speaker_id in (None, turn.speaker_id)
            or prev.items
            or prev.confirmed
            or is_reply(prev.utt.text)
            else prev.utt.text.strip()
        )
        asked = _asked_before(turns, k - 1) if before else ""
        raised = [t for t in (asked, before, own) if t and len(t) <= CONTEXT_CHARS]
        _with_context(first, raised)


# An answer that names no thing, only points back at the question: 「这个……还没定。」,
# 「说过，但是最近没消息了。」, 「那个还没有」.
_POINTS_BACK_ANSWER = re.compile(
    r"^\W*(?:[呃嗯哎]+\W*)?(?:(?:这个|那个)(?=[…，,。\s]|还|没|不|要|得|是|我|他|她|可能|应该)|"
    r"这事儿?|那事儿?|说过|还没)[^。？?！!]{0,16}[。！!]?\s*$"
)


def _asked_before(turns: list[Turn], k: int) -> str:
    """The question a pointing-back answer (turn ``k``) answers, when said by someone else
    right before it ('' if none): the words that say what is undecided or unknown."""
    if k < 1 or not _POINTS_BACK_ANSWER.match(turns[k].utt.text.strip()):
        return ""
    q = turns[k - 1]
    if q.speaker_id in (None, turns[k].speaker_id) or q.items:
        return ""
    text = q.utt.text.strip()
    return text if _QUESTION.search(text) else ""


# telling someone: 「跟韩雪说一下」, 「给他带个话」, 「和汪静那边打个招呼」
_TELL = (
    r"(?:跟|和|给)(?P<who>[^，,。！!？?\s]{1,6}?)(?:那边)?(?:说|讲|带个话|打个招呼)(?:一下|一声)?"
)
# 「小婷你跟韩雪说下周三之前给」, 「陈静你跟他说一声，三个工作日内把回访方案发出来」: the one
# asked passes the ask on; the work itself is then said after it.
# (not 「周总你跟海涛说一下。」: its 一下 is no work said after the relay)
_RELAY = re.compile(
    r"你(?:帮我|帮忙)?" + _TELL + r"(?!一下|一声)[，,]?(?=[^。！!？?]*[\u4e00-\u9fff]{2})"
)
# 「阮静你会后联系一下岑雪，让她下周内出一个模板」: the one asked gets someone else to do it.
_RELAY_LET = re.compile(
    r"你\S{0,3}?(?:联系|通知|找)(?:一下)?(?P<who>[^，,。！!？?\s]{1,6}?)(?:那边)?[，,]?\s*"
    r"(?:让|叫|请)(?:他|她)(?!们)(?=[^。！!？?]*[\u4e00-\u9fff]{2})"
)

# 「…，海涛你帮我带个话，周五前…」, 「…，裴然你转告她，…」: passing an ask on to someone
# named before (他/她 or the person before the relay: 「吴婷那边，你帮我带个话」).
_PASS_ON = re.compile(
    r"你(?:帮我|帮忙)?(?:转告(?P<who>[他她])?(?:一下|一声)?|带个话)[，,]?"
    r"(?=[^。！!？?]*[\u4e00-\u9fff]{2})"
)

# 「孙浩负责，」 said as a clause of its own: who does what was just said.
_DOER_AFTER = re.compile(r"^\W*负责[，,。；;]")


def doers_named_after(turns: list[Turn], lex: OrgLexicon) -> None:
    """A task said without its doer, then 「孙浩负责，…」 opening the next item of the same
    turn (「挪到节后吧，十月十五号之前做完。孙浩负责，通知让客服那边提前三天发。」): the one
    named does the task before (in place); the rules read 负责 only forward, into the next
    clause, which has a doer of its own (客服那边)."""
    for turn in turns:
        sid = turn.speaker_id
        if sid is None or not re.search(r"[\u4e00-\u9fff]", turn.utt.text):
            continue
        for before, c in zip(turn.items, turn.items[1:], strict=False):
            named = [m for m in lex.find(c.task[:10]) if m.kind == "person" and m.id != UNKNOWN]
            if not named or named[0].start > 0 or not _DOER_AFTER.match(c.task[named[0].end :]):
                continue
            if before.owners not in ([], [sid]) or any(
                m.kind == "person" for m in lex.find(before.task)
            ):
                continue
            who = named[0]
            before.owners, before.owner_names = [who.id], [who.text]
            before.department = department_of(lex.org, who.id)
            if c.owners == [who.id]:
                continue  # the next clause is theirs too
            c.task = c.task[who.end :].lstrip("负责，,。；; ")


# A relay with nothing after it: 「这个，我来跟汪静那边说」, 「马杰那边会后跟他说」.
_RELAY_ALONE = re.compile(_TELL + r"\W*$")


# A reply that only says the replier will pass it on: 「好的，我跟小卢说」,
# 「行，我回头和婷婷讲一声」.
_RELAY_REPLY = re.compile(
    r"^\W*(?:好的?|行|可以|没问题|嗯|收到|OK)?\W*我\S{0,3}?" + _TELL + r"\W*$", re.I
)


def _told_in_reply(turn: Turn, lex: OrgLexicon) -> Mention | None:
    """The one person a reply says the replier will pass the ask on to, or None."""
    m = _RELAY_REPLY.match(turn.utt.text.strip())
    if m is None:
        return None
    return next(
        (x for x in lex.find(turn.utt.text) if x.kind == "person"
         and x.id not in (UNKNOWN, turn.speaker_id) and m.start("who") <= x.start < m.end("who")),
        None,
    )


def relay_owners(turns: list[Turn], lex: OrgLexicon) -> None:
    """An ask to pass work on (「小婷你跟韩雪说下周三之前给」; 「你联系一下岑雪，让她
    …出一个模板」) belongs to the one it is passed to (in place), when the work is said
    after the relay in the same turn: the one asked only carries the message. 他/她 is the
    last person named before it other than the one asked (「蒋涛今天请假没来，陈静你跟他
    说一声，三个工作日内把回访方案发出来」). A relay said alone (「我回去跟国栋说」) passes
    on work already given and changes nothing."""
    for turn in turns:
        sid = turn.speaker_id
        if sid is None or not turn.items:
            continue
        text = turn.utt.text
        m = _RELAY.search(text) or _RELAY_LET.search(text) or _PASS_ON.search(text)
        if m is None:
            continue  # the speaker's own relay is relay_to_named's
        people = [
            x for x in lex.find(text)
            if x.kind == "person" and x.id not in (UNKNOWN, sid)
        ]
        # the one asked, named right before 你 (not 「吴婷那边，你帮我带个话」: whose it is)
        asked = [
            x for x in people
            if x.end <= m.start() and re.fullmatch(r"\s*[，,]?\s*", text[x.end : m.start()])
        ]
        target = None
        if m.group("who") in ("他", "她", None):
            target = next(
                (x for x in reversed(people)
                 if x.end <= m.start() and not any(x.id == a.id for a in asked)),
                None,
            )
        else:
            target = next(
                (x for x in people if m.start("who") <= x.start < m.end("who")), None
            )
        if target is None:
            continue
        relayer = {a.id for a in asked} | {sid}
        for c in turn.items:
            if set(c.owners) <= relayer and text.find(c.task[:4]) <= m.end():
                _hand_to(c, target, lex)
                break


# The speaker's own relay of work said in the turn, said two ways: 「十二月十号之前讲完，分三场。
# 马杰那边我会后跟他说。」 (anywhere in the turn) and, closing it, 「吴婷那边我会后跟她说。」,
# 「我回头跟小王说一声」.
_RELAY_TO_NAMED = re.compile(
    r"(?P<who>[^，,。！!？?\s]{1,6}?)那边我\S{0,3}?(?:跟|和|给)(?:他|她)(?:说|讲|带个话)"
)
_RELAY_LAST = re.compile(
    r"(?:^|[，,。；;！!])\s*(?P<side>[^，,。；;！!？?\s]{2,4}?那边)?[^，,。；;！!？?]{0,4}?"
    + _TELL + r"\W*$"
)


def relay_to_named(turns: list[Turn], lex: OrgLexicon) -> None:
    """Work said in a turn, then the speaker's own relay of it to a named person (「…十号之前
    讲完，分三场。马杰那边我会后跟他说」, 「周五前装好，分两批。吴婷那边我会后跟她说。」): the
    speaker only carries the message, the work is the one told's (in place). A relay the
    speaker asks of someone else (「你跟韩雪说…」) is ``relay_owners``'; without work said in
    the turn a relay changes nothing. Read on the property manager's transcripts
    (spoken-property), where the answer to 「时间呢？」 was the speaker's item though the work
    was the one told's."""
    for turn in turns:
        sid = turn.speaker_id
        if sid is None or not turn.items:
            continue
        text = turn.utt.text
        if not (_RELAY.search(text) or _RELAY_LET.search(text) or _PASS_ON.search(text)):
            told = _told_closing(turn, lex)
            for c in turn.items if told is not None else []:
                if c.owners == [sid]:
                    _hand_to(c, told, lex)
        if len(turn.items) == 1 and turn.items[0].owners in ([], [sid]):
            told = _told_inside(turn, lex)
            if told is not None:
                _hand_to(turn.items[0], told, lex)


def _hand_to(c: Candidate, who: Mention, lex: OrgLexicon) -> None:
    """The item is the one it is relayed to's (in place)."""
    c.owners, c.owner_names = [who.id], [who.text]
    c.department = department_of(lex.org, who.id)
    c.group = False


def _told_inside(turn: Turn, lex: OrgLexicon) -> Mention | None:
    """The X of 「X那边我会后跟他说」 said after at least four characters of work."""
    sid, text = turn.speaker_id, turn.utt.text
    m = _RELAY_TO_NAMED.search(text)
    if m is None or len(re.sub(r"\W", "", text[: m.start()])) < 4:
        return None
    return next(
        (x for x in lex.find(text) if x.kind == "person" and x.id not in (UNKNOWN, sid)
         and m.start("who") <= x.start < m.end("who")),
        None,
    )


def _told_closing(turn: Turn, lex: OrgLexicon) -> Mention | None:
    """The one told by a relay closing the turn, when the words before it say work with a
    date and have no 我 who acts (「报价单我周五前发出来，我跟芳姐说一下」 stays the speaker's,
    「压差计那个，那我去跟马骏说」 names only a topic), and the relay is the speaker's own (no
    你, no one else asked, one person told)."""
    sid = turn.speaker_id
    text = turn.said or turn.utt.text
    m = _RELAY_LAST.search(text)
    if m is None:
        return None
    before, relay = text[: m.start()], text[m.start() : m.end()]
    if "你" in relay or FIRST_PERSON_ZH.search(before):
        return None
    if not any(d.weight >= 1 and d.end <= m.start() for d in turn.dates):
        return None  # 「压差计那个，那我去跟马骏说」: no work said before the relay, only its topic
    people = [x for x in lex.find(text) if x.kind == "person" and x.id not in (UNKNOWN, sid)]
    if m.group("who") in ("他", "她"):
        told = [x for x in people if m.start() <= x.start < m.start("who")]
    else:
        told = [x for x in people if m.start("who") <= x.start < m.end("who")]
    if len({x.id for x in told}) != 1 or any(x.end <= m.start() for x in people):
        return None
    return told[0]


# A turn that asks a question: 「节前来得及吗？」, 「协议给法务了吗？」, "When can we have it?".
_QUESTION = re.compile(r"(?:[？?]|[吗呢么没](?:[。.!！]|$))\s*$")
# English words are longer than Chinese characters: the longest raised problem of an English
# turn kept as context (「The November service charge invoice — the amount didn't match…」).
CONTEXT_CHARS_EN = 160


# A question that names what it asks about: 「中试呢？」, 「那开家长会的事呢？」
# (not 「那怎么办呢？」)
_TOPIC_QUESTION = re.compile(r"(?:^|[，,。！!？?\s])(?P<topic>[^，,。！!？?\s]{2,14})呢\s*[？?]")
_QUESTION_WORD = re.compile(r"什么|怎么|哪|谁|多少|几|为啥|咋|要不要|能不能|行不行")


def _names_its_topic(question: str) -> bool:
    """Does the question say what it is about (「X呢？」), so that the turn before it, about
    something else, is no context of its answer?"""
    return any(
        not _QUESTION_WORD.search(m.group("topic")) for m in _TOPIC_QUESTION.finditer(question)
    )


def _raised_text(turn: Turn) -> str:
    """A turn's words as context, when short enough to be one thing raised ('' if not)."""
    text = turn.utt.text.strip()
    chinese = re.search(r"[\u4e00-\u9fff]", text) is not None
    return text if len(text) <= (CONTEXT_CHARS if chinese else CONTEXT_CHARS_EN) else ""


_POINTS_BACK_EN = re.compile(r"\b(?:it|them|that one)\b", re.I)


def carry_answered_topics(turns: list[Turn]) -> None:
    """A commitment made in answer to another speaker keeps what was asked or raised as its
    task's context (in place): 「悦府二期那台三号梯…我想节前让维保单位再做一次全面检测。」 →
    「节前来得及吗？」 → 「来……来得及，我今天下午打电话，争取明天做。」 says what is to be done
    only together with the turns before it. :func:`carry_raised_topics` does this for an ask
    of someone else, and runs first; this is the first item of any turn right after one by
    another speaker (a guest not in the org file too) that holds no item and does not itself
    answer: a problem raised ("The November invoice … didn't match" → "I'll ask Tony to check
    and reissue it") or a question. A question is about the turn before it (「挪到什么时候？」
    names no thing), which is carried too. Read on the property manager's transcripts
    (spoken-property), where 12 of 38 misses were such replies found on the right line whose
    task said only 「来得及，打电话，争取做」."""
    for k in range(1, len(turns)):
        turn, prev = turns[k], turns[k - 1]
        sid = turn.speaker_id
        # (a guest not in the org file, "Sophie Chen", still raises things)
        if not turn.items or not turn.utt.speaker or not prev.utt.speaker:
            continue
        if sid is None and not _POINTS_BACK_EN.search(turn.items[0].task):
            # (a guest's promise that points back, "We'll have it to you by June 17.", is
            # about what was asked just before: "Send us your proposal in writing…")
            continue
        if sid is not None and prev.speaker_id == sid:
            continue
        if prev.utt.speaker == turn.utt.speaker:
            continue
        first = turn.items[0]
        if _RELAY_ALONE.search(first.task):
            continue  # 「我来跟汪静那边说」 passes work on and is no task to explain
        if prev.items or prev.confirmed or is_reply(prev.utt.text):
            continue
        text = turn.utt.text.strip()
        if _NEW_TOPIC.search(_first_sentence(ACK_START.sub("", text, count=1))):
            continue  # 「另外我把周报发一下」: a thing of its own, not the answer
        asked = _raised_text(prev)
        if not asked:
            continue
        earlier = turns[k - 2] if k >= 2 else None
        raised = [asked]
        if _QUESTION.search(asked) and not _names_its_topic(asked):
            context = _raised_text(earlier) if earlier and earlier.speaker_id else ""
            if context:
                raised.insert(0, context)
        elif (
            earlier is not None
            and earlier.speaker_id == sid
            and earlier.utt.speaker == turn.utt.speaker
            and not is_reply(earlier.utt.text)
            # (「还有停车，患者老说停不了车…」 opens a topic of its own: no answer to the replier)
            and not _NEW_TOPIC.match(ACK_START.sub("", asked, count=1))
            # (a guest's "it" is what was asked of them since)
            and not (sid is None and _POINTS_BACK_EN.search(first.task))
        ):
            # 「城东支行的理财经理就一个…」 → 「人的问题我这边没办法，得人力批。」 → 「那我回去写
            # 个加人的申请」: the turn before answers what the replier raised; it raises nothing.
            # But a question the replier put (「…第三方破坏这个事，要不要报主管部门？」 → 「要报」
            # → 「那我来报，…下周一之前我报上去」) names the thing the answer only settles.
            # (an ask of someone else carried the answer already: carry_raised_topics)
            question = _last_question(earlier) if first.owners == [sid] else ""
            if not question or first.context:
                continue
            raised.insert(0, question)
        _with_context(first, raised)


def _last_question(turn: Turn) -> str:
    """The turn's closing sentence when it asks a question, short enough to be one thing
    raised ('' if not)."""
    text = turn.utt.text.strip()
    if not _QUESTION.search(text):
        return ""
    last = re.split(r"(?<=[。！!；;])\s*", text)[-1].strip()
    return last if len(last) <= CONTEXT_CHARS else ""


# A task whose own words only point back at the thing: 「这个我来，周五前换好」, 「那个我让晓晓
# 补一下」, 「这事我跟」.
_POINTS_BACK_TASK = re.compile(
    r"^\W*(?:那|好|行)?\W*(?:这个|那个|这块|那块|这事儿?|这件事)(?!月|周|星期|礼拜)"
)
# How many turns before the reply the thing it points back at may have been raised.
POINT_BACK_REACH = 4


def carry_pointed_back(turns: list[Turn]) -> None:
    """A reply whose own words only point back (「这个我来，周五前换好」) carries the thing it
    points at even when that was raised turns before (in place): walking back from the turn
    before it, a question that names no thing (「坏多久了？」), an answer to a question (「上周
    就坏了。」) and a bare confirmation (「对，我也听说了。」) are about the turn before them, so
    the walk goes on past them to the turn that raised the thing (「冷库的温度记录仪坏了两
    个。」), and all of them are carried. A turn with an item of its own ends the walk and is
    not carried (its thing is its item's). Runs after :func:`carry_raised_topics` and
    :func:`carry_answered_topics`, which carry one turn (two for a question that names no
    thing); a carried turn is not carried twice. An ask said to be the same as the one
    before (「华南仓也一样，吴婷你也是周五前交」) carries that ask's words the same way
    (:func:`_carry_the_same`). Read on the gas utility's, the hospital group's, the
    education company's and the restaurant chain's transcripts, where the item was found on
    the right line with a task the scorer could not pair."""
    for k in range(len(turns)):
        _carry_the_same(turns, k)
    for k in range(1, len(turns)):
        turn = turns[k]
        if not turn.items or turn.speaker_id is None:
            continue
        first = turn.items[0]
        if not _POINTS_BACK_TASK.match(first.task[first.context :]):
            continue
        if _RELAY_ALONE.search(first.task):
            continue  # 「这个，我来跟汪静那边说」 passes work on, as for carry_answered_topics
        raised: list[str] = []
        for j in range(k - 1, max(-1, k - 1 - POINT_BACK_REACH), -1):
            t = turns[j]
            text = _raised_text(t)
            if t.items or t.speaker_id is None or not text:
                break
            raised.insert(0, text)
            if not _about_the_turn_before(turns, j):
                break
        else:
            raised = []  # no turn that raised it within reach
        if raised and not _about_the_turn_before(turns, k - len(raised)):
            _with_context(first, raised)


# An ask said to be the same as the one before: 「成都那边也一样」, 「…你来，也是下周三」.
_SAME_AS_BEFORE = re.compile(r"也一样|也是|同样|一样的|也照着")
# The longest such task (characters, the name and date said in it included) that still names
# only what differs.
SAME_TASK_CHARS = 18


def _carry_the_same(turns: list[Turn], k: int) -> None:
    """An ask of turn ``k`` that names only what differs and says the rest is the same
    (「华南仓也一样，吴婷你也是周五前交」: a short task) carries the own words of the latest ask
    said before it, in the same turn or up to ``REPLY_REACH`` turns back (in place)."""
    turn = turns[k]
    if turn.speaker_id is None:
        return
    earlier = [
        x for t in turns[max(0, k - REPLY_REACH) : k] if t.speaker_id is not None
        for x in t.items
    ]
    for n, c in enumerate(turn.items):
        if c.context or not _SAME_AS_BEFORE.search(c.task):
            continue
        if len(re.sub(r"\W", "", c.task)) > SAME_TASK_CHARS:
            continue  # 「这批货也是要在周五前发完的」 says its own thing
        said = next(
            (x for x in reversed(earlier + turn.items[:n]) if not _SAME_AS_BEFORE.search(x.task)),
            None,
        )
        if said is not None:
            _with_context(c, [said.task[said.context :]])


def _about_the_turn_before(turns: list[Turn], j: int) -> bool:
    """Is turn ``j`` only about the turn before it: a question that names no thing, an answer
    to another speaker's question, or a bare confirmation?"""
    if j < 1:
        return False
    text = turns[j].utt.text.strip()
    before = turns[j - 1]
    if before.utt.speaker == turns[j].utt.speaker:
        return False
    if _QUESTION.search(text):
        return not _names_its_topic(text) and len(re.sub(r"\W", "", text)) <= SHORT_ANSWER
    if _QUESTION.search(before.utt.text.strip()) and not before.items:
        return True
    return is_reply(text) and len(re.sub(r"\W", "", text)) <= SHORT_ANSWER


# A clause of a reply that only accepts or repeats the date: 「可以，周五前没问题」, 「好的峰哥，
# 下周一」, 「行，我们尽量」. Such words tell the reader nothing about what is to be done.
_BARE_CLAUSE = re.compile(
    r"^(?:[我咱]们?|这边|那就|那)?(?:尽量|一定|保证|放心|没问题|问题不大|可以|行|好|应该)*"
    r"(?:今天|明天|后天|今晚|下班前|月底前?|年底前?|这周内?|本周内?|下周[一二三四五六日天]?|"
    r"周[一二三四五六日天]|[零一二三四五六七八九十两\d]+(?:号|日|天内?|个工作日内?))?"
    r"(?:之?前|以前|之内|内)?(?:吧|啊|哈|呢|的)?"
    r"(?:没问题|问题不大|可以|行|能|尽量|搞定|完成|弄完|给你|发你)?(?:吧|啊|哈|呢|的)?$"
)


def _with_reply(task: str, reply: str) -> str:
    """The ask's task with what its confirming reply adds: the reply's clauses less the
    acceptance (好的/行/可以…, the asker's name after it) and clauses that only say yes or
    repeat a date. 「盘点表周五前给我」 + 「可以，周五前没问题」 stays as it was."""
    body = ACK_START.sub("", reply.strip(), count=1)
    # (English words are not clauses: "I'll send it by Friday" stays one)
    chinese = re.search(r"[\u4e00-\u9fff]", body) is not None
    cut = r"[，,。；;！!？?\s]+" if chinese else r"(?<=[.;!?])\s+"
    clauses = [c.strip() for c in re.split(cut, body) if c.strip()]
    if clauses and body != reply.strip() and len(clauses[0]) <= 3:
        clauses = clauses[1:]  # 「好的峰哥，…」: the asker's name after the acceptance
    kept = [c for c in clauses if not ACK_START.fullmatch(c) and not _BARE_CLAUSE.fullmatch(c)]
    glue = "，" if chinese else " "
    return f"{task} {glue.join(kept)}" if kept else task


# What speech wraps around a task that says nothing of what is to be done (#17): fillers,
# the date (the item's due date holds it), the doer as subject (its owners hold them).
_FILLERS = re.compile(
    r"[呃嗯]+[，,、\s]*|(?<![\u4e00-\u9fff])额[，,、\s]+|(?<=[\u4e00-\u9fff])[啊呀哈](?=[，,。\s]|$)"
)
# (a bare 那 is "then", but not before a measure word: 「那个外架班组」, 「那条线」 say which)
_LEAD_FILLER = re.compile(
    r"^(?:那个[，,]|就是说[，,]?|然后[，,]?|那[，,]|那就(?!是)|那(?![个条些家边天种次批位台件份张款就]))\s*"
)
_TOPIC_MARK = re.compile(r"(?<=[\u4e00-\u9fff])的话[，,]?")
# A clock time before a deadline, with its day and part of day: 「两点半前」, 「明天上午10点前」
# (not 「三点前面」).
_CLOCK_BEFORE = (
    r"(?:(?:今天|明天|后天|今晚)?(?:上午|下午|中午|晚上|早上))?[零一二三四五六七八九十两\d]{1,3}点"
    r"(?:半|[零一二三四五六七八九十\d]{1,3}分?)?(?:之?前|以前)(?![面后天])"
)
_DATE_PHRASE = re.compile(
    _CLOCK_BEFORE + "|"
    r"(?:(?:今天|明天|后天|今晚)(?:下班|下午|晚上|上午|中午)?(?:之?前|以前)?|下班前|"
    r"(?:(?:这|本|下)(?:个)?(?:周|星期)|周|星期)[一二三四五六日天](?:之?前|以前)|"
    r"(?:这|本|下)周内|(?:[零一二三四五六七八九十\d]+月|这个月|下个?月)(?:底|初)(?:之?前|以前)?|"
    r"[月年]底(?:之?前|以前)?|"
    r"(?:[零一二三四五六七八九十\d]+月)?[零一二三四五六七八九十\d]+[号日](?:之?前|以前)|"
    r"[零一二三四五六七八九十两\d]+个?(?:工作日|天)(?:之内|以内|内))"
)


def _drop_date(m: re.Match[str]) -> str:
    """A date phrase out of a task; 「周五前的那批货」 keeps a deadline that names a thing,
    「今天的纪要」 loses its bare day together with 的."""
    after = m.string[m.end() : m.end() + 1]
    if after == "的" and m.group(0)[-1] in "前内":
        return m.group(0)
    return ""

def _drop_deadline(m: re.Match[str]) -> str:
    """A date phrase out of words carried before an ask only when it is a deadline (周五前,
    三个工作日内) or a bare day (明天): 「三月初那条船」 says which ship."""
    said, before, after = m.group(0), m.string[: m.start()].rstrip(), m.string[m.end() :]
    alone = (not before or before[-1] in "。！!？? ") and (not after or after[0] in "。！!？? ")
    if alone or said.endswith(("前", "内")) or re.fullmatch(r"(?:今天|明天|后天|今晚)\S*", said):
        return _drop_date(m)  # (「月底。」 said alone is the date of something else)
    return said


_DOER = re.compile(
    r"(?<![给跟和与帮向找问让请叫发诉对])(?:我们|你们|我|你)(?:俩|两个)?(?:这边|那边)?"
    r"(?:自己)?来?(?=[\u4e00-\u9fff])(?![的们])"
)
# 你们采购部, 我们部门, 你们仓储这边: a team as the doer of the item's own words, as 你/我 are
# (a team's name holds no verb or function word: not 「我们要全部…」, 「我们出处罚…」, 「我们内部」)
_TEAM = r"[^\W\d要全内外总的把先再也都就会能出做写发给跟和与在是有一这那个不没了着过]"
_TEAM_DOER = re.compile(
    r"(?<![给跟和与帮向找问让请叫发诉对])(?:我们|你们|咱们)"
    rf"(?:{_TEAM}{{1,4}}?(?:部门|部|组|中心|团队)|{_TEAM}{{1,4}}?(?=这边|那边)|部门)"
    r"(?:(?:这边|那边)[，,]?)?(?=[\u4e00-\u9fff])(?![的们])"
)
# The last clause of an item's words that is not this step: the help it needs from others
# (「…做完，需要仓库配合一下」), a later step with a day of its own
# (「…周五前弄好，然后周六…上样」).
_NOT_THIS_STEP = re.compile(
    r"[，,]\s*(?:(?:需要|要|请|得)?[^，,。！!？?\s]{1,6}?配合(?:一下)?|"
    r"然后[^，,。！!？?]*?(?:周[一二三四五六日天]|明天|后天|[一二三四五六七八九十\d]+[号日])"
    r"[^，,。！!？?]*)[。！!]?\s*$"
)
# 「值班表发给芳姐，她那边核一下加班费」: what the one the work goes to does with it next
_THEIR_STEP = re.compile(
    r"(?P<keep>给[^，,。！!？?\s]{1,5})[，,]\s*[他她](?:们)?(?:那边|这边)?[^，,。！!？?]*$"
)


# A sentence's opening that is talk in the meeting, not the thing: 「我补充一下，」, 「审计这边提醒
# 一下，」, 「业务这边提一个，」, 「我这边，」, 「另外，」, 「第二个，」.
_PREAMBLE = re.compile(
    r"^(?:(?:我们?|咱们?)?(?:[\u4e00-\u9fff]{1,4}?这边|这边)?(?:我们?)?(?:先|再|也)?"
    r"(?:说一句|说一下|说两句|提醒一下|提醒一句|补充一下|补充一句|补充两句|提一个|提一下|"
    r"提个事|插一句|讲一下|汇报一下|问一下|问一句)[啊哈吧呀]?|[哎诶欸]|(?:我们?|咱们?)?[\u4e00-\u9fff]{0,4}这边|另外|此外|最后|"
    r"还有一?个事情?|第[一二三四五六七八九十]个?)[，,：:]\s*"
)
# 「我……我回去」, 「今天……今天可能」: a word said again after a pause is said once.
_STUTTER = re.compile(r"([\u4e00-\u9fff]{1,3})(?:……|…|\.{3,6})+\s*\1")
# where the words carried before an ask, and the sentences of a turn, meet
_SENTENCES = re.compile(r"(?<=[。！!？?；;])\s*|(?<=[\u4e00-\u9fff，,])\s+(?=[\u4e00-\u9fff])")
# 那 opening a later sentence only as "then" before a doer or 这/把 (「那这个要补」); 「那条线…」,
# 「那也是…」 keep it
_THEN = re.compile(
    r"^(?:那个[，,]|就是说[，,]?|然后[，,]?|那[，,]|那就(?!是)|那(?=[你我咱他她把这]))\s*"
)
# the owner as the subject right after their name: 「余佳把…」, 「小唐再找…」, 「海涛你…」
_AFTER_OWNER = re.compile(r"^[啊呀]?(?:[，,：:]\s*|$|(?=你|把|先|再|也|就|来|去|一起))")


def _open_sentence(sentence: str, owner_names: list[str], first: bool = False) -> str:
    """A sentence less what opens it without saying the thing: an acceptance and the name
    after it, fillers, talk in the meeting (「补充一下，」), and the owner called on or named
    as the subject (「那个，诗雨，」, 「余佳把…」, 「吴昊跟苏晴一起…」)."""
    body = sentence
    for _ in range(3):
        before = body
        acked = ACK_START.sub("", body, count=1)
        if acked != body:
            # 「好的峰哥，」: the name after an acceptance; 「好的陈主任。」 is nothing more
            body = re.sub(r"^[^，,。\s]{1,3}[，,。]\s*", "", acked) if acked else acked
        body = (_LEAD_FILLER if first else _THEN).sub("", body)
        body = _PREAMBLE.sub("", body, count=1)
        names = [n for n in owner_names if n]
        if body.startswith("那") and any(body.startswith(n, 1) for n in names):
            body = body[1:]  # 「那海涛、陈杰，…」
        for name in sorted(names, key=len, reverse=True):
            if not body.startswith(name):
                continue
            rest = body[len(name):]
            for other in names:  # 「吴昊跟苏晴一起…」: both owners named as the subject
                m = re.match(rf"(?:跟|和|与|、){re.escape(other)}", rest)
                if other != name and m:
                    rest = rest[m.end():]
            tail = _AFTER_OWNER.match(rest)
            if tail:
                body = rest[tail.end():]
            break
        if body == before:
            break
    return body


def _unless_bare(m: re.Match[str]) -> str:
    """The owner's name out of the middle of a task, unless only a bare verb would be left of
    its clause (「摊位招商，高鹏来，」, 「8D报告，Vincent牵头，」 keep who)."""
    rest = re.split(r"[，,。！!？?\s]", m.string[m.end() :], maxsplit=1)[0]
    return m.group(0) if len(re.sub(r"^你", "", rest)) <= 2 else ""


def tidy_spoken_task(task: str, owner_names: list[str], context: int = 0) -> str:
    """The task of an item read from a Chinese speaker turn, as what is to be done: without
    the acceptance it opens with and the name after it (「好的峰哥，」), fillers (呃, 嗯, 那个，),
    the topic mark 的话, the date (the due date says it), the doer as subject (我/你/我们这边:
    the owners say who) and the owner called on (「海涛，」). Held out on three fresh companies,
    several tasks read from speech missed the annotator's wording only for such words around
    the verb and its object. Each sentence is opened so, not only the first: the words carried
    before an ask (``context`` characters, :func:`carry_raised_topics`) and the turn's own
    sentences before it begin with their own preamble (「我补充一下，」), thanks and names; a
    date among the carried words names a thing (「三月初那条船」) and stays."""
    if not re.search(r"[\u4e00-\u9fff]", task):
        return task
    context = min(context, len(task))
    parts, opened = [], False
    for said, carried in ((task[:context], True), (task[context:], False)):
        said = _STUTTER.sub(r"\1", _FILLERS.sub("", said))
        if not carried:
            said = _NOT_THIS_STEP.sub("", said, count=1)
        kept = []
        for s in _SENTENCES.split(said):
            s = _open_sentence(s.strip(), owner_names, first=not opened)
            if s and not THANKS.fullmatch(s):
                kept.append(s)
                opened = True
        body = " ".join(kept)
        if not carried and owner_names:
            # 「下次会，海涛你帮我约一下」: the owner called on after a topic, mid-sentence
            called = "|".join(re.escape(n) for n in sorted(set(owner_names), key=len, reverse=True))
            body = re.sub(rf"(?<=[，,])\s*(?:{called})(?:[，,]\s*|(?=你))", _unless_bare, body)
            body = re.sub(r"(?<=[，,])\s*(?:这边|那边)[，,]\s*", "", body)
        body = _TOPIC_MARK.sub("", body)
        if carried:
            body = _DATE_PHRASE.sub(_drop_deadline, body)
        else:
            body = re.sub(r"(?:今天|明天|后天)的", "", body)
            body = _DATE_PHRASE.sub(_drop_date, body)
        body = _DOER.sub("", body if carried else _TEAM_DOER.sub("", body))
        # 「那你今天就把舱位订了」 less its doer and date: 就 is left dangling
        body = re.sub(r"(?:^|(?<=[。！!？?]\s))就(?=把|先|再)", "", body)
        # 「鹏哥你那边，条码资料…」 less the one asked: 「那边，」 is left dangling
        body = re.sub(r"(?:^|(?<=[。！!？?]\s))(?:这边|那边)[，,]\s*", "", body)
        body = re.sub(r"[，,、]\s*(?=[，,。])|^[，,、。\s]+|(?<=[。！!？?])\s*[，,、]+", "", body)
        body = body if carried else _THEIR_STEP.sub(r"\g<keep>", body)
        parts.append(re.sub(r"\s+", " ", body).strip(" ，,;；"))
    own = parts[1].rstrip("。")
    if len(re.sub(r"\W", "", own)) < 2:
        return task
    return " ".join(p for p in (parts[0], own) if p)


def _spoken_forms(name: str) -> list[str]:
    """How a person named ``name`` is called (海涛, 小刘); none for a name with no given name
    (欧阳 said alone)."""
    parts = split_name(name)
    return nicknames(name)[0] if parts is not None and parts[1] else []


# The one a task's work goes to, said as a pronoun: 「两点半前拿给我签字」, 「下班前发你」,
# 「查完告诉我」, 「明天给您回复」 (not 我们/你们 or 我的; 帮我 is done on the speaker's behalf,
# 给我把… is 'for me').
_TO_WHOM = r"(?:(?<=[给发交报])|(?<=告诉|回复|通知|汇报))"
_TO_ME = re.compile(_TO_WHOM + r"我(?![们的])(?!把|将)")
_TO_YOU = re.compile(_TO_WHOM + r"[你您](?![们的])(?!把|将)")


def _to_named(text: str, pronoun: re.Pattern[str], name: str | None) -> str:
    """``text`` with the receiving 我/你 (``pronoun``) said as ``name`` (unchanged without one)."""
    return pronoun.sub(name, text) if name else text


def name_the_receivers(turns: list[Turn], lex: OrgLexicon) -> None:
    """The one an item's work goes to, by name, where the speaker said 我 or 你 (in place):
    read back in a to-do list, 「两点半前拿给我签字」 says 'to me' of nobody. An ask of someone
    else hands the work back to its speaker (「吴婷…拿给我签字」 said by 赵峰 → 给赵峰); a
    commitment of the speaker's own goes to the one called on, else to the one who spoke
    just before (「还没，我周五前查清楚发你」 answering 赵峰 → 发赵峰), and the words carried
    before it from that turn (「数据能不能给我一下？」) are that speaker's. On the read spoken
    sets annotators wrote the name in such tasks (「交鲁志刚签字」, 「发给方悦」); a reply
    folded into an ask is named when it is folded (:func:`merge_confirmations`). (A colleague
    called by a nickname or title, 「跟秦经理对一下」, stays as said: annotators keep 「向赵总
    申请」 as often as they write the full name; tried, two sets gained and two lost.)"""
    for k, turn in enumerate(turns):
        sid = turn.speaker_id
        me = name_of(lex.org, sid)
        if me is None or not turn.items:
            continue
        prev = turns[k - 1] if k else None
        before = prev.speaker_id if prev is not None and prev.speaker_id != sid else None
        you = name_of(lex.org, turn.called[0] if turn.called else before)
        mine = department_of(lex.org, sid)
        for c in turn.items:
            carried, own = c.task[: c.context], c.task[c.context :]
            # (「排班我们部门周五前给你」: the speaker's department promises, as 我 does)
            ours = c.owners == [sid] or (not c.owners and c.department is not None
                                         and c.department == mine)
            if not ours and sid not in c.owners:
                own = _to_named(own, _TO_ME, me)
            elif ours and you is not None and you != me:
                if not turn.called:
                    carried = _to_named(carried, _TO_ME, name_of(lex.org, before))
                own = _to_named(own, _TO_YOU, you)
            c.task, c.context = carried + own, len(carried)


def tidy_spoken_tasks(turns: list[Turn], dump: bool = False) -> None:
    """:func:`tidy_spoken_task` on every item of a Chinese speaker turn (in place), or of
    every turn of a recorder's dump (``dump``: speech by nobody named); written minutes (no
    speaker, or an action list) keep their wording."""
    for turn in turns:
        if (not turn.utt.speaker and not dump) or turn.section == "action":
            continue
        for c in turn.items:
            # the owner may be called by a spoken form of the name (刘海涛 → 海涛, 小刘)
            said = [f for n in c.owner_names for f in [n, *_spoken_forms(n)]]
            c.task = tidy_spoken_task(c.task, said, c.context)


# 「你们俩」 「你们两个」: two people the speaker has just named.
_PAIR = re.compile(r"你们(?:俩|两个|两位)|你俩")


def address_pairs(turns: list[Turn], lex: OrgLexicon) -> None:
    """An item asked of 你们俩/你们两个 with no one named in its own turn belongs to the two
    people the speaker named together in their turn just before (「海涛、吴婷，退货区又错了
    好几单」 … 「那你们俩周五前把标签重新贴一遍」), in place. Only when that turn, within
    ``REPLY_REACH`` turns, names exactly two known people besides the speaker."""
    for k, turn in enumerate(turns):
        sid = turn.speaker_id
        if sid is None or not _PAIR.search(turn.utt.text):
            continue
        for c in turn.items:
            if c.owners or c.owner_names or not c.group:
                continue
            for back in range(1, REPLY_REACH + 1):
                if k - back < 0:
                    break
                prev = turns[k - back]
                if prev.speaker_id != sid:
                    continue
                named: dict[str, str] = {}
                for m in lex.find(prev.utt.text):
                    if m.kind == "person" and m.id not in (UNKNOWN, sid):
                        named.setdefault(m.id, m.text)
                if len(named) == 2:
                    c.owners, c.owner_names = list(named), list(named.values())
                    depts = {department_of(lex.org, i) for i in named}
                    c.department = depts.pop() if len(depts) == 1 else None
                    c.group = False
                break


# 「谁来弄？」, 「这个谁跟一下？」, "who can take this?": asking who will do the work just named
# (not 「是谁负责的？」, 「谁做的？」: who did it).
_WHO_WILL = re.compile(
    r"谁(?:来|去|负责|牵头|弄|跟|做|写|出|整理|能|有空)|\bwho\s+(?:can|will|wants\s+to|could)\b",
    re.I,
)
_WHO_DID = re.compile(r"是谁|谁[^，,。？?]{0,6}的[？?吗啊]?\s*$")
# 「我吧。」, 「我来吧。」, 「交给我。」, 「那我来，周五前弄完。」, "I'll take it.":
# a reply that takes the work on without naming it (what may follow says only when or how).
_BARE_TAKER = re.compile(
    r"^\W*(?:(?:好|行|嗯|那|要不)[吧的啊]?[，,\s]*)*"
    r"(?:我吧|我来吧?|我来弄吧?|我去吧?|交给我吧?|给我吧|我这边来吧?|"
    r"I'?ll\s+take\s+(?:it|this|that)|I\s+can\s+take\s+(?:it|this|that)|leave\s+it\s+(?:to|with)\s+me)"
    r"(?:[，,\s]+(?P<rest>[^。！!？?]{0,16}))?[。！!.\s]*$",
    re.I,
)
# The clause asking who, when it holds nothing else: dropped from the thing asked.
_WHO_CLAUSE = re.compile(r"(?:这个|那)?谁(?:来|去)?")


def _thing_asked(question: str) -> str:
    """The work a who-question names: 「巡检表要改版，格式变了，谁来弄？」 → its first clauses;
    「对账单谁来跟一下？」 → 「对账单跟一下」."""
    parts = [p.strip() for p in re.split(r"[，,。？?！!]", question) if p.strip()]
    kept = []
    for p in parts:
        if _WHO_WILL.search(p):
            rest = _WHO_CLAUSE.sub("", p, count=1).strip()
            if len(re.sub(r"(?:弄|做|负责|跟|一下|呢|啊|吧)", "", rest)) >= 3:
                kept.append(rest)
        else:
            kept.append(p)
    return "，".join(kept)


def takers_of_who_asks(turns: list[Turn], lex: OrgLexicon) -> None:
    """「…问卷要更新，谁来弄？」 → 「我吧。」: the work asked about is the replier's, with the
    thing the question names (the reply names none) and the date the reply states; the
    reply's own bare item is folded into it. It sits on the answer's line when the answer
    says when or how (「我来吧，周四前」: 12 of 13 such answers on the read sets were annotated
    there), on the question's after a bare 「我吧。」."""
    for k in range(1, len(turns)):
        reply, ask_turn = turns[k], turns[k - 1]
        sid = reply.speaker_id
        m = _BARE_TAKER.match(reply.utt.text)
        if (
            sid is None
            or m is None
            or ask_turn.speaker_id in (None, sid)
            or ask_turn.items
            or not _WHO_WILL.search(ask_turn.utt.text)
            or _WHO_DID.search(ask_turn.utt.text)
        ):
            continue
        task = _thing_asked(ask_turn.said or ask_turn.utt.text)
        if len(task) < 4:
            continue
        said = [d for d in reply.dates if d.weight >= 2]
        due = said[-1].date if said else reply.due
        # 「我来吧，周四前」 / 「我来吧，今天晚上发群里」 says when or how: the item is the
        # answer's line's; a bare 「我吧。」 leaves it on the question's
        answered = bool(m.group("rest") and m.group("rest").strip(" ，,。")) or due is not None
        reply.items = [c for c in reply.items if c.owners not in ([sid], [])]
        (reply if answered else ask_turn).items.append(
            Candidate(
                task=_with_reply(task, m.group("rest") or "") if answered else task,
                owners=[sid],
                owner_names=[reply.utt.speaker or sid],
                department=department_of(lex.org, sid),
                due=due,
                priority="normal",
                confidence=0.8 if due else 0.7,
                explicit=True,
            )
        )
