"""Regression cases kept as data: spun sentences that must be flagged, clean ones that must not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import spindetect

CASES = Path(__file__).parent / "cases"


def _load(name: str) -> list:
    cases = json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]
    return [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["known_failure"])) if "known_failure" in c else c
        for c in cases
    ]


def _flagged(result) -> list[str]:
    return [s.text for s in result.swaps]


@pytest.mark.parametrize("case", _load("spun_sentences.json"))
def test_spun_words_are_flagged(case):
    result = spindetect.score(case["text"])
    assert result.probability is not None, result.reason
    for i, word in enumerate(case["flag"]):
        start = case["text"].index(word)
        hits = [s for s in result.swaps if s.start <= start < s.end]
        assert hits, f"{word!r} not flagged; flagged: {_flagged(result)}"
        if "suggest" in case:
            assert hits[0].suggestions[:1] == (case["suggest"][i],)


@pytest.mark.parametrize("case", _load("clean_sentences.json"))
def test_rare_but_correct_words_are_not_flagged(case):
    result = spindetect.score(case["text"])
    for word in case["no_flag"]:
        start = case["text"].index(word)
        hits = [s.text for s in result.swaps if s.start <= start < s.end]
        assert not hits, f"{word!r} wrongly flagged (score {[s.score for s in result.swaps if s.text == word]})"
