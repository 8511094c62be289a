"""Spintax left in published text: "the {best|greatest|top} way to {improve|boost} traffic".

Article spinners generate their variants from templates written in spintax:
braces around alternatives separated by ``|``, nested at will. A template that
is published unprocessed, or processed only in part (a common accident on
spun SEO pages), gives the spinning away outright: no honest prose offers the
reader three synonyms in braces. So a spintax group is reported as a finding
of its own kind, and the text is read with each group replaced by its first
alternative (templates usually put the original wording first), so that the
rest of the scoring sees prose.

Kept conservative, because braces and bars also occur in code, templates and
notation: a group counts only when every alternative is a short run of words
(mostly Latin letters, spaces, apostrophes, hyphens, commas or full stops),
at least two alternatives differ and have two letters or more (or are empty),
one has three letters or more, and the brace does not follow a letter, digit,
``$`` or ``\\`` (``${a|b}``, ``f{x|y}``, ``\\{a|b\\}``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["SpintaxGroup", "find_spintax"]

# A group longer than this is not spintax (and scanning is bounded).
MAX_GROUP_CHARS = 400
MAX_ALTERNATIVE_WORDS = 8
# A text with this many groups is a template beyond doubt; the rest are not
# looked for (each costs tens of microseconds to check and resolve).
MAX_GROUPS = 2000
# Text where this many brace-and-bar spots turn out not to be spintax is code,
# data or noise: the search stops there, which bounds its cost on any input.
MAX_FAILED_SPOTS = 1000
# Where a group could start: a brace with a bar after it before any closing brace or line break.
_FLAT = re.compile(rf"\{{[^{{}}\n\r]{{0,{MAX_GROUP_CHARS}}}\}}")
_SPOT = re.compile(rf"\{{(?=[^}}\n\r]{{0,{MAX_GROUP_CHARS}}}\|)")
_WORD = r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*"
_WORDS = re.compile(rf"{_WORD}(?:[ ,.]+{_WORD})*[.,]?")
_LETTERS = re.compile(r"[^\W\d_]")
# Spintax in English text is written in Latin letters (a look-alike Cyrillic
# letter or two may hide in it); Greek maths notation is not spintax.
_LATIN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
MIN_LATIN_SHARE = 0.8


@dataclass(frozen=True)
class SpintaxGroup:
    """One spintax group in a text.

    Attributes:
        start, end: offsets of the whole group, braces included.
        options: its alternatives as a reader would see each (nested groups
            resolved to their first alternative), in order.
        deleted: (start, end) ranges to delete so that the text reads the
            first alternative: the braces, and everything from the first
            ``|`` at the group's level to its closing brace.
    """

    start: int
    end: int
    options: tuple[str, ...]
    deleted: tuple[tuple[int, int], ...]


def find_spintax(text: str) -> list[SpintaxGroup]:
    """The outermost spintax groups of ``text``, in order: an empty list for almost all text, at most MAX_GROUPS."""
    if "{" not in text or "|" not in text:
        return []
    groups: list[SpintaxGroup] = []
    failed = 0
    for spot in _SPOT.finditer(text):
        start = spot.start()
        if groups and start < groups[-1].end:
            continue  # inside a group already found
        group = _group_at(text, start)
        if group is not None:
            groups.append(group)
            if len(groups) >= MAX_GROUPS:
                break
            continue
        failed += 1
        if failed >= MAX_FAILED_SPOTS:
            break
    return groups


def _group_at(text: str, start: int) -> SpintaxGroup | None:
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "$\\"):
        return None
    flat = _FLAT.match(text, start)
    if flat is not None:  # the common case, without nested groups: one regex match
        end = flat.end()
        parsed = _parse_flat(text, start, end)
    else:
        end = _closing_brace(text, start)
        if end is None:
            return None
        parsed = _parse(text, start, end)
    if parsed is None:
        return None
    options, deleted = parsed
    distinct = {o.casefold() for o in options}
    letters = [len(_LETTERS.findall(o)) for o in options]
    # Two real choices (a word of two letters or more, or nothing), one of them
    # a word of three letters or more: not "{x|y}" notation, nor a leftover
    # wiki template such as "{mvar|x}".
    choices = sum(n >= 2 or not o for n, o in zip(letters, options))
    if len(distinct) < 2 or choices < 2 or max(letters) < 3:
        return None
    if len(_LATIN.findall("".join(options))) < MIN_LATIN_SHARE * sum(letters):
        return None
    return SpintaxGroup(start, end, tuple(options), tuple(deleted))


def _closing_brace(text: str, start: int) -> int | None:
    """The offset just past the brace closing the one at ``start`` (None past MAX_GROUP_CHARS or a line break)."""
    depth = 0
    for i in range(start, min(len(text), start + MAX_GROUP_CHARS)):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch in "\n\r":
            return None
    return None


def _parse(text: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Alternatives of the group text[start:end] and the ranges that leave only its first one; None if not spintax."""
    # Split the inside at bars of depth 1, resolving nested groups as we go.
    cuts = [start + 1]
    depth = 0
    nested: list[tuple[int, int]] = []
    nested_start = -1
    for i in range(start + 1, end - 1):
        ch = text[i]
        if ch == "{":
            if depth == 0:
                nested_start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                nested.append((nested_start, i + 1))
        elif ch == "|" and depth == 0:
            cuts.append(i + 1)
    if len(cuts) < 2:
        return None
    bounds = [(a, b - 1) for a, b in itertools.pairwise(cuts)] + [(cuts[-1], end - 1)]
    options = []
    first_deleted: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(bounds):
        reading, deleted = _resolve(text, a, b, [n for n in nested if a <= n[0] and n[1] <= b])
        if reading is None:
            return None
        reading = " ".join(reading.split())
        if not _is_alternative(reading):
            return None
        options.append(reading)
        if k == 0:
            first_deleted = deleted
    first_end = bounds[0][1]
    return options, [(start, start + 1), *first_deleted, (first_end, end)]


def _parse_flat(text: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """_parse for a group without nested groups."""
    inner = text[start + 1 : end - 1]
    options = [" ".join(o.split()) for o in inner.split("|")]
    if not all(map(_is_alternative, options)):
        return None
    first_end = start + 1 + inner.find("|")
    return options, [(start, start + 1), (first_end, end)]


def _is_alternative(reading: str) -> bool:
    """A short run of words; or nothing, which is allowed ("{very |}good" drops a word)."""
    return not reading or (len(reading.split()) <= MAX_ALTERNATIVE_WORDS and _WORDS.fullmatch(reading) is not None)


def _resolve(text: str, a: int, b: int, nested: list[tuple[int, int]]) -> tuple[str | None, list[tuple[int, int]]]:
    """How text[a:b] reads with its nested groups resolved, and the ranges deleted for that."""
    pieces: list[str] = []
    deleted: list[tuple[int, int]] = []
    position = a
    for s, e in nested:
        parsed = _parse(text, s, e)
        if parsed is None:
            return None, []
        options, inner = parsed
        pieces.append(text[position:s])
        pieces.append(options[0])
        deleted.extend(inner)
        position = e
    pieces.append(text[position:b])
    return "".join(pieces), deleted
