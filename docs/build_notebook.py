"""Write docs/notebook.ipynb: the worked notebook, executed, with its outputs stored.

Why a script instead of Jupyter: the notebook's cells are defined here, in Python, and executed the way a
kernel would run them (one shared namespace, in order, from the docs folder), so the stored outputs can be
regenerated on any machine with spindetect installed, without Jupyter. Each code cell's standard output
becomes a "stream" output; the value of its last expression becomes an "execute_result" with ``text/html``
and ``text/plain`` when the value has a rich view (a ``SpinScore``), else ``text/plain`` only. The file is
nbformat 4.5 JSON with stable cell ids, so rebuilding it with the same model gives the same bytes.

Cells tagged ``stable-output`` print nothing that depends on the model's numbers; ``tests/test_notebook.py``
re-runs the notebook and checks that those outputs are reproduced exactly.

Run it from the repository root after changing the API or the model::

    python docs/build_notebook.py
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "notebook.ipynb"
STABLE = "stable-output"

# (kind, source, tags): kind is "markdown" or "code".
CELLS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "markdown",
        """\
# spindetect in a notebook

Article spinners and "paraphrasing tools" disguise copied text by swapping words for thesaurus entries
chosen without regard to sense ("North Korean **bossman**", "**counterfeit consciousness**"). spindetect
gives each document the probability that it was spun, and points at every suspicious word with its likely
original.

This notebook walks through the library: scoring a document, reading the result, undoing the spin,
scoring many documents, the synthetic spinner, configuration and the spaCy component. Run it from the
`docs/` folder of a clone (`pip install .` first). The numbers come from one version of the model; yours
may differ a little.""",
        (),
    ),
    (
        "code",
        """\
from pathlib import Path

import spindetect

# The example lives next to this notebook; the fallback is for running from the repository root.
path = Path("example-spun.txt")
if not path.exists():
    path = Path("docs/example-spun.txt")
text = path.read_text(encoding="utf-8")
print(path.name, len(text), "characters")""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
## Score a document

`spindetect.score(text)` returns a `SpinScore`. In a notebook it shows the verdict and the whole text,
with every flagged word or phrase highlighted: light yellow for a score near 0.5, red near 1.0. Hover over
a highlight to see its score and the likely originals. The first call loads the model (a second or two).""",
        (),
    ),
    (
        "code",
        """\
result = spindetect.score(text)
result""",
        (),
    ),
    (
        "markdown",
        """\
The same numbers as attributes. `probability` runs from 0.0 to 1.0; `is_spun` says whether it reached
`threshold`, the model's calibrated decision threshold; `n_words` is how many words were read.""",
        (),
    ),
    (
        "code",
        """\
print("probability:", round(result.probability, 2))
print("is_spun:", result.is_spun, "at threshold", result.threshold)
print("words read:", result.n_words)
print("flagged spans:", len(result.swaps))""",
        (),
    ),
    (
        "code",
        """\
print(type(result).__name__, type(result.probability).__name__, type(result.swaps).__name__)""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
## The flagged spans

`result.swaps` holds one `Swap` per flagged span, in text order: `start` and `end` are character offsets
into your string, `text` is the span as written, `score` (0.0 to 1.0) is how likely it is to be a swap, and
`suggestions` are the likely originals, best first.""",
        (),
    ),
    (
        "code",
        """\
print("start-end  score  flagged -> likely originals")
for swap in result.swaps:
    suggestions = ", ".join(swap.suggestions) or "(no suggestion)"
    print(f"{swap.start:>4}-{swap.end:<4} {swap.score:5.2f}  {swap.text!r} -> {suggestions}")""",
        (),
    ),
    (
        "markdown",
        """\
The offsets always point at exactly the flagged characters of the text you passed in:""",
        (),
    ),
    (
        "code",
        """\
all(text[swap.start : swap.end] == swap.text for swap in result.swaps)""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
A shorter example, the "tortured phrases" found in spun research papers:""",
        (),
    ),
    (
        "code",
        """\
paper_text = (
    "Recent work applies profound learning and counterfeit consciousness "
    "to the analysis of medical images collected in hospitals."
)
paper = spindetect.score(paper_text)
paper""",
        (),
    ),
    (
        "code",
        """\
paper.swaps""",
        (),
    ),
    (
        "markdown",
        """\
## Results as data

`to_dict()` gives a JSON-ready dict (probabilities rounded to 4 decimals, the text included):""",
        (),
    ),
    (
        "code",
        """\
import json

record = paper.to_dict()
sorted(record)""",
        (STABLE,),
    ),
    (
        "code",
        """\
print(json.dumps(record["swaps"], indent=2))""",
        (),
    ),
    (
        "markdown",
        """\
## Undo the spin

`spindetect.restore(text)` replaces each flagged span by its best suggestion and keeps every other character
as written; `result.restored()` does the same for a result you already have.""",
        (),
    ),
    (
        "code",
        """\
print(spindetect.restore(paper_text))""",
        (),
    ),
    (
        "code",
        """\
result.restored() == spindetect.restore(text)""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
## When spindetect does not judge

On text it cannot judge, spindetect abstains instead of guessing: `probability` is `None`, `is_spun` is
`False` and `reason` says why (`"empty"`, `"too short"` below 12 words, `"not English"`, `"not prose"`).""",
        (),
    ),
    (
        "code",
        """\
samples = [
    "",
    "Too short to judge.",
    "Der Ausschuss traf sich am Montag und einigte sich auf einen neuen Haushalt für das kommende Jahr.",
]
for sample in samples:
    abstained = spindetect.score(sample)
    print(f"{sample[:24]!r:28} probability={abstained.probability} reason={abstained.reason!r}")""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
## Many documents

`spindetect.score_many(texts)` scores an iterable lazily, in input order, in batches (much faster than a
loop over `score`). A small table in plain Python:""",
        (),
    ),
    (
        "code",
        """\
documents = {
    "example": text,
    "paper": paper_text,
    "news": "The committee met on Monday and agreed on a new budget for the coming year, the chairman said.",
    "short": "Too short to judge.",
}
print(f"{'document':<10} {'probability':>11}  {'verdict':<10} {'flagged':>7}")
for name, scored in zip(documents, spindetect.score_many(documents.values(), batch_size=64)):
    probability = "-" if scored.probability is None else f"{scored.probability:.2f}"
    verdict = scored.reason if scored.probability is None else ("spun" if scored.is_spun else "not spun")
    print(f"{name:<10} {probability:>11}  {verdict:<10} {len(scored.swaps):>7}")""",
        (),
    ),
    (
        "markdown",
        """\
## Spin a text yourself

`spindetect.spin(text, rate=0.1, thesaurus="moby", seed=None)` is the synthetic spinner used to train and
evaluate the model: it swaps about `rate` of the words for thesaurus synonyms (`"moby"` or `"wordnet"`).
Its `swaps` are the exact gold spans, so you can check what the detector finds.""",
        (),
    ),
    (
        "code",
        """\
original = (
    "The leader said the talks would resume next week after the meeting in the capital, "
    "officials said on Monday."
)
spun = spindetect.spin(original, rate=0.2, seed=3)
print(spun.text)
for gold in spun.swaps:
    print(f"  {gold.original!r} became {gold.text!r}")""",
        (),
    ),
    (
        "code",
        """\
found = spindetect.score(spun.text)
gold_spans = {(s.start, s.end) for s in spun.swaps}
flagged_spans = {(s.start, s.end) for s in found.swaps}
print(found)
print("gold swaps flagged:", len(gold_spans & flagged_spans), "of", len(gold_spans))""",
        (),
    ),
    (
        "code",
        """\
all(spun.text[s.start : s.end] == s.text for s in spun.swaps)""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
## Configuration: a `Detector`

`spindetect.score` uses a shared default detector. A `Detector` holds configuration: another model folder
(`Detector(model="my-model")`) or another decision threshold. A higher threshold flags fewer documents; the
probability itself does not change.""",
        (),
    ),
    (
        "code",
        """\
strict = spindetect.Detector(threshold=0.999)
strict_result = strict.score(paper_text)
print("threshold:", strict_result.threshold)
print("same probability:", strict_result.probability == paper.probability)
print("is_spun:", paper.is_spun, "by default,", strict_result.is_spun, "at 0.999")""",
        (),
    ),
    (
        "markdown",
        """\
## In a spaCy pipeline

`nlp.add_pipe("spindetect")` adds a component that scores `doc.text` and sets `doc._.spin_probability`,
`doc._.spin_is_spun`, `doc._.spin_reason` and `doc._.spin_swaps` (spaCy `Span`s with `span._.swap_score`,
`span._.swap_suggestions` and `span._.swap_kind`); `token._.swap_score` is the score of the flagged span
covering a token (0.0 when none does).""",
        (),
    ),
    (
        "code",
        """\
import spacy

nlp = spacy.blank("en")
component = nlp.add_pipe("spindetect")
doc = nlp(paper_text)
print(f"probability: {doc._.spin_probability:.2f} is_spun: {doc._.spin_is_spun}")
for span in doc._.spin_swaps:
    print(f"{span.text!r} score {span._.swap_score:.2f} -> {span._.swap_suggestions}")""",
        (),
    ),
    (
        "code",
        """\
type(component).__name__, type(doc._.spin_probability).__name__, type(doc._.spin_swaps).__name__""",
        (STABLE,),
    ),
    (
        "markdown",
        """\
## Where next

- [getting-started.md](getting-started.md): the same tour as prose.
- [api.md](api.md): every public function and class, with ranges and exceptions.
- [cli.md](cli.md): the `spindetect` command for files, folders, JSONL and CSV.
- [model-card.md](model-card.md): what the model was trained on and its known limits.""",
        (),
    ),
]


def _lines(text: str) -> list[str]:
    """Split like Jupyter stores multiline strings: a list of lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def _display_data(value: Any) -> dict[str, list[str]]:
    """What IPython would store for ``value``: its rich views when it has any, else its repr."""
    bundle: dict[str, str] = {}
    if hasattr(value, "_repr_mimebundle_"):
        bundle = dict(value._repr_mimebundle_())
    elif hasattr(value, "_repr_html_"):
        bundle = {"text/html": value._repr_html_()}
    bundle = {mime: data for mime, data in bundle.items() if mime in ("text/html", "text/plain")}
    bundle.setdefault("text/plain", repr(value))
    return {mime: _lines(bundle[mime]) for mime in sorted(bundle)}


def run_cell(source: str, namespace: dict[str, Any]) -> tuple[str, Any]:
    """Execute one code cell like a kernel: return its standard output and the value of its last expression.

    The value is ``None`` when the cell does not end in an expression (as in IPython, which displays nothing
    for ``None``). Exceptions propagate.
    """
    tree = ast.parse(source)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), namespace)  # noqa: S102 (running our own notebook is the point)
        value = eval(compile(last, "<cell>", "eval"), namespace) if last is not None else None
    return out.getvalue(), value


def build() -> dict[str, Any]:
    """Execute every code cell in order, in one namespace, from the docs folder; return the notebook."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    cells: list[dict[str, Any]] = []
    count = 0
    previous = os.getcwd()
    os.chdir(HERE)
    try:
        for number, (kind, source, tags) in enumerate(CELLS, start=1):
            cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{number:02d}", "metadata": {}}
            if tags:
                cell["metadata"]["tags"] = list(tags)
            cell["source"] = _lines(source)
            if kind == "code":
                count += 1
                stdout, value = run_cell(source, namespace)
                outputs: list[dict[str, Any]] = []
                if stdout:
                    outputs.append({"name": "stdout", "output_type": "stream", "text": _lines(stdout)})
                if value is not None:
                    outputs.append(
                        {
                            "data": _display_data(value),
                            "execution_count": count,
                            "metadata": {},
                            "output_type": "execute_result",
                        }
                    )
                cell["execution_count"] = count
                cell["outputs"] = outputs
            cells.append(cell)
    finally:
        os.chdir(previous)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main() -> int:
    sys.path.insert(0, str(HERE.parent))  # document this clone's spindetect, not another installed copy
    notebook = build()
    NOTEBOOK.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n_code = sum(cell["cell_type"] == "code" for cell in notebook["cells"])
    print(f"wrote {NOTEBOOK} ({len(notebook['cells'])} cells, {n_code} executed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
