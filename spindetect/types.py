"""The result types that spindetect returns: immutable, printable, serializable.

Every number here has a documented range so that callers never have to guess:
scores and probabilities are floats between 0.0 and 1.0.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

__all__ = ["SpinScore", "SpunSwap", "SpunText", "Swap"]


@dataclass(frozen=True)
class Swap:
    """One flagged span: a word or phrase that looks like a thesaurus swap.

    ``text[start:end] == swap.text`` always holds for the text that was scored.

    Attributes:
        start, end: character offsets into the scored string.
        text: the flagged word or phrase exactly as written.
        score: probability (0.0 to 1.0) that this span is a synonym swap.
        suggestions: likely originals, best first, inflected and cased to fit
            the context. May be empty when no thesaurus entry explains the span.
        kind: ``"swap"`` for a suspected synonym swap; other kinds describe
            evasion tricks (``"homoglyph"``, ``"invisible"``) and spinner
            templates left in the text (``"spintax"``: "{best|greatest|top}",
            its alternatives as suggestions).
    """

    start: int
    end: int
    text: str
    score: float
    suggestions: tuple[str, ...] = ()
    kind: str = "swap"

    def __repr__(self) -> str:
        best = f", suggestions={self.suggestions[:3]!r}" if self.suggestions else ""
        return f"Swap({self.start}:{self.end} {self.text!r}, score={self.score:.2f}{best})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "suggestions": list(self.suggestions),
            "kind": self.kind,
        }


@dataclass(frozen=True)
class SpinScore:
    """How likely a document is to be spun, and where.

    Attributes:
        text: the string that was scored (kept so that results can be rendered).
        probability: probability (0.0 to 1.0) that the document was produced by
            an article spinner, or ``None`` when spindetect abstains.
        reason: ``None``, or why spindetect abstained (``"empty"``,
            ``"too short"``, ...).
        is_spun: ``probability >= threshold``; always ``False`` when abstaining.
        swaps: every flagged span, in text order.
        threshold: the decision threshold that ``is_spun`` used.
        n_words: how many word tokens were read.
    """

    text: str = field(repr=False)
    probability: float | None
    is_spun: bool
    swaps: tuple[Swap, ...]
    reason: str | None = None
    threshold: float = 0.5
    n_words: int = 0

    def __repr__(self) -> str:
        if self.probability is None:
            return f"SpinScore(probability=None, reason={self.reason!r})"
        return (
            f"SpinScore(probability={self.probability:.2f}, is_spun={self.is_spun}, "
            f"swaps={len(self.swaps)}, n_words={self.n_words})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serializable dict of the result (the text is included)."""
        return {
            "probability": None if self.probability is None else round(self.probability, 4),
            "is_spun": self.is_spun,
            "reason": self.reason,
            "threshold": round(self.threshold, 4),
            "n_words": self.n_words,
            "swaps": [s.to_dict() for s in self.swaps],
            "text": self.text,
        }

    def restored(self) -> str:
        """The text with every flagged span replaced by its first suggested original.

        This is a best guess at the text before it was spun: synonym swaps get
        their likeliest original word, homoglyph and invisible-character tricks
        get the word as a reader sees it. Spans without suggestions, and every
        character outside a replaced span, are kept exactly as written; an
        abstaining result, or one without swaps, returns ``text`` unchanged.

        >>> result = SpinScore("the bossman spoke", 0.9, True, (Swap(4, 11, "bossman", 0.9, ("leader",)),))
        >>> result.restored()
        'the leader spoke'
        """
        if self.probability is None or not self.swaps:
            return self.text
        parts: list[str] = []
        position = 0
        for swap in self._disjoint_swaps():
            if not swap.suggestions:
                continue
            parts.append(self.text[position : swap.start])
            parts.append(swap.suggestions[0])
            position = swap.end
        parts.append(self.text[position:])
        return "".join(parts)

    def _disjoint_swaps(self) -> list[Swap]:
        """The swaps that can be shown or replaced safely: in text order, inside the text, not overlapping.

        The scorer never returns overlapping spans, but results can be built by
        hand or loaded from JSON, and a span whose offsets do not match its
        ``text`` would highlight or overwrite the wrong characters. Such spans
        are skipped rather than trusted. When two spans overlap, a spintax group
        wins (restoring it restores the words inside it too), then a synonym
        swap with suggestions wins over an evasion finding on the same
        characters (its suggestion is the better restoration), otherwise the
        earlier one.
        """
        n = len(self.text)
        valid = [s for s in self.swaps if 0 <= s.start < s.end <= n and self.text[s.start : s.end] == s.text]
        valid.sort(key=lambda s: (s.start, s.end))
        if all(a.end <= b.start for a, b in pairwise(valid)):
            return valid  # the usual case, in linear time
        # Claim characters in priority order, then return the winners in text order.
        priority = sorted(
            valid, key=lambda s: (s.kind != "spintax", not (s.kind == "swap" and s.suggestions), s.start, s.end)
        )
        kept: list[Swap] = []
        for swap in priority:
            if all(swap.end <= k.start or k.end <= swap.start for k in kept):
                kept.append(swap)
        kept.sort(key=lambda s: (s.start, s.end))
        return kept

    def _repr_html_(self) -> str:
        """The text with every flagged span highlighted, for Jupyter (see :func:`spindetect.render.render`)."""
        from .render import render

        return render(self)

    def _repr_mimebundle_(
        self, include: Container[str] | None = None, exclude: Container[str] | None = None
    ) -> dict[str, str]:
        """HTML and plain-text views for IPython, which picks the richest one its frontend shows."""
        from .render import render

        bundle = {"text/html": render(self), "text/plain": repr(self)}
        return {
            mime: data
            for mime, data in bundle.items()
            if (include is None or mime in include) and (exclude is None or mime not in exclude)
        }


@dataclass(frozen=True)
class SpunSwap:
    """A gold swap made by :func:`spindetect.spin`: ``text[start:end]`` replaced ``original``."""

    start: int
    end: int
    text: str
    original: str


@dataclass(frozen=True)
class SpunText:
    """Output of :func:`spindetect.spin`: the spun text and exactly where it was changed."""

    text: str
    swaps: tuple[SpunSwap, ...]
    source: str = field(repr=False, default="")
