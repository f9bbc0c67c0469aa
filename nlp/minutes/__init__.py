"""Meeting minutes → action items: a spaCy pipeline over the org directory.

Entry points: :func:`extract` (bytes + filename + org → ExtractionResult) and
:func:`load_pipeline` (cached per org, so the service does not rebuild it per request).
"""

import sys
import threading


def _import_spacy_without_torch() -> None:
    """Import spaCy without its optional PyTorch bridge (thinc imports torch when installed).

    Our pipeline is rules on blank zh/en models and never uses thinc's torch layers, and
    importing torch costs about two seconds of the three-second load budget. When torch is
    already loaded (the service's request classifier uses it), nothing changes.

    Hiding torch is a process-wide change of ``sys.modules``, so it is done only while this
    is the only thread: in ``dispatch serve`` the warm-up thread imports this package while
    a request thread may be importing torch for the routing model, which then failed
    ("None in sys.modules") and the first prediction after a start answered 500.
    """
    if "spacy" in sys.modules or "torch" in sys.modules or threading.active_count() > 1:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


_import_spacy_without_torch()

from nlp.minutes.extract import extract, extract_document, load_pipeline  # noqa: E402

__all__ = ["extract", "extract_document", "load_pipeline"]
