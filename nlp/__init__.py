"""Text understanding: document readers, dates, the minutes pipeline, the request classifier.

jieba sets its own logger to DEBUG when first imported and then announces its dictionary
load on stderr; importing it here once, quietened, keeps the CLI's stderr and the server
log for what matters (logs must not drown a one-line error).
"""

import logging
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
