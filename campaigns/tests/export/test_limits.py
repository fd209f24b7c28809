import pytest

from campaigns.export.data import ExportKeyword
from campaigns.export.limits import ExportLimitError, check_export_limits, counted_words
from campaigns.tests.export.samples import a_campaign, an_ad


def violations(data, ad_format="combinatorial"):
    with pytest.raises(ExportLimitError) as caught:
        check_export_limits(data, ad_format=ad_format)
    return caught.value.violations


def test_the_sample_campaign_is_within_every_limit():
    check_export_limits(a_campaign())


def test_a_keyword_over_seven_words_is_named_with_its_group_and_row():
    data = a_campaign()
    data.groups[1].keywords.append(ExportKeyword("купить большой угловой диван кровать с ящиком недорого москва"))

    [violation] = violations(data)

    assert (violation.group_number, violation.group_name, violation.row) == (2, "Угловые диваны", 18)
    assert "has 8 words, the limit is 7" in violation.message
    assert "group 2 «Угловые диваны», row 18" in str(violation)


def test_stop_words_and_minus_words_do_not_count_toward_seven_words_unless_fixed():
    assert counted_words("купить диван в москве для дачи -бесплатно -даром") == 4
    assert counted_words("купить диван +в москве !для дачи") == 6
    assert counted_words('"[купить диван] кровать"') == 3


def test_a_keyword_over_4096_characters_is_refused():
    data = a_campaign()
    data.groups[0].keywords.append(ExportKeyword("диван " + "-а" * 2100))

    [violation] = violations(data)

    assert violation.group_number == 1
    assert "4096" in violation.message


def test_more_than_200_keywords_in_a_group_is_refused():
    data = a_campaign()
    data.groups[0].keywords = [ExportKeyword(f"диван {n}") for n in range(201)]

    [violation] = violations(data)

    assert violation.group_number == 1
    assert violation.message == "201 keywords, a group holds at most 200"


def test_more_than_50_ads_in_a_group_is_refused():
    data = a_campaign()
    data.groups[1].ads = [an_ad(title=f"Диваны {n}") for n in range(51)]

    [violation] = violations(data)

    assert violation.group_number == 2
    assert "51" in violation.message


def test_group_negatives_count_characters_without_spaces():
    data = a_campaign()
    data.groups[0].negative_keywords = ["слово " * 200 + "а" * 3096]  # 4096 letters, 200 spaces
    check_export_limits(data)

    data.groups[0].negative_keywords.append("б")
    [violation] = violations(data)
    assert violation.group_number == 1
    assert "4097" in violation.message


def test_campaign_negatives_over_20000_characters_without_spaces_are_refused():
    data = a_campaign()
    data.negative_keywords = ["а" * 10_000, "б б" * 5_000]  # 20,000 letters and 5,000 spaces
    check_export_limits(data)

    data.negative_keywords.append("в")
    [violation] = violations(data)
    assert violation.group_number is None
    assert "20001" in violation.message


def test_an_ad_link_without_a_protocol_and_an_ad_without_text_are_refused_with_their_row():
    data = a_campaign()
    data.groups[0].ads[1] = an_ad(link="example.com")
    data.groups[1].ads[0].texts.clear()

    found = violations(data)

    assert [(violation.group_number, violation.row) for violation in found] == [(1, 15), (2, 16)]


def test_a_line_break_or_a_double_bar_inside_a_value_is_refused():
    data = a_campaign()
    data.groups[0].keywords[0] = ExportKeyword("купить\nдиван")
    data.groups[1].ads[0].callouts.append("a||b")

    found = violations(data)

    assert {violation.group_number for violation in found} == {1, 2}


def test_a_group_without_keywords_or_ads_is_refused():
    data = a_campaign()
    data.groups[1].keywords = []
    data.groups[1].ads = []

    messages = [violation.message for violation in violations(data)]

    assert messages == ["the group has no keywords", "the group has no ads"]


def test_a_combinatorial_ad_with_more_than_seven_titles_is_refused_rather_than_cut():
    data = a_campaign()
    data.groups[0].ads[0].titles.extend(f"Заголовок {n}" for n in range(5))

    [violation] = violations(data)

    assert violation.row == 12


def test_the_error_message_lists_every_violation():
    data = a_campaign()
    data.groups[0].keywords.append(ExportKeyword("один два три четыре пять шесть семь восемь"))
    data.groups[1].keywords.append(ExportKeyword("один два три четыре пять шесть семь восемь девять"))

    with pytest.raises(ExportLimitError) as caught:
        check_export_limits(data)

    assert "group 1 «Купить диван», row 15" in str(caught.value)
    assert "group 2 «Угловые диваны», row 19" in str(caught.value)
