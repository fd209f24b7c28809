from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from semantic import negatives
from semantic.negatives import blocks, build_negatives
from semantic.types import Cluster, Phrase


def group(name, *texts, frequency=100):
    phrases = [Phrase(text, frequency) for text in texts]
    return Cluster(name=name, phrases=phrases, total_frequency=frequency * len(phrases))


def test_the_broader_group_gets_the_words_that_set_the_narrower_one_apart():
    sofas = group("Диван", "диван", "купить диван")
    sofa_beds = group("Диван кровать", "диван кровать", "купить диван кровать")

    result = build_negatives([sofas, sofa_beds])

    assert result.group_negatives == [["кровать"], []]


def test_several_distinguishing_words_become_one_negative_phrase():
    result = build_negatives([group("Диван", "диван"), group("Угловой", "диван кровать угловой")])

    assert result.group_negatives[0] == ["кровать угловой"]


def test_when_only_the_word_form_differs_the_negative_fixes_the_form():
    result = build_negatives([group("Окно", "пластиковое окно"), group("Окна", "пластиковые окна")])

    assert result.group_negatives == [["!пластиковые"], ["!пластиковое"]]


def test_a_negative_that_would_block_the_groups_own_phrase_is_not_added():
    sofas = group("Диван", "диван", "диван кроватью раскладной")
    sofa_beds = group("Диван кровать", "диван кровать")

    result = build_negatives([sofas, sofa_beds])

    assert "кровать" not in result.group_negatives[0]


def test_what_does_not_fit_the_group_limit_is_reported(monkeypatch):
    monkeypatch.setattr(negatives, "GROUP_LIMIT", 12)
    words = ["угловой", "кожаный"]
    narrow = [group(f"Диван {word}", f"диван {word}", frequency=100 - i) for i, word in enumerate(words)]

    result = build_negatives([group("Диван", "диван"), *narrow])

    assert result.group_negatives[0] == ["угловой"]
    assert result.unplaced == ["«кожаный» (группа «Диван»): не помещается в лимит 12 символов минус-фраз группы"]


def test_campaign_negatives_come_from_stop_lists_and_associations_without_blocking_kept_phrases():
    clusters = [group("Диван", "диван", "ремонт дивана")]
    associations = [Phrase("диван аренда", 500), Phrase("ремонт кресла", 100)]

    result = build_negatives(clusters, stop_words=["Ремонт", "бу"], associations=associations)

    assert result.campaign_negatives[:2] == ["бу", "бесплатно"]
    assert "аренда" in result.campaign_negatives
    assert "кресло" in result.campaign_negatives
    assert "ремонт" not in result.campaign_negatives
    assert "«ремонт»: не добавлено, заблокировало бы фразу «ремонт дивана»" in result.unplaced


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
