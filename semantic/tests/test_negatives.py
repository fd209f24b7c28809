from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from semantic.errors import NothingToAdvertise
from semantic.negatives import blocks, build_negatives, negative_lemmas
from semantic.operators import STOP_WORDS
from semantic.relevance import judge_relevance
from semantic.stoplists import lemmas_of
from semantic.types import Brief, Cluster, NegativeOptions, Phrase, Removal, RemovedPhrase


def group(name, *texts, frequency=100):
    phrases = [Phrase(text, frequency) for text in texts]
    return Cluster(name=name, phrases=phrases, total_frequency=frequency * len(phrases))


def test_the_broader_group_gets_the_words_that_set_the_narrower_one_apart():
    sofas = group("Диван", "диван", "купить диван")
    sofa_beds = group("Диван кровать", "диван кровать", "купить диван кровать")

    result = build_negatives([sofas, sofa_beds])

    assert result.group_negatives == [["кровать"], []]


def test_a_group_negative_never_turns_away_a_query_that_no_other_group_takes():
    """`-керамика` would stop «полировка кузова керамика» at «Полировка кузова», yet the ceramics group holds it
    only with «цена»: the query would be lost. The whole difference, `керамика цена`, sends only what that group
    takes."""
    polishing = group("Полировка кузова", "полировка кузова", "полировка кузова цена")
    ceramics = group("Керамика", "полировка кузова керамика цена")

    result = build_negatives([polishing, ceramics])

    assert result.group_negatives[0] == ["керамика цена"]


def test_several_distinguishing_words_become_one_negative_phrase():
    result = build_negatives([group("Диван", "диван"), group("Угловой", "диван кровать угловой")])

    assert result.group_negatives[0] == ["кровать угловой"]


def test_cross_negatives_are_written_as_the_phrase_writes_them_so_direct_matches_them():
    result = build_negatives([group("Диван", "диван"), group("Авито", "диван авито", "диваны авито")])

    assert result.group_negatives[0] == ["авито"]


def test_when_only_the_word_form_differs_the_negative_fixes_the_form():
    result = build_negatives([group("Окно", "пластиковое окно"), group("Окна", "пластиковые окна")])

    assert result.group_negatives == [["!пластиковые"], ["!пластиковое"]]


def test_a_negative_that_would_block_the_groups_own_phrase_is_not_added():
    sofas = group("Диван", "диван", "диван кроватью раскладной")
    sofa_beds = group("Диван кровать", "диван кровать")

    result = build_negatives([sofas, sofa_beds])

    assert "кровать" not in result.group_negatives[0]


def test_what_does_not_fit_the_group_limit_is_reported_with_its_group_and_priority():
    words = ["угловой", "кожаный"]
    narrow = [group(f"Диван {word}", f"диван {word}", frequency=100 - i) for i, word in enumerate(words)]

    result = build_negatives([group("Диван", "диван"), *narrow], options=NegativeOptions(group_limit=12))

    assert result.group_negatives[0] == ["угловой"]
    assert [(item.negative, item.code, item.group, item.frequency) for item in result.dropped] == [
        ("кожаный", "group_limit", "Диван", 99)
    ]
    assert result.unplaced == ["«кожаный» (группа «Диван»): не помещается в лимит 12 символов минус-фраз группы"]


SOFA = Brief(name="Диваны от фабрики", description="Диваны и кровати: прямые, угловые", geo_ids=(213,))


def removed(text, code, frequency=100, confidence=""):
    return RemovedPhrase(text, frequency, "", code, confidence)


def test_campaign_negatives_come_from_dictionaries_and_the_words_that_set_served_removals_apart():
    clusters = [group("Диван", "диван", "купить диван")]
    gone = [removed("ремонт дивана", Removal.OFF_MARKET, 500, "confirmed")]
    gone += [removed("чехол на диван", Removal.OFF_MARKET, 900, "confirmed")]
    gone.append(removed("диван в сургуте", Removal.OTHER_CITY, 50))

    result = build_negatives(clusters, brief=SOFA, removed=gone)

    assert {"ремонт", "чехол", "сургут", "бесплатно", "авито", "вакансия"} <= set(result.campaign_negatives)
    assert "дивана" not in result.campaign_negatives
    assert "диван" not in result.campaign_negatives
    automatic = result.campaign_negatives
    assert automatic.index("чехол") < automatic.index("ремонт") < automatic.index("сургут")


def test_judged_removals_are_negated_only_once_the_user_confirms_them():
    clusters = [group("Диван", "диван")]

    judged = build_negatives(clusters, brief=SOFA, removed=[removed("чехол на диван", Removal.OFF_MARKET)])
    confirmed = build_negatives(
        clusters, brief=SOFA, removed=[removed("чехол на диван", Removal.OFF_MARKET, 100, "confirmed")]
    )

    assert "чехол" not in judged.campaign_negatives
    assert "чехол" in confirmed.campaign_negatives


def test_informational_markers_are_negated_where_the_kept_keywords_would_serve_them():
    clusters = [group("СКУД", "скуд", "система скуд", "монтаж скуд")]
    gone = [removed("что такое скуд", Removal.INFORMATIONAL, 5000), removed("скуд своими руками", Removal.STOP_WORD)]

    result = build_negatives(clusters, brief=Brief(name="СКУД"), removed=gone)

    negatives = result.campaign_negatives
    assert any(blocks(negative, "система скуд что это такое") for negative in negatives)
    assert any(blocks(negative, "скуд своими руками") for negative in negatives)
    assert not any(blocks(negative, kept) for negative in negatives for kept in ["скуд", "система скуд", "монтаж скуд"])


def test_stop_words_fixed_with_an_exclamation_mark_block_only_together():
    assert blocks("!что !это", "скуд что это") is True
    assert blocks("!что !это", "скуд что входит") is False


def test_another_citys_phrase_gives_the_city_alone_as_a_negative():
    gone = [removed("диван в нижнем новгороде официальный сайт", Removal.OTHER_CITY)]
    gone.append(removed("диван спб", Removal.OTHER_CITY))

    result = build_negatives([group("Диван", "диван")], brief=SOFA, removed=gone)

    assert {"нижний новгород", "спб"} <= set(result.campaign_negatives)
    assert not {"нижний", "официальный", "сайт"} & set(result.campaign_negatives)


def test_cities_outside_the_campaigns_regions_are_campaign_negatives_unless_the_core_uses_them():
    clusters = [group("Диван", "диван", "диван в химках")]

    moscow = build_negatives(clusters, brief=SOFA)
    moscow_region = build_negatives(clusters, brief=Brief(name="Диваны", geo_ids=(1,)))
    russia = build_negatives(clusters, brief=Brief(name="Диваны", geo_ids=(225,)))

    assert {"екатеринбург", "санкт петербург", "спб"} <= set(moscow.campaign_negatives)
    assert not {"москва", "химки", "мытищи"} & set(moscow.campaign_negatives)  # Moscow serves its oblast
    assert "мытищи" not in moscow_region.campaign_negatives
    assert "екатеринбург" in moscow_region.campaign_negatives
    assert "екатеринбург" not in russia.campaign_negatives


def test_city_negatives_are_written_as_people_write_the_names_not_as_lemmas_of_each_word():
    negatives = set(build_negatives([group("Диван", "диван")], brief=SOFA).campaign_negatives)

    assert {"сосновый бор", "нижний новгород"} <= negatives
    assert not {"наро фоминск", "королев", "московская область"} & negatives  # a Moscow business serves them
    assert not {"королева", "нарый фоминск", "московский область", "луг", "лев"} & negatives


def test_informational_phrases_feed_only_the_dictionary_not_their_own_words():
    clusters = [group("Диван", "диван")]

    result = build_negatives(clusters, brief=SOFA, removed=[removed("диван в интерьере", Removal.INFORMATIONAL)])

    assert "интерьер" not in result.campaign_negatives


def test_a_word_of_the_brief_or_of_a_kept_phrase_is_never_a_campaign_negative():
    brief = Brief(name="Ремонт диванов", base_keywords=("перетяжка мебели",))
    clusters = [group("Ремонт", "ремонт дивана", "перетяжка дивана недорого", "диван фото примеры")]
    clusters[0].phrases.append(Phrase("ремонт", 100))
    gone = [removed("ремонт телефона", Removal.OFF_MARKET, 100, "confirmed")]
    gone.append(removed("фото дивана бесплатно", Removal.STOP_WORD))

    result = build_negatives(clusters, brief=brief, removed=gone)

    words = set().union(*(negative_lemmas(item)[1] for item in result.campaign_negatives))
    assert "телефон" in words
    assert not words & {"ремонт", "перетяжка", "мебель", "диван", "фото", "недорого", "пример"}


def test_the_users_minus_words_come_first_and_are_reported_when_they_would_block_a_phrase():
    clusters = [group("Диван", "диван", "ремонт дивана")]

    result = build_negatives(clusters, stop_words=["Ремонт", "бу"])

    assert result.campaign_negatives[0] == "бу"
    assert "ремонт" not in result.campaign_negatives
    assert [(item.negative, item.code) for item in result.dropped] == [("ремонт", "blocks_kept")]
    assert result.unplaced == ["«ремонт»: не добавлено, заблокировало бы фразу «ремонт дивана»"]


def test_the_campaign_list_is_packed_by_the_frequency_it_blocks_and_the_rest_is_reported():
    clusters = [group("Диван", "диван")]
    gone = [removed("диван крючки", Removal.OFF_MARKET, 10, "confirmed")]
    gone.append(removed("диван фиат", Removal.OFF_MARKET, 1000, "confirmed"))
    options = NegativeOptions(campaign_limit=5)

    result = build_negatives(clusters, brief=SOFA, removed=gone, options=options)

    assert result.campaign_negatives == ["фиат"]
    dropped = {item.negative: item for item in result.dropped}
    assert dropped["крючки"].code == "campaign_limit"
    assert dropped["крючки"].frequency == 10
    assert "бесплатно" in dropped


def test_negatives_longer_than_direct_allows_are_reported():
    clusters = [group("Диван", "диван")]

    result = build_negatives(clusters, stop_words=["один два три четыре пять шесть семь восемь"])

    assert result.campaign_negatives[0] != "один два три четыре пять шесть семь восемь"
    assert result.dropped[0].code == "too_long"


def test_blocks_follows_directs_matching():
    assert blocks("кровать", "диван кроватью")
    assert not blocks("!кровать", "диван кроватью")
    assert blocks("кровать угловой", "угловая кровать диван")
    assert not blocks("кровать угловой", "диван кровать")


WORDS = ["диван", "диваны", "кровать", "угловой", "угловые", "купить", "кожаный", "москва", "недорого", "софа"]
phrase_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True).map(" ".join)
cluster_lists = st.lists(st.lists(phrase_texts, min_size=1, max_size=5, unique=True), min_size=1, max_size=5)


@given(cluster_lists, st.lists(st.sampled_from(WORDS), max_size=3))
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_negative_ever_blocks_a_phrase_it_is_meant_to_keep(groups, stop_words):
    clusters = [group(f"Группа {i}", *texts) for i, texts in enumerate(groups)]

    result = build_negatives(clusters, stop_words=stop_words)

    assert len(result.group_negatives) == len(clusters)
    for item, negatives_of_group in zip(clusters, result.group_negatives, strict=True):
        for negative in negatives_of_group:
            assert not any(blocks(negative, phrase.text) for phrase in item.phrases), (negative, item)
    every_phrase = [phrase.text for item in clusters for phrase in item.phrases]
    for negative in result.campaign_negatives:
        assert not any(blocks(negative, text) for text in every_phrase), negative


VOCABULARY = [
    "диван", "диваны", "кровать", "угловой", "купить", "цена", "ремонт", "химчистка", "чехол", "авито", "озон",
    "фото", "как", "выбрать", "москва", "сургут", "спб", "крючок", "скуд", "контроллер", "доступ", "бесплатно",
    "вакансия", "икеа", "модульный", "кожаный", "недорого", "своими", "руками", "б/у", "доставка",
]  # fmt: skip
brief_texts = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3, unique=True).map(" ".join)
phrase_lists = st.lists(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4, unique=True).map(" ".join), min_size=1, max_size=25
)


def significant_lemmas(text):
    return {lemma for lemma in lemmas_of(text) if lemma not in STOP_WORDS}


@given(brief_texts, st.lists(brief_texts, max_size=2), phrase_lists, st.sampled_from([(213,), (225,), ()]))
@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_negative_word_is_the_briefs_or_a_kept_phrases_and_no_negative_phrase_blocks_a_kept_one(
    name, keywords, texts, regions
):
    brief = Brief(name=name, base_keywords=tuple(keywords), geo_ids=regions)
    try:
        judged = judge_relevance([Phrase(text, 10) for text in dict.fromkeys(texts)], brief)
    except NothingToAdvertise:
        assume(False)
    by_first_word: dict[str, list[Phrase]] = {}
    for phrase in judged.kept:
        by_first_word.setdefault(phrase.text.split()[0], []).append(phrase)
    clusters = [Cluster(word, phrases, 10 * len(phrases)) for word, phrases in by_first_word.items()]

    result = build_negatives(clusters, brief=brief, removed=judged.removed)

    protected = set().union(*(significant_lemmas(text) for text in [name, *keywords]))
    protected |= set().union(*(significant_lemmas(phrase.text) for phrase in judged.kept))
    for negative in result.campaign_negatives:
        words = significant_lemmas(negative.replace("!", ""))
        if len(negative.split()) == 1:
            assert not words & protected, negative
        else:  # a negative phrase may use the market's words, never all of the brief's nor a kept phrase's
            assert not any(blocks(negative, phrase.text) for phrase in judged.kept), negative
    for index, (cluster, negatives_of_group) in enumerate(zip(clusters, result.group_negatives, strict=True)):
        others = [phrase.text for other in clusters[:index] + clusters[index + 1 :] for phrase in other.phrases]
        for negative in negatives_of_group:
            assert not any(blocks(negative, phrase.text) for phrase in cluster.phrases), (negative, cluster)
            words = negative_lemmas(negative)[1]
            assert any(words <= significant_lemmas(text) | {w for w in text.split()} for text in others), negative


def test_blocked_phrases_lists_what_each_negative_stops_in_every_word_form():
    from semantic.negatives import blocked_phrases

    phrases = ["купить угловой диван", "диван кровать", "ремонт диванов"]
    assert blocked_phrases(["угловой", "ремонт", "!кровати", "кровать угловая"], phrases) == {
        "угловой": ["купить угловой диван"],
        "ремонт": ["ремонт диванов"],
        "!кровати": [],
        "кровать угловая": [],
    }


def test_a_group_using_the_noun_of_a_fixed_expression_as_a_product_gets_the_expression_as_a_negative():
    """Direct ignores «под»: `ключ для скуд` would take «скуд под ключ», the installer's own turnkey query."""
    keys = group("Ключ для скуд", "ключ для скуд", "скуд электронный ключ")
    turnkey = group("Скуд установка", "установка скуд под ключ", "скуд под ключ цена")

    result = build_negatives([keys, turnkey])

    assert result.group_negatives[0] == ["!под ключ"]
    assert "!под ключ" not in result.group_negatives[1]
    assert blocks("!под ключ", "скуд под ключ")
    assert not blocks("!под ключ", "ключ для скуд")


def test_a_group_naming_the_noun_of_a_fixed_expression_in_a_phrase_or_two_keeps_its_turnkey_queries():
    """«система скуд под ключ» would be left to no keyword: the systems' ad fits a turnkey buyer."""
    systems = group("Система скуд", "система скуд", "система скуд цена", "система скуд ключ", "система скуд для офиса")
    turnkey = group("Скуд установка", "установка скуд под ключ", "скуд под ключ цена")

    result = build_negatives([systems, turnkey])

    assert not any(blocks(negative, "система скуд под ключ") for negative in result.group_negatives[0])


def test_a_made_to_order_brief_keeps_phrases_ordered_from_a_photo_and_never_negates_the_photo():
    """«кольцо на заказ по фото» is a jeweller's customer when the brief makes to order: relevance keeps it and `-фото`
    is never a campaign negative (it would block it); a shop that does not make to order negates the photo seekers."""
    from semantic.relevance import CertainRules

    made = Brief(name="Ювелирный магазин", description="Кольца из золота, изготовление на заказ")
    shop = Brief(name="Ювелирный магазин", description="Кольца из золота")
    clusters = [Cluster("Кольца", [Phrase("кольца на заказ", 100), Phrase("золотые кольца", 90)], 190)]
    removed = [RemovedPhrase("кольца фото", 50, "informational", Removal.INFORMATIONAL)]

    assert CertainRules(made).verdict("кольцо на заказ по фото") is None
    assert CertainRules(made).verdict("кольцо по эскизу") is None
    assert CertainRules(made).verdict("что такое кольцо по фото") is not None  # asks what it is all the same
    assert CertainRules(made).verdict("кольца фото") is not None  # looks at pictures
    assert CertainRules(shop).verdict("кольцо на заказ по фото") is not None

    made_negatives = build_negatives(clusters, brief=made, removed=removed).campaign_negatives
    shop_negatives = build_negatives(clusters, brief=shop, removed=removed).campaign_negatives
    assert not any(blocks(negative, "кольцо на заказ по фото") for negative in made_negatives)
    assert any(blocks(negative, "кольца фото") for negative in shop_negatives)
