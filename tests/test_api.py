"""The public API contract: names, types, ranges, offsets, abstention, batching."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import spindetect
from spindetect import SpinScore, Swap

EXAMPLE = (Path(__file__).resolve().parent.parent / "docs" / "example-spun.txt").read_text(encoding="utf-8")
CLEAN = (
    "The committee met on Monday and agreed on a new budget for the coming year. The chairman said the "
    "plan would be published before the end of the month, after a final review by the finance department."
)


def test_public_names():
    for name in ("score", "score_many", "is_spun", "spin", "Detector", "SpinScore", "Swap", "SpunText", "load"):
        assert hasattr(spindetect, name)
    assert isinstance(spindetect.__version__, str) and spindetect.__version__.count(".") == 2


def test_score_returns_frozen_result_with_valid_ranges():
    result = spindetect.score(EXAMPLE)
    assert isinstance(result, SpinScore)
    assert 0.0 <= result.probability <= 1.0
    assert result.reason is None
    assert result.is_spun == (result.probability >= result.threshold)
    assert isinstance(result.swaps, tuple) and result.swaps
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.probability = 0.0  # type: ignore[misc]


def test_swaps_in_text_order_with_exact_offsets():
    result = spindetect.score(EXAMPLE)
    starts = [s.start for s in result.swaps]
    assert starts == sorted(starts)
    for swap in result.swaps:
        assert isinstance(swap, Swap)
        assert EXAMPLE[swap.start : swap.end] == swap.text
        assert 0.0 <= swap.score <= 1.0
        assert isinstance(swap.suggestions, tuple)
        assert all(isinstance(s, str) and s for s in swap.suggestions)
    for a, b in zip(result.swaps, result.swaps[1:]):
        assert a.end <= b.start, "swaps must not overlap"


def test_example_is_spun_and_clean_text_is_not():
    assert spindetect.is_spun(EXAMPLE) is True
    assert spindetect.is_spun(CLEAN) is False


def test_suggestions_keep_capitalisation():
    result = spindetect.score("Secretary of Affirm Mike Pompeo said the talks would go on. " + EXAMPLE)
    for swap in result.swaps:
        if swap.text[0].isupper() and swap.suggestions:
            assert swap.suggestions[0][0].isupper(), swap


@pytest.mark.parametrize(
    ("text", "reason"), [("", "empty"), ("   \n\t ", "empty"), ("Far too short to judge.", "too short")]
)
def test_abstains_with_a_reason(text, reason):
    result = spindetect.score(text)
    assert result.probability is None
    assert result.reason == reason
    assert result.is_spun is False
    assert result.swaps == ()


@pytest.mark.parametrize("bad", [b"bytes are not text", None, 42, ["a list"]])
def test_non_str_input_is_a_type_error(bad):
    with pytest.raises(TypeError) as info:
        spindetect.score(bad)
    if isinstance(bad, bytes):
        assert "decode" in str(info.value)


def test_score_many_keeps_order_and_matches_score():
    texts = [EXAMPLE, "", CLEAN, "Too short.", EXAMPLE.upper()[:400]]
    batched = list(spindetect.score_many(texts, batch_size=2))
    assert [r.to_dict() for r in batched] == [spindetect.score(t).to_dict() for t in texts]


def test_score_many_in_worker_processes_matches_serial():
    texts = [EXAMPLE, CLEAN] * 3
    parallel = [r.to_dict() for r in spindetect.score_many(texts, batch_size=2, n_process=2)]
    assert parallel == [r.to_dict() for r in spindetect.score_many(texts)]


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"n_process": 0}, {"batch_size": "8"}])
def test_score_many_rejects_bad_options(kwargs):
    with pytest.raises(ValueError):
        list(spindetect.score_many([CLEAN], **kwargs))


def test_detector_threshold_is_validated_and_used():
    with pytest.raises(ValueError):
        spindetect.Detector(threshold=1.5)
    lenient = spindetect.Detector(threshold=0.0)
    assert lenient.score(CLEAN).is_spun is True
    strict = spindetect.Detector(threshold=1.0)
    assert strict.score(EXAMPLE).is_spun is (strict.score(EXAMPLE).probability >= 1.0)


def test_to_dict_is_json_serializable_and_repr_is_short():
    result = spindetect.score(EXAMPLE)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["probability"] == round(result.probability, 4)
    assert len(data["swaps"]) == len(result.swaps)
    assert len(repr(result)) < 120
    assert "probability=" in repr(result)


def test_model_loads_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    detector = spindetect.Detector()
    assert detector.score(EXAMPLE).probability is not None


def test_scoring_never_loads_wordfreq():
    """wordfreq's list costs about a second to load; the model carries what scoring needs of it."""
    import subprocess
    import sys

    code = (
        "import sys, spindetect\n"
        "r = spindetect.score(open(sys.argv[1], encoding='utf-8').read())\n"
        "assert r.probability is not None\n"
        "print('wordfreq' in sys.modules)\n"
    )
    example = Path(__file__).resolve().parent.parent / "docs" / "example-spun.txt"
    done = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_model_loading_never_imports_spacy():
    """The model loads in a worker thread while spaCy is imported: two threads must not import it at once."""
    import subprocess
    import sys

    code = (
        "import sys, spindetect\n"
        "from spindetect.model import Model, default_model_path\n"
        "assert 'spacy' not in sys.modules, 'importing spindetect imported spaCy'\n"
        "Model.load(default_model_path())\n"
        "assert 'spacy' not in sys.modules, 'Model.load imported spaCy'\n"
        "spindetect.preload()\n"
        "print('spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_a_model_that_fails_to_load_in_the_worker_thread_raises_in_the_caller(tmp_path: Path):
    from spindetect.bundle import BundleError

    with pytest.raises(BundleError, match="manifest.json"):
        spindetect.Detector(model=tmp_path).score(EXAMPLE)
