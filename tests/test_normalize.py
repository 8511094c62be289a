"""Tests for spindetect.normalize: homoglyphs, invisible characters, exact offsets."""

from __future__ import annotations

import importlib
import random
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spindetect.normalize import Finding, Normalized, normalize

# The module itself, for its private tables ("from spindetect import normalize"
# could give the function if the package re-exports it).
_module = importlib.import_module("spindetect.normalize")

CYRILLIC_A = "\u0430"
ZWSP = "\u200b"

_ODD_SPACES = set("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


def _replaces(old: str, new: str) -> bool:
    """Whether normalize() may turn the character ``old`` into ``new``."""
    if old == new:
        return True
    if new == " ":
        return old in _ODD_SPACES or unicodedata.category(old) == "Cc"
    if new == "\n":
        return old in "\u2028\u2029"
    if new == "\ufffd":
        return "\ud800" <= old <= "\udfff"
    return new in (_module._CONFUSABLES.get(old), _module._COMPAT_LETTERS.get(old))


def _deletable(ch: str) -> bool:
    return ch in _module._INVISIBLE or ch in _ODD_SPACES


def _is_image(norm_piece: str, orig_piece: str) -> bool:
    """``orig_piece`` becomes ``norm_piece`` by one-for-one replacements and by
    deleting invisible characters or word-splitting spaces."""
    j = 0
    for ch in orig_piece:
        if j < len(norm_piece) and _replaces(ch, norm_piece[j]):
            j += 1
        elif not _deletable(ch):
            return False
    return j == len(norm_piece)


def _check_mapping(original: str, norm: Normalized) -> None:
    n = len(norm.text)
    assert _is_image(norm.text, original)
    for i in range(n):
        a, b = norm.to_original(i, i + 1)
        assert _is_image(norm.text[i], original[a:b]), (i, original[a:b])
        if 0 < i < n - 1:
            assert b == a + 1


# --------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------


def test_clean_ascii_is_returned_as_is() -> None:
    text = "A perfectly ordinary sentence.\r\nWith CRLF and\ttabs."
    norm = normalize(text)
    assert norm.text is text
    assert norm.findings == ()
    assert norm.to_original(3, 12) == (3, 12)
    assert norm.to_original(0, len(text)) == (0, len(text))


def test_clean_non_ascii_is_returned_as_is() -> None:
    text = "Café crème — “naïve” résumés… Zürich’s façade"
    norm = normalize(text)
    assert norm.text is text
    assert norm.findings == ()


def test_cyrillic_homoglyph_in_paypal() -> None:
    text = f"Log in to your p{CYRILLIC_A}ypal account today"
    norm = normalize(text)
    assert norm.text == "Log in to your paypal account today"
    assert norm.findings == (Finding(15, 21, "homoglyph", "paypal"),)
    f = norm.findings[0]
    assert text[f.start : f.end] == f"p{CYRILLIC_A}ypal"
    # Nothing was deleted, so offsets are the identity.
    assert norm.to_original(15, 21) == (15, 21)


def test_zero_width_space_inside_word() -> None:
    text = f"the spi{ZWSP}nner tool"
    norm = normalize(text)
    assert norm.text == "the spinner tool"
    assert norm.findings == (Finding(4, 12, "invisible", "spinner"),)
    assert text[4:12] == f"spi{ZWSP}nner"
    start = norm.text.index("spinner")
    assert norm.to_original(start, start + 7) == (4, 12)
    # Text after the deletion is shifted back by one.
    t = norm.text.index("tool")
    assert norm.to_original(t, t + 4) == (13, 17)
    assert text[13:17] == "tool"


def test_word_with_homoglyph_and_invisible_gets_both_findings() -> None:
    text = f"Buy ch{CYRILLIC_A}{ZWSP}p watches"
    norm = normalize(text)
    assert norm.text == "Buy chap watches"
    kinds = [(f.kind, f.start, f.end, f.normalized) for f in norm.findings]
    assert kinds == [("homoglyph", 4, 9, "chap"), ("invisible", 4, 9, "chap")]


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
     "\u202a", "\u202e", "\u2066", "\u2069", "\U000e0041"],
)  # fmt: skip
def test_each_invisible_character_is_removed_and_reported(invisible: str) -> None:
    text = f"an arti{invisible}cle here"
    norm = normalize(text)
    assert norm.text == "an article here"
    assert norm.findings == (Finding(3, 11, "invisible", "article"),)


def test_findings_slice_the_original() -> None:
    text = (
        f"\u202eevil\u202c and p{CYRILLIC_A}yp{CYRILLIC_A}l and "
        f"spi{ZWSP}n\u00adner and \uff50\uff41\uff59 and w\u200aord."
    )
    norm = normalize(text)
    assert [f.normalized for f in norm.findings] == [
        "evil", "paypal", "spinner", "pay", "word",
    ]  # fmt: skip
    for f in norm.findings:
        piece = text[f.start : f.end]
        # The span is exactly the disguised word: normalizing it alone gives the
        # suggestion, and it is bounded by spaces or punctuation.
        assert normalize(piece).text == f.normalized
        assert f.normalized in norm.text.split(" ") or f.normalized + "." in norm.text
        assert f.start == 0 or not text[f.start - 1].isalpha()
        assert f.end == len(text) or not text[f.end].isalpha()


def test_fullwidth_and_mathematical_letters() -> None:
    norm = normalize("Visit \uff50\uff41\uff59\uff50\uff41\uff4c or \U0001d41b\U0001d428\U0001d425\U0001d41d now")
    assert norm.text == "Visit paypal or bold now"
    assert [f.kind for f in norm.findings] == ["homoglyph", "homoglyph"]
    # Astral characters are one code point each in a Python str.
    assert norm.findings[1] == Finding(16, 20, "homoglyph", "bold")


def test_genuine_cyrillic_and_greek_words_are_untouched() -> None:
    for text in [
        "Это русский текст о погоде",
        "ΚΑΙ ο καιρός είναι καλός",
        "Moscow is Москва in Russian, and α-helix stays α.",
        "A 5 μm film; µs timing.",
    ]:
        norm = normalize(text)
        assert norm.text == text
        assert norm.findings == ()


def test_mixed_word_with_a_non_lookalike_letter_is_left_alone() -> None:
    # "\u0436" (zhe) looks like no Latin letter: the word is not disguised English.
    text = f"p{CYRILLIC_A}yp\u0436l"
    assert normalize(text).text == text


def test_greek_capitals_inside_latin_word() -> None:
    norm = normalize("\u0397ello \u039cark")
    assert norm.text == "Hello Mark"
    assert len(norm.findings) == 2


def test_controls_and_surrogates_keep_positions() -> None:
    text = "a\x00b\x1bc\x7fd\ud800e\r\nf\tg\x85h"
    norm = normalize(text)
    assert norm.text == "a b c d\ufffde\r\nf\tg h"
    assert len(norm.text) == len(text)
    assert norm.findings == ()
    assert norm.to_original(2, 9) == (2, 9)
    norm.text.encode("utf-8")  # no lone surrogate left


def test_odd_spaces() -> None:
    # Between words: a plain space of the same length, no finding.
    norm = normalize("some\u00a0thing and 10\u00a0km and Mr.\u2009Smith")
    assert norm.text == "some thing and 10 km and Mr. Smith"
    assert norm.findings == ()
    # Splitting a word: removed and reported.
    norm = normalize("a w\u200aord here")
    assert norm.text == "a word here"
    assert norm.findings == (Finding(2, 7, "invisible", "word"),)
    norm = normalize("the s\u2009p\u2009i\u2009n\u2009n\u2009e\u2009r tool")
    assert norm.text == "the spinner tool"
    assert norm.findings == (Finding(4, 17, "invisible", "spinner"),)
    assert norm.to_original(4, 11) == (4, 17)
    # Line and paragraph separators become line feeds.
    assert normalize("one\u2028two").text == "one\ntwo"


def test_bom_at_start_is_removed_silently() -> None:
    text = "\ufeffHello world"
    norm = normalize(text)
    assert norm.text == "Hello world"
    assert norm.findings == ()
    assert norm.to_original(0, len(norm.text)) == (0, len(text))
    assert norm.to_original(0, 5) == (0, 6)  # the text start absorbs the BOM
    assert norm.to_original(6, 11) == (7, 12)


def test_emoji_joiners_are_removed_without_a_finding() -> None:
    text = "family \U0001f468\u200d\U0001f469\u200d\U0001f467 photo"
    norm = normalize(text)
    assert norm.text == "family \U0001f468\U0001f469\U0001f467 photo"
    assert norm.findings == ()


def test_to_original_validates_arguments() -> None:
    norm = normalize(f"x{ZWSP}y")
    assert norm.text == "xy"
    with pytest.raises(ValueError):
        norm.to_original(1, 0)
    with pytest.raises(ValueError):
        norm.to_original(0, 3)
    with pytest.raises(ValueError):
        norm.to_original(-1, 1)
    with pytest.raises(TypeError):
        norm.to_original(0.5, 1)  # type: ignore[arg-type]
    assert norm.to_original(1, 1) == (2, 2)
    assert norm.to_original(2, 2) == (3, 3)


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError, match=r"decode it first"):
        normalize(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="NoneType"):
        normalize(None)  # type: ignore[arg-type]


def test_to_original_round_trips_random_spans() -> None:
    rng = random.Random(1234)
    pieces = ["spin", "ner", ZWSP, "\u00ad", " ", "p", CYRILLIC_A, "y", "\u200a", "word", "\u202e",
              "\u00a0", "\ufeff", "\x00", "\ud800", "\u0436", "ok", "\n"]  # fmt: skip
    for _ in range(300):
        original = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        norm = normalize(original)
        n = len(norm.text)
        assert norm.to_original(0, n) == (0, len(original))
        _check_mapping(original, norm)
        for _ in range(20):
            s = rng.randint(0, n)
            e = rng.randint(s, n)
            a, b = norm.to_original(s, e)
            assert 0 <= a <= b <= len(original)
            if 0 < s < e < n:
                assert a == norm.to_original(s, s + 1)[0]
                assert b == norm.to_original(e - 1, e)[1]
            # The original span turns into exactly the normalized span.
            assert _is_image(norm.text[s:e], original[a:b])


# --------------------------------------------------------------------------
# Performance
# --------------------------------------------------------------------------


def test_clean_text_is_returned_as_is() -> None:
    ascii_text = ("The quick brown fox jumps over the lazy dog. " * 25000)[:1_000_000]
    prose = ("Caf\u00e9 na\u00efve \u2014 \u201cquoted\u201d r\u00e9sum\u00e9 d\u00e9j\u00e0 vu, "
             "Z\u00fcrich\u2019s fa\u00e7ade\u2026 ") * 20000  # fmt: skip
    prose = prose[:1_000_000]
    assert normalize(ascii_text).text is ascii_text
    assert normalize(prose).text is prose


def test_large_dirty_text_is_handled() -> None:
    chunk = f"The spi{ZWSP}nner tool hides p{CYRILLIC_A}ypal words. "
    text = chunk * 5000
    norm = normalize(text)
    assert norm.text == "The spinner tool hides paypal words. " * 5000
    assert len(norm.findings) == 10000
    last = norm.findings[-1]
    assert text[last.start : last.end] == f"p{CYRILLIC_A}ypal"


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)
# Text dense in the characters normalize() cares about, so that the
# interesting paths run on most examples.
tricky_text = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz ABC.,'-\n\r\t")
        + list("\u0430\u0435\u043e\u0440\u0441\u0436\u0416\u0391\u03bf\u03bc\u00b5")
        + list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066\u034f\u3164")
        + list("\u00a0\u2009\u200a\u3000\u2028\x00\x1b\x7f\x85\ud800\udfff")
        + list("\uff41\uff21\U0001d41a\u0301\u00e9\U0001f600")
    ),
    max_size=40,
)


def _check_invariants(text: str) -> None:
    norm = normalize(text)
    n = len(norm.text)
    assert isinstance(norm.text, str)
    assert n <= len(text)
    assert norm.to_original(0, n) == (0, len(text))
    prev_a = prev_b = 0
    for i in range(n + 1):
        a, _ = norm.to_original(i, i)
        assert a >= prev_a
        prev_a = a
        if i < n:
            s, e = norm.to_original(i, i + 1)
            assert 0 <= s < e <= len(text)
            assert e >= prev_b
            prev_b = e
    for f in norm.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.kind in ("homoglyph", "invisible")
        assert f.normalized
    assert list(norm.findings) == sorted(norm.findings, key=lambda f: (f.start, f.kind))
    # The output is safe to encode and free of control/format characters.
    norm.text.encode("utf-8")
    for ch in norm.text:
        cat = unicodedata.category(ch)
        assert cat != "Cf"
        assert cat != "Cc" or ch in "\t\n\r"
    # Normalizing twice changes nothing more.
    assert normalize(norm.text).text == norm.text
    _check_mapping(text, norm)


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_property_arbitrary_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=1000, deadline=None)
@given(tricky_text)
def test_property_tricky_text(text: str) -> None:
    _check_invariants(text)


CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(CYRILLIC + CYRILLIC.upper() + " .,!?-\n1")), max_size=80))
def test_property_pure_cyrillic_unchanged(text: str) -> None:
    norm = normalize(text)
    assert norm.text == text
    assert norm.findings == ()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "spin", "text", "\u0441\u043b\u043e\u0432\u043e", "\u03bb\u03cc\u03b3\u03bf\u03c2"]),
        max_size=12,
    )
)
def test_property_words_in_their_own_script_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    assert normalize(text).text == text


def test_invisible_table_covers_every_format_character() -> None:
    missing = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf" and chr(cp) not in _module._INVISIBLE
    ]
    assert missing == []
