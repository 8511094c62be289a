"""A loaded model and the scoring pass: documents in, :class:`SpinScore` out.

``Model`` holds the parts read from a bundle (context statistics, lexicon,
span scorer, document classifier) and runs one batch through them:
tokenize -> span features -> span scores -> flagged swaps with suggestions ->
document probability.
"""

from __future__ import annotations

import importlib.resources
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .bundle import BundleError, read_bundle, unpack_strings
from .context import UNK, ContextModel
from .document import DOC_FEATURE_NAMES, DocumentModel, document_features, window_features
from .features import FEATURE_NAMES, TOPIC_WINDOW, FeatureExtractor, SpanBatch
from .inflect import match_case
from .lexicon import Lexicon
from .posterior import document_posteriors, swap_posteriors, swap_shares
from .scorer import SpanScorer
from .slot import SlotModel
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
# Each known tortured phrase in a document removes this share of the remaining
# doubt that it was spun: one moves a probability p to at least 0.95, over
# the shipped model's default threshold (0.936), so that one listed phrase is
# enough to call a text spun.
# Screeners treat such phrases as evidence of a paraphrasing tool, and only
# phrases clean text never holds count (FeatureExtractor._unattested): on
# 10.7 M words of clean development text they matched 10 times, in 10 of
# 24,169 documents (benchmarks/fingerprint_matches.py). At 0.5, a sentence
# with one listed phrase was called spun 12.8% of the time; at 0.9, 89% with
# the model of the time (threshold 0.908; benchmarks/tortured_phrases.py),
# with no change on clean sentences. 0.95 came with the slot-model retrain,
# whose first threshold (0.924) 0.9 no longer cleared for a text the classifier
# found clean.
FINGERPRINT_DOCUMENT_EVIDENCE = 0.95


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
        slot: SlotModel,
        scorer: SpanScorer,
        document: DocumentModel,
        span_threshold: float,
        base_rate: float,
        manifest: dict[str, Any] | None = None,
    ) -> None:
        self.context = context
        self.lexicon = lexicon
        self.scorer = scorer
        self.document = document
        self.span_threshold = float(span_threshold)
        # Share of swaps among the scorer's training spans: its prior, which
        # posterior.py swaps for each document's own estimate.
        self.base_rate = float(base_rate)
        self.manifest = manifest or {}
        self.extractor = FeatureExtractor(context, lexicon, zipf_by_id, vectors, slot)

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
            # The pair tables are stored in files of their own (pairs.npz, skips.npz).
            ctx = {**arrays["context"], **arrays.get("pairs", {}), **arrays.get("skips", {})}
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
                SlotModel(arrays["slot"], context.unigram),
                SpanScorer.from_arrays(arrays["scorer"]),
                DocumentModel.from_params(params["document"]),
                params["span_threshold"],
                params["scorer_base_rate"],
                manifest,
            )
        except BundleError:
            raise  # already names the folder (BundleError is a ValueError too)
        except KeyError as err:
            raise BundleError(f"{folder}: model is incomplete, {err} is missing") from None
        except ValueError as err:  # parts that do not fit this version of the code
            raise BundleError(f"{folder}: {err}; retrain it") from None

    def zipf_of(self, words: list[str]) -> np.ndarray:
        """wordfreq's Zipf frequency of each lower-cased word as the model stores it (0 outside its vocabulary).

        The language check reads these instead of wordfreq's own list, which
        would cost about a second to load.
        """
        return self.extractor.zipf_by_id[self.context.ids(words)]

    # -- scoring ---------------------------------------------------------------------
    def span_scores(self, batch: SpanBatch) -> np.ndarray:
        """The scorer's probability for each span on its own evidence (at its training swap share)."""
        return self.scorer.predict_proba1(batch.features)

    def shares(self, batch: SpanBatch, scores: np.ndarray, n_docs: int) -> np.ndarray:
        """Estimated swap share of each document, from its single-word spans."""
        single = batch.n_tokens == 1
        return swap_shares(scores[single], batch.doc[single], n_docs, self.base_rate)

    def posteriors(
        self, batch: SpanBatch, scores: np.ndarray, shares: np.ndarray, probabilities: np.ndarray | None = None
    ) -> np.ndarray:
        """Swap probability of every span given its document's swap share (and verdict, if given).

        Phrases take their document's share. A known tortured phrase is
        flagged whatever the rest of the text.
        """
        if probabilities is None:
            posteriors = swap_posteriors(scores, batch.doc, shares, self.base_rate)
        else:
            posteriors = document_posteriors(scores, batch.doc, shares, probabilities, self.base_rate)
        return np.where(batch.fingerprint, np.maximum(posteriors, FINGERPRINT_SCORE), posteriors)

    def _judge(self, batch: SpanBatch, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
        """(document probabilities, final swap probability of every span) of a batch."""
        scores = self.span_scores(batch)
        shares = self.shares(batch, scores, n_docs)
        single = batch.n_tokens == 1
        # The classifier reads the share-weighed scores; the flags then weigh in its verdict too.
        posteriors = self.posteriors(batch, scores, shares)
        doc_X = document_features(batch.doc[single], scores[single], posteriors[single], batch.n_words)
        probabilities = with_fingerprints(self.document.predict_proba1(doc_X), batch, n_docs)
        return probabilities, self.posteriors(batch, scores, shares, probabilities)

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
        # with the document beyond its swaps. Each piece (about 30,000 words)
        # is judged on its own for its flags: a long file may be spun in parts.
        feature_sum = np.zeros(len(DOC_FEATURE_NAMES))
        words_sum = 0
        swaps: list[Swap] = []
        n_words = fingerprints = 0
        for start, end in _chunks(text, LONG_DOCUMENT_CHARS):
            chunk = text[start:end]
            batch = self.extractor.extract([chunk])
            scores = self.span_scores(batch)
            shares = self.shares(batch, scores, 1)
            single = batch.n_tokens == 1
            X, words = window_features(scores[single], self.posteriors(batch, scores, shares)[single])
            weights = np.maximum(words, 1)
            piece_sum = (X * weights[:, None]).sum(axis=0)
            feature_sum += piece_sum
            words_sum += int(weights.sum())
            n_words += int(batch.n_words[0])
            piece_verdict = self.document.predict_proba1(piece_sum[None, :] / weights.sum())
            piece_probability = with_fingerprints(piece_verdict, batch, 1)
            fingerprints += int(batch.fingerprint.sum())
            posteriors = self.posteriors(batch, scores, shares, piece_probability)
            for s in self._swaps([chunk], batch, posteriors)[0]:
                swaps.append(Swap(s.start + start, s.end + start, s.text, s.score, s.suggestions, s.kind))
        doc_X = (feature_sum / max(words_sum, 1))[None, :]
        p = float(
            raised_by_evidence(self.document.predict_proba1(doc_X)[0], fingerprints, FINGERPRINT_DOCUMENT_EVIDENCE)
        )
        return SpinScore(text, p, bool(p >= threshold), tuple(swaps), threshold=threshold, n_words=n_words)

    def _score_documents(self, texts: Sequence[str], threshold: float) -> list[SpinScore]:
        batch = self.extractor.extract(texts)
        probabilities, posteriors = self._judge(batch, len(texts))
        swaps = self._swaps(texts, batch, posteriors)
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
        passages = _Passages(self.extractor, batch) if len(flagged) else None
        for i in flagged:
            d, start, end = int(batch.doc[i]), int(batch.start[i]), int(batch.end[i])
            if any(start < e and s < end for s, e in taken[d]):
                continue
            taken[d].append((start, end))
            written = texts[d][start:end]
            suggestions = self._suggest(batch, i, written, passages)
            per_doc[d].append(Swap(start, end, written, float(scores[i]), suggestions))
        return [tuple(sorted(swaps, key=lambda s: s.start)) for swaps in per_doc]

    def _suggest(self, batch: SpanBatch, i: int, written: str, passages: _Passages | None) -> tuple[str, ...]:
        lo, hi = int(batch.cand_ptr[i]), int(batch.cand_ptr[i + 1])
        if hi == lo:
            return ()
        if batch.fingerprint[i]:  # the curated correction comes first
            best = [batch.cand_pool[batch.cand_src[lo + k]] for k in range(min(hi - lo, MAX_SUGGESTIONS))]
        else:
            passage = passages.around(i) if passages is not None else None
            document_ids = passages.document_ids(int(batch.doc[i])) if passages is not None else None
            best = self.extractor.rank_candidates(batch.keys[i], batch.neighbours[i], passage, document_ids)
            best = best[:MAX_SUGGESTIONS]
        return tuple(match_case(text, written) for text in best)


def with_fingerprints(probabilities: np.ndarray, batch: SpanBatch, n_docs: int) -> np.ndarray:
    """Document probabilities raised by the known tortured phrases each document contains."""
    found = np.bincount(batch.doc[batch.fingerprint], minlength=n_docs)
    return raised_by_evidence(probabilities, found, FINGERPRINT_DOCUMENT_EVIDENCE)


def raised_by_evidence(probabilities, found, evidence: float):
    """Spin probabilities after ``found`` pieces of independent evidence, each removing ``evidence`` of the doubt."""
    return 1.0 - (1.0 - probabilities) * (1.0 - evidence) ** found


class _Passages:
    """Unit vectors of the words around flagged spans, and the words of their documents, for ranking suggestions.

    Built lazily per batch: only flagged spans need one, and they are few.
    """

    def __init__(self, extractor: FeatureExtractor, batch: SpanBatch) -> None:
        self.extractor = extractor
        self.batch = batch
        single = np.flatnonzero(batch.n_tokens == 1)
        self.order = single[np.lexsort((batch.start[single], batch.doc[single]))]
        self.order_doc = batch.doc[self.order]
        self.order_start = batch.start[self.order]
        # Per document with a flagged span: the vocabulary ids of its words in
        # text order (aligned with its run of ``order``), and their sorted set.
        self._word_ids: dict[int, np.ndarray] = {}
        self._document_ids: dict[int, np.ndarray] = {}

    def _document_range(self, d: int) -> tuple[int, int]:
        """Where document ``d``'s words sit in ``order``."""
        lo = int(np.searchsorted(self.order_doc, d, side="left"))
        hi = int(np.searchsorted(self.order_doc, d, side="right"))
        return lo, hi

    def _ids_of_words(self, d: int) -> np.ndarray:
        ids = self._word_ids.get(d)
        if ids is None:
            lo_doc, hi_doc = self._document_range(d)
            words = self.order[lo_doc:hi_doc].tolist()
            keys = map(self.batch.keys.__getitem__, words)
            found = map(self.extractor.context.index.get, keys, itertools.repeat(UNK))
            ids = self._word_ids[d] = np.fromiter(found, dtype=np.int64, count=len(words))
        return ids

    def document_ids(self, d: int) -> np.ndarray:
        """Sorted vocabulary ids of the words of document ``d``."""
        ids = self._document_ids.get(d)
        if ids is None:
            ids = self._document_ids[d] = np.unique(self._ids_of_words(d))
        return ids

    def around(self, i: int) -> np.ndarray | None:
        batch, ex = self.batch, self.extractor
        d = int(batch.doc[i])
        lo_doc, hi_doc = self._document_range(d)
        at = lo_doc + int(np.searchsorted(self.order_start[lo_doc:hi_doc], batch.start[i]))
        lo, hi = max(at - TOPIC_WINDOW, lo_doc), min(at + TOPIC_WINDOW + 1, hi_doc)
        # The window's words but the span's own (a phrase starts at a word that is left out too).
        ids = self._ids_of_words(d)[lo - lo_doc : hi - lo_doc][self.order_start[lo:hi] != batch.start[i]]
        if len(ids) == 0:
            return None
        ids = ids[(ids < len(ex.vectors)) & (ex.topic_weight[np.minimum(ids, len(ex.topic_weight) - 1)] > 0)]
        passage = ex.vectors[ids].sum(axis=0) if len(ids) else None
        if passage is None or not np.any(passage):
            return None
        return passage / np.linalg.norm(passage)
