"""Spun text whose spinner also mangles words into non-words.

    python benchmarks/mangled_words.py [--data PATH] [--docs 100]

Some spinners garble words as well as swapping them: wrong inflections
("employmented"), extra suffixes, swapped letters. A mangled word is unknown
to the context model, like a name or a typo, so it should neither hide the
swaps around it nor, on its own, make clean text look spun.

Development paragraphs (60-180 words; Wikipedia AC and BBC News, never read
by training) are spun by the project's spinner (with the model's lexicon) at
0%, 5% and 10% with each thesaurus, and then a share of the remaining long lower-case words is mangled
(seeded): a suffix "ed", the last letter replaced by "ment", or two inner
letters swapped. Printed per setting (Markdown): ROC AUC of the document
probability against the same paragraphs clean and untouched, the share called
spun, and flags per document. Exit status is 0: this script measures.
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

from spindetect.corpora import DEV_WIKI_FILES, default_data_dir, iter_bbc, iter_wikipedia
from spindetect.evaluate import roc_auc
from spindetect.model import Model, default_model_path
from spindetect.spinner import spin_with

SPIN_RATES = (0.0, 0.05, 0.10)
MANGLE_RATES = (0.0, 0.03, 0.08)
MIN_WORD = 5  # only words this long are mangled: short ones would turn into other real words


def paragraphs(documents, n: int, lo: int = 60, hi: int = 180) -> list[str]:
    out = []
    for doc in documents:
        for paragraph in doc.split("\n"):
            if lo <= len(paragraph.split()) <= hi:
                out.append(paragraph)
                if len(out) == n:
                    return out
    return out


def mangle(text: str, rate: float, rng: random.Random) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if word.isalpha() and word.islower() and len(word) >= MIN_WORD and rng.random() < rate:
            kind = rng.randrange(3)
            if kind == 0:
                words[i] = word + "ed"
            elif kind == 1:
                words[i] = word[:-1] + "ment"
            else:
                words[i] = word[:2] + word[3] + word[2] + word[4:]
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--docs", type=int, default=100, help="paragraphs per corpus")
    args = parser.parse_args()
    data_dir = args.data or default_data_dir()
    model = Model.load(args.model or default_model_path())
    started = time.time()
    texts = paragraphs(iter_wikipedia(data_dir, DEV_WIKI_FILES), args.docs) + paragraphs(iter_bbc(data_dir), args.docs)
    clean = np.array([r.probability for r in model.score_batch(texts)])
    print("| spun with | spin rate | words mangled | AUC against clean | called spun | flags per document |")
    print("|---|---|---|---|---|---|")
    for thesaurus in ("moby", "wordnet"):
        for spin_rate in SPIN_RATES:
            if spin_rate == 0 and thesaurus != "moby":
                continue  # unspun text is the same whatever the thesaurus
            for mangle_rate in MANGLE_RATES:
                if spin_rate == 0 and mangle_rate == 0:
                    continue
                rng = random.Random(0)
                spun = [
                    spin_with(model.lexicon, text, spin_rate, thesaurus, seed).text if spin_rate else text
                    for seed, text in enumerate(texts)
                ]
                results = model.score_batch([mangle(text, mangle_rate, rng) for text in spun])
                probs = np.array([r.probability for r in results])
                labels = np.r_[np.zeros(len(clean)), np.ones(len(probs))]
                auc = roc_auc(labels, np.r_[clean, probs])
                called = np.mean([r.is_spun for r in results])
                flags = np.mean([len(r.swaps) for r in results])
                label = thesaurus if spin_rate else "(not spun)"
                print(f"| {label} | {spin_rate:.0%} | {mangle_rate:.0%} | {auc:.3f} | {called:.0%} | {flags:.1f} |")
    print()
    print(f"{len(texts)} paragraphs; {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
