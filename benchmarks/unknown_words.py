"""Swaps the lexicon has never heard of: how much detection leans on knowing the candidates.

    python benchmarks/unknown_words.py [--data PATH] [--per-source 40] [--unknown 0.3]

A real spinner uses its own thesaurus and writes words the model's lexicon
has no entry for ("North Korean bossman": neither Moby nor WordNet lists
"bossman"). For such a word there is no candidate original, so the features
that compare the written word with the best-fitting original (the strongest
evidence the scorer has) are missing. The cross-thesaurus evaluation only
partly covers this, since the two thesauri share most of their words.

This script scores the development documents (Wikipedia AC, Reuters, BBC
News; articles and paragraphs, spun by the project's spinner with each
thesaurus at 5, 10 and 20%) with the shipped model twice: as is, and with a
fixed share of word types (``--unknown``, chosen by a hash of the word, in
clean and spun text alike) read as words the lexicon does not know
(``features.forget_candidates``). Printed as Markdown: span recall and F1,
document ROC AUC (spun against the same documents clean), and false flags per
1,000 clean words. Exit status is 0: this script measures.
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

from spindetect.corpora import default_data_dir
from spindetect.evaluate import (
    RATES,
    THESAURI,
    _words,
    dev_documents,
    roc_auc,
    score_in_batches,
    span_figures,
    spin_documents,
)
from spindetect.features import forget_candidates, key_share
from spindetect.model import Model, default_model_path


def with_unknown_words(model: Model, share: float) -> None:
    """Make ``share`` of word types (by a fixed hash) read as unknown to the lexicon, from now on."""
    extract = model.extractor.extract

    def extract_forgetting(documents):
        batch = extract(documents)
        forget_candidates(
            batch.features, np.flatnonzero((batch.n_tokens == 1) & (key_share(batch.keys, "unknown") < share))
        )
        return batch

    model.extractor.extract = extract_forgetting


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--per-source", type=int, default=40, help="documents of each kind per dev corpus")
    parser.add_argument("--unknown", type=float, default=0.3, help="share of word types the lexicon forgets")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.time()
    data_dir = args.data or default_data_dir()
    docs = dev_documents(data_dir, args.per_source, args.seed)
    model = Model.load(default_model_path())
    spun = spin_documents(docs, model.lexicon, random.Random(args.seed + 1))
    rows = []
    for condition in ("lexicon as shipped", f"{args.unknown:.0%} of word types unknown to it"):
        if condition != "lexicon as shipped":
            with_unknown_words(model, args.unknown)
        clean = {kind: score_in_batches(model, [t for _, t in items]) for kind, items in docs.items()}
        clean_words = sum(_words(t) for items in docs.values() for _, t in items)
        false_flags = 1000.0 * sum(len(r.swaps) for results in clean.values() for r in results) / clean_words
        for thesaurus in THESAURI:
            for rate in RATES:
                recall, f1, auc = [], [], []
                for kind in docs:
                    samples = spun[(kind, thesaurus, rate)]
                    results = score_in_batches(model, [s.text for s in samples])
                    spans = [[(s.start, s.end, s.suggestions) for s in r.swaps] for r in results]
                    figures = span_figures(samples, spans)
                    recall.append(figures["span_recall"])
                    f1.append(figures["span_f1"])
                    clean_p = [r.probability for r in clean[kind]]
                    spun_p = [r.probability for r in results]
                    auc.append(roc_auc(np.r_[np.zeros(len(clean_p)), np.ones(len(spun_p))], np.r_[clean_p, spun_p]))
                rows.append((condition, thesaurus, rate, np.mean(recall), np.mean(f1), np.mean(auc), false_flags))
        print(f"{condition} ({time.time() - started:.0f} s)", file=sys.stderr)

    print(
        f"Shipped model; {args.per_source} development documents of each kind per source, articles and paragraphs "
        "averaged.\n"
    )
    print("| lexicon | spun with, rate | span recall | span F1 | document AUC | false flags /1k clean words |")
    print("|---|---|---|---|---|---|")
    for condition, thesaurus, rate, recall, f1, auc, false_flags in rows:
        print(f"| {condition} | {thesaurus} {rate:.0%} | {recall:.3f} | {f1:.3f} | {auc:.3f} | {false_flags:.2f} |")
    for condition in dict.fromkeys(r[0] for r in rows):
        mean = np.mean([r[3:6] for r in rows if r[0] == condition], axis=0)
        print(
            f"\nMean, {condition}: span recall {mean[0]:.3f}, span F1 {mean[1]:.3f}, document AUC {mean[2]:.3f}.",
            end="",
        )
    print(f"\n\nRun time {time.time() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
