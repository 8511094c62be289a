"""The per-document step from span evidence to swap probabilities (spindetect/posterior.py)."""

from __future__ import annotations

import numpy as np
import pytest

import spindetect
from spindetect.model import FINGERPRINT_DOCUMENT_EVIDENCE
from spindetect.posterior import (
    MAX_SHARE,
    MIN_SHARE,
    SPUN_DOCUMENT_SHARE,
    VERDICT_POWER,
    document_posteriors,
    swap_posteriors,
    swap_shares,
)

BASE_RATE = 0.12


def _doc(n_words: int, n_odd: int, odd: float = 0.95, plain: float = 0.02) -> np.ndarray:
    return np.r_[np.full(n_odd, odd), np.full(n_words - n_odd, plain)]


def test_share_follows_the_evidence() -> None:
    scores = np.r_[_doc(400, 80), _doc(400, 4), _doc(400, 0)]
    doc = np.repeat([0, 1, 2], 400)
    shares = swap_shares(scores, doc, 3, BASE_RATE)
    assert shares[0] > shares[1] > shares[2]
    assert 0.1 < shares[0] < 0.3  # about the 20% of odd words
    assert ((shares >= MIN_SHARE) & (shares <= MAX_SHARE)).all()


def test_short_texts_are_pulled_toward_clean() -> None:
    # The same share of odd words: the short text's estimate stays lower.
    scores = np.r_[_doc(20, 2), _doc(2000, 200)]
    doc = np.repeat([0, 1], [20, 2000])
    short, long = swap_shares(scores, doc, 2, BASE_RATE)
    assert short < long / 2


def test_a_document_without_words_gets_the_floor() -> None:
    shares = swap_shares(np.zeros(0), np.zeros(0, dtype=np.int64), 2, BASE_RATE)
    assert shares.tolist() == [MIN_SHARE, MIN_SHARE]


def test_the_same_evidence_counts_more_in_a_more_spun_document() -> None:
    scores = np.array([0.7, 0.7])
    doc = np.array([0, 1])
    low, high = swap_posteriors(scores, doc, np.array([0.001, 0.2]), BASE_RATE)
    assert low < 0.1
    assert high > 0.5


def test_posteriors_rise_with_the_score() -> None:
    scores = np.linspace(0.0, 1.0, 11)
    posteriors = swap_posteriors(scores, np.zeros(11, dtype=np.int64), np.array([0.05]), BASE_RATE)
    assert (np.diff(posteriors) > 0).all()
    assert ((posteriors >= 0) & (posteriors <= 1)).all()


@pytest.mark.parametrize("verdict", [0.0, 0.3, 0.9, 1.0])
def test_the_verdict_bounds_the_flag_probability(verdict: float) -> None:
    scores = np.array([0.999, 0.5, 0.01])
    doc = np.zeros(3, dtype=np.int64)
    shares = np.array([0.001])
    out = document_posteriors(scores, doc, shares, np.array([verdict]), BASE_RATE)
    assert (out <= verdict**VERDICT_POWER + 1e-12).all()
    # A document called spun is taken to have at least the spun-document share.
    expected = verdict**VERDICT_POWER * swap_posteriors(scores, doc, np.array([SPUN_DOCUMENT_SHARE]), BASE_RATE)
    np.testing.assert_allclose(out, expected)


def test_flag_scores_never_exceed_the_document_verdict() -> None:
    texts = [
        (
            "North Korean bossman Kim Jong Un said the nuclear and brickbat tests would end before the inter-Korean "
            "apex, where he transfer visit Seoul, officials said on Friday after the talks."
        ),
        (
            "The committee met on Monday and agreed on a new budget for the coming year, the chairman said after "
            "the meeting, adding that the vote had been close."
        ),
    ]
    for result in spindetect.score_many(texts):
        assert result.probability is not None
        for swap in result.swaps:
            if swap.kind == "swap" and swap.score < 0.99:  # tortured-phrase fingerprints are flagged regardless
                assert swap.score <= result.probability**VERDICT_POWER + 1e-9


def test_known_tortured_phrases_raise_the_document_probability() -> None:
    honest = "Recent work applies deep learning and artificial intelligence to the analysis of medical images collected in hospitals."
    tortured = honest.replace("deep learning", "profound learning").replace(
        "artificial intelligence", "counterfeit consciousness"
    )
    clean, spun = spindetect.score(honest), spindetect.score(tortured)
    assert clean.probability is not None and spun.probability is not None
    # Each fingerprint removes most of the remaining doubt, whatever the classifier said.
    assert spun.probability >= 1 - (1 - clean.probability) * (1 - FINGERPRINT_DOCUMENT_EVIDENCE) ** 2 - 0.05
    assert spun.probability > clean.probability
    assert spun.is_spun and not clean.is_spun


def test_one_known_tortured_phrase_makes_a_sentence_spun() -> None:
    honest = (
        "Recent work applies deep learning to the analysis of medical images collected in hospitals across the region."
    )
    clean = spindetect.score(honest)
    spun = spindetect.score(honest.replace("deep learning", "profound learning"))
    assert not clean.is_spun and not clean.swaps
    assert spun.is_spun
    assert [swap.text for swap in spun.swaps] == ["profound learning"]


def test_a_listed_phrase_written_as_a_name_is_no_evidence() -> None:
    # "paranoid android" is on the published list; "Paranoid Android" is a song.
    text = "The band released {} as the first single from the album in May of that year, to wide acclaim."
    as_name = spindetect.score(text.format("Paranoid Android"))
    as_phrase = spindetect.score(text.format("paranoid android"))
    assert not as_name.is_spun and not as_name.swaps
    assert as_phrase.is_spun and as_phrase.swaps[0].text == "paranoid android"


def test_honest_terms_on_the_tortured_phrase_list_are_no_evidence() -> None:
    # The published list holds "neural network", "machine learning" and "cloud
    # computing" as tortured forms; clean text uses them all the time.
    honest = (
        "We train a neural network and apply machine learning to cloud computing workloads in the data centre today."
    )
    result = spindetect.score(honest)
    assert result.probability is not None
    assert not result.is_spun
    assert all(swap.score < 0.99 for swap in result.swaps)


def test_a_listed_phrase_with_a_number_does_not_match_every_number() -> None:
    # "production 4.zero" is on the list; keyed, its number matches any number.
    result = spindetect.score("Plant production 2009 rose by a third compared with the year before, the ministry said.")
    assert result.probability is not None
    assert not any(swap.text.startswith("production") for swap in result.swaps)
