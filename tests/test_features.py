"""Span features (spindetect/features.py): what a span without candidate originals reads as."""

from __future__ import annotations

import numpy as np

from spindetect.features import FEATURE_NAMES, NO_CANDIDATE_FEATURES, F, forget_candidates, key_share

TEXT = "North Korean bossman Kim Jong Un has promised to halt nuclear and missile tests, the president said."


def _row(batch, word: str, text: str = TEXT) -> int:
    start = text.index(word)
    return int(np.flatnonzero((batch.start == start) & (batch.end == start + len(word)))[0])


def test_a_word_without_candidates_reads_as_the_no_candidate_values(shipped_model):
    batch = shipped_model.extractor.extract([TEXT])
    bossman = batch.features[_row(batch, "bossman")]
    assert batch.cand_ptr[_row(batch, "bossman") + 1] == batch.cand_ptr[_row(batch, "bossman")]  # no candidates
    assert {name: bossman[F[name]] for name in NO_CANDIDATE_FEATURES} == NO_CANDIDATE_FEATURES


def test_forget_candidates_changes_only_the_candidate_features(shipped_model):
    batch = shipped_model.extractor.extract([TEXT])
    row = _row(batch, "missile")
    assert batch.features[row, F["has_candidates"]] == 1.0
    forgotten = batch.features.copy()
    forget_candidates(forgotten, np.array([row]))
    assert {name: forgotten[row, F[name]] for name in NO_CANDIDATE_FEATURES} == NO_CANDIDATE_FEATURES
    others = [F[name] for name in FEATURE_NAMES if name not in NO_CANDIDATE_FEATURES]
    np.testing.assert_array_equal(forgotten[:, others], batch.features[:, others])
    untouched = np.arange(len(batch)) != row
    np.testing.assert_array_equal(forgotten[untouched], batch.features[untouched])


def test_key_share_is_fixed_per_key_and_salt_and_spread_evenly():
    keys = [f"word{i}" for i in range(4000)]
    shares = key_share(keys, "a")
    np.testing.assert_array_equal(shares, key_share(keys, "a"))
    assert ((shares >= 0) & (shares < 1)).all()
    assert abs((shares < 0.3).mean() - 0.3) < 0.03
    assert not np.array_equal(shares, key_share(keys, "b"))
