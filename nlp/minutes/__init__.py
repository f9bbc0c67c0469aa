"""Meeting minutes → action items: a spaCy pipeline over the org directory.

Entry points: :func:`extract` (bytes + filename + org → ExtractionResult) and
:func:`load_pipeline` (cached per org, so the service does not rebuild it per request).
"""

from nlp.minutes.extract import extract, extract_document, load_pipeline

__all__ = ["extract", "extract_document", "load_pipeline"]
