"""How often the original of a swap is among the first k candidate originals, by ranking rule.

    python benchmarks/candidate_ranking.py [--per-source 30] [--data ../shared/data]

The scorer compares each written word with its first few candidate originals
(``features.MAX_SCORED_CANDIDATES``), so the order of a word's candidates
decides whether the right one is looked at. This script spins development
text (held-out Wikipedia, Reuters, BBC) with each thesaurus at 10%, and for
every single-word swap finds the rank of the original in the full list of
terms whose entries contain the written word, under three orders:

* ``frequency``: most frequent originals first;
* ``channel 0.5`` and ``channel 1.0``: log10 frequency plus that weight times
  log10 of the chance that a spinner picking uniformly from the original's
  synonym list (averaged over the thesauri) writes this word
  (``training/lexicon_build.CHANNEL_WEIGHT`` is the weight the model uses).

It prints the share of swaps whose original is within the first 6, 12, 24
and 48 candidates, and anywhere in the list.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

import numpy as np

from spindetect.api import _default_detector
from spindetect.corpora import default_data_dir
from spindetect.evaluate import dev_documents
from spindetect.inflect import analyze
from spindetect.training.lexicon_build import candidate_order_key
from spindetect.training.samples import make_samples
from spindetect.vocab import token_key

ORDERS = {"frequency": None, "channel 0.5": 0.5, "channel 1.0": 1.0}
CUTOFFS = (6, 12, 24, 48)
THESAURI = ("moby", "wordnet")


def reverse_lists(lexicon) -> dict[int, dict[int, float]]:
    """written term -> {original term: chance that a uniform spinner writes it}."""
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for name in THESAURI:
        ptr, syn = lexicon.arrays[f"{name}_ptr"], lexicon.arrays[f"{name}_syn"]
        for head in range(len(ptr) - 1):
            row = syn[ptr[head] : ptr[head + 1]]
            if len(row):
                chance = 1.0 / (len(row) * len(THESAURI))
                for s in row.tolist():
                    out[s][head] = out[s].get(head, 0.0) + chance
    return out


def rank_of(original_terms: set[int], written_terms: list[int], reverse, zipf, weight: float | None) -> int:
    best = 10**9
    for t in written_terms:
        heads = reverse.get(t, {})
        if not heads:
            continue
        ids = np.fromiter(heads, dtype=np.int64)
        key = zipf[ids].astype(np.float64)
        if weight is not None:
            key = candidate_order_key(key, np.fromiter(heads.values(), dtype=np.float64), weight)
        order = ids[np.argsort(-key, kind="stable")]
        hits = np.flatnonzero(np.isin(order, list(original_terms)))
        if len(hits):
            best = min(best, int(hits[0]))
    return best


def terms_of(lexicon, word: str, inflected_only: bool = False) -> list[int]:
    found = [] if inflected_only else [lexicon.term_id(word)]
    found += [lexicon.term_id(lemma) for lemma, tag in analyze(word) if tag or not inflected_only]
    return [t for t in dict.fromkeys(found) if t is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--per-source", type=int, default=30, help="documents of each kind per dev corpus")
    args = parser.parse_args(argv)
    lexicon = _default_detector().model.lexicon
    reverse = reverse_lists(lexicon)
    docs = dev_documents(args.data or default_data_dir(), args.per_source, 0)
    texts = [("article", t) for kind in docs for _, t in docs[kind]]
    rng = random.Random(1)
    ranks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for thesaurus in THESAURI:
        for sample in make_samples(texts, lexicon, (thesaurus,), rng, 1.0, (0.1,)):
            for start, end, original in sample.gold:
                written = token_key(sample.text[start:end])
                if " " in written or " " in original:
                    continue
                original_terms = set(terms_of(lexicon, original.lower()))
                written_terms = [t for t in [lexicon.term_id(written)] if t is not None]
                written_terms += terms_of(lexicon, written, inflected_only=True)
                for name, weight in ORDERS.items():
                    ranks[(name, thesaurus)].append(
                        rank_of(original_terms, written_terms, reverse, lexicon.zipf, weight)
                    )
    print(f"Single-word swaps in development text spun at 10% ({args.per_source} documents of each kind per source).")
    print()
    print("| order | spun with | swaps | " + " | ".join(f"first {k}" for k in CUTOFFS) + " | anywhere |")
    print("|---|---|---:|" + "---:|" * (len(CUTOFFS) + 1))
    for (name, thesaurus), values in ranks.items():
        r = np.array(values)
        shares = " | ".join(f"{np.mean(r < k):.3f}" for k in CUTOFFS)
        print(f"| {name} | {thesaurus} | {len(r)} | {shares} | {np.mean(r < 10**9):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
