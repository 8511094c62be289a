"""Stage 1 of training: count unigrams, adjacent pairs and skip pairs in clean text."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

import numpy as np

from ..context import BOUNDARY, UNK, ContextModel, count_pairs, remap_pairs
from ..tokenize import split_pieces, tokenize_pieces
from ..vocab import token_key

log = logging.getLogger(__name__)

# Below these counts a word or pair carries more noise than signal, and the
# tables stay small enough to ship (the model budget is 60 MB in all).
MIN_WORD_COUNT = 3
MIN_PAIR_COUNT = 2
CHUNK_TOKENS = 2_000_000


def _id_chunks(documents: Iterable[str], vocab: dict[str, int], counts: list[int]) -> Iterable[np.ndarray]:
    buffer: list[int] = []
    n_docs = 0
    started = time.time()
    total = 0
    pieces = (piece for doc in documents for piece in split_pieces(doc))
    for tp in tokenize_pieces(pieces, batch_size=1000):
        buffer.append(BOUNDARY)
        for word in tp.words:
            key = token_key(word)
            idx = vocab.get(key)
            if idx is None:
                idx = vocab[key] = len(vocab)
                counts.append(0)
            counts[idx] += 1
            buffer.append(idx)
        if len(buffer) >= CHUNK_TOKENS:
            buffer.append(BOUNDARY)
            total += len(buffer)
            n_docs += 1
            log.info("counted %.1f M tokens (%.0f s)", total / 1e6, time.time() - started)
            yield np.asarray(buffer, dtype=np.int32)
            buffer = []
    if buffer:
        buffer.append(BOUNDARY)
        yield np.asarray(buffer, dtype=np.int32)


def build_context_model(
    documents: Iterable[str], keep_words: Iterable[str] = ()
) -> tuple[ContextModel, list[np.ndarray]]:
    """Count n-grams over ``documents``: a pruned :class:`ContextModel` and the corpus as id chunks.

    ``keep_words`` (thesaurus terms) stay in the vocabulary even when rare, so
    that a rare candidate original still has its own statistics.
    """
    vocab: dict[str, int] = {"<unk>": UNK, "<s>": BOUNDARY}
    counts: list[int] = [0, 0]
    chunks = list(_id_chunks(documents, vocab, counts))
    counts_arr = np.asarray(counts, dtype=np.int64)
    counts_arr[BOUNDARY] = sum(int((c == BOUNDARY).sum()) for c in chunks)

    keep = counts_arr >= MIN_WORD_COUNT
    keep[[UNK, BOUNDARY]] = True
    for word in keep_words:
        idx = vocab.get(word)
        if idx is not None:
            keep[idx] = True
    old_words = list(vocab)
    # New ids: kept words ordered by frequency (ids 0 and 1 fixed).
    kept = np.flatnonzero(keep)
    kept = kept[kept > BOUNDARY]
    kept = kept[np.argsort(-counts_arr[kept], kind="stable")]
    remap = np.full(len(old_words), UNK, dtype=np.int64)
    remap[BOUNDARY] = BOUNDARY
    remap[kept] = np.arange(2, 2 + len(kept))
    new_vocab = ["<unk>", "<s>"] + [old_words[i] for i in kept]
    unigram = np.zeros(len(new_vocab), dtype=np.int64)
    np.add.at(unigram, remap, counts_arr)

    log.info("vocabulary: %d kept of %d types", len(new_vocab), len(old_words))
    pair_keys, pair_counts = remap_pairs(*count_pairs(chunks, 1), remap, MIN_PAIR_COUNT)
    log.info("adjacent pairs: %d", len(pair_keys))
    skip_keys, skip_counts = remap_pairs(*count_pairs(chunks, 2), remap, MIN_PAIR_COUNT)
    log.info("skip pairs: %d", len(skip_keys))
    model = ContextModel(new_vocab, unigram, pair_keys, pair_counts, skip_keys, skip_counts)
    return model, [remap[c].astype(np.int32) for c in chunks]
