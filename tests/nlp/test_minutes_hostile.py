"""Hostile shapes an upload may carry (a careless export, or one made to stall the worker):
a run of 嗯 thousands long, one line of a name said again and again, a line of the org's
names with no mark between them, a line of commas. Each once cost far more than linear
time (the run of 嗯, a minute: jieba's HMM over the run, the lexicon asked at each of its
characters, a list searched at each token; 20,000 commas, over 300 s in the en tokenizer);
`benchmarks/minutes_hostile.py` measures the speed. Here: what is
read from such a file is still right, and jieba never sees a run longer than MAX_RUN.
"""

from __future__ import annotations

import jieba
import pytest
from spoken_own import items, own_org

from models.org import Org
from nlp import MAX_RUN

ASK = "赵峰：王晓，周五前把报表发我。\n"


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def _owner_due(got: list[dict]) -> list[tuple[list[str], str | None]]:
    return [(i["owners"], i["due"]) for i in got]


def test_a_name_called_on_after_thousands_of_fillers_gets_the_work(org: Org) -> None:
    """The whole run of 嗯 is the lead-in before a name called on (no mark anywhere)."""
    got = items(org, "孙敏：" + "嗯" * 3_000 + "王晓周五前把报表发我\n")
    assert _owner_due(got) == [(["wangxiao"], "2026-07-10")], got
    assert "报表" in got[0]["task"], got


def test_jieba_reads_a_long_run_in_pieces(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = jieba.cut

    def cut(text: str, *a: object, **kw: object):  # noqa: ANN202
        seen.append(len(text))
        return real(text, *a, **kw)

    monkeypatch.setattr(jieba, "cut", cut)
    got = items(org, "孙敏：" + "嗯" * 3_000 + "\n" + ASK)
    assert seen and max(seen) <= MAX_RUN
    assert _owner_due(got) == [(["wangxiao"], "2026-07-10")], got


def test_a_name_said_again_and_again_then_an_ask_is_one_item_for_them(org: Org) -> None:
    got = items(org, "赵峰：" + "小王你" * 1_000 + "周五前把报表发我。\n")
    assert _owner_due(got) == [(["wangxiao"], "2026-07-10")], got


def test_a_line_of_names_alone_asks_nothing(org: Org) -> None:
    names = "李芳陈杰王晓刘海涛吴婷孙敏郑磊周建国" * 200
    got = items(org, "赵峰：" + names + "\n" + ASK)
    assert _owner_due(got) == [(["wangxiao"], "2026-07-10")], got
    assert "报表" in got[0]["task"], got


def test_a_line_of_commas_alone_asks_nothing(org: Org) -> None:
    """A line with no Chinese goes to the en pipeline, whose tokenizer once stripped the
    commas one at a time from a chunk without spaces (over 300 s for 20,000)."""
    got = items(org, "赵峰：" + "，" * 5_000 + "\n" + ASK + "孙敏：" + "(00:00:05)" * 500 + "\n")
    assert _owner_due(got) == [(["wangxiao"], "2026-07-10")], got
