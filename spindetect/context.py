"""The context model: how well a word fits between its neighbours.

A spinner picks synonyms without looking at the sentence, so what it writes
rarely occurs next to the words around it ("North Korean bossman"), while the
original it replaced does ("North Korean leader"). This module holds n-gram
statistics from clean text in compact numpy arrays and answers, for whole
batches at once, how probable a word is after its left neighbours and how
probable its right neighbours are after it.

Storage: a vocabulary of lower-cased tokens (id 0 = unknown, id 1 = the
boundary of a piece of text), unigram counts, and two sorted tables of pair
keys ``left_id * VOCAB_STRIDE + right_id`` with their counts: adjacent pairs
(distance 1) and skip pairs (distance 2). A lookup is one ``np.searchsorted``
over the batch, exact, with no hashing collisions.

The scores are Dirichlet-smoothed conditional log-probabilities
``log P(x | left)`` and ``log P(right | x)``; summing both sides gives the
bigram language-model probability of the window up to terms that do not
depend on ``x``, so two fillers of the same slot compare fairly.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

__all__ = ["BOUNDARY", "UNK", "VOCAB_STRIDE", "ContextModel", "count_pairs"]

UNK = 0
BOUNDARY = 1
# Pair keys pack two ids in one int64; ids stay below 2**24.
VOCAB_STRIDE = 1 << 24

# Strength of the unigram prior in the smoothed conditionals. Larger values
# trust sparse pair counts less; 20 worked best on held-out text among 5..100.
SMOOTHING = 20.0


def count_pairs(id_chunks: Iterable[np.ndarray], distance: int) -> tuple[np.ndarray, np.ndarray]:
    """Count ordered id pairs ``distance`` tokens apart over chunks of an id stream.

    Returns sorted unique int64 keys and their int64 counts.
    """
    keys_parts: list[np.ndarray] = []
    counts_parts: list[np.ndarray] = []
    for ids in id_chunks:
        ids = ids.astype(np.int64, copy=False)
        if len(ids) <= distance:
            continue
        keys = ids[:-distance] * VOCAB_STRIDE + ids[distance:]
        uniq, counts = np.unique(keys, return_counts=True)
        keys_parts.append(uniq)
        counts_parts.append(counts)
    if not keys_parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return _merge(np.concatenate(keys_parts), np.concatenate(counts_parts))


def _merge(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.add.reduceat(counts, starts)


def remap_pairs(
    keys: np.ndarray, counts: np.ndarray, remap: np.ndarray, min_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Re-key pairs through an old-id -> new-id map, merge, and drop rare pairs."""
    left = remap[keys // VOCAB_STRIDE]
    right = remap[keys % VOCAB_STRIDE]
    keys, counts = _merge(left * VOCAB_STRIDE + right, counts)
    keep = counts >= min_count
    return keys[keep], counts[keep]


class ContextModel:
    """Vectorized n-gram context statistics (see the module docstring)."""

    def __init__(
        self,
        vocab: list[str],
        unigram: np.ndarray,
        pair_keys: np.ndarray,
        pair_counts: np.ndarray,
        skip_keys: np.ndarray,
        skip_counts: np.ndarray,
    ) -> None:
        self.vocab = vocab
        self.index = dict(zip(vocab, range(len(vocab))))
        self.unigram = unigram.astype(np.float64)
        self.total = float(self.unigram.sum())
        self.pairs = PairTable(pair_keys.astype(np.int64, copy=False), pair_counts)
        self.skips = PairTable(skip_keys.astype(np.int64, copy=False), skip_counts)
        self.prior = (self.unigram + 0.5) / (self.total + 0.5 * len(vocab))
        self.log_prior = np.log(self.prior)
        self._smoothed_prior = SMOOTHING * self.prior
        self._log_normaliser = np.log(self.unigram + SMOOTHING)
        # How often each id occurs as the left / right member of a stored pair
        # differs from its unigram count only by pruning; the unigram count is
        # the right normaliser for a conditional.

    # -- lookups -------------------------------------------------------------
    def ids(self, words: Iterable[str]) -> np.ndarray:
        return np.fromiter(map(self.index.get, words, itertools.repeat(UNK)), dtype=np.int64)

    def pair_count(self, left: np.ndarray, right: np.ndarray, distance: int = 1) -> np.ndarray:
        query = np.multiply(left, VOCAB_STRIDE, dtype=np.int64)
        query += right
        return (self.pairs if distance == 1 else self.skips).lookup(query)

    def log_p_next(self, given: np.ndarray, word: np.ndarray, distance: int = 1) -> np.ndarray:
        """Smoothed log P(word at +distance | given)."""
        return self.log_p_from_count(self.pair_count(given, word, distance), given, word)

    def log_p_from_count(self, joint: np.ndarray, given: np.ndarray, word: np.ndarray) -> np.ndarray:
        """Smoothed log P(word | given) from an already looked-up pair count."""
        # Both terms come from per-id tables: the same numbers, without
        # multiplying and taking a logarithm for every query again.
        logp = np.log(self._smoothed_prior[word] + joint)
        logp -= self._log_normaliser[given]
        return logp

    # -- bundle I/O ------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        # Keys are stored as (left, right) id columns: they compress far better
        # than packed int64 keys and are re-packed once at load time.
        arrays = {"unigram": self.unigram.astype(np.int64)}
        for prefix, table in (("pair", self.pairs), ("skip", self.skips)):
            keys, counts = table.items()
            arrays[f"{prefix}_left"] = (keys // VOCAB_STRIDE).astype(np.int32)
            arrays[f"{prefix}_right"] = (keys % VOCAB_STRIDE).astype(np.int32)
            arrays[f"{prefix}_counts"] = _compact(counts)
        return arrays

    @classmethod
    def from_arrays(cls, vocab: list[str], arrays: dict[str, np.ndarray]) -> ContextModel:
        def keys(prefix: str) -> np.ndarray:
            return arrays[f"{prefix}_left"].astype(np.int64) * VOCAB_STRIDE + arrays[f"{prefix}_right"]

        return cls(
            vocab,
            arrays["unigram"],
            keys("pair"),
            arrays["pair_counts"],
            keys("skip"),
            arrays["skip_counts"],
        )


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# Slots per stored key, at least: at 0.45 a quarter of the probes go on past
# the home slot, at 0.22 an eighth; lookups of the adjacent pairs got 28%
# faster for 32 MB more. Beyond that, the bigger table costs more cache misses.
_MAX_LOAD = 0.3


class PairTable:
    """An open-addressing hash table from packed pair keys to counts, built and probed in numpy.

    Binary search over millions of sorted keys costs a cache miss per level;
    a hash probe usually costs one. Linear probing without wrap-around lets the
    whole table be built in one pass: with keys sorted by home slot ``h``, key
    ``i`` lands at ``i + max(h[j] - j for j <= i)``.

    Each slot holds ``key << shift | count`` in one int64 (-1 when empty), so
    a probe reads one memory location rather than a key and then its count.
    Keys of ids below 2**24 with counts below 2**15 always fit; a table whose
    keys and counts do not fit together keeps its counts in a second array.
    """

    def __init__(self, keys: np.ndarray, counts: np.ndarray) -> None:
        n = len(keys)
        self.bits = max(int(np.ceil(np.log2(max(n / _MAX_LOAD, 2)))), 4)
        home = self._home(keys)
        order = np.argsort(home, kind="stable")
        home, keys, counts = home[order], keys[order], counts[order]
        rank = np.arange(n, dtype=np.int64)
        slots = np.maximum.accumulate(home - rank) + rank if n else rank
        size = int(slots[-1]) + 2 if n else 2
        # Counts are whole numbers; float32 is how they have always been read.
        counts = np.asarray(counts).astype(np.float32)
        whole = counts.astype(np.int64)
        key_bits = int(keys.max()).bit_length() if n else 0
        count_bits = max(int(whole.max()).bit_length() if n else 0, 1)
        packed = key_bits + count_bits <= 63 and bool((whole == counts).all()) and bool((whole >= 0).all())
        self.shift = count_bits if packed else 0
        self.mask = (1 << count_bits) - 1 if packed else 0
        self.table = np.full(max(size, (1 << self.bits) + 1), -1, dtype=np.int64)
        self.table[slots] = (keys << self.shift) | whole if packed else keys
        self.counts: np.ndarray | None = None
        if not packed:
            self.counts = np.zeros(len(self.table), dtype=np.float32)
            self.counts[slots] = counts
        self.n = n

    def _home(self, keys: np.ndarray) -> np.ndarray:
        home = keys.astype(np.uint64)
        home *= _GOLDEN
        home >>= np.uint64(64 - self.bits)
        return home.view(np.int64)

    def _count(self, entry: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """Counts stored at ``slot`` (whose entries are ``entry``); garbage where the slot is empty."""
        if self.counts is not None:
            return self.counts[slot]
        return entry & self.mask

    def lookup(self, query: np.ndarray) -> np.ndarray:
        """Counts for each packed key in ``query`` (0 where absent)."""
        # Most keys sit in their home slot: the first probe covers the whole
        # query at once, and only the few others go round the loop.
        home = self._home(query)
        entry = self.table[home]
        hit = (entry >> self.shift) == query
        result = self._count(entry, home)
        result *= hit  # zero where the home slot holds another key (faster than masking)
        pending = np.flatnonzero(~hit & (entry != -1))
        home, query = home[pending], query[pending]
        slot = home + 1
        while len(pending):
            entry = self.table[slot]
            key = entry >> self.shift
            hit = key == query
            result[pending[hit]] = self._count(entry[hit], slot[hit])
            # A run of slots holds its keys in home order: past keys whose
            # home is after the query's, the query's key cannot follow.
            more = np.flatnonzero(~hit & (entry != -1) & (self._home(key) <= home))
            pending, home, query, slot = pending[more], home[more], query[more], slot[more] + 1
        return result.astype(np.float32, copy=False)

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        """Stored keys and counts in slot order (which makes rebuilding cheap)."""
        used = np.flatnonzero(self.table != -1)
        entry = self.table[used]
        return entry >> self.shift, self._count(entry, used).astype(np.float32, copy=False)


def _compact(counts: np.ndarray) -> np.ndarray:
    counts = np.asarray(counts)
    if counts.size and counts.max() < 65536:
        return counts.astype(np.uint16)
    return counts.astype(np.uint32)
