"""Documents for fitting and evaluating: paragraphs and articles cut from clean text, then spun.

The shapes match what people score: paragraphs (60-180 words), articles
(200+ words) and short texts. Spin rates range from a few percent of the words
to a third of them, log-uniformly, because real spinners run anywhere in that
range and a detector tuned to one rate fails at the others.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..lexicon import Lexicon
from ..spinner import spin_with

__all__ = ["Sample", "cut_documents", "label_spans", "make_samples"]

RATE_RANGE = (0.02, 0.34)


@dataclass(frozen=True)
class Sample:
    text: str
    spun: bool
    rate: float
    thesaurus: str
    gold: tuple[tuple[int, int, str], ...]  # (start, end, original) of every swap
    kind: str  # "paragraph" | "article" | "short"


def _words(text: str) -> int:
    return len(text.split())


def cut_documents(
    articles: Iterable[str], kinds: tuple[str, ...], rng: random.Random, per_article: int = 1
) -> Iterable[tuple[str, str]]:
    """Yield (kind, text): up to ``per_article`` paragraph-, article- or short pieces per article."""
    for article in articles:
        paragraphs = [p for p in article.split("\n") if p.strip()]
        if not paragraphs:
            continue
        for _ in range(per_article):
            yield from _cut_one(paragraphs, rng.choice(kinds), rng)


def _cut_one(paragraphs: list[str], kind: str, rng: random.Random) -> Iterable[tuple[str, str]]:
    if kind == "paragraph":
        fitting = [p for p in paragraphs if 60 <= _words(p) <= 180]
        if fitting:
            yield kind, rng.choice(fitting)
    elif kind == "whole":  # short web documents (reviews, e-mails) are used as they are
        text = "\n".join(paragraphs)
        if 15 <= _words(text) <= 600:
            yield kind, text
    elif kind == "short":
        words = rng.choice(paragraphs).split()
        if len(words) >= 20:
            yield kind, " ".join(words[: rng.randint(15, 59)])
    else:
        taken, total = [], 0
        limit = rng.randint(200, 900)
        for p in paragraphs[rng.randrange(max(len(paragraphs) // 2, 1)) :]:
            taken.append(p)
            total += _words(p)
            if total >= limit:
                break
        if total >= 200:
            yield kind, "\n".join(taken)


def make_samples(
    pieces: Iterable[tuple[str, str]],
    lexicon: Lexicon,
    thesauri: tuple[str, ...],
    rng: random.Random,
    spun_share: float = 0.5,
    rates: tuple[float, ...] | None = None,
) -> list[Sample]:
    """Spin a share of the pieces; ``rates`` fixes the rate choices, else log-uniform in RATE_RANGE."""
    samples = []
    for kind, text in pieces:
        if rng.random() >= spun_share:
            samples.append(Sample(text, False, 0.0, "", (), kind))
            continue
        if rates:
            rate = rng.choice(rates)
        else:
            lo, hi = RATE_RANGE
            rate = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        thesaurus = rng.choice(thesauri)
        spun = spin_with(lexicon, text, rate, thesaurus, rng.randrange(1 << 30))
        gold = tuple((s.start, s.end, s.original) for s in spun.swaps)
        samples.append(Sample(spun.text, bool(gold), rate, thesaurus, gold, kind))
    return samples


def label_spans(
    doc: np.ndarray, start: np.ndarray, end: np.ndarray, samples: list[Sample], n_tokens: np.ndarray | None = None
) -> np.ndarray:
    """1 for spans that are (part of) a gold swap of their document, else 0.

    A word token counts when it overlaps a gold swap (a word inside a swapped-in
    phrase is spun). A multi-token span counts only when it is exactly a gold
    swap: "so far" around a swapped "far" is an ordinary phrase.
    """
    overlap = _overlaps(doc, start, end, samples)
    if n_tokens is None:
        return overlap
    exact = {(d, s, e) for d, sample in enumerate(samples) for s, e, _ in sample.gold}
    multi = np.flatnonzero(n_tokens > 1)
    for i in multi:
        overlap[i] = int((int(doc[i]), int(start[i]), int(end[i])) in exact)
    return overlap


def _overlaps(doc: np.ndarray, start: np.ndarray, end: np.ndarray, samples: list[Sample]) -> np.ndarray:
    stride = 1 << 32
    g_doc, g_start, g_end = [], [], []
    for d, sample in enumerate(samples):
        for s, e, _ in sample.gold:
            g_doc.append(d)
            g_start.append(s)
            g_end.append(e)
    if not g_doc:
        return np.zeros(len(doc), dtype=np.int64)
    keys = np.asarray(g_doc, dtype=np.int64) * stride + np.asarray(g_start)
    order = np.argsort(keys)
    keys, ends = keys[order], np.asarray(g_end, dtype=np.int64)[order]
    docs_sorted = np.asarray(g_doc, dtype=np.int64)[order]
    pos = np.searchsorted(keys, doc * stride + end, side="left") - 1
    valid = pos >= 0
    pos = np.maximum(pos, 0)
    same_doc = docs_sorted[pos] == doc
    return (valid & same_doc & (ends[pos] > start)).astype(np.int64)
