"""Stage 1b of training: the slot model, which word fits between two neighbours on each side.

See :mod:`spindetect.slot` for what it answers at scoring time. The model is
a vector log-bilinear language model (Mnih & Kavukcuoglu 2013): the slot
vector ``h`` is the sum of the neighbours' context vectors, each scaled
element-wise by a weight vector for its position, and a word scores
``h . output[w] + bias[w]``.

It is trained by noise-contrastive estimation: each slot's true word against
``NOISE_PER_BATCH`` noise words drawn from the unigram distribution to the
power 0.75, shared by a minibatch (one matrix product instead of a gather
per example). NCE makes the scores approximately self-normalised log
probabilities, so scoring never sums over the vocabulary.

Plain numpy: minibatch Adagrad with one step size per row, two epochs over the
same id stream the pair counts came from (about 2.5 minutes each for 35
million tokens on one core). Frequent target words are thinned as in
word2vec (kept with probability ``sqrt(SUBSAMPLE / frequency)``), which spends
the time on the words that get swapped; the bias is corrected for it
afterwards. Seeded: the same stream gives the same model.
"""

from __future__ import annotations

import logging
import time

import numpy as np
from scipy import sparse

from ..context import BOUNDARY, UNK

log = logging.getLogger(__name__)

DIMENSIONS = 64
EPOCHS = 2
BATCH = 4096
NOISE_PER_BATCH = 256
LEARNING_RATE = 0.1
SUBSAMPLE = 1e-4
OFFSETS = (-2, -1, 1, 2)


def train_slot_model(
    ids: np.ndarray,
    n_words: int,
    dims: int = DIMENSIONS,
    epochs: int = EPOCHS,
    seed: int = 0,
    subsample: float = SUBSAMPLE,
) -> dict[str, np.ndarray]:
    """Train on an id stream (``BOUNDARY`` between pieces of text).

    Ids at or past ``n_words`` are read as unknown (``UNK``, one class).
    Returns float32 arrays for :class:`spindetect.slot.SlotModel`:
    ``context`` and ``output`` (n_words, dims), ``bias`` (n_words,),
    ``position`` (4, dims). ``subsample``: the word2vec thinning threshold
    (1.0 keeps every target).
    """
    rng = np.random.default_rng(seed)
    ids = np.where(ids < n_words, ids, UNK).astype(np.int32)
    counts = np.bincount(ids, minlength=n_words).astype(np.float64)
    noise = counts**0.75
    noise[BOUNDARY] = 0.0  # never a target; unknown words are, as one class
    noise /= max(noise.sum(), 1e-30)
    noise_cdf = np.cumsum(noise)
    log_noise = np.log(np.maximum(noise, 1e-30)).astype(np.float32)
    keep = np.minimum(1.0, np.sqrt(subsample * counts.sum() / np.maximum(counts, 1.0)))

    # word2vec's start: small random context vectors, zero output vectors;
    # the bias starts at the noise distribution, where NCE's optimum begins.
    context = ((rng.random((n_words, dims)) - 0.5) * (0.5 / dims)).astype(np.float32)
    output = np.zeros((n_words, dims), dtype=np.float32)
    bias = log_noise.copy()
    position = np.ones((len(OFFSETS), dims), dtype=np.float32)
    sums = {name: np.zeros(n) for name, n in (("context", n_words), ("output", n_words), ("bias", n_words))}
    position_sums = np.zeros(len(OFFSETS))
    log_k = np.float32(np.log(NOISE_PER_BATCH))

    centre = np.arange(2, max(len(ids) - 2, 2))
    for epoch in range(epochs):
        started = time.time()
        targets = ids[centre]
        chosen = centre[(targets != BOUNDARY) & (rng.random(len(centre)) < keep[targets])]
        rng.shuffle(chosen)
        loss, n_batches = 0.0, 0
        for b in range(0, len(chosen), BATCH):
            at = chosen[b : b + BATCH]
            neighbours = np.stack([ids[at + o] for o in OFFSETS])  # (4, n)
            vectors = context[neighbours]  # (4, n, dims)
            h = np.einsum("jnd,jd->nd", vectors, position)
            target = ids[at]
            sampled = np.minimum(np.searchsorted(noise_cdf, rng.random(NOISE_PER_BATCH)), n_words - 1)
            # NCE logits: score minus log(k * noise probability).
            true_logit = np.einsum("nd,nd->n", h, output[target]) + bias[target] - (log_k + log_noise[target])
            noise_logit = h @ output[sampled].T + (bias[sampled] - (log_k + log_noise[sampled]))
            true_p = 1.0 / (1.0 + np.exp(-true_logit))
            noise_p = 1.0 / (1.0 + np.exp(-noise_logit))
            n_batches += 1
            if n_batches % 100 == 0:
                loss += -np.log(true_p + 1e-9).mean() - np.log(1 - noise_p + 1e-9).sum(1).mean()
            # Gradients of the loss with respect to the scores.
            g_true = true_p - 1.0
            g_noise = noise_p
            grad_h = g_true[:, None] * output[target] + g_noise @ output[sampled]
            rows = np.concatenate([target, sampled])
            _adagrad(output, sums["output"], rows, np.concatenate([g_true[:, None] * h, g_noise.T @ h]))
            _adagrad(bias, sums["bias"], rows, np.concatenate([g_true, g_noise.sum(axis=0)]))
            grad_position = np.einsum("nd,jnd->jd", grad_h, vectors)
            position_sums += np.einsum("jd,jd->j", grad_position, grad_position) / dims
            position -= (LEARNING_RATE / np.sqrt(position_sums + 1e-8))[:, None].astype(np.float32) * grad_position
            grad_context = (grad_h[None, :, :] * position[:, None, :]).reshape(-1, dims)
            _adagrad(context, sums["context"], neighbours.reshape(-1), grad_context)
        log.info(
            "slot model epoch %d: %d slots, NCE loss %.3f, %.0f s",
            epoch + 1,
            len(chosen),
            loss / max(n_batches // 100, 1),
            time.time() - started,
        )
    # Undo the thinning of frequent targets: a word kept with probability p
    # was seen p times as often as it occurs.
    bias -= np.log(keep).astype(np.float32)
    return {"context": context, "output": output, "bias": bias, "position": position}


def _adagrad(param: np.ndarray, sums: np.ndarray, rows: np.ndarray, grads: np.ndarray) -> None:
    """One Adagrad step, with one step size per row, for the rows of ``param`` named in ``rows``.

    The gradients of a row named more than once are summed first, by a
    sparse matrix product: in numpy that is faster than sorting and
    reducing, and much faster than ``np.add.at``.
    """
    uniq, inverse = np.unique(rows, return_inverse=True)
    flat = grads.reshape(len(rows), -1).astype(np.float32, copy=False)
    summer = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (inverse, np.arange(len(rows)))), shape=(len(uniq), len(rows))
    )
    g = np.asarray(summer @ flat)
    sums[uniq] += np.einsum("ij,ij->i", g, g) / g.shape[1]
    step = (LEARNING_RATE / np.sqrt(sums[uniq] + 1e-8)).astype(np.float32)
    param[uniq] -= (step[:, None] * g).reshape((len(uniq),) + param.shape[1:])
