"""How often the top suggestion restores the original, by weight of the in-document bonus.

    python benchmarks/suggestion_ranking.py [--data PATH] [--per-source 40] [--weights 0,2,4,8,16]

A flagged span's suggestions are its candidate originals ranked by fit to the
neighbouring words, to the topic of the passage, and, with a bonus of
``features.SUGGESTION_IN_DOCUMENT_WEIGHT`` (log-probability units), by
whether the candidate is written elsewhere in the same document: a spinner
swaps only some occurrences of a word. This script scores development
articles and paragraphs (held-out Wikipedia, Reuters, BBC) spun with each
thesaurus at 5%, 10% and 20% with the shipped model, and prints restore@1
(share of found swaps whose top suggestion is the original, as in
``python -m spindetect.evaluate``) for each bonus weight: the mean over the
twelve settings and each setting. Exit status is 0: this script measures.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spindetect import features
from spindetect.corpora import default_data_dir
from spindetect.evaluate import dev_documents, score_in_batches, span_figures, spin_documents
from spindetect.model import Model, default_model_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--per-source", type=int, default=40, help="documents of each kind per dev corpus")
    parser.add_argument("--weights", default="0,2,4,8,16", help="bonus weights to compare")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    model = Model.load(default_model_path())
    docs = dev_documents(args.data or default_data_dir(), args.per_source, args.seed)
    rng = random.Random(args.seed + 1)
    settings = spin_documents(docs, model.lexicon, rng)
    shipped = features.SUGGESTION_IN_DOCUMENT_WEIGHT
    print(
        f"Shipped model, {args.per_source} development documents of each kind per source; "
        f"the code's weight is {shipped:g}.\n"
    )
    print("| weight | restore@1 (mean) | " + " | ".join(f"{k[0]} {k[1]} {int(k[2] * 100)}%" for k in settings) + " |")
    print("|---" * (2 + len(settings)) + "|")
    for weight in (float(w) for w in args.weights.split(",")):
        features.SUGGESTION_IN_DOCUMENT_WEIGHT = weight
        values = []
        for samples in settings.values():
            texts = [s.text for s in samples]
            results = score_in_batches(model, texts)
            spans = [[(s.start, s.end, s.suggestions) for s in r.swaps] for r in results]
            values.append(span_figures(samples, spans)["restore_at_1"])
        print(f"| {weight:g} | {np.mean(values):.3f} | " + " | ".join(f"{v:.3f}" for v in values) + " |", flush=True)
    features.SUGGESTION_IN_DOCUMENT_WEIGHT = shipped
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
