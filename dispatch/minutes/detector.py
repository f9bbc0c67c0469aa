"""The learned English spoken detector, read from the file shipped with the package.

``dispatch/minutes/data/spoken_detector_en.json.gz`` holds coefficients and the IDF of word
n-grams (no transcripts), fitted on the AMI Meeting Corpus train split (CC BY 4.0; see
``dispatch/minutes/data/NOTICE.md``) by ``benchmarks/ami_eval.py --out …``. The file is
read once per process; ``nlp.minutes`` receives the detector as an argument and stays pure.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
from pathlib import Path

from nlp.minutes.spoken import SpokenDetector

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent / "data" / "spoken_detector_en.json.gz"


def read_detector(path: Path) -> SpokenDetector:
    """The detector stored at ``path``; ValueError/OSError when the file is not one."""
    return SpokenDetector.from_dict(json.loads(gzip.decompress(path.read_bytes())))


@functools.cache
def spoken_detector() -> SpokenDetector | None:
    """The shipped detector, or None (logged) when the file is missing or unreadable, so
    that extraction falls back to the rules instead of failing an upload."""
    try:
        return read_detector(MODEL_PATH)
    except (OSError, ValueError, KeyError) as e:
        log.warning("spoken detector %s not loaded (%s): English transcripts use the rules only",
                    MODEL_PATH, e)
        return None
