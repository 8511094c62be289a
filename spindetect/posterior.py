"""From span evidence to swap probabilities: how much of *this* document is spun?

The swap scorer judges each span on its own, at the share of swaps it saw in
training. Whether an odd word is a swap depends on the document around it: in
a text where a fifth of the words read like thesaurus picks, a mildly odd word
is probably one more; in clean text, the same word is probably just unusual.
Two steps bring the document in:

1. Each document gets its own estimate of its swap share (a few EM steps with
   a Beta prior that pulls short texts, which carry little evidence, toward
   "clean"), and each span's probability is recomputed with that share as its
   prior (Bayes' rule on the scorer's likelihood ratio). The document
   classifier reads these.
2. The flagged probability also weighs in the classifier's verdict:
   P(swap) = P(document spun)^2 x P(swap | a spun document with that share).

Measured on the development split (cross-thesaurus), step 1 roughly doubled
the swaps found at the same false-flag rate on clean text; step 2 lets the
threshold come down while clean informal web text, which the scorer finds odd
and the classifier middling, stays within the false-flag budget.
"""

from __future__ import annotations

import numpy as np

__all__ = ["document_posteriors", "swap_posteriors", "swap_shares"]

# Beta(1, 50) prior on a document's swap share: its mode is 0, and it weighs
# as much as 50 words of evidence, so a 30-word text needs strong swaps to be
# believed spun while a 2000-word one speaks for itself.
PRIOR_A = 1.0
PRIOR_B = 50.0
EM_STEPS = 5
START_SHARE = 0.05
# Spinners rarely replace more than a third of the words; the cap keeps one
# document's estimate from running away on a text the scorer finds odd everywhere.
MIN_SHARE, MAX_SHARE = 1e-4, 0.6
# A spun document is assumed to have at least this share of swaps (a short
# spun text holds too few words to lift its own estimate off the prior).
SPUN_DOCUMENT_SHARE = 0.05
# The verdict counts squared: a document the classifier is unsure about (0.5)
# keeps a quarter of its flag probability. With the span threshold chosen to
# the same false-flag budget, development span F1 was 0.551 at power 1, 0.580
# at power 2 and 0.583 at power 4.
VERDICT_POWER = 2.0
_EPS = 1e-6


def _likelihood_ratios(scores: np.ndarray, base_rate: float) -> np.ndarray:
    """Scorer probabilities back to likelihood ratios, removing the training swap share."""
    p = np.clip(scores, _EPS, 1 - _EPS)
    return (p / (1 - p)) / (base_rate / (1 - base_rate))


def _apply(share: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    return share * ratio / (share * ratio + 1 - share)


def swap_shares(scores: np.ndarray, doc: np.ndarray, n_docs: int, base_rate: float) -> np.ndarray:
    """Estimated share of swapped words in each document, from its word spans' scores."""
    ratio = _likelihood_ratios(scores, base_rate)
    words = np.bincount(doc, minlength=n_docs).astype(np.float64)
    share = np.full(n_docs, START_SHARE)
    for _ in range(EM_STEPS):
        expected = np.bincount(doc, weights=_apply(share[doc], ratio), minlength=n_docs)
        share = (expected + PRIOR_A - 1) / (words + PRIOR_A + PRIOR_B - 2)
        share = np.clip(share, MIN_SHARE, MAX_SHARE)
    return share


def swap_posteriors(scores: np.ndarray, doc: np.ndarray, share: np.ndarray, base_rate: float) -> np.ndarray:
    """Probability that each span is a swap, given its document's estimated swap share."""
    return _apply(share[doc], _likelihood_ratios(scores, base_rate))


def document_posteriors(
    scores: np.ndarray, doc: np.ndarray, shares: np.ndarray, document_probability: np.ndarray, base_rate: float
) -> np.ndarray:
    """Probability that each span is a swap, weighing in the document classifier's verdict.

    An odd word in a text the classifier finds clean is rarely a swap; in a
    short text it is sure is spun, the swaps should show even though the text
    is too short to lift its own share estimate.
    """
    verdict = np.asarray(document_probability, dtype=np.float64)[doc] ** VERDICT_POWER
    return verdict * swap_posteriors(scores, doc, np.maximum(shares, SPUN_DOCUMENT_SHARE), base_rate)
