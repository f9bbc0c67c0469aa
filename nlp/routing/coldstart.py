"""What the org file alone says about each department, as pseudo-examples.

With no history this is the whole model (cold start); with history it stays in the
training set at a weight chosen by cross-validation, because on small histories the
org's own vocabulary (names, aliases, description phrases, keywords, and the titles and
skills of the people in the department) is worth more than a few dozen requests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from models.org import Org
from nlp.routing.senses import available, synonyms
from nlp.routing.text import normalise

# Descriptions are lists of duties: split them into their items.
_CLAUSE = re.compile(r"[、，,。；;：:\n]|以及|及其|和|与|及|\band\b|\bor\b")
_LEAD = re.compile(
    r"^(负责|主要负责|承担|主管|分管|负责全院|负责院区|负责本单位|responsible for)\s*",
    re.IGNORECASE,
)


def description_items(text: str) -> list[str]:
    """The duty phrases of a description: split on list punctuation and conjunctions."""
    out = []
    for part in _CLAUSE.split(text or ""):
        part = _LEAD.sub("", part.strip()).strip()
        if len(part) >= 2:
            out.append(part)
    return out


def org_examples(org: Org, synonyms: bool = False) -> list[tuple[str, str]]:
    """(text, department id) pseudo-examples built from the org file, several per department.

    Each phrase is its own example (so a short request that says only 「报销」 finds it),
    plus one document per department joining everything (so longer requests find the
    department whose vocabulary they share most). With ``synonyms`` (cold start), also the
    Cilin synonyms of the words in its keywords and duties (招聘 → 选聘, 工资 → 薪资), each
    its own example: an org file is a few dozen words, and requests rarely use exactly those
    (routing-dev cold start 0.627 → 0.653). With history the requests teach the vocabulary:
    there, adding the synonyms lowered cross-validated accuracy (0.744 → 0.736).
    """
    out: list[tuple[str, str]] = []
    for d in org.departments:
        phrases = [*d.names, *d.keywords, *description_items(d.description)]
        for p in org.members(d.id):
            if p.title:
                phrases.append(p.title)
            phrases.extend(p.skills)
        phrases = list(dict.fromkeys(x.strip() for x in phrases if x and x.strip()))
        out.extend((x, d.id) for x in phrases)
        profile = " ".join([d.name, d.description, *d.keywords, *d.aliases]).strip()
        out.append((profile, d.id))
        if not synonyms:
            continue
        known = set(phrases)
        out.extend((w, d.id) for w in _synonyms_of([*d.keywords,
                                                    *description_items(d.description)])
                   if w not in known)
    return out


def written_elsewhere(org: Org, terms: dict[str, str]) -> set[str]:
    """The (normalised) ``terms`` (term → department id) that the org file writes among
    another department's own phrases (names, keywords, duties, staff titles and skills).

    Why: at cold start the org file is the only word on the org. A function term the
    lexicon gives one department but the org writes for another (系统 in a SaaS firm's
    customer-service duty 「工单系统」, 客户 in its customer-success department) says
    nothing about which of them a request is for, and boosting it sent such requests to
    the lexicon's department (docs/routing.md, #18 fourteenth round)."""
    from nlp.routing.functions import occurs

    phrases: dict[str, list[str]] = {}
    for text, d in org_examples(org):
        phrases.setdefault(d, []).append(normalise(text))
    return {w for w, d in terms.items()
            if any(occurs(w, p) for o, ps in phrases.items() if o != d for p in ps)}


def _synonyms_of(phrases: list[str]) -> list[str]:
    """Synonyms (two characters or more) of the words of ``phrases``, in first-seen order."""
    import jieba

    if not available():
        return []
    words = [w for p in phrases for w in jieba.lcut(p) if len(w) >= 2]
    out = [s for w in dict.fromkeys(words) for s in synonyms(w) if len(s) >= 2]
    return list(dict.fromkeys(out))


def org_vocabulary(org: Org) -> list[str]:
    """Words jieba must keep whole: department names, aliases and keywords, staff skills."""
    words = []
    for d in org.departments:
        words.extend([*d.names, *d.keywords])
    for p in org.staff:
        words.extend(p.skills)
    return [w for w in dict.fromkeys(words) if 2 <= len(w) <= 12]


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9][a-z0-9+#.-]*")


def _units(text: str) -> frozenset[str]:
    """Matching units: CJK character bigrams (single characters for one-character runs)
    and Latin-script words, from NFKC-lower-cased text."""
    t = normalise(text)
    out: set[str] = set(_LATIN.findall(t))
    for run in _CJK_RUN.findall(t):
        if len(run) == 1:
            out.add(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


# How a request mentions a department tells whether it is the one asked (「请保卫科马上支援」,
# 「院感科说让找后勤」) or only the one who sent the requester on (「财务部让我找你们」,
# 「护理部转过来的问题」). Matched on the normalised text right before / after the name.
_ADDRESSED_BEFORE = re.compile(
    r"(找|请|联系|麻烦|交给|转给|报给|转交|提交给|发给|通知|ask|contact|dear)\s*$"
)
_REFERRER_AFTER = re.compile(
    r"^\s*(那边|那里|的老师|的同事|的人)?(让|叫|说|转过来|转来|转给我|打电话|打来|来电|通知我|建议|"
    r"要求我|推荐|told|asked|sent|referred|said)"
)
# Words right before a name that make it the requester's own department or one not needed.
_NOT_ASKED_BEFORE = re.compile(
    r"(我是|我们是|我在|我们|本|来自|\b(?:i am|i'm|we are|we're|this is \w+) from|\bi'?m in|"
    r"\bi am in|\bi work in)\s*$"
)
# 「市场部发起大促：…」, "Marketing is launching …": the department that starts the work is the
# requester's side, not a department asked for it (「请市场部发起…」 is asked: read before).
_INITIATOR_AFTER = re.compile(
    r"^\s*(这次|本次|近期|下周|下个?月|今年)?(发起|牵头发起)"
    r"|^\s*(is|are)\s+(launch|kick|start|initiat)",  # 12 characters are read after a name
    re.IGNORECASE,
)
# 「人力行政部的温丽让我直接找设备部」: the sender is a person of that department.
_SENDER_AFTER = re.compile(r"^\s*的?[\u4e00-\u9fff]{1,4}?(让我|叫我|要我|建议我|说让我|让找)")
# A referral to the reader later in the same sentence (「成本部那边都审完了，说钱的事让我找
# 你们」, "finance … told me to ask you"): a department named before it sent the requester
# on, whatever words follow its name; 你们 / you is the department reading the request.
_YOU_REFERRAL = re.compile(
    r"((让|叫|要|建议|喊)我们?.{0,3}?|说.{0,12}?)(找|问|联系|咨询|请教)(一下)?你们"
    r"|\b(told|asked|advised)\s+me\s+to\s+(ask|contact|see|talk\s+to|check\s+with)\s+you\b"
    r"|\b(sent|referred)\s+me\s+to\s+you\b"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(\s|$)")
# Asking words more common in requests for work than in routing (「需要X」「由X」「X配合」).
_ASK_BEFORE = re.compile(
    r"(需要|需|要求|由|让|叫|联动|协调|安排|配合|need|needs|with|by|ask|asks)\s*$"
)
ADDRESSED_SCORE = 2.0  # a department asked by name: twice the evidence of a bare mention


# 「问人事有没有住房补贴」: a question put to a department asks it.
_QUESTION_TO_BEFORE = re.compile(r"(?<![我你他她])(问|问问|问一下|询问)\s*$")
_CLAUSE_SPLIT = re.compile(r"[，,。；;：:！!？?\n]")


def mention_role(text: str, start: int, end: int) -> str | None:
    """How a request treats the department it names at ``text[start:end]`` (text as
    written): ``"asked"`` (「请保卫科…」「需要IT…」「问人事…」), ``"sender"`` — it sent the
    requester on (「财务让我找你们」, 「成本部那边都审完了，说钱的事让我找你们」) —, ``"own"``
    (「我是财务部的」, "I'm from finance"), or ``None`` for a bare mention, which each caller
    reads its own way. Routing (:func:`not_asked`) and splitting (``nlp.routing.parts``)
    both ask this, so a referral rule learnt once serves both."""
    # only the same clause counts before the name; 12 characters hold "this is X from "
    before = _CLAUSE_SPLIT.split(normalise(text[max(0, start - 12):start]))[-1]
    if (_ADDRESSED_BEFORE.search(before) or _ASK_BEFORE.search(before)
            or _QUESTION_TO_BEFORE.search(before)):
        return "asked"
    after = normalise(text[end:end + 12])
    rest = text[end:]
    stop = _SENTENCE_END.search(rest)
    rest = normalise(rest[:stop.start()] if stop else rest)
    if _REFERRER_AFTER.match(after) or _SENDER_AFTER.match(after) or _YOU_REFERRAL.search(rest):
        return "sender"
    if _NOT_ASKED_BEFORE.search(before) or _INITIATOR_AFTER.match(after):
        return "own"
    return None


def name_mentions(text: str, names: list[str]) -> tuple[bool, bool, bool]:
    """(mentioned, addressed, only as referrer) for one department's names in ``text``
    (already normalised)."""
    mentioned = addressed = False
    referrer_only = True
    covered: list[tuple[int, int]] = []  # 财务 inside 财务部 is the same mention
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2:
            continue
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if any(a <= start < b for a, b in covered):
                start = text.find(name, end)
                continue
            covered.append((start, end))
            mentioned = True
            role = mention_role(text, start, end)
            addressed = addressed or role == "asked"
            referrer_only = referrer_only and role == "sender"
            start = text.find(name, end)
    return mentioned, addressed, mentioned and referrer_only and not addressed


def referrer_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where ``text`` (as written, not normalised) names a department only as the one that
    sent the requester on (「财务部让我找你们」): those words say where the request does
    *not* belong, so the classifier should not read them as a vote for that department."""
    spans: list[tuple[int, int]] = []
    for name in sorted({n for n in names if len(n) >= 2}, key=len, reverse=True):
        pattern = re.escape(name)
        if name.isascii():  # 「IT」 is not the it in 「submit」
            pattern = rf"\b{pattern}\b"
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            start, end = m.span()
            if any(a < end and start < b for a, b in spans):
                continue
            if mention_role(text, start, end) != "sender":
                continue
            spans.append((start, end))
    return sorted(spans)


def _to_the_reader(text: str, end: int) -> bool:
    """Whether the sentence after ``text[:end]`` sends the requester on to the reader
    (「…让我找你们」, "told me to ask you")."""
    rest = text[end:]
    stop = _SENTENCE_END.search(rest)
    return bool(_YOU_REFERRAL.search(normalise(rest[:stop.start()] if stop else rest)))


def not_asked(text: str, names: Sequence[tuple[str, int]], k: int,
              people: frozenset[str] = frozenset()) -> list[int]:
    """The departments (indices below ``k``) that ``text`` names only as the one that sent
    the requester on or as the requester's own (:func:`mention_role`), never as asked. Such
    a name says where the request does *not* belong, while the words around it (凭证, 退款)
    still read as that department's. ``names``: (name as written, department index),
    longest first. ``people``: the names in ``names`` that are a person's; a person who
    asked the requester to ask (「秦经理让我问一下，…」) says who wants the answer, usually
    the requester's own manager, not that their department is not the one asked — unless
    the sentence sends the requester on to the reader (「秦经理让我找你们」). On the
    biologics CDMO (routing-pharma) all 8 such requests went to the person's department
    (#18 eighth round)."""
    seen: list[tuple[int, int]] = []
    kinds: dict[int, set[bool]] = {}
    for name, j in names:
        pattern = re.escape(name)
        if name.isascii():
            pattern = rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            start, end = m.span()
            if any(a < end and start < b for a, b in seen):
                continue  # 财务 inside 财务部 is the same mention
            seen.append((start, end))
            role = mention_role(text, start, end)
            excluded = role in ("sender", "own")
            if role == "sender" and name in people and not _to_the_reader(text, end):
                continue  # no evidence either way (「财务部的温丽让我…」: 财务部 decides)
            kinds.setdefault(j, set()).add(excluded)
    return sorted(j for j, ks in kinds.items() if ks == {True} and j < k)


class OrgMatcher:
    """How much of each department's own words a text contains.

    Two scores per department: its names/aliases, and its keywords, duty phrases, staff
    titles and skills; each score is the best share of one phrase's units (bigrams,
    words) found in the text. These dense features let a request that says 「消防栓」 reach
    the department whose keyword is 消防 even when TF-IDF spreads that over thousands of
    n-grams. Names are kept apart because a request often names a department it is not
    for (「财务部让我找你们」); the classifier learns how far to trust each kind."""

    def __init__(self, org: Org) -> None:
        self.departments = [d.id for d in org.departments]
        self.name_strings: list[list[str]] = []
        self.names: list[list[frozenset[str]]] = []
        self.terms: list[list[frozenset[str]]] = []
        self.all_names: list[str] = []
        # (name as written, department index), longest first, for not_asked: department
        # names, aliases and English ids, and staff names that belong to one department only.
        owners: dict[str, set[int]] = {}
        for j, d in enumerate(org.departments):
            names = list(d.names)
            if d.id.isascii() and d.id.isalpha() and len(d.id) >= 4:
                names.append(d.id)  # "I'm from finance": ids are English words
            for n in names:
                owners.setdefault(n.strip(), set()).add(j)
        index = {d.id: j for j, d in enumerate(org.departments)}
        for p in org.staff:
            if p.department in index:
                for n in p.names:
                    owners.setdefault(n.strip(), set()).add(index[p.department])
        self.named_by: list[tuple[str, int]] = [
            (n, next(iter(js))) for n, js in sorted(owners.items(), key=lambda x: -len(x[0]))
            if len(n) >= 2 and len(js) == 1]
        # the names of ``named_by`` that are a person's, not a department's (not_asked)
        dept_names = {n.strip() for d in org.departments for n in d.names}
        self.people: frozenset[str] = frozenset(
            n.strip() for p in org.staff for n in p.names if n.strip() not in dept_names)
        for d in org.departments:
            names = [_units(n) for n in d.names]
            self.name_strings.append(sorted({normalise(n) for n in d.names}))
            self.all_names.extend(d.names)
            terms = [*d.keywords, *description_items(d.description)]
            for p in org.members(d.id):
                terms.extend([p.title or "", *p.skills])
            self.names.append([u for u in names if u])
            self.terms.append([u for u in (_units(t) for t in terms if t) if u])

    @property
    def width(self) -> int:
        return 2 * len(self.departments)

    def without_referrers(self, text: str) -> str:
        """``text`` with every department name that only refers the requester on removed
        (「财务部让我找你们：报销系统…」 → 「让我找你们：报销系统…」)."""
        spans = referrer_spans(text, self.all_names)
        if not spans:
            return text
        out, pos = [], 0
        for a, b in spans:
            out.append(text[pos:a])
            pos = b
        out.append(text[pos:])
        return "".join(out)

    def not_asked(self, texts: Sequence[str]) -> list[list[int]]:
        """Per text, the departments it names only as the sender or the requester's own
        (:func:`not_asked`); none for matchers saved before this existed."""
        names = getattr(self, "named_by", None)
        if not names:
            return [[] for _ in texts]
        people = getattr(self, "people", frozenset())  # matchers saved before it: none
        return [not_asked(t, names, len(self.departments), people) for t in texts]

    def transform(self, texts: list[str]) -> np.ndarray:
        """n × 2K matrix: K name scores then K term scores, each in [0, 1]."""
        out = np.zeros((len(texts), self.width), dtype=np.float32)
        k = len(self.departments)
        for i, text in enumerate(texts):
            u = _units(text)
            if not u:
                continue
            t = normalise(text)
            for j in range(k):
                score = max((len(p & u) / len(p) for p in self.names[j]), default=0.0)
                _, addressed, referrer = name_mentions(t, self.name_strings[j])
                out[i, j] = ADDRESSED_SCORE if addressed else 0.0 if referrer else score
                out[i, k + j] = max((len(p & u) / len(p) for p in self.terms[j]), default=0.0)
        return out
