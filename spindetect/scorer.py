"""The swap scorer: one binned additive model per kind of span.

Multiword phrases, rarer single words and common single words are swapped,
and give themselves away, differently. For a phrase, what counts most is how
the words inside it fit each other; a rare word is suspicious in itself, and
the question is whether a better-fitting original exists; a common word
("order" for "society") reads as plausible and only its neighbours can tell.
One additive model over all spans has to average these; a model per kind of
span learns each. With the false-flag budget unchanged (2.5 per 1,000 clean
words), splitting the spans this way raised development span F1
(``python -m spindetect.evaluate``, cross-thesaurus) from 0.581 to 0.606, at
no cost in speed: each span still passes through one model.

Each model is calibrated to its own kind of span: a common word is swapped
less often than a rare one, and its probability says so. Rebasing all three
to one swap share found far fewer swaps in a development run, so they stay as
fitted.
"""

from __future__ import annotations

import numpy as np

from .additive import BinnedLogistic
from .features import F

__all__ = ["SEGMENTS", "SpanScorer", "segment_of"]

SEGMENTS = ("phrase", "rarer word", "common word")
# Single words at least this frequent (Zipf 5: "team", "order", "work") are
# the common segment (cuts at 4 and 4.5 did no better in development runs).
COMMON_ZIPF = 5.0


def segment_of(X: np.ndarray) -> np.ndarray:
    """Index into SEGMENTS of each span (row of span features)."""
    phrase = X[:, F["n_tokens"]] > 1
    common = X[:, F["zipf"]] >= COMMON_ZIPF
    return np.where(phrase, 0, np.where(common, 2, 1))


class SpanScorer:
    """Probability that each span is a swap: a BinnedLogistic per segment."""

    def __init__(self, models: list[BinnedLogistic]):
        if len(models) != len(SEGMENTS):
            raise ValueError(f"the scorer needs {len(SEGMENTS)} segment models, got {len(models)}")
        self.models = models

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, **params) -> SpanScorer:
        """Fit one ``BinnedLogistic(**params)`` per segment.

        A segment without both swaps and non-swaps among its spans (only in
        tiny training sets) gets a model fitted on all spans instead.
        """
        if len(np.unique(y)) < 2:
            raise ValueError("the scorer needs both swaps and non-swaps to fit on")
        segment = segment_of(X)
        models = []
        for k in range(len(SEGMENTS)):
            rows = segment == k
            if len(np.unique(y[rows])) < 2:
                rows = np.ones(len(y), dtype=bool)
            models.append(BinnedLogistic(**params).fit(X[rows], y[rows]))
        return cls(models)

    def predict_proba1(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        out = np.zeros(len(X))
        segment = segment_of(X)
        for k, model in enumerate(self.models):
            rows = np.flatnonzero(segment == k)
            if len(rows):
                out[rows] = model.predict_proba1(X[rows])
        return out

    # -- persistence (no pickle) -------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        return {f"{k}_{name}": values for k, m in enumerate(self.models) for name, values in m.to_arrays().items()}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SpanScorer:
        models = []
        for k in range(len(SEGMENTS)):
            prefix = f"{k}_"
            part = {name[len(prefix) :]: v for name, v in arrays.items() if name.startswith(prefix)}
            if not part:
                raise ValueError(f"the scorer has no model for {SEGMENTS[k]} spans")
            models.append(BinnedLogistic.from_arrays(part))
        return cls(models)
