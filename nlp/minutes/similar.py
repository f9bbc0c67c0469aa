"""How alike two task texts are, read the way the minutes scorer reads them.

One measure serves three readers: the evaluation pairs a found item with a gold one by it,
extraction keeps a task stated twice (discussion and action list) once by it, and the
ASR-dump reader asks by it whether a nameless reply names the thing an ask is about.
Character bigrams, because Chinese has no spaces and ASR text splits words anywhere.
"""

from __future__ import annotations


def bigrams(s: str) -> set[str]:
    """Case-folded character bigrams of the letters and digits of ``s`` (a one-character
    text is its own bigram, so it can still match itself)."""
    s = "".join(ch.lower() for ch in s if ch.isalnum())
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


def similarity(a: str, b: str) -> float:
    """Bigram overlap over the smaller set: the scorer's task-text similarity."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / max(1, min(len(x), len(y)))
