"""What the swaps the shipped model misses look like, and where its wrong flags in spun text sit.

    python benchmarks/missed_swaps.py [--data PATH] [--per-source 40] [--rate 0.1]

Span F1 is below its target (docs/evaluation.md), and no span threshold
reaches it (benchmarks/span_threshold_sweep.py). This script says why, so that
work goes where the misses are. It spins the development documents (Wikipedia
AC, Reuters, BBC News; articles and paragraphs) with each thesaurus at one
rate, scores them with the shipped model, and sorts every gold swap:

* found: a flagged span overlaps it;
* missed, and the original is not among the candidates the scorer compared
  the written word with (so the strongest evidence, a candidate that fits the
  context much better, cannot show);
* missed with the original among them, by the span's final probability:
  far below the threshold (under 0.1), below it (0.1 to 0.3), or near it.

A second table splits the first kind of miss: the original is among the
lexicon's candidates for the written term but was not scored (past
``features.MAX_SCORED_CANDIDATES``, or unknown to the clean text), or it is not
among them at all.

For the wrong flags in the same spun documents, it counts how many sit within
12 characters of a gold swap (a swap also spoils its neighbours' context fit)
and how many elsewhere (rare but correct words in a document whose swaps make
every odd word more suspect). A sample of misses is printed with the span's
score. Printed as Markdown. Exit status is 0: this script measures.
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
from spindetect.evaluate import THESAURI, dev_documents
from spindetect.model import Model, default_model_path
from spindetect.training.samples import make_samples

BATCH = 32
NEAR_CHARS = 12
EXAMPLES = 12


def sort_swaps(model: Model, samples) -> tuple[dict[str, int], list[tuple[str, str, float]]]:
    """Counts of gold swaps by outcome and of wrong flags by place, and (written, original, score) of misses."""
    counts = dict.fromkeys(
        ("gold", "found", "no candidate", "under 0.1", "0.1 to 0.3", "near", "multiword gold", "multiword found"), 0
    )
    counts |= {"kept, not scored": 0, "wrong flags near a swap": 0, "wrong flags elsewhere": 0}
    misses = []
    for lo in range(0, len(samples), BATCH):
        chunk = samples[lo : lo + BATCH]
        texts = [s.text for s in chunk]
        batch = model.extractor.extract(texts)
        _, posteriors = model._judge(batch, len(texts))
        swaps = model._swaps(texts, batch, posteriors)
        for d, sample in enumerate(chunk):
            mine = np.flatnonzero(batch.doc == d)
            flagged = [(s.start, s.end) for s in swaps[d] if s.kind == "swap"]
            for gs, ge, original in sample.gold:
                counts["gold"] += 1
                multiword = " " in sample.text[gs:ge].strip()
                counts["multiword gold"] += multiword
                if any(s < ge and gs < e for s, e in flagged):
                    counts["found"] += 1
                    counts["multiword found"] += multiword
                    continue
                over = [i for i in mine if batch.start[i] < ge and gs < batch.end[i]]
                if not over:
                    counts["no candidate"] += 1
                    continue
                i = max(over, key=lambda j: posteriors[j])
                candidates = batch.cand_src[batch.cand_ptr[i] : batch.cand_ptr[i + 1]]
                if original.lower() not in {batch.cand_pool[c].lower() for c in candidates}:
                    counts["no candidate"] += 1
                    # Kept in the lexicon's list but not scored (past the first
                    # MAX_SCORED_CANDIDATES, or unknown to clean text), or not kept at all.
                    counts["kept, not scored"] += original.lower() in model.lexicon.candidates(batch.keys[i])
                elif posteriors[i] < 0.1:
                    counts["under 0.1"] += 1
                elif posteriors[i] < 0.3:
                    counts["0.1 to 0.3"] += 1
                else:
                    counts["near"] += 1
                misses.append((sample.text[gs:ge], original, float(posteriors[i])))
            for s, e in flagged:
                if any(s < ge and gs < e for gs, ge, _ in sample.gold):
                    continue
                near = any(min(abs(s - ge), abs(gs - e)) <= NEAR_CHARS for gs, ge, _ in sample.gold)
                counts["wrong flags near a swap" if near else "wrong flags elsewhere"] += 1
    return counts, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--per-source", type=int, default=40, help="documents of each kind per dev corpus")
    parser.add_argument("--rate", type=float, default=0.1, help="swap rate of the spinner")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not 0 < args.rate < 1:
        parser.error("--rate must be between 0 and 1")
    started = time.time()
    model = Model.load(default_model_path())
    docs = dev_documents(args.data or default_data_dir(), args.per_source, args.seed)
    pieces = [(kind, text) for kind, items in docs.items() for _, text in items]
    rows, examples = {}, {}
    for thesaurus in THESAURI:
        rng = random.Random(args.seed + 1)
        samples = make_samples(pieces, model.lexicon, (thesaurus,), rng, 1.0, (args.rate,))
        rows[thesaurus], misses = sort_swaps(model, samples)
        examples[thesaurus] = random.Random(args.seed).sample(misses, min(EXAMPLES, len(misses)))
        print(f"{thesaurus}: {rows[thesaurus]['gold']} swaps ({time.time() - started:.0f} s)", file=sys.stderr)

    print(
        f"Shipped model (span threshold {model.span_threshold}); {args.per_source} development documents of each "
        f"kind per source, articles and paragraphs together, spun at {args.rate:.0%}.\n"
    )
    print(
        "| spun with | swaps | found | missed: original not a candidate | missed: score under 0.1 "
        "| missed: 0.1 to 0.3 | missed: 0.3 to the threshold | multiword swaps found |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for thesaurus, c in rows.items():
        share = {k: f"{100 * c[k] / max(c['gold'], 1):.0f}%" for k in c}
        multi = f"{c['multiword found']} of {c['multiword gold']}"
        print(
            f"| {thesaurus} | {c['gold']} | {share['found']} | {share['no candidate']} | {share['under 0.1']} "
            f"| {share['0.1 to 0.3']} | {share['near']} | {multi} |"
        )
    print(
        "\n| spun with | missed, original not a candidate | of those, among the lexicon's candidates but not scored |"
    )
    print("|---|---:|---:|")
    for thesaurus, c in rows.items():
        print(f"| {thesaurus} | {c['no candidate']} | {c['kept, not scored']} |")
    print("\n| spun with | wrong flags in spun text | within 12 characters of a swap | elsewhere |")
    print("|---|---:|---:|---:|")
    for thesaurus, c in rows.items():
        near, far = c["wrong flags near a swap"], c["wrong flags elsewhere"]
        print(f"| {thesaurus} | {near + far} | {near} | {far} |")
    for thesaurus, sample in examples.items():
        print(
            f"\nMissed, {thesaurus} (written <- original, score): "
            + "; ".join(f"{w} <- {o} ({p:.2f})" for w, o, p in sample)
        )
    print(f"\nRun time {time.time() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
