"""How often clean text holds something spindetect would read as spintax.

    python benchmarks/spintax_matches.py [--data PATH]

A spintax group left in a text ("{best|greatest|top}") is reported as a
finding and halves the remaining doubt that its document was spun
(``api.SPINTAX_DOCUMENT_EVIDENCE``). That is only safe if honest text almost
never contains one. This counts the groups ``spintax.find_spintax`` finds in
every clean corpus of the shared data: all three Wikipedia files, Reuters-21578,
BBC News, the UD English Web Treebank (all splits) and the public-domain NLTK
speeches, and lists what it found.

Printed as Markdown; exit status is 0: this script measures.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spindetect.corpora import (
    DEV_WIKI_FILES,
    TRAIN_WIKI_FILES,
    default_data_dir,
    iter_bbc,
    iter_ewt,
    iter_nltk_plaintext,
    iter_reuters,
    iter_wikipedia,
)
from spindetect.spintax import find_spintax


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    args = parser.parse_args()
    data_dir = args.data or default_data_dir()
    started = time.time()
    sources = {
        "Wikipedia AA+AB+AC": lambda: iter_wikipedia(data_dir, TRAIN_WIKI_FILES + DEV_WIKI_FILES),
        "Reuters-21578": lambda: iter_reuters(data_dir),
        "BBC News": lambda: iter_bbc(data_dir),
        "UD EWT (train, dev, test)": lambda: (
            t for split in ("train", "dev", "test") for t in iter_ewt(data_dir, split)
        ),
        "NLTK inaugural + state_union": lambda: iter_nltk_plaintext(data_dir),
    }
    print("| clean text | documents | words | spintax groups | documents with one |")
    print("|---|---|---|---|---|")
    found: collections.Counter = collections.Counter()
    totals = [0, 0, 0, 0]
    for name, documents in sources.items():
        n_docs = n_words = n_groups = with_group = 0
        for text in documents():
            n_docs += 1
            n_words += len(text.split())
            groups = find_spintax(text)
            n_groups += len(groups)
            with_group += bool(groups)
            found.update(text[g.start : g.end] for g in groups)
        for k, v in enumerate((n_docs, n_words, n_groups, with_group)):
            totals[k] += v
        print(f"| {name} | {n_docs:,} | {n_words:,} | {n_groups} | {with_group} |")
    print(f"| **all** | {totals[0]:,} | {totals[1]:,} | {totals[2]} | {totals[3]} |")
    listed = ", ".join(f"`{g}` ({n})" for g, n in found.most_common(20)) or "none"
    print(f"\nGroups found: {listed}.")
    print(f"\nRun time {time.time() - started:.0f} s.", file=sys.stderr)


if __name__ == "__main__":
    main()
