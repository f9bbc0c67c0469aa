"""Registered spaCy components of the minutes pipeline (blank ``zh`` with jieba, and ``en``).

Each line of a meeting record becomes one ``Doc`` whose ``doc._.line_ctx`` says who spoke
and in which section; the components then add, in order:

- ``minutes_org_entities``: people and departments of the org (``doc.ents`` PERSON/ORG with
  ``kb_id_`` = staff or department id; ``doc._.org_mentions``),
- ``minutes_dates``: date expressions resolved on the org's work calendar
  (``doc.spans["dates"]``, ``doc._.dates``),
- ``minutes_action_items``: the action items of the line (``doc._.action_items``).

The org itself cannot live in a spaCy config, so components take an ``org_key`` naming an
:class:`OrgResources` registered with :func:`register_org`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from models.calendar import WorkCalendar
from models.org import Org
from nlp.dates import dates_from_events, find_dates
from nlp.minutes.lexicon import Mention, OrgLexicon
from nlp.minutes.rules import analyse_line

for _name in ("line_ctx", "org_mentions", "dates", "action_items"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def is_english(text: str) -> bool:
    """Is the line English, though it may name people in Chinese ("阿杰 will own it")?

    A line is English when it has at least three English words and more of them than Chinese
    characters: a Chinese name inside an English sentence does not make it Chinese, while
    「请 Bob review 一下 PR」 stays Chinese.
    """
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return cjk == 0 or (words >= 3 and words > cjk)


@dataclass(frozen=True)
class OrgResources:
    """What the components need of one org: the lexicon and the work calendar."""

    org: Org | None
    lexicon: OrgLexicon
    calendar: WorkCalendar


# Components find their org's resources by key when spaCy builds them (a pipe's config
# can only hold plain values). An entry is needed only while its pipeline is cached:
# extract.load_pipeline removes it with the pipeline, so this stays as small as that cache.
_REGISTRY: dict[str, OrgResources] = {}


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("minutes_text")
    if text is None:
        text = doc.user_data["minutes_text"] = doc.text
    return text


def register_org(key: str, resources: OrgResources) -> None:
    """Make ``resources`` available to components built with ``org_key=key``."""
    _REGISTRY[key] = resources


def unregister_org(key: str) -> None:
    """Forget ``key`` (its pipeline left the cache; built components keep their copy)."""
    _REGISTRY.pop(key, None)


def resources(key: str) -> OrgResources:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"no org registered under {key!r}; call register_org first") from None


# after a name: the speaker takes it back and names someone else (「黄丽……不对不对，田甜」)
NAME_TAKEN_BACK = re.compile(
    r"[…\.。，,\s]*[哦噢啊呃]?\s*(?:不对|说错了|口误)(?:[，,\s]*不对)*[…\.。，,\s]*(?=\S)"
)


def _taken_back(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """A person named and at once taken back for another one named right after."""
    back = NAME_TAKEN_BACK.match(text, m.end) if m.kind == "person" else None
    return back is not None and any(
        o.kind == "person" and back.end() <= o.start <= back.end() + 2 for o in mentions
    )


class OrgEntities:
    """Marks the org's people and departments; ambiguous names only in person contexts."""

    def __init__(self, org_key: str) -> None:
        self.res = resources(org_key)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        mentions = self.res.lexicon.find(text)
        ctx = doc._.line_ctx
        if ctx is not None and ctx.speaker_id is not None:
            mentions = [self.res.lexicon.resolve_shared(m, ctx.speaker_id, text) for m in mentions]
        mentions = self.res.lexicon.qualify_shared(text, mentions)
        # 「黄丽……不对不对，田甜，你把…」: a name taken back names nobody
        mentions = [m for m in mentions if not _taken_back(text, m, mentions)]
        doc._.org_mentions = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(
                m.start,
                m.end,
                label="PERSON" if m.kind == "person" else "ORG",
                kb_id=m.id,
                alignment_mode="expand",
            )
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc


class DateResolver:
    """Resolves 下周五前 / 3个工作日内 / by EOM … against the meeting date of the line."""

    def __init__(self, org_key: str) -> None:
        self.res = resources(org_key)

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.line_ctx
        if ctx is None:
            doc._.dates = []
            return doc
        dates = find_dates(doc_text(doc), ctx.meeting, self.res.calendar)
        if ctx.said_before:
            counted = dates_from_events(doc_text(doc), ctx.said_before, self.res.calendar, dates)
            dates = sorted([*dates, *counted], key=lambda d: d.start) if counted else dates
        doc._.dates = dates
        spans: list[Span] = []
        for d in dates:
            span = doc.char_span(
                d.start, d.end, label="DUE" if d.is_due else "DATE", alignment_mode="expand"
            )
            if span is not None:
                spans.append(span)
        doc.spans["dates"] = filter_spans(spans)
        return doc


class ActionItemFinder:
    """Decides whether the line states action items and fills owner, department, due, priority."""

    def __init__(self, org_key: str) -> None:
        self.res = resources(org_key)

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.line_ctx
        text = doc_text(doc)
        if ctx is None or not text.strip():
            doc._.action_items = []
            return doc
        en = is_english(text)
        doc._.action_items = analyse_line(
            text, ctx, doc._.org_mentions or [], doc._.dates or [], self.res.lexicon, en
        )
        return doc


@Language.factory(
    "minutes_org_entities",
    default_config={"org_key": ""},
    assigns=["doc.ents", "doc._.org_mentions"],
)
def create_org_entities(nlp: Language, name: str, org_key: str) -> OrgEntities:
    return OrgEntities(org_key)


@Language.factory(
    "minutes_dates",
    default_config={"org_key": ""},
    assigns=["doc.spans", "doc._.dates"],
    requires=["doc._.line_ctx"],
)
def create_dates(nlp: Language, name: str, org_key: str) -> DateResolver:
    return DateResolver(org_key)


@Language.factory(
    "minutes_action_items",
    default_config={"org_key": ""},
    assigns=["doc._.action_items"],
    requires=["doc._.org_mentions", "doc._.dates", "doc._.line_ctx"],
)
def create_action_items(nlp: Language, name: str, org_key: str) -> ActionItemFinder:
    return ActionItemFinder(org_key)
