"""Regenerate the sample outputs in docs/cli.md by running the commands on docs/examples/.

    python docs/build_cli_examples.py

Each ``$ spindetect ...`` block in docs/cli.md that names files under ``examples/`` is re-run (from
the docs folder) and its output replaced, so the page shows what the shipped model really prints.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BLOCK = re.compile(r"```\n\$ (spindetect [^\n]*examples/[^\n]*)\n.*?```", re.DOTALL)


def run(command: str) -> str:
    args = shlex.split(command)[1:]
    out = subprocess.run(
        [sys.executable, "-m", "spindetect", *args, "--color", "never", "--no-progress"],
        cwd=DOCS,
        check=False,  # a spun document or an unreadable file sets the exit status; the output is what matters
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(DOCS.parent), "PATH": "/usr/bin:/bin"},
    )
    return out.stdout.rstrip("\n")


def main() -> None:
    page = DOCS / "cli.md"
    text = page.read_text(encoding="utf-8")
    new = BLOCK.sub(lambda m: f"```\n$ {m.group(1)}\n{run(m.group(1))}\n```", text)
    page.write_text(new, encoding="utf-8")
    print(f"rewrote {len(BLOCK.findall(text))} example blocks in {page}")


if __name__ == "__main__":
    main()
