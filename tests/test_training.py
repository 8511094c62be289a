"""The training pipeline end to end on the tiny fixtures (no ``../shared`` needed).

The tiny model is far too small to be a good detector, so nothing here depends on exact scores:
the tests check that training writes a complete, verifiable bundle, that it loads and scores
through the public API, that a rerun with the same seed gives the same bytes, and that the
scorer has learned the one thing it must: swapped-in words score higher than clean words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import spindetect
from spindetect.bundle import FORMAT, FORMAT_VERSION
from spindetect.features import FEATURE_NAMES
from spindetect.model import Model

# Paragraphs of tests/fixtures/tiny/corpus.txt to spin: weather, sport, politics, travel, history.
SPIN_PARAGRAPHS = (0, 15, 45, 76, 106)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tiny_model(tiny_model_dir: Path) -> Model:
    return Model.load(tiny_model_dir)


@pytest.fixture(scope="module")
def tiny_detector(tiny_model_dir: Path) -> spindetect.Detector:
    return spindetect.Detector(model=tiny_model_dir)


def test_bundle_has_manifest_with_sha256_of_every_file(tiny_model_dir: Path) -> None:
    manifest = _manifest(tiny_model_dir)
    assert manifest["format"] == FORMAT
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["spun_with"] == ["moby", "wordnet"]
    on_disk = {p.name for p in tiny_model_dir.iterdir()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    assert {"context.npz", "lexicon.npz", "scorer.npz", "params.json"} <= on_disk
    for name, digest in manifest["files"].items():
        assert digest == _sha256(tiny_model_dir / name), name


def test_fit_metrics_are_recorded(tiny_model_dir: Path) -> None:
    metrics = _manifest(tiny_model_dir)["fit_metrics"]
    assert 0.0 <= metrics["span_threshold"] <= 1.0
    assert 0.0 <= metrics["document_threshold"] <= 1.0
    assert 0 < metrics["scorer_swaps"] < metrics["scorer_spans"]
    assert metrics["document_samples"] > 0


def test_loads_with_model_load(tiny_model: Model, tiny_model_dir: Path) -> None:
    assert tiny_model.manifest["files"] == _manifest(tiny_model_dir)["files"]
    assert 0.0 <= tiny_model.span_threshold <= 1.0
    assert 0.0 <= tiny_model.document.threshold <= 1.0
    # The vocabulary is the fixture corpus, the lexicon the fixture thesauri.
    assert "weather" in tiny_model.context.index
    assert tiny_model.lexicon.term_id("big cheese") is not None
    vectors = tiny_model.extractor.vectors
    assert vectors.shape[0] <= len(tiny_model.context.vocab)
    assert np.isfinite(vectors).all()
    batch = tiny_model.extractor.extract(["The weather was cold and wet all week."])
    assert batch.features.shape == (len(batch), len(FEATURE_NAMES))


def test_detector_scores_a_paragraph(tiny_detector: spindetect.Detector, tiny_corpus: list[str]) -> None:
    clean = tiny_corpus[SPIN_PARAGRAPHS[0]]
    spun = tiny_detector.spin(clean, rate=0.3, thesaurus="moby", seed=1).text
    for text in (clean, spun):
        result = tiny_detector.score(text)
        assert result.reason is None
        assert 0.0 <= result.probability <= 1.0
        assert result.n_words > 0
        for swap in result.swaps:
            assert text[swap.start : swap.end] == swap.text
            assert 0.0 <= swap.score <= 1.0
            assert all(isinstance(s, str) and s for s in swap.suggestions)
    assert tiny_detector.score(spun).swaps, "a third of the words swapped, and nothing flagged"
    assert tiny_detector.score(spun).probability > tiny_detector.score(clean).probability


def test_spindetect_load_verifies_and_scores(tiny_model_dir: Path, tiny_corpus: list[str]) -> None:
    detector = spindetect.load(tiny_model_dir)
    results = list(detector.score_many(tiny_corpus[:3]))
    assert [r.text for r in results] == tiny_corpus[:3]
    assert all(0.0 <= r.probability <= 1.0 for r in results)


def test_training_is_deterministic(
    tiny_model_dir: Path, tiny_model_builder: Callable[..., Path], tmp_path: Path
) -> None:
    again = tiny_model_builder(tmp_path / "again", seed=0)
    first, second = _manifest(tiny_model_dir)["files"], _manifest(again)["files"]
    assert set(first) == set(second)
    differing = sorted(name for name in first if first[name] != second[name])
    assert not differing, f"same seed, different bytes in {differing}"


def test_spin_gold_spans_slice_the_spun_text(tiny_detector: spindetect.Detector, tiny_corpus: list[str]) -> None:
    for index in SPIN_PARAGRAPHS:
        spun = tiny_detector.spin(tiny_corpus[index], rate=0.3, thesaurus="moby", seed=1)
        assert spun.swaps, f"paragraph {index}: nothing to swap with the tiny thesaurus"
        for swap in spun.swaps:
            assert spun.text[swap.start : swap.end] == swap.text
            assert swap.text != swap.original


def test_swapped_words_score_higher_than_clean_words(
    tiny_model: Model, tiny_detector: spindetect.Detector, tiny_corpus: list[str]
) -> None:
    spun = [tiny_detector.spin(tiny_corpus[i], rate=0.3, thesaurus="moby", seed=1) for i in SPIN_PARAGRAPHS]
    batch = tiny_model.extractor.extract([s.text for s in spun])
    scores = tiny_model.span_scores(batch)
    assert ((scores >= 0.0) & (scores <= 1.0)).all()
    gold = np.zeros(len(batch), dtype=bool)
    for d, s in enumerate(spun):
        for swap in s.swaps:
            gold |= (batch.doc == d) & (batch.start < swap.end) & (batch.end > swap.start)
    clean = ~gold & (batch.n_tokens == 1)
    assert gold.sum() >= 10 and clean.sum() >= 100
    gold_mean, clean_mean = float(scores[gold].mean()), float(scores[clean].mean())
    assert gold_mean > clean_mean, f"swaps {gold_mean:.3f} vs clean words {clean_mean:.3f}"
