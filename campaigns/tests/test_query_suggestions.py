"""The search-query report turned into negatives and new phrases, against an uploaded campaign on the fake Direct:
off-market and informational queries give their distinguishing word, never one that blocks a kept phrase; clicked
queries no keyword holds become phrases; applying changes Direct, the rows and the XLSX alike."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from campaigns.export.reader import read_direct_file
from campaigns.models import Keyword, QuerySuggestion, SuggestionKind, SuggestionStatus
from campaigns.tests.direct_helpers import WASTE, search_queries, upload
from semantic.negatives import blocks

pytestmark = pytest.mark.django_db

@pytest.fixture
def uploaded(built, direct):
    run = upload(built)
    assert run.status == "completed", run.error_message
    direct.add_statistics(search_queries(direct), days=14, end=date.today())
    return built


def _stats(campaign, *args) -> dict:
    out = io.StringIO()
    call_command("campaign_stats", str(campaign.pk), "--days", "14", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_spend_clicks_ctr_and_cpc_per_group(uploaded, direct):
    result = _stats(uploaded)

    groups = {row["group"] for row in result["groups"]}
    assert groups == {group["Name"] for group in direct.adgroups.values()}
    total_cost = sum(row["Cost"] for row in direct.statistics) / 1_000_000
    assert float(result["total"]["cost"]) == pytest.approx(total_cost)
    assert result["total"]["clicks"] == sum(row["Clicks"] for row in direct.statistics)
    row = result["groups"][0]
    assert row["ctr"] == pytest.approx(100 * row["clicks"] / row["impressions"], abs=0.01)


def test_suggested_negatives_stop_other_markets_and_never_block_a_kept_phrase(uploaded, direct):
    result = _stats(uploaded, "--suggest")

    negatives = [item for item in result["suggestions"] if item["kind"] == SuggestionKind.NEGATIVE]
    words = {item["text"] for item in negatives}
    assert {"ремонт", "перетяжка"} <= words, words
    assert "авито" in words | set(uploaded.negative_keywords)  # the build's own negatives are not suggested again
    assert not words & set(uploaded.negative_keywords)
    assert not words & {"цена", "недорого", "диван", "купить"}
    phrases = list(Keyword.objects.filter(campaign=uploaded, group__isnull=False).select_related("group"))
    for item in negatives:
        held = [kw.phrase for kw in phrases if item["group"] in ("", kw.group.name)]
        assert not [phrase for phrase in held if blocks(item["text"], phrase)], item
    assert all(float(item["cost"]) > 0 for item in negatives)
    new = [item for item in result["suggestions"] if item["kind"] == SuggestionKind.PHRASE]
    assert "диван с ортопедическим матрасом купить" in {item["text"] for item in new}
    assert not {item["text"] for item in new} & {template.split()[0] for template in WASTE}
    assert QuerySuggestion.objects.filter(campaign=uploaded, status=SuggestionStatus.PENDING).count() == len(
        result["suggestions"]
    )


def test_apply_changes_direct_the_rows_and_the_file(uploaded, direct):
    result = _stats(uploaded, "--suggest", "--apply")

    applied = result["applied"]
    assert applied["negatives"] > 0
    assert applied["phrases"] > 0
    (campaign_in_direct,) = direct.campaigns.values()
    campaign_words = {
        item["text"] for item in result["suggestions"] if item["kind"] == "negative" and not item["group"]
    }
    assert campaign_words <= set(campaign_in_direct["NegativeKeywords"]["Items"])
    uploaded.refresh_from_db()
    assert campaign_words <= set(uploaded.negative_keywords)
    assert campaign_words <= set(uploaded.minus_words)  # so a rebuild keeps them
    assert "диван с ортопедическим матрасом купить" in {kw["Keyword"] for kw in direct.keywords.values()}
    keyword = Keyword.objects.get(campaign=uploaded, phrase="диван с ортопедическим матрасом купить")
    assert keyword.group is not None
    with uploaded.export_file.open("rb") as file:
        sheet = read_direct_file(file.read(), uploaded.export_file.name)
    assert keyword.phrase in {kw.phrase for group in sheet.groups for kw in group.keywords}
    assert not QuerySuggestion.objects.filter(campaign=uploaded, status=SuggestionStatus.PENDING).exists()

    again = _stats(uploaded, "--suggest")
    assert not {item["text"] for item in again["suggestions"]} & campaign_words  # already negatives now


def test_a_word_another_group_uses_goes_to_group_level_and_never_where_it_would_block():
    from campaigns.models import AdGroup
    from campaigns.services.query_suggestions import QueryFigures, _KeptWords, _negative_for

    beds, corner = AdGroup(pk=1, name="Диван-кровать"), AdGroup(pk=2, name="Угловые")
    keywords = [Keyword(group=beds, phrase="диван кровать"), Keyword(group=corner, phrase="угловой диван")]
    kept = _KeptWords(keywords, {1: 501, 2: 502})
    queries = [QueryFigures("угловой диван кровать чехол", 502, "Угловые", clicks=3, cost=100),
               QueryFigures("диван кровать чехол", 501, "Диван-кровать", clicks=2, cost=50)]

    (suggestion,) = _negative_for("кровать", "кровать", queries, kept, days=7)
    assert (suggestion.direct_group_id, suggestion.text, suggestion.cost) == (502, "кровать", 100)
    assert not blocks(suggestion.text, "угловой диван")

    (campaign_level,) = _negative_for("чехол", "чехол", queries, kept, days=7)
    assert campaign_level.direct_group_id is None
    assert campaign_level.cost == 150


def test_with_a_goal_it_prints_conversions_and_cost_per_conversion_per_group(uploaded, direct):
    out = io.StringIO()
    call_command("campaign_stats", str(uploaded.pk), "--days", "14", "--goal", "77", stdout=out)

    text = out.getvalue()
    assert "conv." in text
    assert "per conv." in text
    assert all(group["Name"][:40] in text for group in direct.adgroups.values())
    total = [line for line in text.splitlines() if line.startswith("TOTAL")]
    assert len(total) == 1
    reports = [request.json()["params"] for request in direct.requests_to("reports")]
    assert all(params["Goals"] == ["77"] for params in reports)
