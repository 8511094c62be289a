"""Tests for spindetect.language: when to abstain, and which parts are prose."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spindetect.language import MIN_WORDS, judge_text, prose_spans

CASES = Path(__file__).parent / "cases"


def _load(name: str, key: str) -> list[dict[str, Any]]:
    with open(CASES / name, encoding="utf-8") as fh:
        return json.load(fh)[key]


NON_ENGLISH = _load("non_english.json", "not_english")
NOT_PROSE = _load("not_prose.json", "not_prose")
PROSE_WITH_EXTRAS = _load("not_prose.json", "prose")
ENGLISH = _load("english_short.json", "english")

WORD = re.compile(r"[^\W\d_]+")


def _id(case: dict[str, Any]) -> str:
    return str(case.get("lang") or case.get("kind") or case.get("register"))


# --------------------------------------------------------------------------
# The data files themselves
# --------------------------------------------------------------------------


def test_case_files_are_big_enough() -> None:
    assert len(NON_ENGLISH) >= 15
    assert len(NOT_PROSE) >= 8
    assert len(ENGLISH) >= 15
    langs = {c["lang"].split("-")[0] for c in NON_ENGLISH}
    assert {"fr", "de", "es", "it", "nl", "pt", "zh", "ja", "ru", "ar", "hi"} <= langs
    for case in NON_ENGLISH:
        words = case["text"].split()
        # Scripts written without spaces: count characters, ~2 per word.
        assert len(words) >= 25 or len(case["text"]) >= 50, case["lang"]
    kinds = " ".join(c["kind"] for c in NOT_PROSE)
    for kind in ["python", "json", "csv", "html", "urls", "names", "number", "log"]:
        assert kind in kinds
    for case in ENGLISH:
        n = len(WORD.findall(case["text"]))
        assert MIN_WORDS <= n <= 40, (case["register"], n)


# --------------------------------------------------------------------------
# judge_text on the data files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", NON_ENGLISH, ids=_id)
def test_non_english_is_rejected(case: dict[str, Any]) -> None:
    assert judge_text(case["text"]) == "not English"


@pytest.mark.parametrize("case", NOT_PROSE, ids=_id)
def test_not_prose_is_rejected(case: dict[str, Any]) -> None:
    assert judge_text(case["text"]) == "not prose"


@pytest.mark.parametrize("case", ENGLISH + PROSE_WITH_EXTRAS, ids=_id)
def test_english_prose_is_accepted(case: dict[str, Any]) -> None:
    assert judge_text(case["text"]) is None


@pytest.mark.parametrize("case", NON_ENGLISH + ENGLISH + PROSE_WITH_EXTRAS, ids=_id)
def test_the_models_frequencies_judge_like_wordfreqs(case: dict[str, Any], shipped_model) -> None:
    """A detector passes its model's Zipf table instead of wordfreq's list; the verdicts must not change."""
    assert judge_text(case["text"], shipped_model.zipf_of) == judge_text(case["text"])


@pytest.mark.parametrize("case", ENGLISH, ids=_id)
def test_english_prose_is_all_prose(case: dict[str, Any]) -> None:
    text = case["text"]
    spans = prose_spans(text)
    covered = sum(e - s for s, e in spans)
    assert covered >= 0.9 * len(text.strip())


# --------------------------------------------------------------------------
# judge_text: reasons and edge cases
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \r\n", "\u3000\u00a0 "])
def test_empty(text: str) -> None:
    assert judge_text(text) == "empty"


def test_too_short_boundary() -> None:
    assert MIN_WORDS == 12
    words = ["the", "cat", "sat", "on", "the", "mat", "and", "then", "it", "went", "out", "to", "play"]
    assert len(words) == 13
    assert judge_text(" ".join(words[: MIN_WORDS - 1]) + ".") == "too short"
    assert judge_text(" ".join(words[:MIN_WORDS]) + ".") is None
    assert judge_text("Hello there!") == "too short"
    assert judge_text("Bonjour \u00e0 tous") == "too short"


def test_mixed_document_is_judged_on_its_prose() -> None:
    prose = (
        "Our service reads its settings from a file when it starts. If a key is "
        "missing, the loader falls back to a default value, so that a half-written "
        "file never stops the server from booting. Most teams only ever change the "
        "number of workers and the request timeout, and leave everything else alone."
    )
    code = "def load(path):\n    data = json.loads(Path(path).read_text())\n    return {**DEFAULTS, **data}\n"
    assert judge_text(f"{prose}\n\n```python\n{code}```\n") is None
    assert judge_text(f"{prose[:60]}\n\n{code * 6}") == "not prose"


def test_english_with_foreign_phrases_is_english() -> None:
    text = (
        "He said au revoir and left, but honestly the whole d\u00e9j\u00e0 vu thing "
        "was making me nervous about the rendezvous at the caf\u00e9 on the corner."
    )
    assert judge_text(text) is None


def test_long_texts() -> None:
    english = " ".join(c["text"] for c in ENGLISH)
    french = " ".join(c["text"] for c in NON_ENGLISH if c["lang"] == "fr")
    big_english = (english + "\n\n") * (1_000_000 // len(english))
    big_french = (french + "\n") * (1_000_000 // len(french))
    assert judge_text(big_english) is None
    assert judge_text(big_french) == "not English"
    assert judge_text(NOT_PROSE[0]["text"] * 3000) == "not prose"


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="decode it first"):
        judge_text(b"some bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        judge_text(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        prose_spans(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# prose_spans
# --------------------------------------------------------------------------

MIXED_DOC = """# Loading settings

Our service reads its settings from a JSON file at startup. If a key is missing,
the loader falls back to a sensible default.

```python
def load(path):
    # merge the file over the defaults
    data = json.loads(Path(path).read_text())
    return {**DEFAULTS, **data}
```

The table below lists the defaults for the most important keys.

| key | default | meaning |
|-----|---------|---------|
| workers | 4 | worker processes |
| timeout | 30 | seconds per request |

    for key in DEFAULTS:
        print(key, DEFAULTS[key])

See also:
https://docs.example.com/settings
https://docs.example.com/deploy

In practice, most teams only ever change the number of workers and the timeout.
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_prose_spans_of_mixed_document(newline: str) -> None:
    doc = MIXED_DOC.replace("\n", newline)
    pieces = [doc[s:e] for s, e in prose_spans(doc)]
    assert pieces == [
        "# Loading settings",
        "Our service reads its settings from a JSON file at startup. If a key is missing,"
        + newline
        + "the loader falls back to a sensible default.",
        "The table below lists the defaults for the most important keys.",
        "See also:",
        "In practice, most teams only ever change the number of workers and the timeout.",
    ]
    prose = " ".join(pieces)
    for not_prose in ["def load", "json.loads", "merge the file", "| workers", "print(key", "https://"]:
        assert not_prose not in prose


def test_prose_spans_of_plain_prose_is_whole_text() -> None:
    text = "  A short paragraph of prose.\nIt goes on for a second line.  \n"
    assert prose_spans(text) == [(2, len(text.rstrip()))]
    assert prose_spans("") == []
    assert prose_spans("x = 1\ny = 2\n") == []


def test_prose_spans_excludes_name_lists_and_tables() -> None:
    names = next(c["text"] for c in NOT_PROSE if c["kind"] == "list of person names")
    csv = next(c["text"] for c in NOT_PROSE if c["kind"] == "csv table")
    intro = "The people listed below attended the meeting on Tuesday."
    doc = f"{intro}\n\n{names}\n{csv}"
    assert [doc[s:e] for s, e in prose_spans(doc)] == [intro]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300))
def test_property_never_raises_and_spans_are_exact(text: str) -> None:
    judge_text(text)
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["The cat sat on the mat.", "x = f(y);", "| a | b |", "1, 2, 3, 4", "", "   ",
             "https://example.com/a", "<div>", "Alice Smith", "```", "\r", "def f():", "ok"]
        ),
        max_size=30,
    ).map("\n".join)
)  # fmt: skip
def test_property_spans_on_line_soup(text: str) -> None:
    assert judge_text(text) in (None, "empty", "too short", "not English", "not prose")
    _check_spans(text)


def _check_spans(text: str) -> None:
    spans = prose_spans(text)
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev_end = e
