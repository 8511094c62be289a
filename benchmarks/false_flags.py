"""False flags on clean human text, per register, and abstention on non-English text.

    python benchmarks/false_flags.py [--model PATH] [--details]

Scores every text in ``tests/cases/clean_registers.json`` (clean human writing:
technical prose with rare but correct terms, informal web text, legal text,
poetry-like text, news) and every sample in ``tests/cases/non_english.json``,
then prints Markdown tables:

* per register: documents, words, documents abstained on, synonym swaps
  flagged (every one is a false flag: the texts are clean), false flags per
  1,000 words of the scored documents, and documents called spun;
* non-English samples: how many abstain with ``reason == "not English"``, and
  every one that does not.

Words are counted with one fixed regular expression (letters, with internal
apostrophes), the same for every model, so rates stay comparable across models.
Exit status is 0: this script measures, ``tests/test_clean_registers.py`` judges.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ROOT / "tests" / "cases"
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def load_clean() -> list[dict[str, Any]]:
    with open(CASES / "clean_registers.json", encoding="utf-8") as fh:
        return json.load(fh)["clean"]


def load_non_english() -> list[dict[str, Any]]:
    with open(CASES / "non_english.json", encoding="utf-8") as fh:
        return json.load(fh)["not_english"]


@dataclass
class RegisterRow:
    register: str
    docs: int = 0
    words: int = 0  # all documents
    scored_docs: int = 0
    scored_words: int = 0  # documents that were scored (not abstained on)
    abstained: int = 0
    flags: int = 0  # synonym swaps flagged (kind == "swap")
    evasion: int = 0  # homoglyph / invisible findings (none expected on this corpus)
    spun: int = 0

    @property
    def per_1000(self) -> float:
        return 1000.0 * self.flags / self.scored_words if self.scored_words else 0.0


def tabulate(cases: Sequence[dict[str, Any]], results: Sequence[Any]) -> list[RegisterRow]:
    """One row per register (in order of first appearance) and a final "all" row."""
    rows: dict[str, RegisterRow] = {}
    total = RegisterRow("all")
    for case, result in zip(cases, results, strict=True):
        row = rows.setdefault(case["register"], RegisterRow(case["register"]))
        n = count_words(case["text"])
        for r in (row, total):
            r.docs += 1
            r.words += n
            if result.probability is None:
                r.abstained += 1
                continue
            r.scored_docs += 1
            r.scored_words += n
            r.flags += sum(1 for s in result.swaps if s.kind == "swap")
            r.evasion += sum(1 for s in result.swaps if s.kind != "swap")
            r.spun += int(result.is_spun)
    return [*rows.values(), total]


def score_all(texts: Sequence[str], model: str | None):
    import spindetect

    detector = spindetect.Detector(model) if model else spindetect.api._default_detector()
    return detector, list(detector.score_many(texts))


def markdown(rows: Sequence[RegisterRow], non_english: Sequence[tuple[dict[str, Any], Any]], model: str) -> str:
    out = [
        f"Model: `{model}`",
        "",
        "| register | docs | words | abstained | swaps flagged | false flags / 1,000 words | called spun |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        name = f"**{r.register}**" if r.register == "all" else r.register
        out.append(
            f"| {name} | {r.docs} | {r.words} | {r.abstained} | {r.flags} | {r.per_1000:.1f} | "
            f"{r.spun}/{r.scored_docs} ({100.0 * r.spun / max(r.scored_docs, 1):.0f}%) |"
        )
    evasion = rows[-1].evasion
    out.append("")
    out.append(f"Homoglyph/invisible findings on the clean corpus: {evasion}.")
    ok = [(c, r) for c, r in non_english if r.reason == "not English"]
    out += [
        "",
        '| non-English samples | abstained with "not English" | other outcome |',
        "|---|---:|---:|",
        f"| {len(non_english)} | {len(ok)} | {len(non_english) - len(ok)} |",
    ]
    for case, result in non_english:
        if result.reason != "not English":
            out.append(f"- {case['lang']}: {result!r} (swaps: {len(result.swaps)})")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--details", action="store_true", help="also list every flagged span and spun document")
    args = parser.parse_args(argv)

    clean = load_clean()
    foreign = load_non_english()
    detector, results = score_all([c["text"] for c in clean] + [c["text"] for c in foreign], args.model)
    clean_results, foreign_results = results[: len(clean)], results[len(clean) :]
    rows = tabulate(clean, clean_results)
    model_name = f"{detector.model_path.name} (threshold {detector.model.document.threshold:.3f})"
    print(markdown(rows, list(zip(foreign, foreign_results)), model_name))
    if args.details:
        print("\nFlagged on clean text:\n")
        for case, result in zip(clean, clean_results):
            spans = ", ".join(f"{s.text!r}->{s.suggestions[:1]}" for s in result.swaps if s.kind == "swap")
            if result.is_spun or spans:
                p = "None" if result.probability is None else f"{result.probability:.2f}"
                print(f"- [{case['register']} / {case.get('topic', '')}] p={p} spun={result.is_spun} {spans}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
