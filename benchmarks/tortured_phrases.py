"""Tortured phrases the model was not told about, in real sentences.

    python benchmarks/tortured_phrases.py [--data PATH] [--folds 2] [--per-fold 200]

The shipped model knows the published half of the Problematic Paper Screener
list as fingerprints ("profound learning" -> "deep learning"). Papers use
tortured phrases from outside any list, so this measures what the model finds
*without* that knowledge, the way the held-back half of the list would be
found:

1. the published pairs are split into folds by expected phrase (seeded);
2. for each fold, the lexicon is rebuilt without that fold's pairs, and the
   shipped context model and classifiers are used with it;
3. sentences of the development corpora (Wikipedia AC, Reuters, BBC; never
   read by training) that contain one of the fold's expected phrases are
   scored twice: as written (clean), and with that phrase replaced by its
   tortured form.

Printed per setting (Markdown): sentences, ROC AUC of the document
probability (tortured against clean), the share of tortured sentences with a
flag on the tortured phrase, the share called spun, and on the clean
sentences, false flags per 1,000 words and the share called spun. The same
sentences scored by the shipped model (which knows every published pair) show
what a listed phrase gets. Exit status is 0: this script measures.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spindetect.corpora import DEV_WIKI_FILES, default_data_dir, iter_bbc, iter_reuters, iter_wikipedia
from spindetect.model import Model, default_model_path

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
MIN_WORDS, MAX_WORDS = 12, 60
# One sentence per expected phrase at most, so common terms ("information") do not fill a fold.
PER_PHRASE = 1


@dataclass
class Pair:
    clean: str
    tortured: str
    start: int  # the tortured phrase's offsets in ``tortured``
    end: int


def sentences(data_dir: Path):
    for make in (
        lambda: iter_wikipedia(data_dir, DEV_WIKI_FILES),
        lambda: iter_reuters(data_dir),
        lambda: iter_bbc(data_dir),
    ):
        for doc in make():
            for paragraph in doc.split("\n"):
                for sentence in SENTENCE_END.split(paragraph.strip()):
                    if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
                        yield sentence


def folds_by_expected(tortured: dict[str, list[str]], n_folds: int, seed: int) -> list[dict[str, list[str]]]:
    """The pairs split into folds so that all tortured forms of one expected phrase share a fold."""
    expected = sorted({e for corrections in tortured.values() for e in corrections})
    random.Random(seed).shuffle(expected)
    fold_of = {e: i % n_folds for i, e in enumerate(expected)}
    folds: list[dict[str, list[str]]] = [{} for _ in range(n_folds)]
    for phrase, corrections in tortured.items():
        folds[fold_of[corrections[0]]][phrase] = corrections
    return folds


def find_pairs(fold: dict[str, list[str]], text_sentences: list[str], per_fold: int, seed: int) -> list[Pair]:
    """Sentences holding an expected phrase of the fold, and their tortured versions."""
    by_expected: dict[str, str] = {}
    for phrase, corrections in sorted(fold.items()):
        for e in corrections:
            # Expected phrases of two words or more: one-word entries ("data")
            # are too common to stand for a technical term.
            if " " in e:
                by_expected.setdefault(e.lower(), phrase)
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(by_expected, key=len, reverse=True))) + r")\b", re.IGNORECASE
    )
    rng = random.Random(seed)
    order = list(range(len(text_sentences)))
    rng.shuffle(order)
    used: dict[str, int] = {}
    pairs = []
    for i in order:
        sentence = text_sentences[i]
        m = pattern.search(sentence)
        if not m:
            continue
        expected = m.group(1).lower()
        if used.get(expected, 0) >= PER_PHRASE:
            continue
        used[expected] = used.get(expected, 0) + 1
        tortured = by_expected[expected]
        if m.group(1)[0].isupper():
            tortured = tortured[0].upper() + tortured[1:]
        text = sentence[: m.start()] + tortured + sentence[m.end() :]
        pairs.append(Pair(sentence, text, m.start(), m.start() + len(tortured)))
        if len(pairs) >= per_fold:
            break
    return pairs


def measure(model: Model, pairs: list[Pair]) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    clean = model.score_batch([p.clean for p in pairs])
    spun = model.score_batch([p.tortured for p in pairs])
    p_clean = np.array([r.probability for r in clean])
    p_spun = np.array([r.probability for r in spun])
    labels = np.r_[np.zeros(len(pairs)), np.ones(len(pairs))]
    hit = [any(s.start < p.end and p.start < s.end for s in r.swaps) for p, r in zip(pairs, spun)]
    words = sum(r.n_words for r in clean)
    return {
        "sentences": len(pairs),
        "auc": float(roc_auc_score(labels, np.r_[p_clean, p_spun])),
        "phrase_flagged": float(np.mean(hit)),
        "tortured_called_spun": float(np.mean([r.is_spun for r in spun])),
        "clean_flags_per_1000": 1000.0 * sum(len(r.swaps) for r in clean) / max(words, 1),
        "clean_called_spun": float(np.mean([r.is_spun for r in clean])),
    }


def main(argv: list[str] | None = None) -> int:
    from spindetect.training.lexicon_build import build_lexicon
    from spindetect.training.thesauri import read_moby, read_tortured_phrases, read_wordnet

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--per-fold", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    data_dir = args.data or default_data_dir()
    started = time.time()
    shipped = Model.load(args.model or default_model_path())
    tortured = read_tortured_phrases(data_dir)
    thesauri = {"moby": read_moby(data_dir), "wordnet": read_wordnet(data_dir)}
    text_sentences = list(sentences(data_dir))
    print(f"{len(text_sentences):,} development sentences of {MIN_WORDS}-{MAX_WORDS} words", file=sys.stderr)
    held_out = []
    all_pairs: list[Pair] = []
    for k, fold in enumerate(folds_by_expected(tortured, args.folds, args.seed)):
        pairs = find_pairs(fold, text_sentences, args.per_fold, args.seed + k)
        rest = {p: c for p, c in tortured.items() if p not in fold}
        lexicon = build_lexicon(thesauri, rest)
        model = Model(
            shipped.context,
            lexicon,
            shipped.extractor.zipf_by_id,
            shipped.extractor.vectors_f16,
            shipped.extractor.slot,
            shipped.scorer,
            shipped.document,
            shipped.span_threshold,
            shipped.base_rate,
        )
        held_out.append(measure(model, pairs))
        all_pairs += pairs
        print(f"fold {k}: {len(pairs)} sentences ({time.time() - started:.0f} s)", file=sys.stderr)
    known = measure(shipped, all_pairs)

    def pooled(rows: list[dict[str, float]]) -> dict[str, float]:
        n = sum(r["sentences"] for r in rows)
        return {k: (n if k == "sentences" else sum(r[k] * r["sentences"] for r in rows) / n) for k in rows[0]}

    print(
        "| phrases | sentences | AUC | tortured phrase flagged | tortured called spun | clean: flags /1k words | clean called spun |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, row in (
        ("not in the lexicon (held-out folds)", pooled(held_out)),
        ("known fingerprints (shipped model)", known),
    ):
        print(
            f"| {label} | {row['sentences']} | {row['auc']:.3f} | {row['phrase_flagged']:.1%} | "
            f"{row['tortured_called_spun']:.1%} | {row['clean_flags_per_1000']:.2f} | {row['clean_called_spun']:.1%} |"
        )
    print(f"\n{args.folds} folds by expected phrase, seed {args.seed}; {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
