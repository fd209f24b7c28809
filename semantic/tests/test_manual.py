import pytest

from semantic.errors import SemanticError
from semantic.sources import manual
from semantic.sources.manual import multiply, parse_keyword_text, parse_multiplier_text


def test_it_splits_a_typed_list_on_commas_semicolons_and_lines():
    text = "купить диван, диван угловой;\n1. софа\n- кресло мешок\n\nКупить диван"

    assert parse_keyword_text(text) == ["купить диван", "диван угловой", "софа", "кресло мешок"]


def test_it_multiplies_word_lists_with_optional_parts():
    phrases = multiply([["купить", "заказать"], ["диван", "софа"], ["", "недорого", "в москве"]])

    assert len(phrases) == 12
    assert phrases[:3] == ["купить диван", "купить диван недорого", "купить диван в москве"]
    assert "заказать софа в москве" in phrases


def test_it_drops_duplicate_combinations():
    assert multiply([["диван", "диван"], ["", ""]]) == ["диван"]


def test_it_refuses_a_product_that_would_explode(monkeypatch):
    monkeypatch.setattr(manual, "MAX_COMBINATIONS", 5)

    with pytest.raises(SemanticError, match="6 сочетаний; допустимо не больше 5"):
        multiply([["а", "б", "в"], ["г", "д"]])


def test_it_reads_multiplier_lists_from_brackets_or_lines():
    assert parse_multiplier_text("[купить, заказать] × [диван, софа] × [, недорого]") == [
        ["купить", "заказать"],
        ["диван", "софа"],
        ["", "недорого"],
    ]
    assert parse_multiplier_text("купить, заказать\nдиван") == [["купить", "заказать"], ["диван"]]
