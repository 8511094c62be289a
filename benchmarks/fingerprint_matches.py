"""How often known tortured phrases turn up in clean text.

    python benchmarks/fingerprint_matches.py [--data PATH] [--wiki-docs 3000]

The shipped model treats a phrase from the published tortured-phrase list as
strong evidence of a paraphrasing tool: it is flagged whatever its context,
and it removes most of the doubt that its document was spun
(``model.FINGERPRINT_DOCUMENT_EVIDENCE``). That is only safe if honest text
almost never contains one. This counts the matches in clean development text
that no training step reads (Reuters-21578, BBC News, UD EWT dev, and the
first ``--wiki-docs`` articles of Wikipedia AC), with the documents that hold
them, and lists the phrases matched.

Printed as Markdown; exit status is 0: this script measures.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spindetect.corpora import DEV_WIKI_FILES, default_data_dir, iter_bbc, iter_ewt, iter_reuters, iter_wikipedia
from spindetect.model import Model, default_model_path

BATCH = 100


def count_matches(model: Model, documents: list[str]) -> tuple[int, int, collections.Counter]:
    """(words, documents with a match, matches by phrase) over ``documents``."""
    words, with_match, phrases = 0, 0, collections.Counter()
    for i in range(0, len(documents), BATCH):
        batch = model.extractor.extract(documents[i : i + BATCH])
        words += int(batch.n_words.sum())
        found = batch.fingerprint.nonzero()[0]
        with_match += len(set(batch.doc[found].tolist()))
        phrases.update(batch.keys[j] for j in found)
    return words, with_match, phrases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--wiki-docs", type=int, default=3000, help="Wikipedia AC articles to read")
    args = parser.parse_args()
    data_dir = args.data or default_data_dir()
    model = Model.load(args.model or default_model_path())
    sources = {
        "Reuters-21578": lambda: iter_reuters(data_dir),
        "BBC News": lambda: iter_bbc(data_dir),
        "UD EWT dev (web)": lambda: iter_ewt(data_dir, "dev"),
        f"Wikipedia AC (first {args.wiki_docs:,} articles)": lambda: itertools.islice(
            iter_wikipedia(data_dir, DEV_WIKI_FILES), args.wiki_docs
        ),
    }
    started = time.time()
    print("| clean text | documents | words | matches | documents with a match | per million words |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0, 0, 0]
    every = collections.Counter()
    for name, make in sources.items():
        documents = list(make())
        words, with_match, phrases = count_matches(model, documents)
        n = sum(phrases.values())
        print(f"| {name} | {len(documents):,} | {words:,} | {n} | {with_match} | {1e6 * n / max(words, 1):.2f} |")
        for k, v in enumerate((len(documents), words, n, with_match)):
            totals[k] += v
        every.update(phrases)
    docs, words, n, with_match = totals
    print(f"| **all** | {docs:,} | {words:,} | {n} | {with_match} | {1e6 * n / max(words, 1):.2f} |")
    print()
    listed = ", ".join(f'"{phrase}" ({count})' for phrase, count in every.most_common()) or "none"
    print(f"Phrases matched: {listed}.")
    print()
    print(f"{time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
