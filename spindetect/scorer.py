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

A second stage rescores the spans the additive models find at all suspicious
(probability at least ``floor``): gradient-boosted trees
(:mod:`spindetect.trees`) fitted on those spans only, which learn the
interactions of three and more features that an additive model cannot. Their
log-odds are blended with the additive model's (``tree_weight``): the trees
alone found more swaps but also flagged more of the hand-written clean
registers (legal, informal web) that no training text resembles; the blend
found nearly as many and flagged fewer clean words than either
(docs/training.md has the figures). The rest of the spans keep their additive
probability: they sit far below any span threshold.
"""

from __future__ import annotations

import numpy as np

from .additive import BinnedLogistic
from .features import F
from .trees import BoostedTrees

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
    """Probability that each span is a swap: a BinnedLogistic per segment, blended with trees over suspicious spans.

    ``trees`` (optional) rescore the spans whose additive probability is at
    least ``floor``; they read the span features plus the segment index, and
    their log-odds count ``tree_weight`` against the additive model's
    ``1 - tree_weight``.
    """

    def __init__(
        self,
        models: list[BinnedLogistic],
        trees: BoostedTrees | None = None,
        floor: float = 1.0,
        tree_weight: float = 1.0,
    ):
        if len(models) != len(SEGMENTS):
            raise ValueError(f"the scorer needs {len(SEGMENTS)} segment models, got {len(models)}")
        if not (0.0 <= floor <= 1.0 and 0.0 <= tree_weight <= 1.0):
            raise ValueError(f"the scorer's floor and tree weight must lie in [0, 1], got {floor} and {tree_weight}")
        self.models = models
        self.trees = trees
        self.floor = floor
        self.tree_weight = tree_weight

    @classmethod
    def fit(
        cls,
        X: np.ndarray,
        y: np.ndarray,
        trees: dict | None = None,
        floor: float = 1.0,
        tree_weight: float = 1.0,
        **params,
    ) -> SpanScorer:
        """Fit one ``BinnedLogistic(**params)`` per segment, then, given ``trees``, the second stage.

        A segment without both swaps and non-swaps among its spans (only in
        tiny training sets) gets a model fitted on all spans instead.
        ``trees`` are parameters of scikit-learn's
        ``HistGradientBoostingClassifier``, fitted on the spans at or above
        ``floor``; with too few of those (tiny training sets) there is no
        second stage.
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
        scorer = cls(models)
        if trees is None:
            return scorer
        rows = np.flatnonzero(scorer._additive_log_odds(X, segment) >= _log_odds(floor))
        if len(rows) < MIN_TREE_SPANS or len(np.unique(y[rows])) < 2:
            return scorer
        from sklearn.ensemble import HistGradientBoostingClassifier

        booster = HistGradientBoostingClassifier(**trees).fit(_with_segment(X[rows], segment[rows]), y[rows])
        return cls(models, BoostedTrees.from_sklearn(booster), floor, tree_weight)

    def _additive_log_odds(self, X: np.ndarray, segment: np.ndarray) -> np.ndarray:
        logit = np.zeros(len(X))
        for k, model in enumerate(self.models):
            rows = np.flatnonzero(segment == k)
            if len(rows):
                logit[rows] = model.decision_function(X[rows])
        return logit

    def predict_proba1(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        segment = segment_of(X)
        logit = self._additive_log_odds(X, segment)
        if self.trees is not None:
            # The floor as log-odds: the cut that fit() made to choose the trees' spans.
            rows = np.flatnonzero(logit >= _log_odds(self.floor))
            if len(rows):
                trees = self.trees.decision_function(_with_segment(X[rows], segment[rows]))
                logit[rows] = self.tree_weight * trees + (1.0 - self.tree_weight) * logit[rows]
        return 1.0 / (1.0 + np.exp(-logit))

    # -- persistence (no pickle) -------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = {f"{k}_{name}": values for k, m in enumerate(self.models) for name, values in m.to_arrays().items()}
        if self.trees is not None:
            arrays |= {f"trees_{name}": values for name, values in self.trees.arrays().items()}
            arrays["trees_floor"] = np.array([self.floor])
            arrays["trees_weight"] = np.array([self.tree_weight])
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SpanScorer:
        models = []
        for k in range(len(SEGMENTS)):
            prefix = f"{k}_"
            part = {name[len(prefix) :]: v for name, v in arrays.items() if name.startswith(prefix)}
            if not part:
                raise ValueError(f"the scorer has no model for {SEGMENTS[k]} spans")
            models.append(BinnedLogistic.from_arrays(part))
        part = {name[len("trees_") :]: v for name, v in arrays.items() if name.startswith("trees_")}
        if not part:
            return cls(models)
        if "floor" not in part or "weight" not in part:
            raise ValueError("the scorer's trees lack their floor or weight")
        trees = BoostedTrees(part)
        if trees.n_features > len(F) + 1:
            raise ValueError(f"the scorer's trees read {trees.n_features} columns; spans have {len(F) + 1}")
        return cls(models, trees, float(part["floor"][0]), float(part["weight"][0]))


# Fewer suspicious training spans than this (tiny fixture corpora) fit no trees.
MIN_TREE_SPANS = 200


def _log_odds(p: float) -> float:
    if p <= 0.0:
        return -np.inf
    if p >= 1.0:
        return np.inf
    return float(np.log(p / (1.0 - p)))


def _with_segment(X: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """The trees' input: the span features and the span's segment index as one more column."""
    return np.column_stack([X, segment.astype(np.float64)])
