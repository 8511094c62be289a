"""The synthetic spinner: exact gold spans, rates, determinism, imitation of real spinners."""

from __future__ import annotations

import pytest

import spindetect

PARAGRAPH = (
    "The leader of the country said on Tuesday that he will visit the summit next week with his advisers. "
    "Officials expect the talks to focus on trade, security and the steps both sides have agreed to take. "
    "Critics of the government argued that the plan was rushed and that the public had not been consulted."
)


def _words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("thesaurus", ["moby", "wordnet"])
@pytest.mark.parametrize("rate", [0.05, 0.1, 0.2, 0.33])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gold_spans_are_exact_and_reversible(thesaurus, rate, seed):
    spun = spindetect.spin(PARAGRAPH, rate=rate, thesaurus=thesaurus, seed=seed)
    assert spun.swaps, "a 50-word paragraph should get at least one swap"
    rebuilt, pos = [], 0
    for swap in spun.swaps:
        assert spun.text[swap.start : swap.end] == swap.text
        assert swap.text != swap.original
        rebuilt.append(spun.text[pos : swap.start])
        rebuilt.append(swap.original)
        pos = swap.end
    rebuilt.append(spun.text[pos:])
    # Putting every original back gives the input, byte for byte.
    assert "".join(rebuilt) == PARAGRAPH


def test_rate_controls_how_many_words_change():
    low = spindetect.spin(PARAGRAPH, rate=0.05, seed=4)
    high = spindetect.spin(PARAGRAPH, rate=0.33, seed=4)
    n = _words(PARAGRAPH)
    assert len(low.swaps) <= round(0.05 * n)
    assert len(high.swaps) >= 0.6 * round(0.33 * n)
    assert spindetect.spin(PARAGRAPH, rate=0.0, seed=4).text == PARAGRAPH


def test_same_seed_same_output():
    assert spindetect.spin(PARAGRAPH, rate=0.2, seed=7) == spindetect.spin(PARAGRAPH, rate=0.2, seed=7)
    assert spindetect.spin(PARAGRAPH, rate=0.2, seed=7).text != spindetect.spin(PARAGRAPH, rate=0.2, seed=8).text


def test_capitalisation_is_kept():
    spun = spindetect.spin(PARAGRAPH, rate=0.33, seed=11)
    for swap in spun.swaps:
        if swap.original[0].isupper():
            assert swap.text[0].isupper(), swap


def test_multiword_and_function_word_swaps_happen():
    texts = [spindetect.spin(PARAGRAPH, rate=0.33, seed=s, thesaurus="moby") for s in range(30)]
    swaps = [sw for t in texts for sw in t.swaps]
    assert any(" " in sw.text for sw in swaps), "multiword replacements"
    function_words = {"will", "with", "that", "the", "on", "to", "and", "of", "have", "had", "has"}
    assert any(sw.original.lower() in function_words for sw in swaps), "function words are not fully protected"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"rate": 1.5}, ValueError), ({"rate": -0.1}, ValueError), ({"thesaurus": "roget"}, ValueError)],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        spindetect.spin(PARAGRAPH, **kwargs)
