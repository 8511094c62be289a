"""Spintax left in a text ("{best|greatest|top}") is found, read as its first alternative, and counts as spin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spindetect
from spindetect.api import SPINTAX_DOCUMENT_EVIDENCE
from spindetect.normalize import normalize
from spindetect.spintax import MAX_GROUPS, find_spintax

CASES = json.loads((Path(__file__).parent / "cases" / "spintax.json").read_text(encoding="utf-8"))

TEMPLATE = (
    "Looking for the {best|greatest|top} way to {improve|enhance|boost} your website traffic? Our "
    "{team|group|crew} of {experts|specialists|professionals} can {help|assist|aid} you {get|obtain|acquire} "
    "more {visitors|guests|readers} in {no time|a short time|record time}. We offer {affordable|cheap|low-cost} "
    "plans for every {business|company|firm} and every budget."
)


@pytest.mark.parametrize("case", CASES["found"], ids=lambda c: c["text"][:30])
def test_spintax_groups_are_found_with_their_alternatives(case: dict) -> None:
    text = case["text"]
    groups = find_spintax(text)
    assert [(text[g.start : g.end], list(g.options)) for g in groups] == [(t, o) for t, o in case["groups"]]
    assert normalize(text).text == case["reads"]


@pytest.mark.parametrize("text", CASES["not_found"])
def test_braces_and_bars_that_are_not_spintax_are_left_alone(text: str) -> None:
    assert find_spintax(text) == []
    assert all(f.kind != "spintax" for f in normalize(text).findings)


def test_a_leaked_template_is_called_spun_and_each_group_reported() -> None:
    result = spindetect.score(TEMPLATE)
    assert result.is_spun
    groups = [s for s in result.swaps if s.kind == "spintax"]
    assert len(groups) == 10
    assert groups[0].text == "{best|greatest|top}"
    assert groups[0].suggestions == ("best", "greatest", "top")
    for swap in result.swaps:
        assert TEMPLATE[swap.start : swap.end] == swap.text


def test_restoring_a_template_keeps_the_first_alternatives() -> None:
    restored = spindetect.score(TEMPLATE).restored()
    assert "{" not in restored and "|" not in restored
    assert restored.startswith("Looking for the best way to improve your website traffic?")


def test_each_group_halves_the_remaining_doubt() -> None:
    """One or two groups ("git {push|pull}") leave the verdict to the words; the words are scored as read."""
    plain = (
        "To publish your work, run git push after you commit the changes to the branch that the team reviews "
        "every week before the release goes out, and tell the others on the list."
    )
    with_group = plain.replace("git push", "git {push|pull}")
    p_plain = spindetect.score(plain).probability
    result = spindetect.score(with_group)
    expected = 1.0 - (1.0 - p_plain) * (1.0 - SPINTAX_DOCUMENT_EVIDENCE)
    assert result.probability == pytest.approx(expected, abs=1e-9)
    assert [s.kind for s in result.swaps if s.kind == "spintax"] == ["spintax"]


def test_spintax_and_homoglyphs_together_keep_offsets() -> None:
    text = "The {b\u0435st|greatest} way to gr\u043ew your {site|blog}."
    norm = normalize(text)
    assert norm.text == "The best way to grow your site."
    kinds = sorted(f.kind for f in norm.findings)
    assert kinds == ["homoglyph", "homoglyph", "spintax", "spintax"]
    for f in norm.findings:
        assert 0 <= f.start < f.end <= len(text)
    start = norm.text.index("grow")
    assert text[slice(*norm.to_original(start, start + 4))] == "gr\u043ew"


def test_the_search_is_bounded_on_huge_templates_and_brace_noise() -> None:
    assert len(find_spintax("{word|other} " * (MAX_GROUPS + 500))) == MAX_GROUPS
    assert find_spintax("{|" * 200_000) == []
    assert find_spintax("x{ab|cd}" * 100_000) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["{", "}", "|", " ", "word", "other", "a", "\n", "$", "1", "-", "'", "\u0435"]), max_size=40
    )
)
def test_normalize_never_fails_on_brace_and_bar_soup(parts: list[str]) -> None:
    text = "".join(parts)
    norm = normalize(text)
    for f in norm.findings:
        assert 0 <= f.start <= f.end <= len(text)
    for start in range(len(norm.text) + 1):
        a, b = norm.to_original(start, len(norm.text))
        assert 0 <= a <= b <= len(text)
    for g in find_spintax(text):
        assert text[g.start] == "{" and text[g.end - 1] == "}"
