"""The learned spoken detector's pure parts: context features and the threshold choice.

(The detector's quality is measured on AMI by benchmarks/ami_eval.py, not here.)
"""

from __future__ import annotations

import numpy as np

from nlp.minutes.spoken import Utterance, best_threshold, f1_scores, meeting_features

LINES = [
    ("PM Amy", "Okay, let's start with the functional design."),
    ("ID Bob", "I looked at the buttons."),
    ("PM Amy", "Right."),
    ("UI Cat", "So for next meeting I'll prepare the interface mock-up."),
    ("PM Amy", "And you will send the minutes to everyone."),
]


def test_each_utterance_sees_its_neighbours_and_its_place() -> None:
    utts = [Utterance(s, t) for s, t in LINES]
    vecs = np.eye(len(utts), 8, dtype=np.float32)  # one direction per utterance
    x = meeting_features(utts, vecs, window=1)
    assert x.shape[0] == len(utts)
    # utterance 2's "before" block is utterance 1's vector, its "after" block utterance 3's
    before, after = x[2, 8:16], x[2, 16:24]
    assert before.argmax() == 1 and after.argmax() == 3
    # the first utterance has no left context
    assert not x[0, 8:16].any()
    # the chair (most turns) is marked in the last two columns
    assert x[0, -1] == 1.0 and x[1, -1] == 0.0


def test_best_threshold_is_the_f1_best_cut() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    y = np.array([1, 0, 1, 0, 0])
    cut, f1 = best_threshold(scores, y)
    assert 0.2 < cut < 0.7
    assert abs(f1 - 0.8) < 1e-9
    assert f1_scores(scores >= cut, y) == (2 / 3, 1.0, 0.8)
