"""Tokenization: spaCy's rule-based English tokenizer, fed paragraph-sized pieces.

Why pieces: spaCy's tokenizer caches per-string results, but one huge Doc is
about 8x slower than the same text fed as paragraphs, and spaCy refuses texts
over ``nlp.max_length``. Splitting at line breaks (and, for very long lines, at
whitespace) keeps memory bounded and offsets exact: every token carries its
character offsets into the original string.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "MAX_PIECE_CHARS",
    "Piece",
    "TokenArrays",
    "TokenizedPiece",
    "build_tokenizer",
    "split_pieces",
    "token_text",
    "tokenize_arrays",
    "tokenize_pieces",
]

# A piece longer than this is cut at whitespace. Paragraphs rarely reach it;
# it bounds the cost of pathological inputs (a megabyte without a newline).
MAX_PIECE_CHARS = 5000

# spaCy splits prefixes and suffixes off a token one at a time, re-scanning the
# rest each time: a 20,000-character run of punctuation takes about a minute.
# Runs without whitespace longer than this are cut into chunks of this size
# before tokenization (no real word is that long; offsets are kept).
MAX_RUN_CHARS = 100

# Tokens after which the next word starts a sentence (or a quotation).
SENTENCE_END = frozenset({".", "!", "?", ":", ";", '"', "\u201d", "\u201c"})

_LINE_BREAKS = re.compile(r"\n")
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


@dataclass(frozen=True)
class Piece:
    doc: int  # index of the document in the batch
    offset: int  # character offset of the piece in its document
    text: str


@dataclass(frozen=True)
class TokenizedPiece:
    piece: Piece
    words: list[str]  # token texts as written
    starts: list[int]  # absolute character offsets in the document


@dataclass(frozen=True)
class TokenArrays:
    """The non-space tokens of many pieces as flat arrays, in piece order."""

    orth: np.ndarray  # uint64 spaCy hash of each token's text; token_text() gives the text back
    start: np.ndarray  # int64 absolute character offset in the document
    length: np.ndarray  # int64 length in characters
    counts: np.ndarray  # int64 number of tokens of each piece


# spaCy is imported when the tokenizer is first needed, not with spindetect:
# importing it takes a second or more, and the model can load meanwhile (see
# api._load_alongside_tokenizer). Two threads must not import spaCy at once:
# its dependencies import lazily, which is not thread-safe. Hence the lock.
_tokenizer_lock = threading.Lock()
_tokenizer_cache: list[Any] = []
# spaCy's attribute ids, filled in with the tokenizer: ORTH, IDX, LENGTH, IS_SPACE.
_ATTRS: list[int] = []


def build_tokenizer() -> Any:
    """spaCy's blank English tokenizer, built once (thread-safely) on first use."""
    if not _tokenizer_cache:
        with _tokenizer_lock:
            if not _tokenizer_cache:
                import spacy
                from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH

                _ATTRS[:] = [ORTH, IDX, LENGTH, IS_SPACE]
                _tokenizer_cache.append(spacy.blank("en").tokenizer)
    return _tokenizer_cache[0]


def split_pieces(text: str, doc: int = 0) -> Iterator[Piece]:
    """Cut a document into line-sized pieces, keeping absolute offsets."""
    pos = 0
    for match in _LINE_BREAKS.finditer(text + "\n"):
        end = match.start()
        yield from _split_long(text, pos, end, doc)
        pos = match.end()


def _split_long(text: str, start: int, end: int, doc: int) -> Iterator[Piece]:
    while end - start > MAX_PIECE_CHARS:
        cut = text.rfind(" ", start + MAX_PIECE_CHARS // 2, start + MAX_PIECE_CHARS)
        if cut <= start:
            cut = start + MAX_PIECE_CHARS
        if text[start:cut].strip():
            yield from _split_runs(text, start, cut, doc)
        start = cut
    if end > start and text[start:end].strip():
        yield from _split_runs(text, start, end, doc)


def _split_runs(text: str, start: int, end: int, doc: int) -> Iterator[Piece]:
    pos = start
    for match in _LONG_RUN.finditer(text, start, end):
        if text[pos : match.start()].strip():
            yield Piece(doc, pos, text[pos : match.start()])
        for cut in range(match.start(), match.end(), MAX_RUN_CHARS):
            yield Piece(doc, cut, text[cut : min(cut + MAX_RUN_CHARS, match.end())])
        pos = match.end()
    if text[pos:end].strip():
        yield Piece(doc, pos, text[pos:end])


def tokenize_pieces(pieces: Iterable[Piece], batch_size: int = 256) -> Iterator[TokenizedPiece]:
    """Tokenize pieces with spaCy; whitespace tokens are dropped."""
    pieces = list(pieces)
    tokenizer = build_tokenizer()
    texts = (p.text for p in pieces)
    for piece, doc in zip(pieces, tokenizer.pipe(texts, batch_size=batch_size)):
        # Reading offsets as one array avoids creating a Token object per token,
        # which costs more than the tokenization itself.
        table = doc.to_array(_ATTRS[1:])
        table = table[table[:, 2] == 0]
        text = piece.text
        idx = table[:, 0].tolist()
        words = [text[a : a + n] for a, n in zip(idx, table[:, 1].tolist())]
        starts = (table[:, 0] + piece.offset).tolist()
        yield TokenizedPiece(piece, words, starts)


def tokenize_arrays(pieces: Sequence[Piece], batch_size: int = 256) -> TokenArrays:
    """Tokenize pieces with spaCy into flat arrays; whitespace tokens are dropped.

    Tokens come as spaCy's string hashes rather than strings: a caller that
    keeps per-string results (text repeats its words) then needs the text only
    of strings it has not seen, instead of slicing out every token.
    """
    tokenizer = build_tokenizer()
    tables = [doc.to_array(_ATTRS) for doc in tokenizer.pipe((p.text for p in pieces), batch_size=batch_size)]
    if not tables:
        empty = np.zeros(0, dtype=np.int64)
        return TokenArrays(np.zeros(0, dtype=np.uint64), empty, empty, empty)
    # Whitespace tokens are dropped and offsets made absolute for all pieces at once.
    piece = np.repeat(np.arange(len(tables)), np.fromiter(map(len, tables), dtype=np.int64, count=len(tables)))
    flat = np.concatenate(tables)
    keep = flat[:, 3] == 0
    flat, piece = flat[keep], piece[keep]
    offsets = np.fromiter((p.offset for p in pieces), dtype=np.int64, count=len(pieces))
    start = flat[:, 1].astype(np.int64) + offsets[piece]
    counts = np.bincount(piece, minlength=len(pieces)).astype(np.int64)
    return TokenArrays(flat[:, 0], start, flat[:, 2].astype(np.int64), counts)


def token_text(orth: int) -> str:
    """The text of a token from its hash in :class:`TokenArrays` (valid once that text was tokenized)."""
    return build_tokenizer().vocab.strings[orth]
