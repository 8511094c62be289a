"""Token normalisation shared by training and scoring.

Both sides must map a written token to the same vocabulary key, or the context
statistics would silently stop matching. Keys are lower-cased; any token with a
digit becomes ``<num>`` because "1,750" and "1987" play the same role in context.
"""

from __future__ import annotations

NUM = "<num>"


def token_key(word: str) -> str:
    if word.isalpha():
        return word.lower()
    for ch in word:
        if ch.isdigit():
            return NUM
    return word.lower()
