"""Write docs/notebook-view.png: what a SpinScore looks like in a notebook, for the README.

The picture must show the real view, so each output is exactly ``spindetect.render(spindetect.score(text))``:
first for the bundled example (``docs/example-spun.txt``), then for the short "tortured phrases" example of
the README, each placed in a page styled like a Jupyter cell (input, ``Out[n]:`` prompt, output). A static
screenshot cannot hover, so this page (and only this page, never ``render()``) opens the tooltip of the
highest-scoring highlight of the last cell with an extra CSS class.

Needs headless Chromium (Debian: ``apt-get install chromium``). Run from anywhere::

    python docs/make_screenshot.py [--chromium /usr/bin/chromium] [--keep-html page.html]
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "example-spun.txt"
OUTPUT = HERE / "notebook-view.png"
WINDOW = (1000, 700)

PAPER = (
    "Recent work applies profound learning and counterfeit consciousness "
    "to the analysis of medical images collected in hospitals."
)
# What the input cells show: the code that produced the output below each.
EXAMPLE_INPUT = 'result = spindetect.score(Path("example-spun.txt").read_text())\nresult'
PAPER_INPUT = (
    "spindetect.score(\n"
    '    "Recent work applies profound learning and counterfeit consciousness "\n'
    '    "to the analysis of medical images collected in hospitals."\n'
    ")"
)

# A plain notebook look (JupyterLab's light theme, roughly). The .tip-open rule repeats render()'s hover
# tooltip so that one tooltip shows in the still picture.
PAGE_CSS = """\
body { margin: 0; background: #fff; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.notebook { padding: 16px 20px; zoom: 1.2; }
.cell { display: grid; grid-template-columns: 72px 1fr; column-gap: 8px; margin-bottom: 6px; }
.prompt { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; text-align: right;
  padding-top: 6px; }
.prompt.in { color: #307fc1; }
.prompt.out { color: #bf5b3d; }
.input { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; line-height: 1.45;
  white-space: pre; background: #f5f5f5; border: 1px solid #e0e0e0; border-radius: 2px; padding: 6px 10px;
  color: #212121; }
.output { padding: 6px 0 0 0; }
.spindetect-text mark.tip-open::after { content: attr(data-tip); position: absolute; left: 0; top: 100%;
  z-index: 10; white-space: pre; background: #222; color: #fff; font-size: 12px; line-height: 1.35;
  padding: 4px 7px; border-radius: 4px; pointer-events: none; }
"""


def open_one_tooltip(fragment: str) -> str:
    """Add the ``tip-open`` class to the highest-scoring synonym-swap highlight (if any)."""
    marks = list(re.finditer(r'<mark class="spindetect-swap"[^>]*data-score="([0-9.]+)"', fragment))
    if not marks:
        return fragment
    best = max(marks, key=lambda m: float(m.group(1)))
    start = best.start() + len('<mark class="spindetect-swap')
    return fragment[:start] + " tip-open" + fragment[start:]


def cell(number: int, code: str, fragment: str) -> str:
    """One executed notebook cell: the input, then the output ``fragment`` (HTML from ``render``)."""
    return (
        f'<div class="cell"><div class="prompt in">In&nbsp;[{number}]:</div>'
        f'<div class="input">{html.escape(code)}</div></div>\n'
        f'<div class="cell"><div class="prompt out">Out[{number}]:</div><div class="output">{fragment}</div></div>\n'
    )


def page(cells: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>spindetect notebook view</title>\n'
        f"<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n"
        '<div class="notebook">\n' + "".join(cells) + "</div>\n</body>\n</html>\n"
    )


def screenshot(chromium: str, html_path: Path, png_path: Path) -> None:
    profile = tempfile.mkdtemp(prefix="spindetect-chromium-")
    try:
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            f"--screenshot={png_path}",
            html_path.as_uri(),
        ]
        subprocess.run(command, check=True, timeout=120, capture_output=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--keep-html", type=Path, help="also write the page to this file")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE.parent))  # picture this clone's spindetect, not another installed copy
    import spindetect

    result = spindetect.score(EXAMPLE.read_text(encoding="utf-8"))
    paper = spindetect.score(PAPER)
    document = page(
        [
            cell(2, EXAMPLE_INPUT, spindetect.render(result)),
            cell(3, PAPER_INPUT, open_one_tooltip(spindetect.render(paper))),
        ]
    )
    if args.keep_html is not None:
        args.keep_html.write_text(document, encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="spindetect-page-") as folder:
        html_path = Path(folder) / "notebook-view.html"
        html_path.write_text(document, encoding="utf-8")
        screenshot(args.chromium, html_path, args.out.resolve())
    print(f"wrote {args.out}: example {result!r}, paper {paper!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
