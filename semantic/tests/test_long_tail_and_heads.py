"""Issue 22's rules: unknown frequency is not zero, the long tail folds, one brand spelt two ways is one group, head
terms run in quotes and count their own searches only, a services core splits by zone."""

import numpy as np
from django.utils import translation

import semantic.clustering as C
from semantic.clustering import cluster
from semantic.group_sizing import merge_rare, split_by_meaning
from semantic.head_terms import count_once, counted_frequencies, is_quoted_head, quoted
from semantic.idioms import split_idioms
from semantic.lexicon import read_phrases
from semantic.synonyms import latin_spellings, transliterated
from semantic.tail import is_catch_all, on_theme
from semantic.types import Cluster, Phrase

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


# --- over-large groups, fixed expressions, frequencies that do not nest -----------------------------------------------


def test_an_oversize_group_is_split_by_its_own_words_and_no_part_is_numbered():
    """Direct takes 200 phrases a group: a broad group above it is cut by the words that tell its phrases apart
    (`скуд цена`, `скуд для офиса`), each part named by its own main phrase, never `Скуд 2`."""
    offices = [f"скуд для офиса {n} сотрудников" for n in range(60)]
    prices = [f"скуд цена за {n} дверей" for n in range(60)]
    schools = [f"скуд в школе номер {n}" for n in range(60)]
    tail = [f"скуд {word}" for word in ("бой", "игра", "2017", "ранепа", "вопрос", "ответ", "сова", "шоу", "гном")]
    phrases = [Phrase("скуд", 1000)] + [Phrase(text, 10) for text in offices + prices + schools + tail]
    words = [frozenset(text.split()[1:]) - {"для", "за", "в"} for text in ["скуд", *offices, *prices, *schools, *tail]]

    parts = split_by_meaning(list(range(len(phrases))), words, [p.frequency for p in phrases], max_size=100)

    assert all(len(part) <= 100 for part in parts)
    texts = [{phrases[index].text for index in part} for part in parts]
    assert len(parts) == 3  # words are peeled until the rest fits
    for kind in (offices, prices, schools):  # a telling word's phrases stay together
        assert any(set(kind) <= part for part in texts)
    assert sum(set(kind) in texts for kind in (offices, prices, schools)) == 2  # two peeled, each a part of its own
    assert {"скуд", "скуд гном"} <= texts[0]  # the rest keeps the product and its one-off tail
    assert split_by_meaning(list(range(50)), words, [10] * 50, max_size=100) == [list(range(50))]  # fits: kept


def test_an_oversize_group_is_never_cut_by_what_its_main_phrase_says():
    """`kept` (what the group's main phrase says: `установка` in «Скуд установка») never peels a part: a part of
    the phrases naming it would read as the group itself. The group is cut by its price phrases instead."""
    installs = [f"скуд установка {n}" for n in range(80)]
    prices = [f"скуд установка цена {n}" for n in range(40)]
    tail = [f"скуд {n}" for n in range(10)]
    texts = installs + prices + tail
    words = [frozenset(text.split()[1:]) for text in texts]

    plain = split_by_meaning(list(range(len(texts))), words, [10] * len(texts), max_size=100)
    kept = split_by_meaning(
        list(range(len(texts))), words, [10] * len(texts), max_size=100, kept=frozenset({"установка"})
    )

    assert {texts[index] for index in plain[0]} == set(tail)  # the group's own word peeled: its rest is the tail
    assert [{texts[index] for index in part} for part in kept] == [set(installs + tail), set(prices)]


def test_a_word_read_as_another_or_a_generic_head_cuts_no_group():
    """`монтаж` and `установить` are `установка` (`synonyms.CURATED_SYNONYMS`) and `система` is a generic head:
    cut by them, the СКУД installation group became «Скуд установка» and «Скуд монтаж», one service twice. The
    price word and a fixed expression still tell phrases apart."""
    texts = ["монтаж системы скуд цена", "установить скуд под ключ", "скуд sigur монтаж"]
    readings = [split_idioms(text) for text in texts]

    meaning = C._meaning_words(readings, read_phrases([text for text, _idioms in readings]))

    assert "монтаж" not in meaning[0] | meaning[2]
    assert "установить" not in meaning[1]
    assert "система" not in meaning[0]
    assert "цена" in meaning[0]
    assert "под ключ" in meaning[1]


def test_a_broad_group_above_directs_limit_gets_no_numbered_names():
    offices = [f"скуд для офиса {n} сотрудников" for n in range(120)]
    prices = [f"скуд цена за {n} дверей" for n in range(120)]
    phrases = [Phrase("скуд", 5000)] + [Phrase(text, 40) for text in offices + prices]

    result = cluster(phrases)

    names = [c.name for c in result.clusters]
    assert all(len(c.phrases) <= 200 for c in result.clusters)
    assert not any(name.rsplit(" ", 1)[0] in names and name.rsplit(" ", 1)[-1].isdigit() for name in names)


def test_pod_klyuch_is_a_turnkey_offer_not_a_key():
    """`под ключ` names the kind of offer: `скуд под ключ цена` is about the system, never beside `электронный
    ключ`."""
    assert split_idioms("скуд под ключ цена") == ("скуд цена", ("под ключ",))
    assert split_idioms("ключ для скуд") == ("ключ для скуд", ())
    reading, _idioms = split_idioms("монтаж скуд под ключ")
    assert "ключ" not in read_phrases([reading])[0].content  # never links with `электронный ключ`
    assert read_phrases([split_idioms("под ключ скуд")[0]])[0].product == "скуда"  # nor becomes the product


def test_frequencies_that_do_not_nest_are_unknown_not_zero():
    """A sample's illustrative numbers: `диван` 90,000 below its longer phrases' 150,000. Subtracting would leave
    the head group nothing; its searches are unknown instead, so the group gets the median share, and the plan
    says why."""
    phrases = [
        Phrase("диван", 90_000),
        Phrase("диван кровать", 60_000),
        Phrase("угловой диван", 40_000),
        Phrase("купить диван", 50_000),
        Phrase("купить диван кровать", 10_000),
    ]

    counted, not_nested = count_once(phrases)

    assert counted == [None, 50_000, 40_000, 40_000, 10_000]
    assert not_nested == [0]


def test_a_group_is_not_named_by_a_phrase_that_reads_as_a_numbered_part():
    """`Скуд 86` beside `Скуд` reads as the 86th part of one group: another phrase of the group names it."""
    phrases = [Phrase("скуд 86", 500), Phrase("скуд 86 сургут", 300), Phrase("скуд сургут заказать", 100)]

    assert C._name(phrases, [0, 1, 2]) == "Скуд 86 сургут"
    assert C._name(phrases, [0]) == "Скуд 86"  # when every phrase looks so, the first still names it


TAIL_BAG = [
    Phrase("прайм скуд", 500),
    Phrase("скуд терминал", 400),
    Phrase("скуд биометрический терминал", 300),
    Phrase("ключ для скуд", 300),
    Phrase("мастер ключ скуд", 200),
    Phrase("скуд 2017", 200),
    Phrase("ел скуд", 150),
    Phrase("скуд бой", 150),
    Phrase("точка скуд", 100),
    Phrase("скуд реверс", 100),
    Phrase("скуд номер", 100),
    Phrase("скуд модели", 90),
]
CONTROLLERS = [Phrase(text, 100) for text in ("контроллер скуд", "ip контроллер скуд", "контроллер скуд цена")] + [
    Phrase(f"контроллер скуд {code}", 10) for code in ("z5r", "e500", "nc 8000", "sigur", "matrix", "lan", "wifi")
]
HEAD = [Phrase("скуд", 9000), Phrase("скуд купить", 300), Phrase("скуд цена", 200), Phrase("скуд 2016", 90)]


def test_a_phrase_is_on_theme_when_it_says_what_its_groups_main_phrase_says():
    """`скуд` in every phrase is the campaign's product and says no group's theme; the main phrase of the product
    alone takes phrases that say nothing else (`скуд купить`), not a one-off word (`скуд 2016`)."""
    bag, controllers, head = on_theme([TAIL_BAG, CONTROLLERS, HEAD])

    assert bag == [True] + [False] * 11  # only `прайм скуд` says `прайм`
    assert all(controllers)
    assert head == [True, True, True, False]
    assert is_catch_all(bag)
    assert not is_catch_all(controllers)
    assert not is_catch_all(head)  # too small to call: a catch-all needs CATCH_ALL_MIN_PHRASES phrases


def test_a_catch_all_is_named_for_what_it_holds_not_after_its_first_phrase():
    """A 2-means remainder named «Прайм скуд» held 200 phrases of which 2 said `прайм`: now its product and the
    words most of its phrases share; a coherent group keeps its main phrase's name."""
    clusters = [Cluster("Прайм скуд", list(TAIL_BAG), 0), Cluster("Контроллер скуд", list(CONTROLLERS), 0)]

    with translation.override("ru"):
        C._name_catch_alls(clusters, set())

    assert [item.name for item in clusters] == ["Скуд: прочие запросы (ключ, терминал)", "Контроллер скуд"]


def test_a_catch_all_whose_phrases_mostly_share_a_word_is_named_by_those_phrases():
    """«Сетевой скуд» held 24 phrases of `интеграция` in 31: it is named by their main phrase."""
    phrases = (
        [Phrase("сетевой скуд", 900)]
        + [
            Phrase(f"интеграция {vendor} со скуд", 100 - number)
            for number, vendor in enumerate(
                ("болид", "трассир", "орион", "сигур", "перко", "парсек", "1с", "hikvision")
            )
        ]
        + [Phrase(text, 50) for text in ("скуд 2017", "ел скуд")]
    )
    clusters = [Cluster("Сетевой скуд", phrases, 0), Cluster("Контроллер скуд", list(CONTROLLERS), 0)]

    C._name_catch_alls(clusters, set())

    assert clusters[0].name == "Интеграция болид со скуд"


VENDOR = [Phrase("скуд болид", 400), Phrase("bolid скуд", 300), Phrase("купить скуд болид", 150),
          Phrase("скуд болид цена", 100), Phrase("скуд болид с2000", 90)]  # fmt: skip


def _peeled(min_total: int) -> list[list[str]]:
    phrases = TAIL_BAG + VENDOR + CONTROLLERS
    bag = list(range(len(TAIL_BAG) + len(VENDOR)))
    groups = [bag, list(range(len(bag), len(phrases)))]
    frequencies = np.array([phrase.frequency for phrase in phrases])
    texts = [phrase.text for phrase in phrases]
    result = C._peel_catch_alls(groups, phrases, texts, frequencies, min_total)
    return sorted(sorted(texts[index] for index in group) for group in result)


def test_a_vendor_the_catch_all_repeats_gets_its_own_group():
    """The СКУД build's «Скуд: прочие запросы (болид, эра)» buried `скуд болид` (1,653 a month) among 122 phrases:
    a word five of a catch-all's phrases hold (`bolid` read as `болид`), searched as much as a standing group, takes
    them into a group of their own; the coherent «Контроллер скуд» is not cut, though its codes repeat `скуд`."""
    groups = _peeled(min_total=1000)

    assert sorted(phrase.text for phrase in VENDOR) in groups
    assert sorted(phrase.text for phrase in TAIL_BAG) in groups
    assert sorted(phrase.text for phrase in CONTROLLERS) in groups
    assert len(groups) == 3


def test_a_catch_alls_word_too_rare_to_stand_or_without_frequencies_stays_in_it():
    """Granularity folded the catch-all: a word whose phrases are searched less than a group needs to stand stays
    folded, and a list without frequencies (nothing folded as rare) keeps what the linkage made."""
    whole = [sorted(phrase.text for phrase in TAIL_BAG + VENDOR), sorted(phrase.text for phrase in CONTROLLERS)]

    assert _peeled(min_total=5000) == sorted(whole)
    assert _peeled(min_total=0) == sorted(whole)


def test_a_service_the_brief_lists_gets_its_own_group_when_phrases_name_it():
    """The detailing build buried «керамика» (ceramic coating, a service of the brief) in «Полировка авто»; listed
    in the brief it gets its own group, while `оклейка` (no phrases) and `плёнкой` (not a listed noun) change
    nothing."""
    phrases = [
        Phrase("полировка авто", 1200),
        Phrase("полировка авто спб", 270),
        Phrase("полировка авто цена", 85),
        Phrase("тонировка стекол", 3000),
        Phrase("тонировка стекол спб", 500),
        Phrase("тонировка стекол цена", 300),
        Phrase("химчистка салона", 2500),
        Phrase("химчистка салона авто", 400),
        Phrase("химчистка салона цена", 200),
        Phrase("полировка и керамика авто спб", 22),
        Phrase("полировка и керамика авто цена", 3),
        Phrase("керамика авто спб", 1),
    ]

    merged = cluster(phrases)
    kept = cluster(phrases, brief="Детейлинг в СПб: полировка, керамика, оклейка плёнкой, тонировка")

    assert "полировка авто" in group_of(merged, "керамика авто спб")
    assert group_of(kept, "керамика авто спб") == sorted(
        ["полировка и керамика авто спб", "полировка и керамика авто цена", "керамика авто спб"]
    )
    assert len(kept.clusters) == len(merged.clusters) + 1


def test_an_offer_is_a_theme_so_a_made_to_order_group_is_no_catch_all():
    """The jewellery core's «Кольца на заказ» (rings of every kind made to order) was named «Кольцо: прочие запросы»
    while `на заказ` read as an intent word; offers have landing pages of their own, so they say a theme."""
    kinds = ("обручальные", "мужские", "женские", "широкие", "парные", "золотые", "серебряные", "узкие", "тонкие")
    rings = [Phrase(f"{kind} кольца{offer}", 100) for kind in kinds for offer in ("", " цена")]
    to_order = [Phrase("кольца на заказ", 500)] + [
        Phrase(f"{kind} кольца на заказ", 50)
        for kind in (
            "золотые",
            "обручальные",
            "мужские",
            "серебряные",
            "именные",
            "парные",
            "широкие",
            "женские",
            "узкие",
        )
    ]

    flags = on_theme([rings, to_order])[1]

    assert all(flags)
    assert not is_catch_all(flags)
