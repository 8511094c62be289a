"""A loaded model and the scoring pass: documents in, :class:`SpinScore` out.

``Model`` holds the parts read from a bundle (context statistics, lexicon,
span scorer, document classifier) and runs one batch through them:
tokenize -> span features -> span scores -> flagged swaps with suggestions ->
document probability.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .additive import BinnedLogistic
from .bundle import BundleError, read_bundle, unpack_strings
from .context import ContextModel
from .document import DOC_FEATURE_NAMES, DocumentModel, document_features, window_features
from .features import FEATURE_NAMES, FeatureExtractor, SpanBatch
from .inflect import match_case
from .lexicon import Lexicon
from .types import SpinScore, Swap

__all__ = ["DEFAULT_MODEL", "Model", "default_model_path"]

DEFAULT_MODEL = "spindetect-en-0.1"
MAX_SUGGESTIONS = 3
# Documents longer than this are scored in pieces of about this size, cut at
# line breaks: working memory stays bounded (a few hundred MB per piece, plus
# 4 bytes per word for the span scores the document probability needs), and
# offsets still index the whole string.
LONG_DOCUMENT_CHARS = 200_000
# A known tortured phrase (Problematic Paper Screener list) is flagged whatever
# its context: the list is curated evidence, not a guess.
FINGERPRINT_SCORE = 0.99


def _chunks(text: str, size: int):
    """(start, end) pieces of about ``size`` characters, cut after a line break or a space when possible."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut >= 0 else end
        yield start, end
        start = end


def default_model_path(name: str = DEFAULT_MODEL) -> Path:
    """The shipped model: inside the installed wheel, or ``models/`` of a source checkout."""
    installed = importlib.resources.files("spindetect") / "models" / name
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parent.parent / "models" / name


class Model:
    def __init__(
        self,
        context: ContextModel,
        lexicon: Lexicon,
        zipf_by_id: np.ndarray,
        vectors: np.ndarray,
        scorer: BinnedLogistic,
        document: DocumentModel,
        span_threshold: float,
        manifest: dict[str, Any] | None = None,
    ) -> None:
        self.context = context
        self.lexicon = lexicon
        self.scorer = scorer
        self.document = document
        self.span_threshold = float(span_threshold)
        self.manifest = manifest or {}
        self.extractor = FeatureExtractor(context, lexicon, zipf_by_id, vectors)

    # -- loading -------------------------------------------------------------------
    @classmethod
    def load(cls, folder: str | Path) -> Model:
        folder = Path(folder)
        if not folder.is_dir():
            raise BundleError(f"{folder}: model folder not found")
        manifest, arrays, params = read_bundle(folder)
        try:
            if list(params["span_features"]) != list(FEATURE_NAMES):
                raise BundleError(f"{folder}: model was trained with other span features; retrain it")
            ctx = arrays["context"]
            context = ContextModel.from_arrays(unpack_strings(ctx["vocab"]), ctx)
            lex = dict(arrays["lexicon"])
            terms = unpack_strings(lex.pop("terms"))
            keys = unpack_strings(lex.pop("keys"))
            lexicon = Lexicon.from_arrays(terms, keys, lex)
            return cls(
                context,
                lexicon,
                ctx["zipf_by_id"],
                ctx["vectors"],
                BinnedLogistic.from_arrays(arrays["scorer"]),
                DocumentModel.from_params(params["document"]),
                params["span_threshold"],
                manifest,
            )
        except KeyError as err:
            raise BundleError(f"{folder}: model is incomplete, {err} is missing") from None

    # -- scoring ---------------------------------------------------------------------
    def span_scores(self, batch: SpanBatch) -> np.ndarray:
        scores = self.scorer.predict_proba1(batch.features)
        return np.where(batch.fingerprint, np.maximum(scores, FINGERPRINT_SCORE), scores)

    def score_batch(self, texts: Sequence[str], threshold: float | None = None) -> list[SpinScore]:
        """Score documents that already passed input checks (non-empty English prose)."""
        threshold = self.document.threshold if threshold is None else threshold
        results: list[SpinScore | None] = [None] * len(texts)
        short = [i for i, text in enumerate(texts) if len(text) <= LONG_DOCUMENT_CHARS]
        if short:
            for i, result in zip(short, self._score_documents([texts[i] for i in short], threshold)):
                results[i] = result
        for i, text in enumerate(texts):
            if results[i] is None:
                results[i] = self._score_long(text, threshold)
        return results  # type: ignore[return-value]

    def _score_long(self, text: str, threshold: float) -> SpinScore:
        # Window features are summed piece by piece, so memory does not grow
        # with the document beyond its swaps.
        feature_sum = np.zeros(len(DOC_FEATURE_NAMES))
        words_sum = 0
        swaps: list[Swap] = []
        n_words = 0
        for start, end in _chunks(text, LONG_DOCUMENT_CHARS):
            chunk = text[start:end]
            batch = self.extractor.extract([chunk])
            span_scores = self.span_scores(batch)
            X, words = window_features(span_scores[batch.n_tokens == 1], self.span_threshold)
            feature_sum += (X * np.maximum(words, 1)[:, None]).sum(axis=0)
            words_sum += int(np.maximum(words, 1).sum())
            n_words += int(batch.n_words[0])
            for s in self._swaps([chunk], batch, span_scores)[0]:
                swaps.append(Swap(s.start + start, s.end + start, s.text, s.score, s.suggestions, s.kind))
        doc_X = (feature_sum / max(words_sum, 1))[None, :]
        p = float(self.document.predict_proba1(doc_X)[0])
        return SpinScore(text, p, bool(p >= threshold), tuple(swaps), threshold=threshold, n_words=n_words)

    def _score_documents(self, texts: Sequence[str], threshold: float) -> list[SpinScore]:
        batch = self.extractor.extract(texts)
        scores = self.span_scores(batch)
        single = batch.n_tokens == 1
        doc_X = document_features(batch.doc[single], scores[single], batch.n_words, self.span_threshold)
        probabilities = self.document.predict_proba1(doc_X)
        swaps = self._swaps(texts, batch, scores)
        return [
            SpinScore(
                text=text,
                probability=float(p),
                is_spun=bool(p >= threshold),
                swaps=swaps[d],
                threshold=threshold,
                n_words=int(batch.n_words[d]),
            )
            for d, (text, p) in enumerate(zip(texts, probabilities))
        ]

    def _swaps(self, texts: Sequence[str], batch: SpanBatch, scores: np.ndarray) -> list[tuple[Swap, ...]]:
        flagged = np.flatnonzero(scores >= self.span_threshold)
        # Strongest first, so an overlapping weaker span (a word inside a flagged
        # phrase, or a phrase around a flagged word) gives way.
        flagged = flagged[np.lexsort((-scores[flagged], batch.doc[flagged]))]
        per_doc: list[list[Swap]] = [[] for _ in texts]
        taken: list[list[tuple[int, int]]] = [[] for _ in texts]
        for i in flagged:
            d, start, end = int(batch.doc[i]), int(batch.start[i]), int(batch.end[i])
            if any(start < e and s < end for s, e in taken[d]):
                continue
            taken[d].append((start, end))
            written = texts[d][start:end]
            per_doc[d].append(Swap(start, end, written, float(scores[i]), self._suggest(batch, i, written)))
        return [tuple(sorted(swaps, key=lambda s: s.start)) for swaps in per_doc]

    def _suggest(self, batch: SpanBatch, i: int, written: str) -> tuple[str, ...]:
        lo, hi = int(batch.cand_ptr[i]), int(batch.cand_ptr[i + 1])
        if hi == lo:
            return ()
        if batch.fingerprint[i]:  # the curated correction comes first
            best = [batch.cand_pool[batch.cand_src[lo + k]] for k in range(min(hi - lo, MAX_SUGGESTIONS))]
        else:
            best = self.extractor.rank_candidates(batch.keys[i], batch.neighbours[i])[:MAX_SUGGESTIONS]
        return tuple(match_case(text, written) for text in best)
