"""The ``spindetect`` command: a thin layer over the library.

    spindetect FILE...           score files ("-" reads standard input)
    spindetect train [...]       build a model from the shared data
    spindetect evaluate [...]    measure a model on the development split
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]


def _report(name: str, result) -> str:
    if result.probability is None:
        return f"{name}: not scored ({result.reason})"
    verdict = "SPUN" if result.is_spun else "not spun"
    lines = [f"{name}: {verdict} (probability {result.probability:.2f}, {len(result.swaps)} flagged in {result.n_words} words)"]
    for s in result.swaps:
        suggestion = f" -> {', '.join(s.suggestions)}" if s.suggestions else ""
        lines.append(f"  {s.start:>6}-{s.end:<6} {s.score:.2f}  {s.text!r}{suggestion}")
    return "\n".join(lines)


def _score_files(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="spindetect", description="Score documents for article spinning.")
    parser.add_argument("files", nargs="+", help='text files to score; "-" reads standard input')
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--model", type=Path, default=None, help="a model folder (default: the shipped model)")
    parser.add_argument("--threshold", type=float, default=None, help="probability for the SPUN verdict")
    args = parser.parse_args(argv)

    from .api import Detector

    detector = Detector(args.model, threshold=args.threshold)
    errors = 0
    for name in args.files:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(f"spindetect: {name}: {err}", file=sys.stderr)
            errors += 1
            continue
        result = detector.score(text)
        if args.format == "json":
            print(json.dumps({"file": name, **result.to_dict()}, ensure_ascii=False))
        else:
            print(_report(name, result))
    if errors:
        print(f"spindetect: {errors} file(s) could not be read", file=sys.stderr)
    return 1 if errors else 0


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
