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
* the slot model's probability of the span between its neighbours, and how
  much more probable its likeliest candidate would be there: the same
  question as the pair statistics, answered from word vectors, so that it
  holds for pairs the clean text never showed;
* what the span is: its frequency, capitalisation, position, length.

Everything after tokenization is vectorized numpy over the batch. Per-string
and per-key work (key normalisation, vocabulary ids, candidate lists and their
ids) is done once and kept in a memo, because text repeats its words.
"""

from __future__ import annotations

import itertools
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .context import BOUNDARY, UNK, ContextModel
from .inflect import analyze, inflect
from .lexicon import Lexicon
from .slot import SlotModel
from .spinner import FUNCTION_WORDS
from .tokenize import SENTENCE_END, TokenArrays, split_pieces, token_text, tokenize_arrays
from .vocab import NUM, token_key

__all__ = ["FEATURE_NAMES", "F", "FeatureExtractor", "SpanBatch", "forget_candidates", "key_share"]

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
    "slot_lp",  # log P(span | two neighbours on each side) from the slot model
    "slot_pmi",  # slot_lp minus the span's log unigram probability
    "slot_gain",  # slot_lp of the candidate the slot model likes best, minus the span's
)
F = {name: i for i, name in enumerate(FEATURE_NAMES)}
# With no candidate at all, the delta features take this value (far below any real delta).
NO_CANDIDATE = -30.0
# Scoring every candidate of a span costs four table lookups, so only the first
# 12 in the lexicon's order (most likely originals first) are scored.
MAX_SCORED_CANDIDATES = 12
# Written words at least this frequent (the, of, said, ...) get no candidates.
CANDIDATE_MAX_ZIPF = 6.3
# Passage vectors sum the words within this many tokens on each side.
TOPIC_WINDOW = 20
# Weight of topical fit (cosine, -1 to 1) against the neighbours' log-probabilities
# when ranking suggestions; 12 was best of 0-32 on the development split.
SUGGESTION_TOPIC_WEIGHT = 12.0
# Bonus, in log-probability units, for a candidate original that is written
# elsewhere in the same document: a spinner swaps only some occurrences of a
# word, so the original often still stands a few sentences away. It raised
# restore@1 on the development split from 0.564 to 0.584, in every setting
# (0, 2, 4, 8, 16 compared by benchmarks/suggestion_ranking.py; 8 did as well).
SUGGESTION_IN_DOCUMENT_WEIGHT = 4.0
TOPIC_MAX_ZIPF = 5.8
# Candidates per block when the slot model scores them (8 MB of vectors per block).
SLOT_BLOCK = 16_384
_PAD = 2
# What the candidate features read for a span with no candidate original.
NO_CANDIDATE_FEATURES = {
    "has_candidates": 0.0,
    "log_n_candidates": 0.0,
    "delta_best": NO_CANDIDATE,
    "delta_left1": NO_CANDIDATE,
    "delta_right1": NO_CANDIDATE,
    "frac_better": 0.0,
    "zipf_best": 0.0,
    "zipf_gain": 0.0,
    "coherence_gain": 0.0,
    "slot_gain": NO_CANDIDATE,
}


def forget_candidates(features: np.ndarray, rows: np.ndarray) -> None:
    """Make ``rows`` of a feature matrix read as spans the lexicon has no candidates for (in place)."""
    for name, value in NO_CANDIDATE_FEATURES.items():
        features[rows, F[name]] = value


def key_share(keys: Sequence[str], salt: str) -> np.ndarray:
    """A fixed pseudo-random number in [0, 1) per key (and salt): picks a share of word types reproducibly."""
    return np.array([zlib.crc32(f"{salt}\x00{key}".encode()) / 2**32 for key in keys])


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
    cand_pool: list[str]  # shared by batches: every candidate text scored since the memo last restarted
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


# The memo of distinct token strings and keys restarts beyond these sizes, so
# that an endless stream of new words cannot grow it without bound.
MAX_MEMO_TOKENS = 300_000
MAX_MEMO_KEYS = 300_000
MAX_MEMO_CANDIDATES = 3_000_000
# Key codes of a two-key pair are packed into one int64 as ``a * _KEY_STRIDE + b``.
_KEY_STRIDE = 1 << 31
# Record 0 stands for the padding around each piece of text.
_PAD_RECORD = 0
_PAD_KEY = "<s>"


class _Column:
    """A numpy array that grows at the end (amortized doubling); ``values`` is a view of the filled part."""

    def __init__(self, dtype, fill=0) -> None:
        self._data = np.full(1024, fill, dtype=dtype)
        self._fill = fill
        self.n = 0

    @property
    def values(self) -> np.ndarray:
        return self._data[: self.n]

    def extend(self, values) -> None:
        values = np.asarray(values, dtype=self._data.dtype)
        need = self.n + len(values)
        if need > len(self._data):
            grown = np.full(max(need, 2 * len(self._data)), self._fill, dtype=self._data.dtype)
            grown[: self.n] = self._data[: self.n]
            self._data = grown
        self._data[self.n : need] = values
        self.n = need

    def truncate(self, n: int) -> None:
        self._data[n : self.n] = self._fill
        self.n = n


class _Memo:
    """What scoring needs to know about each distinct token string and each key, worked out once.

    Text repeats its words (a news batch has about 20 tokens per distinct
    string), so the per-token Python work (key normalisation, vocabulary id,
    word-likeness, capitalisation) is done once per string and every later
    occurrence is a numpy gather. Token strings are known by their spaCy hash,
    so a known string is never even sliced out of the text.

    Keys (lexicon keys: lower-cased token keys, or multiword terms joined by
    spaces) get an integer code each; per key code it keeps whether it is a
    function word or a known tortured phrase, its lexicon zipf, and where its
    scored candidates sit in one shared candidate pool. The keys of multiword
    terms and their parts are coded up front (the "base" keys) so that phrases
    are found in the text by comparing codes; a restart keeps them.
    """

    def __init__(self, context: ContextModel, lexicon: Lexicon) -> None:
        self.index = context.index
        self.lexicon = lexicon
        self.key_code: dict[str, int] = {}
        self.key_text = _Column(object, None)
        self.key_function_word = _Column(bool)
        self.key_fingerprint = _Column(bool)
        self.key_phrase_zipf = _Column(np.float64)
        # Candidates of key k are pool entries cand_start[k] : cand_start[k] + cand_len[k]
        # (-1: not looked up yet).
        self.cand_start = _Column(np.int64, -1)
        self.cand_len = _Column(np.int64, -1)
        self.pool_text: list[str] = []
        self.pool_first = _Column(np.int64)
        self.pool_last = _Column(np.int64)
        self.pool_internal = _Column(np.float64)
        # Candidate texts recur across keys (synonyms share their originals):
        # per distinct text, its first and last vocabulary ids and the summed
        # log-probabilities of the word pairs inside it.
        self.cand_type: dict[str, int] = {}
        self.type_text = _Column(object, None)
        self.type_first = _Column(np.int64)
        self.type_last = _Column(np.int64)
        self.type_internal = _Column(np.float64)
        # The type of each lexicon term's lower-cased text, and of its
        # inflections by tag (-1: not worked out yet): candidates are then
        # found as arrays of term ids, without handling their text.
        self.term_type = np.full(len(lexicon.terms), -1, dtype=np.int64)
        self.inflected_type: dict[str, np.ndarray] = {}
        # Token records: sorted spaCy hashes -> record number, and per record
        # its key code, vocabulary id and flags.
        self.orth_sorted = np.zeros(0, dtype=np.uint64)
        self.orth_record = np.zeros(0, dtype=np.int64)
        self.rec_key = _Column(np.int64)
        self.rec_id = _Column(np.int64)
        self.rec_word_like = _Column(bool)
        self.rec_sentence_end = _Column(bool)
        self.rec_title = _Column(bool)
        self.rec_upper = _Column(bool)
        self._build_phrases()
        self._add_pad_record()

    # -- keys ---------------------------------------------------------------------
    def codes(self, keys: list[str]) -> list[int]:
        """Key codes of ``keys``, coding new keys on the way."""
        get = self.key_code.get
        codes = list(map(get, keys, itertools.repeat(-1)))
        if -1 in codes:
            fresh = list(dict.fromkeys(itertools.compress(keys, map((-1).__eq__, codes))))
            self._add_keys(fresh)
            codes = list(map(get, keys))
        return codes

    def _add_keys(self, keys: list[str]) -> None:
        start = len(self.key_code)
        self.key_code.update(zip(keys, range(start, start + len(keys))))
        self.key_text.extend(np.array(keys + [None], dtype=object)[:-1])  # [None]: never a 2-D array
        # What a span key needs (see FeatureExtractor._describe_keys) is filled
        # in when the key is first a span: most keys never are.
        for column in (self.key_function_word, self.key_fingerprint, self.key_phrase_zipf):
            column.extend(np.zeros(len(keys)))
        self.cand_start.extend(np.full(len(keys), -1))
        self.cand_len.extend(np.full(len(keys), -1))

    # -- phrases ------------------------------------------------------------------
    def _build_phrases(self) -> None:
        """Code every multiword term with candidates, sorted by its first two keys (ties in lexicon order).

        Built with whole-list operations: a Python object per term would make
        loading the model noticeably slower.
        """
        keys = self.lexicon.keys
        phrases = [keys[t] for t in self.lexicon.phrase_terms]
        n_parts = np.fromiter(map(str.count, phrases, itertools.repeat(" ")), dtype=np.int64, count=len(phrases)) + 1
        part_codes = np.asarray(self.codes(" ".join(phrases).split(" ") if phrases else []), dtype=np.int64)
        phrase_codes = np.asarray(self.codes(phrases), dtype=np.int64)
        self.codes([_PAD_KEY])
        width = int(n_parts.max(initial=2))
        table = np.full((len(phrases), width), -1, dtype=np.int64)
        row = np.repeat(np.arange(len(phrases)), n_parts)
        table[row, np.arange(len(row)) - (np.cumsum(n_parts) - n_parts)[row]] = part_codes
        pair = table[:, 0] * _KEY_STRIDE + table[:, 1]
        order = np.argsort(pair, kind="stable")
        self.phrase_pair = pair[order]
        self.phrase_parts = table[order]
        self.phrase_len = n_parts[order]
        self.phrase_key = phrase_codes[order]
        self.n_base_keys = len(self.key_code)

    def phrases_at(self, keys: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(first, last, key code) of every multiword term written at one of ``positions``.

        Ordered by position, then by the term's place in the lexicon, like a
        scan of the text that tries each term starting with the two keys there.
        ``keys`` (key codes of the padded token stream) end with padding.
        """
        pair = keys[positions] * _KEY_STRIDE + keys[positions + 1]
        # Most positions start no term: search the distinct pairs only.
        distinct, inverse = np.unique(pair, return_inverse=True)
        lo = np.searchsorted(self.phrase_pair, distinct, side="left")
        n_options = (np.searchsorted(self.phrase_pair, distinct, side="right") - lo)[inverse]
        lo = lo[inverse]
        at = np.repeat(positions, n_options)
        ptr = np.cumsum(n_options) - n_options
        phrase = np.repeat(lo - ptr, n_options) + np.arange(len(at))
        # Keys past the end of the stream match nothing, as a short slice would not.
        padded = np.concatenate([keys, np.full(self.phrase_parts.shape[1], -2, dtype=np.int64)])
        # Compare the third key on, only for terms that long and still matching.
        match = np.ones(len(at), dtype=bool)
        for k in range(2, self.phrase_parts.shape[1]):
            rows = np.flatnonzero(match & (self.phrase_len[phrase] > k))
            if not len(rows):
                break
            match[rows] = padded[at[rows] + k] == self.phrase_parts[phrase[rows], k]
        at, phrase = at[match], phrase[match]
        return at, at + self.phrase_len[phrase] - 1, self.phrase_key[phrase]

    # -- token records --------------------------------------------------------------
    def _add_pad_record(self) -> None:
        (pad,) = self.codes([_PAD_KEY])
        self._extend_records([pad], [self.index.get(_PAD_KEY, UNK)], [""])

    def _extend_records(self, codes: list[int], ids: list[int], words: list[str]) -> None:
        self.rec_key.extend(codes)
        self.rec_id.extend(ids)
        self.rec_word_like.extend(list(map(_word_like, words)))
        self.rec_sentence_end.extend(list(map(SENTENCE_END.__contains__, words)))
        self.rec_title.extend([w[:1].isupper() and not w[1:2].isupper() for w in words])
        self.rec_upper.extend([len(w) > 1 and w.isupper() for w in words])

    def records(self, orth: np.ndarray) -> np.ndarray:
        """Record number of each token (given by spaCy hash), adding records for new strings."""
        # Searching the distinct hashes only is several times faster than
        # searching every token.
        orth, inverse = np.unique(orth, return_inverse=True)
        found, slot = self._find(orth)
        if not found.all():
            self._add_records(orth[~found])
            found, slot = self._find(orth)
        return self.orth_record[slot][inverse]

    def _find(self, orth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        slot = np.searchsorted(self.orth_sorted, orth)
        if not len(self.orth_sorted):
            return np.zeros(len(orth), dtype=bool), slot
        slot = np.minimum(slot, len(self.orth_sorted) - 1)
        return self.orth_sorted[slot] == orth, slot

    def _add_records(self, orth: np.ndarray) -> None:
        """Records for new token strings (``orth`` sorted, unique)."""
        words = list(map(token_text, orth.tolist()))
        keys = list(map(token_key, words))
        first = self.rec_key.n
        self._extend_records(self.codes(keys), list(map(self.index.get, keys, itertools.repeat(UNK))), words)
        at = np.searchsorted(self.orth_sorted, orth)
        self.orth_sorted = np.insert(self.orth_sorted, at, orth)
        self.orth_record = np.insert(self.orth_record, at, np.arange(first, first + len(orth)))

    # -- bounds ---------------------------------------------------------------------
    def trim(self) -> None:
        """Forget token strings and non-base keys once the memo outgrows its bounds."""
        if (
            self.rec_key.n <= MAX_MEMO_TOKENS
            and len(self.key_code) <= MAX_MEMO_KEYS + self.n_base_keys
            and len(self.pool_text) <= MAX_MEMO_CANDIDATES
            and len(self.cand_type) <= MAX_MEMO_KEYS
        ):
            return
        base = self.n_base_keys
        for key in self.key_text.values[base:].tolist():
            del self.key_code[key]
        for column in (self.key_text, self.key_function_word, self.key_fingerprint, self.key_phrase_zipf):
            column.truncate(base)
        for column in (self.cand_start, self.cand_len):
            column.truncate(base)
            column.values[:] = -1  # base keys are described again on their next use
        # A new list: span batches already returned keep the old one.
        self.pool_text = []
        for column in (self.pool_first, self.pool_last, self.pool_internal):
            column.truncate(0)
        self.cand_type.clear()
        for column in (self.type_text, self.type_first, self.type_last, self.type_internal):
            column.truncate(0)
        self.term_type[:] = -1
        self.inflected_type.clear()
        for column in (
            self.rec_key,
            self.rec_id,
            self.rec_word_like,
            self.rec_sentence_end,
            self.rec_title,
            self.rec_upper,
        ):
            column.truncate(0)
        self.orth_sorted = np.zeros(0, dtype=np.uint64)
        self.orth_record = np.zeros(0, dtype=np.int64)
        self._add_pad_record()


def _window_sums(cums, before, shift, lo, hi, first, last) -> np.ndarray:
    """Sum of the vectors in each span's window, without the span's own.

    Row ``before[j] + shift`` of ``cums`` holds the sum of the span's
    document up to position ``j`` (``shift`` is the span's document index:
    each document's sums sit below a zero row of its own).
    """
    # (np.take gathers rows faster than indexing does.)
    passage = np.take(cums, before[hi] + shift, axis=0) - np.take(cums, before[lo] + shift, axis=0)
    # The span's own vectors are taken out of the window. Most spans weigh
    # nothing, and taking out an exact zero changes no number.
    start, end = before[first] + shift, before[last + 1] + shift
    own = np.flatnonzero(end != start)
    passage[own] -= np.take(cums, end[own], axis=0) - np.take(cums, start[own], axis=0)
    return passage


class FeatureExtractor:
    def __init__(
        self,
        context: ContextModel,
        lexicon: Lexicon,
        zipf_by_id: np.ndarray,
        vectors: np.ndarray,
        slot: SlotModel,
    ):
        self.context = context
        self.slot = slot
        self.lexicon = lexicon
        self.zipf_by_id = zipf_by_id.astype(np.float64)
        self.vectors_f16 = vectors
        # Row-major: vectors are read a row (a word) at a time, and the stored
        # array comes column-major.
        self.vectors = vectors.astype(np.float32, order="C")
        n_vec = len(vectors)
        # Very frequent words say nothing about the topic; leave them out of
        # the passage vector.
        weight = np.zeros(len(context.vocab), dtype=np.float32)
        weight[:n_vec] = (self.zipf_by_id[:n_vec] < TOPIC_MAX_ZIPF) & (np.abs(self.vectors).sum(axis=1) > 0)
        self.topic_weight = weight
        self._memo = _Memo(context, lexicon)
        self._lock = threading.Lock()
        self._ranked: dict[str, tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]] = {}

    # -- candidates ---------------------------------------------------------------
    def _describe_keys(self, codes: np.ndarray) -> None:
        """Fill in the memo what spans need of each key in ``codes`` not seen as a span before.

        That is whether it is a function word or a known tortured phrase, its
        lexicon zipf (for multiword terms), and its scored candidates, which
        go to the memo's pool. Very common words are almost never what a
        spinner writes; giving them no candidates saves most of the lookups.
        """
        memo = self._memo
        todo = codes[memo.cand_len.values[codes] < 0]
        if not len(todo):
            return
        keys = memo.key_text.values[todo].tolist()
        key_term = self._describe_key_terms(todo, keys)
        common = self.zipf_by_id[self.context.ids(keys)] >= CANDIDATE_MAX_ZIPF
        key_term[common] = -1
        owner, types = self._scored_candidates(keys, key_term, common)
        counts = np.bincount(owner, minlength=len(keys))
        memo.cand_start.values[todo] = len(memo.pool_text) + np.cumsum(counts) - counts
        memo.cand_len.values[todo] = counts
        memo.pool_text.extend(memo.type_text.values[types].tolist())
        memo.pool_first.extend(memo.type_first.values[types])
        memo.pool_last.extend(memo.type_last.values[types])
        memo.pool_internal.extend(memo.type_internal.values[types])

    def _describe_key_terms(self, todo: np.ndarray, keys: list[str]) -> np.ndarray:
        """Set the memo's function-word, fingerprint and zipf entries of keys ``todo``; returns their term ids (-1: none)."""
        memo, lex = self._memo, self.lexicon
        memo.key_function_word.values[todo] = list(map(FUNCTION_WORDS.__contains__, keys))
        memo.key_fingerprint.values[todo] = [" " in k and lex.is_fingerprint(k) and self._unattested(k) for k in keys]
        key_term = np.fromiter(map(lex.key_to_term.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
        memo.key_phrase_zipf.values[todo] = np.where(key_term >= 0, lex.zipf[key_term].astype(np.float64), 0.0)
        return key_term

    def _unattested(self, key: str) -> bool:
        """Whether a tortured phrase reads as a fingerprint: it cannot be honest English.

        The published list holds some phrases that are ordinary technical
        terms ("machine learning", "neural network", "cloud computing") and
        some with numbers, which match any number once keyed ("production
        4.zero" would match "production 2009"). Neither is evidence of a
        paraphrasing tool. A two-word phrase whose pair the clean training
        text holds is treated as honest; longer phrases are kept, since each
        of their pairs can be common while the whole never is.
        """
        parts = key.split(" ")
        if NUM in parts:
            return False
        if len(parts) != 2:
            return True
        ids = self.context.ids(parts)
        if UNK in ids:
            return True
        return int(self.context.pair_count(ids[:1], ids[1:], 1)[0]) == 0

    def _fingerprints(self, rec, first, last, span_keys) -> np.ndarray:
        """Which spans are known tortured phrases, as written.

        A listed phrase written as a name, every word capitalised ("Paranoid
        Android", a song), is a title, not a paraphrase.
        """
        memo = self._memo
        found = memo.key_fingerprint.values[span_keys].astype(bool)
        for i in np.flatnonzero(found):
            records = rec[first[i] : last[i] + 1]
            if (memo.rec_title.values[records] | memo.rec_upper.values[records]).all():
                found[i] = False
        return found

    def _scored_candidates(self, keys: list[str], key_term: np.ndarray, common: np.ndarray):
        """(key index, candidate type) of the candidates scored for each key, grouped by key in candidate order.

        The originals of a key's own term come first among its candidates;
        when enough of them are known, the inflected rest is never worked out.
        """
        owner, types = self._select_candidates(keys, *self._direct_rows(key_term))
        counts = np.bincount(owner, minlength=len(keys))
        short = np.flatnonzero(~common & (counts < MAX_SCORED_CANDIDATES)).tolist()
        short = [i for i in short if " " not in keys[i]]
        if not short:
            return owner, types
        more_owner, more_types = self._inflected_candidates(keys, key_term, short)
        stay = ~np.isin(owner, short)
        owner = np.concatenate([owner[stay], more_owner])
        order = np.argsort(owner, kind="stable")
        return owner[order], np.concatenate([types[stay], more_types])[order]

    def _inflected_candidates(self, keys: list[str], key_term: np.ndarray, which: list[int]):
        """Like _scored_candidates for keys ``which``, with the originals of the lemmas they inflect.

        Lemma readings are added one at a time, only for keys still short of
        candidates: inflecting is the costly part.
        """
        readings = self._readings(keys, which)
        rows = self._direct_rows(np.where(np.isin(np.arange(len(keys)), which), key_term, -1))
        owner, types = self._select_candidates(keys, *rows)
        pending = [i for i in which if readings[i]]
        while pending:
            rows = self._add_inflected_rows(rows, pending, readings)
            owner, types = self._select_candidates(keys, *rows)
            counts = np.bincount(owner, minlength=len(keys))
            pending = [i for i in pending if counts[i] < MAX_SCORED_CANDIDATES and readings[i]]
        return owner, types

    def _originals(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into ``terms``, original term id) for every original of the terms (-1: none), in order."""
        ptr = self.lexicon.arrays["reverse_ptr"]
        has = terms >= 0
        lo = np.where(has, ptr[terms], 0).astype(np.int64)
        n = np.where(has, ptr[terms + 1], 0) - lo
        end = np.cumsum(n)
        at = np.repeat(lo - (end - n), n) + np.arange(int(end[-1]) if len(end) else 0)
        return np.repeat(np.arange(len(terms)), n), self.lexicon.arrays["reverse_cand"][at].astype(np.int64)

    def _direct_rows(self, key_term: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(key index, candidate type) of the originals of each key's own term, lower-cased."""
        owner, originals = self._originals(key_term)
        memo = self._memo
        missing = np.unique(originals[memo.term_type[originals] < 0])
        if len(missing):
            terms = self.lexicon.terms
            memo.term_type[missing] = self._candidate_types([terms[t].lower() for t in missing.tolist()])
        return owner, memo.term_type[originals]

    def _readings(self, keys: list[str], which: list[int]) -> dict[int, list[tuple[int, str]]]:
        """For keys ``which``: the (lemma term, tag) of each lemma the key inflects, in order."""
        key_to_term = self.lexicon.key_to_term
        readings = {}
        for i in which:
            found = [(key_to_term.get(lemma), tag) for lemma, tag in analyze(keys[i]) if tag]
            readings[i] = [(term, tag) for term, tag in found if term is not None]
        return readings

    def _add_inflected_rows(self, rows, which: list[int], readings: dict[int, list[tuple[int, str]]]):
        """Rows (key index, candidate type) with, for each key in ``which``, its next reading's originals re-inflected.

        The reading is taken off ``readings``. Each key's rows stay together,
        in candidate order (a stable sort by key keeps that order).
        """
        owner, lemma_term, tags = [], [], []
        for i in which:
            term, tag = readings[i].pop(0)
            owner.append(i)
            lemma_term.append(term)
            tags.append(tag)
        reading, originals = self._originals(np.asarray(lemma_term, dtype=np.int64))
        types = np.zeros(len(originals), dtype=np.int64)
        row_tag = np.asarray(tags, dtype=object)[reading]
        for tag in dict.fromkeys(tags):
            at = np.flatnonzero(row_tag == tag)
            types[at] = self._inflected_types(originals[at], tag)
        all_owner = np.concatenate([rows[0], np.asarray(owner, dtype=np.int64)[reading]])
        order = np.argsort(all_owner, kind="stable")
        return all_owner[order], np.concatenate([rows[1], types])[order]

    def _inflected_types(self, originals: np.ndarray, tag: str) -> np.ndarray:
        memo = self._memo
        table = memo.inflected_type.get(tag)
        if table is None:
            table = memo.inflected_type[tag] = np.full(len(memo.term_type), -1, dtype=np.int64)
        missing = np.unique(originals[table[originals] < 0])
        if len(missing):
            terms = self.lexicon.terms
            table[missing] = self._candidate_types([inflect(terms[t].lower(), tag) for t in missing.tolist()])
        return table[originals]

    def _select_candidates(self, keys: list[str], owner: np.ndarray, types: np.ndarray):
        """The scored candidates among rows (key index, candidate type), which come grouped by key in candidate order.

        Per key: each text once (its first place), never the key itself, only
        texts known to clean text, and at most MAX_SCORED_CANDIDATES. A
        candidate unknown to clean text is either a rare word (an unlikely
        original) or a re-inflection that English lacks ("peaced"); either
        way it is no suggestion. Returns the kept rows' key index and type.
        """
        memo = self._memo
        get = memo.cand_type.get
        key_type = np.fromiter(map(get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
        first_place = np.zeros(len(owner), dtype=bool)
        first_place[np.unique(owner * (len(memo.cand_type) + 1) + types, return_index=True)[1]] = True
        ok = first_place & (types != key_type[owner])
        ok &= (memo.type_first.values[types] != UNK) & (memo.type_last.values[types] != UNK)
        rank = np.cumsum(ok)
        before = np.concatenate([[0], rank])[np.searchsorted(owner, np.arange(len(keys)))]  # in earlier keys
        keep = np.flatnonzero(ok & (rank - before[owner] <= MAX_SCORED_CANDIDATES))
        return owner[keep], types[keep]

    def _candidate_types(self, texts: list[str]) -> np.ndarray:
        """The memo's type number of each candidate text, adding types for texts not seen before."""
        memo = self._memo
        get = memo.cand_type.get
        types = list(map(get, texts, itertools.repeat(-1, len(texts))))
        if -1 in types:
            fresh = list(dict.fromkeys(t for t, k in zip(texts, types) if k == -1))
            first, last, internal = self._describe_texts(fresh)
            start = len(memo.cand_type)
            memo.cand_type.update(zip(fresh, range(start, start + len(fresh))))
            memo.type_text.extend(np.array(fresh + [None], dtype=object)[:-1])  # [None]: never a 2-D array
            memo.type_first.extend(first)
            memo.type_last.extend(last)
            memo.type_internal.extend(internal)
            types = list(map(get, texts))
        return np.asarray(types, dtype=np.int64)

    def _describe_texts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vocabulary ids of the first and last word of each candidate text, and the internal fit of the known ones.

        The internal fit sums the log-probabilities of the word pairs inside
        a candidate (0 for one word); unknown candidates are never scored.
        """
        n_parts = np.fromiter(map(str.count, texts, itertools.repeat(" ")), dtype=np.int64, count=len(texts)) + 1
        parts = " ".join(texts).split(" ") if texts else []
        ids = self.context.ids(map(token_key, parts))
        end = np.cumsum(n_parts)
        first, last = ids[end - n_parts], ids[end - 1]
        owner = np.repeat(np.arange(len(texts)), n_parts)
        # Pairs of neighbouring words inside one known candidate.
        inner = np.flatnonzero(owner[:-1] == owner[1:])
        inner = inner[(first[owner[inner]] != UNK) & (last[owner[inner]] != UNK)]
        internal = np.zeros(len(texts))
        if len(inner):
            logp = self.context.log_p_next(ids[inner], ids[inner + 1])
            np.add.at(internal, owner[inner], logp)
        return first, last, internal

    def _all_known_candidates(self, key: str) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
        """(texts, first ids, last ids, internal fit) of every candidate of ``key`` known to clean text."""
        memo = self._memo
        texts = self.lexicon.candidates(key)
        types = self._candidate_types(list(texts))
        first, last = memo.type_first.values[types], memo.type_last.values[types]
        known = np.flatnonzero((first != UNK) & (last != UNK))
        kept = tuple(texts[i] for i in known.tolist())
        return kept, first[known], last[known], memo.type_internal.values[types[known]]

    def rank_candidates(
        self,
        key: str,
        neighbours: np.ndarray,
        passage: np.ndarray | None = None,
        document_ids: np.ndarray | None = None,
    ) -> list[str]:
        """Every known candidate original of a span, best fit to its neighbours first.

        Scoring looks at the most frequent candidates only; a flagged span is
        worth a look at the whole list, since its suggestion is what users see.
        A flagged word tends to be flagged again, so the full lists are kept.
        With ``passage`` (unit vector of the words around the span), fit to the
        topic counts too: on the development split it made the top suggestion
        the original for 59% of swaps whose original is a candidate, against
        55% from the neighbours alone. With ``document_ids`` (sorted vocabulary
        ids of the document's words), a one-word candidate written elsewhere in
        the document gets a bonus.
        """
        arrays = self._ranked.get(key)
        if arrays is None:
            if len(self._ranked) > 50_000:  # bound memory on endless streams
                self._ranked.clear()
            with self._lock:
                arrays = self._ranked[key] = self._all_known_candidates(key)
        texts, first, last, internal = arrays
        if not texts:
            return []
        cm = self.context
        n = len(texts)
        l2, l1, r1, r2 = (np.full(n, int(v)) for v in neighbours)
        # One lookup per table, for both sides at once (a small lookup costs
        # mostly its fixed overhead).
        adjacent = cm.log_p_next(np.concatenate([l1, last]), np.concatenate([first, r1]), 1)
        skip = cm.log_p_next(np.concatenate([l2, last]), np.concatenate([first, r2]), 2)
        fit = adjacent[:n] + adjacent[n:] + skip[:n] + skip[n:] + internal
        if passage is not None:
            # Candidates without a vector are rare words: unlikely originals.
            has_vector = first < len(self.vectors)
            topic = np.where(has_vector, self.vectors[np.where(has_vector, first, 0)] @ passage, -1.0)
            fit = fit + SUGGESTION_TOPIC_WEIGHT * topic
        if document_ids is not None and len(document_ids):
            at = np.minimum(np.searchsorted(document_ids, first), len(document_ids) - 1)
            in_document = (document_ids[at] == first) & (first == last)
            fit = fit + SUGGESTION_IN_DOCUMENT_WEIGHT * in_document
        return [texts[k] for k in np.argsort(-fit, kind="stable")]

    # -- topical fit -----------------------------------------------------------------
    def _coherence(self, ids, doc_arr, first, last, cand_first):
        """Cosine of each span, and of one candidate per span, with the passage around the span."""
        n_vec = len(self.vectors)
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
        before, cums = self._passage_sums(ids, doc_arr, n_docs)
        passage = _window_sums(cums, before, span_doc, lo, hi, first, last)
        norms = np.linalg.norm(passage, axis=1)
        passage = passage / np.maximum(norms, 1e-9)[:, None]
        wf = ids[first]
        has_vec = (wf < n_vec) & (wf > 1) & (norms > 0)
        span_vecs = np.take(self.vectors, np.minimum(wf, n_vec - 1), axis=0)
        coherence = np.where(has_vec, np.einsum("ij,ij->i", span_vecs, passage), 0.0)
        cand_vecs = np.take(self.vectors, np.minimum(cand_first, n_vec - 1), axis=0)
        cand_coh = np.where(cand_first < n_vec, np.einsum("ij,ij->i", cand_vecs, passage), -1.0)
        return coherence, has_vec, cand_coh

    def _passage_sums(self, ids, doc_arr, n_docs):
        """Running sums of the weighted token vectors, starting from zero in each document.

        ``before[j]`` counts the weighted tokens before position ``j``; for ``j``
        in document ``d``, ``cums[before[j] + d]`` is the sum over the
        document's weighted tokens before ``j``. Most tokens weigh nothing
        (frequent words, punctuation), so the sums run over the weighted
        tokens only.

        Each document's sums start from a zero row of its own: with one
        running sum over the whole batch, float32 rounding made a text's
        features (and now and then its probability, in the fourth decimal)
        depend on the documents before it in the batch.
        """
        is_weighted = (self.topic_weight[ids] != 0) & (doc_arr >= 0)
        weighted = np.flatnonzero(is_weighted)
        before = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(is_weighted, out=before[1:])
        weighted_doc = doc_arr[weighted]
        cums = np.zeros((len(weighted) + n_docs, self.vectors.shape[1]), dtype=np.float32)
        # Weights are 0 or 1: the weighted vectors are the vectors themselves.
        cums[np.arange(len(weighted)) + weighted_doc + 1] = np.take(self.vectors, ids[weighted], axis=0)
        bounds = np.searchsorted(weighted_doc, np.arange(n_docs + 1)) + np.arange(n_docs + 1)
        for lo, hi in itertools.pairwise(bounds.tolist()):
            if hi - lo > 1:
                np.cumsum(cums[lo:hi], axis=0, out=cums[lo:hi])
        return before, cums

    def _slot_fit(self, neighbours, wf, wl, multi, owner, cf, cand_ptr, has):
        """The slot model's log P of each span, and of its best-fitting scored candidate, between its neighbours.

        The slot model scores one word per slot: a multiword span is read as
        the mean of its first and last words, a multiword candidate as its
        first word (the pair tables read the inner words, ``internal``).
        """
        slot = self.slot
        h = slot.slot_vectors(neighbours)
        lp = slot.log_p(h, wf)
        lp[multi] = 0.5 * (lp[multi] + slot.log_p(h[multi], wl[multi]))
        best = np.full(len(wf), -np.inf)
        if len(owner):
            # Candidates are scored a block at a time: gathering every
            # candidate's slot and output vectors at once cost 200 MB and more
            # for a 200,000-character chunk (up to 12 candidates per word).
            cand_lp = np.empty(len(owner))
            for lo in range(0, len(owner), SLOT_BLOCK):
                rows = slice(lo, lo + SLOT_BLOCK)
                cand_lp[rows] = slot.log_p(np.take(h, owner[rows], axis=0), cf[rows])
            best[has] = np.maximum.reduceat(cand_lp, cand_ptr[:-1][has])
        return lp, best

    # -- extraction ------------------------------------------------------------------
    def extract(self, documents: Sequence[str]) -> SpanBatch:
        pieces = [p for d, text in enumerate(documents) for p in split_pieces(text, d)]
        tokens = tokenize_arrays(pieces)
        piece_doc = np.fromiter((p.doc for p in pieces), dtype=np.int64, count=len(pieces))
        # The memo is shared by every thread scoring with this model.
        with self._lock:
            return self._extract(tokens, piece_doc, len(documents))

    def _extract(self, tokens: TokenArrays, piece_doc: np.ndarray, n_docs: int) -> SpanBatch:
        memo = self._memo
        memo.trim()
        rec, starts, lengths, doc_arr, initial = self._layout(tokens, piece_doc, memo.records(tokens.orth))
        keys = memo.rec_key.values[rec]
        ids = memo.rec_id.values[rec]
        word_mask = memo.rec_word_like.values[rec]
        n_words = np.bincount(doc_arr[word_mask], minlength=n_docs).astype(np.int64)

        # Spans: every word token, plus multiword terms found in the text.
        word_positions = np.flatnonzero(word_mask)
        phrase_first, phrase_last, phrase_keys = memo.phrases_at(keys, word_positions)
        first = np.concatenate([word_positions, phrase_first])
        last = np.concatenate([word_positions, phrase_last])
        span_keys = np.concatenate([keys[word_positions], phrase_keys])
        return self._features(ids, rec, starts, lengths, doc_arr, initial, first, last, span_keys, n_words)

    def _layout(self, tokens: TokenArrays, piece_doc: np.ndarray, records: np.ndarray):
        """The flat token stream of a batch: each piece's tokens after two padding tokens, two more at the end.

        Returns per position: token record, start, length, document (-1 on
        padding) and whether the token starts a sentence.
        """
        counts = tokens.counts
        n_pieces, n_tokens = len(counts), len(records)
        piece_of = np.repeat(np.arange(n_pieces), counts)
        pos = np.arange(n_tokens) + _PAD * (piece_of + 1)
        total = n_tokens + _PAD * (n_pieces + 1)
        rec = np.full(total, _PAD_RECORD, dtype=np.int64)
        rec[pos] = records
        starts = np.full(total, -1, dtype=np.int64)
        starts[pos] = tokens.start
        lengths = np.zeros(total, dtype=np.int64)
        lengths[pos] = tokens.length
        doc_arr = np.full(total, -1, dtype=np.int64)
        doc_arr[pos] = piece_doc[piece_of]
        # A piece starts a sentence, and so does the token after a sentence end.
        after_end = np.zeros(n_tokens, dtype=bool)
        after_end[1:] = self._memo.rec_sentence_end.values[records[:-1]]
        after_end[(np.cumsum(counts) - counts)[counts > 0]] = True
        initial = np.zeros(total, dtype=bool)
        initial[pos] = after_end
        return rec, starts, lengths, doc_arr, initial

    def _features(self, ids, rec, starts, lengths, doc_arr, initial, first, last, span_keys, n_words) -> SpanBatch:
        cm = self.context
        memo = self._memo
        n = len(first)
        # Column-major: features are written, and binned, a column at a time.
        X = np.zeros((n, len(FEATURE_NAMES)), order="F")
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

        # Candidates, flattened over all spans: each key's scored candidates
        # sit in the memo's pool, looked up once per key.
        self._describe_keys(np.unique(span_keys))
        lengths_c = memo.cand_len.values[span_keys]
        cand_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths_c, out=cand_ptr[1:])
        owner = np.repeat(np.arange(n), lengths_c)
        cand_src = memo.cand_start.values[span_keys][owner] + (np.arange(len(owner)) - cand_ptr[owner])
        cf, cl = memo.pool_first.values[cand_src], memo.pool_last.values[cand_src]
        cint = memo.pool_internal.values[cand_src]
        c_lp1 = cm.log_p_next(l1[owner], cf, 1)
        c_rp1 = cm.log_p_next(cl, r1[owner], 1)
        cand_fit = c_lp1 + c_rp1 + cm.log_p_next(l2[owner], cf, 2) + cm.log_p_next(cl, r2[owner], 2) + cint
        has = lengths_c > 0
        best = np.full(n, -np.inf)
        if len(cand_fit):
            # owner is sorted, so each span's candidates are one contiguous run
            best[has] = np.maximum.reduceat(cand_fit, cand_ptr[:-1][has])
        # The first best candidate of each span.
        is_best = np.flatnonzero(cand_fit >= best[owner])
        best_owner = owner[is_best]
        keep = np.ones(len(is_best), dtype=bool)
        keep[1:] = best_owner[1:] != best_owner[:-1]
        best_owner, best_idx = best_owner[keep], is_best[keep]
        delta = np.full(n, NO_CANDIDATE)
        delta_l = np.full(n, NO_CANDIDATE)
        delta_r = np.full(n, NO_CANDIDATE)
        zipf_best = np.zeros(n)
        delta[best_owner] = cand_fit[best_idx] - fit[best_owner]
        delta_l[best_owner] = c_lp1[best_idx] - lp1[best_owner]
        delta_r[best_owner] = c_rp1[best_idx] - rp1[best_owner]
        zipf_best[best_owner] = self.zipf_by_id[cf[best_idx]]
        better = np.bincount(owner, weights=(cand_fit > fit[owner]).astype(float), minlength=n)

        zipf = self.zipf_by_id[wf]
        zipf[multi] = memo.key_phrase_zipf.values[span_keys[multi]]
        best_first = np.zeros(n, dtype=np.int64)
        best_first[best_owner] = cf[best_idx]
        coherence, has_vec, best_coh = self._coherence(ids, doc_arr, first, last, best_first)
        first_rec = rec[first]
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
        X[:, F["log_n_candidates"]] = np.log1p(lengths_c)
        X[:, F["delta_best"]] = delta
        X[:, F["delta_left1"]] = delta_l
        X[:, F["delta_right1"]] = delta_r
        X[:, F["frac_better"]] = better / np.maximum(lengths_c, 1)
        X[:, F["zipf_best"]] = zipf_best
        X[:, F["zipf_gain"]] = np.where(has, zipf_best - zipf, 0.0)
        X[:, F["is_title"]] = memo.rec_title.values[first_rec]
        X[:, F["is_upper"]] = memo.rec_upper.values[first_rec]
        X[:, F["sentence_initial"]] = initial[first]
        X[:, F["is_function_word"]] = memo.key_function_word.values[span_keys]
        X[:, F["n_tokens"]] = last - first + 1
        span_start = starts[first]
        span_end = starts[last] + lengths[last]
        X[:, F["n_chars"]] = span_end - span_start
        # Spinners pick a synonym afresh at each occurrence, so a rare word that
        # keeps recurring in one document is its topic, not a swap.
        pair = doc_arr[first] * (int(span_keys.max(initial=0)) + 1) + span_keys
        _, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
        X[:, F["doc_repeats"]] = np.log(counts[inverse])
        X[:, F["has_vector"]] = has_vec
        X[:, F["coherence"]] = coherence
        X[:, F["coherence_gain"]] = np.where(has & has_vec, best_coh - coherence, 0.0)
        slot_lp, slot_best = self._slot_fit(np.stack([l2, l1, r1, r2]), wf, wl, multi, owner, cf, cand_ptr, has)
        X[:, F["slot_lp"]] = slot_lp
        X[:, F["slot_pmi"]] = slot_lp - cm.log_prior[wf]
        X[:, F["slot_gain"]] = np.where(has, slot_best - slot_lp, NO_CANDIDATE)
        return SpanBatch(
            doc=doc_arr[first],
            start=span_start,
            end=span_end,
            n_tokens=last - first + 1,
            features=X,
            cand_ptr=cand_ptr,
            cand_src=cand_src,
            cand_pool=memo.pool_text,
            cand_fit=cand_fit,
            fit=fit,
            fingerprint=self._fingerprints(rec, first, last, span_keys),
            n_words=n_words,
            keys=memo.key_text.values[span_keys].tolist(),
            neighbours=np.stack([l2, l1, r1, r2], axis=1),
        )
