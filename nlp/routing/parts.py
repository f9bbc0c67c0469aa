"""A request that asks several departments, split into parts: one per department, lead first.

Why: 「发布会需要设计部出主视觉海报，同时需要物流部派4人把样机搬到会场」 is one request but two
pieces of work; routing it to its top department alone leaves logistics untold. Each part
is a department and the span of the text that asks it (CONTRACTS.md §2.2 ``parts``).

How, in order of the evidence's strength:

1. The text is cut into clauses (punctuation; English ``so`` / ``then``), keeping offsets
   into the text as written, so a part's ``text`` is always ``request[start:end]``.
2. Departments and people named in a clause (names, aliases, an English id such as
   ``logistics``, staff names and aliases → their department) ask that department, unless
   the words around the name say otherwise: the one who sent the requester on
   (「医务部让我找你们」), the requester's own department (「我是护理部的」, "from nursing"),
   a department explicitly not needed (「不用麻烦保卫科」), one only to be informed
   (「抄送教务处知悉」, "only needs to be informed"). A possessive mention
   (「财务部的报销系统」) is only weak evidence: kept when the clause's own words also point
   there. A clause naming several departments gives each the words from its name to the
   next name (「需联动产品部（库存）、销售部（渠道铺货）」). A question put to a department
   (「问人事有没有住房补贴」) asks it.
3. Clauses that name nobody are read by the routing model itself (the same calibrated
   classifier as the whole request). When the request names departments, such a clause
   adds one only on strong evidence (it is usually context: 「下个月要迎接评审」), else it
   continues the part before it; when it names none (「水管爆了，有两个病人需要转床，几台输液
   泵泡了水」), each clause whose department is clear enough becomes a part. A clause that
   asks for work (「停机前后做的件要全检」, "quality should sort the parts") needs less: its
   own reading alone, since the whole request's probability is held by its main department
   and says nothing of a second one (a less sure reading counts when the whole request
   ranks that department second); the clauses after it in the same sentence ask too
   (「要报警、调监控录像」, "we need to: network the office, rent two cranes"). A clause
   that adds to what happened without asking (「空调也停了」「还有几台输液泵泡了水」) is a further
   consequence, so further work: its own reading at ALSO_CLAUSE_MIN suffices, and in a
   request naming nobody the whole request's department joins it. A clause
   before the first name is background unless it asks for work itself or the whole
   request reads as its department too, and the work is not already done.
4. A request with fewer than two parts stays whole: one part, the top department of the
   whole text (or the one department it asks by name).

The lead is the part whose words say it leads (牵头, 主导, "takes the lead"), else the one
asked first. Pure: org, model and text in, parts out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from models.org import Org
from models.routing import Part
from nlp.routing.classifier import RoutingModel
from nlp.routing.coldstart import mention_role
from nlp.routing.text import normalise

# Clause boundaries: CJK and Latin punctuation (、 too: 「要追溯用量、判定处理」 are two asks;
# a full stop only before a space or the end,
# so 「2.5」 stays whole) and English connectives that start a new piece of work.
_BOUNDARY = re.compile(
    r"[，,。；;！!？?\n：:（）()、]+|\.(?=\s|$)|\s+(?:so|then|and then|while|but also)\s+",
    re.IGNORECASE,
)
# 「上次跟财务部开会说过」: a department met or talked with, not asked.
_COMPANION_BEFORE = re.compile(r"(跟|同)\s*$")
_TALKED_AFTER = re.compile(r"^\s*(开会|开过会|沟通过|聊过|讨论过|说过|提过|反映过|确认过|"
                           r"都说|也说|一直说)")
# A name that starts its clause, or follows a list, asks; one glued to the words before it
# is part of another noun (危废|仓库) unless an asking word precedes it.
_WORD_BEFORE = re.compile(r"[\u4e00-\u9fffa-z0-9]\s*$")
_CLAUSE_OPENERS = re.compile(r"(另外|同时|然后|并且|再|也|还|就|先|最后|并|此外|麻烦|请|后|"
                             r"\b(?:and|also|then|please))\s*$")
# "the Graduate School sets up …": an English name after an article is not inside a phrase.
_ARTICLE_BEFORE = re.compile(r"\b(?:the|our|your)\s*$", re.IGNORECASE)
# "get legal to review …", "someone from IT to set up …", "Equipment needs to …": an English
# name followed by "to <verb>" or a modal is the one who does the work.
# 「赔多少财务来定」「差额让财务去核」: in Chinese, 来 / 去 / 先 + a verb (or 负责 / 牵头 / 配合)
# right after a name says that department does the work, even glued to the words before it
# (not 来电 / 来人 / 去了: a call, a visit, a trip).
_DOES_AFTER = re.compile(
    r"^\s+(?:to|needs? to|should|must|has to|have to|will|can)\s+[a-z]|"
    r"^\s*(?:那边|这边)?\s*(?:(?:来|去)(?![电信人了过的说问])[\u4e00-\u9fff]|"
    r"先(?![生前后])[\u4e00-\u9fff]|负责|牵头|配合|跟进)",
    re.IGNORECASE)
# 「研发技术部已经发了ECN」「设备部已经修好了」: that department's work is done.
_DONE_AFTER = re.compile(r"^\s*(那边|这边)?([^，。；,;请]{0,6}?(已经|刚刚)|.?已)|"
                         r"^\s*(has |have )?already\b")
# A negation just before a name (「不用麻烦保卫科」, "no need to bother security") wins over
# the asking word that may follow it.
_NEGATED_BEFORE = re.compile(r"不用|不需要|无需|不必|不要|"
                             r"(?<![分区特级类个告识性辨鉴差])别|\bno need\b|\bwithout\b|"
                             r"\bnot\b|\bdon'?t\b")
# 「抄送教务处知悉」「请保卫处知悉」「零售银行部这边只需要知会一声」, "the General Office only
# needs to be informed": a department only to be told is not asked for work (CONTRACTS.md
# §2.2).
_INFORMED_AFTER = re.compile(
    r"^[^，,。；;！!？?\n]{0,8}?(知悉|知晓|知会|周知|备查)|"
    r"^\s*(only\s+)?(needs?|has|have)\s+to\s+be\s+(informed|notified|told|kept\s+informed|"
    r"copied|cc'?d)\b|^\s*(is|are)\s+(cc'?d|copied)\b|^\s*(for\s+(your\s+)?information|fyi)\b",
    re.IGNORECASE,
)
_INFORMED_BEFORE = re.compile(r"(抄送|抄报|特此告知|告知|\bcc:?)\s*$", re.IGNORECASE)
# 「信息中心的老师」 is a person of that department: the mention still asks it.
_PERSON_OF = re.compile(
    r"^\s*的\s*(老师|同事|人|工作人员|员工|职员|人员|师傅|领导|负责人|主任|专员)")
_POSSESSIVE = re.compile(r"^\s*(的|'s\b)")
_LEAD_WORDS = re.compile(
    r"牵头|主导|主责|总负责|负责统筹|统筹|\btakes? the lead\b|\bleads?\b|\bin charge\b",
    re.IGNORECASE,
)
# What a span should neither start nor end with: punctuation and joining words.
_TRIM_HEAD = re.compile(r"(?:[\s，,。；;：:、]|和|与|及|跟|并且|同时|另外|还|and\b|also\b)+",
                        re.IGNORECASE)
_TRIM_TAIL = re.compile(r"(?:[\s，,。；;：:、]|和|与|及|跟|\band)+$", re.IGNORECASE)
MIN_CLAUSE_CHARS = 4  # letters/characters a clause needs before the model reads it alone
# Probability (the model's calibrated scale, on the clause alone) a clause needs to add a
# department of its own: when the request names none / when it names others. Chosen on
# collab-dev and routing-dev's single-department requests (see the module's tests).
FREE_CLAUSE_MIN = 0.9
EXTRA_CLAUSE_MIN = 0.99
# ... and the whole request must give it at least this: a clause's few words alone are
# easily over-confident (「护士拦不住」 reads as nursing work at 0.99).
WHOLE_MIN = 0.05
# A clause that asks for work (「压坏的货要清点报损」「这个事也得按未遂事件报一下」, "quality
# should sort the parts") rather than describing what happened may add its department on
# less evidence: the whole request's probability is dominated by its main department and
# says little about a second one, so only the clause's own top must be clear.
ASK_CLAUSE_MIN = 0.85
ASK_WHOLE_MIN = 0.0
_ASKS_WORK = re.compile(
    r"(?<![不只主重想还我你他她们])要(?![不求是么紧怎多哪什几])|需要|必须|[也还就都]得|赶紧|尽快|马上|立即|麻烦|"
    r"帮忙|派人|找人|(?<![我们咱他她首事原预优领抢早])先(?![生前后进])[\u4e00-\u9fff]|"
    r"\b(?:needs?|should|must|has to|have to|please)\b",
    re.IGNORECASE,
)
# ... or at this much when the whole request ranks its department among its top
# ASK_RUNNER_UP_RANK (「赶工的费用也要跟业主谈」 at 0.6 → cost, second for the whole text),
# with at least ASK_RUNNER_UP_WHOLE_MIN (「…打印机一直卡纸，麻烦来看看」: 来看看 is not
# logistics work at 0.002). ASK_RUNNER_UP_MIN was chosen leave-one-organisation-out over the
# six collab sets (benchmarks/collab_loo.py: 0.5 on five folds, 0.7 with build held out).
ASK_RUNNER_UP_MIN = 0.5
ASK_RUNNER_UP_RANK = 2
ASK_RUNNER_UP_WHOLE_MIN = 0.005
BACKGROUND_WHOLE_MIN = 0.5
# A clause that adds to what happened (「空调也停了」「门也被撬坏了」「还有几台输液泵泡了水」
# 「另有几千册藏书想捐给学校」) names a further consequence, which is further work, often
# another department's, though it asks for nothing: it adds the department it reads as when
# that reading is more likely than all others together. Not 也许 / 也是 / 也就, not 还要 / 也得
# (an ask: its own rule), and not a 也 clause that says what did not happen or change
# (「也没伤到人」「换了新纸也一样」「手机也联系不上」: the same trouble, tried again).
# Chosen on the eight collab sets' clauses that name nobody and read as a department not yet
# a part: with such a word and no ask, 6 of 7 read at 0.4 or more were right (none in a
# single-department request); without one, about half.
_ADDS = re.compile(
    r"^\s*(还(?![是没不要得需])|另外|另有|此外|同时|并且|而且|再加上|加上)|还有|"
    r"\b(?:also|as well|plus)\b",
    re.IGNORECASE,
)
_ALSO = re.compile(r"也(?![许是就要得需])")
_SAME_TROUBLE = re.compile(r"不|没|一样|照样|还是")


def _adds(words: str) -> bool:
    """Whether a clause's words add to what happened (``_ADDS``, or a 也 with no 不 / 没 /
    一样 / 照样 / 还是 after it on its line). Only the last 也 of a line is tested: the words
    after any earlier one include its, so it holds if any does — one pass over the clause,
    where a look-ahead from every 也 took 2.7 s on a 20,000-character request of them."""
    if _ADDS.search(words):
        return True
    for line in words.split("\n"):
        last = None
        for last in _ALSO.finditer(line):  # noqa: B007 - the last match is the one read
            pass
        if last is not None and not _SAME_TROUBLE.search(line, last.end()):
            return True
    return False
ALSO_CLAUSE_MIN = 0.5
_DONE_IN = re.compile(r"已经|已[^经]|\balready\b|\bhas been\b", re.IGNORECASE)
# A weak (possessive) mention counts when its clause gives that department this much.
WEAK_MENTION_MIN = 0.3
# A department asked by name is as sure as the name detection: at least this score.
NAMED_SCORE = 0.9


@dataclass
class _Mention:
    dept: str
    start: int
    end: int
    kind: str  # asked | weak | excluded


@dataclass
class _Clause:
    start: int
    end: int
    sentence: int  # index of the sentence (。！？ and newlines end one)
    mentions: list[_Mention] = field(default_factory=list)


@dataclass
class _Draft:
    dept: str
    start: int
    end: int
    score: float
    named: bool


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


class _Names:
    """Every way a text may name a department of the org, longest first, as regexes."""

    def __init__(self, org: Org) -> None:
        owners: dict[str, set[str]] = {}
        for d in org.departments:
            names = list(d.names)
            if d.id.isascii() and d.id.isalpha() and len(d.id) >= 4:
                names.append(d.id)  # 「logistics books the canteen」: ids are English words
            for n in names:
                owners.setdefault(n.strip(), set()).add(d.id)
                # 「学生工作部（处）」 is written 「学生工作部」 in requests
                bare = _BRACKETED.sub("", n).strip()
                if bare != n.strip():
                    owners.setdefault(bare, set()).add(d.id)
        for p in org.staff:
            if org.has_department(p.department):
                for n in p.names:
                    owners.setdefault(n.strip(), set()).add(p.department)
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for name in sorted(owners, key=len, reverse=True):
            depts = owners[name]
            if len(name) < 2 or len(depts) != 1:  # 「陈主任」 in two departments names neither
                continue
            if name.isascii():
                # 「IT」 is not the pronoun 「it」: short ASCII names match as written.
                flags = re.IGNORECASE if len(name) > 3 else 0
                pat = re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", flags)
            else:
                pat = re.compile(re.escape(name), re.IGNORECASE)
            self.patterns.append((pat, next(iter(depts))))

    def mentions(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        for pat, dept in self.patterns:
            for m in pat.finditer(text):
                s, e = m.span()
                if any(x.start < e and s < x.end for x in found):
                    continue  # 财务 inside 财务部 is the same mention
                found.append(_Mention(dept, s, e, _kind(text, s, e)))
        return _join(text, sorted(found, key=lambda x: x.start))


_LIST_GAP = re.compile(r"^\s*(和|与|以及|及|还有|、|,|，|and|&|/)?\s*$", re.IGNORECASE)
_LIST_JOIN = re.compile(r"^\s*(和|与|以及|及|、|and|&|/)\s*$", re.IGNORECASE)
# 「医务部跟护理部一起…」: 跟 / 同 joins two who do the work together (alone, 「跟财务部开会」
# names a department met, not asked).
_TOGETHER_GAP = re.compile(r"^\s*(跟|同)\s*$")
_TOGETHER_AFTER = re.compile(r"^\s*(一起|一块|共同|联合|都)")


def _join(text: str, found: list[_Mention]) -> list[_Mention]:
    """One mention per department and person named together: 「人力行政部的温丽让我…」 is one
    (a sender), and in 「生产部和质量部都说…」 what follows the list applies to all of it."""
    out: list[_Mention] = []
    for m in found:
        prev = out[-1] if out else None
        gap = text[prev.end:m.start] if prev else ""
        if prev is not None and prev.dept == m.dept and len(gap.strip()) <= 1:
            kinds = {prev.kind, m.kind}
            prev.kind = ("excluded" if "excluded" in kinds else
                         "asked" if "asked" in kinds else "weak")
            prev.end = m.end
            continue
        out.append(m)
    for i in range(len(out) - 2, -1, -1):
        if out[i + 1].kind == "excluded" and _LIST_GAP.match(text[out[i].end:out[i + 1].start]):
            out[i].kind = "excluded"
    # ... and what is said before a list (「特此告知教务处、学生工作部」「不用麻烦保卫科和后勤」)
    # applies to the names listed after the first.
    for a, b in zip(out, out[1:], strict=False):
        if a.kind == "excluded" and _LIST_JOIN.match(text[a.end:b.start]):
            b.kind = "excluded"
    # 「医务部和院感科一起查」: a name listed after one asked is asked too (it is only "weak"
    # for being glued to 和), unless it owns what follows (「…和IT的系统」); so is one joined
    # by 跟 / 同 when they do it together (「医务部跟护理部一起写」).
    for a, b in zip(out, out[1:], strict=False):
        gap = text[a.end:b.start]
        listed = b.kind == "weak" and bool(_LIST_GAP.match(gap))
        together = bool(_TOGETHER_GAP.match(gap) and _TOGETHER_AFTER.match(text[b.end:]))
        if a.kind == "asked" and (listed or together) and not _POSSESSIVE.match(text[b.end:]):
            b.kind = "asked"
    return out


def _kind(text: str, start: int, end: int) -> str:
    # Only the same clause counts: 「设计要不要改，采购部找厂家」 does not negate 采购部.
    before = re.split(r"[，,。；;：:！!？?\n]", normalise(text[max(0, start - 8):start]))[-1]
    # one character more, so that 「分别」 cut to 「别」 by the window is still seen whole
    wide = re.split(r"[，,。；;：:！!？?\n]", normalise(text[max(0, start - 9):start]))[-1]
    after = normalise(text[end:end + 12])
    negated = _NEGATED_BEFORE.search(wide, max(0, len(wide) - len(before)))
    if negated or _DONE_AFTER.match(after):
        return "excluded"  # not needed, or its part is already done
    if _INFORMED_AFTER.match(normalise(text[end:end + 40])) or _INFORMED_BEFORE.search(before):
        return "excluded"  # only to be told
    role = mention_role(text, start, end)
    if role == "asked":
        return "asked"
    if role is not None or _COMPANION_BEFORE.search(before) or _TALKED_AFTER.match(after):
        return "excluded"  # sent the requester on, the requester's own, met or talked with
    if _DOES_AFTER.match(text[end:end + 20]):
        return "asked"
    if _POSSESSIVE.match(after) and not _PERSON_OF.match(after):
        return "weak"
    if (_WORD_BEFORE.search(before) and not _CLAUSE_OPENERS.search(before)
            and not _ARTICLE_BEFORE.search(before)):
        # Inside a phrase (「危废仓库快满了」「我们做的IT系统」), not the one doing something.
        return "weak"
    return "asked"


def _clauses(text: str) -> list[_Clause]:
    out: list[_Clause] = []
    pos = sentence = 0
    for m in _BOUNDARY.finditer(text):
        if m.start() > pos:
            out.append(_Clause(pos, m.start(), sentence))
        if re.search(r"[。！!？?\n.]", m.group()):
            sentence += 1
        pos = m.end()
    if pos < len(text):
        out.append(_Clause(pos, len(text), sentence))
    return [c for c in out if text[c.start:c.end].strip()]


def _content_chars(s: str) -> int:
    s = normalise(s)
    return len(re.findall(r"[\u3400-\u9fff]", s)) + 2 * len(re.findall(r"[a-z0-9]+", s))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = _TRIM_HEAD.match(text[start:end])
    if m:
        start += m.end()
    m = _TRIM_TAIL.search(text[start:end])
    if m:
        end = start + m.start()
    return start, end


def _without(text: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    """``text`` (which starts at ``offset`` in the request) with ``spans`` cut out."""
    out, pos = [], 0
    for a, b in sorted(spans):
        a, b = max(a - offset, 0), min(b - offset, len(text))
        if a >= b:
            continue
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


def split_parts(text: str, org: Org, model: RoutingModel) -> list[Part]:
    """The parts of one request (see the module docstring), lead first."""
    return split_parts_many([text], org, model)[0]


def split_parts_many(texts: Sequence[str], org: Org, model: RoutingModel) -> list[list[Part]]:
    """Parts for many requests with one call of the model for all their clauses."""
    names = _Names(org)
    index = {d: i for i, d in enumerate(model.departments)}
    plans: list[tuple[list[_Clause], list[int | None]]] = []
    to_read: list[str] = list(texts)  # whole texts first, then the clauses worth reading
    for text in texts:
        clauses = _clauses(text)
        mentions = names.mentions(text)
        for c in clauses:
            c.mentions = [m for m in mentions if c.start <= m.start < c.end]
        rows: list[int | None] = []
        for c in clauses:
            # Names that say nothing about who is asked must not vote for their department.
            drop = [(m.start, m.end) for m in c.mentions if m.kind == "excluded"]
            words = _without(text[c.start:c.end], drop, c.start)
            if _content_chars(words) >= MIN_CLAUSE_CHARS:
                rows.append(len(to_read))
                to_read.append(words)
            else:
                rows.append(None)
        plans.append((clauses, rows))
    # Without the unseen-term boost: the clause thresholds were chosen on the classifier's
    # reading, and a boost of one department in the whole request pushed another below
    # the rank its asking clause needs (docs/routing.md, #18 sixth round).
    probs = (model.probabilities(to_read, unseen=False) if to_read
             else np.zeros((0, len(index))))
    out = []
    for i, (text, (clauses, rows)) in enumerate(zip(texts, plans, strict=True)):
        clause_probs = [probs[r] if r is not None else None for r in rows]
        out.append(_assemble(text, clauses, clause_probs, probs[i], model.departments, index))
    return out


def _assemble(
    text: str,
    clauses: list[_Clause],
    clause_probs: list[np.ndarray | None],
    whole: np.ndarray,
    departments: list[str],
    index: dict[str, int],
) -> list[Part]:
    drafts: list[_Draft] = []
    by_dept: dict[str, _Draft] = {}

    def add(dept: str, start: int, end: int, score: float, named: bool) -> None:
        start, end = _trim(text, start, end)
        if start >= end:
            return
        have = by_dept.get(dept)
        if have is None:
            by_dept[dept] = d = _Draft(dept, start, end, score, named)
            drafts.append(d)
        else:
            have.score = max(have.score, score)
            have.named = have.named or named

    # Named departments: each clause's asked mentions; weak ones (possessive, inside a
    # phrase) only when nothing is asked by name and the clause's words point there too.
    any_asked = any(m.kind == "asked" for c in clauses for m in c.mentions)
    for c, p in zip(clauses, clause_probs, strict=True):
        keep = []
        for m in c.mentions:
            q = float(p[index[m.dept]]) if p is not None and m.dept in index else 0.0
            confirmed = (m.kind == "weak" and not any_asked and p is not None
                         and (q >= WEAK_MENTION_MIN or int(p.argmax()) == index.get(m.dept, -1)))
            if m.kind == "asked" or confirmed:
                keep.append((m, q))
        for j, (m, q) in enumerate(keep):
            end = keep[j + 1][0].start if j + 1 < len(keep) else c.end
            start = m.start
            s, e = _trim(text, start, end)
            if e - s <= m.end - m.start:  # the name alone: give the whole clause
                start, end = c.start, c.end
            add(m.dept, start, end, max(q, NAMED_SCORE), True)
    named = bool(drafts)

    # Clauses that name nobody: context, a continuation, or a department of their own.
    last: _Draft | None = None
    last_sentence = -1
    free: list[tuple[str, int, int, float]] = []
    asks_sentence = -1  # the last sentence in which a clause asked for work
    also: set[str] = set()  # departments read by clauses that add to what happened
    first_reading: dict[str, tuple[int, int, float]] = {}  # department → its first clause
    for c, p in zip(clauses, clause_probs, strict=True):
        # 「要报警、调监控录像，还要核减库存」, "we need to: network the office, rent cranes":
        # the clauses after an ask in the same sentence are asks too.
        words = normalise(text[c.start:c.end])
        asks = bool(_ASKS_WORK.search(words))
        if asks:
            asks_sentence = c.sentence
        # what a clause adds counts when its own words do not ask (those have their rule)
        adds = not asks and _adds(words)
        asks = asks or asks_sentence == c.sentence
        asked_here = [by_dept[m.dept] for m in c.mentions if m.dept in by_dept]
        if asked_here:
            last, last_sentence = asked_here[-1], c.sentence
            continue
        if p is None or any(m.kind == "excluded" for m in c.mentions):
            continue  # 「医务部打电话过来」: who sent the requester, not what is asked
        k = int(p.argmax())
        q = float(p[k])
        dept = departments[k]
        first_reading.setdefault(dept, (c.start, c.end, q))
        if named and last is None:
            # Before the first department asked by name: the background, unless the whole
            # request reads as that clause's department too (「冷柜漏水把地面泡了，…家属在
            # 服务台要说法」: the repair is asked by the leak itself) or the clause asks for
            # work itself (「下月起全员要完成消防培训，也请人事…」).
            done = bool(_DONE_IN.search(text[c.start:c.end]))
            if not done and ((q >= EXTRA_CLAUSE_MIN and whole[k] >= BACKGROUND_WHOLE_MIN)
                             or (asks and q >= ASK_CLAUSE_MIN)
                             or (adds and q >= ALSO_CLAUSE_MIN)):
                free.append((dept, c.start, c.end, q))
            continue
        need, whole_need = (EXTRA_CLAUSE_MIN if named else FREE_CLAUSE_MIN), WHOLE_MIN
        if asks:
            need, whole_need = min(need, ASK_CLAUSE_MIN), ASK_WHOLE_MIN
        if adds:
            need, whole_need = min(need, ALSO_CLAUSE_MIN), 0.0
            also.add(dept)
        # A less sure asking clause still counts when the whole request ranks its department
        # near the top: two readings agree.
        runner_up = (asks and q >= ASK_RUNNER_UP_MIN and whole[k] >= ASK_RUNNER_UP_WHOLE_MIN
                     and int((whole > whole[k]).sum()) < ASK_RUNNER_UP_RANK)
        if (q >= need and whole[k] >= whole_need) or runner_up:
            free.append((dept, c.start, c.end, q))
        elif named and last is not None and c.sentence == last_sentence and c.start > last.end:
            last.end = c.end  # 「人力资源部办手续，并通知本人」: still the same part
    if named:
        for dept, s, e, q in free:
            add(dept, s, e, q, False)
    else:
        found = {d for d, *_ in free}
        top = departments[int(whole.argmax())]
        if found & also and top not in found and top in first_reading:
            # 「实验楼半夜有人撬门偷走了…，门也被撬坏了」: what happened first is the whole
            # request's own department, however unsure its clause alone is.
            free.append((top, *first_reading[top]))
            found.add(top)
        if len(found) >= 2:
            for dept, s, e, q in free:
                add(dept, s, e, q, False)

    if len(drafts) < 2:
        # One department: the request stays whole.
        if drafts:
            dept, score = drafts[0].dept, drafts[0].score
        else:
            k = int(whole.argmax())
            dept, score = departments[k], float(whole[k])
        s, e = _trim(text, 0, len(text))
        return [Part(department=dept, role="lead", text=text[s:e], score=round(score, 4),
                     start=s, end=e)]

    drafts.sort(key=lambda d: d.start)
    leads = [d for d in drafts if _LEAD_WORDS.search(text[d.start:d.end])]
    lead = leads[0] if leads else drafts[0]
    ordered = [lead] + [d for d in drafts if d is not lead]
    return [
        Part(department=d.dept, role="lead" if d is lead else "support",
             text=text[d.start:d.end], score=round(min(d.score, 1.0), 4),
             start=d.start, end=d.end)
        for d in ordered
    ]
