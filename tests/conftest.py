"""Shared fixtures: a tiny model trained from the fixtures in ``tests/fixtures/tiny``, and the shipped model.

The tiny model goes through the real training stages (context counts, word vectors, lexicon, swap
scorer, document classifier, bundle writing) on about 7,000 words of hand-written prose and two
small thesauri, so the pipeline is tested without ``../shared``. It trains in a few seconds.
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
TINY_THESAURI = ("moby", "wordnet")
PARAGRAPHS_PER_ARTICLE = 4
# Articles are windows of four consecutive paragraphs, starting every second paragraph: about
# sixty held-back "articles", half for the swap scorer and half for the document classifier.
ARTICLE_STRIDE = 2
N_SCORER = 30
N_DOCUMENT = 30


def tiny_paragraphs() -> list[str]:
    lines = (TINY / "corpus.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def tiny_articles(paragraphs: list[str]) -> list[str]:
    last = len(paragraphs) - PARAGRAPHS_PER_ARTICLE
    return ["\n".join(paragraphs[i : i + PARAGRAPHS_PER_ARTICLE]) for i in range(0, last + 1, ARTICLE_STRIDE)]


def write_tiny_data_dir(data_dir: Path) -> Path:
    """Lay the fixture thesauri out like ``../shared/data`` (gzipped, same file names)."""
    layout = {
        "moby.txt": "moby-thesaurus/moby-thesaurus-ii.words.txt.gz",
        "wordnet.tsv": "open-english-wordnet/oewn-2025-synsets.tsv.gz",
    }
    for source, target in layout.items():
        path = data_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        # mtime=0 keeps the gzip bytes identical from run to run.
        with (
            open(TINY / source, "rb") as raw,
            open(path, "wb") as out,
            gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as packed,
        ):
            shutil.copyfileobj(raw, packed)
    return data_dir


def build_tiny_model(data_dir: Path, folder: Path, seed: int = 0) -> Path:
    """Train the tiny model from the thesauri under ``data_dir`` and write its bundle to ``folder``."""
    from spindetect.train import base_from, fit_classifiers, save_model
    from spindetect.training.thesauri import read_moby, read_wordnet

    paragraphs = tiny_paragraphs()
    thesauri = {"moby": read_moby(data_dir), "wordnet": read_wordnet(data_dir)}
    context, zipf_by_id, vectors, slot, lexicon = base_from(paragraphs, thesauri, None)
    model, metrics = fit_classifiers(
        context,
        zipf_by_id,
        vectors,
        slot,
        lexicon,
        articles=tiny_articles(paragraphs),
        thesauri=TINY_THESAURI,
        seed=seed,
        n_scorer=N_SCORER,
        n_document=N_DOCUMENT,
    )
    return save_model(model, folder, metrics, TINY_THESAURI)


@pytest.fixture(scope="session")
def tiny_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_data_dir(tmp_path_factory.mktemp("tiny-data"))


@pytest.fixture(scope="session")
def tiny_model_builder(tiny_data_dir: Path) -> Callable[..., Path]:
    """``build(folder, seed=0) -> folder``: train another tiny model (for determinism checks)."""

    def build(folder: Path, seed: int = 0) -> Path:
        return build_tiny_model(tiny_data_dir, folder, seed)

    return build


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, tiny_model_builder: Callable[..., Path]) -> Path:
    """A tiny model bundle, trained once per session. Treat it as read-only: copy it to alter it."""
    return tiny_model_builder(tmp_path_factory.mktemp("tiny-model") / "tiny-model")


@pytest.fixture(scope="session")
def tiny_corpus() -> list[str]:
    """The fixture paragraphs the tiny model was trained on."""
    return tiny_paragraphs()


@pytest.fixture(scope="session")
def shipped_model_dir() -> Path:
    from spindetect.model import default_model_path

    return default_model_path()


@pytest.fixture(scope="session")
def shipped_model():
    """The shipped model, as the module-level functions (spindetect.score, ...) have loaded it."""
    from spindetect.api import _default_detector

    return _default_detector().model
