"""Who is Responsible, Accountable, Consulted and Informed, as a meeting line says it
(「周杰牵头，王芳配合，赵敏审批预算」 → R 周杰, C 王芳, A 赵敏). Pure: text and org in, roles out.

A person's role is the role word that follows their name within the same clause; a name
with no role word is not given one here (the caller decides: the extractor's owners are R).
"""

from __future__ import annotations

import re

from models.org import Org

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "R": ("牵头", "负责", "主责", "主导", "主办", "lead", "owns", "responsible"),
    "A": ("审批", "审核", "批准", "把关", "签字", "拍板", "approve", "approves", "sign off"),
    "C": ("配合", "协助", "协同", "支持", "参与", "提供意见", "support", "supports", "assist"),
    "I": ("知会", "抄送", "知悉", "周知", "informed", "cc"),
}
# a clause ends at these: a role word after them belongs to someone else
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n、]")
_WINDOW = 8  # characters after a name where its role word must start


def roles(text: str, org: Org) -> dict[str, list[str]]:
    """Letter → staff ids in the order they are named (each person once, first role wins)."""
    mentions: list[tuple[int, int, str]] = []
    for p in org.staff:
        for name in p.names:
            if len(name) < 2:
                continue
            for m in re.finditer(re.escape(name), text, flags=re.I):
                mentions.append((m.start(), m.end(), p.id))
    # the longest name at a position wins (「王芳」 inside 「王芳芳」 is not her)
    mentions.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: dict[str, list[str]] = {k: [] for k in ROLE_WORDS}
    seen: set[str] = set()
    last_end = -1
    for start, end, sid in mentions:
        if start < last_end:
            continue
        last_end = end
        after = text[end:end + _WINDOW + 12]
        stop = _CLAUSE_END.search(after)
        clause = (after[:stop.start()] if stop else after).lower()
        best: tuple[int, str] | None = None
        for letter, words in ROLE_WORDS.items():
            for w in words:
                i = clause.find(w)
                if 0 <= i <= _WINDOW and (best is None or i < best[0]):
                    best = (i, letter)
        if best is not None and sid not in seen:
            seen.add(sid)
            out[best[1]].append(sid)
    return out
