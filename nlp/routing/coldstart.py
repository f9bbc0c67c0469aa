"""What the org file alone says about each department, as pseudo-examples.

With no history this is the whole model (cold start); with history it stays in the
training set at a weight chosen by cross-validation, because on small histories the
org's own vocabulary (names, aliases, description phrases, keywords, and the titles and
skills of the people in the department) is worth more than a few dozen requests.
"""

from __future__ import annotations

import re

from models.org import Org

# Descriptions are lists of duties: split them into their items.
_CLAUSE = re.compile(r"[、，,。；;：:\n]|以及|及其|和|与|及|\band\b|\bor\b")
_LEAD = re.compile(
    r"^(负责|主要负责|承担|主管|分管|负责全院|负责院区|负责本单位|responsible for)\s*",
    re.IGNORECASE,
)


def description_items(text: str) -> list[str]:
    """The duty phrases of a description: split on list punctuation and conjunctions."""
    out = []
    for part in _CLAUSE.split(text or ""):
        part = _LEAD.sub("", part.strip()).strip()
        if len(part) >= 2:
            out.append(part)
    return out


def org_examples(org: Org) -> list[tuple[str, str]]:
    """(text, department id) pseudo-examples built from the org file, several per department.

    Each phrase is its own example (so a short request that says only 「报销」 finds it),
    plus one document per department joining everything (so longer requests find the
    department whose vocabulary they share most).
    """
    out: list[tuple[str, str]] = []
    for d in org.departments:
        phrases = [*d.names, *d.keywords, *description_items(d.description)]
        for p in org.members(d.id):
            if p.title:
                phrases.append(p.title)
            phrases.extend(p.skills)
        phrases = list(dict.fromkeys(x.strip() for x in phrases if x and x.strip()))
        out.extend((x, d.id) for x in phrases)
        profile = " ".join([d.name, d.description, *d.keywords, *d.aliases]).strip()
        out.append((profile, d.id))
    return out


def org_vocabulary(org: Org) -> list[str]:
    """Words jieba must keep whole: department names, aliases and keywords, staff skills."""
    words = []
    for d in org.departments:
        words.extend([*d.names, *d.keywords])
    for p in org.staff:
        words.extend(p.skills)
    return [w for w in dict.fromkeys(words) if 2 <= len(w) <= 12]
