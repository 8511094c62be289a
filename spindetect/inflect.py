"""Small rule-based English morphology: inflected word <-> (lemma, tag).

Article spinners swap a word for a thesaurus synonym and re-inflect it
("steps" -> "footfalls", "agreed" -> "coincided"). spindetect needs to undo
that: :func:`analyze` maps a written word back to candidate thesaurus lemmas
("footfalls" -> ("footfall", "s")), and :func:`inflect` re-inflects a
suggested lemma so that it fits where the spun word was ("step" + "s" ->
"steps"). :func:`match_case` then copies the capitalisation of the text.

Why hand-written rules rather than a library: spaCy's pretrained pipelines
and lemmatizer tables cannot be downloaded where spindetect is built and run,
and a lemmatizer is more than we need anyway. English inflection is regular
apart from a small closed set of exceptions, which live in
``data/irregular.json`` (~210 irregular verbs, irregular plurals and
comparatives), loaded once, lazily.

Design:

* ``TAGS``: ``""`` base, ``"s"`` plural noun or 3rd-person-singular verb,
  ``"past"``, ``"part"`` (past participle), ``"ing"``, ``"er"``, ``"est"``.
  Nouns and verbs share ``"s"`` because the spelling rules are the same.
* :func:`inflect` applies the irregular table first, then the spelling rules:
  e-drop (make -> making), y -> i (study -> studied), consonant doubling
  (stop -> stopped), -es after sibilants, -oes for a listed few. Doubling is
  decided by syllables: one-syllable words double, longer ones are ambiguous
  (visited / admitted) and the spelling wordfreq knows better wins, read
  from a table generated from wordfreq (``data/doubling.json``), so that
  wordfreq is never loaded at run time.
* :func:`analyze` undoes the same rules to propose candidate lemmas, then
  keeps only those whose inflection gives the word back. That makes the two
  functions agree by construction and prunes most junk ("making" is not
  "mak" + ing because "mak" would double to "makking").

Known limits (it is deliberately small):

* No part of speech or context: "leaves" gives both leaf and leave, "lay" is
  the past of "lie" (recline), never of "lie" (fib) - "lied" is still analysed.
  Callers filter lemmas against their own vocabulary and must expect
  over-generation: "-er"/"-est" readings such as ("teach", "er") for
  "teacher" or ("let", "er") for "letter" are orthographically valid.
* Which spelling of a doubling-ambiguous word wins follows wordfreq counts,
  so dialect can mix (cancelled, traveled).
* Adjectives of 3+ syllables (and most of 2) compare with "more"/"most"
  ("more beautiful"), so ``inflect`` may return two words for "er"/"est".
* The head of a multiword phrase is chosen by a heuristic (see ``inflect``);
  "fine tune" + past gives "fined tune".
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

__all__ = ["TAGS", "analyze", "inflect", "match_case"]

TAGS = ("", "s", "past", "part", "ing", "er", "est")
_TAG_SET = frozenset(TAGS)
# Suffix that each vowel-initial tag adds; doubling and e-drop only apply to these.
_SUFFIX = {"past": "ed", "part": "ed", "ing": "ing", "er": "er", "est": "est"}
_VOWELS = frozenset("aeiou")
_VOWELS_Y = frozenset("aeiouy")
_CACHE_SIZE = 1 << 17

# Prefixes that build compounds of irregular verbs ("under" + "take" ->
# "undertook"). "un" and "be" are left out on purpose: "behave" is not
# "be" + "have", and "un" mostly makes adjectives ("unknown").
_VERB_PREFIXES = ("under", "over", "with", "out", "mis", "fore", "for", "up", "re")

# A phrase whose second word is one of these is verb-headed ("give up",
# "have the courage of ones convictions"): the first word is inflected.
# fmt: off
_FUNCTION_WORDS = frozenset(
    {
        "a", "about", "above", "across", "after", "against", "ahead", "along", "among", "an",
        "apart", "around", "as", "aside", "at", "away", "back", "before", "behind", "below",
        "beneath", "beside", "between", "beyond", "by", "down", "for", "forth", "forward",
        "from", "her", "herself", "him", "himself", "his", "in", "into", "it", "its", "itself",
        "like", "me", "my", "myself", "near", "no", "not", "of", "off", "on", "one", "one's",
        "ones", "oneself", "onto", "our", "ourselves", "out", "over", "past", "round", "some",
        "somebody", "someone", "something", "than", "that", "the", "their", "them",
        "themselves", "these", "this", "those", "through", "to", "together", "toward",
        "towards", "under", "up", "upon", "us", "with", "within", "without", "your", "yourself",
    }
)
# Verbs that head idioms with a noun object ("take care", "make sense"), so the
# verb is inflected even though the second word is not a function word.
_LIGHT_VERBS = frozenset(
    {
        "be", "bring", "come", "do", "feel", "find", "get", "give", "go", "have", "hold",
        "keep", "leave", "lend", "let", "lose", "make", "put", "say", "see", "seek", "steal",
        "take", "tell",
    }
)
# fmt: on


class _Tables(NamedTuple):
    verbs: dict[str, tuple[str, str]]
    third: dict[str, str]
    plurals: dict[str, str]
    comparatives: dict[str, tuple[str, str]]
    reverse: dict[str, tuple[tuple[str, str], ...]]  # written form -> readings
    head_plurals: dict[str, str]  # "men" -> "man", for "policemen"
    head_suffixes: tuple[str, ...]  # the keys of head_plurals, for one str.endswith
    heads: tuple[str, ...]  # its values
    lemmas: frozenset[str]  # every lemma of the tables: such words are base forms
    oes: frozenset[str]
    not_compounds: frozenset[str]
    ie_verbs: frozenset[str]
    ee_stems: frozenset[str]
    invariant: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    # Loaded from the installed package, never relative to the working directory.
    path = resources.files("spindetect") / "data" / "irregular.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    explicit = {k: (v[0], v[1]) for k, v in raw["verbs"].items()}
    # Spell out compounds once ("under" + "take" -> "undertake": "undertook") so
    # that lookups stay single dict hits on the hot path.
    not_prefixed = frozenset(raw["not_prefixed"])
    verbs = {
        prefix + lemma: (prefix + past, prefix + part)
        for prefix in _VERB_PREFIXES
        for lemma, (past, part) in explicit.items()
        if prefix + lemma not in not_prefixed
    }
    verbs.update(explicit)
    third = dict(raw["third_person"])
    plurals = dict(raw["plurals"])
    comparatives = {k: (v[0], v[1]) for k, v in raw["comparatives"].items()}

    reverse: dict[str, list[tuple[str, str]]] = {}

    def add(form: str, lemma: str, tag: str) -> None:
        readings = reverse.setdefault(form, [])
        if (lemma, tag) not in readings:
            readings.append((lemma, tag))

    for lemma, (past, part) in verbs.items():
        add(past, lemma, "past")
        add(part, lemma, "part")
    for lemma, form in third.items():
        add(form, lemma, "s")
    for lemma, form in plurals.items():
        if form != lemma + "s":  # "stomach": "stomachs" is only there to block "-es"
            add(form, lemma, "s")
    for lemma, (er, est) in comparatives.items():
        add(er, lemma, "er")
        add(est, lemma, "est")
    for form, readings in raw["variants"].items():
        for lemma, tag in readings:
            add(form, lemma, tag)

    return _Tables(
        verbs=verbs,
        third=third,
        plurals=plurals,
        comparatives=comparatives,
        reverse={k: tuple(v) for k, v in reverse.items()},
        head_plurals={plurals[h]: h for h in raw["compound_heads"]},
        head_suffixes=tuple(plurals[h] for h in raw["compound_heads"]),
        heads=tuple(raw["compound_heads"]),
        lemmas=frozenset(verbs) | frozenset(plurals) | frozenset(comparatives) | frozenset(third),
        oes=frozenset(raw["oes_plurals"]),
        not_compounds=frozenset(raw["not_compounds"]),
        ie_verbs=frozenset(raw["ie_verbs"]),
        ee_stems=frozenset(raw["ee_stems"]),
        invariant=frozenset(raw["invariant"]),
    )


# -- spelling rules (lemma -> form) ------------------------------------------------


def _syllables(word: str) -> int:
    """Rough syllable count: vowel groups, minus a silent final e."""
    groups = 0
    prev = False
    for i, ch in enumerate(word):
        vowel = ch in _VOWELS or (ch == "y" and i > 0)
        if vowel and not prev:
            groups += 1
        prev = vowel
    if (
        groups > 1
        and word.endswith("e")
        and not word.endswith(("ee", "ie", "oe", "ye"))
        and not (word.endswith("le") and len(word) > 2 and word[-3] not in _VOWELS)
    ):
        groups -= 1  # "large", "coincide"; but "simple" keeps its "-le" syllable
    return max(groups, 1)


def _can_double(word: str) -> bool:
    """Ends consonant-vowel-consonant, so a vowel suffix may double the last letter."""
    n = len(word)
    if n < 2 or word[-1] in _VOWELS or word[-1] in "chjqwxy" or word[-2] not in _VOWELS:
        return False
    if n == 2:
        return True  # "up" -> "upped"
    before = word[-3]
    if before in _VOWELS:
        # "qu" spells a consonant: "quit" -> "quitting", "equip" -> "equipped".
        return before == "u" and n >= 4 and word[-4] == "q"
    return before.isalpha()


def _takes_oes(word: str) -> bool:
    t = _tables()
    if word in t.oes:
        return True
    # "undergo" -> "undergoes", "redo" -> "redoes"
    return word[-2:] in ("go", "do") and (word[:-2] in _VERB_PREFIXES or word[:-2] == "un")


def _add_s(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word[-1] == "y" and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word[-1] == "o" and _takes_oes(word):
        return word + "es"
    return word + "s"


def _add_vowel_suffix(word: str, suffix: str) -> tuple[str, ...]:
    """Spellings of word + suffix (ed/ing/er/est); two when doubling is ambiguous."""
    last = word[-1]
    if last == "e":
        if suffix != "ing":
            return (word + suffix[1:],)  # coincide -> coincided, nice -> nicer
        if word.endswith("ie"):
            return (word[:-2] + "ying",)  # die -> dying
        if len(word) <= 2 or word.endswith(("ee", "oe", "ye")):
            return (word + "ing",)  # be -> being, see -> seeing, dye -> dyeing
        return (word[:-1] + "ing",)  # make -> making
    if last == "y" and len(word) > 1 and word[-2] not in _VOWELS:
        return (word + suffix,) if suffix == "ing" else (word[:-1] + "i" + suffix,)
    if suffix in ("ed", "ing") and word.endswith("ic") and _syllables(word) > 1:
        return (word + "k" + suffix,)  # panic -> panicked: keep the /k/ sound
    if _can_double(word):
        doubled = word + last + suffix
        if _syllables(word) == 1:
            return (doubled,)  # stop -> stopped, big -> bigger
        # Depends on stress, which spelling cannot tell (visited vs admitted).
        return (word + suffix, doubled)
    return (word + suffix,)


def _periphrastic(word: str) -> bool:
    """Long adjectives compare with more/most: "more beautiful", not "beautifuller"."""
    n = _syllables(word)
    if n == 1:
        return False
    if n == 2:
        return not word.endswith(("y", "er", "le", "ow"))  # happier, cleverer, simpler, narrower
    return not (n == 3 and word.startswith("un") and word.endswith("y"))  # unhappier


def _compound_plural(lemma: str) -> str | None:
    """ "policeman" -> "policemen", "grandchild" -> "grandchildren"."""
    t = _tables()
    if not lemma.endswith(t.heads):
        return None
    for plural, head in t.head_plurals.items():
        if lemma.endswith(head) and len(lemma) - len(head) >= 3 and lemma not in t.not_compounds:
            return lemma[: -len(head)] + plural
    return None


def _irregular(lemma: str, tag: str) -> str | None:
    t = _tables()
    if tag in ("past", "part"):
        entry = t.verbs.get(lemma)
        return None if entry is None else entry[tag == "part"]
    if tag == "s":
        form = t.third.get(lemma) or t.plurals.get(lemma)
        return form if form is not None else _compound_plural(lemma)
    if tag in ("er", "est"):
        entry = t.comparatives.get(lemma)
        return None if entry is None else entry[tag == "est"]
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def _regular(lemma: str, tag: str) -> tuple[str, ...]:
    """Rule-based spellings of a single alphabetic word, best guess first."""
    if tag == "s":
        return (_add_s(lemma),)
    if tag in ("er", "est") and _periphrastic(lemma):
        return (("more " if tag == "er" else "most ") + lemma,)
    return _add_vowel_suffix(lemma, _SUFFIX[tag])


@lru_cache(maxsize=_CACHE_SIZE)
def _accepted(lemma: str, tag: str) -> frozenset[str]:
    """Every spelling analyze() accepts for (lemma, tag): the irregular form and the
    regular ones, since many irregulars also have regular variants (hanged, lied)."""
    irregular = _irregular(lemma, tag)
    regular = _regular(lemma, tag)
    return frozenset(regular if irregular is None else (irregular, *regular))


def _inflect_word(word: str, tag: str) -> str:
    irregular = _irregular(word, tag)  # before the checks below: "passer-by" is in the table
    if irregular is not None:
        return irregular
    if not word.isalpha():
        cut = word.rfind("-") + 1
        if not cut or not word[cut:].isalpha():
            return word  # digits, apostrophes ("o'clock", "3d"): leave alone
        if tag in ("er", "est"):
            return ("more " if tag == "er" else "most ") + word  # "more well-known"
        return word[:cut] + _inflect_word(word[cut:], tag)  # "e-mail" -> "e-mails"
    forms = _regular(word, tag)
    if len(forms) == 1:
        return forms[0]
    # Doubling is ambiguous (visited / admitted): the spelling wordfreq rates
    # higher, looked up in a table made from it (see _doubled_wins).
    return forms[1] if word in _doubled_wins()[_SUFFIX[tag]] else forms[0]


@lru_cache(maxsize=1)
def _doubled_wins() -> dict[str, frozenset[str]]:
    """suffix -> lemmas whose doubled spelling is the more frequent (from spindetect/data/doubling.json).

    The table is generated by ``python -m spindetect.training.doubling`` from
    wordfreq's list: reading that list at run time would cost about a second
    on every start.
    """
    path = resources.files("spindetect") / "data" / "doubling.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {suffix: frozenset(raw[suffix]) for suffix in set(_SUFFIX.values())}


@lru_cache(maxsize=_CACHE_SIZE)
def inflect(lemma: str, tag: str) -> str:
    """Inflect a lower-case lemma (a word or a multiword phrase) for ``tag``.

    ``inflect("go", "past") == "went"``, ``inflect("study", "s") == "studies"``,
    ``inflect("give up", "past") == "gave up"``, ``inflect("big cheese", "s") ==
    "big cheeses"``. Tag ``""`` returns the lemma unchanged. Odd words (digits,
    apostrophes) come back unchanged; hyphenated words inflect their last part.
    Raises ValueError only for a tag that is not in ``TAGS``.
    """
    if tag not in _TAG_SET:
        raise ValueError(f"unknown tag {tag!r}; expected one of {TAGS}")
    if not tag or not lemma or lemma.isspace():
        return lemma
    lower = lemma.lower()
    if lower != lemma:
        return match_case(inflect(lower, tag), lemma)
    words = lemma.split()
    if len(words) == 1:
        return _inflect_word(words[0], tag)
    # Verb phrases inflect the verb ("give up" -> "gave up"); noun compounds
    # inflect their last word ("big cheese" -> "big cheeses").
    head = 0
    if tag in ("s", "er", "est") and words[1] not in _FUNCTION_WORDS and words[0] not in _LIGHT_VERBS:
        head = -1
    words[head] = _inflect_word(words[head], tag)
    return " ".join(words)


# -- analysis (form -> lemma) ------------------------------------------------------


def _prefers_e(stem: str) -> int:
    """How strongly a stem that lost a suffix wants a silent "e" back.

    2: the e-form, with the bare stem only as a fallback ("danc" -> "dance");
    1: both, e-form first; 0: both, bare stem first; -1: bare stem only.
    Candidates are verified afterwards either way: this only orders them and
    keeps junk ("numbe", "waite") out of the result.
    """
    last = stem[-1]
    prev = stem[-2] if len(stem) > 1 else ""
    before = stem[-3] if len(stem) > 2 else ""
    single = prev in _VOWELS and before not in _VOWELS
    if last in "cvjqz" or (last == "u" and prev not in _VOWELS):
        return 2  # produced, loved, amazed, argued
    if last == "s":
        return 1 if stem.endswith(("us", "as")) else 2  # focused, biased / used, raised
    if last == "g":
        if stem.endswith(("ing", "ong")):
            return 0  # longed, winged (but singed)
        return 1 if stem.endswith("ang") else 2  # changed / hanged; judged, merged
    if last in "lr" and prev not in _VOWELS and prev not in "lrw":
        return 2  # handled, centred
    if last in _VOWELS:
        return 0  # agreed, died, hoed (echoed is excluded by the caller)
    if last in "wxy" and len(stem) > 2:
        return -1  # showed, boxed, played (but awed, eyed)
    if prev and prev not in _VOWELS:
        # Consonant clusters rarely take a silent e, except paste/waste and bathe.
        return 0 if stem.endswith(("st", "th")) else -1
    if prev and before in _VOWELS:
        if stem.endswith(("iat", "uat", "creat")):
            return 1  # appreciated, evaluated, created (but treated)
        if stem[-3:-1] in ("ee", "oo", "ai", "oa", "oi", "ea") and stem[-3:] != "eat":
            return -1  # needed, looked, waited, loaded: vowel pairs keep no e
        return 0
    if not single:
        return 0
    if (
        (last == "r" and prev in "aiu")
        or (last == "d" and _syllables(stem) > 1)
        or last in "bk"
        or stem.endswith(("um", "im", "in"))
    ):
        return 2  # compared, admired, secured, coincided, described, provoked, assumed, combined
    if (
        (last == "l" and prev in "iou")
        or (last == "t" and prev in "au")
        or last == "m"
        or (last == "p" and prev == "a")
    ):
        return 1  # compiled, consoled, created, executed, welcomed, escaped
    return 0


def _vowel_stems(stem: str, suffix: str) -> list[tuple[str, bool, bool]]:
    """Candidate lemmas for stem + suffix (ed/ing/er/est) as (lemma, signal, fallback).

    ``signal``: the spelling change itself shows inflection (bigger, happier).
    ``fallback``: only tried when no earlier candidate of the word survived.
    """
    t = _tables()
    out: list[tuple[str, bool, bool]] = []
    if _VOWELS_Y.isdisjoint(stem):
        return out  # "thing", "spring", "shed": no syllable left to be a lemma
    if suffix != "ing" and stem.endswith("i"):
        if stem + "e" in t.ie_verbs:
            out.append((stem + "e", False, False))  # untied
        out.append((stem[:-1] + "y", True, False))  # studied, happier
        if len(stem) > 3:
            out.append((stem, False, True))  # "studi" only if "study" fails
            return out
    if suffix == "ing" and stem.endswith("y") and stem[:-1] + "ie" in t.ie_verbs:
        out.append((stem[:-1] + "ie", True, False))  # dying
    if stem.endswith("ck") and suffix in ("ed", "ing") and stem[:-1].endswith("ic"):
        out.append((stem[:-1], True, False))  # panicked
        out.append((stem, False, True))
        return out
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        undoubled = stem[:-1]
        if stem[-1] in "sfz" or (stem[-1] == "l" and (_syllables(stem) == 1 or stem.endswith("all"))):
            out += [(stem, False, False), (undoubled, True, False)]  # passed, filled, installed
        else:
            out += [(undoubled, True, False), (stem, False, True)]  # stopped; but added
        return out  # a doubled consonant never hides a dropped e
    with_e = stem + "e"
    want_e = _prefers_e(stem)
    if (
        (with_e.endswith("ee") and with_e not in t.ee_stems)  # "need" is not "nee" + d
        or (with_e.endswith("ie") and with_e not in t.ie_verbs)  # "applied" is not "applie"
        or (stem[-1] in "aioy" and len(stem) > 3)  # "echoed" is not "echoe"
    ):
        want_e = -1
    if want_e == 2:
        out += [(with_e, False, False), (stem, False, True)]
    elif want_e == 1:
        out += [(with_e, False, False), (stem, False, False)]
    else:
        out.append((stem, False, False))
        if want_e == 0:
            out.append((with_e, False, False))
    return out


def _s_stems(word: str) -> list[tuple[str, bool, bool]]:
    """Candidate lemmas for a word ending in -s, as (lemma, signal, fallback)."""
    one = word[:-1]  # cats, makes, ties
    if word.endswith("ies"):
        y = word[:-3] + "y"
        # "ties", "lies" are tie/lie; longer -ies words are mostly -y (studies).
        return [(one, True, False), (y, True, False)] if len(word) == 4 else [(y, True, False), (one, True, False)]
    if not word.endswith("es"):
        return [(one, True, False)]
    two = word[:-2]  # boxes, churches, potatoes
    if two.endswith(("ss", "x", "zz", "ch", "sh", "o")) or (two.endswith("z") and two[-2:-1] not in _VOWELS):
        return [(two, True, False), (one, True, True)]  # "boxe", "potatoe" only as fallback
    if two.endswith("us") and len(two) > 2 and two[-3] not in _VOWELS:
        return [(two, True, False), (one, True, False)]  # buses / abuses
    if two.endswith("as"):
        return [(one, True, False), (two, True, False)]  # phases / gases
    if two.endswith(("s", "z")):
        return [(one, True, False), (two, True, True)]  # uses, horses, prizes
    return [(one, True, False)]


def _plausible(lemma: str, tag: str) -> bool:
    """Orthographic sanity: no vowel-less or unpronounceable lemmas ("hundr", "argu")."""
    if _VOWELS_Y.isdisjoint(lemma):
        return False
    last = lemma[-1]
    if last in "jqv":
        return False
    prev = lemma[-2]
    if last in "lr" and prev not in _VOWELS and prev not in "lrwy":
        return False  # "handl", "centr"
    return not (tag != "s" and last == "u" and prev not in _VOWELS)  # "argu"(ed)


def _regular_candidates(word: str) -> tuple[str, list[tuple[str, bool, bool]]]:
    """The suffix tag a word may carry and its candidate lemmas (at most one
    suffix fits, since s/ing/ed/er/est all end in different letters)."""
    n = len(word)
    last = word[-1]
    # Words of 3 letters or fewer are never stripped ("bus", "its", "red").
    if last == "s":
        if n > 3 and not word.endswith(("ss", "sis", "ous")):
            return "s", _s_stems(word)
    elif last == "g":
        if n > 4 and word.endswith("ing"):
            return "ing", _vowel_stems(word[:-3], "ing")
    elif last == "d":
        if n > 3 and word.endswith("ed"):
            return "past", _vowel_stems(word[:-2], "ed")
    elif last == "r":
        if n > 3 and word.endswith("er"):
            return "er", _vowel_stems(word[:-2], "er")
    elif last == "t" and n > 4 and word.endswith("est"):
        return "est", _vowel_stems(word[:-3], "est")
    return "", []


def _regular_readings(word: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(likely, unlikely) rule-based readings of a plain alphabetic word, verified."""
    likely: list[tuple[str, str]] = []  # ranked above the word itself
    unlikely: list[tuple[str, str]] = []  # ranked below it
    tag, candidates = _regular_candidates(word)
    if not candidates:
        return likely, unlikely
    lemmas = _tables().lemmas
    if len(candidates) > 1 and candidates[0][0] not in lemmas:
        # A lemma of the irregular tables wins ties: "hanged" is "hang", not "hange".
        candidates.sort(key=lambda c: c[0] not in lemmas)
    tags = ("past", "part") if tag == "past" else (tag,)
    found = False
    for lemma, signal, fallback in candidates:
        if fallback and found:
            continue
        if len(lemma) < 3 and lemma not in lemmas:
            continue
        if not _plausible(lemma, tag) or word not in _accepted(lemma, tag):
            continue
        # Only the best candidate outranks the word itself, and for -er/-est only
        # when the spelling proves it: most words in -er/-est are not comparatives
        # ("water", "forest").
        first = not found and (signal or tag not in ("er", "est"))
        found = True
        (likely if first else unlikely).extend([(lemma, tg) for tg in tags])
    return likely, unlikely


def _compound_readings(word: str) -> list[tuple[str, str]]:
    """ "policemen" -> ("policeman", "s"), "grandchildren" -> ("grandchild", "s")."""
    t = _tables()
    readings = []
    for plural, head in t.head_plurals.items():
        if word.endswith(plural) and len(word) - len(plural) >= 3:
            lemma = word[: -len(plural)] + head
            if _irregular(lemma, "s") == word:
                readings.append((lemma, "s"))
    return readings


def _analyze_word(word: str) -> list[tuple[str, str]]:
    t = _tables()
    base = (word, "")
    table = list(t.reverse.get(word, ()))
    if word.endswith(t.head_suffixes):
        table += _compound_readings(word)
    if word in t.invariant:
        return _dedupe([base, *table])
    likely, unlikely = _regular_readings(word)
    if not (table or likely or unlikely):
        return [base]  # the common case: nothing to undo
    # Base first when the word is itself a known lemma ("read", "set", "lay") or
    # looks uninflected ("bus", "virus", "taxis" is rarer than "this").
    if word in t.lemmas:
        return _dedupe([base, *table, *likely, *unlikely])
    if word.endswith(("us", "is", "ss")):
        return _dedupe([*table, base, *likely, *unlikely])
    return _dedupe([*table, *likely, base, *unlikely])


def _analyze_token(word: str) -> list[tuple[str, str]]:
    """A token with non-letters: hyphenated, digits, apostrophes."""
    table = list(_tables().reverse.get(word, ()))  # "passers-by"
    cut = word.rfind("-") + 1
    if cut and word[cut:].isalpha():  # "e-mails" -> "e-mail"
        prefix = word[:cut]
        readings = [(prefix + lemma, tag) for lemma, tag in _analyze_word(word[cut:])]
        return _dedupe([*table, *readings])
    return _dedupe([*table, (word, "")])  # digits, apostrophes


def _analyze_phrase(words: list[str]) -> list[tuple[str, str]]:
    phrase = " ".join(words)
    readings: list[tuple[str, str]] = []
    if len(words) == 2 and words[0] in ("more", "most"):  # "more beautiful"
        tag = "er" if words[0] == "more" else "est"
        if inflect(words[1], tag) == phrase:
            readings.append((words[1], tag))
    # Either end may be the inflected head; keep readings inflect() reproduces.
    for index in (0, -1):
        for lemma, tag in _analyze(words[index]):
            if tag:
                candidate = words.copy()
                candidate[index] = lemma
                joined = " ".join(candidate)
                if inflect(joined, tag) == phrase:
                    readings.append((joined, tag))
    return _dedupe([*readings, (phrase, "")])


def _dedupe(readings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(readings))


@lru_cache(maxsize=_CACHE_SIZE)
def _analyze(word: str) -> tuple[tuple[str, str], ...]:
    word = word.strip().lower()
    if not word:
        return ()
    if word.isalpha():
        return tuple(_analyze_word(word))
    words = word.split()
    if len(words) > 1:
        return tuple(_analyze_phrase(words))
    return tuple(_analyze_token(word))


def analyze(word: str) -> list[tuple[str, str]]:
    """Possible (lemma, tag) readings of a word, most plausible first.

    Always includes ``(word, "")`` (lower-cased); an empty string gives ``[]``.
    Purely orthographic plus the irregular tables, so it over-generates: the
    caller filters lemmas against its own vocabulary.
    ``analyze("went") -> [("go", "past"), ("went", "")]``,
    ``analyze("leaves") -> [("leaf", "s"), ("leave", "s"), ("leaves", "")]``.
    """
    # The cache lives on _analyze and holds tuples; hand out a fresh list so a
    # caller mutating the result cannot corrupt the cache.
    return list(_analyze(word))


analyze.cache_info = _analyze.cache_info  # type: ignore[attr-defined]
analyze.cache_clear = _analyze.cache_clear  # type: ignore[attr-defined]


# -- case --------------------------------------------------------------------------


def match_case(form: str, model: str) -> str:
    """Give ``form`` the capitalisation pattern of ``model``.

    ALL CAPS model (more than one character) -> upper case; Title model ->
    first letter upper (only the first word of a phrase); otherwise ``form``
    is returned unchanged.
    """
    if not form or not model:
        return form
    if len(model) > 1 and model.isupper():
        return form.upper()
    first = next((ch for ch in model if ch.isalpha()), "")
    if first.isupper():
        for i, ch in enumerate(form):
            if ch.isalpha():
                return form[:i] + ch.upper() + form[i + 1 :]
    return form
