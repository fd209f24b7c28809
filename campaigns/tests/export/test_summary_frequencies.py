"""The summary sheet says how many phrases had no frequency and which one-word keys run in quotes (issue 22)."""

from decimal import Decimal

from django.utils import translation

from campaigns.export.data import ExportKeyword
from campaigns.export.summary import summary_rows
from campaigns.tests.export.samples import a_campaign


def test_the_summary_counts_phrases_without_a_frequency_and_names_the_quoted_head_terms():
    data = a_campaign()
    data.budget = Decimal("10000")
    data.groups[0].keywords += [
        ExportKeyword('"диван"', 90_000, exact_frequency=3_000),
        ExportKeyword("диван бу", None),
    ]

    with translation.override("en"):
        rows = summary_rows(data, "combinatorial")

    labels = {row[0]: row[1:] for row in rows if row}
    assert labels["Phrases without a frequency"][0] == 1
    assert labels["One-word keys in quotes"][0] == '"диван"'
    assert "median" not in labels["Weekly budget to set in Direct, RUB"][1]  # every group has a known frequency
    assert [1, "Купить диван", "диван бу", None] in [row[:4] for row in rows]  # unknown stays empty, not 0


def test_the_budget_on_the_summary_reads_the_pages_vendors_and_names_those_counted_half():
    """The landing page's text reaches the budget split: a vendor the page does not name, while it names another,
    is counted half and named on the sheet."""
    data = a_campaign()
    data.budget = Decimal("10000")
    data.landing_text = "Диваны фабрик Аскона и Орматек"
    data.groups[0].keywords += [ExportKeyword("диван аскона", 500), ExportKeyword("диван askona", 500)]
    data.groups[1].keywords += [ExportKeyword("диван сфинкс", 500), ExportKeyword("диван sphinx", 500)]

    with translation.override("en"):
        rows = summary_rows(data, "combinatorial")
        data.landing_text = ""
        without_page = summary_rows(data, "combinatorial")

    budget_text = {row[0]: row[1:] for row in rows if row}["Weekly budget to set in Direct, RUB"][1]
    assert "counts half" in budget_text
    assert "сфинкс" in budget_text
    assert (
        "counts half" not in {row[0]: row[1:] for row in without_page if row}["Weekly budget to set in Direct, RUB"][1]
    )


def test_the_exact_filter_note_names_removals_whose_searches_no_kept_phrase_serves():
    """A phrase dropped for its exact frequency is taken as typed only by a kept broad phrase of its words: the quoted
    head term takes its own wording alone, so the sheet names the removals no kept phrase takes."""
    from campaigns.export.data import RemovedRow
    from semantic.types import Removal

    data = a_campaign()
    data.min_exact = 2
    data.groups[1].keywords.append(ExportKeyword('"диван"', 90_000))
    rare = "exact frequency 1 < 2"
    data.removed = [
        RemovedRow("угловой диван серый", 40, rare, Removal.LOW_EXACT_FREQUENCY),  # «угловой диван» takes it
        RemovedRow("диван для бизнеса", 30, rare, Removal.LOW_EXACT_FREQUENCY),  # `"диван"` does not
        RemovedRow("диваны", 20, rare, Removal.LOW_EXACT_FREQUENCY),  # `"диван"` takes its own wording
    ]

    with translation.override("en"):
        note = {row[0]: row[1:] for row in summary_rows(data, "combinatorial") if row}["Minimum exact frequency"][1]
        data.removed = [data.removed[0], data.removed[2]]
        served = {row[0]: row[1:] for row in summary_rows(data, "combinatorial") if row}["Minimum exact frequency"][1]

    assert "1 of the 3 no kept phrase takes as typed (диван для бизнеса)" in note
    assert served.endswith("their searches reach the campaign through its shorter phrases")
