"""The learned spoken detector: its pure parts, the shipped model file, and where the product
uses it. (Its quality is measured on AMI by benchmarks/ami_eval.py and `dispatch minutes eval`
on ../shared/data/public/ami/test, not here: the corpus is not in the repository.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from dispatch.minutes.detector import MODEL_PATH, read_detector, spoken_detector
from models.org import load_org
from nlp.minutes import extract
from nlp.minutes.spoken import (
    SpokenDetector,
    Utterance,
    best_threshold,
    context_features,
    f1_scores,
    neighbour_mean,
    ngrams,
    train_detector,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
LINES = [
    ("PM Amy", "Okay, let's start with the functional design."),
    ("ID Bob", "I looked at the buttons."),
    ("PM Amy", "Right."),
    ("UI Cat", "So for next meeting I'll prepare the interface mock-up."),
    ("PM Amy", "And you will send the minutes to everyone."),
]


def test_context_view_is_the_mean_of_the_neighbours_without_the_utterance() -> None:
    v = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    got = neighbour_mean(v, 1)
    assert got.tolist() == [2.0, 2.0, 3.0, 4.0, 4.0]
    utts = [Utterance(s, t) for s, t in LINES]
    x = context_features(utts, window=1)
    assert x.shape[0] == len(utts)
    assert x[0, -1] == 1.0 and x[1, -1] == 0.0  # the chair (most turns) is marked


def test_pure_scores_equal_the_fitted_models_own() -> None:
    """The detector scores without sklearn; it must give what the fitted model gives."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    utts = [Utterance(s, t) for s, t in LINES] * 8
    y = np.zeros(len(utts), dtype=np.int64)
    y[3::5] = 1
    det = train_detector([utts], [y], window=2, c=1.0)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=det.vocabulary)
    vec.idf_ = det.idf
    x = vec.transform([u.text for u in utts])
    dense = (context_features(utts, 2) - det.dense_mean) / det.dense_scale
    z = x @ det.w_word + neighbour_mean(x @ det.w_context, 2) + dense @ det.w_dense
    want = 1 / (1 + np.exp(-(z + det.intercept)))
    assert np.allclose(det.scores(utts), want, atol=1e-12)
    again = SpokenDetector.from_dict(det.to_dict())
    assert np.allclose(again.scores(utts), det.scores(utts), atol=1e-5)
    assert ngrams("I'll send it") == ["ll", "send", "it", "ll send", "send it"]


def test_best_threshold_is_the_f1_best_cut() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    y = np.array([1, 0, 1, 0, 0])
    cut, f1 = best_threshold(scores, y)
    assert 0.2 < cut < 0.7
    assert abs(f1 - 0.8) < 1e-9
    assert f1_scores(scores >= cut, y) == (2 / 3, 1.0, 0.8)


def test_the_shipped_model_loads_and_ranks_a_commitment_above_chatter() -> None:
    det = spoken_detector()
    assert det is not None, f"{MODEL_PATH} missing or unreadable"
    assert len(det.vocabulary) > 10_000 and 0 < det.threshold < 1
    meeting = [Utterance("PM Amy" if i % 3 else "ID Bob", "Yeah, mm-hmm, that's right.")
               for i in range(60)]
    meeting[50] = Utterance("PM Amy", "So for the next meeting you will work on the "
                                      "button design and send it to me.")
    s = det.scores(meeting)
    assert int(np.argmax(s)) == 50 and bool(s[50] >= det.threshold)


def test_a_file_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    import gzip

    bad = tmp_path / "m.json.gz"
    bad.write_bytes(gzip.compress(b'{"format": "something-else"}'))
    with pytest.raises(ValueError, match="not a dispatch-spoken-detector"):
        read_detector(bad)


def _long_call(n: int) -> str:
    rows = []
    for i in range(n):
        who = ("Ana", "Ben", "Cho")[i % 3]
        rows.append(f"{who}: Yeah, I think the, uh, the colour works for me, mm-hmm.")
    rows[n - 6] = "Ana: So Ben, you will draw the new remote control shape for next meeting."
    return "\n".join(rows) + "\n"


def test_only_long_english_transcripts_are_read_by_the_detector() -> None:
    org = load_org(FIXTURES / "spoken-own" / "org.yaml")
    det = spoken_detector()
    day = dt.date(2026, 7, 8)
    # a short English call: the rules read it, with or without the detector
    short = (FIXTURES / "spoken-heldout" / "s11_us_launch_call_en.txt").read_bytes()
    assert (extract(short, "c.txt", org, day, spoken_detector=det).to_contract()
            == extract(short, "c.txt", org, day).to_contract())
    # Chinese transcripts too
    zh = (FIXTURES / "spoken-own" / "gold.json").parent
    for p in sorted(zh.glob("*.txt"))[:2]:
        data = p.read_bytes()
        assert (extract(data, p.name, org, day, spoken_detector=det).to_contract()
                == extract(data, p.name, org, day).to_contract())
    # a long one: the detector's verdict, one item on the commitment's line
    long = _long_call(120).encode()
    got = extract(long, "call.txt", None, day, spoken_detector=det).to_contract()["action_items"]
    assert [i["source"]["line"] for i in got] == [115]


def test_talk_about_joining_the_call_or_its_agenda_is_no_item_whatever_the_detector_says() -> None:
    """The detector marks turns by their words; a late joiner's apology, a check of the line
    and the chair's agenda speak of the meeting itself, and the rules find no work in them."""
    day = dt.date(2026, 7, 8)
    said = [
        "Cho: Hello all, apologies, I'm late, my laptop froze — can you hear me now?",
        "Ana: Right, so, um, today we go through the billing migration, the test plan and "
        "the cut-over schedule for the new rating engine.",
        "Ben: You're on mute, Cho.",
    ]

    class Everything(SpokenDetector):  # a detector that marks every turn
        def __init__(self) -> None:
            pass

        def scores(self, utts: list[Utterance]) -> np.ndarray:
            return np.ones(len(utts))

        threshold = 0.5

    rows = _long_call(120).splitlines()
    rows[10:13] = said
    got = extract(("\n".join(rows) + "\n").encode(), "call.txt", None, day,
                  spoken_detector=Everything()).to_contract()["action_items"]
    lines = {i["source"]["line"] for i in got}
    assert lines and not lines & {11, 12, 13}, got
    # a short call is read by the rules alone: the same turns give no item there either
    short = "\n".join([*said, "Ben: Sure, I will send the test plan by Friday."]) + "\n"
    got = extract(short.encode(), "call.txt", None, day).to_contract()["action_items"]
    assert [i["source"]["line"] for i in got] == [4], got
