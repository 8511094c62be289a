"""The slot model at scoring time: log P(word | two neighbours on each side).

The pair tables (:mod:`spindetect.context`) only know pairs seen in the clean
text, so a fitting pair that happens never to occur there looks as odd as a
swap, and an unseen original cannot show that it would fit. The slot model
(trained by :mod:`spindetect.training.slot_model`) gives every word a score in
every slot from word vectors, so it generalizes to pairs never seen:
"Secretary of _ Mike Pompeo" scores "state" -3.1 and "affirm" -12.9.

A slot's four neighbours (two before, two after) each contribute their context
vector, scaled element-wise by a weight vector for their position; the sum is
the slot vector ``h``, and word ``w`` scores ``h . output[w] + bias[w]``: an
approximately normalised log probability. Words outside the model's
vocabulary (the 40,000 most frequent) share one "unknown" class: such a word
scores the class's log probability plus the log of its share of the class in
the clean text, so rare words and frequent ones compare fairly.
"""

from __future__ import annotations

import numpy as np

from .context import UNK

__all__ = ["SLOT_ARRAYS", "SlotModel"]

SLOT_ARRAYS = ("context", "output", "bias", "position")


class SlotModel:
    """Vectorized slot scores (see the module docstring).

    Args:
        arrays: ``context`` and ``output`` (n_words, dims) word vectors,
            ``bias`` (n_words,) and ``position`` (4, dims), as written by
            :meth:`arrays`.
        unigram: the context model's unigram counts, indexed by its word ids
            (the slot model's ids are the first ``n_words`` of them).
    """

    def __init__(self, arrays: dict[str, np.ndarray], unigram: np.ndarray) -> None:
        missing = [name for name in SLOT_ARRAYS if name not in arrays]
        if missing:
            raise KeyError(missing[0])
        # Stored as float16 (half the size), scored in float32. Fresh float32
        # arrays from training are rounded to float16 first, so that the
        # classifiers are fitted on exactly the scores the saved model gives.
        self.context = np.asarray(arrays["context"], dtype=np.float16).astype(np.float32)
        self.output = np.asarray(arrays["output"], dtype=np.float16).astype(np.float32)
        self.bias = np.asarray(arrays["bias"], dtype=np.float32)
        self.position = np.asarray(arrays["position"], dtype=np.float32)
        self.n_words = len(self.bias)
        if (
            self.context.shape != self.output.shape
            or self.context.shape[0] != self.n_words
            or self.position.shape != (4, self.context.shape[1])
            or len(unigram) < self.n_words
        ):
            raise ValueError("slot model arrays do not fit together or with the vocabulary")
        # log P(word | unknown class) per context-model id; 0 inside the slot vocabulary.
        unigram = np.asarray(unigram, dtype=np.float64)
        outside = max(float(unigram[self.n_words :].sum() + unigram[UNK]), 1.0)
        self.class_lp = np.zeros(len(unigram))
        self.class_lp[self.n_words :] = np.log(np.maximum(unigram[self.n_words :], 1.0) / outside)
        # A word not in the vocabulary at all occurred fewer times than the
        # vocabulary's cut-off: count it as once.
        self.class_lp[UNK] = np.log(1.0 / outside)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "context": self.context.astype(np.float16),
            "output": self.output.astype(np.float16),
            "bias": self.bias,
            "position": self.position,
        }

    def slot_vectors(self, neighbours: np.ndarray) -> np.ndarray:
        """Slot vectors (n, dims) for context-model ids of the neighbours, shape (4, n): -2, -1, +1, +2."""
        neighbours = np.where(neighbours < self.n_words, neighbours, UNK)
        h = np.take(self.context, neighbours[0], axis=0)
        h *= self.position[0]
        for j in range(1, 4):
            h += np.take(self.context, neighbours[j], axis=0) * self.position[j]
        return h

    def log_p(self, h: np.ndarray, words: np.ndarray) -> np.ndarray:
        """log P(word | slot) for slot vectors ``h`` (n, dims) and context-model ids ``words`` (n,)."""
        inside = np.where(words < self.n_words, words, UNK)
        lp = np.einsum("nd,nd->n", h, np.take(self.output, inside, axis=0))
        lp += self.bias[inside]
        return lp + self.class_lp[words]
