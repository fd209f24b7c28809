import pytest

from semantic.normalize import lemma_key, normalize_text
from semantic.operators import clean_characters, parse_phrase


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Купить   ДИВАН  ", "купить диван"),
        ("ёлка искусственная", "елка искусственная"),
        ("диван* © @дёшево #1", "диван дешево 1"),
        ("«диван кровать»", '"диван кровать"'),
        ("купить !!диван", "купить !диван"),
        ("купить ++в москве", "купить +в москве"),
        ("купить слона -бесплатно -!даром", "купить слона -бесплатно -!даром"),
        ("[купить билет] москва", "[купить билет] москва"),
        ("[купить билет москва", "купить билет москва"),
        ('"слон конь" замороженный', "слон конь замороженный"),
        (".слон 'конь", "слон конь"),
        ("windows 2.0 o'neil", "windows 2.0 o'neil"),
        ("слон -санкт-петербург", "слон -санкт -петербург"),
        ("- диван угловой", "диван угловой"),
        ("[+в москве]", "[в москве]"),
    ],
)
def test_it_normalizes_text_and_repairs_operators(raw, expected):
    assert normalize_text(raw) == expected


def test_it_parses_operators_into_words():
    parsed = parse_phrase('"купить !слона +в [москве недорого]" -бесплатно -!даром')

    assert parsed.quoted
    assert [word.render() for word in parsed.words] == ["купить", "!слона", "+в", "москве", "недорого"]
    assert parsed.bracketed == ((3, 5),)
    assert [word.render() for word in parsed.minus_words] == ["бесплатно", "!даром"]
    assert parsed.bare_text == "купить слона в москве недорого"
    assert parsed.has_operators


def test_it_counts_only_significant_words_toward_the_limit():
    assert parse_phrase("купить диван в москве и области").counted_words == 4
    assert parse_phrase("купить диван +в москве").counted_words == 4


def test_it_strips_characters_direct_rejects_but_keeps_other_alphabets():
    assert clean_characters("Київ әліппе çiçek ∫ ™") == "київ әліппе çiçek"


def test_the_lemma_key_ignores_word_order_forms_and_stop_words():
    assert lemma_key("купить диваны в Москве") == lemma_key("москва диван купить")


WITHOUT_OPERATORS = [
    "купить диван-кровать в москве недорого",
    "Молоко Простоквашино 3,2% 930мл",
    ".слон 'конь.",
    "o'neil 2.0 x-",
    "скуд  ",
    "",
    "© ®",
]


def test_the_lemma_key_keeps_fixed_forms_and_quotes_apart():
    assert lemma_key("купить !диваны") != lemma_key("купить диван")
    assert lemma_key('"купить диван"') != lemma_key("купить диван")


@pytest.mark.parametrize("raw", WITHOUT_OPERATORS)
def test_a_phrase_without_operators_parses_as_the_general_parser_reads_it(raw):
    from semantic.operators import _parse_tokens

    assert parse_phrase(raw) == _parse_tokens(clean_characters(raw).split())


@pytest.mark.parametrize(
    "raw",
    [
        *WITHOUT_OPERATORS,
        '"купить [!слона] в москве" -бесплатно',
        "- диван +на заказ",
        "скуд под ключ",
    ],
)
def test_the_bare_text_is_the_parsed_phrases_own(raw):
    from semantic.operators import bare_text

    assert bare_text(raw) == parse_phrase(raw).bare_text
