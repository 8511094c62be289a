"""The result types that spindetect returns: immutable, printable, serializable.

Every number here has a documented range so that callers never have to guess:
scores and probabilities are floats between 0.0 and 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Swap", "SpinScore", "SpunSwap", "SpunText"]


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
            evasion tricks (for example ``"homoglyph"`` or ``"invisible"``).
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
