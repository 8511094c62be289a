"""The slot model: its arithmetic at scoring time, and that training learns which word fits a slot."""

from __future__ import annotations

import numpy as np
import pytest

from spindetect.context import BOUNDARY, UNK
from spindetect.slot import SlotModel
from spindetect.training.slot_model import train_slot_model


def _arrays(n_words: int = 4, dims: int = 2) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    # Vectors are held at half precision: values that float16 represents exactly.
    return {
        "context": rng.normal(size=(n_words, dims)).astype(np.float16).astype(np.float32),
        "output": rng.normal(size=(n_words, dims)).astype(np.float16).astype(np.float32),
        "bias": rng.normal(size=n_words).astype(np.float32),
        "position": rng.normal(size=(4, dims)).astype(np.float32),
    }


def test_scores_are_the_log_bilinear_form():
    arrays = _arrays()
    model = SlotModel(arrays, unigram=np.array([5, 0, 9, 7]))
    neighbours = np.array([[2], [3], [1], [2]])
    h = model.slot_vectors(neighbours)
    expected_h = sum(arrays["position"][j] * arrays["context"][neighbours[j, 0]] for j in range(4))
    np.testing.assert_allclose(h[0], expected_h, rtol=1e-5)
    expected = float(expected_h @ arrays["output"][3] + arrays["bias"][3])
    assert model.log_p(h, np.array([3]))[0] == pytest.approx(expected, rel=1e-5)


def test_words_outside_the_vocabulary_share_the_unknown_class_by_frequency():
    # Context-model ids 4 and 5 are past the slot vocabulary (4 words): both
    # are scored as the unknown class, plus their share of it (5 + 30 + 10 = 45 tokens).
    model = SlotModel(_arrays(), unigram=np.array([5, 0, 9, 7, 30, 10]))
    h = model.slot_vectors(np.array([[2], [3], [1], [2]]))
    unknown = model.log_p(h, np.array([UNK]))[0]
    frequent, rare = model.log_p(np.repeat(h, 2, axis=0), np.array([4, 5]))
    assert frequent == pytest.approx(unknown - np.log(1 / 45) + np.log(30 / 45), rel=1e-5)
    assert frequent - rare == pytest.approx(np.log(3), rel=1e-5)
    # Neighbours outside the vocabulary read as the unknown word's vector.
    np.testing.assert_array_equal(
        model.slot_vectors(np.array([[5], [4], [1], [2]])), model.slot_vectors(np.array([[0], [0], [1], [2]]))
    )


def test_arrays_that_do_not_fit_are_refused():
    arrays = _arrays()
    arrays["position"] = arrays["position"][:3]
    with pytest.raises(ValueError, match="do not fit"):
        SlotModel(arrays, unigram=np.ones(4))
    with pytest.raises(KeyError):
        SlotModel({k: v for k, v in _arrays().items() if k != "bias"}, unigram=np.ones(4))


def test_arrays_round_trip_at_half_precision():
    model = SlotModel(_arrays(), unigram=np.ones(4))
    again = SlotModel(model.arrays(), unigram=np.ones(4))
    assert model.arrays()["output"].dtype == np.float16
    np.testing.assert_allclose(again.output, model.output, atol=1e-2)


def _patterned_stream(n: int, seed: int = 0) -> np.ndarray:
    """Sentences "2 3 X 4 5" where X is 6 or 7, and "8 9 Y 10 11" where Y is 12 or 13."""
    rng = np.random.default_rng(seed)
    first = rng.random(n) < 0.5
    middle = np.where(first, rng.choice([6, 7], n), rng.choice([12, 13], n))
    rows = np.where(
        first[:, None],
        np.array([BOUNDARY, 2, 3, 0, 4, 5])[None, :],
        np.array([BOUNDARY, 8, 9, 0, 10, 11])[None, :],
    ).copy()
    rows[:, 3] = middle
    return rows.ravel()


def test_training_learns_which_words_fit_a_slot():
    stream = _patterned_stream(40_000)
    model = SlotModel(
        train_slot_model(stream, n_words=14, dims=8, subsample=1.0), unigram=np.bincount(stream, minlength=14)
    )
    h = model.slot_vectors(np.array([[2, 8], [3, 9], [4, 10], [5, 11]]))
    fits = model.log_p(h, np.array([6, 12]))
    misfits = model.log_p(h, np.array([12, 6]))
    assert (fits - misfits > 2.0).all()  # e^2: over seven times as probable
    # Close to normalised: the two fillers of a slot take most of its probability.
    assert 0.5 < np.exp(model.log_p(h[:1].repeat(2, axis=0), np.array([6, 7]))).sum() < 1.5


def test_training_is_deterministic():
    stream = _patterned_stream(5_000)
    a = train_slot_model(stream, n_words=14, dims=4, epochs=1, seed=3)
    b = train_slot_model(stream, n_words=14, dims=4, epochs=1, seed=3)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])


def test_a_fresh_model_scores_exactly_as_its_saved_copy():
    # The classifiers are fitted on a model straight from training; the
    # bundle stores it at half precision. Both must give the same scores.
    fresh = SlotModel(_arrays(n_words=6, dims=8), unigram=np.ones(6))
    saved = SlotModel(fresh.arrays(), unigram=np.ones(6))
    neighbours = np.array([[1, 2], [3, 4], [5, 0], [2, 2]])
    np.testing.assert_array_equal(
        fresh.log_p(fresh.slot_vectors(neighbours), np.array([3, 4])),
        saved.log_p(saved.slot_vectors(neighbours), np.array([3, 4])),
    )
