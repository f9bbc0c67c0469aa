"""Spoken phenomena left after the telecom, airport and apparel passes (issue 17, thirty-first
pass), each in a sentence of our own on the `spoken-own` org (no aliases), as any company's
meetings have them: what the speaker's side will do, then a step handed on in the same
sentence (「…我们也要盘点，我让吴婷明天出个盘点表」), is two items; a called-on name run into the
object that points back (「吴婷这个你自己弄吧」) gives the work to the one called.
"""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()


def test_our_own_work_then_a_step_handed_on_are_two_items(org: Org) -> None:
    got = items(org, "刘海涛：冷库那几排货架，月底前我们也要盘点，我让吴婷明天出个盘点表。\n")
    assert sorted((i["owners"], i["department"], i["due"]) for i in got) == [
        ([], "wh", "2026-07-31"),
        (["wuting"], "wh", "2026-07-09"),
    ], got
    # the topic said first is what "we" will count; the handed-on step names its own object
    ours = next(i for i in got if not i["owners"])
    assert "货架" in ours["task"], got
