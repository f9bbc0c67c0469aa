"""Text understanding: document readers, dates, the minutes pipeline, the request classifier.

jieba sets its own logger to DEBUG when first imported and then announces its dictionary
load on stderr; importing it here once, quietened, keeps the CLI's stderr and the server
log for what matters (logs must not drown a one-line error).
"""

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """jieba's dictionary counts (word → frequency), loaded once per process: how common a
    word is tells a person's name from an ordinary word (minutes) and the usual Chinese
    word for an English one from a rare synonym (routing glosses)."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


# jieba's HMM (the path of characters it has no word for) keeps a path per state and copies
# it at every character: quadratic in the length of such a run. 20,000 × 报 (a text the API
# accepts) took 3.6-9 s of a busy core, inside the router's lock; 20,000 × 嗯 in an uploaded
# transcript, 5 s of the minutes extractor's. No word is near this long: routing and the
# minutes pipeline both hand jieba pieces.
MAX_RUN = 200
# a character that ends jieba's blocks (the complement of its re_han_default): jieba
# segments the runs between two of them apart, so a cut after one changes nothing
_BREAK = re.compile(r"[^\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]")


def pieces(text: str, size: int = MAX_RUN) -> list[str]:
    """``text`` in pieces of at most ``size`` characters for jieba, each cut after the
    last break (space, punctuation, anything that ends a jieba block) in its second half
    when there is one, so that only a run longer than ``size`` segments differently."""
    out, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for m in _BREAK.finditer(text, start + size // 2, end):
            cut = m.end()
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out
