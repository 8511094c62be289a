"""Time and memory of scoring very long documents: is working memory bounded?

    python benchmarks/long_text.py [--sizes 1,2,5,10,30] [--force]
    python benchmarks/long_text.py --stages 10     # peak RSS growth of each scoring stage alone, 10M chars
    python benchmarks/long_text.py --profile 2     # where the memory goes, for a 2 MB text (tracemalloc)

Each size runs in a fresh subprocess that loads the model, scores a short text
(warm-up), builds one document of that many million characters (varied
generated English paragraphs, some CRLF line ends, and every ~700 KB one line
of 100,000-300,000 characters without a line break), and scores it with
``spindetect.score``. Reported per size: time, throughput, resident memory
before scoring, the peak during scoring (Linux VmHWM, reset just before the
call through ``/proc/self/clear_refs``) and the growth, i.e. peak minus
resident before scoring. The input string itself is already resident before
scoring and is not part of the growth.

Bounded memory means the growth levels off as the input grows, apart from what
the result needs (the swaps) and a few bytes per word. Growth proportional to the
input means the document is held in memory all at once somewhere.

Safety: before each size the growth is extrapolated from the sizes already
measured, and a size whose projected peak exceeds 70% of MemAvailable is skipped
(``--force`` runs it anyway); each child also caps its address space with
RLIMIT_AS, so that running out of memory is a MemoryError in the child, not the
kernel's OOM killer picking a process on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1_000_000  # sizes are in millions of characters (the generated text is ASCII: also bytes)

# -- the document ----------------------------------------------------------------------

_SUBJECTS = [
    "the council",
    "the museum",
    "our neighbours",
    "the new director",
    "a spokesman for the company",
    "the farmers in the valley",
    "the research team",
    "most visitors",
    "the local school",
    "the regional government",
    "her grandfather",
    "the train operator",
    "several growers",
    "the committee",
    "a group of volunteers",
    "the hospital",
    "the older residents",
    "the football club",
]
_VERBS = [
    "announced",
    "expected",
    "reopened",
    "replaced",
    "covered",
    "thanked",
    "raised",
    "followed",
    "reported",
    "decided to close",
    "has promised",
    "will review",
    "could not explain",
    "agreed to fund",
    "refused to discuss",
    "has already sold",
    "said it would extend",
    "is planning to repair",
]
_OBJECTS = [
    "the east wing",
    "the opening hours",
    "part of the herd",
    "the old carriages",
    "the cost of the repairs",
    "the budget for next year",
    "the painted ceiling",
    "the bridge over the river",
    "the reading club for children",
    "the winter timetable",
    "the results of the study",
    "the new car park",
    "the roof of the chapel",
    "the summer festival",
    "the price of bread",
    "the heating in the library",
]
_TAILS = [
    "on Saturday",
    "after a long delay",
    "before the end of the year",
    "despite the cold weather",
    "in a statement on Monday",
    "because of the rising costs",
    "for the first time in a decade",
    "without further notice",
    "at the request of parents",
    "during the holidays",
    "as the local newspaper reported",
    "after the storm in March",
    "with the help of a small grant",
    "in spite of strong objections",
]
_OPENERS = [
    "",
    "",
    "",
    "However, ",
    "Meanwhile, ",
    "In the end, ",
    "Last week, ",
    "According to officials, ",
    "Still, ",
]


def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(_OPENERS)}{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
    s += f"{rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."
    return s[0].upper() + s[1:]


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 8)))


def build_text(n_chars: int, seed: int = 0) -> str:
    """About ``n_chars`` of varied English: paragraphs, some CRLF, and a long line every ~700 KB."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    next_long = 350_000
    while size < n_chars:
        if size >= next_long:
            target = rng.randint(100_000, 300_000)
            line: list[str] = []
            length = 0
            while length < target:
                p = _paragraph(rng)
                line.append(p)
                length += len(p) + 1
            part = " ".join(line) + "\n\n"
            next_long += 700_000
        else:
            part = _paragraph(rng) + ("\r\n\r\n" if rng.random() < 0.2 else "\n\n")
        parts.append(part)
        size += len(part)
    return "".join(parts)[:n_chars]


# -- measuring (in the child) ----------------------------------------------------------


def _status(field: str) -> int:
    """A /proc/self/status field in bytes (VmRSS, VmHWM, VmSize)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def _mem_available() -> int:
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def child(size_mb: float, limit_bytes: int) -> dict:
    if limit_bytes:
        cap = _status("VmSize") + limit_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    import spindetect

    spindetect.preload()
    spindetect.score(_paragraph(random.Random(1)) * 3)
    text = build_text(int(size_mb * MB))
    rss_before = _status("VmRSS")
    exact_peak = _reset_peak()
    started = time.perf_counter()
    try:
        result = spindetect.score(text)
    except MemoryError:
        return {"size_mb": size_mb, "error": f"MemoryError (address space capped at +{limit_bytes / 1e9:.1f} GB)"}
    seconds = time.perf_counter() - started
    peak = _status("VmHWM") if exact_peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "size_mb": size_mb,
        "chars": len(text),
        "lines": text.count("\n"),
        "longest_line": max(map(len, text.split("\n"))),
        "seconds": seconds,
        "rss_before": rss_before,
        "peak": peak,
        "exact_peak": exact_peak,
        "n_words": result.n_words,
        "probability": result.probability,
        "reason": result.reason,
        "swaps": len(result.swaps),
        "offsets_ok": all(text[s.start : s.end] == s.text for s in result.swaps),
    }


def profile(size_mb: float) -> None:
    """Peak traced memory of each scoring stage for one document (tracemalloc; slow)."""
    import tracemalloc

    import spindetect
    from spindetect import api, features, model

    spindetect.preload()
    spindetect.score(_paragraph(random.Random(1)) * 3)
    text = build_text(int(size_mb * MB))
    stages: dict[str, list[float]] = {}

    def wrap(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def traced(*args, **kwargs):
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            out = inner(*args, **kwargs)
            _, peak = tracemalloc.get_traced_memory()
            stages.setdefault(label, []).append((peak - before) / 1e6)
            return out

        setattr(owner, name, traced)

    wrap(api, "normalize", "normalize")
    wrap(api, "judge_text", "judge_text")
    if hasattr(api, "_prose_only"):
        wrap(api, "_prose_only", "api._prose_only (blank out non-prose)")
    wrap(features.FeatureExtractor, "extract", "FeatureExtractor.extract (per call)")
    wrap(features.FeatureExtractor, "_coherence", "FeatureExtractor._coherence (per call)")
    if hasattr(model, "document_features"):
        wrap(model, "document_features", "document_features (document probability)")
    wrap(model.Model, "score_batch", "Model.score_batch (whole document)")
    tracemalloc.start()
    spindetect.score(text)
    _, total = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"tracemalloc, one {size_mb:g}M-character document ({len(text):,} chars), peak above the start of each stage:"
    )
    print()
    print("| stage | calls | largest peak (MB) | peak per M chars of input (MB) |")
    print("|---|---:|---:|---:|")
    for label, peaks in stages.items():
        print(f"| {label} | {len(peaks)} | {max(peaks):.0f} | {max(peaks) / size_mb:.0f} |")
    print(f"| whole `score()` | 1 | {total / 1e6:.0f} | {total / 1e6 / size_mb:.0f} |")


def stages(sizes: list[float]) -> None:
    """Peak RSS growth of each stage of ``score()`` run alone on the same document, at several sizes.

    Stages that grow with the input show up as a growth per M chars that stays
    constant across sizes; bounded ones as a growth per M chars that falls.
    """
    import spindetect
    from spindetect import api
    from spindetect.language import judge_text
    from spindetect.normalize import normalize

    spindetect.preload()
    spindetect.score(_paragraph(random.Random(1)) * 3)
    model = api._default_detector().model
    steps = [
        ("normalize", lambda t: normalize(t)),
        ("judge_text", lambda t: judge_text(t)),
        ("api._prose_only (blank out non-prose)", getattr(api, "_prose_only", None)),
        ("Model.score_batch (tokens, features, scores, swaps)", lambda t: model.score_batch([t])),
        ("whole score()", spindetect.score),
    ]
    print("`python benchmarks/long_text.py --stages " + ",".join(f"{s:g}" for s in sizes) + "` (RSS, one process)")
    print()
    print("| stage | " + " | ".join(f"{s:g}M chars: growth (per M chars)" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    table: dict[str, list[str]] = {}
    for size in sizes:
        text = build_text(int(size * MB))
        for label, step in steps:
            if step is None:
                continue
            before = _status("VmRSS")
            _reset_peak()
            out = step(text)
            growth = _status("VmHWM") - before
            del out
            table.setdefault(label, []).append(f"{growth / 1e6:.0f} MB ({growth / 1e6 / size:.1f})")
        del text
    for label, cells in table.items():
        print(f"| {label} | " + " | ".join(cells) + " |")


# -- driving (in the parent) -----------------------------------------------------------


def run_child(size_mb: float, limit_bytes: int) -> dict:
    cmd = [sys.executable, __file__, "--child", str(size_mb), "--limit", str(limit_bytes)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"size_mb": size_mb, "error": f"exit status {proc.returncode}: {tail[0]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,5,10,30", help="document sizes in millions of characters")
    parser.add_argument("--force", action="store_true", help="run sizes even when their projected memory is too high")
    parser.add_argument("--profile", type=float, metavar="MB", help="trace memory per stage for one size, then exit")
    parser.add_argument("--stages", metavar="MB,MB", help="RSS growth of each stage alone at these sizes, then exit")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.limit)))
        return 0
    if args.stages:
        stages([float(s) for s in args.stages.split(",")])
        return 0
    if args.profile is not None:
        profile(args.profile)
        return 0

    sizes = [float(s) for s in args.sizes.split(",")]
    rows: list[dict] = []
    for size in sizes:
        available = _mem_available()
        measured = [r for r in rows if "error" not in r and "skipped" not in r]
        if measured and not args.force:
            per_mb = max((r["peak"] - r["rss_before"]) / r["size_mb"] for r in measured)
            # If growth is proportional to size, this is the peak to expect; plus the text itself.
            projected = measured[-1]["rss_before"] + size * (per_mb + MB)
            if projected > 0.7 * available:
                rows.append({"size_mb": size, "skipped": f"projected peak {projected / 1e9:.1f} GB > 70% of "
                             f"MemAvailable {available / 1e9:.1f} GB (linear extrapolation; --force runs it)"})  # fmt: skip
                continue
        rows.append(run_child(size, int(0.8 * available)))

    print("`python benchmarks/long_text.py --sizes " + args.sizes + "` (each size in a fresh process)")
    print()
    print("| size | longest line | time | throughput | words | RSS before | peak RSS | growth | growth / M chars "
          "| probability | swaps | offsets |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        label = f"{r['size_mb']:g}M chars"
        if "skipped" in r or "error" in r:
            print(f"| {label} | {r.get('skipped') or r.get('error')} |" + " |" * 10)
            continue
        growth = r["peak"] - r["rss_before"]
        p = "None" if r["probability"] is None else f"{r['probability']:.2f}"
        print(
            f"| {label} | {r['longest_line']:,} | {r['seconds']:.1f} s | {r['chars'] / r['seconds'] / 1e6:.2f} M chars/s"
            f" | {r['n_words']:,} | {r['rss_before'] / 1e6:.0f} MB | {r['peak'] / 1e6:.0f} MB | {growth / 1e6:.0f} MB"
            f" | {growth / 1e6 / r['size_mb']:.0f} MB | {p} | {r['swaps']} | {'ok' if r['offsets_ok'] else 'WRONG'} |"
        )
    if not all(r.get("exact_peak", True) for r in rows):
        print("\n(peak from ru_maxrss: /proc/self/clear_refs was not writable, so text building may be included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
