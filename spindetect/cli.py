"""The ``spindetect`` command: a thin layer over the library.

    spindetect FILE...           score files ("-" reads standard input)
    spindetect train [...]       build a model from the shared data
    spindetect evaluate [...]    measure a model on the development split

Design.  Everything that judges text lives in the library (:class:`spindetect.api.Detector`);
this module only turns command-line inputs into documents and results into output, and the
library never imports it.  The scoring path is a pipeline of lazy generators, so memory stays
bounded however large the input is:

    paths -> sources (directories expanded, formats decided)
          -> documents (one per text file, JSONL line or CSV row; read lazily)
          -> results (``Detector.score_many`` on one window of documents at a time)
          -> one writer (text / json / jsonl / csv) on standard output

The only exception is ``--html``, whose page sorts documents by probability and therefore keeps
every result until the end.

Bad input never stops the run: an unreadable file, undecodable bytes, a bad JSON line or a
missing text field is reported on standard error naming the file (and line), the rest is scored,
and the exit status says what happened.  Exit status precedence: input errors -> 2; otherwise a
spun document with ``--fail-on-spun`` -> 1; otherwise 0.  Usage errors exit 2 through argparse.

The progress bar is drawn on standard error only when it is a terminal, only after more than
``PROGRESS_MIN_DOCS`` documents, and is cleared before any other terminal output is written.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, ClassVar

from . import __version__
from .api import Detector
from .types import SpinScore

__all__ = ["main"]

#: The progress bar appears only for runs of more documents than this.
PROGRESS_MIN_DOCS = 5

#: File extensions read as one document per line (JSONL) or per row (CSV).
EXTENSION_FORMATS = {".jsonl": "jsonl", ".csv": "csv"}

STDIN_NAME = "<stdin>"

#: With several processes, documents are handed to ``score_many`` this many batches per worker at a time.
PROCESS_WINDOW_BATCHES = 16

EPILOG = """\
examples:
  spindetect article.txt                       score one file, readable report
  spindetect essays/ --glob '*.md'             every *.md file under essays/, recursively
  cat draft.txt | spindetect -                 score standard input
  spindetect posts.jsonl --text-field body --id-field url --format jsonl
  spindetect rows.csv --format csv > scores.csv
  spindetect corpus/ --html report.html        also write a page, most likely spun first
  spindetect incoming/ --fail-on-spun --format json > /dev/null || echo "check these"

exit status:
  0  every input was read (and, with --fail-on-spun, nothing was spun)
  1  --fail-on-spun and at least one document is spun (and no input errors)
  2  input errors (unreadable file, not UTF-8, bad JSON line, missing text field), or a usage error
"""


# -- argument parsing -------------------------------------------------------------------


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0.0 <= number <= 1.0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must be a number between 0 and 1 (e.g. 0.7), got {value!r}")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return number


def _process_count(value: str) -> int:
    if value.strip() == "-1":  # all cores
        return -1
    try:
        return _positive_int(value)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of at least 1, or -1 for all cores, got {value!r}"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spindetect",
        description=(
            "Score documents for article spinning (words swapped for thesaurus synonyms). "
            "Also: 'spindetect train' and 'spindetect evaluate' (see their --help)."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    inputs = parser.add_argument_group("input")
    inputs.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help='files or directories to score; "-" reads standard input',
    )
    inputs.add_argument(
        "--glob",
        default="*.txt",
        metavar="PATTERN",
        help="which files to read inside directories, searched recursively (default: %(default)s)",
    )
    inputs.add_argument(
        "--input-format",
        choices=("auto", "text", "jsonl", "csv"),
        default="auto",
        help="how to read files: one document per file (text), per line (jsonl) or per row (csv); "
        "default: by extension (.jsonl, .csv, anything else is text; standard input is text)",
    )
    inputs.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="JSONL key or CSV column holding the document (default: %(default)s)",
    )
    inputs.add_argument(
        "--id-field",
        default=None,
        metavar="NAME",
        help="JSONL key or CSV column naming the document (default: FILE:LINE)",
    )

    output = parser.add_argument_group("output")
    output.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "csv"),
        default="text",
        help="standard output: a readable report (text), one JSON array (json), "
        "one JSON object per line (jsonl) or CSV (default: %(default)s)",
    )
    output.add_argument(
        "--include-text",
        action="store_true",
        help="include each document's text in json and jsonl records",
    )
    output.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="PATH",
        help="also write a standalone HTML page of all documents, most likely spun first",
    )
    output.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto = when standard output is a terminal and NO_COLOR is unset "
        "(default: %(default)s)",
    )
    output.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw the progress bar (drawn on standard error only when it is a terminal)",
    )

    scoring = parser.add_argument_group("scoring")
    scoring.add_argument(
        "--model",
        type=Path,
        default=None,
        metavar="DIR",
        help="a model folder, as written by 'spindetect train' (default: the shipped model)",
    )
    scoring.add_argument(
        "--threshold",
        type=_probability,
        default=None,
        metavar="P",
        help="probability (0 to 1) at or above which a document is SPUN (default: the model's calibrated threshold)",
    )
    scoring.add_argument(
        "--batch-size",
        type=_positive_int,
        default=64,
        metavar="N",
        help="documents scored together (default: %(default)s)",
    )
    scoring.add_argument(
        "--n-process",
        type=_process_count,
        default=1,
        metavar="N",
        help="worker processes; -1 for all cores (default: %(default)s)",
    )
    scoring.add_argument(
        "--fail-on-spun",
        action="store_true",
        help="exit with status 1 when any document is spun (input errors still take precedence: 2)",
    )
    return parser


# -- terminal output: colours and progress -------------------------------------------------


def _wants_color(choice: str, stream: IO[str]) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


class _Style:
    """ANSI styling that disappears entirely when colour is off."""

    CODES: ClassVar[dict[str, str]] = {
        "bold": "1",
        "dim": "2",
        "red": "31",
        "green": "32",
        "yellow": "33",
    }

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"


class _Progress:
    """A one-line progress bar on a terminal: documents done (of the total when known), docs/s.

    It stays invisible for the first ``PROGRESS_MIN_DOCS`` documents and redraws at most ten
    times a second.  Any other terminal output goes through :meth:`clear` first, so the bar
    never garbles a message or a report line.
    """

    def __init__(self, stream: IO[str], total: int | None, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled and (total is None or total > PROGRESS_MIN_DOCS)
        self.done = 0
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.visible = False

    def advance(self) -> None:
        self.done += 1
        if not self.enabled or self.done <= PROGRESS_MIN_DOCS:
            return
        now = time.monotonic()
        if now - self.last_draw >= 0.1 or self.done == self.total:
            self.last_draw = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        minutes, seconds = divmod(int(elapsed), 60)
        width = _columns(self.stream)
        if self.total:
            counts = f" {self.done}/{self.total} docs  {rate:,.1f} docs/s  {minutes}:{seconds:02d}"
            bar_width = max(10, min(40, width - len(counts) - 3))
            filled = int(bar_width * min(self.done, self.total) / self.total)
            line = f"[{'#' * filled}{'-' * (bar_width - filled)}]{counts}"
        else:
            line = f"{self.done} docs  {rate:,.1f} docs/s  {minutes}:{seconds:02d}"
        self.stream.write("\r" + line[: width - 1] + "\033[K")
        self.stream.flush()
        self.visible = True

    def clear(self) -> None:
        if self.visible:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.visible = False


def _columns(stream: IO[str]) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):  # no file descriptor, or not a terminal
        columns = shutil.get_terminal_size((80, 24)).columns
    return columns if columns > 0 else 80  # a terminal that does not know its size says 0


class _Problems:
    """Counts input errors and reports each one on standard error as it happens."""

    def __init__(self, progress: _Progress | None = None) -> None:
        self.count = 0
        self.progress = progress

    def report(self, message: str) -> None:
        self.count += 1
        if self.progress is not None:
            self.progress.clear()
        print(f"spindetect: {message}", file=sys.stderr, flush=True)


# -- input: paths -> sources -> documents --------------------------------------------------


@dataclass(frozen=True)
class _Source:
    name: str
    path: Path | None  # None: standard input
    format: str  # "text", "jsonl" or "csv"


@dataclass(frozen=True)
class _Document:
    name: str
    text: str


def _format_of(path: Path | None, forced: str) -> str:
    if forced != "auto":
        return forced
    if path is None:
        return "text"
    return EXTENSION_FORMATS.get(path.suffix.lower(), "text")


def _sources(names: list[str], pattern: str, forced: str, problems: _Problems) -> list[_Source]:
    """Expand the command line into files to read; directories are searched for ``pattern``.

    Listing is cheap, so it happens up front: that gives the progress bar its total.
    """
    sources = []
    for name in names:
        if name == "-":
            sources.append(_Source(STDIN_NAME, None, _format_of(None, forced)))
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob(pattern) if p.is_file())
            if not found:
                problems.report(f"{name}: no files matching {pattern!r} in this directory")
            sources.extend(_Source(str(p), p, _format_of(p, forced)) for p in found)
        elif path.exists():
            sources.append(_Source(name, path, _format_of(path, forced)))
        else:
            problems.report(f"{name}: no such file or directory")
    return sources


class _NotUtf8(ValueError):
    """Bytes that are not UTF-8; the message names the first bad byte and its offset in the file."""


def _decode(data: bytes, offset: int, strip_bom: bool) -> str:
    """Strict UTF-8 (``offset``: where ``data`` starts in its file); a leading byte-order mark is dropped."""
    bom = len(codecs.BOM_UTF8) if strip_bom and data.startswith(codecs.BOM_UTF8) else 0
    try:
        return str(memoryview(data)[bom:], "utf-8")
    except UnicodeDecodeError as err:
        byte = err.object[err.start]
        raise _NotUtf8(f"not UTF-8 text (byte 0x{byte:02x} at offset {offset + bom + err.start})") from None


def _open_binary(source: _Source) -> IO[bytes]:
    if source.path is None:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text-only replacement (tests, embedding): it is already decoded
            return io.BytesIO(sys.stdin.read().encode("utf-8", errors="surrogateescape"))
        return buffer
    return source.path.open("rb")


def _documents(sources: Iterable[_Source], args: argparse.Namespace, problems: _Problems) -> Iterator[_Document]:
    """Every document of every source, lazily; problems are reported and skipped."""
    readers = {"text": _read_text, "jsonl": _read_jsonl, "csv": _read_csv}
    for source in sources:
        try:
            stream = _open_binary(source)
        except OSError as err:
            problems.report(f"{source.name}: cannot read ({err.strerror or err})")
            continue
        try:
            yield from readers[source.format](source.name, stream, args, problems)
        except OSError as err:
            problems.report(f"{source.name}: cannot read ({err.strerror or err})")
        finally:
            if source.path is not None:
                stream.close()


def _read_text(name: str, stream: IO[bytes], args: argparse.Namespace, problems: _Problems) -> Iterator[_Document]:
    try:
        text = _decode(stream.read(), 0, strip_bom=True)
    except _NotUtf8 as err:
        problems.report(f"{name}: {err}")
        return
    yield _Document(name, text)


def _lines(name: str, stream: IO[bytes], problems: _Problems) -> Iterator[tuple[int, str | None]]:
    """(line number, decoded line) pairs; ``None`` (already reported) for a line that is not UTF-8."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        try:
            line: str | None = _decode(raw, offset, strip_bom=number == 1)
        except _NotUtf8 as err:
            problems.report(f"{name}:{number}: {err}")
            line = None
        offset += len(raw)
        yield number, line


def _document_name(name: str, number: int, record: dict[str, Any], id_field: str | None) -> str:
    if id_field is not None and record.get(id_field) not in (None, ""):
        return str(record[id_field])
    return f"{name}:{number}"


def _read_jsonl(name: str, stream: IO[bytes], args: argparse.Namespace, problems: _Problems) -> Iterator[_Document]:
    field = args.text_field
    for number, line in _lines(name, stream, problems):
        if line is None or not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            problems.report(f"{name}:{number}: bad JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            problems.report(f"{name}:{number}: expected a JSON object, got {type(record).__name__}")
            continue
        if field not in record:
            keys = ", ".join(map(repr, list(record)[:10])) or "none"
            problems.report(f"{name}:{number}: no {field!r} field (keys: {keys}); choose one with --text-field")
            continue
        text = record[field]
        if not isinstance(text, str):
            problems.report(f"{name}:{number}: {field!r} is {type(text).__name__}, not a string")
            continue
        yield _Document(_document_name(name, number, record, args.id_field), text)


def _read_csv(name: str, stream: IO[bytes], args: argparse.Namespace, problems: _Problems) -> Iterator[_Document]:
    field = args.text_field
    lines = _lines(name, stream, problems)
    # Decoding happens line by line (to name the line and byte offset of bad bytes); a CSV row may
    # span lines inside quotes, so a row can't be skipped safely: stop reading the file instead.
    text_lines = _until_none(lines)
    csv.field_size_limit(2**31 - 1)  # documents are long; the default (128 KiB) is for fields
    reader = csv.DictReader(text_lines, strict=True)  # strict: an unclosed quote is an error, not the rest of the file
    try:
        columns = reader.fieldnames
    except csv.Error as err:
        problems.report(f"{name}:{reader.line_num}: bad CSV ({err})")
        return
    if columns is None:
        return  # an empty file: no documents
    if field not in columns:
        shown = ", ".join(map(repr, columns[:10]))
        problems.report(f"{name}: no {field!r} column (columns: {shown}); choose one with --text-field")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            # line_num still counts the lines of the rows read so far; the bad row starts after them.
            problems.report(f"{name}:{reader.line_num + 1}: bad CSV ({err})")
            return
        number = reader.line_num  # the row's last line (rows rarely span lines)
        text = row.get(field)
        if text is None:
            problems.report(f"{name}:{number}: no {field!r} value (the row has too few columns)")
            continue
        yield _Document(_document_name(name, number, row, args.id_field), text)


def _until_none(lines: Iterator[tuple[int, str | None]]) -> Iterator[str]:
    for _, line in lines:
        if line is None:
            return
        yield line


# -- scoring ------------------------------------------------------------------------------


def _scored(
    detector: Detector, documents: Iterable[_Document], batch_size: int, n_process: int
) -> Iterator[tuple[_Document, SpinScore]]:
    """Pair each document with its result, holding only one window of documents at a time.

    ``score_many`` is lazy with one process; with several, its process pool submits every batch
    it is given at once, so it is fed one bounded window at a time.  Each window starts a new
    pool (whose workers redo any lazy warm-up the parent has not done), so windows are large.
    """
    workers = (os.cpu_count() or 1) if n_process == -1 else n_process
    window = batch_size if workers == 1 else batch_size * workers * PROCESS_WINDOW_BATCHES
    iterator = iter(documents)
    while chunk := list(islice(iterator, window)):
        texts = [d.text for d in chunk]
        yield from zip(chunk, detector.score_many(texts, batch_size=batch_size, n_process=n_process))


# -- output ---------------------------------------------------------------------------------


def _record(name: str, result: SpinScore, include_text: bool) -> dict[str, Any]:
    record = {"name": name, **result.to_dict()}
    if not include_text:
        del record["text"]
    return record


class _Writer:
    """Writes results in one format to standard output, and counts the verdicts."""

    def __init__(self, out: IO[str], include_text: bool, style: _Style) -> None:
        self.out = out
        self.include_text = include_text
        self.style = style
        self.count = 0
        self.counts = {"spun": 0, "not spun": 0, "not scored": 0}

    def begin(self) -> None:
        pass

    def write(self, name: str, result: SpinScore) -> None:
        self.count += 1
        verdict = "not scored" if result.probability is None else "spun" if result.is_spun else "not spun"
        self.counts[verdict] += 1

    def end(self) -> None:
        pass


class _TextWriter(_Writer):
    def write(self, name: str, result: SpinScore) -> None:
        super().write(name, result)
        print(_report(name, result, self.style), file=self.out)

    def end(self) -> None:
        if self.count > 1:
            summary = ", ".join(f"{n} {verdict}" for verdict, n in self.counts.items())
            print(f"\n{self.count} documents: {summary}", file=self.out)


def _report(name: str, result: SpinScore, style: _Style) -> str:
    title = style(name, "bold")
    if result.probability is None:
        return f"{title}: {style(f'not scored ({result.reason})', 'yellow')}"
    verdict = style("SPUN", "bold", "red") if result.is_spun else style("not spun", "green")
    flagged = f"{len(result.swaps)} flagged in {result.n_words} words"
    lines = [f"{title}: {verdict} (probability {result.probability:.2f}, {flagged})"]
    for s in result.swaps:
        kind = "" if s.kind == "swap" else style(f" [{s.kind}]", "dim")
        suggestion = f" -> {style(', '.join(s.suggestions), 'green')}" if s.suggestions else ""
        lines.append(f"  {s.start:>6}-{s.end:<6} {s.score:.2f}  {style(repr(s.text), 'red')}{kind}{suggestion}")
    return "\n".join(lines)


class _JsonWriter(_Writer):
    """One JSON array, written element by element (nothing is held back)."""

    def begin(self) -> None:
        self.out.write("[")

    def write(self, name: str, result: SpinScore) -> None:
        separator = "\n" if self.count == 0 else ",\n"
        super().write(name, result)
        self.out.write(separator + json.dumps(_record(name, result, self.include_text), ensure_ascii=False))

    def end(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


class _JsonlWriter(_Writer):
    def write(self, name: str, result: SpinScore) -> None:
        super().write(name, result)
        self.out.write(json.dumps(_record(name, result, self.include_text), ensure_ascii=False) + "\n")


class _CsvWriter(_Writer):
    COLUMNS = ("name", "probability", "is_spun", "reason", "n_words", "n_swaps", "swaps")

    def begin(self) -> None:
        self.csv = csv.writer(self.out, lineterminator="\n")
        self.csv.writerow(self.COLUMNS)

    def write(self, name: str, result: SpinScore) -> None:
        super().write(name, result)
        swaps = ";".join(
            f"{s.start}-{s.end}:{s.text}" + (f"->{s.suggestions[0]}" if s.suggestions else "") for s in result.swaps
        )
        probability = "" if result.probability is None else f"{result.probability:.4f}"
        self.csv.writerow(
            (
                name,
                probability,
                str(result.is_spun).lower(),
                result.reason or "",
                result.n_words,
                len(result.swaps),
                swaps,
            )
        )


WRITERS: dict[str, type[_Writer]] = {
    "text": _TextWriter,
    "json": _JsonWriter,
    "jsonl": _JsonlWriter,
    "csv": _CsvWriter,
}


def _write_html(path: Path, named: list[tuple[str, SpinScore]]) -> None:
    from .render import render_page  # imported here: only --html needs it

    # render_page orders the documents itself (most likely spun first, abstentions last).
    page = render_page([result for _, result in named], [name for name, _ in named])
    path.write_text(page, encoding="utf-8")


# -- the command ------------------------------------------------------------------------------


def _score_files(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.html is not None and not args.html.parent.is_dir():
        parser.error(f"--html: folder {str(args.html.parent)!r} does not exist")
    if args.files.count("-") > 1:
        parser.error('"-" (standard input) can be given only once')

    detector = Detector(args.model, threshold=args.threshold)
    try:
        detector.preload()
    except (OSError, ValueError) as err:
        print(f"spindetect: error: cannot load the model in {detector.model_path}: {err}", file=sys.stderr)
        return 2

    out = sys.stdout
    show_progress = not args.no_progress and _isatty(sys.stderr)
    problems = _Problems()
    sources = _sources(args.files, args.glob, args.input_format, problems)
    # The total is known without reading anything only when every source is one document.
    total = len(sources) if all(s.format == "text" and s.path is not None for s in sources) else None
    progress = _Progress(sys.stderr, total, show_progress)
    problems.progress = progress
    # Report lines share the terminal with the bar only when standard output is that terminal.
    shares_terminal = progress.enabled and _isatty(out)

    writer = WRITERS[args.format](
        out, args.include_text, _Style(args.format == "text" and _wants_color(args.color, out))
    )
    kept: list[tuple[str, SpinScore]] = []
    try:
        writer.begin()
        documents = _documents(sources, args, problems)
        for document, result in _scored(detector, documents, args.batch_size, args.n_process):
            if shares_terminal:
                progress.clear()
            writer.write(document.name, result)
            if shares_terminal:
                out.flush()
            progress.advance()
            if args.html is not None:
                kept.append((document.name, result))
        progress.clear()
        writer.end()
        out.flush()
    except KeyboardInterrupt:
        progress.clear()
        print("spindetect: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``spindetect big.jsonl | head``): stop quietly, and keep Python
        # from complaining again when it flushes standard output at exit.
        _silence_stdout()
        return 141

    if args.html is not None:
        try:
            _write_html(args.html, kept)
        except OSError as err:
            problems.report(f"{args.html}: cannot write the HTML report ({err.strerror or err})")

    if problems.count:
        print(
            f"spindetect: {problems.count} problem(s) reported above; the other documents were scored", file=sys.stderr
        )
        return 2
    if args.fail_on_spun and writer.counts["spun"]:
        return 1
    return 0


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "train":
        from .train import main as train_main

        return train_main(argv[1:])
    if argv and argv[0] == "evaluate":
        from .evaluate import main as evaluate_main

        return evaluate_main(argv[1:])
    return _score_files(argv)


if __name__ == "__main__":
    raise SystemExit(main())
