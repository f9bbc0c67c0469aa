"""Text understanding: document readers, dates, the minutes pipeline, the request classifier.

jieba sets its own logger to DEBUG when first imported and then announces its dictionary
load on stderr; importing it here once, quietened, keeps the CLI's stderr and the server
log for what matters (logs must not drown a one-line error).
"""

import logging

import jieba

jieba.setLogLevel(logging.WARNING)
