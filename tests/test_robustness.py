"""Whatever people scrape, spindetect keeps working and says what it could not judge.

Covers the input behaviours of the robustness issue end to end, through the
public API (``spindetect.score`` / ``score_many`` / ``Detector``): wrong types,
empty and short text, other languages, code and data, mixed documents, arbitrary
Unicode (property-based), determinism, thread safety, homoglyph and invisible
character tricks, and very long text. The 10,000-input fuzz run lives in
``tests/test_fuzz_slow.py`` (marked slow); normalization and language judgement
have their own unit tests.
"""

from __future__ import annotations

import math
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spindetect
from spindetect import SpinScore
from spindetect.language import MIN_WORDS

WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
KINDS = {"swap", "homoglyph", "invisible"}
REASONS = {"empty", "too short", "not English", "not prose"}

PARAGRAPHS = [
    (
        "The museum reopened its east wing on Saturday after a two-year restoration that cost more than four million "
        "pounds. Visitors queued from early morning to see the painted ceiling, which had been hidden behind scaffolding "
        "since the roof began to leak. The director said the project had been slow because every panel was cleaned by "
        "hand, and she thanked the local families who had raised money through bake sales and concerts."
    ),
    (
        "Farmers in the valley expect a smaller harvest this year after a dry spring and a wet, cold summer. Several "
        "growers have already sold part of their herds to pay for feed, and the regional cooperative has asked the "
        "government for an emergency loan. Prices for wheat and barley rose sharply in the local market last week."
    ),
    (
        "The new train timetable comes into force in December. Services between the two cities will run every half hour "
        "during the day, and the last train will leave after midnight on Fridays and Saturdays. The operator says that "
        "the older carriages will be replaced by the end of next year, which should reduce delays in winter."
    ),
    (
        "Researchers at the university have found that children who read for pleasure at the age of ten do better in "
        "tests of vocabulary and spelling several years later. The study followed almost three thousand pupils and took "
        "account of family income, parental education and the number of books in the home."
    ),
]
ENGLISH = PARAGRAPHS[0]


# --------------------------------------------------------------------------
# The invariants every result must satisfy
# --------------------------------------------------------------------------


def assert_valid(text: str, result: SpinScore) -> None:
    """Offsets index ``text``, spans are ordered, numbers are in range, abstention is explained."""
    assert isinstance(result, SpinScore)
    assert result.text == text
    if result.probability is None:
        assert result.reason in REASONS, result.reason
        assert result.swaps == ()
        assert result.is_spun is False
    else:
        assert result.reason is None
        assert 0.0 <= result.probability <= 1.0
        assert result.is_spun == (result.probability >= result.threshold)
    n = len(text)
    for s in result.swaps:
        assert s.kind in KINDS, s
        assert 0 <= s.start < s.end <= n, s
        assert text[s.start : s.end] == s.text, s
        assert 0.0 <= s.score <= 1.0, s
    keys = [(s.start, s.end) for s in result.swaps]
    assert keys == sorted(keys)
    # Spans of one kind never overlap. A synonym swap and an evasion finding may cover the same
    # word (a disguised swapped word is both), and a word can be both "homoglyph" and "invisible".
    for kind in KINDS:
        same = [s for s in result.swaps if s.kind == kind]
        for a, b in pairwise(same):
            assert a.end <= b.start, (a, b)


def n_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def synonym_swaps(result: SpinScore) -> list[spindetect.Swap]:
    return [s for s in result.swaps if s.kind == "swap"]


# --------------------------------------------------------------------------
# Wrong types
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [b"some bytes", bytearray(b"abc"), memoryview(b"abc")])
def test_bytes_raise_type_error_that_says_how_to_decode(value: object) -> None:
    for call in (spindetect.score, spindetect.is_spun, lambda v: list(spindetect.score_many([v]))):
        with pytest.raises(TypeError, match=r"not bytes.*decode") as info:
            call(value)
        assert "decode('utf-8'" in str(info.value)


@pytest.mark.parametrize("value", [None, 42, 3.5, ["a list", "of strings"], {"text": "x"}])
def test_non_str_raises_type_error_naming_the_type(value: object) -> None:
    with pytest.raises(TypeError, match=rf"str, not {type(value).__name__}.*text") as info:
        spindetect.score(value)  # type: ignore[arg-type]
    assert "pass the document's text" in str(info.value)
    with pytest.raises(TypeError, match="str, not"):
        list(spindetect.score_many([ENGLISH, value]))  # type: ignore[list-item]


# --------------------------------------------------------------------------
# Empty, short, not English, not prose
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\t  \r\n", "\u00a0\u3000\u2009", "\u200b\u200b"])
def test_empty_or_whitespace_abstains(text: str) -> None:
    result = spindetect.score(text)
    assert_valid(text, result)
    assert result.probability is None
    assert result.reason == "empty"
    assert result.swaps == ()


SIMPLE = "The committee will meet again next week to discuss the new budget for the library and the museum"
assert len(SIMPLE.split()) > MIN_WORDS


@pytest.mark.parametrize("k", [1, 3, MIN_WORDS - 1])
def test_shorter_than_min_words_abstains(k: int) -> None:
    text = " ".join(SIMPLE.split()[:k]) + "."
    assert n_words(text) == k < MIN_WORDS
    result = spindetect.score(text)
    assert_valid(text, result)
    assert (result.probability, result.reason, result.swaps) == (None, "too short", ())


def test_min_words_is_enough_to_score() -> None:
    text = " ".join(SIMPLE.split()[:MIN_WORDS]) + "."
    assert n_words(text) == MIN_WORDS
    result = spindetect.score(text)
    assert result.probability is not None
    assert result.reason is None


NON_ENGLISH = {
    "fr": "Le conseil municipal a décidé mardi soir de prolonger les horaires d'ouverture de la bibliothèque "
    "pendant les vacances d'été, afin que les étudiants puissent réviser dans de bonnes conditions avant la "
    "rentrée. Le maire a remercié les bénévoles qui animent le club de lecture pour les enfants.",
    "de": "Wir sind gestern Abend noch spontan ins Kino gegangen, obwohl es schon ziemlich spät war, und haben uns "
    "einen alten Film angesehen, der uns beiden sehr gut gefallen hat. Danach sind wir durch die Altstadt nach Hause "
    "gelaufen und haben unterwegs noch ein Eis gegessen.",
    "ru": "Вчера вечером мы всей семьёй поехали за город, чтобы посмотреть на звёзды. Небо было ясным, и мы долго "
    "лежали на траве, разговаривая о планетах и далёких галактиках, пока не замёрзли и не вернулись домой.",
}


@pytest.mark.parametrize("lang", sorted(NON_ENGLISH))
def test_non_english_paragraph_abstains(lang: str) -> None:
    text = NON_ENGLISH[lang]
    result = spindetect.score(text)
    assert_valid(text, result)
    assert (result.probability, result.reason, result.swaps) == (None, "not English", ())
    assert spindetect.is_spun(text) is False


NOT_PROSE = {
    "python code": '''import csv
from collections import Counter


def top_words(path, limit=10):
    """Count the words in the third column of a CSV file."""
    counts = Counter()
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) < 3:
                continue
            counts.update(word.lower() for word in row[2].split())
    return counts.most_common(limit)


class Report:
    def __init__(self, title, rows):
        self.title = title
        self.rows = list(rows)

    def render(self):
        return "\\n".join(f"{name}: {count}" for name, count in self.rows)
''',
    "csv table": """order_id,customer,product,quantity,unit_price,shipped
10231,Harper Logistics,steel brackets,120,2.35,2024-03-02
10232,Nguyen Bakery,flour sacks,40,18.90,2024-03-02
10233,Okafor & Sons,copper wire,15,44.10,2024-03-04
10234,Lindqvist AB,safety gloves,300,1.25,2024-03-05
10235,Harper Logistics,pallet wrap,60,9.99,2024-03-05
10236,Moreau Design,oak veneer,25,31.00,2024-03-07
10237,Nguyen Bakery,baking paper,80,4.45,2024-03-08
10238,Santos Farm Supply,seed trays,200,0.85,2024-03-08
""",
    "html markup": """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Account settings</title>
  <link rel="stylesheet" href="/static/css/main.css">
</head>
<body class="settings-page">
  <nav id="top"><a href="/">Home</a> | <a href="/account">Account</a> | <a href="/logout">Sign out</a></nav>
  <form method="post" action="/account/settings">
    <label for="email">Email</label> <input type="email" id="email" name="email">
    <label for="tz">Time zone</label> <select id="tz" name="tz"><option>UTC</option></select>
    <button type="submit" class="btn btn-primary">Save</button>
  </form>
  <script src="/static/js/settings.js" defer></script>
</body>
</html>
""",
    "url list": """https://www.example.com/articles/2024/03/city-council-votes-on-library-hours
https://news.example.org/world/europe/harvest-forecast-revised-downward
http://blog.example.net/posts/how-we-cut-our-build-times-in-half?ref=newsletter
https://docs.example.com/en/latest/reference/configuration.html#timeouts
https://shop.example.co.uk/products/oak-veneer-sheet-2mm?variant=1182&utm_source=feed
https://www.example.com/articles/2024/04/new-train-timetable-announced
ftp://files.example.edu/pub/datasets/weather/2023/daily-summaries.csv.gz
https://archive.example.org/web/20230101000000/https://example.com/about
""",
}


@pytest.mark.parametrize("kind", sorted(NOT_PROSE))
def test_code_tables_markup_and_urls_do_not_flood(kind: str) -> None:
    text = NOT_PROSE[kind]
    result = spindetect.score(text)
    assert_valid(text, result)
    if result.probability is None:
        assert result.reason == "not prose"
    else:  # scored anyway: then at most one swap per 100 words
        allowed = math.ceil(n_words(text) / 100)
        assert len(synonym_swaps(result)) <= allowed, result.swaps


PROSE_BEFORE = (
    "Our nightly import job reads orders from the warehouse system and writes a summary for the finance team. "
    "Last week it started failing on some nights, and nobody noticed for three days because the alert went to an "
    "old mailing list. This note explains what happened, how we found the cause and what we changed."
)
PROSE_AFTER = (
    "The fix was small once we understood the problem. The job now retries the request twice before giving up, "
    "and the alert goes to the team channel as well as the mailing list. We also added a test that replays a "
    "partial export, so that the same mistake is caught before it reaches production."
)
NON_PROSE_BLOCKS = {
    "javascript": """```js
const express = require("express");
const app = express();

app.get("/api/orders/:id", async (req, res) => {
  const order = await db.orders.findOne({ id: req.params.id });
  if (!order) {
    return res.status(404).json({ error: "not found" });
  }
  res.json(order);
});
```""",
    "json": """```json
{
  "job": "nightly-import",
  "schedule": "0 2 * * *",
  "source": {"host": "warehouse.internal", "port": 5432, "tables": ["orders", "returns"]},
  "tags": ["finance", "tools", "batch"],
  "limits": {"amount": 250000, "currency": "EUR", "retries": 2}
}
```""",
    "log": """2024-03-04 02:00:01,112 INFO  [main] import.job - starting nightly import (batch 8812)
2024-03-04 02:00:03,540 INFO  [main] import.source - connected to warehouse.internal:5432
2024-03-04 02:14:27,905 WARN  [pool-2-thread-1] import.source - slow query: 812 s for table orders
2024-03-04 02:30:00,001 ERROR [main] import.job - timeout after 1800 s, 41203 of 90412 rows read
2024-03-04 02:30:00,013 INFO  [main] import.alert - sent alert to ops-old@example.com""",
}


@pytest.mark.parametrize("block", sorted(NON_PROSE_BLOCKS))
def test_mixed_document_is_scored_without_flagging_inside_code(block: str) -> None:
    """Prose around a code/data block: the prose is scored, nothing inside the block is flagged."""
    code = NON_PROSE_BLOCKS[block]
    text = f"{PROSE_BEFORE}\n\n{code}\n\n{PROSE_AFTER}\n"
    lo = len(PROSE_BEFORE) + 2
    hi = lo + len(code)
    assert text[lo:hi] == code
    result = spindetect.score(text)
    assert_valid(text, result)
    assert result.probability is not None, "a document that is mostly prose must be scored"
    inside = [s for s in result.swaps if s.start < hi and lo < s.end]
    assert inside == [], f"flagged inside the {block} block: {inside}"


# --------------------------------------------------------------------------
# Arbitrary Unicode (property-based)
# --------------------------------------------------------------------------

SENTENCES = [s.strip() + "." for p in PARAGRAPHS for s in p.split(". ") if s.strip()]
JUNK = [
    "\r\n",
    "\r",
    "\t",
    "\n\n",
    "\u00a0",
    "\u2009",
    "\u3000",
    "\u2028",
    "\u0301",  # combining acute accent
    "e\u0301\u0323",  # stacked combining marks
    "\U0001f600",  # emoji
    "\U0001f44d\U0001f3fd",  # emoji + skin tone
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ family sequence
    "\U0001f1ec\U0001f1e7",  # flag
    "שלום עולם",  # Hebrew (RTL)
    "مرحبا بالعالم",  # Arabic (RTL)
    "\u202ereversed\u202c",  # bidi override
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "p\u0430ypal",  # Cyrillic a
    "\uff50\uff41\uff59",  # fullwidth letters
    "\U0001d429\U0001d41a\U0001d432",  # mathematical bold letters
    "<b>",
    "</p>",
    "&amp;",
    "1,234.56",
    "https://example.com/a?b=c",
    "```",
    "    ",
    "x" * 300,
]

wide_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=400)
english_with_junk = st.lists(
    st.one_of(
        st.sampled_from(SENTENCES),
        st.sampled_from(JUNK),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=8),
    ),
    max_size=40,
).map(" ".join)


@st.composite
def english_with_insertions(draw: st.DrawFn) -> str:
    """Whole English paragraphs with junk inserted anywhere, including inside words."""
    text = draw(st.sampled_from(PARAGRAPHS))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(JUNK)) + text[at:]
    return text


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(wide_text)
def test_arbitrary_unicode_never_breaks_invariants(text: str) -> None:
    assert_valid(text, spindetect.score(text))


@PROPERTY_SETTINGS
@given(st.one_of(english_with_junk, english_with_insertions()))
def test_english_mixed_with_junk_never_breaks_invariants(text: str) -> None:
    assert_valid(text, spindetect.score(text))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(wide_text, english_with_insertions()), min_size=1, max_size=6))
def test_score_many_matches_score(texts: list[str]) -> None:
    batch = list(spindetect.score_many(texts, batch_size=4))
    assert [r.to_dict() for r in batch] == [spindetect.score(t).to_dict() for t in texts]


def test_features_do_not_depend_on_the_rest_of_the_batch() -> None:
    # Found by the fuzzer: float32 running sums of word vectors over the whole
    # batch made a text's topical features (and its probability, in the
    # fourth decimal) depend on the documents scored before it.
    from spindetect.api import _default_detector

    extractor = _default_detector().model.extractor
    text = PARAGRAPHS[0]
    long_before = " ".join(PARAGRAPHS * 40)
    alone = extractor.extract([text])
    after = extractor.extract([long_before, text])
    mine = after.doc == 1
    assert (after.features[mine] == alone.features).all()


# --------------------------------------------------------------------------
# Determinism and thread safety
# --------------------------------------------------------------------------


def _varied_texts() -> list[str]:
    rng = random.Random(7)
    texts = list(PARAGRAPHS)
    for seed, p in enumerate(PARAGRAPHS):
        texts.append(spindetect.spin(p, rate=0.15, seed=seed).text)
    texts += [NON_ENGLISH["fr"], NOT_PROSE["csv table"], "", "too short to judge", "p\u0430ypal " + PARAGRAPHS[1]]
    while len(texts) < 30:
        k = rng.randint(1, 3)
        text = "\n\n".join(rng.sample(PARAGRAPHS, k))
        for _ in range(rng.randint(0, 4)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(JUNK) + text[at:]
        texts.append(text)
    return texts


def test_deterministic() -> None:
    texts = _varied_texts()
    first = [spindetect.score(t).to_dict() for t in texts]
    # Interleave other work so that caches are warm and in a different state.
    list(spindetect.score_many(reversed(texts)))
    assert [spindetect.score(t).to_dict() for t in texts] == first
    # A fresh detector (cold caches, model loaded again) gives the same answers.
    fresh = spindetect.Detector()
    assert [fresh.score(t).to_dict() for t in texts] == first
    assert [r.to_dict() for r in fresh.score_many(texts, batch_size=7)] == first


def test_thread_safe() -> None:
    texts = _varied_texts()
    serial = [spindetect.score(t).to_dict() for t in texts]
    # Not preloaded: the threads also race to load the model lazily.
    detector = spindetect.Detector()
    jobs = [i for _ in range(3) for i in range(len(texts))]
    random.Random(3).shuffle(jobs)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: (i, detector.score(texts[i]).to_dict()), jobs))
    for i, got in results:
        assert got == serial[i], f"text {i} differs when scored from several threads"


# --------------------------------------------------------------------------
# Homoglyphs and invisible characters
# --------------------------------------------------------------------------

CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445", "y": "\u0443"}


def _spun() -> spindetect.SpunText:
    spun = spindetect.spin(ENGLISH, rate=0.2, seed=3)
    assert len(spun.swaps) >= 4
    return spun


def _key(s: spindetect.Swap, shift=lambda p: p) -> tuple:
    return (shift(s.start), shift(s.end), round(s.score, 6), s.suggestions)


def test_homoglyphs_are_reported_and_do_not_hide_swaps() -> None:
    spun = _spun()
    words = [s for s in spun.swaps if s.text.isalpha() and any(ch in CYRILLIC for ch in s.text)][:2]
    assert len(words) == 2
    text = spun.text
    for s in words:
        disguised = "".join(CYRILLIC.get(ch, ch) for ch in s.text)
        assert disguised != s.text and len(disguised) == len(s.text)
        text = text[: s.start] + disguised + text[s.end :]
    assert len(text) == len(spun.text)

    clean = spindetect.score(spun.text)
    result = spindetect.score(text)
    assert_valid(text, result)
    # (a) each disguised word is reported, at its offsets, with the Latin form as the suggestion.
    homoglyphs = [s for s in result.swaps if s.kind == "homoglyph"]
    assert [(h.start, h.end, h.suggestions) for h in homoglyphs] == [(s.start, s.end, (s.text,)) for s in words]
    assert all(h.text != h.suggestions[0] for h in homoglyphs)
    # (b) the synonym swaps are exactly those found on the clean-Latin text.
    assert [_key(s) for s in synonym_swaps(result)] == [_key(s) for s in synonym_swaps(clean)]
    assert result.probability == pytest.approx(clean.probability)
    assert not [s for s in result.swaps if s.kind == "invisible"]


def test_invisible_characters_are_reported_and_offsets_shift_back() -> None:
    spun = _spun()
    words = [s for s in spun.swaps if s.text.isalpha() and len(s.text) >= 4][:2]
    assert len(words) == 2
    inserts = sorted(s.start + len(s.text) // 2 for s in words)  # positions in the clean text
    text = spun.text
    for at, ch in zip(reversed(inserts), ("\u200d", "\u200b")):
        text = text[:at] + ch + text[at:]
    assert len(text) == len(spun.text) + 2

    def shift(p: int) -> int:  # a clean-text offset -> the same boundary in the text with insertions
        return p + sum(1 for at in inserts if at < p)

    clean = spindetect.score(spun.text)
    result = spindetect.score(text)
    assert_valid(text, result)
    invisible = [s for s in result.swaps if s.kind == "invisible"]
    assert [(s.start, s.end, s.suggestions) for s in invisible] == [
        (shift(w.start), shift(w.end), (w.text,)) for w in words
    ]
    assert all(len(s.text) == len(s.suggestions[0]) + 1 for s in invisible)
    assert [_key(s) for s in synonym_swaps(result)] == [_key(s, shift) for s in synonym_swaps(clean)]
    assert result.probability == pytest.approx(clean.probability)
    assert not [s for s in result.swaps if s.kind == "homoglyph"]


def test_unusual_space_splitting_a_word_is_invisible_trick() -> None:
    text = ENGLISH.replace("restoration", "resto\u200aration", 1)
    result = spindetect.score(text)
    assert_valid(text, result)
    start = text.index("resto\u200aration")
    found = [s for s in result.swaps if s.kind == "invisible"]
    assert [(s.start, s.end, s.suggestions) for s in found] == [(start, start + 12, ("restoration",))]


# --------------------------------------------------------------------------
# Very long text
# --------------------------------------------------------------------------


def _long_text(n_chars: int, seed: int = 0) -> str:
    """Varied English paragraphs (shuffled sentences, CRLF and LF endings) up to ``n_chars``."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        sentences = rng.sample(SENTENCES, rng.randint(2, 6))
        newline = "\r\n\r\n" if rng.random() < 0.3 else "\n\n"
        paragraph = " ".join(sentences) + newline
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts)[:n_chars]


@pytest.fixture(scope="module")
def long_document() -> tuple[str, list[tuple[int, int, str]]]:
    """About 2 MB: clean paragraphs, one zero-width space near the start, a spun paragraph at the end.

    Returns the text and the disguised words' (start, end, Latin form) near the end, which checks
    that offsets are mapped back correctly across the whole document.
    """
    body = _long_text(2_000_000)
    body = body[:1000] + "wo\u200brd " + body[1000:]
    spun = _spun()
    s = next(s for s in spun.swaps if s.text.isalpha() and any(ch in CYRILLIC for ch in s.text))
    tail = spun.text[: s.start] + "".join(CYRILLIC.get(ch, ch) for ch in s.text) + spun.text[s.end :]
    start = len(body) + s.start
    return body + tail, [(start, start + len(s.text), s.text)]


def test_long_text_is_scored_with_valid_offsets(long_document) -> None:
    text, disguised = long_document
    assert len(text) > 2_000_000
    result = spindetect.score(text)
    assert_valid(text, result)
    assert result.probability is not None
    assert result.n_words > 300_000
    homoglyphs = [(s.start, s.end, s.suggestions[0]) for s in result.swaps if s.kind == "homoglyph"]
    assert homoglyphs == disguised
    tail = len(text) - len(_spun().text)
    assert [s for s in synonym_swaps(result) if s.start >= tail], "the spun paragraph at the end is found"


def test_long_clean_text_is_not_called_spun() -> None:
    """Length alone must not make clean text look spun (4 MB of the same clean paragraphs)."""
    text = _long_text(4_000_000, seed=1)
    result = spindetect.score(text)
    assert_valid(text, result)
    assert len(synonym_swaps(result)) * 1000 <= result.n_words
    assert not result.is_spun, f"{result!r}: a clean 4 MB text with {len(result.swaps)} swaps is called spun"


def test_single_200k_character_line() -> None:
    text = " ".join(_long_text(250_000, seed=2).split())[:200_000]
    assert "\n" not in text and len(text) == 200_000
    result = spindetect.score(text)
    assert_valid(text, result)
    assert result.probability is not None


_HUGE_TOKENS = {
    # A hex dump, a base64 blob, a URL-less identifier: one run of letters without spaces.
    "60,000 letters": "a" * 60_000,
    # An ASCII-art rule or a shouting reply: punctuation that tokenizers peel off one character at a time.
    "20,000 punctuation marks": "".join(random.Random(0).choice("!?)(") for _ in range(20_000)),
}


@pytest.mark.parametrize("name", sorted(_HUGE_TOKENS))
def test_one_enormous_token_is_handled_in_linear_time(name: str) -> None:
    """A single huge token inside a line of prose is scored quickly."""
    text = f"{ENGLISH} {_HUGE_TOKENS[name]} {ENGLISH}"
    spindetect.score(ENGLISH)  # load the model and the word lists first
    started = time.perf_counter()
    result = spindetect.score(text)
    elapsed = time.perf_counter() - started
    assert_valid(text, result)
    # Linear work on 60 KB takes about 0.01 s; allow for a slow, shared machine.
    assert elapsed < 1.0, f"scoring a text with one token of {name} took {elapsed:.1f} s"


# -- spinners that also mangle words (benchmarks/mangled_words.py measures this at scale) --
def _mangled(text: str) -> str:
    # Every fourth long lower-case word gets a spinner-style wrong suffix ("employmented").
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) >= 5]
    for i in long_words[::4]:
        words[i] += "ed"
    return " ".join(words)


def test_mangled_words_do_not_hide_swaps() -> None:
    spun = (Path(__file__).resolve().parent.parent / "docs" / "example-spun.txt").read_text(encoding="utf-8")
    mangled = _mangled(spun)
    assert mangled != spun
    result = spindetect.score(mangled)
    assert result.is_spun
    assert {"brickbat", "hushed", "Affirm"} <= {swap.text for swap in result.swaps}


def test_a_mangled_word_alone_does_not_make_clean_text_spun() -> None:
    # One garbled word reads like a typo. (A text with one word in eight garbled
    # this way is called spun, and its non-words flagged: that is spinner output.)
    clean = (
        "The committee met on Monday and agreed on a new budget for the coming year, the chairman said after "
        "the meeting. He added that the vote had been close and that several members wanted further "
        "discussion of spending on schools, roads and public transport before the final approval in spring."
    )
    result = spindetect.score(clean.replace("discussion", "discussioned"))
    assert result.probability is not None
    assert not result.is_spun
    assert not result.swaps
