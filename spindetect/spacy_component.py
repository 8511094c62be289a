"""spindetect as a spaCy pipeline component: ``nlp.add_pipe("spindetect")``.

Why a component: pipelines that already run spaCy over crawled pages want the
spin verdict on the same ``Doc``, next to entities and sentences, and want a
saved pipeline to keep it. The component scores ``doc.text`` with a
:class:`~spindetect.Detector` (it reads the raw text itself, so it works on
``spacy.blank("en")`` and anywhere in a pipeline) and sets:

* ``doc._.spin_probability``: probability (0.0 to 1.0) that the text was spun,
  or ``None`` when spindetect abstains; ``doc._.spin_reason`` says why.
* ``doc._.spin_is_spun``: the probability reached the threshold.
* ``doc._.spin_swaps``: the flagged spans as ``Span`` objects (expanded to token
  boundaries), each with ``span._.swap_score`` (0.0 to 1.0),
  ``span._.swap_suggestions`` (likely originals, best first) and
  ``span._.swap_kind``.
* ``token._.swap_score``: the highest score of a flagged span covering the token,
  0.0 when none does.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.add_pipe("sentencizer"), nlp.add_pipe("spindetect")  # doctest: +ELLIPSIS
(<spacy.pipeline.sentencizer.Sentencizer object at ...>, SpinDetector(name='spindetect', model=None, threshold=None))
>>> doc = nlp("North Korean bossman Kim Jong Un has ordered more nuclear and brickbat tests.")  # doctest: +SKIP
>>> doc._.spin_probability, [(s.text, s._.swap_suggestions) for s in doc._.spin_swaps]  # doctest: +SKIP
(0.93, [('brickbat', ('missile', 'rock'))])

Design notes:

* **Loadable without importing spindetect.**  The factory is registered with
  ``@Language.factory`` *and* through the ``spacy_factories`` entry point, so
  ``spacy.load`` of a saved pipeline finds it in a fresh interpreter.
* **Serializable docs.**  Extension values are stored in ``doc.user_data``, which
  ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(n_process=...)`` serialize with
  msgpack; ``Span`` objects cannot go there. So the doc keeps plain records
  (offsets, score, suggestions, kind) and ``spin_swaps`` and the span attributes
  are getters that rebuild the view from them.
* **Nothing to save.**  The component's state is its config (``model``,
  ``threshold``); the model is the shipped one or a folder path, loaded lazily
  on the first document. ``to_disk`` therefore writes nothing.
* **Extensions registered idempotently**, at import, so that reading
  ``doc._.spin_probability`` never fails once the module is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from .api import Detector, _check_probability
from .types import SpinScore

__all__ = ["SpinDetector", "make_spindetect", "register_extensions"]

# Where the swap records live in ``doc.user_data``: a msgpack-friendly key, one
# list of [start, end, score, [suggestions...], kind, span_start, span_end] per
# swap, where span_start/span_end are the offsets of the token-aligned Span.
_RECORDS_KEY = "spindetect.swaps"
_START, _END, _SCORE, _SUGGESTIONS, _KIND, _SPAN_START, _SPAN_END = range(7)


def _records(doc: Doc) -> list[list[Any]]:
    return doc.user_data.get(_RECORDS_KEY) or []


def _spin_swaps(doc: Doc) -> list[Span]:
    spans = []
    for record in _records(doc):
        span = doc.char_span(record[_SPAN_START], record[_SPAN_END])
        if span is not None:
            spans.append(span)
    return spans


def _record_for(span: Span) -> list[Any] | None:
    for record in _records(span.doc):
        if record[_SPAN_START] == span.start_char and record[_SPAN_END] == span.end_char:
            return record
    return None


def _span_score(span: Span) -> float | None:
    record = _record_for(span)
    return None if record is None else float(record[_SCORE])


def _span_suggestions(span: Span) -> tuple[str, ...]:
    record = _record_for(span)
    return () if record is None else tuple(record[_SUGGESTIONS])


def _span_kind(span: Span) -> str | None:
    record = _record_for(span)
    return None if record is None else str(record[_KIND])


def register_extensions() -> None:
    """Register the ``._.`` attributes this component sets (safe to call repeatedly)."""
    doc_attributes: dict[str, Any] = {"spin_probability": None, "spin_reason": None, "spin_is_spun": False}
    for name, default in doc_attributes.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("spin_swaps"):
        Doc.set_extension("spin_swaps", getter=_spin_swaps)
    span_getters = {"swap_score": _span_score, "swap_suggestions": _span_suggestions, "swap_kind": _span_kind}
    for name, getter in span_getters.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)
    if not Token.has_extension("swap_score"):
        Token.set_extension("swap_score", default=0.0)


register_extensions()


class SpinDetector:
    """The pipeline component: scores each ``Doc``'s text and sets the ``._.`` attributes.

    Args:
        name: the component's name in the pipeline.
        model: a model folder, or ``None`` for the model shipped with spindetect.
        threshold: probability (0.0 to 1.0) for ``doc._.spin_is_spun``, or
            ``None`` for the model's calibrated threshold.
    """

    def __init__(self, name: str = "spindetect", model: str | None = None, threshold: float | None = None) -> None:
        if model is not None and not Path(model).is_dir():
            raise ValueError(f"spindetect component {name!r}: model folder {model!r} not found")
        self.name = name
        self.model = model
        self.threshold = _check_probability("threshold", threshold)
        self._detector: Detector | None = None
        register_extensions()

    def __repr__(self) -> str:
        return f"SpinDetector(name={self.name!r}, model={self.model!r}, threshold={self.threshold!r})"

    @property
    def detector(self) -> Detector:
        """The :class:`Detector`, created on first use (its model loads on the first document)."""
        if self._detector is None:
            self._detector = Detector(self.model, threshold=self.threshold)
        return self._detector

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, self.detector.score(doc.text))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Annotate docs in batches (scoring a batch at once is faster than one by one)."""
        for batch in minibatch(stream, size=batch_size):
            results = self.detector.score_many([doc.text for doc in batch], batch_size=max(len(batch), 1))
            for doc, result in zip(batch, results):
                yield self._annotate(doc, result)

    def _annotate(self, doc: Doc, result: SpinScore) -> Doc:
        doc._.spin_probability = result.probability
        doc._.spin_reason = result.reason
        doc._.spin_is_spun = result.is_spun
        # Forget token scores from an earlier run over the same doc before setting new ones.
        for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:2] == ("._.", "swap_score")]:
            del doc.user_data[key]
        records: list[list[Any]] = []
        for swap in result.swaps:
            span = doc.char_span(swap.start, swap.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue  # e.g. a span made only of whitespace: no token to attach it to
            records.append(
                [swap.start, swap.end, swap.score, list(swap.suggestions), swap.kind, span.start_char, span.end_char]
            )
            for token in span:
                token._.swap_score = max(token._.swap_score, swap.score)
        doc.user_data[_RECORDS_KEY] = records
        return doc

    # The state is the config; these exist so that saving and loading a pipeline is explicit about it.
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write nothing: the component is fully described by its config."""

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SpinDetector:
        """Read nothing (see :meth:`to_disk`); returns self."""
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> SpinDetector:
        return self


# spaCy validates the config against these annotations (a threshold of "abc" is a config error).
@Language.factory(
    "spindetect",
    default_config={"model": None, "threshold": None},
    assigns=["doc._.spin_probability", "doc._.spin_reason", "doc._.spin_is_spun", "token._.swap_score"],
)
def make_spindetect(nlp: Language, name: str, model: str | None, threshold: float | None) -> SpinDetector:
    """Create the ``spindetect`` component (``nlp.add_pipe("spindetect", config={...})``)."""
    return SpinDetector(name, model=model, threshold=threshold)
