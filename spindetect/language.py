"""Decide whether a text is English prose that spin detection can say anything about.

Why abstain at all: the spin scorer compares words against an English thesaurus
and English word frequencies.  On French, on romanized Hindi, on a CSV file or
on a Python module, every "unusual" word would look like a swap and the score
would be confident nonsense.  A wrong confident answer costs the user more than
an honest "I can't judge this", so :func:`judge_text` returns a reason to
abstain (``"empty"``, ``"too short"``, ``"not English"``, ``"not prose"``) and
``None`` only for text worth scoring.

How, without a language-identification model or any download:

* **Script.**  If most letters are not Latin (Chinese, Japanese, Cyrillic,
  Arabic, ...), the text is not English.
* **Prose or not** is decided line by line (:func:`prose_spans`): code has a
  high density of ``{}();=`` and code-shaped lines, tables have column
  separators or columns of numbers, logs start with timestamps, markup is mostly
  tags, URL lists are mostly URLs, and name lists are short capitalized lines
  without function words.  A text whose prose lines hold less than half of its
  visible characters is "not prose".
* **English or not** rests on function words.  The ~220 commonest English
  function words ("the", "of", "and", "to", ...) make up 35-55% of running
  English and well under 10% of French, German, Spanish, romanized Hindi or
  pinyin.  Because function words are scarce in headlines and terse listings,
  two more signals keep those from being rejected: the share of function words
  of *other* languages (le/der/el/het/hai/shi ...), and the share of tokens that
  are common English words according to wordfreq (read from the loaded model's
  vocabulary when a detector calls, see ``zipf_of`` in :func:`judge_text`).

Thresholds are deliberately conservative: abstaining on real English is a worse
failure than scoring a foreign text, because the scorer has its own defences.
Everything here is pure Python plus word frequencies and takes about 3 ms for
10,000 characters. The frequencies are wordfreq's, as the model stores them for
its vocabulary: importing wordfreq and reading its own list would add about a
second to every start (it still serves a call without a model). Words outside
the model's vocabulary count as unknown, which on the test cases changes no
verdict. Very long texts are judged on up to 20 evenly spaced windows of 2,000
characters.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from ._validate import require_str

__all__ = ["MIN_WORDS", "judge_text", "prose_spans"]

#: Fewer word tokens than this and the scorer abstains with ``"too short"``:
#: a swap rate estimated from a handful of words is noise.
MIN_WORDS = 12

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

# English function words (closed-class words plus a few ubiquitous adverbs and
# contractions).  They carry grammar rather than topic, so their share is stable
# across registers (news, legal, chat) and nearly zero in other languages.
# Words that are also frequent function words elsewhere are still listed ("a",
# "in", "so", "was"): they are a small part of foreign text, and leaving them out
# would hurt English more than it helps.
EN_FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    the a an this that these those my your his her its our their whose which what
    who whom some any no every each either neither all both few many much more most
    several such other another same own i me you he him she it we us they them
    myself yourself himself herself itself ourselves themselves mine yours hers
    ours theirs one someone something anyone anything nothing everyone everything
    of to in for on at by with from about into onto over under after before between
    through during without within along across against among around behind beyond
    toward towards upon via than up down out off near since until unless although
    though while whereas because whether and or but nor so yet if as then also too
    not never yes is am are was were be been being have has had having do does did
    doing will would shall should can could may might must there here where when
    why how very just only even still already again ever always often now however
    therefore thus really well back don't doesn't didn't isn't aren't wasn't weren't
    can't won't wouldn't couldn't shouldn't haven't hasn't hadn't i'm i've i'll i'd
    you're you've you'll it's that's there's he's she's we're we've they're they've
    let's what's im dont cant wont didnt doesnt isnt u ur
    """.split()  # noqa: SIM905 - a block of words reads and edits better than 220 quoted strings
)

# Function words of the languages that are most often mistaken for English
# because they share its alphabet: French, German, Spanish, Italian, Dutch,
# Portuguese, Polish/Scandinavian (a few), romanized Hindi and pinyin.  Words
# that are also ordinary English words ("die", "son", "come", "men", "main",
# "also", "war", "you", "he") are left out so that English text scores ~0 here.
# Tokens are looked up lowercased and without accents, so "é", "è" and "e" match.
FOREIGN_FUNCTION_WORDS: frozenset[str] = (
    frozenset(
        """
    le la les des du et est une un que qui dans pour pas sur au aux avec ce cette
    ces il ils elle elles nous vous je sont ont mais ou par plus ne se sa ses leur
    leurs ete etre avoir fait tres aussi tout tous y en c l d j qu n s
    der das und ist nicht ein eine einen einem dem den zu mit sich auf fur von dass
    sie es wir ich auch werden wird wurde sind bei oder aber nach wie noch nur kann
    mehr durch uber vom zum zur im einer eines diese dieser hat haben schon sehr wenn
    el los las del y por con su sus lo mas pero sin sobre este esta esto ya muy
    tambien fue al hay cuando donde entre desde todo nos
    di che e non della delle dei degli nel nella alla sono si ci anche ma questo
    questa essere gli da tra fra dalla molto ad
    de het een niet dat op te zijn voor met er maar om ook als bij nog wel worden
    wordt naar dan heeft hebben deze dit uit kan zo ze geen door meer ik je
    o os do da dos das em na um uma nao para com ao foi sao ele ela eles isso esse
    essa muito ja seu sua voce eu
    och att det som pa av for med inte har jag vi ett var till
    w z na nie sie jest ze do jak po tak
    hai hain ka ki ke ko mein nahi nahin kya aur bhi tha thi kar karna karte kuch
    bahut yeh ye woh wo hum tum aap apna apne raha rahe rahi gaya gayi liye jab tab
    agar lekin toh mujhe humein unka uska iska phir yaar
    shi zai ni ta bu hen zhe ge zhong guo mei hao jiu dou yao xiang qu lai shuo zhi
    dao yi ren ma ba ne dui gen kan xue jia nian tian hui neng keyi yige women tamen
    nimen zhege nage shenme zenme zhidao xihuan pengyou jintian mingtian
    """.split()  # noqa: SIM905 - as above
    )
    - EN_FUNCTION_WORDS
)

# ---------------------------------------------------------------------------
# Thresholds (see the module docstring for the reasoning)
# ---------------------------------------------------------------------------

# Below this many letters the script test is not attempted (an emoji-only
# message or "OK 👍" is judged by the other rules).
_MIN_LETTERS_FOR_SCRIPT = 20
# Letters that are not Latin script: above this share the text is not English.
# English prose quoting a Greek letter or a Chinese name stays far below it.
_MAX_NON_LATIN_SHARE = 0.5
# A text is "not prose" when prose lines hold less than this share of its
# visible (non-space) characters.
_MIN_PROSE_SHARE = 0.5
# English function-word share at or above which a text is accepted outright.
# Running English has 35-55%; even terse English rarely drops below 25%.
_EN_SURE = 0.25
# Other languages' function words: if at least this share of tokens are, and
# they outnumber English ones, the text is foreign.  English scores ~0-3% here.
_FOREIGN_SURE = 0.10
# Between the two, a text is foreign only if English function words are rare
# (under this share) and either foreign ones are present or few tokens are
# common English words (wordfreq zipf >= 3: "chair" 4.0, "hepatocyte" 1.9).
_EN_RARE = 0.12
_FOREIGN_SOME = 0.05
_MIN_COMMON_SHARE = 0.55
# Known at all (zipf >= 1, i.e. seen once per 100 million words): English, even
# with typos and jargon, is >90% known; Polish or tone-marked pinyin ~15-45%.
_MIN_KNOWN_SHARE = 0.7
# Letters with diacritics: ~0% in English, 2-8% in French, Portuguese, Polish...
_MAX_ACCENT_SHARE = 0.02
# Sampling for long texts.
_WINDOW = 2000
_MAX_WINDOWS = 20
_MAX_LOOKUPS = 300
_MAX_FEATURE_WORDS = 1000

# ---------------------------------------------------------------------------
# Regular expressions
# ---------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# Letters outside the Latin blocks; rare in English, so counting them is cheap.
_NON_LATIN_LETTER_RE = re.compile(r"[^\W\d_A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_ACCENTED_RE = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")

# A whitespace-delimited token that is a word, possibly wrapped in punctuation:
# "(hello),", "U.S.", "don't", "e-mail", "“Where".  Numbers, URLs, identifiers
# with underscores or dots, and emoji are not.
_PUNCT = r"""[\"'“”‘’«»()\[\]¿¡*_~—–-]"""
_WORDLIKE_TOKEN_RE = re.compile(rf"(?<!\S){_PUNCT}*[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?{_PUNCT}*[.,;:!?…]*{_PUNCT}*(?!\S)")
# The e-mail branch must start where a run of its characters starts: without the
# look-behind, findall retries it at every position of a long token and each try
# scans to the token's end (quadratic time on a 60,000-character blob).
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z!][^<>]{0,300}>")
_DIGIT_RE = re.compile(r"\d")
# Characters typical of code and data; prose uses a few parentheses at most.
_CODE_CHAR_RE = re.compile(r"[{}\[\]();=<>+*/\\|&^%$#@~`]")
# Line shapes that only code has: a line matching one is code, full stop.
_STRONG_CODE_LINE_RE = re.compile(
    r"""^\s*(?:
        (?:def|class|fn|func|function|struct|enum|interface|impl)\s+\w+\s*[(<:{]
      | func\s+\(\w+\s+\*?\w+\)\s*\w+\s*\(        # Go method
      | import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*\s*;?\s*$
      | from\s+[.\w]+\s+import\s
      | (?:using|package)\s+[\w.]+\s*;?\s*$
      | \#include\b | \#!/ | <\?xml\b
    )""",
    re.VERBOSE,
)
# Line shapes that are usually code; they count only together with code
# punctuation or a majority of non-word tokens, because some also begin prose
# ("if you are ..." ending in a colon, "return ..." in a wrapped sentence).
_CODE_LINE_RE = re.compile(
    r"""^\s*(?:
        (?:var|let|const|val|int|float|double|char|bool|void|auto|public|private|protected|static)\s+[\w<>\[\]*]+\s*[=;(,]
      | (?:if|for|while|elif|else|try|except|finally|with|switch|catch)\b[^.!?]*[:{]\s*$
      | (?:return|raise|throw|yield)\b[^.!?]*[;)\]}]?\s*$
      | [}\])]+[;,)]*\s*$
      | @\w+(?:\(.*\))?\s*$
      | \w+(?:\.\w+)*\s*(?:=|\+=|-=|:=|=>|->)\s*\S
      | [\w.]+\(.*\)\s*;?\s*$
      | (?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|FROM|WHERE|JOIN|LEFT\ JOIN|GROUP\ BY|ORDER\ BY|HAVING|LIMIT)\b
      | (?://|/\*|\*/|--\s|\#\s*\w+\s*[=:(])
      | [\[{]\s*(?:["'{\[\d]|$)            # JSON / literal opening
    )""",
    re.VERBOSE,
)
# "key: value" lines (YAML, config files, e-mail headers).  A block made mostly
# of these with short values is data, not prose.
_KEY_VALUE_RE = re.compile(r"^\s*(?:-\s+)?[\w.\-/\"']+:(?:\s+(\S+(?:\s+\S+){0,4}))?\s*$")
_LOG_LINE_RE = re.compile(
    r"^\s*\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d\d:\d\d:\d\d|\d{1,2}/\d{1,2}/\d{2,4}\s+\d\d:\d\d"
    r"|(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b)"
)
_ITEM_SPLIT_RE = re.compile(r"[,;]")
_ASCII_WHITESPACE = bytes(c for c in range(128) if chr(c).isspace())
_ASCII_LETTERS_AND_WHITESPACE = bytes(c for c in range(128) if chr(c).isalpha() or chr(c).isspace())
# The characters of _CODE_CHAR_RE, all ASCII.
_CODE_CHARS = b"{}[]();=<>+*/\\|&^%$#@~`"
_FENCE_RE = re.compile(r"^\s*(?:```|~~~)")
# Quoted keys ("name": ...) appear in JSON and dict literals, almost never in prose.
_QUOTED_KEY_RE = re.compile(r"[\"']\s*:")
_JSON_KEY_RE = re.compile(r'^\s*"[^"\n]*"\s*:')
# Table rows: markdown pipes, tabs, or comma/semicolon fields without the space
# that follows a comma in prose ("10001,Alice,2,8.50").
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$|^[^|]*\|[^|]*\|")
# Thousands separators ("1,250,000") are not field separators.
# Counted as all commas and semicolons (str.count), those followed by a
# non-space, and thousands separators to take off both: a pattern that starts
# with a look-ahead is tried at every character, one that starts with a comma
# is not.
_SEP_BEFORE_TEXT_RE = re.compile(r"[,;](?=\S)")
_THOUSANDS_SEP_RE = re.compile(r",(?<=\d,)\d{3}(?!\d)")


# ---------------------------------------------------------------------------
# Line classification (shared by prose_spans and judge_text)
# ---------------------------------------------------------------------------


# Line kinds.  MAYBE_CODE is a line that reads as prose but has the shape of a
# code statement ("for key in items:", "return result"): prose on its own, code
# when it touches code.
_NOT_PROSE, _PROSE, _MAYBE_CODE = 0, 1, 2


def _line_kind(line: str) -> int:
    """Classify one non-blank line, ignoring its neighbours."""
    tokens = line.split()
    if not tokens:
        return _NOT_PROSE
    visible = sum(map(len, tokens))
    if _FENCE_RE.match(line) or _LOG_LINE_RE.match(line) or _STRONG_CODE_LINE_RE.match(line):
        return _NOT_PROSE
    # URLs and e-mail addresses.
    url_chars = _url_chars(line)
    if url_chars * 2 > visible:
        return _NOT_PROSE
    # Markup: tags are most of the line.
    tag_chars = sum(len(m) for m in _TAG_RE.findall(line))
    if tag_chars * 2 > visible - url_chars:
        return _NOT_PROSE
    # Tables.
    if line.count("\t") >= 2 or _PIPE_ROW_RE.search(line):
        return _NOT_PROSE
    if _is_separated_row(line):
        return _NOT_PROSE
    # Numbers: digits are a large share of the visible characters.
    if _count_digits(line) * 10 >= visible * 3:
        return _NOT_PROSE
    # URLs are full of "/", "=" and "&": do not count those as code.
    bare = _URL_RE.sub(" ", line) if url_chars else line
    code_chars = _count_code_chars(bare)
    # Tokens made only of letters are always word-like, and in prose they
    # settle every test below on their own; the full pattern (slower) is
    # counted only when they cannot.
    wordlike = _surely_wordlike(line, tokens)
    if wordlike * 2 < len(tokens) or code_chars * 8 > visible:
        wordlike = len(_WORDLIKE_TOKEN_RE.findall(line))
    # Code: code-shaped lines, or dense code punctuation with few real words.
    code_shaped = _CODE_LINE_RE.match(line) is not None
    if code_shaped and (code_chars >= 1 or wordlike * 2 < len(tokens) or line.startswith(("    ", "\t"))):
        return _NOT_PROSE
    if code_chars * 8 > visible and wordlike * 3 < len(tokens) * 2:
        return _NOT_PROSE
    if ":" in line and (len(_QUOTED_KEY_RE.findall(line)) >= 2 or _JSON_KEY_RE.match(line)):
        return _NOT_PROSE
    # Otherwise a line is prose when most of its tokens are words.  An emoji or a
    # URL in a tweet does not tip it; a row of codes and numbers does.
    if wordlike * 2 >= len(tokens) or (len(tokens) <= 2 and wordlike >= 1):
        return _MAYBE_CODE if code_shaped else _PROSE
    return _NOT_PROSE


def _url_chars(line: str) -> int:
    """Characters of ``line`` in URLs and e-mail addresses."""
    # Every match contains "://", "www." (in any case) or "@"; most lines have
    # none, and checking for them is much faster than the pattern.
    if "@" not in line and "://" not in line and "www." not in line.lower():
        return 0
    return sum(len(m) for m in _URL_RE.findall(line))


def _is_separated_row(line: str) -> bool:
    """A row of comma or semicolon fields: at least two separators, nearly all without a space after.

    Thousands separators ("1,250,000") are not field separators.
    """
    n_sep = line.count(",") + line.count(";")
    # A separator followed by a space is not tight; when those alone leave
    # too few tight ones (prose), the patterns need not run.
    if n_sep < 2 or (n_sep - line.count(", ") - line.count("; ")) * 5 < n_sep * 4:
        return False
    thousands = len(_THOUSANDS_SEP_RE.findall(line))
    n_sep -= thousands
    return n_sep >= 2 and (len(_SEP_BEFORE_TEXT_RE.findall(line)) - thousands) * 5 >= n_sep * 4


def _count_code_chars(line: str) -> int:
    # Code characters are ASCII, and in UTF-8 an ASCII byte is always an ASCII
    # character: counting bytes counts them exactly.
    data = line.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _CODE_CHARS))


def _surely_wordlike(line: str, tokens: list[str]) -> int:
    """A lower bound on the word-like tokens of a line: its tokens made only of letters."""
    # Each token with something other than a letter holds at least one byte
    # that is neither an ASCII letter nor whitespace (a non-ASCII letter
    # counts too: an overestimate is safe); when such bytes are few, that
    # settles it without looking at each token.
    others = len(line.encode("utf-8", "surrogatepass").translate(None, _ASCII_LETTERS_AND_WHITESPACE))
    if others * 2 <= len(tokens):
        return len(tokens) - others
    return sum(map(str.isalpha, tokens))


def _count_digits(line: str) -> int:
    if line.isascii():
        # Deleting bytes is a memchr-speed scan.
        ascii_line = line.encode("ascii")
        return len(ascii_line) - len(ascii_line.translate(None, b"0123456789"))
    return len(_DIGIT_RE.findall(line))


def _is_list_block(lines: list[str]) -> bool:
    """Whether a block is a list rather than prose: names, tags, or config.

    Lists of names are short lines (or comma-separated items) of capitalized
    words with almost no function words; poetry and headlines have short
    capitalized lines too, but they keep their function words.  Lowercase lists
    of one- to three-word items ("python, java, rust, ...") need more items,
    because prose also strings short phrases together.  Blocks mostly made of
    short "key: value" lines are configuration or headers.
    """
    if len(lines) >= 3:
        matches = [m for m in map(_KEY_VALUE_RE.match, lines) if m]
        if len(matches) * 10 >= len(lines) * 7:
            # A chat transcript ("Mom: where are you") has the same shape, but
            # its values are sentences, full of function words.
            values = [w for m in matches for w in _WORD_RE.findall(m.group(1) or "")]
            fw = sum(1 for w in values if w.lower() in EN_FUNCTION_WORDS)
            if fw <= 0.2 * len(values):
                return True
    # Every item of a list is short; checking that first, item by item as the
    # lines are split, rejects prose quickly.
    items = []
    sizes = []
    for ln in lines:
        for it in _ITEM_SPLIT_RE.split(ln):
            if not it.strip():
                continue
            size = len(_WORD_RE.findall(it))
            if size > 4:
                return False
            items.append(it)
            sizes.append(size)
    words = [w for ln in lines for w in _WORD_RE.findall(ln)]
    if len(words) < 6:
        return False
    fw = sum(1 for w in words if w.lower() in EN_FUNCTION_WORDS)
    if fw > 0.1 * len(words):
        return False
    if sum(1 for w in words if w[:1].isupper()) >= 0.8 * len(words):
        # Capitalized: one name per line, or at least five comma-separated names.
        return len(lines) >= 3 or len(items) >= 5
    return len(items) >= 8 and max(sizes) <= 3


@functools.lru_cache(maxsize=2)  # judge_text and then prose_spans read the same text
def _classify_lines(text: str) -> list[tuple[int, int, bool | None]]:
    """Split ``text`` into lines ``(start, end, is_prose)``; blank lines get None.

    ``end`` excludes the line break (and a CR before it).  Line-level decisions
    are then smoothed within each block (a run of non-blank lines): fenced code
    is never prose; a code-shaped line next to code is code; a prose-looking
    line sandwiched between two non-prose lines (a code comment, a caption row)
    is not prose; and blocks that are lists (names, tags, key: value) are not
    prose.
    """
    lines: list[tuple[int, int, int | None]] = []
    in_fence = False
    pos = 0
    n = len(text)
    while pos < n:
        nxt = text.find("\n", pos)
        nxt = n if nxt < 0 else nxt + 1
        end = nxt - 1 if text[nxt - 1] == "\n" else nxt
        if end > pos and text[end - 1] == "\r":
            end -= 1
        line = text[pos:end]
        if _FENCE_RE.match(line):
            lines.append((pos, end, _NOT_PROSE))
            in_fence = not in_fence
        elif not line.strip():
            lines.append((pos, end, None))
        elif in_fence:
            lines.append((pos, end, _NOT_PROSE))
        else:
            lines.append((pos, end, _line_kind(line)))
        pos = nxt

    out: list[tuple[int, int, bool | None]] = []
    i = 0
    while i < len(lines):
        if lines[i][2] is None:
            out.append((lines[i][0], lines[i][1], None))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j][2] is not None:
            j += 1
        block = lines[i:j]
        kinds = [k for _, _, k in block]
        # Code-shaped lines touching code are code (both directions).
        for order in (range(1, len(kinds)), range(len(kinds) - 2, -1, -1)):
            for k in order:
                nb = k - 1 if order.step == 1 else k + 1
                if kinds[k] == _MAYBE_CODE and kinds[nb] == _NOT_PROSE:
                    kinds[k] = _NOT_PROSE
        for k in range(1, len(kinds) - 1):
            if kinds[k] and kinds[k - 1] == _NOT_PROSE and kinds[k + 1] == _NOT_PROSE:
                kinds[k] = _NOT_PROSE
        if any(kinds) and _is_list_block([text[s:e] for s, e, _ in block]):
            kinds = [_NOT_PROSE] * len(kinds)
        out.extend((s, e, bool(k)) for (s, e, _), k in zip(block, kinds, strict=True))
        i = j
    return out


def prose_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are prose, at line/paragraph granularity.

    Lines that look like code, tables, markup, logs, URL lists, number columns or
    lists of names are left out, so a mixed document can be scored on its prose
    alone.  Consecutive prose lines form one span (which includes the line breaks
    between them); a blank or non-prose line ends a span.  Every span starts and
    ends on a non-space character and indexes ``text`` exactly.
    """
    if not isinstance(text, str):
        raise TypeError(f"prose_spans() needs a str, not {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for start, end, kind in _classify_lines(text):
        if kind:
            if cur is None:
                cur = [start, end]
            else:
                cur[1] = end
        elif cur is not None:
            spans.append((cur[0], cur[1]))
            cur = None
    if cur is not None:
        spans.append((cur[0], cur[1]))
    # Trim surrounding whitespace so that spans start and end on visible text.
    trimmed = []
    for s, e in spans:
        seg = text[s:e]
        s2 = s + (len(seg) - len(seg.lstrip()))
        e2 = e - (len(seg) - len(seg.rstrip()))
        if e2 > s2:
            trimmed.append((s2, e2))
    return trimmed


# ---------------------------------------------------------------------------
# judge_text
# ---------------------------------------------------------------------------


def _visible_len(text: str) -> int:
    """Number of non-whitespace characters."""
    if text.isascii():
        # What str.split() splits on, deleted from the bytes at memchr speed.
        return len(text.encode("ascii").translate(None, _ASCII_WHITESPACE))
    return len("".join(text.split()))


def _sample(text: str) -> str:
    """The text itself, or up to 20 evenly spaced 2,000-character windows of it.

    Windows are widened to line boundaries where one is near, so that the line
    classifier sees whole lines.
    """
    n = len(text)
    if n <= _WINDOW * _MAX_WINDOWS:
        return text
    step = (n - _WINDOW) / (_MAX_WINDOWS - 1)
    parts = []
    for k in range(_MAX_WINDOWS):
        a = int(k * step)
        b = a + _WINDOW
        nl = text.rfind("\n", max(0, a - 200), a)
        a = nl + 1 if nl >= 0 else a
        nl = text.find("\n", b, b + 200)
        b = nl if nl >= 0 else b
        parts.append(text[a:b])
    return "\n\n".join(parts)


# Zipf values (log10 of frequency per billion words) of lower-cased words, 0
# for unknown words.
ZipfLookup = Callable[[list[str]], Sequence[float]]
_KNOWN_ZIPF = 1.0
_COMMON_ZIPF = 3.0


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    # wordfreq is imported lazily: importing it and reading its list takes
    # about a second, which callers that never judge text should not pay. A
    # direct dict lookup is ~50x faster than calling zipf_frequency() per token.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def _wordfreq_zipf(words: list[str]) -> list[float]:
    freqs = _english_frequencies()
    # zipf = log10(frequency * 1e9); 0 for a word wordfreq does not know.
    return [math.log10(f) + 9.0 if f > 0 else 0.0 for f in map(freqs.get, words, itertools.repeat(0.0))]


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _language_features(words: list[str], zipf_of: ZipfLookup | None = None) -> dict[str, float]:
    """Shares used by the English test (all between 0 and 1)."""
    n = len(words)
    # Whole-list operations: lower-casing the joined words equals lower-casing
    # each (a line break stops the context rule for a final sigma), and
    # map/filter run the set lookups without a Python loop.
    lower = "\n".join(words).lower().replace("\u2019", "'").split("\n")
    content = list(itertools.filterfalse(EN_FUNCTION_WORDS.__contains__, lower))
    en = n - len(content)
    keys = content if "".join(content).isascii() else list(map(_strip_accents, content))
    foreign = sum(map(FOREIGN_FUNCTION_WORDS.__contains__, keys))
    if "'" in "".join(keys):
        foreign += sum(
            1
            for k in keys
            if "'" in k and k not in FOREIGN_FUNCTION_WORDS and k.split("'", 1)[0] in FOREIGN_FUNCTION_WORDS
        )
    # Frequency lookups on an evenly spaced sample of content tokens.
    step = max(1, len(content) // _MAX_LOOKUPS)
    sample = content[::step][:_MAX_LOOKUPS]
    zipf = list((zipf_of or _wordfreq_zipf)(sample))
    known = sum(map(_KNOWN_ZIPF.__le__, zipf))
    common = sum(map(_COMMON_ZIPF.__le__, zipf))
    # Function words are common English words too; content words are
    # estimated from the sample.
    content_known = known / len(sample) if sample else 1.0
    content_common = common / len(sample) if sample else 1.0
    joined = "".join(words)
    accented = len(_ACCENTED_RE.findall(joined)) if not joined.isascii() else 0
    return {
        "en": en / n,
        "foreign": foreign / n,
        "known": (en + (n - en) * content_known) / n,
        "common": (en + (n - en) * content_common) / n,
        "accented": accented / max(1, len(joined)),
    }


def _is_english(f: dict[str, float]) -> bool:
    if f["foreign"] >= _FOREIGN_SURE and f["foreign"] > f["en"]:
        return False
    if f["en"] >= _EN_SURE:
        return True
    if f["en"] < _EN_RARE and (
        f["foreign"] >= _FOREIGN_SOME
        or f["known"] < _MIN_KNOWN_SHARE
        or f["common"] < _MIN_COMMON_SHARE
        or f["accented"] > _MAX_ACCENT_SHARE
    ):
        return False
    return f["common"] >= _MIN_COMMON_SHARE or f["en"] >= _EN_RARE


def judge_text(text: str, zipf_of: ZipfLookup | None = None) -> str | None:
    """Whether ``text`` is English prose worth scoring.

    Args:
        text: the text to judge.
        zipf_of: Zipf frequencies of a list of lower-cased words (0 when
            unknown); default: wordfreq's English list, loaded on first use.
            A detector passes its model's own table (the same wordfreq values
            for the model's vocabulary), which is already in memory.

    Returns:
        ``None`` when the text can be scored; otherwise the reason to abstain:
        ``"empty"`` (nothing but whitespace), ``"too short"`` (fewer than
        :data:`MIN_WORDS` words of prose), ``"not English"`` or ``"not prose"``
        (mostly code, data, markup, URLs, numbers or a list of names).

    Raises:
        TypeError: if ``text`` is not a ``str``.
    """
    require_str(text, "judge_text()")
    if not text.strip():
        return "empty"
    sample = _sample(text)

    # Letters outside Latin are counted first: with none (most texts), the
    # script test passes whatever the number of letters, which costs more to count.
    non_latin = 0 if sample.isascii() else len(_NON_LATIN_LETTER_RE.findall(sample))
    if non_latin:
        letters = sum(map(str.isalpha, sample))
        if letters >= _MIN_LETTERS_FOR_SCRIPT and non_latin > _MAX_NON_LATIN_SHARE * letters:
            return "not English"

    lines = _classify_lines(sample)
    visible = _visible_len(sample)
    prose_parts = [sample[s:e] for s, e, kind in lines if kind]
    # Line breaks and blank lines are whitespace: with no line left out, the
    # prose is all the visible text.
    left_out = any(kind is False for _, _, kind in lines)
    prose_visible = sum(map(_visible_len, prose_parts)) if left_out else visible
    if prose_visible < _MIN_PROSE_SHARE * visible:
        return "not prose" if visible >= 20 or not prose_parts else "too short"

    prose = "\n".join(prose_parts)
    words = _WORD_RE.findall(prose)
    if len(words) < MIN_WORDS:
        return "too short"
    if len(words) > _MAX_FEATURE_WORDS:
        # Shares from an evenly spaced sample are as good and cost less.
        words = words[:: len(words) // _MAX_FEATURE_WORDS + 1]
    if not _is_english(_language_features(words, zipf_of)):
        return "not English"
    return None
