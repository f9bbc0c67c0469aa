"""What the spoken tests written in our own sentences share: the spoken-own org (no aliases
at all, so every nickname is made up from the names) and one call extracted on a fixed
Wednesday (tests/nlp/test_minutes_spoken_{takers,receivers,gas,apparel,semi,airport}.py),
by the rules alone (``items``) or as the product runs it, with both shipped detectors
(``found``: the passes since auto14)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from dispatch.minutes.detector import spoken_detector, zh_detector
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


def found(org: Org, text: str, name: str = "call.txt", meeting: dt.date = MEETING) -> list[tuple]:
    """(line, owners, department, due) of each item of ``text`` as the product extracts it:
    rules and both shipped detectors, the meeting held on ``meeting``."""
    got = extract(text.encode(), name, org, meeting, spoken_detector=spoken_detector(),
                  zh_detector=zh_detector())
    return [(i["source"]["line"], i["owners"], i["department"], i["due"])
            for i in got.to_contract()["action_items"]]
