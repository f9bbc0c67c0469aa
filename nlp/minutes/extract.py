"""The pure entry point: a meeting file and an org in, action items out.

``extract(data, filename, org, meeting_date)`` is what the service calls per upload;
``load_pipeline(org)`` builds the two spaCy pipelines (blank zh with jieba, blank en)
once per org and keeps them, because building the name patterns and loading jieba's
dictionary is the expensive part.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import nlp.minutes.components  # noqa: F401  (registers the factories)
from models.calendar import WorkCalendar
from models.minutes import (
    ActionItem,
    ExtractionResult,
    MeetingDocument,
    MeetingInfo,
    Source,
    Utterance,
)
from models.org import Org
from nlp import MAX_RUN, pieces
from nlp.dates import find_dates, pick_due, resolve_due
from nlp.minutes import segment
from nlp.minutes.components import OrgResources, is_english, register_org, unregister_org
from nlp.minutes.dialogue import (
    Turn,
    address_pairs,
    answers_naming_the_ask,
    called_on,
    carry_answered_topics,
    carry_pointed_back,
    carry_raised_topics,
    could_answer,
    counter_offer,
    dates_after_a_question,
    doers_named_after,
    help_shares_the_date,
    is_reply,
    late_answers,
    merge_confirmations,
    move_dates,
    name_the_receivers,
    partner_replies,
    refused_asks,
    relay_owners,
    relay_to_named,
    settle_pushed_dates,
    takers_of_who_asks,
    team_then_member,
    tidy_spoken_tasks,
)
from nlp.minutes.lexicon import Mention, OrgLexicon, department_of
from nlp.minutes.rules import (
    _CANCEL,
    _HIGH,
    _LOW,
    Candidate,
    LineContext,
    _stated_date,
    about_the_call,
    closing_recap,
    cues,
    detected_item,
    section_kind,
)
from nlp.minutes.similar import similarity
from nlp.minutes.spoken import SpokenDetector
from nlp.minutes.spoken import Utterance as SpokenTurn
from nlp.minutes.spoken_zh import DEPT, PERSON, TurnView, ZhTurnDetector
from nlp.minutes.unnamed import fold_unnamed_replies
from nlp.readers import (
    DEFAULT_MAX_BYTES,
    DEVICE_SPEAKER,
    UNNAMED_SPEAKER,
    has_recorder_stamp,
    looks_like_speaker,
    read_bytes,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Speaker turns an English transcript needs before the learned detector reads it: it was
# trained on whole meetings (AMI: 140 to 1,500 dialogue acts) and its context and position
# features describe one; on a short call of full sentences the rules are the better reader.
DETECTOR_MIN_TURNS = 100
PIPE_NAMES = ("minutes_org_entities", "minutes_dates", "minutes_action_items")


@dataclass
class MinutesPipeline:
    """The zh and en pipelines for one org, sharing the same registered resources."""

    key: str
    zh: Language
    en: Language
    resources: OrgResources

    def run(self, text: str, ctx: LineContext) -> list[Candidate]:
        """Run the pipeline of the line's language over one line: its action items."""
        return self.run_doc(text, ctx)._.action_items or []

    def run_doc(self, text: str, ctx: LineContext) -> Doc:
        """The processed line (items in ``doc._.action_items``, dates in ``doc._.dates``)."""
        nlp = self.en if is_english(text) else self.zh
        doc = nlp.make_doc(text)
        doc._.line_ctx = ctx
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return doc


# Built pipelines by org content, least recently used first; an org's component
# resources (components._REGISTRY) leave with its pipeline, so both stay bounded.
PIPELINE_CACHE_SIZE = 16
_CACHE: dict[str, MinutesPipeline] = {}
_LOCK = threading.Lock()


def _org_key(org: Org | None, calendar: str) -> str:
    body = org.model_dump_json() if org is not None else "(no org)"
    return hashlib.sha1(f"{calendar}|{body}".encode()).hexdigest()[:16]


def load_pipeline(org: Org | None, calendar: str | None = None) -> MinutesPipeline:
    """The pipelines for ``org`` (cached by the org's content, so an edited org rebuilds)."""
    cal_kind = calendar or (org.calendar if org is not None else "none")
    key = _org_key(org, cal_kind)
    with _LOCK:
        pipe = _CACHE.pop(key, None)
        if pipe is not None:
            _CACHE[key] = pipe  # most recently used last: eviction takes the oldest use
            return pipe
        cal = (
            org.work_calendar
            if org is not None and calendar in (None, org.calendar)
            else WorkCalendar(cal_kind)
        )
        res = OrgResources(org=org, lexicon=OrgLexicon(org), calendar=cal)
        register_org(key, res)
        zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        zh.tokenizer.jieba_seg = RunBoundJieba()
        en = spacy.blank("en")
        en.tokenizer = RunBoundTokenizer(en.tokenizer)
        for nlp in (zh, en):
            for name in PIPE_NAMES:
                nlp.add_pipe(name, config={"org_key": key})
        pipe = MinutesPipeline(key, zh, en, res)
        while len(_CACHE) >= PIPELINE_CACHE_SIZE:
            unregister_org(_CACHE.pop(next(iter(_CACHE))).key)
        _CACHE[key] = pipe
        return pipe


class RunBoundJieba:
    """jieba for the zh pipeline's tokenizer, handed pieces of at most ``nlp.MAX_RUN``
    characters (cut where the text breaks when it can), as routing does.

    Why: jieba's HMM is quadratic in a run of characters it has no word for; an upload of
    20,000 × 嗯 spent 5 s in it. A transcript's runs are far shorter (the longest in the
    read sets is 83 characters), so they segment as before."""

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        for piece in pieces(text):
            yield from jieba.cut(piece, cut_all=cut_all)


# a chunk without spaces longer than the en tokenizer is handed at once
_LONG_CHUNK = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class RunBoundTokenizer:
    """The en pipeline's rule tokenizer, handed a chunk without spaces longer than
    ``nlp.MAX_RUN`` characters in pieces of that length.

    Why: it strips a chunk's prefixes and suffixes one at a time, searching the rest of the
    chunk each time: quadratic in a chunk with no space. 20,000 × 「，」 on a line (read by
    the en pipeline: it has no Chinese) took over 300 s. An English chunk is a word or a
    link, far shorter, and is tokenized as before."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not _LONG_CHUNK.search(text):
            return self.tokenizer(text)
        cuts = [0]
        for m in _LONG_CHUNK.finditer(text):
            cuts.extend(range(m.start() + MAX_RUN, m.end(), MAX_RUN))
        words: list[str] = []
        spaces: list[bool] = []
        doc = None
        for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
            doc = self.tokenizer(text[a:b])
            words.extend(t.text for t in doc)
            spaces.extend(bool(t.whitespace_) for t in doc)
        assert doc is not None
        return Doc(doc.vocab, words=words, spaces=spaces)


def extract(
    data: bytes,
    filename: str,
    org: Org | None,
    meeting_date: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    spoken_detector: SpokenDetector | None = None,
    zh_detector: ZhTurnDetector | None = None,
    today: dt.date | None = None,
) -> ExtractionResult:
    """Action items of one uploaded meeting file. Raises MinutesInputError on bad input.

    ``meeting_date`` overrides the date stated in the document; without either, ``today``
    (the caller's clock in the org's timezone, ``Org.today()``) is used. ``org`` None
    extracts without a directory: owners stay [] but ``owner_names`` keeps the names as
    written.
    """
    return extract_document(
        read_bytes(data, filename, max_bytes=max_bytes, today=today), org, meeting_date,
        spoken_detector, zh_detector, today=today,
    )


def _is_chinese(doc: MeetingDocument) -> bool:
    text = "".join(u.text for u in doc.utterances[:200])
    return len(_CJK.findall(text)) > 0.2 * max(1, len(text))


def _detected_lines(doc: MeetingDocument, detector: SpokenDetector | None) -> set[int] | None:
    """Source lines of the turns the learned detector marks as action items, for a long
    English transcript; None when it does not apply (no detector, Chinese, written minutes,
    a short call)."""
    if detector is None or _is_chinese(doc):
        return None
    text = [u for u in doc.utterances if u.kind == "text"]
    speech = [u for u in text if u.speaker and u.line is not None]
    if len(speech) < DETECTOR_MIN_TURNS or len(speech) < 0.8 * len(text):
        return None
    flags = detector.flags([SpokenTurn(u.speaker or "", u.text) for u in speech])
    return {u.line for u, f in zip(speech, flags, strict=True) if f and u.line is not None}


def extract_document(
    doc: MeetingDocument,
    org: Org | None,
    meeting_date: dt.date | None = None,
    spoken_detector: SpokenDetector | None = None,
    zh_detector: ZhTurnDetector | None = None,
    today: dt.date | None = None,
) -> ExtractionResult:
    """Action items of an already-read document.

    Relative dates are read against ``meeting_date``, else the date the document states,
    else ``today`` — the caller's clock, passed in so this module never reads one; with
    none of the three the document cannot be placed on the calendar (ValueError).

    ``spoken_detector`` (English meeting speech, trained on AMI; loaded by
    ``dispatch.minutes.detector``) decides which turns of a long English transcript are
    action items; ``zh_detector`` (trained on our annotated Chinese transcripts) does the
    same for a Chinese transcript. The rules still give each item its owner and date.
    Written minutes are read by the rules alone."""
    turns, spoken, meeting, unnamed = _read_turns(
        doc, org, meeting_date or doc.date or today, spoken_detector
    )
    lex = pipe_lexicon(org, doc)
    if zh_detector is not None and spoken:
        _apply_zh_detector(zh_detector, spoken, lex)

    address_pairs(turns, lex)
    relay_owners(turns, lex)
    relay_to_named(turns, lex)
    doers_named_after(turns, lex)
    takers_of_who_asks(turns, lex)  # 「…谁来弄？」 → 「我吧。」
    merge_confirmations(turns, lex, meeting)
    refused_asks(turns, lex)  # 「这个我们做不了，得找…」
    partner_replies(turns)  # an ask to another company's person, answered by them
    team_then_member(turns)
    answers_naming_the_ask(turns, lex)
    move_dates(turns, lex, meeting)
    settle_pushed_dates(turns, lex, meeting)
    dates_after_a_question(turns, meeting)
    late_answers(turns, meeting)
    help_shares_the_date(turns)  # 「…我让小薛去配合一下」: due when the work helped is
    fold_unnamed_replies(unnamed, lex)  # a dump's turns: nobody named, so no merge above
    carry_raised_topics(turns)
    carry_answered_topics(turns)
    carry_pointed_back(turns)
    if _spoken_share(doc) >= ZH_TRANSCRIPT_SHARE:
        name_the_receivers(turns, lex)  # 「拿给我签字」 said by 赵峰 → 「拿给赵峰签字」
        tidy_spoken_tasks(turns)  # a transcript: its tasks said as speech
    elif unnamed and len(unnamed) >= ZH_TRANSCRIPT_SHARE * len(turns):
        tidy_spoken_tasks([t for t, _, _ in unnamed], dump=True)  # a recorder's dump
    found = [(t.utt, c, t.section) for t in turns for c in t.items]

    items = [_to_item(u, c) for u, c in _dedupe(found)]
    return ExtractionResult(
        meeting=MeetingInfo(
            title=doc.title or _stem(doc.filename), date=meeting, attendees=doc.attendees
        ),
        action_items=items,
    )


def turn_views(
    doc: MeetingDocument,
    org: Org | None,
    meeting_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[tuple[int, TurnView]]:
    """(source line, view) of each speaker turn of a Chinese transcript as the Chinese
    detector sees it, with the rules' findings; [] for any other document. Training
    (``benchmarks/zh_spoken_eval.py``) reads turns through this so that it sees exactly
    what extraction does."""
    _, spoken, _, _ = _read_turns(doc, org, meeting_date or doc.date or today, None)
    return [(s.turn.utt.line or 0, s.view) for s in spoken]


def pipe_lexicon(org: Org | None, doc: MeetingDocument) -> OrgLexicon:
    """The org lexicon of the pipeline ``extract_document`` uses for ``doc`` (cached)."""
    calendar = None if org is not None else ("cn" if _is_chinese(doc) else "none")
    return load_pipeline(org, calendar).resources.lexicon


@dataclass
class _SpokenTurn:
    """A speaker turn of a Chinese transcript, kept for the learned detector."""

    turn: Turn
    view: TurnView
    line: Doc
    text: str
    ctx: LineContext


# A Chinese document is read as a transcript by the learned detector when at least this
# share of its text lines are speaker turns, and there are at least this many turns.
ZH_TRANSCRIPT_SHARE = 0.8
ZH_MIN_TURNS = 8


def _zh_transcript(doc: MeetingDocument) -> bool:
    if not _is_chinese(doc):
        return False
    text = [u for u in doc.utterances if u.kind == "text"]
    speech = [u for u in text if u.speaker and u.line is not None]
    return len(speech) >= ZH_MIN_TURNS and len(speech) >= ZH_TRANSCRIPT_SHARE * len(text)


def _spoken_share(doc: MeetingDocument) -> float:
    """The share of a document's text lines that are speaker turns (a transcript: ~1)."""
    text = [u for u in doc.utterances if u.kind == "text"]
    return sum(1 for u in text if u.speaker and u.line is not None) / max(1, len(text))


_DIGIT = re.compile(r"\d")
_RESTORED_MARKS = frozenset("，。？")


def _view(
    line: Doc, ctx: LineContext, items: list[Candidate], restored: bool = False
) -> TurnView:
    """The detector's view of one turn: jieba tokens with names masked, the rules' findings.

    ``restored``: the turn's marks were put back by ``segment``; the detector reads its words
    without them, as it was trained on the speech recogniser's text (the marks are for the
    rules' clauses and sentences)."""
    mentions = line._.org_mentions or []
    words: list[str] = []
    last: object = None
    for tok in line:
        if restored and tok.text in _RESTORED_MARKS:
            continue
        m = next((x for x in mentions if x.start < tok.idx + len(tok.text) and tok.idx < x.end),
                 None)
        if m is not None:
            if m is not last:
                words.append(PERSON if m.kind == "person" else DEPT)
            last = m
            continue
        last = None
        words.append(_DIGIT.sub("0", tok.text))
    owner = "none"
    if items:
        c = items[0]
        if c.group:
            owner = "group"
        elif c.owners and c.owners == [ctx.speaker_id]:
            owner = "self"
        elif c.owners and ctx.listener_id is not None and c.owners == [ctx.listener_id]:
            owner = "listener"
        elif c.owners:
            owner = "named"
        elif c.department:
            owner = "dept"
    return TurnView(
        speaker=ctx.speaker_id or ctx.speaker_label or "",
        words=tuple(words),
        items=len(items),
        owner=owner,
        due=bool(items and items[0].due),
        explicit=bool(items and items[0].explicit),
        dates=sum(1 for d in line._.dates or [] if d.weight >= 2),
        persons=len({m.id for m in mentions if m.kind == "person"}),
        depts=len({m.id for m in mentions if m.kind == "dept"}),
        cues=cues(line.text),
    )


def _apply_zh_detector(
    det: ZhTurnDetector, spoken: list[_SpokenTurn], lex: OrgLexicon
) -> None:
    """The detector's verdict on each turn: the rules' items of a turn it scores below
    ``det.keep`` are dropped; a turn the rules passed over and it scores at or above
    ``det.add`` becomes an item with the rules' owner and date (``rules.detected_item``)."""
    for s, p in zip(spoken, det.scores([s.view for s in spoken]), strict=True):
        if s.turn.items and p < det.keep:
            s.turn.items = []
        elif not s.turn.items and p >= det.add and not closing_recap(s.text):
            s.turn.items = [
                detected_item(s.text, s.ctx, s.line._.org_mentions or [], s.line._.dates or [],
                              lex, is_english(s.text))
            ]


def _read_turns(
    doc: MeetingDocument,
    org: Org | None,
    meeting_date: dt.date | None,
    spoken_detector: SpokenDetector | None,
) -> tuple[list[Turn], list[_SpokenTurn], dt.date, list[tuple[Turn, str, dt.date | None]]]:
    """Every line read by the line rules (and the English detector): the turns with their
    items, the speaker turns of a Chinese transcript, the meeting date, and the turns of
    speech by nobody named with what each said (a dump's; see ``unnamed``)."""
    doc = _joined_words(doc)
    detected = _detected_lines(doc, spoken_detector)
    zh_spoken = _zh_transcript(doc)
    spoken: list[_SpokenTurn] = []
    unnamed: list[tuple[Turn, str, dt.date | None]] = []
    calendar = None if org is not None else ("cn" if _is_chinese(doc) else "none")
    pipe = load_pipeline(org, calendar)
    lex = pipe.resources.lexicon
    if meeting_date is None:
        raise ValueError(
            f"{doc.filename}: no meeting date — pass meeting_date or today (the caller's clock)"
        )
    meeting = meeting_date

    # speech recognised without punctuation: marks put back by cue (``segment``)
    texts = [u.text for u in doc.utterances if u.kind == "text"]
    unmarked = segment.unpunctuated(texts)
    unmarked_en = not unmarked and segment.unpunctuated_en(texts)
    unmarked = unmarked or unmarked_en
    anonymous = unmarked or _recorder_dump(doc) or _speech_dump(doc)  # by nobody named
    turns: list[Turn] = []
    listener: tuple[str, str] | None = None  # (id, name) the current speaker talks to
    voices: dict[str, tuple[Mention, bool]] = {}  # 说话人2 → who speaks under it
    section: str | None = None
    heading_speaker: str | None = None
    title = _title_line(doc)
    cues = _Cues(doc.utterances)
    for u in _fold_fields(doc.utterances):
        if u.kind in ("blank", "header") or u is title:
            continue
        if u.kind == "heading" or (
            _title_like(u, doc.sender) and not (unmarked and _SPOKEN_WORDS.search(u.text))
        ):
            section = section_kind(u.text)
            heading_speaker = None
            if section is None and u.kind == "heading":
                if lex.speaker(u.text) is not None or (looks_like_speaker(u.text) and lex.empty):
                    heading_speaker = u.text
            continue
        if u.kind == "table_row" and u.cells is not None:
            cand = _table_candidate(u.cells, meeting, pipe, lex)
            if cand is not None:
                turns.append(Turn(u, None, "action", [cand]))
            continue
        checked = u.text.startswith("[x] ")
        text = u.text[4:] if checked else u.text
        label = u.speaker
        if label and (m := lex.lookup(label)) is not None and m.kind == "dept":
            # "Finance: approve …" names the owning department, not a speaker.
            text, label = f"{label}: {text}", None
        if (
            label
            and label != doc.sender
            and section == "action"
            and u.bullet
            and _names_a_task(text)
        ):
            # "1. Leo: rebalance the plan" in an action list names the assignee
            text, label = f"{label}: {text}", None
        label = label or heading_speaker
        if anonymous and not label and u.kind == "text" and not u.bullet:
            label = ANONYMOUS  # speech recognised without speakers: someone said it
        if label:
            text = _punctuate(text)
        restored = unmarked and segment.needs_marks(text)
        if restored:
            text = _restore_marks(text, pipe, lex)
        elif unmarked_en and segment.needs_marks_en(text):
            names = [(m.start, m.end) for m in lex.find(text) if m.kind == "person"]
            text = segment.restore_en(text, names)
        sp = lex.speaker(label)
        if sp is None and label == ANONYMOUS and len(text) < MEMO_LINE:
            sp = _self_named(text, lex)  # (a memo's long line is several people's turns)
        elif sp is None and label and (
            UNNAMED_SPEAKER.fullmatch(label) or DEVICE_SPEAKER.fullmatch(label)
        ):
            sp = _unnamed_voice(label, text, turns, voices, lex)
        # a speaker's turn stays one turn; a long line of a dump is several run together
        for piece in _memo_turns(text) if unmarked and label == ANONYMOUS else [text]:
            text = piece
            listener = _listener_of(turns, sp.id if sp else None, listener)
            listener = _called_first(text, sp.id if sp else None, lex) or listener
            ctx = LineContext(
                meeting=meeting,
                speaker_label=_display_name(label, sp),
                speaker_id=sp.id if sp else None,
                section=section,
                bullet=u.bullet,
                checked=checked,
                listener_id=listener[0] if listener else None,
                listener_label=listener[1] if listener else None,
                answers_when=_asked_when(turns, sp.id if sp else None),
                speaker_dept=department_of(org, sp.id) if sp else None,
                listener_spoke=_listener_spoke(turns, sp.id if sp else None, listener, lex),
                named_before=_named_before(turns, sp.id if sp else None, lex),
                said_before=_said_before(turns, meeting),
            )
            turn = Turn(u, ctx.speaker_id, section, called=called_on(text, lex))
            line = pipe.run_doc(text, ctx)
            # 发言人2 and a partner the org does not list too: settle_pushed_dates and
            # partner_replies read their dates
            if ctx.speaker_id is not None or u.speaker:
                turn.said, turn.dates = text, list(line._.dates or [])
            if detected is not None and u.speaker and u.line is not None:
                _apply_detector(line, u.line in detected, text, ctx, lex)
            if ctx.speaker_id is not None and could_answer(text):
                # the last date said is the one agreed: 「明天有点赶，周五吧」
                # not a date stated as a fact: 「不过十号是周六哈」, 「报名是下周三截止」
                floor = 1 if counter_offer(text) else 2  # 「月底有点紧，七月三号行不行？」
                said = [
                    d for d in line._.dates or [] if d.weight >= floor and not _stated_date(text, d)
                ]
                turn.due = said[-1].date if said else None
                first_end = re.search(r"[。！？!?]", text.strip())
                if first_end is not None and first_end.end() < len(text.strip()):
                    cut = text.find(first_end.group(0)) + 1
                    in_first = [d for d in said if d.end <= cut]
                    turn.first_due = in_first[-1].date if in_first else None
            for cand in line._.action_items or []:
                if u.block is not None:
                    if cand.due is None:
                        cand.due = _due_in_rest_of_cue(cues, u, meeting, pipe)
                    cand.task = _start_of_cue(cues, u) + cand.task
                turn.items.append(cand)
            if zh_spoken and u.speaker and u.line is not None:
                view = _view(line, ctx, turn.items, restored)
                spoken.append(_SpokenTurn(turn, view, line, text, ctx))
            if label == ANONYMOUS:
                for cand in turn.items:  # 我 said by nobody named: no name to show either
                    cand.owner_names = [n for n in cand.owner_names if n != ANONYMOUS]
                stated = [d for d in line._.dates or [] if d.weight >= 1
                          and not _stated_date(text, d)]
                unnamed.append((turn, text, stated[-1].date if stated else None))
                turn.said, turn.dates = text, list(line._.dates or [])  # for a date moved
            turns.append(turn)
    return turns, spoken, meeting, unnamed


_FIELD = re.compile(
    r"^(?:owners?|assignee|responsible|负责人|责任人|执行人|due(?:\s+date)?|deadline|截止(?:时间|日期)?|"
    r"完成时间|priority|优先级)\s*[:：]",
    re.I,
)


def _joined_words(doc: MeetingDocument) -> MeetingDocument:
    """``doc`` with each line a recogniser split into word tokens read as unspaced text
    (``segment.join_words``), so that a word-segmented dump is read as any unpunctuated one."""
    joined = [
        u.model_copy(update={"text": t}) if (t := segment.join_words(u.text)) != u.text else u
        for u in doc.utterances
    ]
    if all(a is b for a, b in zip(joined, doc.utterances, strict=True)):
        return doc
    return doc.model_copy(update={"utterances": joined})


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t"))


def _fold_fields(utterances: list[Utterance]) -> list[Utterance]:
    """Notion/Confluence-style items: "- Update the doc" with "  - Owner: Alice" / "  - Due: 5/20"
    sub-bullets. The fields are folded into the task's line, which stays the source line."""
    out: list[Utterance] = []
    parent: int | None = None
    for u in utterances:
        if (
            u.kind == "text"
            and parent is not None
            and _FIELD.match(u.text)
            and _indent(u.raw) > _indent(out[parent].raw)
        ):
            p = out[parent]
            out[parent] = p.model_copy(update={"text": f"{p.text}（{u.text}）"})
            out.append(u.model_copy(update={"kind": "header"}))  # consumed
            continue
        if u.kind == "text" and u.bullet and not _FIELD.match(u.text):
            parent = len(out)
        elif u.kind != "blank":
            parent = None if u.kind != "text" or not u.bullet else parent
        out.append(u)
    return out


_ZH_PUNCT = re.compile(r"[，。！？；：、,.!?;:]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


def _punctuate(text: str) -> str:
    """Speech recognition without punctuation pauses with spaces ("那个 晓晓 你下周一前…"):
    in a Chinese line with no punctuation at all, a space between two characters is a comma,
    so that clauses and call-outs are cut as in punctuated text."""
    if _ZH_PUNCT.search(text) or not _CJK_GAP.search(text):
        return text
    text = re.sub(r"(?<=[吗呢]) +(?=[\u4e00-\u9fff])", "？", text)  # a question ends there
    text = re.sub(r"(?<=吧) +(?=[\u4e00-\u9fff])", "。", text)
    # 「…明天给我 然后康健你…」: a pause before an opener ends the sentence, so that a date said
    # in the next one (「还有就是…月底前…」) is not the ask's
    text = re.sub(r"(?<=[\u4e00-\u9fff]) +(?=" + segment.OPENER.pattern + ")", "。", text)
    return _CJK_GAP.sub("，", text)


# Words of speech, not of a section title: in a dump without punctuation 「我先说测试的结论…」
# is short and unmarked like a title, and read as one it turned the rest into a decision list.
_SPOKEN_WORDS = re.compile(r"[我你您咱吧吗呢啊嗯哈]|那个|就是")


# The speaker of a line of a dump that names none: it is speech (read by the rules for
# speech), by nobody the org knows (我 gives no owner: ANNOTATION.md).
ANONYMOUS = "说话人"


# A line of a dump this long is several turns run together (a voice memo's paragraph).
MEMO_LINE = 120


def _recorder_dump(doc: MeetingDocument) -> bool:
    """A recorder's export: nearly every line opens with a time and none names a speaker."""
    text = [u for u in doc.utterances if u.kind == "text"]
    return (
        len(text) >= 3
        and not any(u.speaker for u in text)
        and sum(1 for u in text if has_recorder_stamp(u.raw)) >= ZH_TRANSCRIPT_SHARE * len(text)
    )


# A plain export of recognised speech, punctuated but naming nobody: this many lines at least,
# and this share of them replies (「好的，明天上午。」「收到收到。」「好，我来确认。」).
SPEECH_DUMP_MIN_LINES = 8
SPEECH_DUMP_REPLIES = 0.15


def _speech_dump(doc: MeetingDocument) -> bool:
    """Speech written down line by line without speakers or times. Written minutes state
    decisions and asks and do not answer them, so a good share of replies, with no heading,
    bullet or speaker anywhere, says the lines are turns of talk: read as speech by nobody
    named, so its closing recap is a recap and its replies confirm the asks before them."""
    if any(u.kind == "heading" for u in doc.utterances):
        return False
    text = [u for u in doc.utterances if u.kind == "text"]
    if len(text) < SPEECH_DUMP_MIN_LINES or any(u.speaker or u.bullet for u in text):
        return False
    return sum(1 for u in text if is_reply(u.text)) >= SPEECH_DUMP_REPLIES * len(text)


def _memo_turns(text: str) -> list[str]:
    """The sentences of a long line of unpunctuated speech (marks put back by ``segment``),
    each read as a turn of its own: the line rules let an ownerless sentence give way to an
    owned one in the same line, which in a paragraph of many turns loses every 「我…」."""
    if len(text) < MEMO_LINE:
        return [text]
    out: list[str] = []
    for m in re.finditer(r"[^。？！.?!]+(?:[。？！]+|[.?!]+(?:\s+|$))?", text):
        piece = m.group(0)
        if out and len(piece.strip("。？！，.?!, ")) < 4:
            out[-1] += piece  # 「好。」 「嗯。」 stay with the sentence before
        else:
            out.append(piece)
    return out or [text]


def _restore_marks(text: str, pipe: MinutesPipeline, lex: OrgLexicon) -> str:
    """``segment.restore`` with the zh pipeline's jieba tokens and the org's person names."""
    starts = [t.idx for t in pipe.zh.make_doc(text)]
    found = lex.find(text)
    names = {(m.start, m.end) for m in found if m.kind == "person"}
    ends = {*starts, len(text)}
    lead_end = segment.LEAD_IN.match(text).end()  # 「那个」 before a name at the start
    # The answer for each word asked, once: a run of fillers (「嗯嗯嗯…」) is all lead-in, and
    # asking the lexicon (a pinyin reading of the word) at each of its 20,000 characters
    # stalled a hostile upload for a minute.
    called: dict[str, bool] = {}
    # the first few characters too: jieba glues an answer to the name after it (行小陈)
    for i in sorted({*starts, *range(1, min(4, len(text)))}):
        # A given name alone (海涛) or an ASR spelling (李志远 for 黎志远) counts as a name only
        # where someone is called on, which a comma would show: ask the lexicon about the
        # words here as a call-out (「李志远，」) at the start of the line or when a call-out's
        # cue follows them.
        for n in (2, 3, 4):
            lead = i <= lead_end
            if i + n in ends and (lead or segment.CALLED_ON.match(text, i + n)):
                word = text[i : i + n]
                if word not in called:
                    called[word] = any(m.kind == "person" and (m.start, m.end) == (0, n)
                                       for m in lex.find(word + "，"))
                if called[word]:
                    names.add((i, i + n))
    # the longest reading wins: 李志远, not its given name 志远 inside it. In order of start
    # (the longer first), a span lies inside another exactly when one before it reaches as
    # far: one pass, where comparing every pair took 4 s on a line of 5,000 × 「小王你」.
    kept, reach = [], -1
    for a, b in sorted(names, key=lambda x: (x[0], -x[1])):
        if reach < b:
            kept.append((a, b))
        reach = max(reach, b)
    teams = [(m.start, m.end) for m in found if m.kind == "dept"]
    return segment.restore(text, starts, sorted(kept), teams)


# 「我江丽啊，…」, 「我是王德胜，…」: a speaker saying who speaks, at the start of the turn
_SELF_INTRO = re.compile(r"^[\s，,。嗯啊呃哦喂]*(?:那个[，,\s]*)?我(?:是|就是)?\s*")
_SELF_INTRO_END = re.compile(r"[啊呀哈啦嘛]?(?:[，,。：:\s]|$)")


def _self_named(text: str, lex: OrgLexicon) -> Mention | None:
    """The person a turn of nobody named (a dump's line, 说话人3, a room's microphone) says
    it is, in its first words: 「我江丽啊 夜班这边我今天晚上就…」. Only that turn is theirs;
    a dump's next line may be anyone's."""
    m = _SELF_INTRO.match(text)
    if m is None:
        return None
    # read from the name on, so that a misheard name (江丽 for 蒋丽) is heard as one called
    rest = text[m.end() :]
    name = next((x for x in lex.find(rest) if x.start == 0), None)
    if name is None or name.kind != "person" or not name.id:
        return None
    return name if _SELF_INTRO_END.match(rest, name.end) else None


def _unnamed_voice(
    label: str,
    text: str,
    turns: list[Turn],
    voices: dict[str, tuple[Mention, bool]],
    lex: OrgLexicon,
) -> Mention | None:
    """Who speaks under a label the export could not name (说话人4, a phone). A recogniser
    gives one voice one label for the whole file, so a speaker who said who they are
    (「我高峻，…」) keeps that name under the label; else the one the turn before called on
    answers (「王部长，…要不要报一下」 → 「要报，这个我来写」), and is still the one speaking
    when the label speaks again right after. A device's name (two phones are both 「iPhone」)
    keeps nothing. ``voices``: label → (person, said by themselves)."""
    sp = _self_named(text, lex)
    sticky = UNNAMED_SPEAKER.fullmatch(label) is not None
    if sp is not None:
        if sticky:
            voices[label] = (sp, True)
        return sp
    known = voices.get(label) if sticky else None
    if known is not None and known[1]:
        return known[0]
    sp = _called_speaker(turns, lex, label)
    if sp is not None:
        if sticky:
            voices[label] = (sp, False)
        return sp
    if known is not None and turns and turns[-1].utt.speaker == label:
        return known[0]
    return None


def _called_speaker(turns: list[Turn], lex: OrgLexicon, label: str | None = None
                    ) -> Mention | None:
    """The person the turn just before called on (「付晨，结构件那块你说一下」), by a named
    speaker or by another unnamed voice (说话人1 calling on 何欣, 说话人4 answering): the one
    answering is taken to be them when the export left their voice unnamed (说话人4). Only
    for that turn and the label's next ones in a row: the label may be someone else later."""
    prev = turns[-1] if turns else None
    if prev is None:
        return None
    if prev.speaker_id is None and not (
        prev.utt.speaker and label and prev.utt.speaker != label
        and UNNAMED_SPEAKER.fullmatch(prev.utt.speaker)
    ):
        return None
    # 「好。付晨，…」: the call after a word closing what was said before
    opened = re.sub(r"^[好行嗯对的啊，,。！!\s]+(?=\S)", "", prev.said)
    called = prev.called or called_on(opened, lex) or _floor_handed_last(prev.said, lex)
    if called is None:
        return None
    pid, name = called
    if pid == prev.speaker_id:
        return None
    return Mention(0, len(name), name, "person", pid)


# 「嗯 然后防冻 付涛你说」, 「…，海涛，你来讲一下吧。」: the floor handed on as the turn ends
_FLOOR_LAST = re.compile(
    r"^[\s，,]*你?(?:来|先)?(?:说|讲|介绍|汇报)(?:一下)?[吧啊]?[\s，,。！!]*$"
)


def _floor_handed_last(text: str, lex: OrgLexicon) -> tuple[str, str] | None:
    """(id, name) of the person a turn hands the floor to as it ends, after its topic (the
    one answering in the next turn is then them)."""
    tail_at = max(0, len(text) - 16)
    for m in reversed(lex.find(text[tail_at:])):
        if m.kind == "person" and m.id != "?" and _FLOOR_LAST.match(text[tail_at + m.end :]):
            rest = text[tail_at + m.end :]
            if "你" in rest:
                return m.id, m.text
    return None


def _listener_of(
    turns: list[Turn], speaker_id: str | None, current: tuple[str, str] | None
) -> tuple[str, str] | None:
    """Whom a speaker addresses: the person they called on in their own previous turn, else
    the previous speaker (a turn answers the one before it). Unknown outside transcripts."""
    if speaker_id is None:
        return None
    prev = next((t for t in reversed(turns) if t.speaker_id is not None), None)
    if prev is None:
        return None
    if prev.speaker_id == speaker_id:
        return prev.called or current
    return (prev.speaker_id, prev.utt.speaker or prev.speaker_id)


def _called_first(text: str, speaker_id: str | None, lex: OrgLexicon) -> tuple[str, str] | None:
    """The person a speaker's turn opens by calling on (「吴婷，新货架到了没有？你周五前…」):
    whom a bare 你 in a later sentence of the same turn means, not the one who spoke last."""
    called = called_on(text, lex) if speaker_id is not None else None
    return called if called is not None and called[0] != speaker_id else None


def _listener_spoke(
    turns: list[Turn], speaker_id: str | None, listener: tuple[str, str] | None,
    lex: OrgLexicon,
) -> bool:
    """Did the speaker name the listener in their turn before, and the listener answer with
    where things stand, asking and taking on nothing (「小王，盘点表呢？」 → 「初稿有了，还差
    两个仓的数」)? A dated ask naming nobody that follows is put to them. (Not after 「哪三个？」
    asked of nobody named: the writers read that ask as the room's until someone takes it.)"""
    if speaker_id is None or listener is None or len(turns) < 2:
        return False
    prev, before = turns[-1], turns[-2]
    return (
        prev.speaker_id == listener[0] != speaker_id
        and not prev.items
        and before.speaker_id == speaker_id
        and _names(before, listener[0], lex)
    )


# How many turns back a date counted from an event (「升级前一天」) looks for the event's day.
EVENT_REACH = 8


def _said_before(
    turns: list[Turn], meeting: dt.date
) -> tuple[tuple[str, tuple[dt.date, ...]], ...]:
    """The last ``EVENT_REACH`` turns' words with the days (from the meeting on) said in
    each, oldest first: where 「升级前一天」 or 「提前一天」 finds the day it counts from."""
    return tuple(
        (t.said, tuple(d.date for d in t.dates if d.date >= meeting))
        for t in turns[-EVENT_REACH:]
        if t.said
    )


def _named_before(turns: list[Turn], speaker_id: str | None, lex: OrgLexicon) -> bool:
    """Did the turn just before, by someone else, name the speaker and ask nothing of them
    (「药品这块，彭主任，…还是旧版」)? An answer to an ask is the dialogue pass's to fold."""
    prev = turns[-1] if turns else None
    return (
        speaker_id is not None
        and prev is not None
        and prev.speaker_id not in (None, speaker_id)
        and not prev.items
        and _names(prev, speaker_id, lex)
    )


def _names(turn: Turn, person_id: str, lex: OrgLexicon) -> bool:
    """Does this turn name the person (by any name the lexicon knows)?"""
    return any(m.id == person_id for m in lex.find(turn.said or turn.utt.text))


def _apply_detector(line: Doc, flagged: bool, text: str, ctx: LineContext, lex: OrgLexicon) -> None:
    """A turn of a transcript the detector reads: its verdict replaces the rules' (AMI dev
    through the scorer: rules alone F1 0.189, the detector's verdict 0.571, rules' items
    kept beside it 0.431), and a turn it marks that the rules passed over becomes an item
    with the rules' owner and date."""
    if not flagged:
        line._.action_items = []
    elif not line._.action_items and not about_the_call(text):
        line._.action_items = [
            detected_item(text, ctx, line._.org_mentions or [], line._.dates or [], lex,
                          is_english(text))
        ]


_WHEN_Q = re.compile(
    r"什么时候|啥时候|几号|哪天|多久|多长时间|\bwhen\b|\bhow\s+long\b|\bby\s+when\b", re.I
)


def _asked_when(turns: list[Turn], speaker_id: str | None) -> bool:
    """Did the previous turn, by someone else, ask when (「剩下的什么时候能完」)?"""
    if speaker_id is None or not turns:
        return False
    prev = turns[-1]
    return (
        prev.speaker_id is not None
        and prev.speaker_id != speaker_id
        and bool(_WHEN_Q.search(prev.utt.text))
    )


def _names_a_task(text: str) -> bool:
    """Text after "Name:" in an action list that is a task, not something Name said."""
    return not re.search(r"\bI\b|\bI'|我(?!们)", text)


class _Cues:
    """A file's utterances indexed by subtitle cue and by line, built once per file: the
    wrapped-cue lookups below run for every item of a subtitle file, and a scan of the whole
    file for each made a file of many cues and many items quadratic. The answers are those
    of the scans (in file order, lines compared as written), each now read from its cue's
    lines or found by bisection."""

    def __init__(self, utterances: list[Utterance]) -> None:
        # the lines of each cue, in file order (utterances without a line are in no scan)
        self.by_block: dict[int, list[Utterance]] = {}
        for x in utterances:
            if x.block is not None and x.line:
                self.by_block.setdefault(x.block, []).append(x)
        # the text lines in file order, and the highest line read up to each: the first of
        # them past line n is the first whose running highest is past n (file order need
        # not be line order for this to hold)
        self.text = [x for x in utterances if x.kind == "text" and x.line]
        self.reach = list(accumulate((x.line or 0 for x in self.text), max))

    def after(self, u: Utterance) -> list[Utterance]:
        """The lines of ``u``'s cue below it."""
        if not u.line:
            return []
        return [x for x in self.by_block.get(u.block, ()) if x.line and x.line > u.line]

    def before(self, u: Utterance) -> list[Utterance]:
        """The text lines of ``u``'s cue above it."""
        if not u.line:
            return []
        return [
            x for x in self.by_block.get(u.block, ())
            if x.line and x.line < u.line and x.kind == "text"
        ]

    def next_text(self, line: int) -> Utterance | None:
        """The first text line, in file order, below ``line``."""
        i = bisect_right(self.reach, line)
        return self.text[i] if i < len(self.text) else None


def _due_in_rest_of_cue(
    cues: _Cues, u: Utterance, meeting: dt.date, pipe: MinutesPipeline
) -> dt.date | None:
    """A subtitle cue wrapped over two lines: "…你来起草，" / "后天发我审。"."""
    rest = cues.after(u)
    nxt = _next_cue_of_sentence(cues, rest[-1] if rest else u)
    for x in rest + ([nxt] if nxt is not None else []):
        m = pick_due(find_dates(x.text, meeting, pipe.resources.calendar))
        if m is not None and m.weight >= 2:
            return m.date
    return None


_SENTENCE_END = re.compile(r"[。！？!?.…]\s*$")
_NEW_PARTY = re.compile(r"我|你|您")


def _next_cue_of_sentence(cues: _Cues, last: Utterance) -> Utterance | None:
    """The next subtitle cue when it goes on with the sentence ``last`` left unfinished
    (「彭刚，周转箱你跟于经理申请一下，」 / 「这周内要加两百个到位。」): a subtitle cuts a
    sentence by time, so the date may fall in the next cue. Only a cue with no speaker's name
    of its own that brings in nobody (no 我/你), after a line that ends at a comma or mid-word."""
    if last.block is None or last.line is None or _SENTENCE_END.search(last.text):
        return None
    nxt = cues.next_text(last.line)
    if nxt is None:
        return None
    if (
        nxt.block != last.block + 1
        or nxt.speaker != last.speaker
        or nxt.raw.strip() != nxt.text.strip()  # 「李四：…」: a turn of its own
        or _NEW_PARTY.search(nxt.text)
    ):
        return None
    return nxt


def _start_of_cue(cues: _Cues, u: Utterance) -> str:
    """A subtitle cue wrapped before the item's line: 「苏宁那边的套装报价，」 / 「我这边三天内
    报过去」 — the unfinished line before it names the task."""
    before = cues.before(u)
    if not before or not re.search(r"[，,、：:]\s*$", before[-1].text):
        return ""
    if not re.match(r"^\s*(?:我|你|他|她|这边|那边|I\b|we\b|you\b)", u.text, re.I):
        return ""  # the line names its own task (「…，」 / 「话术考核我周五前做完」)
    return "".join(x.text for x in before)


def _stem(filename: str) -> str:
    return re.sub(r"\.[^.]+$", "", filename.rsplit("/", 1)[-1])


def _display_name(label: str | None, mention: object | None) -> str | None:
    if not label:
        return None
    text = getattr(mention, "text", None)
    return text if text and text != label and len(text) < len(label) else label


_TITLE_PUNCT = re.compile(r"[。，,；;？?！!：:、]|\.\s*$|^\s*$")


def _title_line(doc: MeetingDocument) -> Utterance | None:
    """The line a transcript export opens with that names the meeting (「仓储部年底冲刺推进会
    （含冷库温控故障复盘）」), or None: the reader took it for the title, nobody says it, and
    speakers' turns follow. It names the meeting, so a department and a date in it are no ask
    (a note with no speakers keeps its first line as words)."""
    first = next((u for u in doc.utterances if u.kind not in ("blank", "header")), None)
    if (
        first is None
        or first.kind != "text"
        or first.speaker is not None
        or not doc.title
        or first.text.strip() != doc.title.strip()
        or re.search(r"[。！!？?]\s*$", first.text)
        or not any(u.speaker for u in doc.utterances if u.kind == "text")
    ):
        return None
    return first


def _title_like(u: Utterance, sender: str | None = None) -> bool:
    """A plain-text line that is a section title ("Action items", "四、决议").

    In an e-mail every line is the sender's, so the sender does not make a line speech."""
    spoken = u.speaker is not None and u.speaker != sender
    if u.kind != "text" or spoken or len(u.text) > 30 or _TITLE_PUNCT.search(u.text):
        return False
    return section_kind(u.text) is not None or bool(
        re.match(r"^[一二三四五六七八九十]+[、.．]", u.raw.strip())
    )


_NO_OWNER = re.compile(r"^[—\-–/]*$|^(?:无|暂无|待定|TBD|N/?A|none|-)$", re.I)


_CLOSED = re.compile(
    r"^(?:done|closed|complete[d]?|finished|cancel+ed|dropped|已完成|完成|已关闭|关闭|取消|已取消|"
    r"✅|☑|✔)",
    re.I,
)


def _table_candidate(
    cells: dict[str, str], meeting: dt.date, pipe: MinutesPipeline, lex: OrgLexicon
) -> Candidate | None:
    task = cells.get("task", "").strip()
    if not task or _CANCEL.search(task) or _CLOSED.match(cells.get("status", "").strip()):
        return None  # a row marked done or cancelled in a status column is not open work
    ids: list[str] = []
    names: list[str] = []
    dept: str | None = None
    for part in re.split(r"[、,，/;；&]|和|\band\b", cells.get("owner", "")):
        part = part.strip().lstrip("@")
        if not part or _NO_OWNER.match(part):
            continue
        m = lex.lookup(part) or next(iter(lex.find(part)), None)
        if m is None:
            names.append(part)
        elif m.kind == "person":
            if m.id not in ids:
                ids.append(m.id)
                names.append(part)
        elif dept is None:
            dept = m.id
    org = pipe.resources.org
    if ids:
        depts = {department_of(org, i) for i in ids}
        dept = depts.pop() if len(depts) == 1 else None
    elif dept is None:
        dm = [m for m in lex.find(cells.get("department", "")) if m.kind == "dept"]
        if len({m.id for m in dm}) == 1:
            dept = dm[0].id
    due_text = cells.get("due", "")
    due = (
        resolve_due(due_text, meeting, pipe.resources.calendar)
        if due_text
        else resolve_due(task, meeting, pipe.resources.calendar)
    )
    prio_text = cells.get("priority", "")
    if re.search(r"高|紧急|high|urgent|P0|P1", prio_text, re.I):
        priority = "high"
    elif re.search(r"低|low|P3", prio_text, re.I):
        priority = "low"
    else:
        both = f"{task} {due_text}"
        priority = "high" if _HIGH.search(both) else "low" if _LOW.search(both) else "normal"
    conf = 0.8 + (0.05 if ids or dept else 0) + (0.05 if due else 0)
    return Candidate(
        task=task,
        owners=ids,
        owner_names=names,
        department=dept,
        due=due,
        priority=priority,
        confidence=round(conf, 2),
        explicit=True,
    )


def _dedupe(
    found: list[tuple[Utterance, Candidate, str | None]],
) -> list[tuple[Utterance, Candidate]]:
    """A task stated in the discussion and again in the action list is kept once, in the list."""
    listed = [c for _, c, s in found if s == "action"]
    out = []
    for u, c, s in found:
        if s != "action" and listed:
            if re.search(r"见行动项|见待办|see action", c.task, re.I):
                continue
            if any(
                similarity(c.task, a.task) >= 0.5
                and (not c.owners or set(c.owners) & set(a.owners))
                for a in listed
            ):
                continue
        out.append((u, c))
    return out


def _to_item(u: Utterance, c: Candidate) -> ActionItem:
    return ActionItem(
        task=c.task,
        owners=c.owners,
        owner_names=c.owner_names,
        department=c.department,
        due=c.due,
        priority=c.priority,
        confidence=c.confidence,
        source=Source(line=u.line, text=u.raw.strip()),
    )
