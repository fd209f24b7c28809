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
