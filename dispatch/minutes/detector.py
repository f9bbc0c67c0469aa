"""The learned spoken detectors, read from the files shipped with the package.

``dispatch/minutes/data/spoken_detector_en.json.gz`` holds coefficients and the IDF of word
n-grams (no transcripts), fitted on the AMI Meeting Corpus train split (CC BY 4.0; see
``dispatch/minutes/data/NOTICE.md``) by ``benchmarks/ami_eval.py --out …``.
``dispatch/minutes/data/spoken_detector_zh.json.gz`` holds the weights of the Chinese turn
detector (features with names masked, no transcripts), fitted on our own annotated Chinese
sets by ``benchmarks/zh_spoken_eval.py --out …``. Each file is read once per process;
``nlp.minutes`` receives the detectors as arguments and stays pure.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
from pathlib import Path

from nlp.minutes.spoken import SpokenDetector
from nlp.minutes.spoken_zh import ZhTurnDetector

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent / "data" / "spoken_detector_en.json.gz"
ZH_MODEL_PATH = Path(__file__).resolve().parent / "data" / "spoken_detector_zh.json.gz"


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


def read_zh_detector(path: Path) -> ZhTurnDetector:
    """The Chinese turn detector stored at ``path``; ValueError/OSError when it is not one."""
    return ZhTurnDetector.from_dict(json.loads(gzip.decompress(path.read_bytes())))


@functools.cache
def zh_detector() -> ZhTurnDetector | None:
    """The shipped Chinese turn detector, or None (logged) when the file is missing or
    unreadable: Chinese transcripts then use the rules only."""
    try:
        return read_zh_detector(ZH_MODEL_PATH)
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.warning("Chinese spoken detector %s not loaded (%s): Chinese transcripts use the "
                    "rules only", ZH_MODEL_PATH, e)
        return None
