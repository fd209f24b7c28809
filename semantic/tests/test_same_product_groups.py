"""Issue 22, round 4: groups a specialist keeps as one — one lemma family, an abbreviation beside its own
expansion, `один` beside the singular — and a small group of one service inside its service's group."""

import numpy as np
from django.utils import translation

import semantic.clustering as C
from semantic.group_sizing import merge_alike
from semantic.lexicon import read_phrases
from semantic.synonyms import abbreviation_expansions, derived_nouns, relative_adjectives
from semantic.tail import (
    general_objects,
    join_plain_services,
    merge_same_product,
    merge_same_words,
    product_key,
    same_product_words,
)
from semantic.types import Cluster, Phrase


def test_a_verbal_noun_and_a_diminutive_are_read_as_their_noun():
    """«Проект скуд» / «Проектирование скуд» and «Карта скуд» / «Карточки скуд» were two groups each."""
    mapping = derived_nouns(["проект", "проектирование", "карта", "карточка", "контроль", "контроллер", "бронирование"])

    assert mapping == {"проектирование": "проект", "карточка": "карта"}  # `контроллер` is not `контроль`


def test_a_relative_adjective_is_read_as_the_noun_it_is_made_from():
    """«Керамическое покрытие авто» orders the brief's «керамика»; a word sharing a shorter start does not."""
    lemmas = ["керамический", "керамзитовый", "полировочный", "кроватный", "покрытие", "монтажный", "домашний"]

    mapping = relative_adjectives(["керамика", "полировка", "кровать", "монтаж", "дом"], lemmas)

    # `дом` is too short a stem to tell (`до…`)
    assert mapping == {
        "керамический": "керамика",
        "полировочный": "полировка",
        "кроватный": "кровать",
        "монтажный": "монтаж",
    }


def test_the_brief_services_group_takes_the_phrases_naming_it_in_any_form():
    """The detailing build had «керамика» in two groups: «Полировка и керамика авто спб» (the noun) and
    `керамическое покрытие авто` inside «Полировка авто» (its adjective)."""
    ceramics = ["керамическое покрытие авто", "полировка и керамика авто спб", "керамика авто спб",
                "керамическое покрытие авто цена"]  # fmt: skip
    polish = ["полировка авто", "полировка авто спб", "полировка авто цена", "полировка кузова",
              "полировка кузова цена", "полировка кузова спб"]  # fmt: skip
    result = C.cluster([Phrase(text, 100) for text in polish] + [Phrase(text, 5) for text in ceramics],
                     brief="Детейлинг: полировка, керамика")  # fmt: skip

    holding = [group for group in result.clusters if any(p.text in ceramics for p in group.phrases)]
    assert len(holding) == 1
    assert sorted(p.text for p in holding[0].phrases) == sorted(ceramics)


def test_an_abbreviation_is_learned_from_a_phrase_spelling_it_out():
    phrases = [["система", "контроля", "управления", "доступом", "скуд"], ["скуд", "купить"], ["для", "дома", "мини"]]

    expansions = abbreviation_expansions(phrases, ["скуд", "дом"])

    assert expansions == {"система": "скуд", "контроля": "скуд", "управления": "скуд", "доступом": "скуд"}


TEXTS = [
    "скуд",
    "система скуд",
    "контроль доступа скуд",
    "система контроля и управления доступом скуд",
    "скуд на дверь",
    "скуд на одну дверь",
    "проект скуд",
    "проектирование скуд",
    "коммутатор сети",
    "система видеонаблюдения",
]


def test_the_product_key_drops_what_repeats_the_product():
    """An expansion word beside its abbreviation, and `один` beside a singular noun, name nothing more; an
    expansion word without the abbreviation (`система видеонаблюдения`) is kept."""
    words = read_phrases(TEXTS)
    derived, expansions = same_product_words(TEXTS, words)
    keys = [product_key(item, derived, expansions) for item in words]

    assert keys[0] == keys[1] == keys[2] == keys[3]
    assert keys[4] == keys[5]
    assert keys[6] == keys[7]
    assert "система" in keys[9]


def test_groups_naming_one_product_merge_and_a_small_narrower_group_joins_its_service():
    """«Оклейка капота» (4 phrases of known frequency) names «Оклейка авто»'s service and one thing more: it joins
    it; the market's noun `авто` tells nothing apart. The same group with unknown frequencies stays (unknown is not
    zero), and so does a group of more than five phrases."""
    texts = [
        *("оклейка авто", "оклейка авто цена", "оклейка авто спб", "оклейка авто пленкой", "оклейка авто винилом"),
        *("оклейка авто матовой пленкой", "авто детейлинг", "авто химчистка", "полировка авто"),
        *("оклейка капота", "оклейка капота цена", "оклейка капота спб", "оклейка капота пленкой"),
        *("проект скуд", "проектирование скуд"),
    ]
    words = read_phrases(texts)
    derived, expansions = same_product_words(texts, words)
    keys = [product_key(item, derived, expansions) for item in words]
    groups = [list(range(6)), [6], [7], [8], [9, 10, 11, 12], [13], [14]]
    common = frozenset({"автомобиль"})

    merged = merge_same_words(groups, keys, lambda group: group[0], [True] * len(texts), common)
    unknown = merge_same_words(groups, keys, lambda group: group[0], [True] * 9 + [False] * 6, common)

    assert [0, 1, 2, 3, 4, 5, 9, 10, 11, 12] in merged
    assert [13, 14] in merged
    assert [9, 10, 11, 12] in unknown


def test_a_catch_all_holding_the_head_term_is_named_by_it():
    """«Скуд: прочие запросы (apacs)» held the quoted head «"скуд"»: its ad speaks to the head's searches."""
    bag = [Phrase("скуд", 9000)]
    bag += [Phrase(f"скуд {word}", 10) for word in ["apacs", "бой", "ел", "реверс", "номер", "прайм"]]
    bag += [Phrase(f"{word} скуд", 5) for word in ["apacs", "2017", "терминал", "модели", "гейм"]]
    clusters = [Cluster("Скуд apacs", bag, 0)]

    with translation.override("ru"):
        C._name_catch_alls(clusters, {"скуд"})

    assert clusters[0].name == "Скуд"


def test_groups_whose_centroids_read_alike_merge_but_a_catch_all_only_with_a_catch_all():
    """Two groups reading as one thing merge; a catch-all, whose centroid is the list's own, takes no group of a
    vendor however alike it reads, and a group apart stays apart."""
    vectors = np.array([[1.0, 0.0, 0.0], [0.99, 0.14, 0.0], [0.0, 0.0, 1.0], [0.97, 0.0, 0.24]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    merged = merge_alike([[0], [1], [2], [3]], vectors, [False, False, False, True])
    with_catch_all = merge_alike([[0], [1], [3]], vectors, [False, True, True])

    assert merged == [[0, 1], [2], [3]]
    assert with_catch_all == [[0], [1, 3]]
    assert merge_alike([[0], [2]], vectors, [False, False]) == [[0], [2]]


def test_groups_of_one_product_merge_when_their_frequencies_are_known_and_the_product_is_not_the_markets():
    """«Кнопка выход скуд» and «Кнопка разблокировки скуд» are one product, one ad; «Угловой диван» and «Диван
    кровать» are kinds of the shop's own product (`диван`, a market noun) and stay; without frequencies nothing
    says the groups are thin, so they stay too."""
    texts = [
        "кнопка выхода скуд",
        "кнопка выхода скуд цена",
        "кнопка разблокировки скуд",
        "угловой диван",
        "диван кровать",
    ]
    words = read_phrases(texts)
    groups = [[0, 1], [2], [3], [4]]

    merged = merge_same_product(groups, words, lambda group: group[0], [True] * 5, frozenset({"диван"}))
    unknown = merge_same_product(groups, words, lambda group: group[0], [False] * 5, frozenset({"диван"}))

    assert merged == [[0, 1, 2], [3], [4]]
    assert unknown == groups


def test_a_phrase_joins_the_group_of_the_most_specific_service_it_names():
    """`полировка и керамика авто` leaves «Полировка авто» for the group named by the rarer service, керамика; a
    phrase whose group is named by its most specific service stays (`проект установки` in «Проект»)."""
    told = [
        frozenset({"полировка", "авто"}),  # 0: main of «Полировка авто»
        frozenset({"полировка", "керамика", "авто"}),  # 1
        frozenset({"полировка"}),  # 2
        frozenset({"керамика", "покрытие"}),  # 3: main of «Керамическое покрытие»
        frozenset({"проект", "установка"}),  # 4: main of «Проект»
        frozenset({"установка"}),  # 5: main of «Установка»
        frozenset({"установка", "турникет"}),  # 6, in «Турникет» (7)
        frozenset({"турникет"}),  # 7: main of «Турникет»
        frozenset({"установка"}),  # 8
    ]
    groups = [[0, 1, 2], [3], [4], [5, 8], [6, 7]]
    mains = [told[0], told[3], told[4], told[5], told[7]]
    services = frozenset({"полировка", "керамика", "проект", "установка"})

    result = C._gather_services(groups, mains, told, services)

    assert sorted(result) == sorted([[0, 2], [1, 3], [4], [5, 6, 8], [7]])


def test_the_plain_service_on_the_markets_general_object_joins_its_services_largest_group():
    """`авто` is held by most of a car studio's phrases and is the product of few: its general object, no kind of
    its own. «Полировка авто» joins «Полировка кузова» (the larger polishing group); «Полировка фар» stays, and so
    does a plain group with no larger group of its product («Оклейка авто»)."""
    texts = [
        "полировка авто",
        "полировка авто цена",
        "полировка кузова",
        "полировка кузова авто",
        "полировка кузова цена",
        "полировка фар",
        "оклейка авто",
        "оклейка авто цена",
    ]
    words = read_phrases(texts)
    groups = [[0, 1], [2, 3, 4], [5], [6, 7]]

    objects = general_objects(words)
    joined = join_plain_services(groups, words, lambda group: group[0], [True] * 8, objects)
    unknown = join_plain_services(groups, words, lambda group: group[0], [False] * 8, objects)

    assert objects == frozenset({"автомобиль"})  # `авто` is read as `автомобиль`
    assert joined == [[0, 1, 2, 3, 4], [5], [6, 7]]
    assert unknown == groups  # no frequency, no sign which group is the service's usual one
    assert join_plain_services(groups, words, lambda group: group[0], [True] * 8, frozenset()) == groups


def test_only_the_plain_searches_of_the_plain_group_move():
    """The tail merged into «Полировка авто» as rare (`бронирование авто`) stays a group of its own."""
    texts = [
        "полировка авто",
        "бронирование авто",
        "полировка кузова",
        "полировка кузова авто",
        "полировка кузова цена",
    ]
    words = read_phrases(texts)

    joined = join_plain_services(
        [[0, 1], [2, 3, 4]], words, lambda group: group[0], [True] * 5, frozenset({"автомобиль"})
    )

    assert joined == [[1], [0, 2, 3, 4]]


def test_a_word_most_phrases_have_as_their_product_is_no_general_object():
    """A ring shop's `кольцо` and the СКУД export's `скуд` are what those lists sell: «Серьги кольца» is a kind of
    earrings, never the plain «Серьги»."""
    words = read_phrases(["кольца", "обручальные кольца", "кольца с бриллиантами", "серьги кольца", "серьги"])

    assert general_objects(words) == frozenset()
