"""Words pymorphy3 reads as names or places that the list uses as ordinary words are given back to the phrases."""

from semantic.lexicon import read_phrases
from semantic.name_words import restore_name_words

STUDIO = ["детейлинг цена", "детейлинг студия", "детейлинг рядом", "детейлинг центр", "полировка кузова"]


def test_a_word_guessed_as_a_first_name_is_the_product_when_the_list_repeats_it():
    """`детейлинг` comes back from pymorphy3 as a first name: dropped, `детейлинг цена` had no product at all."""
    words = restore_name_words(STUDIO, read_phrases(STUDIO))

    products = [item.product for item in words]
    assert len(set(products[:4])) == 1  # one product for the four `детейлинг` phrases
    assert products[0] in words[0].content
    assert products[4] == "полировка"  # a phrase without the word is left as it was


def test_a_known_place_stays_out_and_a_word_used_once_is_left_alone():
    texts = ["диван москва", "диван в москве купить", "диван москва недорого", "серьги конго"]

    words = restore_name_words(texts, read_phrases(texts))

    assert all("москва" not in item.content for item in words[:3])
    assert words[3] == read_phrases(texts)[3]  # `конго` once: no evidence the list uses it as a word
