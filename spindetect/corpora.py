"""Readers for the corpora under ``../shared/data`` (training and evaluation only).

The library never reads these at scoring time; ``spindetect.train`` and
``spindetect.evaluate`` do. Each reader yields documents as plain strings with
one paragraph per line, so that every consumer splits paragraphs the same way.

Licensing decides the role of each source (see ``../shared/data/README.md``):
Wikipedia files AA and AB and the public-domain NLTK corpora may train the shipped
model; Wikipedia AC, Reuters-21578 and BBC News are for evaluation only.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "DEV_WIKI_FILES",
    "TRAIN_WIKI_FILES",
    "default_data_dir",
    "iter_bbc",
    "iter_ewt",
    "iter_nltk_plaintext",
    "iter_reuters",
    "iter_wikipedia",
]

TRAIN_WIKI_FILES = ("enwiki_AA.txt.gz", "enwiki_AB.txt.gz")
# Held out from every training step; evaluation reads it.
DEV_WIKI_FILES = ("enwiki_AC.txt.gz",)

_DOC_START = re.compile(r'^<doc id="\d+"')


def default_data_dir() -> Path:
    """``$SPINDETECT_DATA``, else ``../shared/data`` beside the working directory or the checkout."""
    env = os.environ.get("SPINDETECT_DATA")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parent.parent):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path("../shared/data")


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: point --data (or $SPINDETECT_DATA) at the shared data folder")
    return path


def iter_wikipedia(data_dir: Path, files: tuple[str, ...] = TRAIN_WIKI_FILES) -> Iterator[str]:
    """Wikipedia articles as text (title line and section-heading lines dropped)."""
    for name in files:
        path = _require(Path(data_dir) / "enwiki-wikiextractor-2015" / name)
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines: list[str] = []
            skip_title = False
            for line in handle:
                if _DOC_START.match(line):
                    lines, skip_title = [], True
                    continue
                if line.startswith("</doc>"):
                    if lines:
                        yield "\n".join(lines)
                    lines = []
                    continue
                line = line.strip()
                if skip_title:
                    skip_title = False
                    continue
                # WikiExtractor leaves section headings as short lines ending in "."
                if not line or (len(line.split()) < 6 and line.endswith(".")):
                    continue
                lines.append(line)


def _unwrap(body: str) -> str:
    """Reuters bodies keep 1987 hard line wraps; paragraphs start with an indent."""
    paragraphs = re.split(r"\n\s{2,}|\n\s*\n", body)
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def iter_reuters(data_dir: Path) -> Iterator[str]:
    path = _require(Path(data_dir) / "reuters21578" / "reuters21578.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            body = json.loads(line).get("body") or ""
            if body.strip():
                yield _unwrap(body)


def iter_bbc(data_dir: Path) -> Iterator[str]:
    path = _require(Path(data_dir) / "bbc-news" / "bbc-news-1808-no-politics.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            body = json.loads(line).get("body") or ""
            paragraphs = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
            if paragraphs:
                yield "\n".join(paragraphs)


def iter_ewt(data_dir: Path, split: str = "train") -> Iterator[str]:
    """UD English Web Treebank documents (weblogs, reviews, e-mail, answers): informal web English."""
    path = _require(Path(data_dir) / "ud-english-ewt" / f"en_ewt-ud-{split}.conllu.gz")
    paragraphs: list[list[str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# newdoc"):
                if paragraphs:
                    yield "\n".join(" ".join(p) for p in paragraphs if p)
                paragraphs = [[]]
            elif line.startswith("# newpar"):
                paragraphs.append([])
            elif line.startswith("# text = "):
                if not paragraphs:
                    paragraphs = [[]]
                paragraphs[-1].append(line[len("# text = ") :].strip())
    if paragraphs:
        yield "\n".join(" ".join(p) for p in paragraphs if p)


def iter_nltk_plaintext(data_dir: Path, names: tuple[str, ...] = ("inaugural", "state_union")) -> Iterator[str]:
    """The public-domain NLTK corpora (presidential addresses), one document per file."""
    for name in names:
        path = _require(Path(data_dir) / "nltk-data-corpora" / f"{name}.zip")
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                if not member.endswith(".txt"):
                    continue
                raw = archive.read(member).decode("latin-1")
                paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw) if p.strip()]
                if paragraphs:
                    yield "\n".join(paragraphs)
