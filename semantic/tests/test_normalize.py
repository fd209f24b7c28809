import pytest

from semantic.errors import Cancelled, NothingToAdvertise
from semantic.normalize import clean, frequency_tier
from semantic.types import Brief, CleaningOptions, Phrase, Removal


def reasons(result):
    return {removed.text: removed.reason for removed in result.removed}


def test_it_keeps_the_highest_frequency_form_of_duplicates():
    result = clean([Phrase("диван купить", 10), Phrase("Купить диваны", 50), Phrase("купить диван", 30)])

    assert [p.text for p in result.kept] == ["купить диваны"]
    assert result.kept[0].frequency == 50
    assert reasons(result) == {
        "купить диван": "дубль фразы «купить диваны»",
        "диван купить": "дубль фразы «купить диваны»",
    }


def test_it_removes_universal_stop_words_by_lemma_and_says_which():
    result = clean([Phrase("диван бесплатно", 5), Phrase("чертежи дивана своими руками", 5), Phrase("диван", 9)])

    assert [p.text for p in result.kept] == ["диван"]
    assert reasons(result) == {
        "диван бесплатно": "стоп-слово «бесплатно»",
        "чертежи дивана своими руками": "стоп-слово «своими руками»",
    }


def test_the_built_in_stop_list_never_removes_the_briefs_own_words():
    phrases = [Phrase("рамка для диплома", 5), Phrase("диплом купить", 5), Phrase("реферат диплом", 5)]

    result = clean(phrases, brief=Brief(name="Рамки для дипломов"))

    assert [p.text for p in result.kept] == ["диплом купить", "рамка для диплома"]
    assert reasons(result) == {"реферат диплом": "стоп-слово «реферат»"}


def test_it_applies_the_users_minus_words_in_every_word_form():
    result = clean([Phrase("бескаркасный диван", 5), Phrase("диван угловой", 5)], minus_words=["Бескаркасные"])

    assert [p.text for p in result.kept] == ["диван угловой"]
    assert reasons(result) == {"бескаркасный диван": "минус-слово «бескаркасные»"}


def test_it_drops_phrases_direct_would_reject():
    long_word = "а" * 36
    phrases = [Phrase("один два три четыре пять шесть семь восемь"), Phrase(f"диван {long_word}"), Phrase("***")]
    result = clean([*phrases, Phrase("диван")])

    assert [p.text for p in result.kept] == ["диван"]
    assert {item.code for item in result.removed} == {Removal.UNACCEPTABLE}
    assert reasons(result) == {
        "один два три четыре пять шесть семь восемь": "больше 7 слов (8)",
        f"диван {long_word}": f"слово длиннее 35 символов «{long_word}»",
        "***": "не осталось слов после удаления символов, которые Директ не принимает",
    }


def test_stop_words_do_not_count_toward_the_seven_word_limit():
    result = clean([Phrase("купить диван в москве и в области недорого с доставкой")])

    assert [p.text for p in result.kept] == ["купить диван в москве и в области недорого с доставкой"]


def test_it_drops_rare_and_dead_phrases_but_keeps_unknown_exact_frequency():
    phrases = [Phrase("диван", 100, exact_frequency=0), Phrase("софа", 3), Phrase("кресло", 50, exact_frequency=None)]

    result = clean(phrases, CleaningOptions(min_frequency=5, min_exact=5))

    assert [p.text for p in result.kept] == ["кресло"]
    assert reasons(result) == {"диван": "точная частота 0 < 5", "софа": "частота 3 < 5"}
    assert {item.text: item.code for item in result.removed} == {
        "диван": Removal.LOW_EXACT_FREQUENCY,
        "софа": Removal.LOW_FREQUENCY,
    }


def test_the_exact_frequency_filter_is_off_unless_asked_for():
    result = clean([Phrase("услуги скуд", 191, exact_frequency=2), Phrase("скуд", 900, exact_frequency=0)])

    assert [p.text for p in result.kept] == ["скуд", "услуги скуд"]


def test_phrases_of_stop_words_or_numbers_name_nothing_to_advertise():
    result = clean([Phrase("в"), Phrase("1"), Phrase("и 2024"), Phrase("диван 2 места")])

    assert [p.text for p in result.kept] == ["диван 2 места"]
    assert {item.text: item.code for item in result.removed} == dict.fromkeys(["в", "1", "и 2024"], Removal.NO_WORDS)
    assert reasons(result)["в"] == "только стоп-слова или числа"


def test_it_refuses_a_list_of_stop_words_only():
    with pytest.raises(NothingToAdvertise, match="Все фразы состоят из стоп-слов"):
        clean([Phrase("в"), Phrase("1"), Phrase("на")])


def test_it_refuses_when_cleaning_leaves_nothing_and_names_the_main_reason():
    phrases = [Phrase("диван", 3), Phrase("софа", 2), Phrase("диван бесплатно", 50)]

    message = r"удалила все фразы \(3\); больше всего \(2\) по причине: частота 3 < 5"
    with pytest.raises(NothingToAdvertise, match=message):
        clean(phrases, CleaningOptions(min_frequency=5))


def test_it_keeps_operators_of_kept_phrases():
    result = clean([Phrase('"купить  !слона"', 10)])

    assert result.kept[0].text == '"купить !слона"'


def test_it_reports_progress_and_stops_when_asked():
    seen = []
    clean([Phrase("диван", 1)], progress=lambda percent, message: seen.append(percent))
    assert seen[-1] == 100

    with pytest.raises(Cancelled):
        clean([Phrase("диван", 1)], should_stop=lambda: True)


@pytest.mark.parametrize(("frequency", "tier"), [(0, "low"), (99, "low"), (100, "mid"), (999, "mid"), (1000, "high")])
def test_it_sorts_frequencies_into_practitioners_tiers(frequency, tier):
    assert frequency_tier(frequency) == tier


def test_tier_thresholds_come_from_the_options():
    options = CleaningOptions(mid_frequency=10, high_frequency=50)

    assert [frequency_tier(value, options) for value in (9, 10, 50)] == ["low", "mid", "high"]


def test_a_negation_or_a_question_word_makes_another_phrase_not_a_duplicate():
    phrases = [Phrase("как работает скуд", 900), Phrase("не работает скуд", 175), Phrase("работает ли скуд", 5)]
    phrases += [Phrase("скуд", 1000), Phrase("скуд это", 500), Phrase("скуд в офис", 50), Phrase("скуд для офиса", 40)]

    result = clean(phrases)

    kept = ["скуд", "как работает скуд", "скуд это", "не работает скуд", "скуд в офис", "работает ли скуд"]
    assert [p.text for p in result.kept] == kept
    assert reasons(result) == {"скуд для офиса": "дубль фразы «скуд в офис»"}


def test_the_exact_frequency_filter_spares_phrases_naming_the_briefs_own_words_or_ordering():
    # «скуд», in every phrase, is the product; «монтаж», «офис», «предприятие» are what the user sells of it
    brief = Brief(name="СКУД под ключ", description="Продажа и монтаж СКУД для офисов и предприятий")
    common = [Phrase(f"{part} скуд", 300, 100) for part in ("контроллер", "карта", "считыватель", "турникет", "замок")]
    spared = [Phrase("офисный скуд", 34, 1), Phrase("стоимость монтажа системы скуд", 20, 1)]
    spared += [Phrase("скуд для предприятий", 20, 0), Phrase("требуется установка скуд", 11, 1)]
    spared += [Phrase("скуд уличный купить", 9, 1), Phrase("приобрести скуд", 16, 1), Phrase("недорогой скуд", 24, 1)]

    result = clean([*common, *spared, Phrase("скуд сова", 50, 1)], CleaningOptions(min_exact=2), brief=brief)

    assert {p.text for p in result.kept} == {p.text for p in [*common, *spared]}
    assert reasons(result) == {"скуд сова": "точная частота 1 < 2"}


def test_a_phrase_over_the_word_limit_is_shortened_to_its_product_and_model_not_dropped():
    brief = Brief(name="СКУД под ключ", description="Продажа и монтаж СКУД под ключ, проектирование", geo_ids=(213,))
    long_phrases = [
        Phrase("комплект скуд с электромагнитным замком и картами доступа на 1 дверь", 21),
        Phrase("acs 102 ce s контроллер скуд в пластиковом корпусе без блока питания", 5),
        Phrase("z 5r мод relay wiegand автономный контроллер скуд", 22),
        # its detail holds why it is no buyer's («инструкция»): shortening must not hide it from relevance
        Phrase("автономный контроллер скуд ironlogic matrix ii k со считывателем инструкция", 13),
        # only «скуд» would be left: a long specific phrase never turns into a broad one
        Phrase("скуд по среднему количеству емкости точек доступа обычно содержит", 9),
        # shortened into a phrase already on the list: a duplicate
        Phrase("сетевой контроллер скуд hikvision ds k2801 на 1 дверь", 5),
        Phrase("сетевой контроллер скуд hikvision ds k2801", 50),
    ]

    result = clean(long_phrases, brief=brief)

    assert {p.text for p in result.kept} == {
        "комплект скуд с электромагнитным замком и картами доступа",
        "acs 102 ce s контроллер скуд",
        "z 5r мод relay wiegand контроллер скуд",
        "сетевой контроллер скуд hikvision ds k2801",
    }
    codes = {item.text: item.code for item in result.removed}
    assert codes["автономный контроллер скуд ironlogic matrix ii k со считывателем инструкция"] == Removal.UNACCEPTABLE
    assert codes["скуд по среднему количеству емкости точек доступа обычно содержит"] == Removal.UNACCEPTABLE
    assert codes["сетевой контроллер скуд hikvision ds k2801"] == Removal.DUPLICATE
    assert next(p for p in result.kept if p.text.startswith("комплект")).frequency == 21
