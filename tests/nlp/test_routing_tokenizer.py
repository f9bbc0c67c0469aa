"""A newly published routing model must not rebuild jieba: the first prediction of each
new version read jieba's dictionary again (0.58 s), inside the router's lock, so every
submit of both servers waited when the worker's learn sweep published a version (the
2-3 s stall of the 50-user load run, docs/hardening.md)."""

from __future__ import annotations

import pickle

from nlp.routing.text import WordAnalyzer


def test_a_reloaded_analyzer_reuses_the_tokenizer_of_its_word_list() -> None:
    first = WordAnalyzer(["空压机", "滤芯"])
    assert "空压机" in first("空压机滤芯该换了")
    again = pickle.loads(pickle.dumps(first))  # what loading a new model version does
    assert again("空压机滤芯该换了") == first("空压机滤芯该换了")
    assert again._tokenizer() is first._tokenizer()


def test_another_word_list_gets_its_own_tokenizer() -> None:
    a, b = WordAnalyzer(["量具重复性"]), WordAnalyzer(["折旧年限"])
    assert a._tokenizer() is not b._tokenizer()
    assert "量具重复性" in a("MSA量具重复性分析谁来做")
    assert "量具重复性" not in b("MSA量具重复性分析谁来做")


# Texts a requester may send (the API refuses lone surrogates, issue 16 #15, and texts
# over MAX_TEXT_CHARS): control and format characters, mixed scripts, combining marks,
# full-width forms, characters outside the BMP, and long ones.
HOSTILE = ["空压机滤芯该换了", "a\x00b\x01c\x7f空压机\u200b滤芯\ufeff",
           "Please set up VPN账号 for контрактор مرحبا 안녕하세요 🚀🚀 发布会",
           "\u202e发布会\u202c主视觉", "e\u0301\u0301\u0301 ＶＰＮ账号 全角",
           "\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029空压机", "𠀀𠀁𪚥 空压机", "   ",
           "报" * 3000, "the printer on floor 3 is broken 打印机坏了，" * 100,
           "设计部" + "啊" * 1500 + "海报"]


def _long_run(n: int) -> str:
    """One run of a character jieba does not know as a word: the kind of text that goes
    to its HMM whole."""
    return "报" * n


def test_many_threads_on_two_versions_answer_as_one_thread_does() -> None:
    """Model versions of one word list share one tokenizer (and a retrain in the server
    builds analyzers of the same list while predictions run): threads segmenting at
    once, through two versions' word and sense analyzers, get what one thread gets."""
    import threading

    from nlp.routing.text import SenseAnalyzer

    words = ["空压机", "滤芯", "发布会", "主视觉", "VPN账号"]
    one = WordAnalyzer(words)
    two = pickle.loads(pickle.dumps(one))  # the next version, as the store loads it
    assert two._tokenizer() is one._tokenizer()
    expected = {t: (one(t), SenseAnalyzer(one)(t)) for t in HOSTILE}
    assert "空压机" in expected[HOSTILE[1]][0] and "vpn账号" in expected[HOSTILE[2]][0]
    assert expected["   "][0] == []
    fresh = [WordAnalyzer(words) for _ in range(8)]  # empty caches: every call segments
    errors: list[str] = []
    start = threading.Barrier(8)

    def work(i: int) -> None:
        start.wait()
        for k in range(3):
            for t in HOSTILE[i % 3::2] + HOSTILE[:i % 4]:
                a = (fresh[i], one, two)[(i + k) % 3]
                got = (a(t), SenseAnalyzer(a)(t))
                if got != expected[t]:
                    errors.append(f"thread {i}: {t[:20]!r}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_two_word_lists_built_at_once_get_a_tokenizer_each() -> None:
    import threading

    from nlp.routing.text import _shared_tokenizer

    lists = [("滤芯压差计", "喷枪"), ("模温机故障码", "注塑机")]
    got: list[tuple[int, object]] = []
    start = threading.Barrier(6)

    def build(i: int) -> None:
        start.wait()
        got.append((i % 2, WordAnalyzer(lists[i % 2])._tokenizer()))

    threads = [threading.Thread(target=build, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    by_list = {k: {id(tok) for j, tok in got if j == k} for k in (0, 1)}
    assert len(by_list[0]) == len(by_list[1]) == 1 and by_list[0] != by_list[1]
    assert _shared_tokenizer(tuple(sorted(lists[0]))) is WordAnalyzer(lists[0])._tokenizer()
    assert "滤芯压差计" in WordAnalyzer(lists[0])("滤芯压差计读数偏高")
    assert "滤芯压差计" not in WordAnalyzer(lists[1])("滤芯压差计读数偏高")


def test_a_long_run_reaches_jieba_in_pieces(monkeypatch) -> None:
    """Issue 16: jieba's HMM (the path of characters it has no word for) is quadratic in
    the length of such a run: 20,000 × 报, a text the API accepts, took 3.6-9 s of one core
    inside the router's lock (every submit of the process waited). The analyzer hands
    jieba pieces of at most MAX_RUN characters, cut where the text breaks when it can;
    a text of normal runs segments as before."""
    import jieba

    from nlp.routing.text import MAX_RUN

    seen: list[int] = []
    real = jieba.Tokenizer.lcut

    def lcut(self, text, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(len(text))
        return real(self, text, *a, **kw)

    monkeypatch.setattr(jieba.Tokenizer, "lcut", lcut)
    a = WordAnalyzer(["空压机"])
    out = a(_long_run(20_000))
    assert max(seen) <= MAX_RUN and sum(seen) == 20_000
    assert set(out) <= {"报", "报报", "报报 报报", "报 报报", "报报 报", "报 报"} and out
    text = "空压机滤芯该换了，" * 40  # 360 characters, runs of 8
    whole = _whole(text, ["空压机"])
    seen.clear()
    assert WordAnalyzer(["空压机"])(text) == whole
    assert max(seen) <= MAX_RUN


def _whole(text: str, words: list[str]) -> list[str]:
    """What the analyzer gives for ``text`` segmented by jieba in one call."""
    import re

    from nlp.routing.text import STOP_WORDS, _shared_tokenizer, normalise

    tok = _shared_tokenizer(tuple(sorted(words)))
    ws = [w.strip() for w in tok.lcut(normalise(text))]
    ws = [w for w in ws if w and w not in STOP_WORDS and re.search(r"[\w\u4e00-\u9fff]", w)
          and not re.match(r"^[\d.:/_-]+$", w)]
    return ws + [f"{x} {y}" for x, y in zip(ws, ws[1:], strict=False)]
