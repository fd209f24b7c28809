"""Issue 22's rules: unknown frequency is not zero, the long tail folds, one brand spelt two ways is one group, head
terms run in quotes and count their own searches only, a services core splits by zone."""

import numpy as np

from semantic.clustering import cluster
from semantic.group_sizing import merge_rare
from semantic.head_terms import counted_frequencies, is_quoted_head, quoted
from semantic.lexicon import read_phrases
from semantic.synonyms import latin_spellings, transliterated
from semantic.types import Phrase

ZONES = {
    "бикини": ["лазерная эпиляция бикини", "эпиляция зоны бикини цена", "лазерная эпиляция глубокое бикини спб"],
    "подмышки": ["лазерная эпиляция подмышек", "эпиляция подмышек цена", "лазерная эпиляция подмышек спб"],
    "ноги": ["лазерная эпиляция ног", "эпиляция ног цена", "лазерная эпиляция ног полностью спб"],
    "лицо": ["лазерная эпиляция лица", "эпиляция лица цена", "лазерная эпиляция лица спб"],
    "руки": ["лазерная эпиляция рук", "эпиляция рук цена", "лазерная эпиляция рук спб"],
    "спина": ["лазерная эпиляция спины", "эпиляция спины цена", "лазерная эпиляция спины для мужчин"],
}  # a salon's zones: each a fifth of the list or less, as on a real core


def groups_of(result):
    return [sorted(p.text for p in c.phrases) for c in result.clusters]


def group_of(result, text):
    return next(group for group in groups_of(result) if text in group)


# --- unknown frequency --------------------------------------------------------------------------------------------


def test_groups_of_unknown_frequency_are_never_merged_as_rare():
    """A salon's export with most frequency cells empty: the zones stay apart, not folded into one rare group."""
    texts = [text for zone in ZONES.values() for text in zone]
    known = {"лазерная эпиляция ног": 50}  # one known phrase, the rest unknown (None), not zero
    phrases = [Phrase(text, known.get(text)) for text in texts]

    result = cluster(phrases)

    assert result.unknown_frequency == len(texts) - 1
    assert "лазерная эпиляция подмышек" not in group_of(result, "лазерная эпиляция бикини")
    assert "лазерная эпиляция ног" not in group_of(result, "лазерная эпиляция бикини")


def test_merge_rare_leaves_a_group_holding_an_unknown_frequency():
    vectors = np.eye(3, dtype=np.float32)
    frequencies = np.array([5, 0, 500])
    known = np.array([True, False, True])

    kept, catch_all, notes = merge_rare(
        [[0], [1], [2]], vectors + 0.5, frequencies, known=known, min_total=30, name_of=str
    )

    assert any(1 in group for group in kept)  # the unknown group may take a rare one, never goes itself
    assert len(notes) == 1
    assert notes[0].startswith("«[0]»")  # only the known rare group moved
    assert catch_all == []


# --- the long tail --------------------------------------------------------------------------------------------------


def test_no_tail_phrase_is_left_a_group_of_one():
    broad = ["скуд", "скуд купить", "система скуд", "скуд цена", "скуд установка", "установка скуд цена"]
    tail = ["скуд гейм", "скуд ранепа", "скуд горный университет", "скуд 2017"]

    result = cluster([Phrase(text, 100) for text in broad + tail])

    assert all(len(group) > 1 for group in groups_of(result))
    assert set(tail) <= set(group_of(result, "скуд"))


# --- one brand, two spellings; split compounds ----------------------------------------------------------------------


def test_latin_brand_spellings_are_read_as_their_cyrillic_spelling():
    assert transliterated("rusguard") == "русгард"
    mapping = latin_spellings(
        ["sigur", "perco", "rusguard", "case", "bolid", "tema"], ["сигур", "перко", "русгард"], ["кейс", "болид", "тем"]
    )

    assert mapping == {"bolid": "болид", "perco": "перко", "rusguard": "русгард", "sigur": "сигур"}


def test_sigur_and_сигур_and_a_split_compound_are_one_group_each():
    texts = ["sigur скуд", "сигур скуд", "sigur скуд купить", "сигур скуд цена",
             "авто химия", "автохимия", "автохимия купить", "авто химия для мойки"]  # fmt: skip

    words = read_phrases(texts)
    result = cluster([Phrase(text, 100) for text in texts])

    assert words[0].content == words[1].content
    assert words[4].product == words[5].product == "автохимия"
    assert sorted(groups_of(result)) == sorted([sorted(texts[:4]), sorted(texts[4:])])


# --- head terms -----------------------------------------------------------------------------------------------------


def test_a_one_word_broad_key_is_marked_for_phrase_match():
    words = "купить цена установка монтаж контроллер карта замок считыватель турникет калитка офис школа"
    texts = ["скуд"] + [f"скуд {word}" for word in words.split()]

    result = cluster([Phrase(text, 100) for text in texts])

    assert result.head_terms == ["скуд"]
    assert quoted("скуд") == '"скуд"'
    assert is_quoted_head('"скуд"')
    assert not is_quoted_head('"скуд купить"')


def test_each_search_is_counted_once_and_a_quoted_head_counts_its_own_wording():
    phrases = [
        Phrase("скуд", 1000, 80),
        Phrase("скуд купить", 300),
        Phrase("купить скуд цена", 100),
        Phrase("контроллер скуд", 200),
        Phrase("турникет", None),
    ]

    assert counted_frequencies(phrases) == [500, 200, 100, 200, None]
    phrases[0] = Phrase('"скуд"', 1000, 80)
    assert counted_frequencies(phrases)[0] == 80


# --- services -------------------------------------------------------------------------------------------------------


def test_a_services_core_splits_by_zone_and_the_region_word_makes_no_group():
    texts = [text for zone in ZONES.values() for text in zone]

    result = cluster([Phrase(text, None) for text in texts])

    for zone, zone_texts in ZONES.items():
        group = group_of(result, zone_texts[0])
        others = [text for other, other_texts in ZONES.items() if other != zone for text in other_texts]
        assert not set(others) & set(group), zone
    assert not any(group == ["лазерная эпиляция глубокое бикини спб"] for group in groups_of(result))
