"""Speed and memory of spindetect, as ratios measured in one run.

    python benchmarks/speed.py [--data ../shared/data] [--docs 600]

Prints a Markdown table:

* throughput of spaCy's tokenizer alone (``spacy.blank("en")``, paragraph-sized
  pieces) and of ``spindetect.score_many`` on the same news articles (BBC News),
  and their ratio: absolute times on shared machines are noisy, the ratio is not;
* import + model load time, and peak RSS after scoring, each measured in a fresh
  subprocess so that nothing is cached.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def news_articles(data_dir: Path, n: int) -> list[str]:
    path = data_dir / "bbc-news" / "bbc-news-1808-no-politics.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["body"] for line, _ in zip(handle, range(n))]


def tokenizer_throughput(texts: list[str]) -> tuple[float, int]:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    pieces = [p for t in texts for p in t.split("\n") if p.strip()]
    for _ in tokenizer.pipe(pieces[:200]):  # warm the tokenizer's cache like a long-running job
        pass
    started = time.perf_counter()
    n_tokens = sum(len(doc) for doc in tokenizer.pipe(pieces, batch_size=256))
    return n_tokens / (time.perf_counter() - started), n_tokens


def spindetect_throughput(texts: list[str], n_tokens: int) -> float:
    import spindetect

    spindetect.preload()
    list(spindetect.score_many(texts[:20]))  # warm-up
    started = time.perf_counter()
    for _ in spindetect.score_many(texts, batch_size=64):
        pass
    return n_tokens / (time.perf_counter() - started)


_LOAD_PROBE = """
import time, resource, sys
sys.path.insert(0, {root!r})
started = time.perf_counter()
import spindetect
spindetect.preload()
loaded = time.perf_counter() - started
import json
texts = json.load(open({texts_path!r}, encoding="utf-8"))
for _ in spindetect.score_many(texts):
    pass
print(loaded, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def load_time_and_rss(texts: list[str]) -> tuple[float, float]:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(texts, handle)
    code = _LOAD_PROBE.format(root=str(ROOT), texts_path=handle.name)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    Path(handle.name).unlink()
    loaded, rss = out.stdout.split()
    return float(loaded), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--docs", type=int, default=600)
    args = parser.parse_args()
    texts = news_articles(args.data, args.docs)
    n_words = sum(len(t.split()) for t in texts)
    tok_rate, n_tokens = tokenizer_throughput(texts)
    spin_rate = spindetect_throughput(texts, n_tokens)
    loaded, rss = load_time_and_rss(texts[:200])
    print(f"{len(texts)} BBC News articles, {n_words:,} words, {n_tokens:,} tokens\n")
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| spaCy tokenizer alone | {tok_rate:,.0f} tokens/s | |")
    print(f"| spindetect.score_many | {spin_rate:,.0f} tokens/s | |")
    print(f"| ratio spindetect / tokenizer | {spin_rate / tok_rate:.2f} | >= 0.25 |")
    print(f"| import + model load | {loaded:.2f} s | <= 3 s |")
    print(f"| peak RSS after scoring 200 articles | {rss:.0f} MB | <= 600 MB |")


if __name__ == "__main__":
    main()
