"""How far the span threshold alone can move the headline span F1, and what it costs in false flags.

    python benchmarks/span_threshold_sweep.py [--data PATH] [--per-source 40]

The headline span F1 of ``docs/evaluation.md`` is measured at the span
threshold that training picks under the false-flag budget
(``train.MAX_FALSE_FLAGS_PER_1000``). This script asks whether another
threshold would reach the target: it refits the two cross-thesaurus models
exactly as ``python -m spindetect.evaluate`` does (scorer and classifiers on
one thesaurus, tested on text spun with the other), scores the development
documents once with a low threshold, and then reads span F1 (mean over
thesauri, rates 5/10/20% and articles/paragraphs, as in the headline) and the
false flags per 1,000 clean words (development articles and paragraphs, and
the clean web text of UD EWT dev) at each threshold.

If the best F1 over all thresholds is still below the target, the remaining
gap is the swap scorer's ranking of spans, not the choice of threshold.
``--tree-weight W`` refits with another weight for the scorer's boosted trees
(``train.SCORER_TREE_WEIGHT``; 0 and ``--no-trees`` leave them out), to
compare scorers on the same documents. Printed as Markdown. Exit status is 0:
this script measures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spindetect import train
from spindetect.corpora import default_data_dir
from spindetect.evaluate import (
    RATES,
    _words,
    dev_documents,
    refit_on,
    score_in_batches,
    span_figures,
    spin_documents,
    web_dev_documents,
)
from spindetect.model import Model, default_model_path
from spindetect.train import held_back_articles, web_documents

THRESHOLDS = np.round(np.arange(0.20, 0.801, 0.05), 3)
# Low enough that every threshold of the sweep sees all the spans it would flag.
FLOOR = 0.15


def scored(model: Model, texts: list[str]):
    model.span_threshold = FLOOR
    return score_in_batches(model, texts)


def flags_per_1000(results, texts: list[str], threshold: float) -> float:
    flagged = sum(sum(s.kind == "swap" and s.score >= threshold for s in r.swaps) for r in results)
    return 1000.0 * flagged / max(sum(map(_words, texts)), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--per-source", type=int, default=40, help="documents of each kind per dev corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tree-weight", type=float, default=None, help="weight of the scorer's boosted trees")
    parser.add_argument("--no-trees", action="store_true", help="refit the scorer without its boosted trees")
    args = parser.parse_args(argv)
    if args.tree_weight is not None and not 0 <= args.tree_weight <= 1:
        parser.error("--tree-weight must be between 0 and 1")
    if args.no_trees or args.tree_weight == 0:
        train.SCORER_TREES = None
    elif args.tree_weight is not None:
        train.SCORER_TREE_WEIGHT = args.tree_weight
    data_dir = args.data or default_data_dir()
    started = time.time()
    shipped = Model.load(default_model_path())
    docs = dev_documents(data_dir, args.per_source, args.seed)
    rng = random.Random(args.seed + 1)
    spun = spin_documents(docs, shipped.lexicon, rng)
    web = web_dev_documents(data_dir)
    articles, web_train = held_back_articles(data_dir), web_documents(data_dir)

    f1 = {t: [] for t in THRESHOLDS}
    false_flags: dict[tuple[str, float], list[float]] = {}
    chosen = {}
    for train_on, test_on in (("moby", "wordnet"), ("wordnet", "moby")):
        model = refit_on(shipped, train_on, articles, web_train, args.seed)
        chosen[train_on] = model.span_threshold
        clean_sets = {kind: [t for _, t in items] for kind, items in docs.items()} | {"web (EWT dev)": web}
        for name, texts in clean_sets.items():
            results = scored(model, texts)
            for t in THRESHOLDS:
                false_flags.setdefault((name, t), []).append(flags_per_1000(results, texts, t))
        for kind in docs:
            for rate in RATES:
                samples = spun[(kind, test_on, rate)]
                results = scored(model, [s.text for s in samples])
                for t in THRESHOLDS:
                    spans = [[(s.start, s.end, s.suggestions) for s in r.swaps if s.score >= t] for r in results]
                    f1[t].append(span_figures(samples, spans)["span_f1"])
        print(f"fitted on {train_on}, tested on {test_on} ({time.time() - started:.0f} s)", file=sys.stderr)

    names = list(clean_sets)
    scorer = "no boosted trees" if train.SCORER_TREES is None else f"tree weight {train.SCORER_TREE_WEIGHT}"
    print(
        f"Cross-thesaurus models as in the evaluation ({scorer}); {args.per_source} development documents of each "
        f"kind per source. Thresholds picked by training: {chosen['moby']} (fitted on Moby), {chosen['wordnet']} "
        "(fitted on WordNet).\n"
    )
    print("| span threshold | headline span F1 | " + " | ".join(f"false flags /1k: {n}" for n in names) + " |")
    print("|---" * (2 + len(names)) + "|")
    for t in THRESHOLDS:
        cells = " | ".join(f"{np.mean(false_flags[(n, t)]):.2f}" for n in names)
        print(f"| {t:.2f} | {np.mean(f1[t]):.3f} | {cells} |")
    best = max(THRESHOLDS, key=lambda t: np.mean(f1[t]))
    print(f"\nBest: span F1 {np.mean(f1[best]):.3f} at {best:.2f}. Run time {time.time() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
