"""HTML views of results: the notebook view of a :class:`SpinScore` and a standalone report page.

Why it looks like this: a spin probability alone does not convince anyone; the
evidence is the words. So the view shows the verdict, then the *whole* text
(never truncated: the one swap that matters may be at the end), with every
flagged span highlighted in place, coloured by how sure the model is, and its
score and likely originals on hover.

Design:

* **Inert by construction.**  The scored text is untrusted input (it came off the
  web, often from spammers), so every piece of it, and every suggestion, goes
  through :func:`html.escape`; nothing else is interpolated. A text containing
  ``<script>`` renders as those characters.
* **Exact spans.**  Highlights are cut at the result's character offsets, so the
  characters inside each ``<mark>`` are exactly ``text[start:end]``. Spans that
  do not fit the text, or overlap one already shown, are skipped rather than
  guessed at (see :meth:`SpinScore._disjoint_swaps`).
* **Works where scripts and style sheets do not.**  Colours are inline ``style``
  attributes and the tooltip is the ``title`` attribute, which survive notebook
  sanitizers and viewers that drop ``<style>`` elements; the ``<style>`` block only
  adds a nicer hover box where it is allowed. No JavaScript.
* **Encodable.**  A ``str`` can hold lone surrogates that no UTF-8 file or
  notebook can store; they are shown as U+FFFD (one character for one, so
  nothing else moves).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from .types import SpinScore, Swap

__all__ = ["render", "render_page"]

# Highlight colours, interpolated by score: light yellow at 0.5 (or below), red at 1.0.
_LOW = (255, 243, 150)
_HIGH = (239, 83, 80)
# Evasion tricks are not a matter of degree: one fixed, distinct style.
_EVASION_STYLE = "background-color: #e6d4f2; text-decoration: underline wavy #6a1b9a; text-decoration-skip-ink: none"
_EVASION_KINDS = frozenset({"homoglyph", "invisible"})

_CSS = """\
.spindetect { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px; line-height: 1.5; }
.spindetect-summary { margin: 0 0 6px 0; }
.spindetect-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: 8px 10px;
  border: 1px solid #ddd; border-radius: 4px; background: #fff; color: #111; }
.spindetect-text mark { position: relative; color: inherit; border-radius: 2px; }
.spindetect-text mark:hover::after { content: attr(data-tip); position: absolute; left: 0; top: 100%; z-index: 10;
  white-space: pre; background: #222; color: #fff; font-size: 12px; line-height: 1.35; padding: 4px 7px;
  border-radius: 4px; pointer-events: none; }
"""

_PAGE_CSS = """\
body { margin: 24px auto; max-width: 960px; padding: 0 16px; font-family: system-ui, sans-serif; color: #111; }
table.spindetect-index { border-collapse: collapse; margin-bottom: 24px; font-size: 14px; }
table.spindetect-index th, table.spindetect-index td { padding: 3px 10px; border-bottom: 1px solid #e5e5e5;
  text-align: left; }
section.spindetect-doc { margin-bottom: 32px; }
section.spindetect-doc h2 { font-size: 16px; margin: 0 0 4px 0; overflow-wrap: anywhere; }
"""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(text: str) -> str:
    """Escape for HTML text and attribute values alike, and make the result encodable."""
    return html.escape(_SURROGATE.sub("\ufffd", text), quote=True)


def _verdict(result: SpinScore) -> str:
    if result.probability is None:
        return f"not scored: {result.reason or 'no reason given'}"
    return "likely spun" if result.is_spun else "probably not spun"


def _summary(result: SpinScore) -> str:
    """One line: probability, verdict, threshold, and how much evidence there is."""
    verdict = _escape(_verdict(result))
    if result.probability is None:
        return f'<div class="spindetect-summary"><b>{verdict}</b></div>'
    colour = "#c62828" if result.is_spun else "#2e7d32"
    swaps = len(result.swaps)
    words = f" in {result.n_words} word{'' if result.n_words == 1 else 's'}" if result.n_words else ""
    return (
        '<div class="spindetect-summary">'
        f"Spin probability <b>{result.probability:.2f}</b> "
        f'<b style="color: {colour}">{verdict}</b> '
        f"(threshold {result.threshold:.2f}; {swaps} flagged span{'' if swaps == 1 else 's'}{words})"
        "</div>"
    )


def _colour(score: float) -> str:
    t = min(max((score - 0.5) / 0.5, 0.0), 1.0)
    r, g, b = (round(lo + t * (hi - lo)) for lo, hi in zip(_LOW, _HIGH))
    return f"rgb({r}, {g}, {b})"


def _describe_chars(text: str) -> str:
    """Name the characters a reader cannot see or tell apart, e.g. ``U+0430 CYRILLIC SMALL LETTER A``."""
    odd = dict.fromkeys(ch for ch in text if not ch.isascii() or not ch.isprintable())
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in odd)


def _tooltip(swap: Swap) -> str:
    if swap.kind in _EVASION_KINDS:
        lines = [f"{swap.kind}: reads as \u201c{swap.suggestions[0]}\u201d" if swap.suggestions else swap.kind]
        chars = _describe_chars(swap.text)
        if chars:
            lines.append(f"characters: {chars}")
        return "\n".join(lines)
    if swap.kind == "spintax":
        return "spintax (a spinner's template left in the text): " + " | ".join(swap.suggestions)
    lines = [f"{swap.kind} score {swap.score:.2f}"]
    if swap.suggestions:
        lines.append("original probably: " + ", ".join(swap.suggestions))
    else:
        lines.append("no suggested original")
    return "\n".join(lines)


def _mark(text: str, swap: Swap) -> str:
    if swap.kind in _EVASION_KINDS:
        style = _EVASION_STYLE
    else:
        style = f"background-color: {_colour(swap.score)}"
    tip = _escape(_tooltip(swap))
    return (
        f'<mark class="spindetect-{_escape(swap.kind)}" style="{style}" title="{tip}" data-tip="{tip}" '
        f'data-score="{swap.score:.4f}">{_escape(text[swap.start : swap.end])}</mark>'
    )


def _highlighted(result: SpinScore) -> str:
    text = result.text
    parts: list[str] = ['<div class="spindetect-text">']
    position = 0
    for swap in result._disjoint_swaps():
        parts.append(_escape(text[position : swap.start]))
        parts.append(_mark(text, swap))
        position = swap.end
    parts.append(_escape(text[position:]))
    parts.append("</div>")
    return "".join(parts)


def _fragment(result: SpinScore) -> str:
    return f'<div class="spindetect">{_summary(result)}{_highlighted(result)}</div>'


def render(result: SpinScore) -> str:
    """A self-contained HTML fragment showing ``result``: verdict, then the whole text with swaps highlighted.

    Each flagged span is a ``<mark>`` whose colour runs from light yellow (score
    0.5 or less) to red (score 1.0); evasion tricks (``kind`` ``"homoglyph"`` or
    ``"invisible"``) get a purple wavy underline instead. Hovering shows the
    score and the suggested originals. Everything from the text is escaped.

    >>> from spindetect import SpinScore, Swap
    >>> result = SpinScore("Kim's <bossman> spoke", 0.9, True, (Swap(7, 14, "bossman", 0.93, ("leader",)),))
    >>> page = render(result)
    >>> "&lt;<mark" in page and "original probably: leader" in page
    True
    """
    return f"<style>\n{_CSS}</style>{_fragment(result)}"


def render_page(results: Sequence[SpinScore], titles: Sequence[str] | None = None) -> str:
    """A standalone HTML page (a report) showing many results, most likely spun first.

    Documents are sorted by probability, highest first; abstentions (probability
    ``None``) come last; ties keep their input order. ``titles`` names each
    document (e.g. its file name); by default they are numbered. An index table
    at the top links to each document.

    Raises:
        ValueError: when ``titles`` and ``results`` differ in length.
    """
    results = list(results)
    names = [f"document {i + 1}" for i in range(len(results))] if titles is None else list(titles)
    if len(names) != len(results):
        raise ValueError(f"render_page needs one title per result: got {len(results)} results and {len(names)} titles")
    order = sorted(
        range(len(results)),
        key=lambda i: (results[i].probability is None, -(results[i].probability or 0.0)),
    )
    n_spun = sum(r.is_spun for r in results)
    n_abstained = sum(r.probability is None for r in results)
    rows: list[str] = []
    sections: list[str] = []
    for rank, i in enumerate(order, start=1):
        result, title = results[i], _escape(names[i])
        probability = "&ndash;" if result.probability is None else f"{result.probability:.2f}"
        rows.append(
            f'<tr><td><a href="#doc-{rank}">{title}</a></td><td>{probability}</td>'
            f"<td>{_escape(_verdict(result))}</td><td>{len(result.swaps)}</td></tr>"
        )
        sections.append(
            f'<section class="spindetect-doc" id="doc-{rank}"><h2>{title}</h2>{_fragment(result)}</section>'
        )
    summary = (
        f"{len(results)} document{'' if len(results) == 1 else 's'}: {n_spun} likely spun, {n_abstained} not scored."
    )
    header = "<tr><th>document</th><th>probability</th><th>verdict</th><th>flagged</th></tr>"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>spindetect report</title>\n"
        f"<style>\n{_PAGE_CSS}{_CSS}</style>\n</head>\n<body>\n"
        "<h1>spindetect report</h1>\n"
        f"<p>{summary}</p>\n"
        f'<table class="spindetect-index"><thead>{header}</thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )
