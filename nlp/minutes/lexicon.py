"""People and departments of the org directory, found in text by name, alias or @handle.

One compiled pattern per org (built once, cached with the pipeline). Chinese names
match anywhere (no spaces in Chinese); Latin-script names match case-sensitively on
word boundaries, because "Will", "Joy", "Rain" or "Snow" are also ordinary words. A
Chinese name that is also a common word (高明, 白雪) counts as a person only where
the context says so (a speaker, an addressee, 请/由/和 X, X负责 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from models.org import Org, Person
from nlp import word_frequencies

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Contexts in which an ambiguous name (also a common word) is a person.
_PERSON_BEFORE = re.compile(
    # (「那个海涛，你…」: the filler 那个 before a given name called on)
    r"(?:请|由|让|叫|@|和|与|跟|给|找|、|同|向|问|告诉|还有|另外|然后|要不|回头|麻烦|辛苦|拜托|那|"
    r"那个|^|[，,：:；;。\s])$"
)
_PERSON_AFTER = re.compile(
    r"^(?:[，,：:、。！？!?；;]|你|负责|牵头|来|去|在|于|把|和|与|跟|说|提|将|会|要|已|帮|那边|这边|"
    r"能|周|今天|明天|后天|这周|下周|本周|月底|年底|一起|一块|两个人|俩|（|\(|$)"
)
# Before a surname said alone in English: the start of a sentence ("…. Yang, please…").
_CALLED_ON_EN = re.compile(r"(?:.*[.!?;]\s+)?(?:(?:and|so|ok|okay|right|now)[,\s]+)?", re.I | re.S)
_ASKED_BEFORE = re.compile(r"(?:请|让|叫|麻烦|辛苦|拜托)$")
_ASKED_EN = re.compile(r"\b(?:ask|tell|have|get|let)\s+$", re.I)
_PRONOUNS_EN = frozenset("he she we it you they i me us him her them".split())
# After a given name in pinyin opening a sentence, words that make it the one who does the work:
# "Haitao will recount…", "Haitao from our warehouse team is going to…" (not "Haitao said…")
_DOER_AFTER_EN = re.compile(
    r"(?:\s+from\s+(?:our|the|my)\s+[a-z][\w&-]*(?:\s+[a-z][\w&-]*)?\s+(?:team|department|side)\s*,?)?"
    r"\s+(?:will|is\s+going\s+to)\b|'ll\b"
)


# After an ASR spelling of a name, only what follows a person being called on or given work
# (梧桐 is also a tree: "梧桐，你…" / "让梧桐来…", not "梧桐在…").
# In a dump of speech a pause is a space, kept where Latin letters follow (「孙梦亭 OQC那三批…」:
# the recogniser spaces Chinese from a code, so the pause was not read as a comma); the one
# spelling of that pause, which rules._NAME_PAUSE reads too.
PAUSE_BEFORE_CODE = r"[ \t\u3000]+(?=[A-Za-z0-9])"
_HOMOPHONE_AFTER = re.compile(
    r"^(?:[，,：:]|你|负责|牵头|来|去|把|先|和|与|啊|找|" + PAUSE_BEFORE_CODE + ")"
)

# 「我让秦海波这周把排班排出来」: after 让/请/叫 (someone asked to act) a misheard name may
# be followed by the day the work is due, with no pause.
_ASKED_FOR = re.compile(r"(?:让|请|叫)$")
_DAY_NEXT = re.compile(
    r"(?:今天|明天|后天|今晚|这周|本周|下周|周[一二三四五六日天]|月底|年底|尽快|马上)"
)


def _asked_then_day(text: str, i: int, j: int) -> bool:
    """Is text[i:j] said right after 让/请/叫 and right before a day (「我让秦海波这周…」)?
    Then it is someone asked to act, heard as a name like one called on."""
    return bool(_ASKED_FOR.search(text[max(0, i - 1) : i]) and _DAY_NEXT.match(text, j))


# English words for a department's people ("your logistics team", "the finance folks")
TEAM_WORDS_EN = r"(?:team|department|dept|side|folks|people|colleagues|guys)\b"
# a (lower-case) department before a word for its people: "your logistics team"
_TEAM_EN = re.compile(r"\b(?:([A-Za-z][\w&-]*)\s+)?([A-Za-z][\w&-]*)\s+" + TEAM_WORDS_EN)
# the second of two names called on together: "Leo and Ouyang, you two…"
_SECOND_CALLED_EN = re.compile(
    r"(?:^|[.!?;]\s+)(?:(?:and|so|ok|okay|right|now)[,\s]+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+and\s+$"
)
UNKNOWN = "?"  # id of a name guessed without a directory
# Title words of ``nicknames`` forms (王主任, 王经理, 王工, 王老师) as they appear in a title.
# Office titles of hospitals, schools and government bodies, said after a surname (范科, 冯部长,
# 唐护士长, 贺院): nobody lists them as aliases. A form that is also a word (文科, 全院, 何处) is
# frequent in the dictionary and counts only where a person is called on, like any nickname.
_OFFICE_TITLES = ("部长", "科长", "科", "处长", "处", "院长", "院", "护士长")
# Titles of a trade said after a surname (覃师傅 for a fitter or a driver, 苗会计 for the
# accountant, 苗主管 / 苗组长 / 苗班长 / 苗厂长 for who runs a shift, a team or a plant): how
# people on a shop floor or in an office are called, never listed as aliases.
_WORK_TITLES = ("师傅", "会计", "主管", "组长", "班长", "厂长")
# 王总: the 王 whose title has 总 (总监, 总经理)
_TITLE_FORMS = ("主任", "经理", "老师", "总", "部长", "科长", "处长", "院长", "护士长")
# Text that may name someone in pinyin: "Li Hua", or a name called on ("Yifei, please…")
_LATIN_PAIR = re.compile(
    r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b|(?:^|[.!?]\s+)[A-Z][a-z]+,|\b[A-Z][a-z]+\s+and\s+[A-Z][a-z]+,"
)
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
    fuzzy: bool = False  # matched by sound only (an ASR homophone of a staff name)


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
        self._shared: dict[str, tuple[str, ...]] = {}  # a shared name → everyone it may mean
        self._freq: dict[str, int] = {}
        self._alias_sounds: dict[tuple[str, ...], set[str]] = {}
        if org is not None:
            freq = word_frequencies() if any(_CJK.search(p.name) for p in org.staff) else {}
            self._freq = freq
            for d in org.departments:
                for n in d.names:
                    self._add(n, _Entry("dept", d.id, False))
            named: dict[str, set[str]] = {}
            for p in org.staff:
                named.setdefault(p.name, set()).add(p.id)
                for n in p.names:
                    amb = bool(_CJK.fullmatch(n[:1]) and freq.get(n, 0) >= 100)
                    self._add(n, _Entry("person", p.id, amb))
                self._folded.setdefault(p.id.casefold(), _Entry("person", p.id, False))
            # two people of the same name: the first listed unless the speaker settles it
            self._shared.update({n: tuple(sorted(i)) for n, i in named.items() if len(i) > 1})
            self._add_nicknames(org, freq)
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
        self._sounds: dict[int, list[tuple[tuple[str, ...], str, str]]] | None = None

    def _add_nicknames(self, org: Org, freq: dict[str, int]) -> None:
        """Forms colleagues use in speech that nobody lists as aliases (see :func:`nicknames`).

        A form that two people share (两个姓陈的 → 小陈) resolves to nobody: its mentions
        carry the id ``UNKNOWN`` so the item keeps the name in ``owner_names`` with owners
        []. A form that is also a common word (小时, 建国) or a bare given name counts only
        in a person context, like ambiguous names.
        """
        claims: dict[str, set[str]] = {}
        bare: set[str] = set()
        for p in org.staff:
            forms, given = nicknames(p.name)
            bare.update(given)
            first = re.fullmatch(r"([A-Z][a-z]+)(?:\s+[A-Z][\w'-]*)+", p.name)
            if first and first.group(1) not in _WORDLIKE_FIRST_NAMES:
                forms.append(first.group(1))  # "Alice" for Alice Chen
            for f in forms:
                claims.setdefault(f, set()).add(p.id)
        self._alias_sounds = _alias_sounds(org)
        for form, ids in claims.items():
            if form in self._entries:
                continue  # a listed name or alias always wins
            if self._sounds_like_alias(form, ids):
                continue  # 平姐 for 何建平 when 萍姐 is 黄翠萍's listed alias: the alias, misheard
            amb = form in bare or freq.get(form, 0) >= 100
            pid = next(iter(ids)) if len(ids) == 1 else UNKNOWN
            self._add(form, _Entry("person", pid, amb))
            if len(ids) > 1:
                self._shared[form] = tuple(sorted(ids))

    def _sounds_like_alias(self, form: str, ids: set[str]) -> bool:
        """Does a generated nickname sound like someone else's listed alias? Speech
        recognition writes 萍姐 (an alias the org file lists) as 平姐; that 何建平's made-up
        平姐 is meant is the lesser guess, so the form is left to the sound pass."""
        if not self._alias_sounds or not _CJK.fullmatch(form[:1]):
            return False
        from pypinyin import lazy_pinyin

        owners = self._alias_sounds.get(tuple(_near(x) for x in lazy_pinyin(form)), set())
        return bool(owners - ids)

    def resolve_shared(self, m: Mention, speaker_id: str | None, text: str = "") -> Mention:
        """A name or nickname two people share (王婷 twice, 小李, 老李, 陈主任), said by someone:
        the one whose title the form names (陈主任 → the 陈 who is a 主任), never the speaker,
        else the one whose skills the turn names (「会议纪要小王整理一下」), else the one in the
        speaker's own department (a head calling on 小李 means the 李 on their team).
        Unchanged (a shared nickname: nobody; a shared full name: the first listed) when that
        does not single out one person.

        Why: on the three companies' transcripts written for the Chinese detector
        (spoken-edu/food/gov, no rule tuned on them) such names were the commonest owner
        error, and their annotators resolved them this way."""
        ids = self._shared.get(m.text) if m.kind == "person" else None
        if not ids or self.org is None:
            return m
        people = [self.org.person(i) for i in ids if self.org.has_person(i)]
        title = next((t for t in _TITLE_FORMS if m.text.endswith(t)), None)
        if title is not None:
            titled = [p for p in people if p.title and title in p.title]
            if len(titled) == 1:
                return replace(m, id=titled[0].id)
        others = [p for p in people if p.id != speaker_id]
        if len(others) == 1 and m.id == UNKNOWN and speaker_id in ids:
            # 小李 said by 李芳 is another 李: nobody calls themselves by a nickname
            return replace(m, id=others[0].id)
        skilled = [p for p in others if any(len(k) >= 2 and k in text for k in p.skills)]
        if len(skilled) == 1:
            return replace(m, id=skilled[0].id)  # 「会议纪要小王整理一下」: the 王 who writes them
        if speaker_id is not None and self.org.has_person(speaker_id):
            mine = self.org.person(speaker_id).department
            same = [p for p in others if p.department == mine]
            if len(same) == 1:
                return replace(m, id=same[0].id)
        return m

    def of_department(self, m: Mention, dept_id: str) -> Mention:
        """A name two people share, said with a department (「课研的王婷」, a speaker label
        「王磊(工程)」): the one of them in that department; unchanged when none or both are."""
        ids = self._shared.get(m.text) if m.kind == "person" else None
        if not ids or self.org is None:
            return m
        same = [i for i in ids if self.org.has_person(i)
                and self.org.person(i).department == dept_id]
        return replace(m, id=same[0]) if len(same) == 1 else m

    def soundalike_in(self, m: Mention, dept_id: str) -> Mention:
        """A surname with a title (贺经理, 何总, 陈工), said with a department (「物流的贺经理」),
        naming someone of another department: the one person of the named department whose
        surname sounds the same, when there is exactly one (speech recognition writes a
        surname with any character of its sound: 贺 for 何). Unchanged otherwise.

        Why: a homophone of a department head's surname that is another colleague's real
        surname resolved to that colleague, and the item went to their department."""
        if self.org is None or m.kind != "person" or m.id == UNKNOWN:
            return m
        title = next((t for t in (*_TITLE_FORMS, "工") if m.text.endswith(t)), None)
        if title is None or not self.org.has_person(m.id):
            return m
        if self.org.person(m.id).department == dept_id:
            return m
        heard = m.text[: -len(title)]
        if not 1 <= len(heard) <= 2:
            return m
        sound = tuple(_near(s) for s in _common_readings(heard))
        same = []
        for p in self.org.staff:
            parts = split_name(p.name)
            if p.department == dept_id and parts and len(parts[0]) == len(heard) and tuple(
                _near(s) for s in _common_readings(parts[0])
            ) == sound:
                same.append(p.id)
        return replace(m, id=same[0], fuzzy=True) if len(same) == 1 else m

    def qualify_shared(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Each shared name right after a department (「财务的王静」, 「课研王婷」) is the one
        in that department."""
        out = list(mentions)
        for k, m in enumerate(out):
            if k and out[k - 1].kind == "dept" and m.kind == "person" and re.fullmatch(
                r"(?:的|部的|这边的|那边的)?", text[out[k - 1].end : m.start]
            ):
                out[k] = self.soundalike_in(self.of_department(m, out[k - 1].id), out[k - 1].id)
            elif (
                m.kind == "person"
                and k + 1 < len(out)
                and out[k + 1].kind == "dept"
                and re.fullmatch(r"[^。！？!?；;]{0,30}你们", text[m.end : out[k + 1].start])
            ):
                # 「老黄，腊月二十六之后的停产安排你们生产出一个方案」: the 黄 of 生产
                out[k] = self.of_department(m, out[k + 1].id)
        return out

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
            # "Lao Zhou" said in English; "Yang, please…" (a surname alone: only when called on)
            # "Yifei, please send out the notes" (a given name alone, called on)
            # "Lin, send them…" for 曹琳: a one-syllable given name too, only when called on
            alone = (given,)
            for alias in (f"{sur} {given}", f"{given} {sur}", f"Lao {sur}", f"Xiao {sur}", sur,
                          *alone):
                found.setdefault(alias, set()).add(p.id)
        extra = {a: ids.pop() for a, ids in found.items() if len(ids) == 1}
        extra = {a: i for a, i in extra.items() if a.casefold() not in self._folded}
        for alias, pid in extra.items():
            entry = _Entry("person", pid, " " not in alias)
            self._folded[alias.casefold()] = entry
            self._entries[alias] = entry
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
            before = text[max(0, m.start() - 2) : m.start()]
            if e.ambiguous and not (
                # 「让海涛整理」: asking someone to do a thing names a person whatever follows
                _ASKED_BEFORE.search(before)
                or _PERSON_BEFORE.search(before)
                and _PERSON_AFTER.match(text[m.end() : m.end() + 2])
            ):
                continue
            out.append(Mention(m.start(), m.end(), surface, e.kind, e.id))
        if self._pinyin_rx is not None:
            for m in self._pinyin_rx.finditer(text):
                if not any(o.start < m.end() and m.start() < o.end for o in out):
                    e = self._entries[m.group(0)]
                    asked = _ASKED_EN.search(text[: m.start()]) and re.match(
                        r"\s+to\s+[a-z]", text[m.end() :]
                    )  # "I'll ask Yonggang to book…"
                    w0 = max(0, m.start() - 40)  # \x00: a window not at the text's start
                    called = _CALLED_ON_EN.fullmatch(text[: m.start()]) or _SECOND_CALLED_EN.search(
                        ("" if w0 == 0 else "\x00") + text[w0 : m.start()]
                    )
                    doer = (  # "Haitao will…", not "He'll…" (the pronoun, not 何)
                        called
                        and m.group(0).casefold() not in _PRONOUNS_EN
                        and _DOER_AFTER_EN.match(text, m.end())
                    )
                    if not asked and not doer and (
                        e.ambiguous and not called or (
                            e.ambiguous and not re.match(r"\s*,", text[m.end() :])
                        )
                    ):
                        continue
                    out.append(Mention(m.start(), m.end(), m.group(0), e.kind, e.id))
            out.sort(key=lambda x: x.start)
        if _TEAM_EN.search(text):
            out = self._teams_en(text, out)
        if _CJK.search(text):
            out = self._homophones(text, out)
            out = self._surname_before_nickname(text, out)
        return out

    def _surname_before_nickname(self, text: str, found: list[Mention]) -> list[Mention]:
        """「范小东」 for 范晓东: speech recognition writes 晓 as 小, and 小东 is then read
        as the nickname, leaving 范 outside; the person's own surname just before a 小X
        nickname of theirs belongs to the name (so 「我让范小东去…」 is 让 + a name)."""
        if self.org is None:
            return found
        out = []
        for m in found:
            if m.kind == "person" and m.text.startswith("小") and m.start > 0:
                try:
                    parts = split_name(self.org.person(m.id).name)
                except KeyError:
                    parts = None
                sur = parts[0] if parts else ""
                if sur and text[max(0, m.start - len(sur)) : m.start] == sur and not any(
                    o.end > m.start - len(sur) and o.start < m.start for o in found
                ):
                    m = Mention(m.start - len(sur), m.end, sur + m.text, m.kind, m.id, m.fuzzy)
            out.append(m)
        return out

    def _teams_en(self, text: str, found: list[Mention]) -> list[Mention]:
        """A department written in lower case before a word for its people ("your logistics
        team", "the finance folks"): speech transcripts do not capitalise it, and followed
        by team/department it names the department, not the activity."""
        folded = {k.casefold(): e for k, e in self._entries.items()
                  if e.kind == "dept" and not _CJK.search(k)}
        extra = []
        for m in _TEAM_EN.finditer(text):
            for start in (m.start(1), m.start(2)):
                if start < 0:
                    continue
                e = folded.get(text[start : m.end(2)].casefold())
                if e is not None and not any(o.start < m.end(2) and start < o.end for o in found):
                    extra.append(Mention(start, m.end(2), text[start : m.end(2)], "dept", e.id))
                    break
        return sorted([*found, *extra], key=lambda x: x.start) if extra else found

    def _sound_index(self) -> dict[int, list[tuple[tuple[str, ...], str, str]]]:
        """(toneless pinyin, id, form) of every Chinese staff name (read in context) and of
        the nicknames only one person has (陆总, 彭哥, 思雨, 小莫 heard as 小墨; 小时 and 老师,
        which sound like 小石 and 老施, are words and never heard as names), by length."""
        if self._sounds is None:
            from pypinyin import lazy_pinyin

            self._sounds = {}
            forms: dict[str, set[str]] = {}
            surname: dict[str, str] = {}  # form → the surname of whose form it is
            for p in self.org.staff if self.org is not None else []:
                if parts := split_name(p.name):
                    for f in (p.name, *nicknames(p.name)[0]):
                        forms.setdefault(f, set()).add(p.id)
                        surname[f] = parts[0]
            for form, ids in forms.items():
                if form not in self._entries and self._sounds_like_alias(form, ids):
                    continue
                if len(ids) == 1 and (form in self._entries or self._freq.get(form, 0) < 100):
                    pid = ids.pop()
                    for py in _surname_readings(form, lazy_pinyin(form), surname[form]):
                        self._sounds.setdefault(len(form), []).append((py, pid, form))
        return self._sounds

    def _homophones(self, text: str, found: list[Mention]) -> list[Mention]:
        """ASR spellings of a staff name ("王霄" for 王晓): the same toneless pinyin (any
        reading of each character: 长 is zhang or chang), at least one character in common,
        right where a person is called on or given work, and not a name of its own.

        A low-confidence fallback (the mention is ``fuzzy``): speech recognition writes a
        name it does not know with whatever characters sound right.
        """
        index = self._sound_index()
        if not index:
            return found
        taken = bytearray(len(text))  # characters already part of a mention
        for m in found:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        extra: list[Mention] = []
        for run in re.finditer(r"[\u4e00-\u9fff]{2,}", text):
            for size, names in index.items():
                for i in range(run.start(), run.end() - size + 1):
                    j = i + size
                    cand = text[i:j]
                    if not (
                        _HOMOPHONE_AFTER.match(text[j : j + 2])
                        and (
                            _PERSON_BEFORE.search(text[max(0, i - 2) : i])
                            or text[max(0, i - 2) : i] in ("，那", "那")  # 「那鹏哥你那边」
                        )
                    ) and not _asked_then_day(text, i, j):
                        continue  # checked first: it rules out nearly every position
                    if any(taken[i:j]) or cand in self._entries:
                        continue
                    if self._freq.get(cand, 0) >= 100:
                        continue  # a word (老师, 时间), not a name misheard
                    # the common reading first (路 is lu before luo: 路总 is 陆总, not 罗总)
                    hits = set()
                    for heard in (
                        [{_near(r)} for r in _common_readings(cand)],
                        [{_near(r) for r in _readings(ch)} for ch in cand],
                    ):
                        hits = {
                            (pid, form)
                            for py, pid, form in names
                            if all(syl in r for syl, r in zip(py, heard, strict=True))
                        }
                        if hits:
                            break
                    if len({pid for pid, _ in hits}) != 1:
                        continue
                    pid = next(iter(hits))[0]
                    if not any(set(form) & set(cand) for _, form in hits):
                        continue
                    extra.append(Mention(i, j, cand, "person", pid, fuzzy=True))
                    taken[i:j] = b"\x01" * size
        return sorted([*found, *extra], key=lambda x: x.start) if extra else found

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
        found = self.find(label)
        people = {x.id: x for x in found if x.kind == "person"}
        if len(people) == 1:
            who = next(iter(people.values()))
            depts = [x.id for x in found if x.kind == "dept"]
            # 「王磊(工程)」 when two 王磊 work here
            return self.of_department(who, depts[0]) if len(depts) == 1 else who
        return None


# First names that are also ordinary capitalised words at the start of a sentence.
_WORDLIKE_FIRST_NAMES = frozenset(
    "Will May June April August Grace Joy Rain Snow Mark Bill Pat Sue Rose Faith Hope Frank "
    "Jack Art Drew Gene Miles Chase Summer Dawn Rich Ray Sky Sunny Lee Max Don Guy Ben".split()
)
_READINGS: dict[str, frozenset[str]] = {}


def _alias_sounds(org: Org) -> dict[tuple[str, ...], set[str]]:
    """Toneless sound → ids of the Chinese aliases of two characters the org file lists
    (萍姐, 王厂); empty without such aliases (and then pypinyin is not loaded)."""
    listed = [(a, p.id) for p in org.staff for a in p.aliases
              if len(a) == 2 and _CJK.fullmatch(a[0]) and _CJK.fullmatch(a[1])]
    if not listed:
        return {}
    from pypinyin import lazy_pinyin

    out: dict[tuple[str, ...], set[str]] = {}
    for alias, pid in listed:
        out.setdefault(tuple(_near(x) for x in lazy_pinyin(alias)), set()).add(pid)
    return out


# The reading a character has as a surname where pypinyin, reading words, gives another
# (覃 tan → qin, 单 dan → shan, 解 jie → xie, 区 qu → ou …): the common list of such surnames.
_SURNAME_READING = {
    "覃": "qin", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "曾": "zeng", "乐": "yue", "盖": "ge", "缪": "miao", "尉": "yu", "召": "shao", "员": "yun",
    "种": "chong", "折": "she", "秘": "bi", "句": "gou", "隗": "wei", "翟": "zhai", "祭": "zhai",
    "宿": "su", "阚": "kan", "佴": "nai", "冼": "xian", "牟": "mu", "乜": "nie", "繁": "po",
    "柏": "bai", "纪": "ji", "任": "ren", "燕": "yan",
}


def _surname_readings(form: str, common: list[str], surname: str) -> list[tuple[str, ...]]:
    """The sounds of a name form: its common reading, and, when its surname is read otherwise
    as a surname, that reading too (覃 is tan as a word, qin as a surname: a recogniser writes
    秦海波 for 覃海波). Why: pypinyin reads a name as words."""
    base = tuple(_near(x) for x in common)
    k = form.find(surname)
    said = _SURNAME_READING.get(surname)
    if said is None or k < 0 or len(common) != len(form) or _near(said) == base[k]:
        return [base]
    return [base, (*base[:k], _near(said), *base[k + 1 :])]


def _readings(ch: str) -> frozenset[str]:
    """Every toneless pinyin reading of one character (cached)."""
    r = _READINGS.get(ch)
    if r is None:
        from pypinyin import Style, pinyin

        r = _READINGS[ch] = frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
    return r


def _common_readings(text: str) -> list[str]:
    """The toneless pinyin of each character as most often read."""
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(text)
    return out if len(out) == len(text) else [next(iter(_readings(ch))) for ch in text]


def _near(syllable: str) -> str:
    """A toneless syllable as speech recognition may confuse it: flat and curled tongue
    (si/shi, zi/zhi, ci/chi), n/l, and -in/-ing, -en/-eng (诗雨 heard for 思雨)."""
    s = re.sub(r"^([zcs])h", r"\1", syllable)
    s = re.sub(r"^n(?=[aeiou])", "l", s)
    return re.sub(r"(?<=[ie])ng$", "n", s)


def split_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) of a 2-4 character Chinese name; None for other names."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return None
    cut = 2 if len(name) == 4 or name[:2] in _COMPOUND_SURNAMES else 1
    return name[:cut], name[cut:]


def nicknames(name: str) -> tuple[list[str], list[str]]:
    """Spoken forms of a Chinese name, and which of them are a bare given name.

    王晓 → 小王 老王 王总 王工 王姐 王哥 王老师 王经理 王主任 王部长 王科 王院… 王师傅 王会计
    晓晓 小晓 阿晓 晓儿 晓姐 晓哥 晓子;
    刘海涛 → … 海涛 涛儿 涛哥 涛姐 涛涛 阿涛 小涛 (the given name alone is the bare form);
    欧阳明 → … 欧阳 (a compound surname alone).
    """
    parts = split_name(name)
    if parts is None:
        return [], []
    sur, given = parts
    forms = [f"小{sur}", f"老{sur}"]
    forms += [f"{sur}{t}" for t in ("总", "工", "姐", "哥", "老师", "经理", "主任")]
    forms += [f"{sur}{t}" for t in _OFFICE_TITLES]
    forms += [f"{sur}{t}" for t in _WORK_TITLES]
    if len(sur) == 2 and len(name) == 3:
        forms.append(sur)  # 欧阳明 → 欧阳: a two-character surname alone is how he is called
    last = given[-1]
    forms += [last * 2, f"小{last}", f"阿{last}", f"{last}姐", f"{last}哥", f"{last}子"]
    bare: list[str] = []
    if len(given) == 1:
        forms.append(f"{given}儿")
    else:
        forms += [given, f"{last}儿"]  # 付晓婉 → 晓婉, 婉儿
        bare.append(given)
    return forms, bare


def person_of(org: Org | None, staff_id: str | None) -> Person | None:
    """The org file's person of an id (None for nobody, or an id the file does not hold:
    a speaker the org file lacks)."""
    if org is None or staff_id is None or not org.has_person(staff_id):
        return None
    return org.person(staff_id)


def department_of(org: Org | None, staff_id: str | None) -> str | None:
    person = person_of(org, staff_id)
    return person.department if person is not None else None


def name_of(org: Org | None, staff_id: str | None) -> str | None:
    person = person_of(org, staff_id)
    return person.name if person is not None else None
