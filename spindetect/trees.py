"""Gradient-boosted trees at scoring time: plain arrays in, log-odds out.

The swap scorer's second stage (see :mod:`spindetect.scorer`) is a
scikit-learn ``HistGradientBoostingClassifier`` fitted in training. Its trees
are flattened here into a few arrays (split feature, threshold, children and
leaf value per node), saved in the model bundle like every other array and
read back without pickle. Prediction walks every tree for every row: in the
small compiled core :mod:`spindetect._trees` when it is built (``pip install``
builds it), else in numpy, which gives the same numbers more slowly.
"""

from __future__ import annotations

import numpy as np

try:
    from ._trees import predict_rows as _compiled_predict_rows
except ImportError:  # a source checkout that was never built: numpy does the same work
    _compiled_predict_rows = None

__all__ = ["TREE_ARRAYS", "BoostedTrees", "compiled"]

TREE_ARRAYS = ("feature", "threshold", "left", "right", "missing_left", "value", "roots", "baseline")


def compiled() -> bool:
    """Whether the compiled tree walker is in use (else the numpy one)."""
    return _compiled_predict_rows is not None


class BoostedTrees:
    """A sum of binary decision trees over the columns of a feature matrix.

    Node ``i`` of the flat arrays splits on column ``feature[i]``: rows whose
    value is at most ``threshold[i]`` go to ``left[i]``, the others to
    ``right[i]``; a missing value (NaN) goes left when ``missing_left[i]``.
    Leaves have ``left == -1`` and add ``value`` to the log-odds. ``roots``
    holds each tree's first node; ``baseline`` is the log-odds before any tree.
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        missing = [name for name in TREE_ARRAYS if name not in arrays]
        if missing:
            raise ValueError(f"boosted trees lack the array {missing[0]!r}")
        self.feature = np.ascontiguousarray(arrays["feature"], dtype=np.int32)
        self.threshold = np.ascontiguousarray(arrays["threshold"], dtype=np.float64)
        self.left = np.ascontiguousarray(arrays["left"], dtype=np.int32)
        self.right = np.ascontiguousarray(arrays["right"], dtype=np.int32)
        self.missing_left = np.ascontiguousarray(arrays["missing_left"], dtype=np.uint8)
        self.value = np.ascontiguousarray(arrays["value"], dtype=np.float64)
        self.roots = np.ascontiguousarray(arrays["roots"], dtype=np.int32)
        self.baseline = float(np.asarray(arrays["baseline"], dtype=np.float64).reshape(-1)[0])
        self._check()
        self._layout_for_walking()

    def _check(self) -> None:
        """Refuse arrays that would send a walk out of bounds or round in circles."""
        n = len(self.feature)
        lengths = {len(a) for a in (self.threshold, self.left, self.right, self.missing_left, self.value)}
        if lengths != {n}:
            raise ValueError("boosted tree arrays differ in length")
        inner = self.left >= 0
        if ((self.right >= 0) != inner).any() or (self.feature[inner] < 0).any():
            raise ValueError("boosted tree arrays have a half-made node")
        children = np.concatenate([self.left[inner], self.right[inner]])
        # Children come after their parent: every walk moves forward and ends.
        parents = np.concatenate([np.flatnonzero(inner), np.flatnonzero(inner)])
        if len(children) and (children.max() >= n or (children <= parents).any()):
            raise ValueError("boosted tree arrays have a child out of place")
        if len(self.roots) and (self.roots[0] != 0 or (np.diff(self.roots) <= 0).any() or self.roots[-1] >= n):
            raise ValueError("boosted tree arrays have a root out of place")
        tree_of = np.searchsorted(self.roots, np.arange(n), side="right") - 1
        if len(children) and (tree_of[children] != tree_of[parents]).any():
            raise ValueError("boosted tree arrays have a child in another tree")
        self.n_features = int(self.feature[inner].max()) + 1 if inner.any() else 0

    def _layout_for_walking(self) -> None:
        """Arrays for the compiled walker: both children of node i at 2i and 2i + 1, leaves leading to themselves.

        A leaf splits on column 0 at +inf, so every row stays on it; each
        tree's depth bounds its walk.
        """
        leaf = self.left < 0
        index = np.arange(len(self.left), dtype=np.int32)
        self._children = np.ascontiguousarray(
            np.stack([np.where(leaf, index, self.left), np.where(leaf, index, self.right)], axis=1).ravel()
        )
        self._feature = np.where(leaf, 0, self.feature).astype(np.int32)
        self._threshold = np.where(leaf, np.inf, self.threshold)
        self._missing_right = ((self.missing_left == 0) & ~leaf).astype(np.uint8)
        # Depth of every node, a level at a time from the roots; a tree's nodes
        # are one run of the arrays, starting at its root.
        node_depth = np.zeros(len(self.left), dtype=np.int32)
        level, depth = self.roots, 0
        while len(level):
            inner = level[~leaf[level]]
            level, depth = np.concatenate([self.left[inner], self.right[inner]]), depth + 1
            node_depth[level] = depth
        self._depth = np.maximum.reduceat(node_depth, self.roots) if len(self.roots) else np.zeros(0, dtype=np.int32)

    @classmethod
    def from_sklearn(cls, model) -> BoostedTrees:
        """Flatten a fitted binary ``HistGradientBoostingClassifier`` (numeric features only).

        This reads scikit-learn's private ``_predictors`` and
        ``_baseline_prediction``, only at training time: the saved arrays are
        ours, so a model keeps loading whatever scikit-learn does next. If a
        release changes those attributes, ``tests/test_trees.py`` (flattened
        trees against scikit-learn's own ``decision_function``) fails first.
        """
        feature, threshold, left, right, missing_left, value, roots = [], [], [], [], [], [], []
        offset = 0
        for (predictor,) in model._predictors:  # one tree per iteration for two classes
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            leaf = nodes["is_leaf"].astype(bool)
            roots.append(offset)
            feature.append(np.where(leaf, -1, nodes["feature_idx"]))
            threshold.append(nodes["num_threshold"])
            left.append(np.where(leaf, -1, nodes["left"].astype(np.int64) + offset))
            right.append(np.where(leaf, -1, nodes["right"].astype(np.int64) + offset))
            missing_left.append(nodes["missing_go_to_left"])
            value.append(np.where(leaf, nodes["value"], 0.0))
            offset += len(nodes)
        return cls(
            {
                "feature": np.concatenate(feature),
                "threshold": np.concatenate(threshold),
                "left": np.concatenate(left),
                "right": np.concatenate(right),
                "missing_left": np.concatenate(missing_left),
                "value": np.concatenate(value),
                "roots": np.asarray(roots),
                "baseline": np.asarray(model._baseline_prediction).reshape(-1)[:1],
            }
        )

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "feature": self.feature,
            "threshold": self.threshold,
            "left": self.left,
            "right": self.right,
            "missing_left": self.missing_left,
            "value": self.value,
            "roots": self.roots,
            "baseline": np.array([self.baseline]),
        }

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``X`` (n, at least ``n_features`` columns)."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] < self.n_features:
            raise ValueError(f"boosted trees need a 2-D array with at least {self.n_features} columns")
        out = np.full(len(X), self.baseline)
        if not len(X) or not len(self.roots):
            return out
        if _compiled_predict_rows is not None:
            _compiled_predict_rows(
                X,
                self._feature,
                self._threshold,
                self._children,
                self._missing_right,
                self.value,
                self.roots,
                self._depth,
                out,
            )
            return out
        return out + self._walk_numpy(X)

    def _walk_numpy(self, X: np.ndarray) -> np.ndarray:
        """Every tree for every row, a level at a time over all (row, tree) pairs still inside a tree."""
        n_rows, n_trees = len(X), len(self.roots)
        flat = X.ravel()
        row_start = np.repeat(np.arange(n_rows, dtype=np.int64) * X.shape[1], n_trees)
        node = np.tile(self.roots.astype(np.int64), n_rows)
        active = np.flatnonzero(self.left[node] >= 0)
        while len(active):
            at = node[active]
            x = flat[row_start[active] + self.feature[at]]
            go_left = np.where(np.isnan(x), self.missing_left[at] != 0, x <= self.threshold[at])
            node[active] = np.where(go_left, self.left[at], self.right[at])
            active = active[self.left[node[active]] >= 0]
        return self.value[node].reshape(n_rows, n_trees).sum(axis=1)
