"""The 10,000-input fuzz run of ``benchmarks/fuzz.py``, as a test (slow: run with ``pytest -m slow``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz.py"


def _load_fuzz():
    if "spindetect_benchmarks_fuzz" in sys.modules:
        return sys.modules["spindetect_benchmarks_fuzz"]
    spec = importlib.util.spec_from_file_location("spindetect_benchmarks_fuzz", FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_fuzz_10000_inputs() -> None:
    fuzz = _load_fuzz()
    report = fuzz.run_fuzz(n=10_000, seed=0, batch_size=64)
    print(report.markdown())
    assert report.inputs == 10_000
    assert report.scored > 1_000, "the generator must reach the scorer, not only the abstention paths"
    assert not report.failures, report.markdown()


def test_fuzz_generator_is_reproducible() -> None:
    fuzz = _load_fuzz()
    texts = [fuzz.make_input(0, i) for i in range(200)]
    assert texts == [fuzz.make_input(0, i) for i in range(200)]
    assert all(len(t) <= fuzz.MAX_CHARS for t in texts)
    assert any("\ud800" <= ch <= "\udfff" for t in texts for ch in t), "lone surrogates are generated"
    assert any(ch < " " and ch not in "\t\n\r" for t in texts for ch in t), "control characters are generated"
