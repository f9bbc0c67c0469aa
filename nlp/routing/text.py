"""Text normalisation and tokenisation for routing: one analyser for Chinese and English.

Chinese has no spaces, so words come from jieba (with the org's own vocabulary added:
department names, aliases and keywords) and character n-grams catch what jieba splits
badly (typos such as 保销 for 报销, rare compounds). Latin-script words come out of jieba
as whole tokens, so English and mixed requests need no second path.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable

from nlp import MAX_RUN as MAX_RUN  # re-exported: the routing tests read it here
from nlp import pieces
from nlp.routing.senses import sense_tokens

RECENT_MAX = 4096  # segmentations a WordAnalyzer keeps (two blocks read each text)
_SPACE = re.compile(r"\s+")
# Tokens that carry no routing signal: punctuation, lone digits, very common particles.
_WORD_OK = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_DIGITS = re.compile(r"^[\d.:/_-]+$")
STOP_WORDS = frozenset(
    "的 了 是 在 我 我们 你 你们 他 她 它 和 与 及 或 也 都 就 还 吗 呢 吧 啊 呀 请 麻烦 一下 一个 "
    "这个 那个 有 没有 能 能不能 可以 怎么 什么 需要 要 想 给 把 被 让 对 从 到 等 a an the "
    "to of and or for in on at is are be was were it this that with please i we you my our "
    "can could would will hi hello dear".split()
)


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, one space for any run of whitespace."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


# jieba tokenizers by user-word list, shared by every analyzer of the process: building one
# reads jieba's dictionary (0.58 s and ~350,000 objects), and each newly published model
# version would otherwise build its own on its first prediction, inside the router's lock
# (under load at 50 users every submit of both servers waited 2-3 s when one was published).
_TOKENIZERS: dict[tuple[str, ...], object] = {}
_TOKENIZERS_MAX = 4  # organisations in one process: one, a few in tests
_TOKENIZERS_LOCK = threading.Lock()


def _shared_tokenizer(user_words: tuple[str, ...]):  # noqa: ANN202 - jieba has no types
    with _TOKENIZERS_LOCK:
        tok = _TOKENIZERS.get(user_words)
        if tok is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            for w in user_words:
                if " " not in w:
                    tok.add_word(w, freq=20000)
            if len(_TOKENIZERS) >= _TOKENIZERS_MAX:
                _TOKENIZERS.pop(next(iter(_TOKENIZERS)))
            _TOKENIZERS[user_words] = tok
        return tok


class WordAnalyzer:
    """Callable for TfidfVectorizer(analyzer=…): jieba words plus word bigrams.

    Uses a jieba.Tokenizer of its own word list (shared with every analyzer of the process
    that has the same list), so adding the org vocabulary never touches jieba's default
    dictionary; after unpickling the tokenizer is looked up again, lazily.
    """

    def __init__(self, user_words: Iterable[str] = (), bigrams: bool = True) -> None:
        self.user_words = sorted({normalise(w) for w in user_words if w and w.strip()})
        self.bigrams = bigrams
        self._tok = None
        # The word block and the sense block segment the same text one after the other:
        # keep the last few segmentations instead of running jieba twice.
        self._recent: dict[str, list[str]] = {}

    def __getstate__(self) -> dict:
        return {"user_words": self.user_words, "bigrams": self.bigrams}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["user_words"], state["bigrams"])

    def _tokenizer(self):  # noqa: ANN202 - jieba has no types
        if self._tok is None:
            self._tok = _shared_tokenizer(tuple(self.user_words))
        return self._tok

    def words(self, text: str) -> list[str]:
        """Content words of an already-normalised text, in order."""
        hit = self._recent.get(text)
        if hit is not None:
            return hit
        out = self._segment(text)
        if len(self._recent) >= RECENT_MAX:
            self._recent.clear()
        self._recent[text] = out
        return out

    def _segment(self, text: str) -> list[str]:
        out = []
        tok = self._tokenizer()
        for w in (w for piece in pieces(text) for w in tok.lcut(piece)):
            w = w.strip()
            if not w or w in STOP_WORDS or not _WORD_OK.search(w) or _DIGITS.match(w):
                continue
            out.append(w)
        return out

    def __call__(self, text: str) -> list[str]:
        ws = self.words(normalise(text))
        if self.bigrams and len(ws) > 1:
            return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)]
        return ws


class SenseAnalyzer:
    """Callable for TfidfVectorizer: the Cilin sense codes of a text's content words
    (see ``nlp.routing.senses``), sharing the word analyser's tokenizer and vocabulary."""

    def __init__(self, words: WordAnalyzer) -> None:
        self.words = words

    def __call__(self, text: str) -> list[str]:
        return sense_tokens(self.words.words(normalise(text)))
