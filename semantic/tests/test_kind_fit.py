"""A phrase joins a group of its own product and kind only (issue 22, a specialist's review of the sofa demo), and a
phrase's product does not depend on its word order."""

from semantic.clustering import cluster
from semantic.kind_fit import dissolve_mixed, fits, group_fits, read_kinds, signatures
from semantic.lexicon import PhraseWords, order_free_products, read_phrases
from semantic.types import Phrase

MODIFIERS = ["купить", "цена", "недорого", "в москве", "интернет магазин", "от производителя", "с доставкой"]


def _words(product, *kinds):
    return PhraseWords(product=product, kinds=frozenset(kinds), content=(product, *kinds))


def _core(products, base):
    """A goods core as Wordstat gives it: each product with the common modifiers, plus rare offer phrases."""
    phrases = []
    for number, product in enumerate(products):
        head = base * (len(products) - number)
        phrases.append(Phrase(product, head))
        phrases.extend(Phrase(f"{product} {word}", head // (3 + step)) for step, word in enumerate(MODIFIERS))
    return phrases


def groups_of(result):
    return [sorted(p.text for p in c.phrases) for c in result.clusters]


def group_of(result, text):
    return next(group for group in groups_of(result) if text in group)


def test_a_groups_signature_is_what_all_of_its_phrases_hold():
    words = [_words("диван", "кровать"), _words("диван", "кровать", "заказ"), _words("диван")]
    assert signatures([[0, 1], [0, 1, 2]], words) == [frozenset({"диван", "кровать"}), frozenset({"диван"})]


def test_a_sibling_kind_group_never_takes_a_phrase_of_product_and_cross_cutting_modifier():
    words = [
        _words("диван", "кровать"),
        _words("диван", "кровать", "раскладной"),
        _words("диван", "книжка"),
        _words("диван", "книжка", "раскладной"),
        _words("диван", "угловой", "раскладной"),
        _words("диван", "раскладной"),
        _words("детейлинг", "василеостровский"),
        _words("детейлинг", "васильевский", "остров"),
    ]
    kinds = read_kinds([[0, 1], [2, 3], [4], [5], [6], [7]], words)
    assert kinds.cross["диван"] == {"раскладной"}  # said of three kinds
    assert not fits(words[5], 1, kinds)  # «диван раскладной» is no sofa-book
    assert fits(words[1], 0, kinds)  # its own kind
    assert fits(words[7], 4, kinds)  # a word of its own: left to the similarity that found the group
    assert fits(words[6], 0, kinds)  # another product is not judged by kind


def test_a_rare_group_of_product_and_modifier_merges_into_no_sibling_kind():
    words = [
        _words("диван"),
        _words("диван", "аккордеон"),
        _words("диван", "аккордеон", "раскладной"),
        _words("диван", "книжка", "раскладной"),
        _words("диван", "угловой", "раскладной"),
        _words("диван", "раскладной"),
    ]
    allowed = group_fits([[0], [1, 2], [3], [4], [5]], words)
    assert allowed[4, 0]  # «Диван» takes «диван раскладной»
    assert not allowed[4, 1:4].any()  # no sibling kind does
    assert allowed[2, 0]  # a kind group may go to the broad group (the rare merge decides by similarity)


def test_a_rare_offer_over_several_kinds_is_shared_out_by_kind():
    words = [
        _words("диван", "кровать"),
        _words("диван", "кожаный"),
        _words("диван"),
        _words("диван", "распродажа"),
        _words("диван", "кровать", "распродажа"),
        _words("диван", "кожаный", "распродажа"),
    ]
    groups = dissolve_mixed([[0], [1], [2], [3, 4, 5]], words, rare=[False, False, False, True])
    assert sorted(groups) == [[0, 4], [1, 5], [2, 3]]


def test_a_rare_group_of_another_service_is_not_shared_out():
    """`полировка кузова керамикой` is ceramics, not a kind of body polishing: only offers are shared out."""
    words = [
        _words("полировка", "кузов"),
        _words("полировка", "кузов", "керамика"),
        _words("полировка", "керамика", "авто"),
    ]
    assert dissolve_mixed([[0], [1, 2]], words, rare=[False, True]) == [[0], [1, 2]]


def test_offer_phrases_of_several_products_never_land_in_a_sibling_products_group():
    """«диван на заказ», «кожаный диван на заказ»… are rare; none may join «Диван кровать» (demo review)."""
    kinds = ["диван кровать", "кожаный диван", "прямой диван", "детский диван", "диван книжка"]
    phrases = _core(["диван", *kinds], 6000)
    offers = [f"{kind} на заказ" for kind in ["диван", *kinds]] + [f"{kind} распродажа" for kind in ["диван", *kinds]]
    phrases += [Phrase(text, 40) for text in offers] + [Phrase("диван раскладной", 60)]
    result = cluster(phrases)
    sofa_bed = group_of(result, "диван кровать")
    assert not {"диван на заказ", "диван распродажа", "кожаный диван на заказ", "детский диван распродажа"} & set(
        sofa_bed
    )
    assert "диван раскладной" not in group_of(result, "диван книжка")
    for kind in kinds[1:4]:
        for offer in ("на заказ", "распродажа"):
            group = group_of(result, f"{kind} {offer}")
            # its own kind's group, the broad product's, or one offer group over every sofa (`Диван на заказ`)
            assert kind in group or "диван" in group or all(offer in text for text in group)


def test_offer_phrases_respect_the_product_on_another_market_too():
    """The same rule on a jewellery core: a rare «кольцо на заказ» never joins «Обручальное кольцо»."""
    kinds = ["обручальное кольцо", "помолвочное кольцо", "мужское кольцо", "кольцо с бриллиантом"]
    phrases = _core(["кольцо", *kinds], 5000)
    phrases += [Phrase(text, 30) for text in ["кольцо на заказ", "мужское кольцо на заказ", "кольцо распродажа"]]
    result = cluster(phrases)
    for text in ("кольцо на заказ", "кольцо распродажа"):
        assert "обручальное кольцо" not in group_of(result, text)
        assert "помолвочное кольцо" not in group_of(result, text)
    assert "обручальное кольцо" not in group_of(result, "мужское кольцо на заказ")


def test_the_product_does_not_depend_on_word_order():
    texts = ["скуд", "скуд цена", "скуд монтаж", "скуд монтаж цена", "монтаж скуд", "установка скуд"]
    words = order_free_products(read_phrases(texts))
    assert words[2].product == words[4].product == words[0].product  # the order the list uses most: `скуд монтаж`
    assert words[2].kinds == words[4].kinds == frozenset({"установка"})  # `монтаж` reads as `установка`


def test_only_the_order_is_voted_on_not_the_commonest_noun():
    """`серьги кольца` (hoop earrings) stays earrings: no phrase says `кольца серьги`, however many lead with rings."""
    texts = ["кольца", "кольца золото", "обручальные кольца", "кольцо с бриллиантом", "серьги кольца", "серьги"]
    words = order_free_products(read_phrases(texts))
    assert words[4].product == words[5].product != words[0].product
