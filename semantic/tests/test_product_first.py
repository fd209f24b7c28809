"""A goods group is decided by its product noun before its modifiers (issue 22, the jewellery core's review: ring
phrases sat in earring groups), and a kind the searchers name keeps a group of its own, however rare."""

import numpy as np

from semantic.clustering import ClusteringOptions, cluster
from semantic.group_sizing import merge_alike, merge_rare
from semantic.kind_fit import is_named, named_apart, named_kinds, named_objects
from semantic.lexicon import PhraseWords
from semantic.tail import same_product_targets
from semantic.types import Phrase


def _words(product, *kinds, objects=()):
    return PhraseWords(product=product, kinds=frozenset(kinds), content=(product, *kinds), objects=frozenset(objects))


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def group_of(result, text):
    return next(sorted(p.text for p in c.phrases) for c in result.clusters if text in {p.text for p in c.phrases})


def test_a_tiny_groups_phrase_attaches_only_to_a_group_of_its_own_product():
    earrings = ["серьги с бриллиантами", "серьги с бриллиантами купить", "серьги с бриллиантами цена"]
    rings = ["обручальные кольца", "обручальные кольца купить", "обручальные кольца цена"]
    phrases = [Phrase(text) for text in [*earrings, *rings, "кольца с бриллиантами"]]

    result = cluster(phrases)

    assert not any(text.startswith("серьги") for text in group_of(result, "кольца с бриллиантами"))
    assert group_of(result, "серьги с бриллиантами") == sorted(earrings)


def test_a_rare_group_may_merge_only_into_a_group_of_its_product_while_the_list_has_one():
    words = [_words("кольцо", "обручальный"), _words("серьга", "бриллиант"), _words("кольцо", "бриллиант")]
    words.append(_words("подвеска", "бриллиант"))

    allowed = same_product_targets([[0], [1], [2], [3]], words)

    assert allowed[2].tolist() == [True, False, True, False]  # rings with rings only
    assert allowed[3].all()  # no other pendant group: any group its words allow


def test_a_named_kind_has_its_own_group_of_enough_phrases_said_alone_beside_its_product():
    words = [_words("кольцо", "дизайнерский")] * 5 + [_words("кольцо", "дизайнерский", "золото")]
    words += [_words("кольцо", "широкий", "золото")] * 5  # `широкий` never alone
    words += [_words("кольцо", "мужской")] * 4  # too few phrases
    words += [_words("кольцо", "золото")] * 5  # said alone, but the market's own word
    words += [_words("скуд", "гостиница", objects=["гостиница"])] * 5  # a place or a vendor: an object, not a kind
    words += [_words("кольцо", "заказ", objects=["заказ"])] * 5  # an offer has its own landing page
    groups = [list(range(start, end)) for start, end in [(0, 6), (6, 11), (11, 15), (15, 20), (20, 25), (25, 30)]]

    named = named_kinds(groups, words, min_phrases=5, common=frozenset({"золото"}))

    assert named == {("кольцо", "дизайнерский"), ("кольцо", "заказ")}
    assert [is_named(group, words, named) for group in groups] == [True, False, False, False, False, True]


def test_a_named_kinds_group_under_the_granularity_stands_above_directs_floor():
    vectors = np.vstack([unit(1, 0), unit(1, 0.1), unit(1, 0.2)])
    frequencies = np.array([5000, 288, 20])

    kept, _catch_all, notes = merge_rare(
        [[0], [1], [2]], vectors, frequencies, min_total=2000, floors=[2000, 30, 30], name_of=str
    )

    assert sorted(kept) == [[0], [1, 2]]  # «Дизайнерские кольца», 288 a month, stands and takes the rarer one
    assert notes == ["«[2]»: суммарная частота 20 < 30 (мало показов), объединена с «[1]»"]


def test_groups_that_differ_by_a_named_kind_never_merge_as_alike():
    heads = [
        _words("кольцо", "обручальный"),
        _words("кольцо", "обручальный", "парный"),
        _words("кольцо", "обручальный", "золото"),
        _words("серьга", "парный"),
    ]
    apart = named_apart(heads, frozenset({("кольцо", "парный")}))
    vectors = np.vstack([unit(1, 0), unit(1, 0.05), unit(1, 0.1), unit(1, 0.15)])

    merged = merge_alike([[0], [1], [2], [3]], vectors, [False] * 4, apart=apart)

    assert apart.tolist() == [
        [False, True, False, False],
        [True, False, True, False],  # the earrings are another product: `парный` does not keep them apart
        [False, True, False, False],
        [False, False, False, False],
    ]
    # `из золота` has no group of its own: a rider, it joins the plain kind; «… парные» stays apart, also from
    # what a group it was kept from took in (the earrings, another product, joined «… из золота» first)
    assert sorted(merged) == [[0, 2, 3], [1]]


def test_a_thing_beside_the_markets_word_is_named_an_object_not_a_kind():
    market = ["скуд"]
    words = [_words("турникет", "скуд")] * 5  # the thing as product, the market's word beside it
    words += [_words("скуд", "домофон")] * 5  # the thing beside the market's word as product
    words += [_words("скуд", "сфинкс")] * 5  # a name pymorphy3 knows: a vendor, no thing
    words += [_words("скуд", "mifare")] * 5  # a Latin brand or a code
    words += [_words("скуд", "калитка")] * 4  # too few phrases
    groups = [list(range(start, end)) for start, end in [(0, 5), (5, 10), (10, 15), (15, 20), (20, 24)]]

    objects = named_objects(groups, words, min_phrases=5, common=frozenset(market))

    assert objects == {("турникет", "скуд"), ("скуд", "домофон")}
    assert named_kinds(groups, words, min_phrases=5, common=frozenset(market)) == frozenset()


def test_a_things_group_stands_on_half_the_granularity_a_vendors_does_not():
    """«Турникет скуд» (1,113 a month against the СКУД export's 1,290) stood as rare in a catch-all «Скуд: прочие
    запросы (турникет, уличный)»: a specialist keeps it, as «Домофон скуд» and «Калитка скуд»."""
    things = [("турникет скуд", 700), ("турникет скуд купить", 200), ("турникет скуд цена", 100)]
    things += [("турникеты для скуд", 80), ("турникет для скуд в офис", 60)]
    vendors = [("скуд сфинкс", 500), ("скуд сфинкс купить", 200), ("скуд сфинкс цена", 100)]
    vendors += [("сфинкс скуд", 90), ("скуд сфинкс лицензия", 50)]
    broad = [("скуд", 9000), ("скуд купить", 3000), ("скуд цена", 2000), ("система скуд", 1500)]
    broad += [("скуд для офиса", 800), ("скуд для дома", 700), ("скуд для школы", 600), ("скуд для склада", 500)]
    broad += [("скуд на проходной", 400), ("скуд для гаража", 300)]  # турникет in under a fifth: no market word
    broad += [("контроллер скуд", 1500), ("контроллер скуд купить", 300), ("контроллер скуд цена", 200)]
    broad += [("считыватель скуд", 1300), ("считыватель скуд купить", 300), ("считыватель скуд цена", 200)]
    phrases = [Phrase(text, frequency) for text, frequency in [*things, *vendors, *broad]]

    # three groups stand by mass (0.9 × ln 26 → 3): the third's, 1,800 a month, is the granularity
    result = cluster(phrases, options=ClusteringOptions(groups_per_log=0.9))

    assert group_of(result, "турникет скуд") == sorted(text for text, _ in things)
    assert "скуд" in group_of(result, "скуд сфинкс")


def test_a_rare_group_goes_where_its_own_words_lead_not_where_a_phrase_it_took_in_leads():
    """«Учет рабочего времени скуд» (710 a month, rare) took `время работы скуд` by `время`, then went by that
    phrase's `работа` whole into «Стоимость работ скуд», and named it: works priced beside time attendance."""
    vectors = np.vstack([unit(1, 0), unit(1, 0.1), unit(1, 0.6)])
    frequencies = np.array([710, 102, 5000])  # учет рабочего времени, время работы, стоимость работ
    related = np.array([[True, True, False], [True, True, True], [False, True, True]])

    kept, catch_all, _notes = merge_rare(
        [[0], [1], [2]], vectors, frequencies, min_total=1000, name_of=str, related=related
    )

    assert kept == [[2]]
    assert sorted(catch_all) == [0, 1]  # no group shares its words: the catch-all, never the works group


def test_a_thing_is_said_alone_whichever_of_the_two_words_reads_as_the_product():
    """`домофон скуд` leads with the thing (its product `домофон`), the rest of its group with `скуд`: the group is
    still the thing's (the СКУД build's «Домофон скуд», 489 searches a month for the bare phrase)."""
    words = [_words("домофон", "скуд")] + [_words("скуд", "домофон", "система")] * 4
    words += [_words("скуд", "видеодомофон", "система")] * 5  # never said alone with `скуд`

    objects = named_objects([list(range(5)), list(range(5, 10))], words, min_phrases=5, common=frozenset({"скуд"}))

    assert objects == {("скуд", "домофон")}
