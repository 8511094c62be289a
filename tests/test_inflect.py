"""Tests for spindetect.inflect: analysis, inflection, case matching, odd input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spindetect import inflect as inflect_module
from spindetect.inflect import TAGS, analyze, inflect, match_case

CASES = json.loads((Path(__file__).parent / "cases" / "inflection.json").read_text(encoding="utf-8"))
ODD_INPUTS = ["", " ", "3D", "3d", "e-mail", "o'clock", "ALLCAPS", "x", "mp3", "--", "rock'n'roll", "naïve", "a b"]


def test_tags_are_the_documented_ones():
    assert TAGS == ("", "s", "past", "part", "ing", "er", "est")


@pytest.mark.parametrize(("word", "lemma", "tag"), [tuple(c) for c in CASES["round_trip"]])
def test_round_trip(word: str, lemma: str, tag: str):
    readings = analyze(word)
    assert (lemma, tag) in readings, readings
    assert inflect(lemma, tag) == word


@pytest.mark.parametrize(("lemma", "tag", "expected"), [tuple(c) for c in CASES["inflect_only"]])
def test_inflect_cases(lemma: str, tag: str, expected: str):
    assert inflect(lemma, tag) == expected


def test_round_trip_list_is_broad():
    tags = {tag for _, _, tag in CASES["round_trip"]}
    assert len(CASES["round_trip"]) >= 60
    assert tags == set(TAGS) - {""}


# -- analyze -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "first"),
    [
        ("footfalls", ("footfall", "s")),
        ("coincided", ("coincide", "past")),
        ("went", ("go", "past")),
        ("stopped", ("stop", "past")),
        ("bigger", ("big", "er")),
        ("bus", ("bus", "")),
        ("read", ("read", "")),  # a lemma itself comes first
        ("virus", ("virus", "")),
    ],
)
def test_analyze_most_plausible_first(word: str, first: tuple[str, str]):
    assert analyze(word)[0] == first


def test_analyze_leaves_is_ambiguous():
    readings = analyze("leaves")
    assert readings.index(("leaf", "s")) < readings.index(("leaves", ""))
    assert ("leave", "s") in readings


@pytest.mark.parametrize(
    "word",
    ["footfalls", "coincided", "went", "making", "leaves", "bus", "is", "studies", "visited", "taller", "data"],
)
def test_analyze_shape(word: str):
    readings = analyze(word)
    assert (word, "") in readings
    assert len(readings) == len(set(readings))
    assert 1 <= len(readings) <= 6
    assert all(lemma and tag in TAGS for lemma, tag in readings)


@pytest.mark.parametrize(
    "word", ["bus", "gas", "its", "yes", "red", "bed", "need", "thing", "spring", "news", "during"]
)
def test_analyze_does_not_invent_lemmas_for_plain_words(word: str):
    assert analyze(word) == [(word, "")]


def test_analyze_prunes_impossible_stems():
    assert ("mak", "ing") not in analyze("making")  # "mak" would double: "makking"
    assert ("hop", "ing") not in analyze("hoping")
    assert ("hope", "ing") not in analyze("hopping")
    assert ("applie", "past") not in analyze("applied")
    assert ("handl", "past") not in analyze("handled")


def test_analyze_irregular_and_variant_forms():
    assert ("be", "past") in analyze("were")
    assert ("get", "part") in analyze("gotten")
    assert ("lie", "past") in analyze("lied")  # the regular "tell lies" verb
    assert ("hang", "past") in analyze("hanged")
    assert ("far", "er") in analyze("further")
    assert ("index", "s") in analyze("indices")
    assert ("withdraw", "part") in analyze("withdrawn")
    assert ("foresee", "past") in analyze("foresaw")


def test_analyze_lowercases_and_strips():
    assert analyze("Went")[0] == ("go", "past")
    assert ("footfall", "s") in analyze(" Footfalls ")


def test_analyze_result_can_be_mutated_safely():
    first = analyze("footfalls")
    first.clear()
    assert analyze("footfalls") == [("footfall", "s"), ("footfalls", "")]


def test_analyze_hyphenated_and_phrases():
    assert ("e-mail", "s") in analyze("e-mails")
    assert ("mother-in-law", "s") in analyze("mothers-in-law")
    assert ("give up", "past") in analyze("gave up")
    assert ("big cheese", "s") in analyze("big cheeses")
    assert ("have the courage of ones convictions", "s") in analyze("has the courage of ones convictions")
    assert ("beautiful", "er") in analyze("more beautiful")
    assert analyze("o'clock") == [("o'clock", "")]


# -- inflect -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "tag", "expected"),
    [
        ("give up", "past", "gave up"),
        ("give up", "part", "given up"),
        ("give up", "ing", "giving up"),
        ("give up", "s", "gives up"),
        ("have the courage of ones convictions", "s", "has the courage of ones convictions"),
        ("have the courage of ones convictions", "past", "had the courage of ones convictions"),
        ("big cheese", "s", "big cheeses"),
        ("fire engine", "s", "fire engines"),
        ("take care", "s", "takes care"),
        ("look into", "ing", "looking into"),
        ("well off", "er", "better off"),
    ],
)
def test_inflect_multiword(lemma: str, tag: str, expected: str):
    assert inflect(lemma, tag) == expected


def test_inflect_base_tag_is_identity():
    for lemma in ["footfall", "give up", "3d", "", "e-mail"]:
        assert inflect(lemma, "") == lemma


def test_inflect_doubling_ties_use_word_frequency():
    # Same spelling pattern, different stress: only frequency can tell.
    assert inflect("visit", "past") == "visited"
    assert inflect("admit", "past") == "admitted"
    assert inflect("benefit", "ing") == "benefiting"
    assert inflect("commit", "ing") == "committing"


def test_inflect_unknown_tag_raises():
    with pytest.raises(ValueError):
        inflect("walk", "ed")


def test_inflect_is_cached():
    assert inflect.cache_info().maxsize
    assert analyze.cache_info().maxsize


# -- match_case --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "model", "expected"),
    [
        ("steps", "Footfalls", "Steps"),
        ("steps", "FOOTFALLS", "STEPS"),
        ("steps", "footfalls", "steps"),
        ("steps", "I", "Steps"),  # one capital letter is Title, not ALL CAPS
        ("gave up", "Went", "Gave up"),  # Title case: first word only
        ("gave up", "WENT", "GAVE UP"),
        ("big cheese", "Boss", "Big cheese"),
        ("steps", "'Tis", "Steps"),
        ("", "Title", ""),
        ("steps", "", "steps"),
    ],
)
def test_match_case(form: str, model: str, expected: str):
    assert match_case(form, model) == expected


# -- odd input ---------------------------------------------------------------------


@pytest.mark.parametrize("word", ODD_INPUTS)
def test_odd_inputs_never_raise(word: str):
    readings = analyze(word)
    assert all(lemma for lemma, _ in readings)
    for tag in TAGS:
        assert isinstance(inflect(word, tag), str)
        assert isinstance(match_case(word, word), str)


def test_odd_inputs_behave_sensibly():
    assert analyze("") == []
    assert inflect("", "s") == ""
    assert inflect("3d", "s") == "3d"
    assert inflect("o'clock", "s") == "o'clock"
    assert inflect("e-mail", "s") == "e-mails"
    assert inflect("e-mail", "past") == "e-mailed"
    assert inflect("ALLCAPS", "s") == inflect("allcaps", "s").upper()
    assert inflect("Footfall", "s") == "Footfalls"
    assert analyze("3D") == [("3d", "")]


# -- data and speed ----------------------------------------------------------------


def test_data_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inflect_module._tables.cache_clear()
    tables = inflect_module._tables()
    assert tables.verbs["go"] == ("went", "gone")
    assert len([v for v in tables.verbs if v.isalpha()]) >= 200
    assert tables.plurals["child"] == "children"
    assert tables.comparatives["good"] == ("better", "best")


def test_the_doubling_table_is_what_wordfreq_says_today():
    """data/doubling.json must be regenerated when the inflection rules or wordfreq change."""
    from spindetect.training.doubling import OUT, doubled_winners

    stored = json.loads(OUT.read_text(encoding="utf-8"))
    assert {k: v for k, v in stored.items() if k != "_about"} == doubled_winners()


@pytest.mark.parametrize(
    ("lemma", "tag", "expected"),
    [
        ("admit", "past", "admitted"),
        ("visit", "past", "visited"),
        ("occur", "ing", "occurring"),
        ("open", "ing", "opening"),
    ],
)
def test_ambiguous_doubling_follows_the_commoner_spelling(lemma: str, tag: str, expected: str):
    assert inflect(lemma, tag) == expected
