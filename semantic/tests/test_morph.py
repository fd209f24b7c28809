"""Lemmas are cached per distinct word and shared between `lemma` and `word_info`: the cache must not change them."""

import pytest

from semantic.morph import _best_parse, _normal_form, lemma, word_info

WORDS = [
    "диваны",
    "дивана",
    "см",
    "ёлки",
    "елки",
    "скуд",
    "москве",
    "купить",
    "sigur",
    "3д",
    "wi-fi",
    "интернет-магазины",
]


@pytest.mark.parametrize("word", WORDS)
def test_a_cached_lemma_is_pymorphys_reading_of_the_word(word):
    uncached = _normal_form(_best_parse(word), word)

    assert lemma(word) == uncached
    assert lemma(word) == lemma(word)


@pytest.mark.parametrize("word", [word for word in WORDS if word.isalpha() and not word.isascii()])
def test_lemma_and_word_info_agree_on_russian_words(word):
    assert word_info(word)[0] == lemma(word)
    assert "NOUN" in word_info("диваны")[1]


def test_pymorphy_reads_its_dictionary_with_the_c_reader():
    """Clustering 25,000 phrases spends a third of its time in pymorphy3; its pure-Python dictionary reader is ~3×
    slower with the same parses, and pymorphy3 falls back to it silently when `dawg2` is missing."""
    import pymorphy3.dawg

    assert pymorphy3.dawg.EXTENSION_AVAILABLE
