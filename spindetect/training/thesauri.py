"""Read the thesauri under ``../shared/data`` into plain ``term -> [synonyms]`` maps.

Moby lists, for each headword, everything a context-blind spinner might put in
its place. WordNet groups words by sense; a sense-blind spinner takes the
members of every synset a word belongs to, which is what :func:`read_wordnet`
returns. The tortured-phrase list pairs phrases seen in problem papers with
the phrase they replaced.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

__all__ = ["read_moby", "read_tortured_phrases", "read_wordnet"]


def read_moby(data_dir: Path) -> dict[str, list[str]]:
    path = Path(data_dir) / "moby-thesaurus" / "moby-thesaurus-ii.words.txt.gz"
    entries: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="ascii", errors="replace") as handle:
        for line in handle:
            parts = [p.strip() for p in line.rstrip("\r\n").split(",")]
            head, synonyms = parts[0], [p for p in parts[1:] if p and p != parts[0]]
            if head and synonyms:
                entries.setdefault(head, []).extend(synonyms)
    return entries


def read_wordnet(data_dir: Path) -> dict[str, list[str]]:
    path = Path(data_dir) / "open-english-wordnet" / "oewn-2025-synsets.tsv.gz"
    synonyms: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            members = [m.replace("_", " ").strip() for m in fields[3].split("|") if m.strip()]
            for member in members:
                for other in members:
                    if other != member:
                        synonyms[member][other] = None
    return {term: list(others) for term, others in synonyms.items() if others}


_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def read_tortured_phrases(data_dir: Path) -> dict[str, list[str]]:
    """tortured phrase -> expected phrases (parenthesised notes such as "(?)" removed)."""
    path = Path(data_dir) / "tortured-phrases-pps-half" / "tortured-phrases-half.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs: dict[str, list[str]] = defaultdict(list)
    for item in data["phrases"]:
        tortured = " ".join(item["tortured"].lower().split())
        correct = " ".join(_PARENTHESES.sub("", item["correct"]).lower().split())
        if tortured and correct and correct != tortured and correct not in pairs[tortured]:
            pairs[tortured].append(correct)
    return dict(pairs)
