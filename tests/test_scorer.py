"""The swap scorer: one binned additive model per kind of span (spindetect/scorer.py)."""

from __future__ import annotations

import numpy as np
import pytest

from spindetect.additive import BinnedLogistic
from spindetect.features import FEATURE_NAMES, F
from spindetect.scorer import COMMON_ZIPF, SEGMENTS, SpanScorer, segment_of


def _spans(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random span features where the label depends on delta_best differently per segment."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(FEATURE_NAMES)))
    X[:, F["n_tokens"]] = rng.choice([1, 1, 1, 2, 3], size=n)
    X[:, F["zipf"]] = rng.uniform(1, 7, size=n)
    segment = segment_of(X)
    # Swaps show in delta_best for words, in an unrelated feature for phrases.
    signal = np.where(segment == 0, X[:, F["lp_left1"]], X[:, F["delta_best"]])
    y = (signal + 0.5 * rng.normal(size=n) > 1.0).astype(np.int64)
    return X, y


def test_segments_split_phrases_rare_and_common_words() -> None:
    X = np.zeros((4, len(FEATURE_NAMES)))
    X[:, F["n_tokens"]] = [2, 1, 1, 3]
    X[:, F["zipf"]] = [6.0, COMMON_ZIPF - 0.1, COMMON_ZIPF, 2.0]
    assert [SEGMENTS[k] for k in segment_of(X)] == ["phrase", "rarer word", "common word", "phrase"]


def test_each_segment_learns_its_own_signal() -> None:
    X, y = _spans(6000)
    scorer = SpanScorer.fit(X, y, n_bins=8)
    probe = np.zeros((2, len(FEATURE_NAMES)))
    probe[:, F["n_tokens"]] = [2, 1]
    probe[:, F["zipf"]] = 3.0
    probe[:, F["lp_left1"]] = 2.5  # the phrase signal
    p_phrase, p_word = scorer.predict_proba1(probe)
    assert p_phrase > 0.8
    assert p_word < 0.3


def test_round_trip_through_arrays_keeps_predictions() -> None:
    X, y = _spans(3000, seed=1)
    scorer = SpanScorer.fit(X, y, n_bins=8, crosses=((F["delta_best"], F["zipf"]),))
    arrays = scorer.to_arrays()
    assert all(isinstance(v, np.ndarray) and v.dtype != object for v in arrays.values())
    again = SpanScorer.from_arrays(arrays)
    np.testing.assert_array_equal(again.predict_proba1(X), scorer.predict_proba1(X))


def test_a_segment_without_both_classes_falls_back_to_all_spans() -> None:
    X, y = _spans(2000, seed=2)
    y[segment_of(X) == 0] = 0  # no phrase swaps, as in a tiny training set
    scorer = SpanScorer.fit(X, y, n_bins=8)
    phrases = segment_of(X) == 0
    on_all_spans = BinnedLogistic(n_bins=8).fit(X, y)
    # The phrase segment is scored by the model fitted on all spans; the others keep their own.
    np.testing.assert_allclose(scorer.predict_proba1(X[phrases]), on_all_spans.predict_proba1(X[phrases]))
    assert not np.allclose(scorer.predict_proba1(X[~phrases]), on_all_spans.predict_proba1(X[~phrases]))


def test_fitting_needs_both_classes() -> None:
    X, _ = _spans(100)
    with pytest.raises(ValueError, match="both swaps and non-swaps"):
        SpanScorer.fit(X, np.zeros(100, dtype=np.int64))


def test_a_missing_segment_model_is_an_error() -> None:
    X, y = _spans(2000, seed=3)
    arrays = {k: v for k, v in SpanScorer.fit(X, y, n_bins=8).to_arrays().items() if not k.startswith("2_")}
    with pytest.raises(ValueError, match="common word"):
        SpanScorer.from_arrays(arrays)


def test_no_spans_gives_no_scores() -> None:
    X, y = _spans(2000, seed=4)
    scorer = SpanScorer.fit(X, y, n_bins=8)
    assert scorer.predict_proba1(np.zeros((0, len(FEATURE_NAMES)))).shape == (0,)
