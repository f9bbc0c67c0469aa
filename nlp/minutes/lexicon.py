"""People and departments of the org directory, found in text by name, alias or @handle.

One compiled pattern per org (built once, cached with the pipeline). Chinese names
match anywhere (no spaces in Chinese); Latin-script names match case-sensitively on
word boundaries, because "Will", "Joy", "Rain" or "Snow" are also ordinary words. A
Chinese name that is also a common word (高明, 白雪) counts as a person only where
the context says so (a speaker, an addressee, 请/由/和 X, X负责 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.org import Org
from nlp import word_frequencies

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Contexts in which an ambiguous name (also a common word) is a person.
_PERSON_BEFORE = re.compile(r"(?:请|由|让|叫|@|和|与|跟|给|找|、|同|向|问|告诉|^|[，,：:；;。\s])$")
_PERSON_AFTER = re.compile(
    r"^(?:[，,：:、。！？!?；;]|你|负责|牵头|来|去|在|于|把|和|与|跟|说|提|将|会|要|已|（|\(|$)"
)


UNKNOWN = "?"  # id of a name guessed without a directory
_LATIN_PAIR = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b")
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "慕容",
    "令狐",
    "皇甫",
    "司徒",
    "夏侯",
    "尉迟",
)
_GUESS_ZH = re.compile(
    r"(?:^|(?<=[由请让@和、，,。；;：:\s部组]))(?P<name>(?:小|老|阿)[\u4e00-\u9fff]|[\u4e00-\u9fff]{2,3}?)"
    r"(?=[，,：:、]|你|负责|牵头|来|去|在|于|把|和|与|据此)"
)
_GUESS_EN = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=,\s*(?:please|can you|could you)\b|"
    r"\s+(?:will|to\s+[a-z]+|and\s+I)\b|\s+[-–—]\s)"
)
_GUESS_HANDLE = re.compile(r"@(?P<name>[A-Za-z][\w.-]*[A-Za-z0-9])")


@dataclass(frozen=True)
class Mention:
    """A person or department named in a text, with its character span."""

    start: int
    end: int
    text: str
    kind: str  # "person" | "dept"
    id: str


@dataclass(frozen=True)
class _Entry:
    kind: str
    id: str
    ambiguous: bool


class OrgLexicon:
    """Name → person/department lookups for one org (or an empty directory)."""

    def __init__(self, org: Org | None) -> None:
        self.org = org
        self._entries: dict[str, _Entry] = {}
        self._folded: dict[str, _Entry] = {}
        if org is not None:
            freq = word_frequencies() if any(_CJK.search(p.name) for p in org.staff) else {}
            for d in org.departments:
                for n in d.names:
                    self._add(n, _Entry("dept", d.id, False))
            for p in org.staff:
                for n in p.names:
                    amb = bool(_CJK.fullmatch(n[:1]) and freq.get(n, 0) >= 100)
                    self._add(n, _Entry("person", p.id, amb))
                self._folded.setdefault(p.id.casefold(), _Entry("person", p.id, False))
        cjk = sorted((s for s in self._entries if _CJK.search(s)), key=len, reverse=True)
        latin = sorted((s for s in self._entries if not _CJK.search(s)), key=len, reverse=True)
        parts = []
        if cjk:
            parts.append("(?P<cjk>" + "|".join(map(re.escape, cjk)) + ")")
        if latin:
            parts.append(
                r"(?<![A-Za-z0-9_@])(?P<latin>"
                + "|".join(map(re.escape, latin))
                + r")(?![A-Za-z0-9_])"
            )
        parts.append(r"@(?P<handle>[A-Za-z][\w.-]*[A-Za-z0-9]|[\u4e00-\u9fff]{2,4})")
        self._rx = re.compile("|".join(parts))
        self._pinyin_rx: re.Pattern[str] | None = None
        self._pinyin_done = org is None

    def _ensure_pinyin(self) -> None:
        """Pinyin forms of Chinese names ("Li Hua", "Hua Li" for 李华), built on first need.

        English e-mails and notes write Chinese colleagues' names in pinyin even when the
        org file lists no such alias. Built lazily (pypinyin costs ~0.3 s to import) and
        only where unambiguous within the org and not already someone's alias.
        """
        if self._pinyin_done:
            return
        self._pinyin_done = True
        from pypinyin import lazy_pinyin

        found: dict[str, set[str]] = {}
        for p in self.org.staff if self.org is not None else []:
            if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p.name):
                continue
            cut = 2 if len(p.name) == 4 or p.name[:2] in _COMPOUND_SURNAMES else 1
            sur = "".join(lazy_pinyin(p.name[:cut])).capitalize()
            given = "".join(lazy_pinyin(p.name[cut:])).capitalize()
            for alias in (f"{sur} {given}", f"{given} {sur}"):
                found.setdefault(alias, set()).add(p.id)
        extra = {a: ids.pop() for a, ids in found.items() if len(ids) == 1}
        extra = {a: i for a, i in extra.items() if a.casefold() not in self._folded}
        for alias, pid in extra.items():
            self._folded[alias.casefold()] = _Entry("person", pid, False)
            self._entries[alias] = _Entry("person", pid, False)
        if extra:
            names = sorted(extra, key=len, reverse=True)
            self._pinyin_rx = re.compile(
                r"(?<![A-Za-z0-9_@])(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9_])"
            )

    def _add(self, surface: str, entry: _Entry) -> None:
        surface = surface.strip()
        if not surface or surface in self._entries:
            return
        self._entries[surface] = entry
        self._folded.setdefault(surface.casefold(), entry)

    @property
    def empty(self) -> bool:
        return self.org is None or not self._entries

    def lookup(self, name: str) -> Mention | None:
        """A whole string that is exactly a name or alias (any case), e.g. a speaker label."""
        key = name.strip().lstrip("@")
        e = self._entries.get(key) or self._folded.get(key.casefold())
        if e is None and not self._pinyin_done and _LATIN_PAIR.search(key):
            self._ensure_pinyin()
            e = self._folded.get(key.casefold())
        if e is None:
            return None
        return Mention(0, len(name), name, e.kind, e.id)

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, left to right, longest name first at each position.

        Without an org directory, names are guessed from how they are used (an addressee,
        由X负责, "Bob - task", @bob); they carry the id ``UNKNOWN`` and never become owners.
        """
        if self.org is None:
            return self._guess(text)
        if not self._pinyin_done and _LATIN_PAIR.search(text):
            self._ensure_pinyin()
        out: list[Mention] = []
        for m in self._rx.finditer(text):
            if m.group("handle"):
                e = self._folded.get(m.group("handle").casefold())
                if e is not None:
                    out.append(Mention(m.start(), m.end(), m.group(0), e.kind, e.id))
                continue
            surface = m.group(0)
            e = self._entries[surface]
            if e.ambiguous and not (
                _PERSON_BEFORE.search(text[max(0, m.start() - 2) : m.start()])
                and _PERSON_AFTER.match(text[m.end() : m.end() + 2])
            ):
                continue
            out.append(Mention(m.start(), m.end(), surface, e.kind, e.id))
        if self._pinyin_rx is not None:
            for m in self._pinyin_rx.finditer(text):
                if not any(o.start < m.end() and m.start() < o.end for o in out):
                    e = self._entries[m.group(0)]
                    out.append(Mention(m.start(), m.end(), m.group(0), e.kind, e.id))
            out.sort(key=lambda x: x.start)
        return out

    def _guess(self, text: str) -> list[Mention]:
        from nlp.readers import looks_like_speaker

        out: list[Mention] = []
        for rx in (_GUESS_ZH, _GUESS_EN, _GUESS_HANDLE):
            for m in rx.finditer(text):
                name = m.group("name")
                if looks_like_speaker(name) and not any(
                    o.start < m.end("name") and m.start("name") < o.end for o in out
                ):
                    start = m.start("name") - (1 if rx is _GUESS_HANDLE else 0)
                    out.append(
                        Mention(
                            start, m.end("name"), text[start : m.end("name")], "person", UNKNOWN
                        )
                    )
        return sorted(out, key=lambda x: x.start)

    def speaker(self, label: str | None) -> Mention | None:
        """Resolve a speaker label: an exact name, else the one person it names (Sean（刘鑫）)."""
        if not label:
            return None
        m = self.lookup(label)
        if m is not None and m.kind == "person":
            return m
        people = {x.id: x for x in self.find(label) if x.kind == "person"}
        if len(people) == 1:
            return next(iter(people.values()))
        return None


def department_of(org: Org | None, staff_id: str) -> str | None:
    if org is None or not org.has_person(staff_id):
        return None
    return org.person(staff_id).department
