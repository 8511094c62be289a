"""Undo the character-level tricks that hide spun words, before anything is scored.

Why this exists: spammers who publish spun articles know that spin detectors
and plagiarism checkers compare words.  The cheapest way to dodge a word-level
check is to make a word *look* right to a human while being a different string
to a machine:

* **homoglyphs**: "pаypal" with a Cyrillic "а" (U+0430) renders exactly like
  "paypal", but no thesaurus or frequency list contains it;
* **invisible characters**: "spi\\u200bnner" (a zero-width space inside the
  word), soft hyphens, bidi controls, or a hair space that splits "w ord" so that
  tokenizers see two meaningless fragments.

If the scorer read such text as-is, every disguised word would be an unknown
token: the spun words would vanish from the evidence (a false negative) or look
like noise.  So :func:`normalize` maps the text back to what a reader sees and
records each trick as a :class:`Finding`, which is itself strong evidence of
deliberate evasion and is shown to users with the cleaned-up word.

Design:

* **Exact offsets.**  Everything downstream reports spans.  Replacements here are
  always one character for one character (homoglyph -> Latin letter, odd space ->
  plain space, control -> space, lone surrogate -> U+FFFD) so that positions do
  not move; only invisible characters, and the braces and other alternatives of
  spintax groups (spintax.py), are *deleted*.  When something was
  deleted, :class:`Normalized` keeps an integer array mapping each index of the
  normalized text to the original one, so :meth:`Normalized.to_original` is exact.
* **Cheap when clean.**  Almost all text is clean.  Pure ASCII is checked with one
  ``bytes.translate`` call and other text with one regular-expression search for
  suspicious characters; clean text is returned as the very same ``str`` with no
  offset array (identity mapping).
* **Conservative.**  A Cyrillic or Greek letter is only replaced inside a word
  whose other letters are Latin: genuine Russian or Greek words are never
  touched.  An invisible character is only *reported* when it sits in a word
  with Latin letters (zero-width joiners are legitimate in emoji sequences,
  Persian and Indic scripts), although it is always removed, because the scorer
  reads English words and gains nothing from them.
* **Total.**  :func:`normalize` accepts any ``str`` (including lone surrogates and
  control characters) and never raises on one.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ._validate import require_str
from .spintax import find_spintax

__all__ = ["Finding", "Normalized", "normalize"]


@dataclass(frozen=True)
class Finding:
    """An evasion trick found in the original text.

    Attributes:
        start, end: offsets into the *original* string (end exclusive);
            ``original[start:end]`` is the affected word, including any
            invisible characters inside it.
        kind: ``"homoglyph"`` (look-alike letters from another script),
            ``"invisible"`` (zero-width, soft hyphen, bidi control, or an odd
            space splitting a word) or ``"spintax"`` (a spinner's template
            group, "{best|greatest|top}"; see spintax.py).
        normalized: the word as it reads after normalization, i.e. the
            suggestion shown to users (for spintax, its first alternative).
        options: for spintax, every alternative in order; otherwise empty.
    """

    start: int
    end: int
    kind: str
    normalized: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Normalized:
    """The output of :func:`normalize`.

    Attributes:
        text: the normalized text that the scorer reads.
        findings: evasion tricks, in order of position in the original text.

    Offsets into :attr:`text` are mapped back to the original string with
    :meth:`to_original`.  Two results compare equal when their text and findings
    are equal (the offset map is not compared).
    """

    text: str
    findings: tuple[Finding, ...] = ()
    # ``None`` means identity (nothing was deleted).  Otherwise a numpy int64
    # array of length ``len(text) + 1``: entry i is the original index of
    # normalized character i, and the last entry is the original length.
    _offsets: Any = field(default=None, repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` back to the original string.

        Characters that normalization deleted are included in the result when
        they lie strictly inside the span (so a word with a zero-width space in
        it maps to the whole word) and at the very ends of the text (so the full
        span maps to the full original), but not around interior span edges.

        Raises:
            ValueError: unless ``0 <= start <= end <= len(text)``.
        """
        n = len(self.text)
        start, end = operator.index(start), operator.index(end)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) is not within the normalized text (length {n})")
        off = self._offsets
        if off is None:
            return start, end
        a = 0 if start == 0 else int(off[start])
        if end == n:
            b = int(off[n])
        elif end == start:
            b = a
        else:
            b = int(off[end - 1]) + 1
        return a, b


# --------------------------------------------------------------------------
# Character tables
# --------------------------------------------------------------------------

# Cyrillic, Greek and Armenian letters that render (nearly) identically to a
# Latin letter in common fonts.  Hand-written rather than taken from Unicode's
# full confusables.txt: that file maps thousands of characters (many of them to
# multi-letter sequences) and would rewrite legitimate symbols; spinners use this
# handful because they survive copy-paste and look perfect.  Deliberately left
# out: "µ/μ" (micro sign in "μm"), letters that only resemble Latin small caps
# (Cyrillic "в", "к", "м", "т") and Greek letters common in science ("β", "ε",
# "ω"), so that real notation is not rewritten.
_CONFUSABLES: dict[str, str] = {
    # Cyrillic lowercase
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c",
    "\u0443": "y", "\u0445": "x", "\u0455": "s", "\u0456": "i", "\u0457": "\u00ef",
    "\u0458": "j", "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u04bb": "h",
    "\u04cf": "l",
    # Cyrillic uppercase
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M",
    "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T",
    "\u0423": "Y", "\u0425": "X", "\u0405": "S", "\u0406": "I", "\u0407": "\u00cf",
    "\u0408": "J", "\u04ae": "Y", "\u051a": "Q", "\u051c": "W", "\u04c0": "I",
    "\u04ba": "H",
    # Greek lowercase
    "\u03bf": "o", "\u03bd": "v", "\u03b1": "a", "\u03b9": "i", "\u03ba": "k",
    "\u03c1": "p", "\u03c5": "u", "\u03c7": "x", "\u03b3": "y", "\u03f2": "c",
    "\u03f3": "j",
    # Greek uppercase
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H",
    "\u0399": "I", "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O",
    "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X", "\u03f9": "C",
    "\u037f": "J",
    # Armenian lowercase
    "\u0585": "o", "\u057d": "u", "\u0570": "h", "\u0578": "n", "\u0581": "g",
}  # fmt: skip


def _build_compat_letters() -> dict[str, str]:
    """Fullwidth and mathematical letters whose NFKC form is one ASCII letter.

    These are Latin letters in fancy dress ("ｐａｙｐａｌ", "𝐩𝐚𝐲𝐩𝐚𝐥", "ℎ"); NFKC is the
    standard way to undress them.  Only the few blocks that contain such letters
    are scanned (about 1,100 code points), so building this costs well under a
    millisecond at import.
    """
    table: dict[str, str] = {}
    for lo, hi in ((0xFF21, 0xFF5A), (0x1D400, 0x1D7FF), (0x2100, 0x214F)):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if not ch.isalpha():
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded.isascii() and folded.isalpha():
                table[ch] = folded
    return table


_COMPAT_LETTERS: dict[str, str] = _build_compat_letters()

# Invisible format characters that are deleted.  This is every code point of
# general category Cf (Unicode 15: zero-width space/joiners, word joiner, BOM,
# soft hyphen, bidi embeddings/overrides/isolates, invisible math operators,
# interlinear annotation marks, tag characters, ...), written out as ranges
# because scanning all 1.1M code points at import would cost ~0.2 s.  A test
# checks this list against ``unicodedata`` of the running Python.  Added to it:
# U+034F COMBINING GRAPHEME JOINER and the Hangul filler letters, which are
# blank and have no use inside a Latin word other than hiding it.
_INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x115F, 0x1160), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0x3164, 0x3164), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip

# Space characters other than U+0020.  Between words they are harmless and become
# a plain space; between two letters they may be splitting a word (see
# _decide_spaced_run).  Line/paragraph separators become "\n" instead.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_LINE_SEPARATORS = "\u2028\u2029"


def _char_class(chars: set[str] | frozenset[str]) -> str:
    """A regex character class body for ``chars``, merged into ranges.

    Merging matters for speed: ``re`` tests a class of ~1,000 separate astral
    literals one by one (0.7 s per MB of text); as ~100 ranges it is ~30x faster.
    """
    spans: list[list[int]] = []
    for cp in sorted(map(ord, chars)):
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


_INVISIBLE: frozenset[str] = frozenset(chr(cp) for a, b in _INVISIBLE_RANGES for cp in range(a, b + 1))
# C0/C1 control characters except tab, line feed and carriage return.
_CONTROLS: frozenset[str] = frozenset(
    chr(cp) for cp in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
)
_SURROGATE_CLASS = "\ud800-\udfff"
_CONFUSABLE_CLASS = _char_class(frozenset(_CONFUSABLES))
_COMPAT_CLASS = _char_class(frozenset(_COMPAT_LETTERS))
# Latin letters for the adjacency test below: ASCII, Latin-1, Extended-A/B and
# Extended Additional cover everything a Latin-script word realistically uses.
_LATIN_CLASS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"

# Any character that might need work.  Searching for one is the whole cost of
# normalizing clean non-ASCII text.  Confusables are included because a
# Cyrillic/Greek letter may be a homoglyph; genuine Cyrillic text then takes the
# slow path, where _MIXED_RE finds nothing to do.  The class is split at U+FFFF
# because astral ranges make ``re`` fall back to a slow per-range test: most
# text has no astral character at all, which one cheap search establishes.
_SUSPECT_CHARS = (
    _CONTROLS | _INVISIBLE | set(_ODD_SPACES) | set(_LINE_SEPARATORS)
    | set(_CONFUSABLES) | set(_COMPAT_LETTERS)
)  # fmt: skip
_SUSPECT_BMP_RE = re.compile(f"[{_char_class({c for c in _SUSPECT_CHARS if c <= chr(0xFFFF)})}{_SURROGATE_CLASS}]")
_ANY_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_SUSPECT_ASTRAL_RE = re.compile(f"[{_char_class({c for c in _SUSPECT_CHARS if c > chr(0xFFFF)})}]")
# Characters that pure-ASCII text may contain and that need work (controls).
_ASCII_CLEAN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r"
# Per-character replacements/deletions that do not depend on context.
_SIMPLE_RE = re.compile(f"[{_char_class(_CONTROLS | _INVISIBLE | set(_LINE_SEPARATORS))}{_SURROGATE_CLASS}]")
# A Latin letter next to a confusable one (combining accents may sit between).
# In a genuine mixed-script word the two scripts must touch somewhere, so this
# finds every candidate word while genuine Cyrillic/Greek text yields nothing.
_MIXED_RE = re.compile(
    f"[{_LATIN_CLASS}][\u0300-\u036f]*[{_CONFUSABLE_CLASS}]|[{_CONFUSABLE_CLASS}][\u0300-\u036f]*[{_LATIN_CLASS}]"
)
_COMPAT_RE = re.compile(f"[{_COMPAT_CLASS}]") if _COMPAT_CLASS else None
# Runs of letters glued by odd spaces: "w\u200aord", "s\u2009p\u2009i\u2009n".
# The lookbehind anchors matches at word starts (no quadratic rescans).
_SPACED_RUN_RE = re.compile(f"(?<![^\\W\\d_])[^\\W\\d_]+(?:[{_ODD_SPACES}][^\\W\\d_]+)+")
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]")

# An odd space between letters is removed only if the joined word is at least
# this common in English (zipf 3 = once per million words: "spinner" is 3.4)...
_JOINED_MIN_ZIPF = 3.0
# ...and its parts are not both words of at least this frequency (so "some
# thing" stays two words).  Single letters other than "a"/"I" never count as
# words here: wordfreq rates "w" or "s" highly because of abbreviations.
_PART_MIN_ZIPF = 3.0


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _letter_kind(ch: str) -> str:
    """Classify a letter: "L" Latin, "C" confusable, "F" fancy Latin, "X" other."""
    if ch in _CONFUSABLES:
        return "C"
    if ch in _COMPAT_LETTERS:
        return "F"
    if ch.isascii():
        return "L"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "X"
    return "L" if name.startswith("LATIN ") else "X"


def _is_word_char(ch: str) -> bool:
    if ch.isalpha() or ch in _INVISIBLE:
        return True
    return unicodedata.category(ch)[0] == "M"


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    # Imported lazily: wordfreq costs ~0.3 s to import and is only needed for the
    # rare text that has an odd space between two letters.
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word, "en"))
    except (ValueError, LookupError, OSError):  # a failed lookup must not break normalize()
        return 0.0


def _is_known_part(part: str) -> bool:
    if len(part) == 1 and part.lower() not in ("a", "i"):
        return False
    return _zipf(part) >= _PART_MIN_ZIPF


def _latinize(s: str) -> str:
    return "".join(_CONFUSABLES.get(c) or _COMPAT_LETTERS.get(c) or c for c in s)


def _decide_spaced_run(text: str, start: int, end: int, edits: dict[int, str]) -> None:
    """Delete odd spaces that split a word ("spi\u2009nner"); others become " "."""
    run = text[start:end]
    spaces = [start + m.start() for m in _ODD_SPACE_RE.finditer(run)]
    parts = _ODD_SPACE_RE.split(_latinize(run))
    if not any(c.isascii() for p in parts for c in p):
        return  # no Latin letters: not an English word, leave the spaces alone
    joined = "".join(parts)
    if _zipf(joined) >= _JOINED_MIN_ZIPF and not all(map(_is_known_part, parts)):
        for i in spaces:
            edits[i] = ""
        return
    if len(parts) > 2:
        for k, i in enumerate(spaces):
            left, right = parts[k], parts[k + 1]
            if _zipf(left + right) >= _JOINED_MIN_ZIPF and not (_is_known_part(left) and _is_known_part(right)):
                edits[i] = ""


# --------------------------------------------------------------------------
# normalize()
# --------------------------------------------------------------------------


def normalize(text: str) -> Normalized:
    """Undo homoglyphs and invisible characters; record each as a :class:`Finding`.

    Replacements keep positions (one character for one): look-alike letters
    become Latin letters inside otherwise-Latin words, odd spaces become a plain
    space, control characters (except tab, newline, carriage return) a space,
    and lone surrogates U+FFFD.  Invisible format characters, and odd spaces
    that split a word, are deleted.  Use :meth:`Normalized.to_original` to map
    spans back.

    Raises:
        TypeError: if ``text`` is not a ``str``.
    """
    require_str(text, "normalize()")
    spintax = find_spintax(text)
    if spintax:
        return _normalize_slow(text, spintax)
    if text.isascii():
        # bytes.translate with a delete table is a memchr-speed scan (~1 ms/MB).
        if not text.encode("ascii").translate(None, _ASCII_CLEAN_BYTES):
            return Normalized(text)
    elif _SUSPECT_BMP_RE.search(text) is None and (
        _ANY_ASTRAL_RE.search(text) is None or _SUSPECT_ASTRAL_RE.search(text) is None
    ):
        return Normalized(text)
    return _normalize_slow(text)


def _normalize_slow(text: str, spintax: list | None = None) -> Normalized:
    n = len(text)
    # edits: original index -> replacement ("" deletes; otherwise one char).
    edits: dict[int, str] = {}
    for m in _SIMPLE_RE.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in _INVISIBLE:
            edits[i] = ""
        elif "\ud800" <= ch <= "\udfff":
            edits[i] = "\ufffd"
        elif ch in _LINE_SEPARATORS:
            edits[i] = "\n"
        else:
            edits[i] = " "
    odd_spaces = [m.start() for m in _ODD_SPACE_RE.finditer(text)]
    for i in odd_spaces:
        edits[i] = " "
    if odd_spaces:
        for m in _SPACED_RUN_RE.finditer(text):
            _decide_spaced_run(text, m.start(), m.end(), edits)

    # Positions whose word must be examined: homoglyph candidates and deletions.
    seeds: list[int] = [m.start() for m in _MIXED_RE.finditer(text)]
    if _COMPAT_RE is not None:
        seeds.extend(m.start() for m in _COMPAT_RE.finditer(text))
    seeds.extend(i for i, r in edits.items() if r == "")
    seeds.sort()

    def in_word(i: int) -> bool:
        ch = text[i]
        return _is_word_char(ch) or (edits.get(i) == "" and ch in _ODD_SPACES)

    findings: list[Finding] = []
    done_until = -1
    for seed in seeds:
        if seed < done_until:
            continue
        a = seed
        while a > 0 and in_word(a - 1):
            a -= 1
        b = seed + 1
        while b < n and in_word(b):
            b += 1
        done_until = b
        findings.extend(_examine_word(text, a, b, edits))

    # Spintax last: its deletions are not invisible characters to examine.
    for group in spintax or ():
        for a, b in group.deleted:
            for i in range(a, b):
                edits[i] = ""
        findings.append(Finding(group.start, group.end, "spintax", group.options[0], group.options))
    findings.sort(key=lambda f: (f.start, f.end))

    if not edits:
        return Normalized(text, tuple(findings))
    return _apply(text, edits, tuple(findings))


def _examine_word(text: str, a: int, b: int, edits: dict[int, str]) -> list[Finding]:
    """Fix homoglyphs in ``text[a:b]`` and report tricks found in it."""
    # Invisible characters are deleted whatever their category (the Hangul
    # fillers are nominally letters), so they do not count as letters here.
    kinds = [(i, _letter_kind(ch)) for i in range(a, b) if (ch := text[i]).isalpha() and ch not in _INVISIBLE]
    has_latin = any(k in "LF" for _, k in kinds)
    homoglyph = False
    if has_latin and all(k != "X" for _, k in kinds):
        for i, k in kinds:
            if k == "C":
                edits[i] = _CONFUSABLES[text[i]]
                homoglyph = True
            elif k == "F":
                edits[i] = _COMPAT_LETTERS[text[i]]
                homoglyph = True
    # A BOM at the very start of a text is a file-encoding artefact, not a trick.
    invisible = any(edits.get(i) == "" for i in range(a, b) if i != 0 or text[0] != "\ufeff")
    if not has_latin or not (homoglyph or invisible):
        return []
    word = "".join(edits.get(i, text[i]) for i in range(a, b))
    out = []
    if homoglyph:
        out.append(Finding(a, b, "homoglyph", word))
    if invisible:
        out.append(Finding(a, b, "invisible", word))
    return out


def _apply(text: str, edits: dict[int, str], findings: tuple[Finding, ...]) -> Normalized:
    pieces: list[str] = []
    deleted: list[int] = []
    prev = 0
    for i in sorted(edits):
        pieces.append(text[prev:i])
        r = edits[i]
        if r:
            pieces.append(r)
        else:
            deleted.append(i)
        prev = i + 1
    pieces.append(text[prev:])
    out = "".join(pieces)
    if not deleted:
        # Only one-for-one replacements: the offset map is the identity.
        return Normalized(out, findings)
    import numpy as np  # lazily: only texts with deletions need an offset map

    keep = np.ones(len(text) + 1, dtype=bool)
    keep[np.asarray(deleted, dtype=np.int64)] = False
    offsets = np.flatnonzero(keep).astype(np.int64)  # last entry == len(text)
    return Normalized(out, findings, offsets)
