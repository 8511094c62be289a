"""The spaCy component: attributes on the Doc, exact spans, other components, saving and loading.

Exact spans are checked with a stand-in detector that returns hand-built
results; the shipped model is used to check that the component agrees with
``spindetect.score`` and survives ``to_disk`` / ``spacy.load``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import spindetect
from spindetect import SpinScore, Swap
from spindetect.spacy_component import SpinDetector, register_extensions

NEWS = (
    "North Korean bossman Kim Jong Un has ordered more nuclear and brickbat tests. State media reported it on "
    "Tuesday, in a move that will worry the p\u0430ypal neighbours."
)


class StubDetector:
    """Flags fixed substrings (each may cut through a token) with fixed scores."""

    def __init__(self, spans: list[tuple[str, float, tuple[str, ...], str]]) -> None:
        self.spans = spans

    def score(self, text: str) -> SpinScore:
        if len(text.split()) < 3:
            return SpinScore(text, None, False, (), reason="too short")
        swaps = []
        for word, score, suggestions, kind in self.spans:
            start = text.find(word)
            if start >= 0:
                swaps.append(Swap(start, start + len(word), word, score, suggestions, kind))
        swaps.sort(key=lambda s: s.start)
        return SpinScore(text, 0.9 if swaps else 0.1, bool(swaps), tuple(swaps), threshold=0.5)

    def score_many(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[SpinScore]:
        return (self.score(t) for t in texts)


STUB_SPANS = [
    ("bossman", 0.8, ("leader", "boss"), "swap"),
    ("rickba", 0.95, ("missile",), "swap"),  # mid-token: the Span expands to "brickbat"
    ("p\u0430ypal", 1.0, ("paypal",), "homoglyph"),
]


def stub_pipeline(*before: str) -> Language:
    nlp = spacy.blank("en")
    for name in before:
        nlp.add_pipe(name)
    component = nlp.add_pipe("spindetect")
    assert isinstance(component, SpinDetector)
    component._detector = StubDetector(STUB_SPANS)  # type: ignore[assignment]
    return nlp


def test_attributes_and_exact_spans() -> None:
    doc = stub_pipeline()(NEWS)
    assert doc._.spin_probability == 0.9
    assert doc._.spin_reason is None
    assert doc._.spin_is_spun is True
    spans = doc._.spin_swaps
    assert [s.text for s in spans] == ["bossman", "brickbat", "p\u0430ypal"]
    assert [(s.start_char, s.end_char) for s in spans] == [
        (NEWS.index("bossman"), NEWS.index("bossman") + 7),
        (NEWS.index("brickbat"), NEWS.index("brickbat") + 8),
        (NEWS.index("p\u0430ypal"), NEWS.index("p\u0430ypal") + 6),
    ]
    assert [s._.swap_score for s in spans] == [0.8, 0.95, 1.0]
    assert [s._.swap_suggestions for s in spans] == [("leader", "boss"), ("missile",), ("paypal",)]
    assert [s._.swap_kind for s in spans] == ["swap", "swap", "homoglyph"]
    scores = {t.text: t._.swap_score for t in doc if t._.swap_score}
    assert scores == {"bossman": 0.8, "brickbat": 0.95, "p\u0430ypal": 1.0}
    assert doc[0]._.swap_score == 0.0
    assert doc[0:2]._.swap_score is None  # not a flagged span


def test_works_after_a_sentencizer() -> None:
    nlp = stub_pipeline("sentencizer")
    assert nlp.pipe_names == ["sentencizer", "spindetect"]
    doc = nlp(NEWS)
    assert len(list(doc.sents)) == 2
    assert [s.text for s in doc._.spin_swaps] == ["bossman", "brickbat", "p\u0430ypal"]


def test_pipe_and_abstention() -> None:
    nlp = stub_pipeline()
    docs = list(nlp.pipe([NEWS, "Hi there", "A plain sentence with nothing odd in it."], batch_size=2))
    assert [d._.spin_probability for d in docs] == [0.9, None, 0.1]
    assert docs[1]._.spin_reason == "too short"
    assert [len(d._.spin_swaps) for d in docs] == [3, 0, 0]
    assert all(t._.swap_score == 0.0 for t in docs[2])


def test_annotations_survive_doc_serialization() -> None:
    nlp = stub_pipeline()
    doc = nlp(NEWS)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.spin_probability == 0.9
    assert [(s.text, s._.swap_score, s._.swap_suggestions) for s in copy._.spin_swaps] == [
        (s.text, s._.swap_score, s._.swap_suggestions) for s in doc._.spin_swaps
    ]


def test_rerunning_forgets_old_token_scores() -> None:
    nlp = stub_pipeline()
    doc = nlp(NEWS)
    component = nlp.get_pipe("spindetect")
    component._detector = StubDetector([])  # type: ignore[attr-defined]
    doc = component(doc)
    assert doc._.spin_swaps == []
    assert all(t._.swap_score == 0.0 for t in doc)


def test_extensions_register_idempotently() -> None:
    register_extensions()
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("spindetect")
    nlp.add_pipe("spindetect", name="spindetect_strict", config={"threshold": 0.9})
    strict = nlp.get_pipe("spindetect_strict")
    assert isinstance(strict, SpinDetector) and strict.threshold == 0.9


def test_config_is_validated() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="threshold"):
        nlp.add_pipe("spindetect", config={"threshold": 1.5})
    with pytest.raises(ValueError, match="not found"):
        nlp.add_pipe("spindetect", config={"model": "/no/such/model"})


def test_agrees_with_score() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("spindetect")
    doc = nlp(NEWS)
    result = spindetect.score(NEWS)
    assert doc._.spin_probability == result.probability
    assert doc._.spin_probability is None or 0.0 <= doc._.spin_probability <= 1.0
    assert doc._.spin_reason == result.reason
    spans = doc._.spin_swaps
    assert len(spans) == len(result.swaps)
    for span, swap in zip(spans, result.swaps):
        assert span.start_char <= swap.start < swap.end <= span.end_char
        assert span._.swap_score == swap.score
        assert span._.swap_suggestions == swap.suggestions
        assert all(t._.swap_score >= swap.score for t in span)


def test_to_disk_and_load_in_a_fresh_interpreter(tmp_path: Path) -> None:
    if not any(ep.name == "spindetect" for ep in entry_points(group="spacy_factories")):
        pytest.fail("the spacy_factories entry point is not installed: run `pip install -e .` (or `pip install .`)")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("spindetect", config={"threshold": 0.4})
    nlp.to_disk(tmp_path / "pipeline")
    script = """
import json, sys
import spacy
assert "spindetect" not in sys.modules
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
assert "spindetect" in sys.modules
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "threshold": nlp.get_pipe("spindetect").threshold,
    "probability": doc._.spin_probability,
    "reason": doc._.spin_reason,
    "swaps": [[s.start_char, s.end_char, s._.swap_score] for s in doc._.spin_swaps],
}))
"""
    # Run outside the repository so that nothing is imported from the working directory by accident.
    process = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "pipeline"), NEWS],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    loaded = json.loads(process.stdout.strip().splitlines()[-1])
    assert loaded["pipe_names"] == ["sentencizer", "spindetect"]
    assert loaded["threshold"] == 0.4
    probability = loaded["probability"]
    assert probability is None or 0.0 <= probability <= 1.0
    for start, end, score in loaded["swaps"]:
        assert 0 <= start < end <= len(NEWS) and 0.0 <= score <= 1.0
