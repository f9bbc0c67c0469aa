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
