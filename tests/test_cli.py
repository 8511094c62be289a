"""The ``spindetect`` command, run in-process through ``spindetect.cli.main``.

The model will be replaced by better ones, so nothing here depends on exact probabilities or on
which words are flagged: tests check structure, names, verdict wording and exit statuses, and
exit status 1 only where the library itself says a document is spun.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import spindetect
from spindetect import cli
from spindetect.model import Model
from spindetect.types import SpinScore, Swap

REPO = Path(__file__).resolve().parent.parent

CLEAN = (
    "The committee met on Tuesday morning to discuss the budget for the coming year. Members agreed that "
    "the library needs new books and better lighting, and they asked the director to prepare a detailed plan "
    "before the next meeting in March. Several residents spoke in favour of longer opening hours on weekends, "
    "especially for students who study there after school."
)
CLEAN_2 = (
    "Rain is expected across most of the region on Friday, with the heaviest showers arriving in the "
    "afternoon. Drivers should allow extra time for the journey home, and the ferry service may be "
    "delayed if the wind picks up along the coast in the evening."
)
CLEAN_3 = (
    "She opened the small shop on the corner of the square twenty years ago, and it has sold bread, "
    "coffee and newspapers to the same families ever since. Her children now help out on Saturdays "
    "when the market brings more people into the town."
)
SHORT = "Too short to judge."


@pytest.fixture(scope="module", autouse=True)
def _load_each_model_once() -> Iterator[None]:
    """Every ``main`` call builds a Detector; share loaded models so the tests stay fast."""
    loaded: dict[Path, Model] = {}
    original = Model.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[Model], folder: str | Path) -> Model:
        key = Path(folder).resolve()
        if key not in loaded:
            loaded[key] = original(cls, folder)
        return loaded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Model, "load", classmethod(load))
        yield


@pytest.fixture(scope="module")
def spun_text() -> str:
    return spindetect.spin(CLEAN, rate=0.3, seed=1).text


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def jsonl_records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# -- inputs ----------------------------------------------------------------------------------


def test_text_report_names_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a.txt", CLEAN)
    b = write(tmp_path / "b.txt", CLEAN_2)
    c = write(tmp_path / "c.txt", SHORT)
    code, out, err = run(capsys, a, b, c)
    assert code == 0, err
    for path in (a, b):
        line = next(line for line in out.splitlines() if line.startswith(f"{path}: "))
        assert "probability" in line and "words" in line
        assert "SPUN" in line or "not spun" in line
    assert f"{c}: not scored (too short)" in out
    assert "3 documents:" in out
    assert "\033[" not in out  # not a terminal: no colour


def test_directories_are_walked_with_glob(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = write(tmp_path / "docs" / "top.txt", CLEAN)
    deep = write(tmp_path / "docs" / "sub" / "deeper" / "deep.txt", CLEAN_2)
    notes = write(tmp_path / "docs" / "sub" / "notes.md", CLEAN_3)

    code, out, _ = run(capsys, tmp_path / "docs", "--format", "jsonl")
    assert code == 0
    assert sorted(r["name"] for r in jsonl_records(out)) == sorted([str(top), str(deep)])

    code, out, _ = run(capsys, tmp_path / "docs", "--format", "jsonl", "--glob", "*.md")
    assert code == 0
    assert [r["name"] for r in jsonl_records(out)] == [str(notes)]


def test_directory_without_matches_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "empty" / "notes.md", CLEAN)
    good = write(tmp_path / "good.txt", CLEAN)
    code, out, err = run(capsys, tmp_path / "empty", good)
    assert code == 2
    assert "no files matching '*.txt'" in err
    assert str(good) in out


@pytest.mark.parametrize("binary", [True, False], ids=["bytes", "text-only"])
def test_stdin(binary: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stream = io.TextIOWrapper(io.BytesIO(CLEAN.encode("utf-8")), encoding="utf-8") if binary else io.StringIO(CLEAN)
    monkeypatch.setattr(sys, "stdin", stream)
    code, out, _ = run(capsys, "-", "--format", "json")
    assert code == 0
    [record] = json.loads(out)
    assert record["name"] == "<stdin>"
    assert record["n_words"] > 12


def test_stdin_as_jsonl(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = "".join(json.dumps({"text": t}) + "\n" for t in (CLEAN, CLEAN_2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode()), encoding="utf-8"))
    code, out, _ = run(capsys, "-", "--input-format", "jsonl", "--format", "jsonl")
    assert code == 0
    assert [r["name"] for r in jsonl_records(out)] == ["<stdin>:1", "<stdin>:2"]


def test_jsonl_with_text_field_and_id_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"body": CLEAN, "url": "https://example.org/a"}, {"body": CLEAN_2}, {"body": SHORT, "url": "c"}]
    path = write(tmp_path / "posts.jsonl", "".join(json.dumps(r) + "\n" for r in rows))

    code, out, _ = run(capsys, path, "--text-field", "body", "--format", "jsonl")
    assert code == 0
    records = jsonl_records(out)
    assert [r["name"] for r in records] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert records[2]["probability"] is None and records[2]["reason"] == "too short"

    code, out, _ = run(capsys, path, "--text-field", "body", "--id-field", "url", "--format", "jsonl")
    assert code == 0
    # A row without the id field keeps its FILE:LINE name.
    assert [r["name"] for r in jsonl_records(out)] == ["https://example.org/a", f"{path}:2", "c"]


def test_csv_with_text_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "content"])
        writer.writerow(["first", CLEAN])
        writer.writerow(["second", CLEAN_2])
    code, out, _ = run(capsys, path, "--text-field", "content", "--format", "json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == [f"{path}:2", f"{path}:3"]

    code, out, _ = run(capsys, path, "--text-field", "content", "--id-field", "id", "--format", "json")
    assert [r["name"] for r in json.loads(out)] == ["first", "second"]


def test_input_format_overrides_the_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "export.data", json.dumps({"text": CLEAN}) + "\n")
    code, out, _ = run(capsys, path, "--input-format", "jsonl", "--format", "jsonl")
    assert code == 0
    assert [r["name"] for r in jsonl_records(out)] == [f"{path}:1"]


# -- output formats --------------------------------------------------------------------------


def test_format_json_is_one_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a.txt", CLEAN)
    b = write(tmp_path / "b.txt", SHORT)
    code, out, _ = run(capsys, a, b, "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["name"] for r in records] == [str(a), str(b)]
    for record in records:
        assert set(record) == {"name", "probability", "is_spun", "reason", "threshold", "n_words", "swaps"}
        assert record["probability"] is None or 0.0 <= record["probability"] <= 1.0
        for swap in record["swaps"]:
            assert {"start", "end", "text", "score", "suggestions", "kind"} <= set(swap)
    assert records[1]["reason"] == "too short"

    code, out, _ = run(capsys, a, "--format", "json", "--include-text")
    assert json.loads(out)[0]["text"] == CLEAN


def test_format_json_with_no_documents_is_an_empty_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, tmp_path / "missing.txt", "--format", "json")
    assert code == 2
    assert json.loads(out) == []


def test_format_jsonl_swaps_point_into_the_text(
    tmp_path: Path, spun_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "spun.txt", spun_text)
    code, out, _ = run(capsys, path, "--format", "jsonl", "--include-text")
    assert code == 0
    [record] = jsonl_records(out)
    assert record["name"] == str(path)
    assert record["text"] == spun_text
    for swap in record["swaps"]:
        assert spun_text[swap["start"] : swap["end"]] == swap["text"]


def test_format_csv(tmp_path: Path, spun_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    spun = write(tmp_path / "spun.txt", spun_text)
    short = write(tmp_path / "short.txt", SHORT)
    code, out, _ = run(capsys, spun, short, "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == ["name", "probability", "is_spun", "reason", "n_words", "n_swaps", "swaps"]
    rows = list(reader)
    assert [r["name"] for r in rows] == [str(spun), str(short)]

    scored = rows[0]
    assert 0.0 <= float(scored["probability"]) <= 1.0
    assert scored["is_spun"] in ("true", "false") and scored["reason"] == ""
    swaps = scored["swaps"].split(";") if scored["swaps"] else []
    assert len(swaps) == int(scored["n_swaps"])
    for swap in swaps:
        offsets, _, word = swap.partition(":")
        start, end = map(int, offsets.split("-"))
        assert spun_text[start:end] == word.split("->")[0]

    assert rows[1]["probability"] == "" and rows[1]["reason"] == "too short" and rows[1]["n_swaps"] == "0"


def test_text_report_lists_each_swap() -> None:
    # Which words a model flags changes with the model, so this result is built by hand.
    text = "Kim said he transfer visit Seoul in the near future."
    swaps = (Swap(12, 20, "transfer", 0.91, ("will", "shall")), Swap(21, 26, "visit", 0.55, (), "homoglyph"))
    result = SpinScore(text, 0.87, True, swaps, threshold=0.5, n_words=10)
    lines = cli._report("news.txt", result, cli._Style(False)).splitlines()
    assert lines[0] == "news.txt: SPUN (probability 0.87, 2 flagged in 10 words)"
    assert lines[1].split() == ["12-20", "0.91", "'transfer'", "->", "will,", "shall"]
    assert lines[2].split() == ["21-26", "0.55", "'visit'", "[homoglyph]"]


def test_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.txt", CLEAN)
    _, out, _ = run(capsys, path, "--color", "always")
    assert "\033[" in out
    _, out, _ = run(capsys, path, "--color", "always", "--format", "jsonl")
    assert "\033[" not in out  # machine formats are never coloured

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = run(capsys, path)
    assert "\033[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, path)
    assert "\033[" not in out


def test_html_report_names_every_document(tmp_path: Path, spun_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    names = [write(tmp_path / f"{stem}.txt", text) for stem, text in [("clean", CLEAN), ("spun", spun_text)]]
    names.append(write(tmp_path / "short.txt", SHORT))
    page = tmp_path / "report.html"
    code, out, _ = run(capsys, *names, "--html", page)
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    for name in names:
        assert str(name) in html
        assert str(name) in out  # the report on standard output is still written


def test_html_into_missing_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        run(capsys, write(tmp_path / "a.txt", CLEAN), "--html", tmp_path / "nowhere" / "r.html")
    assert exit.value.code == 2
    assert "does not exist" in capsys.readouterr().err


# -- exit statuses -----------------------------------------------------------------------------


def test_fail_on_spun(tmp_path: Path, spun_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    clean = write(tmp_path / "clean.txt", CLEAN)
    spun = write(tmp_path / "spun.txt", spun_text)
    expected = spindetect.score(spun_text)

    code, out, _ = run(capsys, spun, "--fail-on-spun")
    assert f"{spun}: " in out and "probability" in out
    assert code == (1 if expected.is_spun else 0)

    code, _, _ = run(capsys, spun)
    assert code == 0  # without --fail-on-spun, a spun document is not a failure

    # Threshold 0: every scored document is spun, whatever the model.
    code, out, _ = run(capsys, clean, "--threshold", "0", "--fail-on-spun")
    assert code == 1
    assert f"{clean}: SPUN" in out

    # Abstaining is never spun.
    code, _, _ = run(capsys, write(tmp_path / "short.txt", SHORT), "--threshold", "0", "--fail-on-spun")
    assert code == 0


def test_undecodable_and_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.txt", CLEAN)
    bad = write(tmp_path / "bad.txt", b"abcd\xff\xfe and then some English words follow")
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, bad, good, missing)
    assert code == 2
    assert f"{good}: " in out and "probability" in out  # the others are still reported
    assert str(bad) not in out
    assert f"{bad}: not UTF-8 text (byte 0xff at offset 4)" in err
    assert f"{missing}: no such file or directory" in err
    assert "2 problem(s)" in err


def test_byte_order_mark_is_dropped_and_offsets_count_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.txt", b"\xef\xbb\xbf" + CLEAN.encode())
    bad = write(tmp_path / "bad.txt", b"\xef\xbb\xbfab\xff")
    code, out, err = run(capsys, good, bad, "--format", "jsonl", "--include-text")
    assert code == 2
    assert [r["text"] for r in jsonl_records(out)] == [CLEAN]
    assert f"{bad}: not UTF-8 text (byte 0xff at offset 5)" in err


def test_input_errors_take_precedence_over_fail_on_spun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.txt", CLEAN)
    code, _, _ = run(capsys, good, tmp_path / "missing.txt", "--threshold", "0", "--fail-on-spun")
    assert code == 2


def test_bad_jsonl_lines_are_reported_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        json.dumps({"text": CLEAN}),
        "{not json",
        json.dumps({"body": CLEAN_2}),
        json.dumps({"text": 5}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"text": CLEAN_3}),
    ]
    data = "\n".join(lines).encode() + b"\n" + b'{"text": "caf\xe9"}\n'
    path = write(tmp_path / "rows.jsonl", data)
    code, out, err = run(capsys, path, "--format", "jsonl")
    assert code == 2
    assert [r["name"] for r in jsonl_records(out)] == [f"{path}:1", f"{path}:7"]
    assert f"{path}:2: bad JSON" in err
    assert f"{path}:3: no 'text' field" in err
    assert f"{path}:4: 'text' is int" in err
    assert f"{path}:6: expected a JSON object" in err
    offset = len(data) - len(b'{"text": "caf\xe9"}\n') + len(b'{"text": "caf')
    assert f"{path}:8: not UTF-8 text (byte 0xe9 at offset {offset})" in err
    assert "5 problem(s)" in err


def test_csv_without_the_text_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "rows.csv", f'id,body\n1,"{CLEAN}"\n')
    good = write(tmp_path / "good.txt", CLEAN)
    code, out, err = run(capsys, path, good)
    assert code == 2
    assert f"{path}: no 'text' column" in err and "--text-field" in err
    assert f"{good}: " in out


def test_malformed_csv_stops_that_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "rows.csv", f'id,text\n1,"{CLEAN}"\n2,"{CLEAN_2}\n')  # the last quote is never closed
    code, out, err = run(capsys, path, "--format", "jsonl")
    assert code == 2
    assert [r["name"] for r in jsonl_records(out)] == [f"{path}:2"]
    assert f"{path}:3: bad CSV" in err


@pytest.mark.parametrize(
    ("option", "value"),
    [("--threshold", "1.5"), ("--threshold", "high"), ("--batch-size", "0"), ("--n-process", "0")],
)
def test_usage_errors_exit_2(option: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main([str(write(tmp_path / "a.txt", CLEAN)), option, value])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert option in err and repr(value) in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.strip() == f"spindetect {spindetect.__version__}"

    with pytest.raises(SystemExit):
        cli.main(["--help"])
    help_text = capsys.readouterr().out
    assert "examples:" in help_text and "exit status:" in help_text and "--fail-on-spun" in help_text


# -- progress bar --------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [write(tmp_path / f"doc{i}.txt", (CLEAN, CLEAN_2, CLEAN_3)[i % 3]) for i in range(7)]

    code, _, err = run(capsys, *files)
    assert code == 0
    assert err == ""  # standard error is not a terminal: no bar

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main([str(f) for f in files]) == 0
    assert "7/7 docs" in terminal.getvalue() and "docs/s" in terminal.getvalue()

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main([*map(str, files), "--no-progress"]) == 0
    assert terminal.getvalue() == ""

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main([str(f) for f in files[:5]]) == 0
    assert terminal.getvalue() == ""  # a few documents: no bar


# -- streaming -------------------------------------------------------------------------------------


class _CountingDetector:
    """Stands in for a Detector: records how far ahead of the results the input was read."""

    def __init__(self) -> None:
        self.read = 0
        self.max_ahead = 0
        self.returned = 0

    def score_many(self, texts: list[str], batch_size: int, n_process: int) -> Iterator[SpinScore]:
        for text in texts:
            self.max_ahead = max(self.max_ahead, self.read - self.returned)
            self.returned += 1
            yield SpinScore(text, None, False, (), reason="empty")


def test_documents_are_scored_in_bounded_windows() -> None:
    detector = _CountingDetector()

    def documents() -> Iterator[cli._Document]:
        for i in range(1000):
            detector.read += 1
            yield cli._Document(f"d{i}", "")

    pairs = cli._scored(detector, documents(), batch_size=8, n_process=1)  # type: ignore[arg-type]
    assert [doc.name for doc, _ in pairs] == [f"d{i}" for i in range(1000)]
    assert detector.max_ahead <= 8


def test_several_processes_keep_the_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [write(tmp_path / f"{i}.txt", (CLEAN, CLEAN_2, CLEAN_3, SHORT)[i % 4]) for i in range(6)]
    code, out, _ = run(capsys, *paths, "--n-process", "2", "--batch-size", "2", "--format", "jsonl")
    assert code == 0
    records = jsonl_records(out)
    assert [r["name"] for r in records] == [str(p) for p in paths]
    assert [r["reason"] for r in records] == [None, None, None, "too short", None, None]


# -- the installed entry point ---------------------------------------------------------------------


def test_python_dash_m_spindetect(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CLEAN)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "spindetect", str(path), "--format", "jsonl"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [record] = jsonl_records(done.stdout)
    assert record["name"] == str(path)
    assert record["probability"] is None or 0.0 <= record["probability"] <= 1.0
