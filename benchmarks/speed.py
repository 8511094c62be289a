"""Speed and memory of spindetect, as ratios measured in one run.

    python benchmarks/speed.py [--data ../shared/data] [--docs 600]

Prints a Markdown table:

* throughput of spaCy's tokenizer alone (``spacy.blank("en")``, paragraph-sized
  pieces) and of ``spindetect.score_many`` on the same news articles (BBC News),
  and their ratio: absolute times on shared machines are noisy, the ratio less
  so. The articles are cut into ``--slices`` parts; each part is tokenized and
  then scored, so that each ratio pairs two passes made moments apart over the
  same text, and the median of those paired ratios is given (on a virtual
  machine a single pass of either swung by a third from run to run);
* import + model load time, each time in a fresh subprocess so that nothing is
  cached in the process; alternating with it, in other fresh processes, what
  importing spaCy and making its blank English tokenizer alone costs (the
  floor: spindetect needs that too). Start-up times on a shared machine swing
  by a second from run to run, so each is measured ``--repeats`` times and the
  medians are given, with the median of the paired ratios;
* peak RSS after scoring, in one more fresh process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def news_articles(data_dir: Path, n: int) -> list[str]:
    path = data_dir / "bbc-news" / "bbc-news-1808-no-politics.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["body"] for line, _ in zip(handle, range(n))]


def throughputs(texts: list[str], slices: int) -> tuple[float, float, float, int]:
    """Tokens per second of the tokenizer alone and of spindetect, the median paired ratio, and the token count."""
    import spacy

    import spindetect

    tokenizer = spacy.blank("en").tokenizer
    spindetect.preload()
    # Warm both like a long-running job: the tokenizer's cache, spindetect's memo.
    for _ in tokenizer.pipe([p for t in texts[:20] for p in t.split("\n") if p.strip()]):
        pass
    list(spindetect.score_many(texts[:20]))
    tok_seconds = spin_seconds = 0.0
    n_tokens = 0
    ratios = []
    size = -(-len(texts) // slices)
    for lo in range(0, len(texts), size):
        part = texts[lo : lo + size]
        pieces = [p for t in part for p in t.split("\n") if p.strip()]
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in tokenizer.pipe(pieces, batch_size=256))
        tok = time.perf_counter() - started
        started = time.perf_counter()
        for _ in spindetect.score_many(part, batch_size=64):
            pass
        spin = time.perf_counter() - started
        tok_seconds, spin_seconds, n_tokens = tok_seconds + tok, spin_seconds + spin, n_tokens + tokens
        ratios.append(tok / spin)
    return n_tokens / tok_seconds, n_tokens / spin_seconds, float(np.median(ratios)), n_tokens


_START_PROBE = """
import time, sys
sys.path.insert(0, {root!r})
started = time.perf_counter()
import spindetect
spindetect.preload()
print(time.perf_counter() - started)
"""

_RSS_PROBE = """
import resource, sys
sys.path.insert(0, {root!r})
import spindetect, json
texts = json.load(open({texts_path!r}, encoding="utf-8"))
for _ in spindetect.score_many(texts):
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


_SPACY_PROBE = """
import time
started = time.perf_counter()
import spacy
spacy.blank("en")
print(time.perf_counter() - started)
"""


def _probe(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    return float(out.stdout)


def start_times(repeats: int) -> tuple[float, float, float]:
    """Medians of spindetect's start-up and of the spaCy floor, and of their paired ratios."""
    ours, floor = [], []
    for _ in range(repeats):
        ours.append(_probe(_START_PROBE.format(root=str(ROOT))))
        floor.append(_probe(_SPACY_PROBE))
    ratios = np.array(ours) / np.array(floor)
    return float(np.median(ours)), float(np.median(floor)), float(np.median(ratios))


def peak_rss(texts: list[str]) -> float:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(texts, handle)
    try:
        return _probe(_RSS_PROBE.format(root=str(ROOT), texts_path=handle.name))
    finally:
        Path(handle.name).unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per start-up measure")
    parser.add_argument("--slices", type=int, default=3, help="parts of the articles, each a paired throughput run")
    parser.add_argument("--out", type=Path, default=None, help="also write the table to this Markdown file")
    args = parser.parse_args()
    texts = news_articles(args.data, args.docs)
    n_words = sum(len(t.split()) for t in texts)
    if not 1 <= args.slices <= len(texts):
        parser.error("--slices must be between 1 and the number of documents")
    tok_rate, spin_rate, ratio, n_tokens = throughputs(texts, args.slices)
    loaded, spacy_start, start_ratio = start_times(args.repeats)
    rss = peak_rss(texts[:200])
    lines = [
        f"{len(texts)} BBC News articles, {n_words:,} words, {n_tokens:,} tokens, one process.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| spaCy tokenizer alone | {tok_rate:,.0f} tokens/s | |",
        f"| spindetect.score_many | {spin_rate:,.0f} tokens/s | |",
        f"| ratio spindetect / tokenizer (median of {args.slices} paired runs) | {ratio:.2f} | >= 0.25 |",
        f"| import + model load (fresh process, median of {args.repeats}) | {loaded:.2f} s | <= 3 s |",
        f"| the floor: import spaCy + blank English tokenizer alone (median of {args.repeats}) | {spacy_start:.2f} s | |",
        f"| ratio import + model load / that floor (median of the paired runs) | {start_ratio:.2f} | |",
        f"| peak RSS after scoring 200 articles (fresh process) | {rss:.0f} MB | <= 600 MB |",
    ]
    print("\n".join(lines))
    if args.out:
        header = [
            "# Performance",
            "",
            (
                f"Generated by `python benchmarks/speed.py --docs {args.docs} --slices {args.slices} --out {args.out}`; "
                "do not edit by hand. "
                "Absolute rates vary with the machine's load; the ratio is measured in one run."
            ),
            "",
        ]
        args.out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
