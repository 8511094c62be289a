"""The public front door: :class:`Detector` and the module-level shortcuts.

``spindetect.score(text)`` delegates to one cached default :class:`Detector`,
which loads the shipped model lazily, once, on first use (``preload()`` does it
up front for services). A ``Detector`` holds configuration for those who need
it: another model folder, another decision threshold.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from itertools import islice
from pathlib import Path

from ._validate import require_str
from .language import judge_text, prose_spans
from .model import Model, default_model_path, raised_by_evidence
from .normalize import normalize
from .spinner import spin_with
from .tokenize import build_tokenizer
from .types import SpinScore, SpunText, Swap

__all__ = ["Detector", "is_spun", "load", "preload", "restore", "score", "score_many", "spin"]


_WARM_UP = (
    "The committee met on Monday and agreed on a new budget for the coming year, "
    "and the chairman said the plan would be published soon."
)


def _check_text(text: object) -> str:
    return require_str(text, "spindetect")


def _check_probability(name: str, value: float | None) -> float | None:
    if value is not None and not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be a number between 0.0 and 1.0, got {value!r}")
    return value


def _load_alongside_tokenizer(folder: Path) -> Model:
    """``Model.load(folder)`` in a worker thread while this one builds spaCy's tokenizer.

    Scoring needs both, and each takes a second or two. Importing spaCy holds
    the GIL almost throughout; loading the model mostly waits on zlib,
    hashing and numpy, which release it, so on two cores the two overlap
    (measured by benchmarks/speed.py, docs/performance.md). ``Model.load``
    never imports spaCy, so the two threads never import the same module at
    once (``test_model_loading_never_imports_spacy`` in tests/test_api.py).
    """
    with ThreadPoolExecutor(1, thread_name_prefix="spindetect-load") as pool:
        loading = pool.submit(Model.load, folder)
        build_tokenizer()
        model = loading.result()
    _return_free_memory()
    return model


def _return_free_memory() -> None:
    """Hand memory freed while loading back to the system, where the C library allows it (glibc).

    The worker thread allocates from a malloc arena of its own, and glibc
    keeps what loading freed there (inflated buffers, sort orders) as part of
    the process: 30-50 MB of resident memory that nothing uses. ``malloc_trim``
    returns it; other C libraries do not have it, and do not need it as much.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # not glibc; TypeError: Windows takes no None
        return
    trim(0)


class Detector:
    """A spin detector bound to one model.

    Args:
        model: a model folder (as written by ``spindetect train``); default:
            the model shipped with the package.
        threshold: probability at or above which ``is_spun`` is true
            (0.0 to 1.0); default: the model's calibrated threshold.
    """

    def __init__(self, model: str | Path | None = None, *, threshold: float | None = None) -> None:
        self.model_path = Path(model) if model is not None else default_model_path()
        self.threshold = _check_probability("threshold", threshold)
        self._model: Model | None = None
        self._lock = threading.Lock()
        self._collected = False

    def __repr__(self) -> str:
        return f"Detector(model={str(self.model_path)!r}, threshold={self.threshold!r})"

    @property
    def model(self) -> Model:
        """The loaded model (loaded on first access, once, thread-safely)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_alongside_tokenizer(self.model_path)
        return self._model

    def preload(self) -> Detector:
        """Load the model (and the tokenizer and language data it uses) now instead of at the first call."""
        self._score_batch([_WARM_UP])
        if not self._collected:
            # Loading leaves some 100,000 long-lived objects (spaCy's, the
            # model's) that the garbage collector has not yet seen as old; it
            # would pause for tens of milliseconds to scan them all during the
            # first batches. One full collection now does it while loading.
            gc.collect()
            self._collected = True
        return self

    # -- scoring -------------------------------------------------------------------
    def score(self, text: str) -> SpinScore:
        """Score one document; see :func:`spindetect.score`."""
        return self._score_batch([_check_text(text)])[0]

    def score_many(self, texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[SpinScore]:
        """Score many documents, yielding results in input order; see :func:`spindetect.score_many`."""
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if not isinstance(n_process, int) or n_process == 0 or n_process < -1:
            raise ValueError(f"n_process must be a positive int or -1 (all cores), got {n_process!r}")
        if n_process == -1:
            n_process = os.cpu_count() or 1
        batches = _batched((_check_text(t) for t in texts), batch_size)
        if n_process == 1:
            for batch in batches:
                yield from self._score_batch(batch)
            return
        self.preload()  # forked workers inherit the loaded model
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        global _worker_detector
        _worker_detector = self
        with ProcessPoolExecutor(n_process, mp_context=context) as pool:
            # Keep a bounded number of batches in flight, so that a huge input
            # is read as it is scored rather than all at once.
            pending: deque = deque()
            for batch in batches:
                pending.append(pool.submit(_score_in_worker, batch))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()

    def is_spun(self, text: str) -> bool:
        """True when the document's spin probability reaches the threshold (False when abstaining)."""
        return self.score(text).is_spun

    def spin(self, text: str, rate: float = 0.1, thesaurus: str = "moby", seed: int | None = None) -> SpunText:
        """Spin ``text`` with this model's thesauri; see :func:`spindetect.spin`."""
        return spin_with(self.model.lexicon, _check_text(text), rate, thesaurus, seed)

    def _score_batch(self, texts: list[str]) -> list[SpinScore]:
        model = self.model
        threshold = model.document.threshold if self.threshold is None else self.threshold
        results: list[SpinScore | None] = [None] * len(texts)
        todo: list[int] = []
        normalized = []
        prose = []
        for i, text in enumerate(texts):
            norm = normalize(text)
            reason = judge_text(norm.text, model.zipf_of)
            if reason is not None:
                results[i] = SpinScore(text, None, False, (), reason=reason, threshold=threshold)
            else:
                todo.append(i)
                normalized.append(norm)
                prose.append(_prose_only(norm.text))
        if todo:
            scored = model.score_batch(prose, threshold)
            for i, norm, result in zip(todo, normalized, scored):
                results[i] = _to_original(texts[i], norm, result)
        return results  # type: ignore[return-value]

    def restore(self, text: str) -> str:
        """Undo the spin this detector finds in ``text``; see :func:`spindetect.restore`."""
        return self.score(text).restored()


_BLANK = re.compile(r"[^\n]")
# Each spintax group left in a text halves the remaining doubt that it was
# spun: four groups or more make a text spun whatever its words (1 - 0.5^4 is
# above the shipped threshold, 0.936), while one or two "{push|pull}" in
# technical writing leave the verdict to the words (a text the words call
# clean at 0.1 goes to 0.55 with one group, 0.89 with three).
SPINTAX_DOCUMENT_EVIDENCE = 0.5


def _prose_only(text: str) -> str:
    """Blank out code, tables, markup and other non-prose lines, keeping every offset.

    Non-prose characters become spaces (line breaks stay), so the scorer reads
    only the prose while offsets still index the same string.
    """
    spans = prose_spans(text)
    if len(spans) == 1 and spans[0] == (len(text) - len(text.lstrip()), len(text.rstrip())):
        return text
    out: list[str] = []
    position = 0
    for start, end in spans:
        out.append(_BLANK.sub(" ", text[position:start]))
        out.append(text[start:end])
        position = end
    out.append(_BLANK.sub(" ", text[position:]))
    return "".join(out)


def _to_original(text: str, norm, result: SpinScore) -> SpinScore:
    """Map swaps found in the normalized text back onto the original string.

    An evasion finding (homoglyph, invisible character) may cover the same word
    as a suspected swap: both are reported, the swap first.
    """
    if result.text == text and not norm.findings:
        return result
    swaps = []
    for s in result.swaps:
        start, end = norm.to_original(s.start, s.end)
        swaps.append(Swap(start, end, text[start:end], s.score, s.suggestions, s.kind))
    for f in norm.findings:
        swaps.append(Swap(f.start, f.end, text[f.start : f.end], 1.0, f.options or (f.normalized,), f.kind))
    swaps.sort(key=lambda s: (s.start, s.end))
    probability, is_spun = result.probability, result.is_spun
    spintax = sum(f.kind == "spintax" for f in norm.findings)
    if spintax and probability is not None:
        probability = raised_by_evidence(probability, spintax, SPINTAX_DOCUMENT_EVIDENCE)
        is_spun = probability >= result.threshold
    return SpinScore(text, probability, is_spun, tuple(swaps), result.reason, result.threshold, result.n_words)


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


_worker_detector: Detector | None = None


def _score_in_worker(batch: list[str]) -> list[SpinScore]:
    assert _worker_detector is not None
    return _worker_detector._score_batch(batch)


# -- module-level shortcuts ---------------------------------------------------------
_default: Detector | None = None
_default_lock = threading.Lock()


def _default_detector() -> Detector:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Detector()
    return _default


def score(text: str) -> SpinScore:
    """Score one document with the shipped model.

    Returns a :class:`SpinScore`: ``probability`` (0.0 to 1.0) that the text was
    spun, or ``None`` with a ``reason`` when spindetect abstains (empty, too
    short, not English, not prose); ``swaps`` lists every flagged span with its
    character offsets, a score (0.0 to 1.0) and suggested originals.
    """
    return _default_detector().score(text)


def score_many(texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[SpinScore]:
    """Score an iterable of documents lazily, in input order.

    Batching amortizes the per-call overhead; ``n_process`` > 1 (or -1 for all
    cores) scores batches in worker processes.
    """
    return _default_detector().score_many(texts, batch_size=batch_size, n_process=n_process)


def is_spun(text: str) -> bool:
    """True when ``score(text).probability`` reaches the model's calibrated threshold."""
    return _default_detector().is_spun(text)


def spin(text: str, rate: float = 0.1, thesaurus: str = "moby", seed: int | None = None) -> SpunText:
    """Imitate an article spinner: swap about ``rate`` (0.0 to 1.0) of the words for thesaurus synonyms.

    ``thesaurus`` is ``"moby"`` or ``"wordnet"``. The result's ``swaps`` are the
    exact gold spans (offsets into ``result.text``) with the words they replaced.
    """
    return _default_detector().spin(text, rate=rate, thesaurus=thesaurus, seed=seed)


def load(model: str | Path) -> Detector:
    """A :class:`Detector` for a model folder, loaded and verified now."""
    return Detector(model).preload()


def preload() -> None:
    """Load the default model now (for services that must not pay on the first request)."""
    _default_detector().preload()


def restore(text: str) -> str:
    """A best guess at ``text`` before it was spun: each flagged span replaced by its likeliest original.

    Synonym swaps get their first suggestion; homoglyph and invisible-character
    tricks get the word as a reader sees it. Everything else is kept character
    for character, and text that is abstained on or has nothing flagged comes
    back unchanged. See :meth:`SpinScore.restored`.
    """
    return _default_detector().restore(text)
