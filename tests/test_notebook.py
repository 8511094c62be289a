"""docs/notebook.ipynb still runs, and still says what its stored outputs say.

The notebook is stored executed (built by ``docs/build_notebook.py``, without Jupyter), so a reader sees
outputs that the current code may no longer produce. These tests re-run every code cell in order, in one
namespace, from the docs folder, the way a kernel would, and fail on any exception (an API rename, a moved
file). Cells tagged ``stable-output`` print nothing that depends on the model's numbers, so their outputs
must be reproduced exactly; for the other cells the same kinds of output must come back.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOTEBOOK = DOCS / "notebook.ipynb"
STABLE = "stable-output"


def _load() -> dict[str, Any]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


def _code_cells(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _run(source: str, namespace: dict[str, Any]) -> tuple[str, Any]:
    """Run a cell: its standard output, and the value of its last line when that is an expression."""
    tree = ast.parse(source)
    last = ast.Expression(tree.body.pop().value) if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<notebook cell>", "exec"), namespace)  # noqa: S102 (running our own notebook is the point)
        value = eval(compile(last, "<notebook cell>", "eval"), namespace) if last is not None else None
    return out.getvalue(), value


def _plain(value: Any) -> str:
    bundle = value._repr_mimebundle_() if hasattr(value, "_repr_mimebundle_") else {}
    return bundle.get("text/plain", repr(value))


def test_notebook_is_valid_nbformat_4_5() -> None:
    notebook = _load()
    assert (notebook["nbformat"], notebook["nbformat_minor"]) >= (4, 5)
    ids = [cell["id"] for cell in notebook["cells"]]
    assert len(set(ids)) == len(ids), "cell ids must be unique"
    counts = [cell["execution_count"] for cell in _code_cells(notebook)]
    assert counts == list(range(1, len(counts) + 1)), "stored as executed once, top to bottom"


def test_notebook_matches_its_build_script() -> None:
    """Someone edited the notebook or docs/build_notebook.py without rebuilding: run the script."""
    spec = importlib.util.spec_from_file_location("build_notebook", DOCS / "build_notebook.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    stored = [(cell["cell_type"], _text(cell["source"])) for cell in _load()["cells"]]
    assert stored == [(kind, source) for kind, source, _ in script.CELLS]


def test_stored_outputs_show_the_highlighted_view() -> None:
    cells = _code_cells(_load())
    assert all(cell["outputs"] for cell in cells), "every code cell has a stored output"
    results = [out for cell in cells for out in cell["outputs"] if out["output_type"] == "execute_result"]
    html = [_text(out["data"]["text/html"]) for out in results if "text/html" in out["data"]]
    assert html, "no SpinScore was displayed"
    assert all("text/plain" in out["data"] for out in results)
    assert any("<mark" in page for page in html), "no highlighted swap in the stored HTML"


def test_notebook_runs_and_reproduces_its_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for cell in _code_cells(_load()):
        source = _text(cell["source"])
        where = f"cell {cell['id']}:\n{source}"
        try:
            stdout, value = _run(source, namespace)
        except Exception as err:
            raise AssertionError(f"{where}\nraised {type(err).__name__}: {err}") from err
        stored = {out["output_type"]: out for out in cell["outputs"]}
        assert bool(stdout) == ("stream" in stored), where
        assert (value is not None) == ("execute_result" in stored), where
        if value is not None:
            stored_mimes = set(stored["execute_result"]["data"])
            assert ("text/html" in stored_mimes) == hasattr(value, "_repr_html_"), where
        if STABLE in cell["metadata"].get("tags", []):
            if stdout:
                assert stdout == _text(stored["stream"]["text"]), where
            if value is not None:
                assert _plain(value) == _text(stored["execute_result"]["data"]["text/plain"]), where
