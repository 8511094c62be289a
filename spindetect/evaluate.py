"""Measure a model on text no training step saw: ``python -m spindetect.evaluate``.

The development split is Wikipedia file AC plus the research-only news corpora
(Reuters-21578, BBC News). Every document is scored clean and spun, with Moby
and with WordNet, at 5%, 10% and 20% of its words. The headline figures cross
thesauri: a swap scorer fitted only on Moby-spun text is tested on
WordNet-spun text and the reverse, so a figure cannot come from having learned
one thesaurus's habits. A naive baseline (every lower-case word rarer than
Zipf 3.0 is a swap) is measured on the same documents.

Figures:

* document ROC AUC and F1 (at the model's default threshold), for articles
  (200+ words) and paragraphs (60-180 words);
* span precision, recall and F1 (a flagged span is right when it overlaps a
  gold swap; a gold swap is found when a flagged span overlaps it);
* restore@1: share of found swaps whose top suggestion is the original;
* false flags per 1,000 words of the clean documents;
* candidate recall: share of gold swaps whose original is among the lexicon's
  candidates (what restore@1 can reach at most).

Writes ``docs/evaluation.md`` and the headline figures into the model's manifest.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .corpora import DEV_WIKI_FILES, default_data_dir, iter_bbc, iter_ewt, iter_reuters, iter_wikipedia
from .model import DEFAULT_MODEL, Model, default_model_path
from .training.samples import Sample, make_samples
from .types import SpinScore

log = logging.getLogger("spindetect.evaluate")

RATES = (0.05, 0.10, 0.20)
THESAURI = ("moby", "wordnet")
BASELINE_ZIPF = 3.0


@dataclass
class Cell:
    """Figures for one (system, thesaurus, rate, kind) combination."""

    auc: float
    f1: float
    span_precision: float
    span_recall: float
    span_f1: float
    restore_at_1: float
    false_flags_per_1000: float
    candidate_recall: float = float("nan")


# -- documents -------------------------------------------------------------------------
def _words(text: str) -> int:
    return len(text.split())


def _paragraph_pieces(doc: str, rng: random.Random) -> str | None:
    """A 60-180 word run of consecutive paragraphs (news paragraphs are short)."""
    paragraphs = [p for p in doc.split("\n") if p.strip()]
    start = rng.randrange(len(paragraphs))
    taken, total = [], 0
    for p in paragraphs[start:]:
        if total + _words(p) > 180:
            break
        taken.append(p)
        total += _words(p)
        if total >= 60 and rng.random() < 0.5:
            break
    return "\n".join(taken) if 60 <= total <= 180 else None


def _article(doc: str) -> str | None:
    paragraphs = [p for p in doc.split("\n") if p.strip()]
    taken, total = [], 0
    for p in paragraphs:
        taken.append(p)
        total += _words(p)
        if total >= 900:
            break
    return "\n".join(taken) if total >= 200 else None


def dev_documents(data_dir: Path, per_source: int, seed: int = 0) -> dict[str, list[tuple[str, str]]]:
    """kind -> [(source, text)] from the development corpora."""
    rng = random.Random(seed)
    sources: dict[str, Callable] = {
        "wikipedia": lambda: iter_wikipedia(data_dir, DEV_WIKI_FILES),
        "reuters": lambda: iter_reuters(data_dir),
        "bbc": lambda: iter_bbc(data_dir),
    }
    out: dict[str, list[tuple[str, str]]] = {"article": [], "paragraph": []}
    for name, make in sources.items():
        docs = list(make())
        rng.shuffle(docs)
        articles = [a for a in map(_article, docs) if a][:per_source]
        paragraphs = [p for p in (_paragraph_pieces(d, rng) for d in docs[-4 * per_source :]) if p][:per_source]
        out["article"] += [(name, a) for a in articles]
        out["paragraph"] += [(name, p) for p in paragraphs]
    return out


def spin_documents(
    docs: dict[str, list[tuple[str, str]]], lexicon, rng: random.Random
) -> dict[tuple[str, str, float], list[Sample]]:
    """Every development document spun with each thesaurus at each rate: (kind, thesaurus, rate) -> samples."""
    return {
        (kind, thesaurus, rate): make_samples([(kind, t) for _, t in items], lexicon, (thesaurus,), rng, 1.0, (rate,))
        for kind, items in docs.items()
        for thesaurus in THESAURI
        for rate in RATES
    }


# -- metrics ----------------------------------------------------------------------------
def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def _f1(tp: float, n_pred: float, n_true: float) -> float:
    return 2 * tp / max(n_pred + n_true, 1)


def span_figures(samples: list[Sample], results: list[list[tuple[int, int, tuple[str, ...]]]]) -> dict[str, float]:
    pred_total = pred_right = gold_total = gold_found = restored = 0
    for sample, spans in zip(samples, results):
        gold = sample.gold
        gold_total += len(gold)
        pred_total += len(spans)
        pred_right += sum(any(s < ge and gs < e for gs, ge, _ in gold) for s, e, _ in spans)
        for gs, ge, original in gold:
            hits = [sug for s, e, sug in spans if s < ge and gs < e]
            if hits:
                gold_found += 1
                restored += bool(hits[0]) and hits[0][0].lower() == original.lower()
    precision = pred_right / max(pred_total, 1)
    recall = gold_found / max(gold_total, 1)
    return {
        "span_precision": precision,
        "span_recall": recall,
        "span_f1": 2 * precision * recall / max(precision + recall, 1e-12),
        "restore_at_1": restored / max(gold_found, 1),
    }


def score_in_batches(model: Model, texts: list[str], batch_size: int = 64) -> list[SpinScore]:
    """``model.score_batch`` over ``texts`` in batches, as a long-running job would call it."""
    return [r for i in range(0, len(texts), batch_size) for r in model.score_batch(texts[i : i + batch_size])]


def refit_on(shipped: Model, thesaurus: str, articles: list[str], web: list[str], seed: int = 0) -> Model:
    """The swap scorer and classifiers fitted again on text spun with one thesaurus only.

    Context statistics and lexicon stay the shipped model's. This is how the
    cross-thesaurus figures are measured: fitted on one thesaurus, tested on
    text spun with the other. ``articles`` and ``web`` are
    ``train.held_back_articles`` and ``train.web_documents``.
    """
    from .train import fit_classifiers

    model, _ = fit_classifiers(
        shipped.context,
        shipped.extractor.zipf_by_id,
        shipped.extractor.vectors_f16,
        shipped.extractor.slot,
        shipped.lexicon,
        articles,
        (thesaurus,),
        seed,
        web=web,
    )
    return model


class System:
    """Something that scores documents: the model, or the naive baseline."""

    name: str

    def run(self, texts: list[str]) -> tuple[np.ndarray, list[list[tuple[int, int, tuple[str, ...]]]], float | None]:
        raise NotImplementedError


class ModelSystem(System):
    def __init__(self, name: str, model: Model):
        self.name = name
        self.model = model

    def run(self, texts):
        results = score_in_batches(self.model, texts)
        probs = np.array([r.probability for r in results])
        spans = [[(s.start, s.end, s.suggestions) for s in r.swaps] for r in results]
        return probs, spans, self.model.document.threshold


class BaselineSystem(System):
    """Flags every lower-case word rarer than Zipf 3.0; document score = share of flagged words."""

    name = "baseline (lower-case words rarer than Zipf 3.0)"

    def __init__(self) -> None:
        import re

        from wordfreq import zipf_frequency

        self._word = re.compile(r"[A-Za-z][A-Za-z'-]*")
        self._zipf = zipf_frequency
        self._cache: dict[str, float] = {}

    def run(self, texts):
        probs, spans = [], []
        for text in texts:
            found, n = [], 0
            for m in self._word.finditer(text):
                n += 1
                w = m.group()
                if not w[0].islower():
                    continue
                z = self._cache.get(w)
                if z is None:
                    z = self._cache[w] = self._zipf(w, "en")
                if z < BASELINE_ZIPF:
                    found.append((m.start(), m.end(), ()))
            spans.append(found)
            probs.append(len(found) / max(n, 1))
        return np.array(probs), spans, None


def evaluate_system(
    system: System, docs: dict[str, list[tuple[str, str]]], spun: dict, thesauri: tuple[str, ...]
) -> dict[tuple[str, float, str], Cell]:
    cells = {}
    for kind, items in docs.items():
        clean_texts = [t for _, t in items]
        clean_probs, clean_spans, threshold = system.run(clean_texts)
        clean_words = sum(_words(t) for t in clean_texts)
        false_flags = 1000.0 * sum(len(s) for s in clean_spans) / max(clean_words, 1)
        for thesaurus in thesauri:
            for rate in RATES:
                samples = spun[(kind, thesaurus, rate)]
                probs, spans, _ = system.run([s.text for s in samples])
                labels = np.r_[np.zeros(len(clean_probs)), np.ones(len(probs))]
                scores = np.r_[clean_probs, probs]
                if threshold is None:  # baseline: its best threshold on this very data (optimistic)
                    f1 = max(
                        _f1(float((scores[labels == 1] >= t).sum()), float((scores >= t).sum()), len(probs))
                        for t in np.unique(scores)
                    )
                else:
                    predicted = scores >= threshold
                    f1 = _f1(float((predicted & (labels == 1)).sum()), float(predicted.sum()), len(probs))
                figures = span_figures(samples, spans)
                cells[(thesaurus, rate, kind)] = Cell(
                    roc_auc(labels, scores), f1, false_flags_per_1000=false_flags, **figures
                )
    return cells


def web_dev_documents(data_dir: Path) -> list[str]:
    """Clean informal web documents no training step reads (UD EWT dev), of 15 words or more."""
    return [doc for doc in iter_ewt(data_dir, "dev") if len(doc.split()) >= 15]


def web_false_alarms(data_dir: Path, systems: list[System]) -> dict[str, int | float]:
    """False flags per 1,000 words on clean web documents, for the shipped model and the baseline."""
    texts = web_dev_documents(data_dir)
    words = sum(_words(t) for t in texts)
    out: dict[str, int | float] = {"documents": len(texts), "words": words}
    for system, key in zip(systems, ("shipped", "baseline")):
        probs, spans, threshold = system.run(texts)
        out[key] = 1000.0 * sum(len(s) for s in spans) / max(words, 1)
        if threshold is not None:
            out[f"{key}_spun"] = int((probs >= threshold).sum())
    return out


def candidate_recall(model: Model, samples: list[Sample]) -> float:
    from .vocab import token_key

    found = total = 0
    for sample in samples:
        for s, e, original in sample.gold:
            total += 1
            written = " ".join(token_key(w) for w in sample.text[s:e].split())
            found += original.lower() in model.lexicon.candidates(written)
    return found / max(total, 1)


# -- report -----------------------------------------------------------------------------
def _fmt(value: float, digits: int = 3) -> str:
    return "n/a" if math.isnan(value) else f"{value:.{digits}f}"


def _table(title: str, rows: list[tuple[str, Cell]]) -> list[str]:
    lines = [
        f"### {title}",
        "",
        "| system / spun with, rate | AUC | F1 | span P | span R | span F1 | restore@1 | false flags /1k clean words |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, c in rows:
        lines.append(
            f"| {label} | {_fmt(c.auc)} | {_fmt(c.f1)} | {_fmt(c.span_precision)} | {_fmt(c.span_recall)} | "
            f"{_fmt(c.span_f1)} | {_fmt(c.restore_at_1)} | {_fmt(c.false_flags_per_1000, 2)} |"
        )
    return lines + [""]


def run(data_dir: Path, model_path: Path, out: Path, per_source: int, seed: int = 0) -> dict:
    from .train import held_back_articles, web_documents

    started = time.time()
    shipped = Model.load(model_path)
    docs = dev_documents(data_dir, per_source, seed)
    rng = random.Random(seed + 1)
    spun = spin_documents(docs, shipped.lexicon, rng)
    log.info("dev documents: %s (%.0f s)", {k: len(v) for k, v in docs.items()}, time.time() - started)

    # Cross-thesaurus models: the shipped context and lexicon, classifiers refitted on one thesaurus.
    articles = held_back_articles(data_dir)
    web = web_documents(data_dir)
    cross = {}
    for train_on, test_on in (("moby", "wordnet"), ("wordnet", "moby")):
        model = refit_on(shipped, train_on, articles, web, seed)
        cells = evaluate_system(ModelSystem(f"trained on {train_on}", model), docs, spun, (test_on,))
        cross.update(cells)
        log.info("cross %s->%s done (%.0f s)", train_on, test_on, time.time() - started)
    shipped_cells = evaluate_system(ModelSystem("shipped", shipped), docs, spun, THESAURI)
    baseline_cells = evaluate_system(BaselineSystem(), docs, spun, THESAURI)
    recall = {t: candidate_recall(shipped, [s for k in docs for r in RATES for s in spun[(k, t, r)]]) for t in THESAURI}
    web = web_false_alarms(data_dir, [ModelSystem("shipped", shipped), BaselineSystem()])
    log.info("all systems done (%.0f s)", time.time() - started)

    def mean(cells: dict, kind: str, field: str) -> float:
        return float(np.mean([getattr(c, field) for (t, r, k), c in cells.items() if k == kind]))

    headline = {
        "article_auc": mean(cross, "article", "auc"),
        "paragraph_auc": mean(cross, "paragraph", "auc"),
        "span_f1": float(np.mean([mean(cross, k, "span_f1") for k in docs])),
        "restore_at_1": float(np.mean([mean(cross, k, "restore_at_1") for k in docs])),
        "false_flags_per_1000": float(np.mean([mean(cross, k, "false_flags_per_1000") for k in docs])),
    }
    baseline_headline = {
        "article_auc": mean(baseline_cells, "article", "auc"),
        "paragraph_auc": mean(baseline_cells, "paragraph", "auc"),
        "span_f1": float(np.mean([mean(baseline_cells, k, "span_f1") for k in docs])),
        "restore_at_1": 0.0,
        "false_flags_per_1000": float(np.mean([mean(baseline_cells, k, "false_flags_per_1000") for k in docs])),
    }
    n_words = {k: sum(_words(t) for _, t in v) for k, v in docs.items()}
    lines = [
        "# Evaluation",
        "",
        (
            f"Generated by `python -m spindetect.evaluate --per-source {per_source}` on model `{model_path.name}`; "
            "do not edit by hand."
        ),
        "",
        (
            "Development split (no training step reads it): Wikipedia file AC, Reuters-21578 and BBC News, "
            f"{per_source} documents of each kind per source: {len(docs['article'])} articles ({n_words['article']:,} words) "
            f"and {len(docs['paragraph'])} paragraphs ({n_words['paragraph']:,} words). Each document is scored clean "
            "and spun by `spindetect.spin` with each thesaurus at each rate."
        ),
        "",
        "## Headline: cross-thesaurus (scorer fitted on one thesaurus, tested on the other), mean over rates",
        "",
        "| figure | spindetect | baseline | target |",
        "|---|---|---|---|",
        f"| article ROC AUC | {_fmt(headline['article_auc'])} | {_fmt(baseline_headline['article_auc'])} | >= 0.98 |",
        f"| paragraph ROC AUC | {_fmt(headline['paragraph_auc'])} | {_fmt(baseline_headline['paragraph_auc'])} | >= 0.93 |",
        f"| span F1 | {_fmt(headline['span_f1'])} | {_fmt(baseline_headline['span_f1'])} | >= 0.65 |",
        f"| restore@1 (of found swaps) | {_fmt(headline['restore_at_1'])} | 0 (no suggestions) | >= 0.5 |",
        (
            f"| false flags per 1,000 clean words | {_fmt(headline['false_flags_per_1000'], 2)} | "
            f"{_fmt(baseline_headline['false_flags_per_1000'], 2)} | <= 3 |"
        ),
        "",
        (
            f"Candidate recall (the original is among the lexicon's candidates for the written span): "
            f"Moby-spun {recall['moby']:.3f}, WordNet-spun {recall['wordnet']:.3f}. Restore@1 cannot exceed it."
        ),
        "",
        (
            "Span matching: a flagged span counts as right when it overlaps a gold swap. The baseline's document F1 "
            "uses its best threshold on the test data itself, which flatters it."
        ),
        "",
        (
            f"Clean informal web text (UD English Web Treebank dev split: {web['documents']} reviews, e-mails, blog and "
            f"forum posts, {web['words']:,} words; no training step reads it): the shipped model makes "
            f"{web['shipped']:.2f} false flags per 1,000 words and calls {web['shipped_spun']} of the documents spun; "
            f"the baseline makes {web['baseline']:.2f} per 1,000 words."
        ),
        "",
        "## Detail",
        "",
    ]
    for kind, title in (("article", "Articles (200+ words)"), ("paragraph", "Paragraphs (60-180 words)")):
        rows = []
        for (t, r, k), c in sorted(cross.items()):
            if k == kind:
                other = "wordnet" if t == "moby" else "moby"
                rows.append((f"cross: fitted on {other}, tested on {t} {int(r * 100)}%", c))
        for (t, r, k), c in sorted(shipped_cells.items()):
            if k == kind:
                rows.append((f"shipped (fitted on both): {t} {int(r * 100)}%", c))
        for (t, r, k), c in sorted(baseline_cells.items()):
            if k == kind:
                rows.append((f"baseline: {t} {int(r * 100)}%", c))
        lines += _table(title, rows)
    lines.append(f"Run time: {time.time() - started:.0f} s.")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    update_model_card(out, out.parent / "model-card.md")
    manifest_path = model_path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["dev_metrics"] = {k: round(v, 4) for k, v in headline.items()}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return headline


CARD_START, CARD_END = "<!-- evaluation:start -->", "<!-- evaluation:end -->"


def update_model_card(evaluation: Path, card: Path) -> None:
    """Copy the headline table of the evaluation report into the model card, between its markers."""
    if not card.exists():
        return
    report = evaluation.read_text(encoding="utf-8")
    start = report.index("## Headline")
    end = report.index("## Detail")
    block = report[start:end].replace("## Headline", "### Headline", 1).strip()
    text = card.read_text(encoding="utf-8")
    if CARD_START in text and CARD_END in text:
        head, rest = text.split(CARD_START, 1)
        _, tail = rest.split(CARD_END, 1)
        card.write_text(f"{head}{CARD_START}\n{block}\n{CARD_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spindetect evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--model", type=Path, default=None, help=f"model folder (default: the shipped {DEFAULT_MODEL})")
    parser.add_argument("--out", type=Path, default=Path("docs") / "evaluation.md")
    parser.add_argument("--per-source", type=int, default=100, help="documents of each kind per dev corpus")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    headline = run(
        args.data or default_data_dir(), args.model or default_model_path(), args.out, args.per_source, args.seed
    )
    print(json.dumps(headline, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
