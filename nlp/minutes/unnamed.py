"""Replies in speech whose speakers nobody named (a recorder's or a voice memo's dump).

``dialogue.merge_confirmations`` folds a reply into the ask it answers by who said what; in
a dump there is no who. What is left is the order of the turns and their words: an ask to a
person called by name (「晓晓，盘点表周五前给我」), then a first-person promise with no name
(「好的，我周四发你」, 「我今天下班前提PR」) or one that names the ask's thing again
(「差异表那个我周二前弄好」). Read alone, the promise is a second item whose owner nobody
knows; read as the answer, it is the named person's confirmation and its date is the one
agreed. Kept apart from ``dialogue`` because it only applies where speakers are unknown.
"""

from __future__ import annotations

import datetime as dt
import re

from nlp.minutes.dialogue import CONTEXT_CHARS, Turn, _with_context, is_reply
from nlp.minutes.lexicon import UNKNOWN, OrgLexicon, department_of
from nlp.minutes.rules import PUSHBACK, Candidate
from nlp.minutes.similar import bigrams

# How far back an answer that does not name the ask's thing may reach (the turn before it,
# or the one before that when a short word came between), and one that does.
REACH = 2
TOPIC_REACH = 8
_FIRST_PERSON = re.compile(r"我(?!们)")
_BACK = re.compile(r"给你|发你|给您|发您")
_ACK = re.compile(r"^(?:[好的行嗯哦噢对啊呃，,。！!\s]|没问题|收到|明白|可以|OK|ok)*")
_TIME_WORDS = re.compile(
    r"今天|明天|后天|今晚|明早|这周|本周|下周|周[一二三四五六日天]|月底|月初|[0-9一二三四五六七八九十两]+(?:个)?"
    r"(?:工作日|天|号|日|月|点)|上午|下午|晚上|下班|之?前|以内|内|的话|[，,。、\s]"
)
# words that point back at the thing just said rather than name one (「好，这个我来盯」)
_POINTER = re.compile(r"这个|那个|这块|那块|这事|那事|这件事|这边|那边")
# A line calling on someone and pointing back at a thing asked of them before (「海涛啊，刚才那个
# 盘点表，…」, 「对了吴婷，那个标签改一下，…」): the name, then the pointer, then the thing.
_CALL_BACK = re.compile(r"^\W*(?:(?:哦|噢|嗯|好|那|对了|对)\W*)*")
_POINTS_AT = re.compile(
    r"[啊呀哈，,。\s]*(?:刚才|刚刚)?(?:那个|这个)([\u4e00-\u9fffA-Za-z0-9]{2,8})"
)
_NOT_THE_DAY = re.compile(PUSHBACK + r"|的话|如果|要是")  # a day too late, or a condition
# 「周三有点紧，我周五吧」: the day asked being too soon names no thing of its own
_PUSHED_BACK = re.compile(PUSHBACK)
MOVE_BACK_REACH = 40  # turns back the ask may be (a meeting's length of dump lines)
SHORT = 8  # a turn this short with no item (「好。」, 「嗯嗯，行」) may stand between


def _thing_said(text: str) -> str:
    """What a promise names before its 我, without acknowledgements, times and a pushback
    (「看板那个我…」 → 看板; 「好的，周四前我…」, 「周三有点紧，我…」 → '')."""
    head = _ACK.sub("", text, count=1)
    head = head.split("我", 1)[0] if "我" in head else ""
    return _TIME_WORDS.sub("", _PUSHED_BACK.sub("", head))


def _names_thing_of(thing: str, ask: Candidate) -> bool:
    said = {b for b in bigrams(thing) if len(b) == 2}  # a lone character names nothing
    return bool(said) and len(said & bigrams(ask.task)) >= max(1, len(said) // 2)


def _answerable(turn: Turn) -> Candidate | None:
    """The ask of a turn that a nameless reply may answer: an item with a named owner."""
    return next((c for c in turn.items if c.owners), None)


def _fold_within(turn: Turn) -> None:
    """A line of a recorder holds several turns run together: an ask to a person named and,
    right after it, a nameless promise that names no thing of its own (「…杜工你来盯一下。
    好，这个我来盯」, 「…强哥，夜班的排班月底前调整一下。行，月底前我调一下」). That promise is
    the named person's answer, not a second item; its date is the one agreed."""
    kept: list[Candidate] = []
    for c in turn.items:
        ask = kept[-1] if kept else None
        if (
            ask is not None
            and ask.owners
            and not c.owners
            and not c.group
            and _FIRST_PERSON.search(c.task)
            and is_reply(c.task)
            and len(_POINTER.sub("", _thing_said(c.task))) < 2
        ):
            if c.due is not None:
                ask.due = c.due
            continue
        kept.append(c)
    turn.items[:] = kept


_ONE_SELF = re.compile(r"^\W*(?:[好的行嗯哦噢对，,\s]|没问题|收到|可以)*我(?!们)")
_ASKS_OF = re.compile(r"[呢吗？?][。！!]?\s*$")


def _answers_question(
    turn: Turn, text: str, prev_text: str, lex: OrgLexicon
) -> tuple[str, str] | None:
    """(id, name) of the one person a question just before put to (「…芳姐那个差异表呢？」),
    when this turn is a first-person promise with no owner (「我这边周五前整理好…」)."""
    if len(turn.items) != 1 or turn.items[0].owners or not _ONE_SELF.match(text):
        return None
    if not _ASKS_OF.search(prev_text.strip()):
        return None
    people = {m.id: m.text for m in lex.find(prev_text)
              if m.kind == "person" and m.id != UNKNOWN}
    return next(iter(people.items())) if len(people) == 1 else None


def _day_it_moves_to(turn: Turn, after: int) -> dt.date | None:
    """The first day said after ``after`` outside a clause saying it is too late or only a
    condition (「今天下班前就要发，明天赶不上了」 → 今天;
    「今天弄不完的话，明天上午给我」 → 明天)."""
    text = turn.said
    for i, d in enumerate(turn.dates):
        if d.start < after or d.weight < 1:
            continue
        # its clause, which in unmarked speech ends where the next day is said
        a = max([text.rfind(p, 0, d.start) + 1 for p in "，,。？！；"]
                + [x.end for x in turn.dates[:i]])
        ends = [j for j in (text.find(p, d.end) for p in "，,。？！；") if j >= 0]
        ends += [x.start for x in turn.dates[i + 1 :]]
        if not _NOT_THE_DAY.search(text[a : min(ends, default=len(text))]):
            return d.date
    return None


def _moved_back(said: list[tuple[Turn, str, dt.date | None]], lex: OrgLexicon) -> None:
    """A nameless line that calls on someone and points back at a thing asked of them before
    (「海涛啊，刚才那个盘点表，今天下班前就要发」) moves that ask's date, and is no item of its
    own; a nameless first-person answer right after that says the same day (「行，那我今天下班前
    抓紧弄完」) is theirs. ``dialogue.move_dates`` does this by who spoke; a dump has no who."""
    for k, (turn, text, _) in enumerate(said):
        said_text = turn.said or text
        opened = _CALL_BACK.match(said_text)
        start = opened.end() if opened else 0
        # asked as a call-out (「海涛，」), so that a given name said alone counts
        who = next((m for n in (4, 3, 2) for m in lex.find(said_text[start : start + n] + "，")
                    if m.kind == "person" and m.id != UNKNOWN and m.start == 0
                    and m.end == n), None)
        if who is None:
            continue
        pointed = _POINTS_AT.match(said_text, start + who.end)
        if pointed is None:
            continue
        # the thing, up to a time said after it or 「改一下」 (「盘点表今天下班前…」 → 盘点表)
        thing = _TIME_WORDS.split(re.sub(r"(?:改|换|调)?一下.*$", "", pointed.group(1)))[0]
        target = next(
            (c for j in range(k - 1, max(-1, k - 1 - MOVE_BACK_REACH), -1)
             for c in reversed(said[j][0].items)
             if c.owners == [who.id] and _names_thing_of(thing, c)),
            None,
        )
        after = pointed.start(1) + len(thing)
        day = _day_it_moves_to(turn, after) if target is not None else None
        if target is None or day is None:
            continue
        target.due = day
        turn.items = [c for c in turn.items if who.id not in c.owners]
        if k + 1 < len(said):
            nxt, nxt_text, nxt_due = said[k + 1]
            if nxt_due == day and _FIRST_PERSON.search(nxt_text) and not any(
                c.owners for c in nxt.items
            ):
                nxt.items.clear()  # 「行，那我今天下班前抓紧弄完」


# 「这个我们二组来弄…」: a pointer opening the line, then a clause (who does it), not a noun
_POINTER_OPENS = re.compile(
    r"^\W*(?:(?:好|行|嗯|那)\W*)*(?:这个|那个|这块|这事儿?)(?=我|你|咱|由|让|就|直接|来|先|交给|[^\u4e00-\u9fff])"
)


def _carry_pointed_topics(said: list[tuple[Turn, str, dt.date | None]]) -> None:
    """A dump's line whose item opens by pointing back (「这个我们仓库二组来弄，这周内全部
    换完」) says what is to be done only with the line before it, when that line raised a topic
    and holds no item of its own and is no reply: that line is put before the task (as
    ``dialogue.carry_raised_topics`` does for a named speaker's ask)."""
    for k in range(1, len(said)):
        turn, text, _ = said[k]
        prev, prev_text, _ = said[k - 1]
        if not turn.items or prev.items or not _POINTER_OPENS.match(text):
            continue
        before = prev_text.strip()
        if is_reply(before) or len(before) > CONTEXT_CHARS or before in turn.items[0].task:
            continue
        _with_context(turn.items[0], [before])


def fold_unnamed_replies(
    said: list[tuple[Turn, str, dt.date | None]], lex: OrgLexicon | None = None
) -> None:
    """Fold each nameless reply into the named ask it answers (in place).

    ``said``: the turns of speech by nobody named, in order, with the words each said and
    the last date it states. A reply that names no thing of its own before its 我 — a
    first-person promise (「好的，我周四发你」, 「我今天下班前提PR」) or an answer with no
    subject at all (「行，明天中午前给你」, 「明天出不来，节后第一天给你吧」) — answers the ask of
    the turn before it (or two before, past a short turn with no item); one that names a
    thing answers the latest ask up to ``TOPIC_REACH`` turns back whose task shares it
    (「看板那个我周二前搭好」), and is its own item otherwise. The ask keeps its owner and
    takes the reply's date when it says one.
    """
    for turn, _, _ in said:
        _fold_within(turn)
    for k in range(1, len(said)) if lex is not None else ():
        turn, text, _ = said[k]
        prev, prev_text, _ = said[k - 1]
        if prev.items:
            continue
        who = _answers_question(turn, text, prev_text, lex)
        if who is not None:
            # 「差异表呢，芳姐那个差异表呢？」「我这边周五前整理好…」: her answer
            c = turn.items[0]
            c.owners, c.owner_names = [who[0]], [who[1]]
            c.department = department_of(lex.org, who[0]) or c.department
    for k, (turn, text, due) in enumerate(said):
        if any(c.owners for c in turn.items) or len(turn.items) > 1:
            continue
        thing = _thing_said(text)
        # 「这个我周五之前弄好」: a pointer names no thing, but answers only an ask with no date
        pointer_only = len(thing) >= 2 and len(_POINTER.sub("", thing)) < 2
        if pointer_only:
            thing = ""
        if turn.items:
            if not _FIRST_PERSON.search(text):
                continue
        elif due is None or not (is_reply(text) or _BACK.search(text)) or len(thing) >= 2:
            continue  # an answer with no item must at least accept and say when
        target: Candidate | None = None
        for j in range(k - 1, max(-1, k - 1 - TOPIC_REACH), -1):
            prev, prev_text, _ = said[j]
            ask = _answerable(prev)
            if len(thing) >= 2:
                if ask is not None and _names_thing_of(thing, ask):
                    target = ask
                    break
                continue
            if ask is None:
                if prev.items or (k - j < REACH and len(prev_text) >= SHORT):
                    break  # another item, or words of their own, came between
                continue
            if k - j <= REACH and not (pointer_only and ask.due is not None):
                target = ask
            break
        if target is None:
            continue
        turn.items.clear()
        if due is not None:
            target.due = due
    if lex is not None:
        _moved_back(said, lex)
    _carry_pointed_topics(said)
