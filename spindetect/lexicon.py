"""The lexicon: thesaurus terms, their frequencies, and who could have been swapped for whom.

Two directions matter:

* forward (``term -> synonyms``), per thesaurus: what a spinner may write in
  place of a term. :func:`spindetect.spin` uses it.
* reverse (``written term -> candidate originals``): the terms whose thesaurus
  entries list what we read. The detector asks it "if this word was swapped in,
  what stood here before?". Each list is cut to the most frequent candidates,
  because originals are ordinary words and a short list keeps scoring fast.

Terms are matched by their *key*: the spaCy tokens of the term, normalised by
:func:`spindetect.vocab.token_key` and joined by single spaces, so "A-bomb"
and "one's" match text tokenized the same way. Inflection is handled around
the lexicon with :mod:`spindetect.inflect`: "footfalls" is looked up as
"footfall" + plural, and its candidates are re-inflected ("steps").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property, lru_cache
from itertools import repeat

import numpy as np

from .inflect import analyze, inflect

__all__ = ["THESAURI", "Lexicon"]

THESAURI = ("moby", "wordnet")


class Lexicon:
    def __init__(self, terms: list[str], keys: list[str], zipf: np.ndarray, arrays: dict[str, np.ndarray]):
        self.terms = terms
        self.keys = keys
        self.zipf = zipf.astype(np.float32)
        self.arrays = arrays
        # Reversed so that the first term wins when two share a key.
        self.key_to_term: dict[str, int] = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))
        # Ids of the multi-token terms with candidates, in order: the phrases
        # that scoring looks for in the text. A plain list of ints: a Python
        # object per phrase costs more to build (and to garbage-collect) than
        # the rest of the lexicon.
        with_candidates = np.diff(arrays["reverse_ptr"]) > 0
        self.phrase_terms: list[int] = [i for i in np.flatnonzero(with_candidates).tolist() if " " in keys[i]]
        self.candidates = lru_cache(maxsize=200_000)(self._candidates)

    @cached_property
    def phrase_prefix(self) -> dict[tuple[str, str], list[tuple[tuple[str, ...], int]]]:
        """First two key tokens of every multi-token term with candidates -> (key tokens, term id)."""
        prefix: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = {}
        for i in self.phrase_terms:
            parts = tuple(self.keys[i].split(" "))
            prefix.setdefault(parts[:2], []).append((parts, i))
        return prefix

    # -- forward: spinner --------------------------------------------------------
    def synonyms(self, term_id: int, thesaurus: str) -> np.ndarray:
        ptr = self.arrays[f"{thesaurus}_ptr"]
        return self.arrays[f"{thesaurus}_syn"][ptr[term_id] : ptr[term_id + 1]]

    # -- reverse: detector -------------------------------------------------------
    def originals(self, term_id: int) -> np.ndarray:
        ptr = self.arrays["reverse_ptr"]
        return self.arrays["reverse_cand"][ptr[term_id] : ptr[term_id + 1]]

    def _candidates(self, key: str) -> tuple[str, ...]:
        """Candidate originals of a written key, inflected like it; best-known first.

        Originals of the key's own term come first, then those of each lemma
        the key is an inflection of, re-inflected; each text once, and never
        the key itself. (An ordered dict keeps the first place of a text.)
        Scoring builds the same lists from term ids (features._Memo); this
        one serves suggestions and evaluation.
        """
        seen = self._direct(key)
        if " " not in key:
            for lemma, tag in analyze(key):
                if not tag:
                    continue
                term = self.key_to_term.get(lemma)
                if term is None:
                    continue
                lowered = map(str.lower, self._texts(self.originals(term)))
                seen.update(dict.fromkeys(map(inflect, lowered, repeat(tag))))
        seen.pop(key, None)
        return tuple(seen)

    def _direct(self, key: str) -> dict[str, None]:
        term = self.key_to_term.get(key)
        if term is None:
            return {}
        return dict.fromkeys(map(str.lower, self._texts(self.originals(term))))

    def _texts(self, term_ids: np.ndarray) -> Iterator[str]:
        return map(self.terms.__getitem__, term_ids.tolist())

    def term_id(self, key: str) -> int | None:
        return self.key_to_term.get(key)

    def is_fingerprint(self, key: str) -> bool:
        """True for a known tortured phrase ("counterfeit consciousness")."""
        term = self.key_to_term.get(key)
        flags = self.arrays.get("fingerprint")
        return term is not None and flags is not None and bool(flags[term])

    # -- bundle I/O --------------------------------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        return {"zipf": self.zipf, **self.arrays}

    @classmethod
    def from_arrays(cls, terms: list[str], keys: list[str], arrays: dict[str, np.ndarray]) -> Lexicon:
        arrays = dict(arrays)
        zipf = arrays.pop("zipf")
        return cls(terms, keys, zipf, arrays)
