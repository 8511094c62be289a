"""Fuzz spindetect with generated junk and check the invariants of every result.

    python benchmarks/fuzz.py [--inputs 10000] [--seed 0] [--batch-size 64]
    python benchmarks/fuzz.py --seed 0 --only 4711        # re-run one input (a repro)

Input ``i`` of a run is generated from ``random.Random(f"{seed}:{i}")`` alone, so
any failure is reproduced by its seed and index. Inputs are 0 to 5,000
characters long and mix: code points from every plane (including lone
surrogates, C0/C1 controls, private use and unassigned ones), English words and
sentences, punctuation, whitespace variants (CRLF, tabs, odd spaces, line
separators), very long words, repeated characters, HTML, numbers, homoglyphs,
invisible characters, combining marks, emoji and right-to-left text.

Everything goes through ``spindetect.score_many`` in batches of 64; every 20th
input is also scored alone with ``spindetect.score`` and must give the same
result. Checked for every input: no exception; ``probability`` is None (with a
known ``reason`` and no swaps) or within [0, 1] (with no reason);
``0 <= start < end <= len(text)`` and ``text[start:end] == swap.text`` for every
swap; swaps sorted, and spans of one kind never overlap.

Prints a Markdown summary (inputs, abstentions by reason, time per input,
failures with a repro) and exits with status 1 on any failure.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_CHARS = 5000
SINGLE_CHECK_EVERY = 20
REASONS = {"empty", "too short", "not English", "not prose"}
KINDS = {"swap", "homoglyph", "invisible"}

# -- ingredients -----------------------------------------------------------------------

WORDS = """
the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you
were her she there been one all we their has would when if so no will more can who what about time people year
said new first could also after them two other some these than into only other over government city council
market company report police school children water family season music river morning evening village station
museum library harvest winter summer doctor patient bridge hospital weather train committee budget director
restoration scaffolding ceiling volunteers concert farmers valley timetable university research vocabulary
quietly suddenly carefully nevertheless although however because meanwhile whereas therefore
reopened announced expected replaced covered thanked raised followed reported decided opened closed waited
""".split()  # noqa: SIM905 - a block of words reads and edits better than quoted strings
SENTENCES = [
    "The museum reopened its east wing on Saturday after a two-year restoration.",
    "Visitors queued from early morning to see the painted ceiling.",
    "Farmers in the valley expect a smaller harvest after a dry spring.",
    "The new timetable comes into force in December, the operator said.",
    "Researchers followed almost three thousand pupils for several years.",
    "Council officials said the bridge would remain closed until the inspection was finished.",
    "She thanked the local families who had raised money through bake sales and concerts.",
    "Prices for wheat and barley rose sharply in the local market last week.",
]
PUNCTUATION = list(".,;:!?-\u2013\u2014\"'()[]{}\u2026\u00ab\u00bb\u201c\u201d\u2018\u2019/\\|@#$%^&*_=+~`<>")
WHITESPACE = [" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\u00a0", "\u2009", "\u200a", "\u3000", "\u2028", "\u2029",
              "\x0b", "\x0c", "\x85", "\u1680", "\u202f"]  # fmt: skip
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u202e", "\u202c", "\u2066",
             "\u2069", "\U000e0041", "\u180e", "\u3164"]  # fmt: skip
HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445",
              "y": "\u0443", "i": "\u0456", "s": "\u0455", "A": "\u0391", "B": "\u0392", "O": "\u039f"}  # fmt: skip
COMBINING = [chr(cp) for cp in range(0x0300, 0x0370)]
EMOJI = ["\U0001f600", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1ec\U0001f1e7",
         "\u2764\ufe0f", "\U0001f9d1\u200d\U0001f4bb", "#\ufe0f\u20e3"]  # fmt: skip
RTL = ["שלום עולם", "مرحبا بالعالم", "\u05d0\u05d1\u05d2", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u202bRTL\u202c",
       "\u200fmark\u200e"]  # fmt: skip
OTHER_SCRIPTS = ["今日は良い天気です。", "Привет, как дела?", "Γειά σου κόσμε", "नमस्ते दुनिया", "안녕하세요", "ภาษาไทย"]
HTML = ["<div class=\"post\">", "</div>", "<p>", "</p>", "<br/>", "&amp;", "&nbsp;", "&#x200B;", "<!-- note -->",
        "<script>var x = 1;</script>", "<a href=\"https://example.com/a?b=c&d=e\">link</a>", "<img src=x onerror=y>",
        "<table><tr><td>1</td><td>2</td></tr></table>", "]]>", "<![CDATA["]  # fmt: skip
CODE = ["def f(x):\n    return x * 2\n", "for (i = 0; i < n; i++) { sum += a[i]; }", "SELECT * FROM t WHERE id = 1;",
        "```\ncode\n```", "{\"key\": [1, 2, 3]}", "x = y if z else w", "#include <stdio.h>"]  # fmt: skip


def _code_point(rng: random.Random) -> str:
    """One code point: mostly BMP, sometimes astral, surrogate or control."""
    r = rng.random()
    if r < 0.45:
        return chr(rng.randint(0, 0xFFFF))
    if r < 0.65:
        return chr(rng.randint(0x10000, 0x10FFFF))
    if r < 0.75:
        return chr(rng.randint(0xD800, 0xDFFF))  # lone surrogate
    if r < 0.85:
        return chr(rng.choice([*range(0x20), *range(0x7F, 0xA0)]))
    return chr(rng.randint(0x20, 0x2FF))


def _word(rng: random.Random) -> str:
    word = rng.choice(WORDS)
    r = rng.random()
    if r < 0.1:
        word = word.capitalize()
    elif r < 0.13:
        word = word.upper()
    elif r < 0.2:  # disguise a letter
        i = rng.randrange(len(word))
        word = word[:i] + HOMOGLYPHS.get(word[i], word[i]) + word[i + 1 :]
    elif r < 0.26:  # hide something inside the word
        i = rng.randrange(len(word) + 1)
        word = word[:i] + rng.choice(INVISIBLE + ["\u2009", "\u200a", "\u00a0"]) + word[i:]
    elif r < 0.3:
        i = rng.randrange(len(word) + 1)
        word = word[:i] + rng.choice(COMBINING) + word[i:]
    return word


def _english(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(SENTENCES)
    words = [_word(rng) for _ in range(rng.randint(3, 25))]
    return " ".join(words).capitalize() + rng.choice([".", "!", "?", ",", ""])


def _number(rng: random.Random) -> str:
    return rng.choice(
        [
            str(rng.randint(-(10**9), 10**9)),
            f"{rng.random() * 1e6:,.2f}",
            "3.14e-10",
            "0x1F",
            f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1900, 2100)}",
            "100%",
        ]
    )


CHUNKS: list[tuple[float, Callable[[random.Random], str]]] = [
    (0.30, _english),
    (0.12, lambda r: "".join(_code_point(r) for _ in range(r.randint(1, 40)))),
    (0.10, lambda r: r.choice(WHITESPACE)),
    (0.08, lambda r: r.choice(PUNCTUATION) * r.choice([1, 1, 1, 2, 3, 50])),
    (0.05, lambda r: "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(50, 3000)))),
    (0.04, lambda r: r.choice("aZ.!-_=*\u00e9\u4e00\U0001f600 ") * r.randint(10, 2000)),
    (0.07, lambda r: r.choice(HTML)),
    (0.05, lambda r: r.choice(CODE)),
    (0.06, _number),
    (0.04, lambda r: r.choice(EMOJI) * r.randint(1, 3)),
    (0.03, lambda r: r.choice(RTL)),
    (0.03, lambda r: r.choice(OTHER_SCRIPTS)),
    (0.03, lambda r: r.choice(INVISIBLE) * r.randint(1, 5)),
]
_CHUNK_WEIGHTS = [w for w, _ in CHUNKS]
_CHUNK_MAKERS = [f for _, f in CHUNKS]


def make_input(seed: int | str, i: int) -> str:
    """Input ``i`` of the run with ``seed``: 0 to 5,000 characters, depending only on (seed, i)."""
    rng = random.Random(f"{seed}:{i}")
    mode = rng.random()
    if mode < 0.03:
        return rng.choice(["", " ", "\n", "\r\n", "\t", "\u200b", "\ufeff", "\x00", "\ud800"])
    # Lengths spread over orders of magnitude: many short texts, some near the limit.
    target = min(MAX_CHARS, int(10 ** rng.uniform(0, 3.7)))
    if mode < 0.08:  # one long line, no line breaks
        text = " ".join(_english(rng) for _ in range(target // 40 + 1))
        return text.replace("\n", " ")[:target]
    if mode < 0.12:  # pure random code points
        return "".join(_code_point(rng) for _ in range(target))
    if mode < 0.40:  # mostly English prose with noise: long enough to be scored
        target = max(target, rng.randint(200, MAX_CHARS))
        parts = []
        size = 0
        while size < target:
            part = _english(rng) if rng.random() < 0.85 else rng.choices(_CHUNK_MAKERS, _CHUNK_WEIGHTS)[0](rng)
            sep = rng.choice([" ", " ", " ", "\n", "\r\n", "\n\n", "\t"])
            parts.append(part + sep)
            size += len(part) + len(sep)
        return "".join(parts)[:target]
    parts = []
    size = 0
    while size < target:
        part = rng.choices(_CHUNK_MAKERS, _CHUNK_WEIGHTS)[0](rng)
        parts.append(part)
        size += len(part)
    return "".join(parts)[:target]


# -- checking --------------------------------------------------------------------------


def violations(text: str, result) -> list[str]:
    """Every broken invariant of ``result`` for ``text`` (empty when all hold)."""
    out: list[str] = []
    if result.text != text:
        out.append("result.text is not the input")
    p = result.probability
    if p is None:
        if result.reason not in REASONS:
            out.append(f"abstained with unknown reason {result.reason!r}")
        if result.swaps:
            out.append("abstained but reported swaps")
        if result.is_spun:
            out.append("abstained but is_spun")
    else:
        if not (isinstance(p, float) and 0.0 <= p <= 1.0):
            out.append(f"probability {p!r} outside [0, 1]")
        if result.reason is not None:
            out.append(f"scored but reason={result.reason!r}")
        elif result.is_spun != (p >= result.threshold):
            out.append("is_spun disagrees with probability and threshold")
    n = len(text)
    for s in result.swaps:
        if s.kind not in KINDS:
            out.append(f"unknown kind {s.kind!r}")
        if not (0 <= s.start < s.end <= n):
            out.append(f"span {s.start}:{s.end} outside 0:{n}")
        elif text[s.start : s.end] != s.text:
            out.append(f"text[{s.start}:{s.end}] = {text[s.start : s.end]!r} != swap.text {s.text!r}")
        if not 0.0 <= s.score <= 1.0:
            out.append(f"swap score {s.score!r} outside [0, 1]")
    keys = [(s.start, s.end) for s in result.swaps]
    if keys != sorted(keys):
        out.append("swaps not sorted")
    for kind in KINDS:
        same = [s for s in result.swaps if s.kind == kind]
        out += [f"{kind} spans overlap: {a!r} {b!r}" for a, b in pairwise(same) if a.end > b.start]
    return out


@dataclass
class Failure:
    index: int
    problem: str
    text: str


@dataclass
class FuzzReport:
    seed: int | str
    inputs: int = 0
    chars: int = 0
    scored: int = 0
    reasons: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    single_checked: int = 0
    seconds: float = 0.0
    max_batch_seconds: float = 0.0
    max_batch_size: int = 0
    slowest_input: tuple[float, int, int] | None = None  # (seconds, index, length)
    failures: list[Failure] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [
            f"Fuzz run: `python benchmarks/fuzz.py --inputs {self.inputs} --seed {self.seed}`",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| inputs | {self.inputs:,} |",
            f"| characters | {self.chars:,} |",
            f"| scored | {self.scored:,} |",
        ]
        for reason, count in sorted(self.reasons.items()):
            lines.append(f'| abstained: "{reason}" | {count:,} |')
        for kind, count in sorted(self.kinds.items()):
            lines.append(f"| reported spans of kind `{kind}` | {count:,} |")
        lines += [
            f"| also scored alone with `score()` (same result required) | {self.single_checked:,} |",
            f"| total time | {self.seconds:.1f} s |",
            f"| mean time per input (batches of {self.max_batch_size}) | {1000 * self.seconds / max(self.inputs, 1):.1f} ms |",
            f"| slowest batch | {self.max_batch_seconds:.2f} s |",
        ]
        if self.slowest_input:
            sec, index, length = self.slowest_input
            lines.append(
                f"| slowest input of that batch, alone | {1000 * sec:.0f} ms (input {index}, {length:,} chars) |"
            )
        lines += ["", f"**Failures: {len(self.failures)}**"]
        for f in self.failures[:20]:
            lines.append(
                f"- input {f.index}: {f.problem}; repro: `python benchmarks/fuzz.py --seed {self.seed} --only {f.index}`"
                f" (text starts {f.text[:80]!r}, {len(f.text)} chars)"
            )
        if len(self.failures) > 20:
            lines.append(f"- ... and {len(self.failures) - 20} more")
        return "\n".join(lines)


def _check_batch(report: FuzzReport, start: int, texts: Sequence[str], batch_size: int) -> None:
    import spindetect

    started = time.perf_counter()
    try:
        results = list(spindetect.score_many(texts, batch_size=batch_size))
    except Exception as err:  # noqa: BLE001 - a fuzzer reports every exception
        results = None
        batch_error = f"score_many raised {type(err).__name__}: {err}"
    elapsed = time.perf_counter() - started
    report.seconds += elapsed
    slowest_batch = elapsed > report.max_batch_seconds
    report.max_batch_seconds = max(report.max_batch_seconds, elapsed)
    if results is None:
        # Find the culprit(s) one by one.
        for k, text in enumerate(texts):
            try:
                spindetect.score(text)
            except Exception as err:  # noqa: BLE001
                report.failures.append(Failure(start + k, f"{type(err).__name__}: {err}", text))
        if not any(start <= f.index < start + len(texts) for f in report.failures):
            report.failures.append(Failure(start, batch_error + " (not when scored alone)", texts[0]))
        return
    for k, (text, result) in enumerate(zip(texts, results, strict=True)):
        index = start + k
        problems = violations(text, result)
        if result.probability is None:
            report.reasons[result.reason] += 1
        else:
            report.scored += 1
        report.kinds.update(s.kind for s in result.swaps)
        if index % SINGLE_CHECK_EVERY == 0:
            report.single_checked += 1
            try:
                alone = spindetect.score(text)
                if alone.to_dict() != result.to_dict():
                    problems.append("score(text) differs from score_many's result")
            except Exception as err:  # noqa: BLE001
                problems.append(f"score() raised {type(err).__name__}: {err}")
        report.failures.extend(Failure(index, p, text) for p in problems)
    if slowest_batch:
        timings = []
        for k, text in enumerate(texts):
            t0 = time.perf_counter()
            spindetect.score(text)
            timings.append((time.perf_counter() - t0, start + k, len(text)))
        report.slowest_input = max(timings)


def run_fuzz(n: int = 10_000, seed: int | str = 0, batch_size: int = 64, only: int | None = None) -> FuzzReport:
    """Generate ``n`` inputs (or just input ``only``), score them and check every invariant."""
    import spindetect

    spindetect.preload()
    report = FuzzReport(seed=seed, max_batch_size=batch_size)
    indices = [only] if only is not None else list(range(n))
    for lo in range(0, len(indices), batch_size):
        chunk = indices[lo : lo + batch_size]
        texts = [make_input(seed, i) for i in chunk]
        report.inputs += len(texts)
        report.chars += sum(map(len, texts))
        _check_batch(report, chunk[0], texts, batch_size)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="how many inputs to generate (default 10000)")
    parser.add_argument("--seed", default="0", help="run seed (default 0)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--only", type=int, help="run input ONLY of the seed alone, and print it")
    args = parser.parse_args(argv)
    seed: int | str = int(args.seed) if args.seed.lstrip("-").isdigit() else args.seed
    if args.only is not None:
        print(f"input {args.only} of seed {seed}: {make_input(seed, args.only)!r}\n")
    report = run_fuzz(args.inputs, seed, args.batch_size, args.only)
    print(report.markdown())
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
