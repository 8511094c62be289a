"""The document classifier: from span scores to one calibrated spin probability.

A spun document is not one with a single odd word (clean text has those) but
one where improbable swaps keep turning up. The classifier therefore sees
aggregates of the span scores over the document's words (their mean, the
share above two levels, the strongest few) and the document's length, since
a paragraph carries less evidence than an article. A logistic regression on
standardized aggregates gives the probability; its default threshold is
chosen on held-out training documents so that at most 2% of clean documents
are called spun: people use the verdict to screen real documents, where a
false alarm on an honest author costs more than a missed spun page.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DOC_FEATURE_NAMES", "DocumentModel", "document_features"]

# Share of clean held-back documents the default threshold may call spun.
MAX_CLEAN_CALLED_SPUN = 0.02

DOC_FEATURE_NAMES = (
    "log_words",
    "mean_score",
    "share_over_0.5",
    "share_over_0.8",
    "top3_mean",
    "top10_mean",
    "swaps_per_100_words",
    "share_over_0.3",
    "mean_logit",  # mean log-odds: keeps the evidence that thresholds throw away
    "top_decile_mean",  # mean of the strongest tenth of the words, whatever the length
    "total_evidence",  # summed clipped log-odds: a short text carries less evidence than a long one
    "flagged_count",
    "mean_posterior",  # the document's estimated swap share (see posterior.py)
)


# Spans at least this likely swapped (given the document's swap share) are
# counted as swaps by the document features. A fixed level, not the span
# threshold: the span threshold is chosen after the document classifier.
LIKELY_SWAP = 0.5

# A document longer than this is judged in windows of at most this many words,
# and its features are the word-weighted mean over the windows. The training
# documents are shorter, so a 10 MB file is judged like its parts instead of
# extrapolating length-dependent features far outside what the model has seen.
WINDOW_WORDS = 2000


def document_features(doc: np.ndarray, scores: np.ndarray, posteriors: np.ndarray, n_words: np.ndarray) -> np.ndarray:
    """Aggregate the single-word span scores of each document.

    ``doc`` gives each span's document; spans of a document are in text order.
    ``scores`` are the scorer's context-free probabilities, ``posteriors`` the
    swap probabilities given the document's estimated swap share.
    """
    n_docs = len(n_words)
    if len(scores) == 0 or int(n_words.max(initial=0)) <= WINDOW_WORDS:
        return _window_features(doc, scores, posteriors, n_words)
    order = np.argsort(doc, kind="stable")
    doc, scores, posteriors = doc[order], scores[order], posteriors[order]
    per_doc = np.bincount(doc, minlength=n_docs)
    rank = np.arange(len(doc)) - np.searchsorted(doc, np.arange(n_docs))[doc]
    n_windows = np.maximum(np.ceil(per_doc / WINDOW_WORDS), 1).astype(np.int64)
    first_window = np.concatenate([[0], np.cumsum(n_windows)[:-1]])
    window = first_window[doc] + rank * n_windows[doc] // np.maximum(per_doc[doc], 1)
    window_words = np.bincount(window, minlength=int(n_windows.sum()))
    X_windows = _window_features(window, scores, posteriors, window_words)
    window_doc = np.repeat(np.arange(n_docs), n_windows)
    weight = np.maximum(window_words, 1).astype(np.float64)
    total = np.bincount(window_doc, weights=weight, minlength=n_docs)
    return np.stack(
        [
            np.bincount(window_doc, weights=X_windows[:, j] * weight, minlength=n_docs) / total
            for j in range(X_windows.shape[1])
        ],
        axis=1,
    )


def window_features(scores: np.ndarray, posteriors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Features of consecutive windows of one document's word scores, and the words in each window."""
    n = len(scores)
    n_windows = max(-(-n // WINDOW_WORDS), 1)
    window = np.arange(n) * n_windows // max(n, 1)
    words = np.bincount(window, minlength=n_windows)
    return _window_features(window, scores, posteriors, words), words


def _window_features(doc: np.ndarray, scores: np.ndarray, posteriors: np.ndarray, n_words: np.ndarray) -> np.ndarray:
    n_docs = len(n_words)
    words = np.maximum(n_words, 1).astype(np.float64)
    X = np.zeros((n_docs, len(DOC_FEATURE_NAMES)))
    X[:, 0] = np.log1p(n_words)
    X[:, 1] = np.bincount(doc, weights=scores, minlength=n_docs) / words
    X[:, 2] = np.bincount(doc, weights=(scores >= 0.5).astype(float), minlength=n_docs) / words
    X[:, 3] = np.bincount(doc, weights=(scores >= 0.8).astype(float), minlength=n_docs) / words
    flagged = (posteriors >= LIKELY_SWAP).astype(float)
    X[:, 6] = 100.0 * np.bincount(doc, weights=flagged, minlength=n_docs) / words
    # Top-k means: sort by (doc, -score) once and take the head of each group.
    order = np.lexsort((-scores, doc))
    sorted_doc, sorted_scores = doc[order], scores[order]
    group_start = np.searchsorted(sorted_doc, np.arange(n_docs))
    rank = np.arange(len(order)) - group_start[sorted_doc] if len(order) else np.zeros(0, dtype=np.int64)
    for column, k in ((4, 3), (5, 10)):
        head = rank < k
        X[:, column] = np.bincount(sorted_doc[head], weights=sorted_scores[head], minlength=n_docs) / k
    X[:, 7] = np.bincount(doc, weights=(scores >= 0.3).astype(float), minlength=n_docs) / words
    clipped = np.clip(scores, 1e-4, 1 - 1e-4)
    X[:, 8] = np.bincount(doc, weights=np.log(clipped / (1 - clipped)), minlength=n_docs) / words
    decile = np.maximum(np.ceil(0.1 * n_words), 1)
    head = rank < decile[sorted_doc] if len(order) else np.zeros(0, dtype=bool)
    X[:, 9] = np.bincount(sorted_doc[head], weights=sorted_scores[head], minlength=n_docs) / decile
    logits = np.log(clipped / (1 - clipped))
    X[:, 10] = np.bincount(doc, weights=np.clip(logits + 2.0, 0.0, 8.0), minlength=n_docs) / 10.0
    X[:, 11] = np.log1p(np.bincount(doc, weights=flagged, minlength=n_docs))
    X[:, 12] = np.bincount(doc, weights=posteriors, minlength=n_docs) / words
    return X


class DocumentModel:
    """Standardized logistic regression; parameters are JSON-serializable."""

    def __init__(self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float, threshold: float):
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.threshold = float(threshold)

    def predict_proba1(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, X_cal: np.ndarray, y_cal: np.ndarray) -> DocumentModel:
        from sklearn.linear_model import LogisticRegression

        mean = X.mean(axis=0)
        scale = X.std(axis=0) + 1e-9
        lr = LogisticRegression(C=1.0, max_iter=1000).fit((X - mean) / scale, y)
        model = cls(mean, scale, lr.coef_.ravel(), float(lr.intercept_[0]), 0.5)
        model.threshold = false_alarm_threshold(model.predict_proba1(X_cal), y_cal, MAX_CLEAN_CALLED_SPUN)
        return model

    def to_params(self) -> dict:
        return {
            "features": list(DOC_FEATURE_NAMES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @classmethod
    def from_params(cls, params: dict) -> DocumentModel:
        if list(params["features"]) != list(DOC_FEATURE_NAMES):
            raise ValueError("document model was trained on different features")
        return cls(params["mean"], params["scale"], params["coef"], params["intercept"], params["threshold"])


def false_alarm_threshold(probabilities: np.ndarray, labels: np.ndarray, max_rate: float) -> float:
    """The lowest probability cut that calls at most ``max_rate`` of the clean documents spun."""
    clean = np.sort(probabilities[labels == 0])
    if len(clean) == 0:
        return 0.5
    allowed = int(np.floor(max_rate * len(clean)))
    # Everything strictly above the (allowed+1)-th highest clean score may be flagged.
    cut = clean[len(clean) - allowed - 1]
    return float(min(np.nextafter(cut, 1.0), 1.0))
