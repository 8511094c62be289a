"""Stage 2 of training: merge the thesauri into one :class:`~spindetect.lexicon.Lexicon`."""

from __future__ import annotations

import logging

import numpy as np
from wordfreq import get_frequency_dict, zipf_frequency

from ..lexicon import Lexicon
from ..tokenize import build_tokenizer
from ..vocab import token_key

log = logging.getLogger(__name__)

# Candidate originals kept per written term (the scorer looks at the first
# few; suggestions come from all of them).
MAX_CANDIDATES = 24
# Candidates are ranked by how likely they are to have produced the written
# word: log10 frequency of the original, plus this weight times log10 of the
# chance that a spinner picking uniformly from the original's synonym list
# (averaged over the thesauri) picks the written word. An original with 300
# synonyms rarely becomes any particular one of them. Measured on development
# text, single words (benchmarks/candidate_ranking.py): the original was among
# the first 12 candidates for 69% of swaps at weight 0.5 (mean of Moby- and
# WordNet-spun), 60% by frequency alone, 73% at weight 1.0 (but 57% for
# Moby-spun text, which the full weight ranks below WordNet's short lists).
CHANNEL_WEIGHT = 0.5


def candidate_order_key(zipf, chance, weight: float = CHANNEL_WEIGHT):
    """How likely an original is to have produced a written term: larger first.

    ``zipf`` is the original's frequency, ``chance`` the chance that a
    spinner picking uniformly from its synonym lists writes the term.
    """
    return zipf + weight * np.log10(chance)


def _csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(lists) + 1, dtype=np.int32)
    ptr[1:] = np.cumsum([len(x) for x in lists])
    flat = np.fromiter((i for x in lists for i in x), dtype=np.int32, count=int(ptr[-1]))
    return ptr, flat


def term_key(tokenizer, term: str) -> str:
    return " ".join(token_key(t.text) for t in tokenizer(term) if not t.is_space)


def build_lexicon(
    thesauri: dict[str, dict[str, list[str]]],
    tortured: dict[str, list[str]] | None = None,
) -> Lexicon:
    """``thesauri`` maps a name ("moby", "wordnet") to its ``term -> synonyms`` dict."""
    tokenizer = build_tokenizer()
    terms: list[str] = []
    keys: list[str] = []
    by_key: dict[str, int] = {}

    def intern(term: str) -> int:
        term = " ".join(term.split())
        # Lower-case keys merge "Bossman"/"bossman"; the first spelling wins.
        key = term_key(tokenizer, term) if not term.isalpha() else term.lower()
        idx = by_key.get(key)
        if idx is None:
            idx = by_key[key] = len(terms)
            terms.append(term)
            keys.append(key)
        return idx

    forward: dict[str, dict[int, dict[int, None]]] = {}
    for name, entries in thesauri.items():
        table: dict[int, dict[int, None]] = {}
        for head, synonyms in entries.items():
            h = intern(head)
            row = table.setdefault(h, {})
            for syn in synonyms:
                s = intern(syn)
                if s != h:
                    row[s] = None
        forward[name] = table
    tortured_pairs: list[tuple[int, int]] = []
    for phrase, corrections in (tortured or {}).items():
        p = intern(phrase)
        for correct in corrections:
            tortured_pairs.append((p, intern(correct)))
    log.info("lexicon: %d terms", len(terms))

    freq = get_frequency_dict("en")
    zipf = np.zeros(len(terms), dtype=np.float32)
    for i, term in enumerate(terms):
        low = term.lower()
        if low in freq:
            zipf[i] = np.log10(freq[low]) + 9.0 if freq[low] > 0 else 0.0
        elif " " in low or "-" in low:
            zipf[i] = zipf_frequency(low, "en")

    arrays: dict[str, np.ndarray] = {}
    # reverse[written][original] = chance that a spinner turns the original into the written term.
    reverse: list[dict[int, float]] = [{} for _ in terms]
    for name, table in forward.items():
        rows = [list(table.get(i, {})) for i in range(len(terms))]
        arrays[f"{name}_ptr"], arrays[f"{name}_syn"] = _csr(rows)
        for head, row in table.items():
            chance = 1.0 / (max(len(row), 1) * len(forward))
            for syn in row:
                reverse[syn][head] = reverse[syn].get(head, 0.0) + chance
    priority = [{} for _ in terms]
    for p, c in tortured_pairs:
        priority[p][c] = None
    rev_rows = []
    for i, cands in enumerate(reverse):
        ranked = sorted(cands, key=lambda c: -candidate_order_key(zipf[c], cands[c]))
        first = list(priority[i])
        rev_rows.append((first + [c for c in ranked if c not in priority[i]])[:MAX_CANDIDATES])
    arrays["reverse_ptr"], arrays["reverse_cand"] = _csr(rev_rows)
    fingerprint = np.zeros(len(terms), dtype=np.uint8)
    for p, _ in tortured_pairs:
        fingerprint[p] = 1
    arrays["fingerprint"] = fingerprint
    return Lexicon(terms, keys, zipf, arrays)
