"""The scorer's boosted trees: flattened from scikit-learn, walked without it, saved without pickle."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

import spindetect.trees as trees_module
from spindetect.additive import BinnedLogistic
from spindetect.features import FEATURE_NAMES
from spindetect.scorer import SEGMENTS, SpanScorer
from spindetect.trees import BoostedTrees


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 6))
    X[rng.random(X.shape) < 0.02] = np.nan  # scikit-learn learns where missing values go
    y = ((X[:, 0] * X[:, 1] > 0.2) | (np.nan_to_num(X[:, 2]) > 1.0)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=15, early_stopping=False, random_state=0)
    return model.fit(X, y), X


def test_trees_give_scikit_learns_log_odds(fitted) -> None:
    model, X = fitted
    trees = BoostedTrees.from_sklearn(model)
    np.testing.assert_allclose(trees.decision_function(X), model.decision_function(X), atol=1e-9)


def test_the_numpy_walk_gives_the_compiled_walks_numbers(fitted, monkeypatch) -> None:
    model, X = fitted
    trees = BoostedTrees.from_sklearn(model)
    compiled = trees.decision_function(X)
    monkeypatch.setattr(trees_module, "_compiled_predict_rows", None)
    np.testing.assert_allclose(trees.decision_function(X), compiled, atol=1e-9)


def test_the_compiled_walker_is_built() -> None:
    # ``pip install .`` (and ``pip install -e .``) build it; without it the
    # scorer falls back to numpy, which is several times slower.
    assert trees_module.compiled()


def test_trees_survive_their_arrays(fitted) -> None:
    model, X = fitted
    trees = BoostedTrees.from_sklearn(model)
    again = BoostedTrees({name: np.array(values) for name, values in trees.arrays().items()})
    np.testing.assert_array_equal(again.decision_function(X), trees.decision_function(X))


def test_no_rows_give_an_empty_answer(fitted) -> None:
    trees = BoostedTrees.from_sklearn(fitted[0])
    assert trees.decision_function(np.zeros((0, 6))).shape == (0,)


def test_too_few_columns_are_refused(fitted) -> None:
    trees = BoostedTrees.from_sklearn(fitted[0])
    with pytest.raises(ValueError, match="columns"):
        trees.decision_function(np.zeros((3, 2)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.__setitem__("left", a["left"][:-1]), "differ in length"),
        (lambda a: a["left"].__setitem__(0, 0), "out of place"),  # a loop back to the root
        (lambda a: a["left"].__setitem__(0, len(a["left"]) + 5), "out of place"),
        (lambda a: a["right"].__setitem__(0, -1), "half-made"),
        (lambda a: a["roots"].__setitem__(0, 1), "root"),
        (lambda a: a.pop("value"), "lack the array"),
    ],
)
def test_malformed_tree_arrays_are_refused(fitted, change, message) -> None:
    arrays = {name: np.array(values) for name, values in BoostedTrees.from_sklearn(fitted[0]).arrays().items()}
    change(arrays)
    with pytest.raises(ValueError, match=message):
        BoostedTrees(arrays)


def test_a_child_in_another_tree_is_refused(fitted) -> None:
    arrays = {name: np.array(values) for name, values in BoostedTrees.from_sklearn(fitted[0]).arrays().items()}
    second_root = int(arrays["roots"][1])
    arrays["right"][0] = second_root + 1  # forward, in range, but inside the second tree
    with pytest.raises(ValueError, match="another tree"):
        BoostedTrees(arrays)


def _span_data(n: int = 4000, seed: int = 1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(FEATURE_NAMES)))
    y = (X[:, 0] + X[:, 1] * X[:, 2] + rng.normal(scale=0.5, size=n) > 1.0).astype(int)
    return X, y


def test_the_scorer_blends_trees_over_its_floor_and_saves_them() -> None:
    X, y = _span_data()
    params = {"max_iter": 20, "max_leaf_nodes": 7, "early_stopping": False, "random_state": 0}
    additive = SpanScorer.fit(X, y, n_bins=8)
    blended = SpanScorer.fit(X, y, trees=params, floor=0.05, tree_weight=0.5, n_bins=8)
    assert blended.trees is not None
    p_additive, p_blended = additive.predict_proba1(X), blended.predict_proba1(X)
    below = p_additive < 0.05
    # Under the floor the additive probability stands; over it the trees move it.
    np.testing.assert_allclose(p_blended[below], p_additive[below])
    assert not np.allclose(p_blended[~below], p_additive[~below])
    again = SpanScorer.from_arrays(blended.to_arrays())
    np.testing.assert_allclose(again.predict_proba1(X), p_blended)


def test_a_tiny_training_set_fits_no_trees() -> None:
    X, y = _span_data(n=150)
    scorer = SpanScorer.fit(X, y, trees={"max_iter": 5}, floor=0.0, n_bins=4)
    assert scorer.trees is None


def test_a_scorer_without_tree_weight_is_refused() -> None:
    X, y = _span_data()
    scorer = SpanScorer.fit(X, y, trees={"max_iter": 5, "early_stopping": False}, floor=0.05, n_bins=8)
    arrays = scorer.to_arrays()
    del arrays["trees_weight"]
    with pytest.raises(ValueError, match="floor or weight"):
        SpanScorer.from_arrays(arrays)


def test_scorer_weights_out_of_range_are_refused() -> None:
    models = [BinnedLogistic() for _ in SEGMENTS]
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        SpanScorer(models, None, floor=0.5, tree_weight=1.5)
