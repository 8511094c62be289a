"""Small word vectors for topical fit: PPMI co-occurrence factored by truncated SVD.

Neighbouring-pair statistics tell whether a word fits the words right beside
it; they cannot tell that "brickbat" has nothing to do with a story about
nuclear tests while "scopolamine" belongs in one about alkaloids. Vectors
learned from which words share a window of text can: a swapped-in synonym of
the wrong sense points away from the rest of the passage.

Method (Levy, Goldberg & Dagan 2015): symmetric co-occurrence counts within a
window, positive PMI with context-distribution smoothing (alpha 0.75), then a
rank-k SVD; vectors are U * sqrt(S), L2-normalized, stored as float16.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import numpy as np

log = logging.getLogger(__name__)

WINDOW = 4
DIMENSIONS = 64
# Ids are frequency-ranked; the first N_VECTORS (after <unk> and <s>) get vectors.
N_VECTORS = 40_000


def train_vectors(id_chunks: Iterable[np.ndarray], n_words: int = N_VECTORS, dims: int = DIMENSIONS) -> np.ndarray:
    """Vectors for ids 0 .. n_words+1 (rows 0 and 1, <unk> and <s>, stay zero)."""
    from scipy import sparse
    from scipy.sparse.linalg import svds

    size = n_words + 2
    parts: list[np.ndarray] = []
    for ids in id_chunks:
        ids = ids.astype(np.int64)
        ids = np.where(ids < size, ids, 0)
        for d in range(1, WINDOW + 1):
            a, b = ids[:-d], ids[d:]
            keep = (a > 1) & (b > 1)
            keys = a[keep] * size + b[keep]
            uniq, counts = np.unique(keys, return_counts=True)
            parts.append(np.stack([uniq, counts]))
    stacked = np.concatenate(parts, axis=1)
    order = np.argsort(stacked[0], kind="stable")
    keys, counts = stacked[0][order], stacked[1][order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    keys, counts = keys[starts], np.add.reduceat(counts, starts).astype(np.float64)
    rows, cols = keys // size, keys % size
    matrix = sparse.coo_matrix((counts, (rows, cols)), shape=(size, size)).tocsr()
    matrix = (matrix + matrix.T).tocsr()
    log.info("co-occurrence: %d non-zero cells", matrix.nnz)

    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    context = row_sums**0.75
    context /= context.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * 1.0 / total) - np.log(row_sums[coo.row] / total) - np.log(context[coo.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(size, size))
    dims = min(dims, size - 3)  # svds needs k < size; only tiny test corpora get near it
    u, s, _ = svds(ppmi, k=dims, random_state=0)
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    vectors[:2] = 0.0
    return vectors.astype(np.float16)
