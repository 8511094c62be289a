"""A binned additive logistic model: the swap scorer's classifier.

Each feature is cut into quantile bins and every bin gets its own weight, so
the model can learn any monotone or non-monotone shape per feature (a
generalized additive model), plus a few crossed pairs of coarse bins for the
interactions that matter (how much better the best candidate fits, given how
rare the written word is). Scoring is one ``searchsorted`` and one table
lookup per feature over the whole batch. A 300-tree gradient-boosted model on
the same features found more swaps, but even scikit-learn's compiled predictor
took 3-6 microseconds per span when measured, more than the whole per-token
budget next to the tokenizer.

Parameters are plain arrays (bin edges, weights), saved without pickle.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BinnedLogistic"]


def _quantile_edges(values: np.ndarray, n_bins: int) -> np.ndarray:
    qs = np.quantile(values, np.linspace(0, 1, n_bins + 1)[1:-1])
    return np.unique(qs.astype(np.float64))


class BinnedLogistic:
    """Logistic regression over one-hot quantile bins of each feature (and crosses).

    ``fit`` learns ``edges_`` (one array per feature), ``crosses_`` (pairs of
    feature indices with their coarse edges), ``weights_`` and ``intercept_``.
    """

    def __init__(
        self, n_bins: int = 16, cross_bins: int = 6, crosses: tuple[tuple[int, int], ...] = (), C: float = 1.0
    ):
        self.n_bins = n_bins
        self.cross_bins = cross_bins
        self.crosses = crosses
        self.C = C

    # -- encoding -------------------------------------------------------------
    def _columns(self, X: np.ndarray) -> np.ndarray:
        """Global one-hot column index of every (row, feature or cross): int array (n, k)."""
        cols = []
        offset = 0
        for j, edges in enumerate(self.edges_):
            cols.append(offset + np.searchsorted(edges, X[:, j], side="right"))
            offset += len(edges) + 1
        # A feature's coarse bins are the same in every cross it takes part in:
        # look each one up once.
        coarse: dict[tuple[int, int], np.ndarray] = {}

        def coarse_bins(j: int, edges: np.ndarray) -> np.ndarray:
            key = (j, len(edges))
            if key not in coarse:
                coarse[key] = np.searchsorted(edges, X[:, j], side="right")
            return coarse[key]

        for (a, b), (ea, eb) in zip(self.crosses_, self.cross_edges_):
            cols.append(offset + coarse_bins(a, ea) * (len(eb) + 1) + coarse_bins(b, eb))
            offset += (len(ea) + 1) * (len(eb) + 1)
        self.n_columns_ = offset
        return np.stack(cols, axis=1) if cols else np.zeros((len(X), 0), dtype=np.int64)

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> BinnedLogistic:
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression

        X = np.asarray(X, dtype=np.float64)
        self.edges_ = [_quantile_edges(X[:, j], self.n_bins) for j in range(X.shape[1])]
        self.crosses_ = [tuple(c) for c in self.crosses]
        self.cross_edges_ = [
            (_quantile_edges(X[:, a], self.cross_bins), _quantile_edges(X[:, b], self.cross_bins))
            for a, b in self.crosses_
        ]
        cols = self._columns(X)
        n, k = cols.shape
        design = sparse.csr_matrix(
            (np.ones(n * k), cols.ravel(), np.arange(0, n * k + 1, k)), shape=(n, self.n_columns_)
        )
        lr = LogisticRegression(C=self.C, max_iter=2000)
        lr.fit(design, y, sample_weight=sample_weight)
        self.weights_ = lr.coef_.ravel().astype(np.float64)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if len(X) == 0:
            return np.zeros(0)
        return self.intercept_ + self.weights_[self._columns(X)].sum(axis=1)

    def predict_proba1(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class, shape (n,)."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(X)))

    # -- persistence (no pickle) -------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays = {
            "weights": self.weights_,
            "intercept": np.array([self.intercept_]),
            "edge_lengths": np.array([len(e) for e in self.edges_], dtype=np.int32),
            "edges": np.concatenate(self.edges_) if self.edges_ else np.zeros(0),
            "crosses": np.array(self.crosses_, dtype=np.int32).reshape(-1, 2),
        }
        cross_lengths = [(len(a), len(b)) for a, b in self.cross_edges_]
        arrays["cross_lengths"] = np.array(cross_lengths, dtype=np.int32).reshape(-1, 2)
        arrays["cross_edges"] = (
            np.concatenate([np.concatenate(pair) for pair in self.cross_edges_]) if self.cross_edges_ else np.zeros(0)
        )
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> BinnedLogistic:
        model = cls()
        lengths = arrays["edge_lengths"]
        model.edges_ = np.split(arrays["edges"], np.cumsum(lengths)[:-1]) if len(lengths) else []
        model.crosses_ = [tuple(int(v) for v in row) for row in arrays["crosses"]]
        model.cross_edges_ = []
        pos = 0
        flat = arrays["cross_edges"]
        for la, lb in arrays["cross_lengths"]:
            model.cross_edges_.append((flat[pos : pos + la], flat[pos + la : pos + la + lb]))
            pos += la + lb
        model.weights_ = arrays["weights"].astype(np.float64)
        model.intercept_ = float(arrays["intercept"][0])
        expected = sum(len(e) + 1 for e in model.edges_) + sum(
            (len(a) + 1) * (len(b) + 1) for a, b in model.cross_edges_
        )
        if expected != len(model.weights_):
            raise ValueError(f"scorer weights have length {len(model.weights_)}, bins need {expected}")
        model.n_columns_ = expected
        return model
