"""The HTML views: escaping, exact highlight spans, whole text, abstentions, the report page.

Exact spans are checked on hand-built results (the model's choices change when it
is retrained); the shipped model is only used to check that real results render.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spindetect
from spindetect import SpinScore, Swap
from spindetect.render import render, render_page


class _TextView(HTMLParser):
    """Collects what a browser would show inside each ``.spindetect-text`` box."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside a text box
        self.texts: list[list[str]] = []
        self.marks: list[tuple[dict[str, str | None], list[str]]] = []
        self.tags_in_text: list[str] = []
        self.in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
            self.tags_in_text.append(tag)
            if tag == "mark":
                self.marks.append((dict(attrs), []))
                self.in_mark = True
        elif tag == "div" and "spindetect-text" in classes:
            self.depth = 1
            self.texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag == "mark":
                self.in_mark = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1].append(data)
            if self.in_mark:
                self.marks[-1][1].append(data)


def parse(page: str) -> _TextView:
    view = _TextView()
    view.feed(page)
    view.close()
    return view


def shown_text(page: str) -> str:
    (text,) = parse(page).texts
    return "".join(text)


def marked(page: str) -> list[str]:
    return ["".join(data) for _, data in parse(page).marks]


def spun(text: str, *spans: tuple[str, float, tuple[str, ...], str]) -> SpinScore:
    """A result flagging the first occurrence of each (word, score, suggestions, kind)."""
    swaps = []
    for word, score, suggestions, kind in spans:
        start = text.index(word)
        swaps.append(Swap(start, start + len(word), word, score, suggestions, kind))
    swaps.sort(key=lambda s: s.start)
    return SpinScore(text, 0.9, True, tuple(swaps), threshold=0.5, n_words=len(text.split()))


NEWS = "North Korean bossman Kim Jong Un has ordered more nuclear and brickbat tests,\nthe state media said."


def test_script_in_text_and_markup_in_suggestion_render_inert() -> None:
    text = "Sites <script>alert(1)</script> say the bossman left & <i>returned</i>."
    result = spun(text, ("bossman", 0.9, ("<b>boss</b>", '"leader"'), "swap"))
    page = render(result)
    view = parse(page)
    assert view.tags_in_text == ["mark"]  # no script, b or i element inside the text box
    assert "<script>" not in page and "<b>boss" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert shown_text(page) == text
    ((attrs, _),) = view.marks
    assert "<b>boss</b>" in (attrs["title"] or "")  # shown literally on hover, after unescaping
    assert '"leader"' in (attrs["title"] or "")


def test_each_mark_shows_exactly_its_span() -> None:
    text = "Line one has a bossman.\r\n\tThe nuclear and brickbat tests — café ✓ — were «loud».  \n\n"
    result = spun(
        text,
        ("bossman", 0.55, ("boss",), "swap"),
        ("brickbat", 0.97, ("missile",), "swap"),
        ("café", 1.0, ("cafe",), "homoglyph"),
        ("«loud»", 0.7, (), "swap"),
    )
    page = render(result)
    assert marked(page) == [result.text[s.start : s.end] for s in result.swaps]
    assert shown_text(page) == text  # line breaks, tabs and trailing spaces kept
    assert "white-space: pre-wrap" in page


def test_colour_follows_score_and_evasion_has_its_own_style() -> None:
    text = "a weak swap, a strong swap and a trick here"
    result = spun(text, ("weak", 0.5, (), "swap"), ("strong", 1.0, (), "swap"), ("trick", 1.0, ("x",), "homoglyph"))
    weak, strong, trick = (attrs for attrs, _ in parse(render(result)).marks)
    assert weak["style"] != strong["style"]
    assert trick["style"] != strong["style"]
    assert weak["class"] != trick["class"]


def test_tooltip_has_score_and_suggestions() -> None:
    result = spun(NEWS, ("brickbat", 0.92, ("missile", "rock"), "swap"))
    ((attrs, _),) = parse(render(result)).marks
    assert "0.92" in (attrs["title"] or "")
    assert "missile" in (attrs["title"] or "") and "rock" in (attrs["title"] or "")


def test_whole_long_text_is_shown() -> None:
    paragraph = "The council met on Tuesday to discuss the new budget for the library & the park.\n"
    text = paragraph * (100_000 // len(paragraph) + 1) + "The end came with a brickbat."
    assert len(text) > 100_000
    end = len(text) - 1
    swaps = (Swap(4, 11, "council", 0.8, ("board",)), Swap(end - 8, end, "brickbat", 0.9, ("missile",)))
    result = SpinScore(text, 0.7, True, swaps)
    page = render(result)
    assert shown_text(page) == text
    assert marked(page) == ["council", "brickbat"]


def test_abstaining_result_renders_reason() -> None:
    page = render(SpinScore("Hi <there>", None, False, (), reason="too short"))
    assert "not scored: too short" in page
    assert shown_text(page) == "Hi <there>"


def test_verdicts() -> None:
    assert "likely spun" in render(SpinScore("x", 0.8, True, ()))
    assert "probably not spun" in render(SpinScore("x", 0.1, False, (), threshold=0.66))
    assert "0.66" in render(SpinScore("x", 0.1, False, (), threshold=0.66))


def test_bad_spans_are_skipped_not_trusted() -> None:
    text = "one two three four"
    swaps = (
        Swap(0, 3, "one", 0.9, ("1",)),
        Swap(2, 7, "e two", 0.9, ("overlaps",)),  # overlaps the first
        Swap(8, 13, "THREE", 0.9, ("3",)),  # text does not match the offsets
        Swap(14, 99, "four", 0.9, ("4",)),  # out of range
        Swap(14, 18, "four", 0.9, ("4",)),
    )
    page = render(SpinScore(text, 0.9, True, swaps))
    assert shown_text(page) == text
    assert marked(page) == ["one", "four"]


def test_lone_surrogates_do_not_break_encoding() -> None:
    page = render(spun("bad \ud800 char in a bossman text", ("bossman", 0.9, (), "swap")))
    page.encode("utf-8")
    assert marked(page) == ["bossman"]


def test_repr_html_and_mimebundle() -> None:
    result = spun(NEWS, ("bossman", 0.9, ("leader",), "swap"))
    assert result._repr_html_() == render(result)
    bundle = result._repr_mimebundle_()
    assert bundle["text/plain"] == repr(result)
    assert bundle["text/html"] == render(result)
    assert set(result._repr_mimebundle_(include={"text/plain"})) == {"text/plain"}
    assert set(result._repr_mimebundle_(exclude={"text/html"})) == {"text/plain"}


def test_page_sorts_by_probability_with_abstentions_last() -> None:
    results = [
        SpinScore("low text", 0.2, False, ()),
        SpinScore("short", None, False, (), reason="too short"),
        SpinScore("high text", 0.9, True, ()),
        SpinScore("middle text", 0.5, False, ()),
    ]
    page = render_page(results, ["low.txt", "short.txt", "high.txt", "<mid>.txt"])
    assert page.startswith("<!DOCTYPE html>")
    assert ["".join(t) for t in parse(page).texts] == ["high text", "middle text", "low text", "short"]
    assert "&lt;mid&gt;.txt" in page and "<mid>" not in page
    assert "not scored: too short" in page


def test_page_titles_must_match_results() -> None:
    with pytest.raises(ValueError, match="one title per result"):
        render_page([SpinScore("x", 0.5, True, ())], ["a", "b"])
    assert "document 1" in render_page([SpinScore("x", 0.5, True, ())])


@st.composite
def texts_with_swaps(draw: st.DrawFn) -> SpinScore:
    text = draw(st.text(st.characters(codec="utf-8"), max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    swaps = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if start < end:
            suggestions = tuple(draw(st.lists(st.text(max_size=5), max_size=2)))
            kind = draw(st.sampled_from(["swap", "homoglyph", "invisible"]))
            swaps.append(Swap(start, end, text[start:end], draw(st.floats(0, 1)), suggestions, kind))
    return SpinScore(text, 0.5, True, tuple(swaps))


@settings(max_examples=150, deadline=None)
@given(texts_with_swaps())
def test_any_text_renders_exactly(result: SpinScore) -> None:
    page = render(result)
    assert shown_text(page) == result.text
    assert marked(page) == [s.text for s in result.swaps]


def test_real_result_renders() -> None:
    text = (
        "North Korean bossman Kim Jong Un has ordered more nuclear and brickbat tests, state media reported on "
        "Tuesday, in a move that is likely to worry neighbouring countries and the wider region."
    )
    result = spindetect.score(text)
    page = render(result)
    assert shown_text(page) == text
    assert marked(page) == [text[s.start : s.end] for s in result._disjoint_swaps()]
