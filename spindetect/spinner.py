"""A synthetic article spinner, the teacher of the swap scorer and the evaluation's adversary.

It imitates what real spinners do, not what a careful writer would:

* synonyms come from a context- and sense-blind thesaurus (Moby or WordNet),
  chosen uniformly from the whole entry, so "leader" can become "bossman" and
  "summit" "apex";
* multiword entries go both ways ("believe" -> "have the courage of ones
  convictions", "deep learning" -> a single word);
* the replacement is re-inflected ("steps" -> "footfalls") and keeps the
  capitalisation of what it replaced;
* function words and names are only partly protected, as in real output
  ("will" -> "transfer", "State" -> "Affirm").

The gold spans it returns are exact: ``spun.text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import random

from .inflect import analyze, inflect, match_case
from .lexicon import THESAURI, Lexicon
from .tokenize import SENTENCE_END, split_pieces, tokenize_pieces
from .types import SpunSwap, SpunText
from .vocab import token_key

__all__ = ["FUNCTION_WORDS", "spin_with"]

# Real spinners leave most of these alone but not all of them.
# fmt: off
FUNCTION_WORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "for", "of", "in", "on", "at", "by", "to",
        "from", "with", "without", "into", "onto", "upon", "over", "under", "about", "above", "below",
        "between", "among", "through", "during", "before", "after", "since", "until", "while", "as", "than",
        "that", "this", "these", "those", "there", "here", "which", "who", "whom", "whose", "what", "when",
        "where", "why", "how", "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours",
        "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "is", "am",
        "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did",
        "done", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no",
        "yes", "if", "then", "else", "also", "very", "just", "only", "even", "such", "both", "each", "every",
        "all", "any", "some", "many", "much", "more", "most", "other", "another", "own", "same", "too",
        "again", "once", "ever", "never", "always", "often", "up", "down", "out", "off",
    ]
)
# fmt: on
PROTECT_FUNCTION_WORD = 0.9
PROTECT_NAME = 0.7
# Multiword entries are plentiful in Moby; real spinners pick them less often.
MULTIWORD_WEIGHT = 0.5
MAX_PHRASE = 3


def _word_like(word: str) -> bool:
    return any(ch.isalpha() for ch in word) and all(ch.isalpha() or ch in "-'" for ch in word)


def spin_with(lexicon: Lexicon, text: str, rate: float, thesaurus: str, seed: int | None) -> SpunText:
    if not isinstance(text, str):
        raise TypeError(f"spin() takes a str, not {type(text).__name__}")
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0.0 and 1.0, got {rate!r}")
    if thesaurus not in THESAURI:
        raise ValueError(f"unknown thesaurus {thesaurus!r}; choose one of {', '.join(THESAURI)}")
    rng = random.Random(seed)
    words: list[str] = []
    starts: list[int] = []
    initial: list[bool] = []
    for tp in tokenize_pieces(split_pieces(text)):
        for j, (word, start) in enumerate(zip(tp.words, tp.starts)):
            words.append(word)
            starts.append(start)
            initial.append(j == 0 or tp.words[j - 1] in SENTENCE_END)
    n_words = sum(1 for w in words if _word_like(w))
    target = round(rate * n_words)
    order = list(range(len(words)))
    rng.shuffle(order)
    taken = [False] * len(words)
    edits: list[tuple[int, int, str]] = []
    for i in order:
        if len(edits) >= target:
            break
        if taken[i] or not _word_like(words[i]):
            continue
        low = words[i].lower()
        if low in FUNCTION_WORDS and rng.random() < PROTECT_FUNCTION_WORD:
            continue
        if words[i][0].isupper() and not initial[i] and rng.random() < PROTECT_NAME:
            continue
        choice = _choose(lexicon, words, i, taken, thesaurus, rng)
        if choice is None:
            continue
        n_tokens, replacement = choice
        end_token = i + n_tokens - 1
        end = starts[end_token] + len(words[end_token])
        replacement = match_case(replacement, words[i])
        if replacement == text[starts[i] : end]:
            continue
        for k in range(i, i + n_tokens):
            taken[k] = True
        edits.append((starts[i], end, replacement))
    return _apply(text, sorted(edits))


def _choose(lexicon: Lexicon, words: list[str], i: int, taken: list[bool], thesaurus: str, rng: random.Random):
    """Pick (tokens replaced, replacement) for position i, or None when nothing fits."""
    options: list[tuple[int, int, str]] = []  # (n_tokens, term_id, tag)
    for n in range(MAX_PHRASE, 1, -1):
        span = words[i : i + n]
        if len(span) < n or any(taken[i : i + n]) or not all(_word_like(w) for w in span):
            continue
        term = lexicon.term_id(" ".join(token_key(w) for w in span))
        if term is not None and len(lexicon.synonyms(term, thesaurus)):
            options.append((n, term, ""))
            break
    key = token_key(words[i])
    term = lexicon.term_id(key)
    if term is not None and len(lexicon.synonyms(term, thesaurus)):
        options.append((1, term, ""))
    else:
        for lemma, tag in analyze(key):
            term = lexicon.term_id(lemma)
            if tag and term is not None and len(lexicon.synonyms(term, thesaurus)):
                options.append((1, term, tag))
                break
    if not options:
        return None
    n_tokens, term, tag = options[0] if rng.random() < 0.5 else options[-1]
    synonyms = lexicon.synonyms(term, thesaurus)
    weights = [MULTIWORD_WEIGHT if " " in lexicon.terms[s] else 1.0 for s in synonyms]
    synonym = lexicon.terms[rng.choices(synonyms, weights=weights)[0]]
    return n_tokens, inflect(synonym, tag) if tag else synonym


def _apply(text: str, edits: list[tuple[int, int, str]]) -> SpunText:
    out: list[str] = []
    swaps: list[SpunSwap] = []
    pos = 0
    length = 0
    for start, end, replacement in edits:
        out.append(text[pos:start])
        length += start - pos
        swaps.append(SpunSwap(length, length + len(replacement), replacement, text[start:end]))
        out.append(replacement)
        length += len(replacement)
        pos = end
    out.append(text[pos:])
    return SpunText("".join(out), tuple(swaps), source=text)
