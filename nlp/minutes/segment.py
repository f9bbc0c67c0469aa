"""Punctuation for speech recognised without it: clause and sentence ends put back by cue.

A cheap recorder or a phone's voice memo gives run-on text
(「好那个我们开始吧上周说的冷库温控报表小王你周五前发给我行没问题还有就是…」). The line rules
read sentences and clauses, so without marks an ask, its answer and the next topic are one
clause and most items are lost (issue 17: a third of the items of such a dump, nine in ten
of a voice memo whose turns run together). What the recogniser keeps are the words a speaker
uses to open, answer, call on someone and close, and those mark the ends well enough:

- a discourse marker that opens a clause (然后 / 还有 / 另外 / 对了 / 那这样 / OK…; 好 / 行 /
  那 / 嗯 when a person, a pronoun or another marker follows) starts a sentence;
- an answer word (好的 / 行 / 没问题 / 收到 / 可以 / 对…) at the start of a line or after a
  sentence end is followed by a comma (「行，周四前没问题」);
- a person called on — a name followed by 你/您 (「…给我贺磊你把留样…」) — starts a clause;
- a sentence-final particle (吧 / 啊 / 哈 / 嘛 / 呀 / 啦, and 吗 / 呢 as a question) ends one;
- 「…发我我去跟…」: a doubled 我 is the end of one clause and the start of the next.
- 「…更新一下上周的…做完了」: an ask ends at 一下 where work already done is told after it;
- 「…要回来三个工作日内好…」: a date said back shortly after it was said opens the answer.

Only a jieba token start can take a mark, so 然后 inside 然后面 or 好 inside 好几个 is never cut.
- a department speaking for itself (「…运营这边下周三前出…」) opens a turn, and so does one
  spoken to with a date or the thing after it (「…人力那边下周一之前把教材…」).

``restore`` is pure: the caller passes the token starts and the spans of person and
department names (the org lexicon's mentions), which keeps org knowledge out of this module.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from nlp.minutes.rules import RECAP_VERBS, SIDE_ASKED

_CJK = re.compile(r"[\u4e00-\u9fff]")
# any sentence or clause mark: text that has one was punctuated by someone
_ANY_MARK = re.compile(r"[，。！？；：、,!?;:]|\.(?=\s|$)")

# Markers that open a new sentence wherever they stand as a word of their own.
_OPENERS = (
    "然后就是", "然后呢", "然后", "还有就是", "还有一个", "还有个事", "还有个", "还有件事",
    "还有那个", "还有", "另外", "对了",
    "那这样", "那就这样", "这样吧", "那行", "那好", "好吧", "行吧", "OK", "ok", "Ok", "好嘞",
    "接下来", "散会",
)
# (a pause before one of them ends the sentence too: ``extract._punctuate``)
OPENER = re.compile("(?:" + "|".join(_OPENERS) + ")")
# A closing sentence (「…今天就这些」) and the verb that opens a recap (「我最后捋一下啊：…」)
# end where they stand, so that the recap reads as one (``rules.closing_recap``).
_CLOSERS = re.compile(r"(?:就这些|就这样|先这样|先到这)[吧啊了]?")
_RECAP_VERB = re.compile("(?:" + "|".join(RECAP_VERBS) + r")(?:今天的?)?[啊吧哈呀]?")
# Answer words: at the start of a sentence they are followed by a comma; mid-text they end
# the sentence before them when a clause-opening word follows.
_ANSWERS = (
    "好的好的", "好的", "好好好", "好好", "行行行", "行行", "没问题", "收到", "可以可以", "可以",
    "没事", "明白", "知道了", "对对对", "对对", "是的", "嗯嗯", "好", "行", "嗯", "对", "OK",
)
# Short words that open a sentence only when what follows opens a clause.
_WEAK = ("好", "行", "那", "嗯", "对", "哦", "噢", "喂")
# What opens a clause after a weak marker.
_CLAUSE_HEAD = re.compile(
    r"(?:我们|我这边|我来|我|你们|你|您|咱们|大家|那个|那|然后|还有|另外|这个|这块|这样|今天|明天|"
    r"下周|周[一二三四五六日天]|月底|节后|回头|先)"
)
# What follows a person called on: 你, or a time to do it by, the thing, or 把.
_CALLED_ON_BEFORE = re.compile(
    r"(?:今天|明天|后天|今晚|明早|这周|本周|下周|周[一二三四五六日天]|月底|月初|节后|年前|年后|尽快|马上|"
    r"[0-9一二三四五六七八九十两]+(?:个)?(?:工作日|天|号|日|月)|那个|这个|把)"
)
CALLED_ON = re.compile(r"(?:你|您)(?!们)|" + _CALLED_ON_BEFORE.pattern)
# 我 opening a clause of its own: a time, a promise or 这边 follows.
_SELF_CLAUSE = re.compile(
    r"我(?:们)?(?:这边|那边|自己|回头|马上|先|再|来|去|会|今天|明天|后天|今晚|这周|本周|下周|周[一二三四五六日天]|"
    r"月底|节后|[0-9一二三四五六七八九十两]+(?:个)?(?:工作日|天|号|点))"
)
# …before which 我 is an object or part of a phrase: 给我, 跟我, 让我, 发我, 等我, 是我…
_TAKES_ME = re.compile(
    r"(?:给|跟|和|让|叫|请|发|找|告诉|帮|替|把|对|向|问|被|比|等|是|带|陪|由|同|与|像|说|要|那|就|也|都|还|这)$"
)
# …before which a team is spoken to or about, not speaking: 跟财务这边, 我们财务这边
_TEAM_OBJECT = re.compile(r"(?:我们|你们|咱们|跟|和|让|给|找|问|同|与|对)$")
# what may come before a person called on at the start of a line: fillers and openers
LEAD_IN = re.compile(r"(?:好的?|行|那个?|嗯|哦|然后|还有就是|还有|另外|对了|OK|ok|[，。？\s])*")
# after a name at a sentence start, words that make it the subject of a statement
_NOT_CALLED = re.compile(
    r"[，。？,]|你|您|那边|这边|说|的|和|跟|也|都|已经|刚才|在|是|不|没|还|他|她|们"
)
_SIDE_ASKED = re.compile(SIDE_ASKED)
VOCATIVE_RUN = 16  # characters since the last mark after which a call-out opens a sentence
# a reply naming the asker goes on with the replier's own words (「好的芳姐，我知道了」)
_REPLY_AFTER_NAME = re.compile(r"我|没问题|收到|明白|知道|好的|行|嗯|可以")
_PARTICLES = "吧啊哈嘛呀啦哦"
_QUESTION = "吗呢"
# a name is an object, not someone called on, after these
_OBJECT_VERB = re.compile(r"(?:让|请|叫|给|跟|和|找|问|帮|找一下|发|交|同|与|把|被|由|对|那)$")


# An ASR engine that outputs word tokens (「这个 我们 车辆部 检修 一 班 来 弄」): this many
# tokens at least, and this share of them one to three characters long. Pauses come between
# runs of speech (「那个 晓晓 你下周一前把报价单发我」), whose runs are longer.
WORD_TOKENS_MIN = 3
WORD_TOKENS_SHORT = 0.8
_WORD_TOKEN = re.compile(r"[\u4e00-\u9fff]{1,3}|[0-9A-Za-z]{1,4}")
_SPACE_BY_CJK = re.compile(r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])")


def join_words(text: str) -> str:
    """A line of Chinese split into word tokens by the recogniser, read as unspaced text: its
    spaces are not pauses, and read as commas (``extract._punctuate``) they cut every word off
    the next (issue 17: 「这个，我们，车辆部，…」 lost the owner and the date of most items).
    Marks are then put back by cue (``restore``) as for any unpunctuated speech. A line that
    is not mostly short Chinese tokens is returned unchanged."""
    tokens = text.split()
    if len(tokens) < WORD_TOKENS_MIN or not _CJK.search(text):
        return text
    short = sum(1 for t in tokens if _WORD_TOKEN.fullmatch(t))
    if short < WORD_TOKENS_SHORT * len(tokens):
        return text
    return _SPACE_BY_CJK.sub("", text)


def needs_marks(text: str) -> bool:
    """Chinese text of more than one clause's length with no sentence or clause mark."""
    return (
        not _ANY_MARK.search(text)
        and len(_CJK.findall(text)) >= 8
    )


def unpunctuated(lines: Sequence[str]) -> bool:
    """Is this a document of unpunctuated speech: at least half of its Chinese lines long
    enough to hold a clause, and at least three of them (or one long paragraph), have no mark
    at all? (Written minutes and punctuated transcripts have marks on nearly every such line;
    a title or a name list is too short to count.)"""
    long = [t for t in lines if len(_CJK.findall(t)) >= 8]
    bare = [t for t in long if needs_marks(t)]
    # a few short unmarked lines (subtitle cues, list items) are not yet a dump
    enough = len(bare) >= 3 or any(len(_CJK.findall(t)) >= 60 for t in bare)
    return enough and len(bare) >= 0.5 * len(long)


def restore(
    text: str,
    token_starts: Iterable[int],
    names: Sequence[tuple[int, int]] = (),
    teams: Sequence[tuple[int, int]] = (),
) -> str:
    """``text`` with commas, full stops and question marks put back at the cues above; text
    that already has marks (or is not Chinese) is returned unchanged."""
    if not needs_marks(text):
        return text
    # a set: asked at every token whether a token starts here (a list made a run of
    # 20,000 one-character tokens quadratic)
    starts = frozenset(i for i in token_starts if 0 < i < len(text))
    marks: dict[int, str] = {}  # position → mark inserted before it
    marked: list[int] = []  # its positions, in order: the last mark before a name, at once

    def put(pos: int, mark: str) -> None:
        if pos <= 0 or pos >= len(text) or text[pos - 1] == " " and mark in "，":
            return
        old = marks.get(pos)
        if old is None:
            bisect.insort(marked, pos)
        if old is None or _rank(mark) > _rank(old):
            marks[pos] = mark

    name_starts = dict(names)
    lead_end = LEAD_IN.match(text).end()  # fillers and openers before the first word
    for m in _ANSWER_CHAIN.finditer(text):
        # 「…发给我行没问题」: two answers in a row open a sentence even where jieba glued the
        # first one to the word before it (我行)
        put(m.start(), "。")
        if text[m.start():m.end()] not in ("没问题", "收到"):
            put(m.end(), "，")
    for a, b in teams:
        # 「…Northlight运营这边下周三前出…」: a team speaking for itself opens a turn
        if text.startswith("这边", b) and not _TEAM_OBJECT.search(_before(text, a)):
            put(a, "。")
            put(b + 2, "，")
        elif (
            text.startswith("那边", b)
            and _CALLED_ON_BEFORE.match(text, b + 2)
            and not _TEAM_OBJECT.search(_before(text, a))
            and not _OBJECT_VERB.search(_before(text, a))
        ):
            # 「…还是去年的人力那边下周一之前把教材更新一下」: the speaker turns to a team
            # and gives it a date or the thing (把…): a call-out, as for a person
            put(a, "。")
            put(b + 2, "，")
    for m in _CLOSERS.finditer(text):
        put(m.end(), "。")
    for m in _ASK_THEN_DONE.finditer(text):
        put(m.end(), "，")
    seen: dict[str, int] = {}
    for m in _TIME_PHRASE.finditer(text):
        said, at = m.group(0), m.start()
        first = seen.get(said)
        seen[said] = m.end()
        if first is None or not 0 < at - first <= ECHO_RUN or at not in starts:
            continue
        if re.search(r"(?:好的|好|行|嗯|对|可以|没问题|收到)$", text[max(0, at - 3) : at]):
            continue  # 「…好的后天之前」: the answer word before it already opens the answer
        # 「…把报告要回来三个工作日内好要不要…」: the date said back is the answer
        put(at, "。")
        ack = _ECHO_ACK.match(text, m.end())
        if ack is not None and ack.end() < len(text):
            put(m.end(), "，")
            put(ack.end(), "。")
    for m in _RECAP_VERB.finditer(text):
        put(m.end(), "，")
    for i in sorted({0, *starts, *name_starts}):
        rest = text[i : i + 12]  # enough for the longest marker; a memo is one long line
        # sentence-final particles: the word before the next token ends a sentence
        if i > 0 and text[i - 1] in _PARTICLES + _QUESTION and _token_ends_at(i, starts):
            if not _PARTICLE_INSIDE.search(text[max(0, i - 3):i]):
                put(i, "？" if text[i - 1] in _QUESTION else "。")
        opener = next((w for w in _OPENERS if rest.startswith(w)), None)
        if opener == "还有" and _STILL.search(_before(text, i)):
            opener = None  # 「产能其实还有富余」: 还有 as "still have"
        if opener == "这样吧" and _before(text, i).endswith("就"):
            opener = None  # 「那就这样吧」 is one closing
        if opener and _is_word(i, len(opener), starts, len(text)):
            put(i, "。")
            after = i + len(opener)
            if opener in ("OK", "ok", "Ok", "好嘞", "那行", "那好", "好吧", "行吧", "散会"):
                put(after, "，")
            continue
        answer = next((w for w in _ANSWERS if rest.startswith(w)), None)
        glued = answer is not None and i + len(answer) in name_starts  # jieba's 「行小陈」
        if answer and (glued or _is_word(i, len(answer), starts, len(text))):
            after = i + len(answer)
            follows = text[after : after + 12]
            if answer in _WEAK:
                # 好/行/那/嗯/对 alone: only before a clause head, a name or another marker
                if not (
                    _CLAUSE_HEAD.match(follows)
                    or after in name_starts
                    or any(follows.startswith(w) for w in (*_OPENERS, *_ANSWERS))
                ):
                    continue
                if i > 0 and not _after_clause(text, i):
                    continue
            if answer in _START_ONLY and i > 0 and i not in marks and text[i - 1] not in _PARTICLES:
                continue  # 「排不下可以挪」, 「这个对账」: words of the clause, not an answer
            if answer in _CLOSING_ANSWERS:
                put(after, "。")  # 「周四前没问题原来说…」: it closes what was said before it
                continue
            put(i, "。")
            if answer != "那":
                # 「行。Vivian，京东的报名周四前报上去」: an answer, then someone called on to
                # do a thing (not 「好的，苏姐」, a reply naming the asker)
                called = (
                    after in name_starts
                    and len(text) - name_starts[after] >= 6
                    and not _REPLY_AFTER_NAME.match(text, name_starts[after])
                )
                put(after, "。" if called else "，")
            continue
        if (
            i > 0
            and _SELF_CLAUSE.match(rest)
            and not _TAKES_ME.search(text[max(0, i - 4):i])
            and _is_word(i, 1 if rest[1:2] != "们" else 2, starts, len(text))
        ):
            put(i, "，")  # 「看板那个我周二前搭好」: a topic, then the speaker's own promise
        if rest.startswith("我我"):
            put(i + 1, "，")
        if i in name_starts and (i <= lead_end or i in marks):
            end = name_starts[i]
            if not _NOT_CALLED.match(text, end) and end < len(text):
                put(end, "，")  # 「那个李志远，电商仓的打包台…」
        if i in name_starts and not _OBJECT_VERB.search(_before(text, i)):
            end = name_starts[i]
            if re.match(r"(?:你|您)(?!们)", text[end:]):
                # 「…给我，贺磊你把留样…」; after a long clause, a new sentence
                k = bisect.bisect_left(marked, i)
                last = marked[k - 1] if k else 0
                put(i, "。" if i - last >= VOCATIVE_RUN else "，")
            elif _CALLED_ON_BEFORE.match(text, end):
                put(i, "，")  # 「…质量那边，韩雨桐，十月九号前抽检完」
                put(end, "，")
            elif _SIDE_ASKED.match(text, end):
                put(i, "，")  # 「…差异表吴婷那边再核一下…」: the name opens the ask
    if not marks:
        return text
    out = []
    last = 0
    for pos in sorted(marks):
        out.append(text[last:pos])
        out.append(marks[pos])
        last = pos
    out.append(text[last:])
    joined = "".join(out)
    joined = re.sub(r"[，。？]+(?=[，。？])", "", joined)  # one mark where two meet
    if re.search(r"[。？！]$", joined):
        return joined
    return joined + ("？" if joined[-1] in _QUESTION else "。")  # 「…下周一之前能搞定吗」


_ANSWER_CHAIN = re.compile(
    r"(?:好的|好|行|可以|嗯|对)(?=没问题|收到|好的|可以(?!以)|行(?!不))"
)
_STILL = re.compile(
    r"(?:其实|现在|目前|也|就|都|只|应该|可能|是不是|没|确实|手上|那边|这边|我们|他们|你们)$"
)
# answers that are ordinary words mid-sentence (可以挪, 对一下): only where a sentence starts
_START_ONLY = ("可以可以", "可以", "对对对", "对对", "对", "是的", "没事", "明白", "嗯嗯", "嗯")
# answers that close the words before them rather than open what follows
_CLOSING_ANSWERS = ("没问题", "收到", "明白", "知道了")
# 「…把教材更新一下上周的培训倒是都做完了」: an ask ends at 一下 where what follows tells of
# work already done (a past time, then 了) — read as one clause, the ask was taken for done
# work; 「核一下上周的数据发我」 has no 了 and stays one clause
_ASK_THEN_DONE = re.compile(r"一下(?=(?:上周|上次|昨天|前天|刚才)[^，。？！]{0,14}?了)")
# A date said back a little after it was said (the one asked repeating it) opens their answer.
_TIME_PHRASE = re.compile(
    r"(?:[零一二三四五六七八九十两\d]+个?(?:工作日|天)|今天|明天|后天|这周|本周|下周[一二三四五六日天]?|"
    r"周[一二三四五六日天]|月底|[一二三四五六七八九十\d]+号)(?:之内|以内|内|之前|以前|前)?(?:[上中下]午|晚上)?"
)
ECHO_RUN = 40  # characters from the end of a date to where it is said back
_ECHO_ACK = re.compile(r"好的|好|行|没问题|可以|收到")
_PARTICLE_INSIDE = re.compile(r"(?:酒吧|网吧|吧台|哈哈|啊呀)$")


def _before(text: str, i: int, n: int = 8) -> str:
    """The few characters before ``i``: what the look-behind patterns need, in constant time
    (a whole memo is one line; searching its every prefix would be quadratic)."""
    return text[max(0, i - n) : i]


def _rank(mark: str) -> int:
    return {"，": 0, "。": 1, "？": 2}.get(mark, 0)


def _token_ends_at(pos: int, starts: AbstractSet[int]) -> bool:
    return pos in starts


def _is_word(i: int, n: int, starts: AbstractSet[int], length: int) -> bool:
    """The marker at ``i`` is a token of its own (or the start of the text), not part of one."""
    end = i + n
    return (i == 0 or i in starts) and (end >= length or end in starts)


def _after_clause(text: str, i: int) -> bool:
    """A weak marker mid-text ends the clause before it only after a verb's object or a
    particle, not inside a verb (做好, 弄好) — approximated as: not after a verb that takes
    好/行/对 as its result."""
    return not _RESULT_VERB.search(_before(text, i))


_RESULT_VERB = re.compile(
    r"(?:做|弄|搞|准备|安排|写|改|修|谈|定|办|放|想|说|对接|核|不|也|都|就|还|很|挺|太|最|能|可以|要)$"
)


# ---------------------------------------------------------------- English

_EN_MARK = re.compile(r"[.?!;,]")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# Words that answer or open a turn (case folded); multi-word ones first.
_EN_OPENERS = (
    "no problem", "sounds good", "got it", "will do", "thank you", "by the way",
    "okay", "ok", "alright", "sure", "great", "perfect", "yes", "yeah", "right", "sorry",
    "thanks", "also", "so", "anyway",
)
# A clause of the speaker's own: 「I'll …」, 「we will …」, 「my team will …」, 「let's …」.
_EN_SELF = re.compile(
    r"(?:i'll|i will|i can|i'm going to|we'll|we will|we can|my team will|our team will|let's)\b",
    re.I,
)
# …unless a word before it makes it part of the clause that is running (「I think I'll」).
_EN_BOUND = re.compile(
    r"\b(?:that|and|but|if|when|because|think|guess|said|say|know|sure|so|then|maybe|"
    r"probably|hope|what|which|where|how|why|until|unless|or|as|also|just|actually|really)\s+$",
    re.I,
)
# …or an opening word that is an adverb of the clause that is running (「we will also」).
_EN_ADVERB_BEFORE = re.compile(
    r"\b(?:i|we|you|they|it|will|can|would|should|could|to|is|are|was|be|'ll|not|just)\s+$", re.I
)
# …before which a name is the object, not someone called on: 「ask Helen can you…」
_EN_NAME_OBJECT = re.compile(r"\b(?:to|with|for|ask|tell|told|asked)\s+$", re.I)
# A person called on: a name then a request.
_EN_ASK_AFTER = re.compile(r"\s+(?:can you|could you|would you|please|will you|you)\b", re.I)


def unpunctuated_en(lines: Sequence[str]) -> bool:
    """English speech without marks: at least three such lines of 25 words or more (or one of
    80), and at least half of the lines of that length."""
    long = [t for t in lines if len(_EN_WORD.findall(t)) >= 25 and not _CJK.search(t)]
    bare = [t for t in long if needs_marks_en(t)]
    enough = len(bare) >= 3 or any(len(_EN_WORD.findall(t)) >= 80 for t in bare)
    return enough and len(bare) >= 0.5 * len(long)


def needs_marks_en(text: str) -> bool:
    """English of at least 25 words with no sentence or clause mark at all."""
    return not _EN_MARK.search(text) and len(_EN_WORD.findall(text)) >= 25


def restore_en(text: str, names: Sequence[tuple[int, int]] = ()) -> str:
    """Unpunctuated English speech with sentence ends put back before the words that open a
    turn (Sure, Okay, Great, Also…), a clause of the speaker's own (I'll, we will, let's…) and
    a person called on (「Frank can you…」); a comma follows an opening answer word."""
    if not needs_marks_en(text):
        return text
    marks: dict[int, str] = {}
    low = text.lower()
    for m in re.finditer(r"(?<![A-Za-z'])", text):
        i = m.start()
        if i >= len(text) or not text[i].isalpha() or (i > 0 and text[i - 1] != " "):
            continue
        word = next((w for w in _EN_OPENERS if low.startswith(w, i)
                     and not text[i + len(w):i + len(w) + 1].isalpha()), None)
        if word is not None:
            if _EN_ADVERB_BEFORE.search(_before(text, i, 24)):
                continue  # 「I will also book…」: an adverb of the clause that is running
            joined_on = marks.get(i - 1) == "," and word in ("so", "also", "no problem")
            if i > 0 and not joined_on:  # 「okay so…」, 「sure no problem」: one opening
                marks[i - 1] = "."
            end = i + len(word)
            if word not in ("so", "also", "by the way", "anyway") and end < len(text.rstrip()):
                marks[end] = ","
            continue
        if i > 0 and _EN_SELF.match(text, i) and not _EN_BOUND.search(_before(text, i, 24)):
            marks[i - 1] = "."
    for a, b in names:
        if a > 0 and text[a - 1] == " " and _EN_ASK_AFTER.match(text, b):
            if not _EN_NAME_OBJECT.search(_before(text, a, 24)):
                marks[a - 1] = "."
    if not marks:
        return text
    out, last = [], 0
    for pos in sorted(marks):
        out.append(text[last:pos])
        out.append(marks[pos])
        last = pos
    out.append(text[last:])
    joined = re.sub(r"[.,]+(?=[.,])", "", "".join(out))
    joined = re.sub(r"(?<=[.,])(?=\S)", " ", joined)
    return joined if joined.rstrip().endswith((".", "?", "!")) else joined.rstrip() + "."
