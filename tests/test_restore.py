"""De-spinning: ``spindetect.restore`` and ``SpinScore.restored``.

The contract is about bytes: flagged spans with suggestions are replaced by the
first suggestion, and every other character comes back exactly as it went in.
Exact replacements are checked on hand-built results; with the shipped model we
only check that contract, never which words it flags.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spindetect
from spindetect import Detector, SpinScore, Swap

CLEAN_PARAGRAPHS = [
    # Plain reporting.
    (
        "The city council voted on Tuesday to extend the opening hours of the public library. Members said the "
        "change would help students who work during the day, and the new schedule will start next month."
    ),
    # Narrative, with dialogue, curly quotes and an em dash.
    (
        "When we reached the top of the hill, my grandmother sat down on a rock and took out a thermos of tea. "
        "\u201cThis is where your grandfather proposed,\u201d she said \u2014 and then, after a pause, \u201che "
        "forgot the ring.\u201d"
    ),
    # Instructions, with line breaks, a tab and a list.
    (
        "To replace the filter, first switch off the pump.\n\tThen open the lid and lift the old cartridge out.\n"
        "- Rinse the housing with clean water.\n- Insert the new cartridge and close the lid.\r\n"
    ),
    # Rare but correct words, numbers and non-ASCII names.
    (
        "The sommelier at Caf\u00e9 M\u00fcller recommended a 2015 Riesling with the trout; its acidity cut "
        "through the butter sauce. We paid \u20ac48 for the bottle, which seemed fair for a wine of that age."
    ),
    # Science writing.
    (
        "Photosynthesis converts light energy into chemical energy. In the chloroplasts of plant cells, carbon "
        "dioxide and water are turned into glucose and oxygen, which is released into the air through the leaves."
    ),
]

NEWS = "North Korean bossman Kim Jong Un has ordered more nuclear and brickbat tests, state media said."


def flag(text: str, *spans: tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str]) -> SpinScore:
    """A result flagging the first occurrence of each (word, suggestions[, kind])."""
    swaps = []
    for word, suggestions, *kind in spans:
        start = text.index(word)
        swaps.append(Swap(start, start + len(word), word, 0.9, suggestions, *kind))
    swaps.sort(key=lambda s: s.start)
    return SpinScore(text, 0.9, True, tuple(swaps))


def outside(text: str, swaps: list[Swap]) -> list[str]:
    """The pieces of ``text`` between the given (sorted, disjoint) spans."""
    pieces, position = [], 0
    for s in swaps:
        pieces.append(text[position : s.start])
        position = s.end
    pieces.append(text[position:])
    return pieces


def test_restored_replaces_exact_spans() -> None:
    result = flag(NEWS, ("bossman", ("leader", "boss")), ("brickbat", ("missile",)))
    expected = "North Korean leader Kim Jong Un has ordered more nuclear and missile tests, state media said."
    assert result.restored() == expected


def test_evasion_findings_become_their_normalized_form() -> None:
    text = "Log in to your p\u0430ypal account and check the spi\u200bnner settings."
    result = flag(text, ("p\u0430ypal", ("paypal",), "homoglyph"), ("spi\u200bnner", ("spinner",), "invisible"))
    assert result.restored() == "Log in to your paypal account and check the spinner settings."


def test_swaps_without_suggestions_are_kept() -> None:
    result = flag(NEWS, ("bossman", ()), ("brickbat", ("missile",)))
    assert result.restored() == NEWS.replace("brickbat", "missile")


def test_unscored_and_unflagged_results_come_back_unchanged() -> None:
    assert SpinScore(NEWS, 0.1, False, ()).restored() == NEWS
    # Abstaining results never carry swaps, but even a hand-built one is not rewritten.
    abstained = SpinScore(NEWS, None, False, flag(NEWS, ("bossman", ("leader",))).swaps, reason="too short")
    assert abstained.restored() == NEWS
    # The very same object, not merely an equal string.
    assert SpinScore(NEWS, 0.1, False, ()).restored() is NEWS


def test_bad_spans_are_not_applied() -> None:
    text = "one two three four"
    swaps = (
        Swap(0, 3, "one", 0.9, ("1",)),
        Swap(2, 7, "e two", 0.9, ("clash",)),  # overlaps the first
        Swap(8, 13, "THREE", 0.9, ("3",)),  # its text does not match the offsets
        Swap(14, 99, "four", 0.9, ("4",)),  # out of range
    )
    assert SpinScore(text, 0.9, True, swaps).restored() == "1 two three four"


def test_a_swap_wins_over_an_evasion_finding_on_the_same_word() -> None:
    text = "the b\u043essman spoke"
    word = "b\u043essman"
    start = text.index(word)
    swaps = (
        Swap(start, start + len(word), word, 1.0, ("bossman",), "homoglyph"),
        Swap(start, start + len(word), word, 0.9, ("leader",), "swap"),
    )
    assert SpinScore(text, 0.9, True, swaps).restored() == "the leader spoke"


@st.composite
def results(draw: st.DrawFn) -> SpinScore:
    text = draw(st.text(max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    swaps = [
        Swap(a, b, text[a:b], 0.9, tuple(draw(st.lists(st.text(max_size=4), max_size=2))))
        for a, b in zip(cuts[::2], cuts[1::2])
    ]
    return SpinScore(text, 0.9, True, tuple(swaps))


@settings(max_examples=200, deadline=None)
@given(results())
def test_bytes_outside_swaps_are_identical(result: SpinScore) -> None:
    restored = result.restored()
    expected, position = [], 0
    for s in result.swaps:
        expected.append(result.text[position : s.start])
        expected.append(s.suggestions[0] if s.suggestions else s.text)
        position = s.end
    expected.append(result.text[position:])
    assert restored == "".join(expected)


@pytest.mark.parametrize("paragraph", CLEAN_PARAGRAPHS)
def test_restore_keeps_clean_paragraphs(paragraph: str) -> None:
    # These clean paragraphs get no false flag from the shipped model, so
    # restoring them must give back the input byte for byte.
    assert spindetect.restore(paragraph) == paragraph
    assert spindetect.score(paragraph).restored() == paragraph


def test_restore_on_real_spun_text_keeps_everything_outside_swaps() -> None:
    text = "Line one.\r\n" + NEWS + "  \t\n" + CLEAN_PARAGRAPHS[0]
    result = spindetect.score(text)
    assert spindetect.restore(text) == result.restored()
    assert Detector().restore(text) == result.restored()


def test_restore_refuses_bytes() -> None:
    with pytest.raises(TypeError, match="decode"):
        spindetect.restore(NEWS.encode())  # type: ignore[arg-type]


def test_a_candidate_written_elsewhere_in_the_document_is_suggested_higher() -> None:
    # A spinner swaps only some occurrences of a word, so a candidate original
    # that stands elsewhere in the document gets a bonus when suggestions are ranked.
    extractor = Detector().model.extractor
    neighbours = extractor.context.ids(["along", "the", "carries", "silt"])  # two words before, two after
    plain = extractor.rank_candidates("watercourse", neighbours)
    one_word = [c for c in plain[1:] if " " not in c and extractor.context.index.get(c)]
    assert len(one_word) >= 3, "the test needs one-word candidates below the first"
    moved_up = 0
    for chosen in one_word:
        document_ids = np.unique(extractor.context.ids(["the", "farmers", chosen, "plant", "rice"]))
        boosted = extractor.rank_candidates("watercourse", neighbours, document_ids=document_ids)
        assert boosted.index(chosen) <= plain.index(chosen)
        moved_up += boosted.index(chosen) < plain.index(chosen)
        # The others keep their order.
        assert [c for c in boosted if c != chosen] == [c for c in plain if c != chosen]
    assert moved_up >= len(one_word) // 2
