import numpy as np

from semantic.lexicon import read_phrases
from semantic.synonyms import adjective_stem, code_variants, context_synonyms

# A hand-made word encoder: `тарелка` reads like `посуда` (cosine 0.9); every other word reads like no other.
SIMILAR = {"тарелка": "посуда"}
WORDS = ["посуда", "тарелка", "кольцо", "серьга", "золото", "бриллиант", "мытьё", "сушка", "средство", "купить"]


def encode(words):
    vectors = np.zeros((len(words), len(WORDS)), dtype=np.float32)
    for row, word in enumerate(words):
        vectors[row, WORDS.index(word)] = 0.436 if word in SIMILAR else 1.0
        if word in SIMILAR:
            vectors[row, WORDS.index(SIMILAR[word])] = 0.9
    return vectors


def test_words_filling_the_same_slots_and_read_alike_by_the_encoder_are_synonyms():
    contents = [
        ("средство", "мытьё", "посуда"),
        ("средство", "мытьё", "тарелка"),
        ("средство", "мытьё", "посуда", "купить"),
        ("средство", "мытьё", "тарелка", "купить"),
    ]

    assert context_synonyms(contents, encode) == {"тарелка": "посуда"}


def test_words_sharing_slots_that_the_encoder_reads_apart_stay_apart():
    contents = [("кольцо", "золото"), ("серьга", "золото"), ("кольцо", "бриллиант"), ("серьга", "бриллиант")]

    assert context_synonyms(contents, encode) == {}


def test_words_in_one_phrase_are_never_synonyms():
    contents = [("посуда", "тарелка"), ("мытьё", "посуда"), ("мытьё", "тарелка"), ("сушка", "посуда"),
                ("сушка", "тарелка")]  # fmt: skip

    assert context_synonyms(contents, encode) == {}


def test_derived_adjectives_share_a_stem_and_codes_a_spelling():
    assert adjective_stem("шлифовальный") == adjective_stem("шлифовочный") == "шлиф"
    assert adjective_stem("угловой") != adjective_stem("уголь")
    assert code_variants({"3d": 5, "3д": 2, "4k": 1}) == {"3д": "3d"}


def test_installation_nouns_of_one_object_are_one_word():
    """«Скуд монтаж» and «Скуд установка» were two groups of one service: the encoder reads the nouns 0.75 alike,
    under the context synonyms' 0.8, so the curated list makes them one word."""
    mounting, installing, install, wiring = read_phrases(
        ["монтаж скуд", "установка скуд", "установить скуд", "подключение скуд"]
    )

    assert set(mounting.content) == set(installing.content) == set(install.content)
    assert set(wiring.content) != set(installing.content)  # connecting is another job
