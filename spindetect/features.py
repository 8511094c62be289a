"""From text to spans with features: the part of scoring that reads the words.

A *span* is a word token, or a run of tokens that is a multiword thesaurus
term ("from the word go"). For every span, over a whole batch of documents at
once, this module computes:

* how well what is written fits its neighbours (smoothed log-probabilities to
  one and two tokens on each side, and whether those pairs were ever seen in
  clean text);
* the same for each candidate original (the terms whose thesaurus entries list
  the span, re-inflected), and how much better the best of them fits: the
  signal that separates "North Korean bossman" from "North Korean leader";
* what the span is: its frequency, capitalisation, position, length.

Everything after tokenization is vectorized numpy over the batch; per-term
work (candidate lists and their ids) is cached, because text repeats its words.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .context import BOUNDARY, UNK, ContextModel
from .lexicon import Lexicon
from .spinner import FUNCTION_WORDS
from .tokenize import SENTENCE_END, split_pieces, tokenize_pieces
from .vocab import token_key

__all__ = ["CROSSES", "FEATURE_NAMES", "FeatureExtractor", "SpanBatch"]

FEATURE_NAMES = (
    "zipf",  # word frequency of the span (wordfreq Zipf scale)
    "log_count",  # log count in the clean training text
    "is_unknown",
    "lp_left1",  # log P(span | previous token)
    "lp_right1",  # log P(next token | span)
    "lp_left2",
    "lp_right2",
    "pmi_left1",
    "pmi_right1",
    "seen_left1",  # log(1 + count of the pair with the previous token)
    "seen_right1",
    "seen_left2",
    "seen_right2",
    "seen_sum",
    "has_candidates",
    "log_n_candidates",
    "delta_best",  # fit of the best candidate minus fit of the span
    "delta_left1",
    "delta_right1",
    "frac_better",  # share of candidates that fit better than the span
    "zipf_best",
    "zipf_gain",  # zipf of the best candidate minus zipf of the span
    "is_title",
    "is_upper",
    "sentence_initial",
    "is_function_word",
    "n_tokens",
    "n_chars",
    "doc_repeats",  # log of how often the span's key occurs in its document
    "has_vector",
    "coherence",  # cosine of the span's vector with the passage around it
    "coherence_gain",  # coherence of the candidate that fits the neighbours best, minus the span's
)
F = {name: i for i, name in enumerate(FEATURE_NAMES)}
# Crossed coarse bins for the interactions the additive scorer cannot see alone.
CROSSES = (
    (F["delta_best"], F["zipf"]),
    (F["delta_best"], F["seen_sum"]),
    (F["zipf"], F["seen_sum"]),
    (F["zipf"], F["is_title"]),
    (F["delta_best"], F["sentence_initial"]),
    (F["coherence"], F["zipf"]),
    (F["coherence_gain"], F["delta_best"]),
)
# With no candidate at all, the delta features take this value (far below any real delta).
NO_CANDIDATE = -30.0
# Scoring every candidate of a span costs four table lookups; the best-known
# 16 cover almost all real originals (see candidate recall in the evaluation).
MAX_SCORED_CANDIDATES = 12
# Written words at least this frequent (the, of, said, ...) get no candidates.
CANDIDATE_MAX_ZIPF = 6.3
# Passage vectors sum the words within this many tokens on each side.
TOPIC_WINDOW = 20
TOPIC_MAX_ZIPF = 5.8
_PAD = 2


@dataclass
class SpanBatch:
    """Spans of a batch of documents and their features (arrays aligned by span)."""

    doc: np.ndarray  # document index
    start: np.ndarray  # character offsets in the document
    end: np.ndarray
    n_tokens: np.ndarray
    features: np.ndarray  # (n_spans, len(FEATURE_NAMES)) float64
    cand_ptr: np.ndarray  # candidates of span i are entries cand_ptr[i]:cand_ptr[i+1]
    cand_src: np.ndarray  # entry j's text is cand_pool[cand_src[j]]
    cand_pool: list[str]
    cand_fit: np.ndarray
    fit: np.ndarray  # fit of what is written
    fingerprint: np.ndarray  # the span is a known tortured phrase
    keys: list[str]  # lexicon key of each span
    neighbours: np.ndarray  # (n, 4) ids two and one tokens before, one and two after
    n_words: np.ndarray  # word tokens per document

    def __len__(self) -> int:
        return len(self.doc)


def _word_like(word: str) -> bool:
    return word[:1].isalpha() or (any(ch.isalpha() for ch in word) and "-" in word)


class FeatureExtractor:
    def __init__(self, context: ContextModel, lexicon: Lexicon, zipf_by_id: np.ndarray, vectors: np.ndarray):
        self.context = context
        self.lexicon = lexicon
        self.zipf_by_id = zipf_by_id.astype(np.float64)
        self.vectors_f16 = vectors
        self.vectors = vectors.astype(np.float32)
        n_vec = len(vectors)
        # Very frequent words say nothing about the topic; leave them out of
        # the passage vector.
        weight = np.zeros(len(context.vocab), dtype=np.float32)
        weight[:n_vec] = (self.zipf_by_id[:n_vec] < TOPIC_MAX_ZIPF) & (np.abs(self.vectors).sum(axis=1) > 0)
        self.topic_weight = weight
        self._cand_cache: dict[str, tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]] = {}

    # -- candidates ---------------------------------------------------------------
    def _candidate_block(self, key: str):
        block = self._cand_cache.get(key)
        if block is None:
            if len(self._cand_cache) > 300_000:  # bound memory on endless streams
                self._cand_cache.clear()
            # Very common words are almost never what a spinner writes; giving
            # them no candidates saves most of the lookups.
            written = self.context.index.get(key, UNK)
            if self.zipf_by_id[written] >= CANDIDATE_MAX_ZIPF:
                block = self._candidate_arrays((), None)
            else:
                block = self._candidate_arrays(self.lexicon.candidates(key), MAX_SCORED_CANDIDATES)
            self._cand_cache[key] = block
        return block

    def _candidate_arrays(self, candidates, limit: int | None):
        """(texts, first ids, last ids, internal log-probabilities) of the known candidates, up to ``limit``."""
        index = self.context.index
        texts, first, last = [], [], []
        pair_owner, pair_left, pair_right = [], [], []
        for text in candidates:
            ids = [index.get(token_key(part), UNK) for part in text.split(" ")]
            # A candidate unknown to clean text is either a rare word (an
            # unlikely original) or a re-inflection that English lacks
            # ("peaced"); either way it is no suggestion.
            if ids[0] == UNK or ids[-1] == UNK:
                continue
            for a, b in itertools.pairwise(ids):
                pair_owner.append(len(texts))
                pair_left.append(a)
                pair_right.append(b)
            texts.append(text)
            first.append(ids[0])
            last.append(ids[-1])
            if len(texts) == limit:
                break
        internal = np.zeros(len(texts))
        if pair_owner:
            logp = self.context.log_p_next(np.asarray(pair_left), np.asarray(pair_right))
            np.add.at(internal, np.asarray(pair_owner), logp)
        return tuple(texts), np.asarray(first, dtype=np.int64), np.asarray(last, dtype=np.int64), internal

    def rank_candidates(self, key: str, neighbours: np.ndarray) -> list[str]:
        """Every known candidate original of a span, best fit to its neighbours first.

        Scoring looks at the most frequent candidates only; a flagged span is
        worth a look at the whole list, since its suggestion is what users see.
        """
        texts, first, last, internal = self._candidate_arrays(self.lexicon.candidates(key), None)
        if not texts:
            return []
        cm = self.context
        l2, l1, r1, r2 = (np.full(len(texts), int(v)) for v in neighbours)
        fit = (
            cm.log_p_next(l1, first, 1)
            + cm.log_p_next(last, r1, 1)
            + cm.log_p_next(l2, first, 2)
            + cm.log_p_next(last, r2, 2)
            + internal
        )
        return [texts[k] for k in np.argsort(-fit, kind="stable")]

    # -- topical fit -----------------------------------------------------------------
    def _coherence(self, ids, doc_arr, first, last, cand_first):
        """Cosine of each span, and of one candidate per span, with the passage around the span."""
        n_vec = len(self.vectors)
        clipped = np.minimum(ids, n_vec - 1)
        weight = self.topic_weight[ids]
        token_vecs = self.vectors[clipped] * weight[:, None]
        cums = np.zeros((len(ids) + 1, token_vecs.shape[1]), dtype=np.float32)
        np.cumsum(token_vecs, axis=0, out=cums[1:])
        valid = np.flatnonzero(doc_arr >= 0)
        n_docs = int(doc_arr.max(initial=-1)) + 1
        # Documents occupy consecutive runs of the flat token array.
        doc_lo = np.zeros(n_docs, dtype=np.int64)
        doc_hi = np.zeros(n_docs, dtype=np.int64)
        present, first_seen = np.unique(doc_arr[valid], return_index=True)
        doc_lo[present] = valid[first_seen]
        present, last_seen = np.unique(doc_arr[valid][::-1], return_index=True)
        doc_hi[present] = valid[len(valid) - 1 - last_seen] + 1
        span_doc = doc_arr[first]
        lo = np.maximum(first - TOPIC_WINDOW, doc_lo[span_doc])
        hi = np.minimum(last + 1 + TOPIC_WINDOW, doc_hi[span_doc])
        passage = (cums[hi] - cums[lo]) - (cums[last + 1] - cums[first])
        norms = np.linalg.norm(passage, axis=1)
        passage = passage / np.maximum(norms, 1e-9)[:, None]
        wf = ids[first]
        has_vec = (wf < n_vec) & (wf > 1) & (norms > 0)
        span_vecs = self.vectors[np.minimum(wf, n_vec - 1)]
        coherence = np.where(has_vec, np.einsum("ij,ij->i", span_vecs, passage), 0.0)
        cand_vecs = self.vectors[np.minimum(cand_first, n_vec - 1)]
        cand_ok = cand_first < n_vec
        cand_coh = np.where(cand_ok, np.einsum("ij,ij->i", cand_vecs, passage), -1.0)
        return coherence, has_vec, cand_coh

    # -- extraction ------------------------------------------------------------------
    def extract(self, documents: Sequence[str]) -> SpanBatch:
        keys: list[str] = []
        words: list[str] = []
        starts: list[int] = []
        doc_of: list[int] = []
        initial: list[bool] = []
        pad_keys = ["<s>"] * _PAD
        n_words = np.zeros(len(documents), dtype=np.int64)
        pieces = (p for d, text in enumerate(documents) for p in split_pieces(text, d))
        for tp in tokenize_pieces(pieces):
            d = tp.piece.doc
            keys.extend(pad_keys)
            words.extend([""] * _PAD)
            starts.extend([-1] * _PAD)
            doc_of.extend([-1] * _PAD)
            initial.extend([False] * _PAD)
            keys.extend(map(token_key, tp.words))
            words.extend(tp.words)
            starts.extend(tp.starts)
            doc_of.extend([d] * len(tp.words))
            initial.append(True)
            initial.extend([w in SENTENCE_END for w in tp.words[:-1]])
        keys.extend(pad_keys)
        words.extend([""] * _PAD)
        starts.extend([-1] * _PAD)
        doc_of.extend([-1] * _PAD)
        initial.extend([False] * _PAD)

        ids = self.context.ids(keys)
        word_mask = np.fromiter((_word_like(w) for w in words), dtype=bool, count=len(words))
        doc_arr = np.asarray(doc_of, dtype=np.int64)
        np.add.at(n_words, doc_arr[word_mask], 1)

        # Spans: every word token, plus multiword terms found in the text.
        word_positions = np.flatnonzero(word_mask).tolist()
        first = list(word_positions)
        last = list(word_positions)
        span_keys = [keys[i] for i in word_positions]
        prefix = self.lexicon.phrase_prefix
        for i in word_positions:
            options = prefix.get((keys[i], keys[i + 1]))
            if not options:
                continue
            for parts, _term in options:
                n = len(parts)
                if tuple(keys[i : i + n]) == parts:
                    first.append(i)
                    last.append(i + n - 1)
                    span_keys.append(" ".join(parts))
        first_a = np.asarray(first, dtype=np.int64)
        last_a = np.asarray(last, dtype=np.int64)
        return self._features(ids, words, starts, doc_arr, initial, first_a, last_a, span_keys, n_words)

    def _features(self, ids, words, starts, doc_arr, initial, first, last, span_keys, n_words) -> SpanBatch:
        cm = self.context
        n = len(first)
        X = np.zeros((n, len(FEATURE_NAMES)))
        l1, l2 = ids[first - 1], ids[first - 2]
        r1, r2 = ids[last + 1], ids[last + 2]
        wf, wl = ids[first], ids[last]
        seen = [cm.pair_count(l1, wf, 1), cm.pair_count(wl, r1, 1), cm.pair_count(l2, wf, 2), cm.pair_count(wl, r2, 2)]
        lp1 = cm.log_p_from_count(seen[0], l1, wf)
        rp1 = cm.log_p_from_count(seen[1], wl, r1)
        lp2 = cm.log_p_from_count(seen[2], l2, wf)
        rp2 = cm.log_p_from_count(seen[3], wl, r2)
        internal = np.zeros(n)
        multi = np.flatnonzero(last > first)
        for offset in range(1, int((last - first).max(initial=0)) + 1):
            rows = multi[(last[multi] - first[multi]) >= offset]
            internal[rows] += cm.log_p_next(ids[first[rows] + offset - 1], ids[first[rows] + offset])
        fit = lp1 + rp1 + lp2 + rp2 + internal

        # Candidates, flattened over all spans.
        # Candidate blocks per distinct key (text repeats its words), then
        # gathered out to every span with that key.
        distinct: dict[str, int] = {}
        code = np.fromiter((distinct.setdefault(k, len(distinct)) for k in span_keys), dtype=np.int64, count=n)
        blocks = [self._candidate_block(k) for k in distinct]
        block_len = np.fromiter((len(b[0]) for b in blocks), dtype=np.int64, count=len(blocks))
        block_start = np.zeros(len(blocks) + 1, dtype=np.int64)
        np.cumsum(block_len, out=block_start[1:])
        cand_pool = [t for b in blocks for t in b[0]]
        if cand_pool:
            pool_first = np.concatenate([b[1] for b in blocks])
            pool_last = np.concatenate([b[2] for b in blocks])
            pool_internal = np.concatenate([b[3] for b in blocks])
        else:
            pool_first = pool_last = np.zeros(0, dtype=np.int64)
            pool_internal = np.zeros(0)
        lengths = block_len[code]
        cand_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=cand_ptr[1:])
        owner = np.repeat(np.arange(n), lengths)
        cand_src = block_start[code][owner] + (np.arange(len(owner)) - cand_ptr[owner])
        cf, cl, cint = pool_first[cand_src], pool_last[cand_src], pool_internal[cand_src]
        c_lp1 = cm.log_p_next(l1[owner], cf, 1)
        c_rp1 = cm.log_p_next(cl, r1[owner], 1)
        cand_fit = c_lp1 + c_rp1 + cm.log_p_next(l2[owner], cf, 2) + cm.log_p_next(cl, r2[owner], 2) + cint
        has = lengths > 0
        best = np.full(n, -np.inf)
        if len(cand_fit):
            # owner is sorted, so each span's candidates are one contiguous run
            best[has] = np.maximum.reduceat(cand_fit, cand_ptr[:-1][has])
        is_best = cand_fit >= best[owner]
        best_owner, best_pos = np.unique(owner[is_best], return_index=True)
        best_idx = np.flatnonzero(is_best)[best_pos]
        delta = np.full(n, NO_CANDIDATE)
        delta_l = np.full(n, NO_CANDIDATE)
        delta_r = np.full(n, NO_CANDIDATE)
        zipf_best = np.zeros(n)
        delta[best_owner] = cand_fit[best_idx] - fit[best_owner]
        delta_l[best_owner] = c_lp1[best_idx] - lp1[best_owner]
        delta_r[best_owner] = c_rp1[best_idx] - rp1[best_owner]
        zipf_best[best_owner] = self.zipf_by_id[cf[best_idx]]
        better = np.bincount(owner, weights=(cand_fit > fit[owner]).astype(float), minlength=n)

        single = last == first
        zipf = self.zipf_by_id[wf].copy()
        if (~single).any():
            lex = self.lexicon
            for i in np.flatnonzero(~single):
                term = lex.term_id(span_keys[i])
                zipf[i] = float(lex.zipf[term]) if term is not None else 0.0
        best_first = np.zeros(n, dtype=np.int64)
        best_first[best_owner] = cf[best_idx]
        coherence, has_vec, best_coh = self._coherence(ids, doc_arr, first, last, best_first)
        first_words = [words[i] for i in first]
        X[:, F["zipf"]] = zipf
        unknown = wf == UNK
        X[:, F["log_count"]] = np.where(unknown, 0.0, np.log1p(cm.unigram[wf]))
        X[:, F["is_unknown"]] = unknown
        X[:, F["lp_left1"]] = lp1
        X[:, F["lp_right1"]] = rp1
        X[:, F["lp_left2"]] = lp2
        X[:, F["lp_right2"]] = rp2
        X[:, F["pmi_left1"]] = lp1 - cm.log_prior[wf]
        X[:, F["pmi_right1"]] = rp1 - cm.log_prior[r1]
        seen = [np.log1p(c) for c in seen]
        # A boundary neighbour says nothing about fit; count it as neutral.
        seen[0] = np.where(l1 == BOUNDARY, 1.0, seen[0])
        seen[1] = np.where(r1 == BOUNDARY, 1.0, seen[1])
        for name, values in zip(("seen_left1", "seen_right1", "seen_left2", "seen_right2"), seen):
            X[:, F[name]] = values
        X[:, F["seen_sum"]] = seen[0] + seen[1]
        X[:, F["has_candidates"]] = has
        X[:, F["log_n_candidates"]] = np.log1p(lengths)
        X[:, F["delta_best"]] = delta
        X[:, F["delta_left1"]] = delta_l
        X[:, F["delta_right1"]] = delta_r
        X[:, F["frac_better"]] = better / np.maximum(lengths, 1)
        X[:, F["zipf_best"]] = zipf_best
        X[:, F["zipf_gain"]] = np.where(has, zipf_best - zipf, 0.0)
        X[:, F["is_title"]] = [w[:1].isupper() and not w[1:2].isupper() for w in first_words]
        X[:, F["is_upper"]] = [len(w) > 1 and w.isupper() for w in first_words]
        X[:, F["sentence_initial"]] = np.asarray(initial)[first]
        X[:, F["is_function_word"]] = [k in FUNCTION_WORDS for k in span_keys]
        X[:, F["n_tokens"]] = last - first + 1
        starts_a = np.asarray(starts, dtype=np.int64)
        span_start = starts_a[first]
        span_end = starts_a[last] + np.fromiter((len(words[i]) for i in last), dtype=np.int64, count=n)
        X[:, F["n_chars"]] = span_end - span_start
        # Spinners pick a synonym afresh at each occurrence, so a rare word that
        # keeps recurring in one document is its topic, not a swap.
        key_codes = np.unique(np.asarray(span_keys, dtype=object).astype(str), return_inverse=True)[1]
        pair = doc_arr[first] * (len(span_keys) + 1) + key_codes
        _, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
        X[:, F["doc_repeats"]] = np.log(counts[inverse])
        X[:, F["has_vector"]] = has_vec
        X[:, F["coherence"]] = coherence
        X[:, F["coherence_gain"]] = np.where(has & has_vec, best_coh - coherence, 0.0)
        return SpanBatch(
            doc=doc_arr[first],
            start=span_start,
            end=span_end,
            n_tokens=last - first + 1,
            features=X,
            cand_ptr=cand_ptr,
            cand_src=cand_src,
            cand_pool=cand_pool,
            cand_fit=cand_fit,
            fit=fit,
            fingerprint=np.fromiter(
                (len(k) > 0 and " " in k and self.lexicon.is_fingerprint(k) for k in span_keys), dtype=bool, count=n
            ),
            n_words=n_words,
            keys=span_keys,
            neighbours=np.stack([l2, l1, r1, r2], axis=1),
        )
