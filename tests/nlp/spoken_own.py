"""What the spoken tests written in our own sentences share: the spoken-own org (no aliases
at all, so every nickname is made up from the names) and one call extracted on a fixed
Wednesday (tests/nlp/test_minutes_spoken_{takers,receivers,gas,apparel,semi,airport}.py)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from models.org import Org, load_org
from nlp.minutes import extract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
MEETING = dt.date(2026, 7, 8)  # a Wednesday; Friday = 07-10, next Monday = 07-13


@cache
def own_org() -> Org:
    return load_org(FIXTURES / "spoken-own" / "org.yaml")


def items(org: Org, text: str, name: str = "call.txt") -> list[dict]:
    """The action items (contract form) of ``text`` uploaded as ``name``, held on MEETING."""
    return extract(text.encode(), name, org, MEETING).to_contract()["action_items"]
