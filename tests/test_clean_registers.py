"""Clean human text in many registers must not be flagged as spun.

The corpus (``tests/cases/clean_registers.json``) is hand-written clean text:
technical prose with rare but correct terms, informal web text, legal text,
poetry-like text and news. Every synonym swap flagged on it is a false flag.
Each text must come out with no flagged swap and not called spun; the texts
the current model gets wrong carry a ``known_failure`` note and run as strict
xfail, so that a fix is noticed. The corpus-wide rates are bounded too;
``benchmarks/false_flags.py`` prints the per-register numbers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import spindetect

CASES = Path(__file__).parent / "cases"
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")  # as in benchmarks/false_flags.py

MAX_FLAGS_PER_1000_WORDS = 10.0
MAX_SPUN_SHARE = 0.20
# The rate is measured on scored documents; abstaining on most of the corpus must not pass for "no false flags".
MIN_SCORED_WORD_SHARE = 0.8

with open(CASES / "clean_registers.json", encoding="utf-8") as _fh:
    CLEAN = json.load(_fh)["clean"]


def test_corpus_shape() -> None:
    assert len(CLEAN) >= 40
    registers = {c["register"] for c in CLEAN}
    assert {"technical", "informal web", "legal", "poetry-like"} <= registers
    topics = {c["topic"] for c in CLEAN if c["register"] == "technical"}
    assert {"medicine", "law", "chemistry", "software", "finance"} <= topics
    texts = [c["text"] for c in CLEAN]
    assert any(t.startswith("The apex predator") for t in texts)
    assert any("a brickbat from critics" in t for t in texts)
    assert len(set(texts)) == len(texts)
    for text in texts:
        assert 30 <= len(WORD_RE.findall(text)) <= 120, text[:60]


@pytest.fixture(scope="module")
def results() -> list[spindetect.SpinScore]:
    return list(spindetect.score_many([c["text"] for c in CLEAN]))


@pytest.fixture(scope="module")
def summary(results: list[spindetect.SpinScore]) -> dict:
    words = [len(WORD_RE.findall(c["text"])) for c in CLEAN]
    scored = [(n, r) for n, r in zip(words, results, strict=True) if r.probability is not None]
    stats = {
        "words": sum(words),
        "scored_docs": len(scored),
        "scored_words": sum(n for n, _ in scored),
        "flags": sum(1 for _, r in scored for s in r.swaps if s.kind == "swap"),
        "spun": sum(1 for _, r in scored if r.is_spun),
        "flagged": sorted({s.text for _, r in scored for s in r.swaps if s.kind == "swap"}),
    }
    stats["rate"] = 1000.0 * stats["flags"] / max(stats["scored_words"], 1)
    stats["message"] = (
        f"{stats['flags']} false flags in {stats['scored_words']} scored words = {stats['rate']:.1f} per 1,000 words "
        f"(bound {MAX_FLAGS_PER_1000_WORDS}); {stats['spun']}/{len(scored)} clean texts called spun "
        f"= {100.0 * stats['spun'] / max(len(scored), 1):.0f}% (bound {100 * MAX_SPUN_SHARE:.0f}%); "
        f"{len(CLEAN) - len(scored)} abstained; flagged: {stats['flagged']}"
    )
    return stats


def test_clean_registers_are_scored(summary: dict) -> None:
    assert summary["scored_words"] >= MIN_SCORED_WORD_SHARE * summary["words"], summary["message"]


def test_clean_registers_false_flag_rate(summary: dict) -> None:
    assert summary["rate"] <= MAX_FLAGS_PER_1000_WORDS, summary["message"]


def test_clean_registers_few_called_spun(summary: dict) -> None:
    assert summary["spun"] <= MAX_SPUN_SHARE * summary["scored_docs"], summary["message"]


def test_clean_registers_have_no_evasion_findings(results: list[spindetect.SpinScore]) -> None:
    # Plain ASCII/Latin-1 text: a homoglyph or invisible finding here would be a normalizer bug.
    findings = [(c["topic"], s) for c, r in zip(CLEAN, results, strict=True) for s in r.swaps if s.kind != "swap"]
    assert findings == []


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["known_failure"])) if "known_failure" in c else c
        for c in CLEAN
    ],
    ids=lambda c: f"{c['register']}-{c['topic']}" if isinstance(c, dict) and "topic" in c else None,
)
def test_clean_text_is_not_flagged(case: dict) -> None:
    result = spindetect.score(case["text"])
    flagged = [s.text for s in result.swaps if s.kind == "swap"]
    assert not flagged, f"false flags: {flagged}"
    assert not result.is_spun, f"called spun with probability {result.probability:.2f}"
