"""The moves of campaigns 0002/0003 and telegram_bot 0002 keep the rows a database of the previous schema holds."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaigns.models import Campaign, Keyword, PipelineRun
from telegram_bot.models import RunMessage

PREVIOUS_SCHEMA = [
    ("accounts", "0001_initial"),
    ("campaigns", "0001_initial"),
    ("telegram_bot", "0001_bot_state_and_broadcasts"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_timings_negatives_regions_removed_phrases_and_chat_messages():
    old = migrate(PREVIOUS_SCHEMA)
    OldCampaign = old.get_model("campaigns", "Campaign")
    OldRun = old.get_model("campaigns", "PipelineRun")
    OldKeyword = old.get_model("campaigns", "Keyword")
    finished = datetime(2026, 11, 1, 12, tzinfo=UTC)
    campaign = OldCampaign.objects.create(
        name="Диваны",
        target_url="https://example.com/",
        region_name="Казань",
        geo_ids=[],
        campaign_data={
            "multiplier_lists": [["купить"], ["диван"]],
            "negative_keywords": ["бесплатно"],
            "collect_removed": [{"phrase": "x" * 10, "frequency": 1, "reason": "too long"}],
            "removed": [
                {"phrase": "x" * 10, "frequency": 1, "reason": "too long"},
                {"phrase": "диван своими руками", "frequency": 70, "reason": "стоп-слово"},
            ],
            "unplaced_negatives": ["дешево"],
            "cluster_notes": ["merged"],
            "sheets_error": "quota",
            "exported_at": "2026-11-01T12:00:00+00:00",
        },
    )
    OldKeyword.objects.create(campaign=campaign, phrase="диван", frequency=10)
    OldKeyword.objects.create(campaign=campaign, phrase="ремонт", is_negative=True)
    run = OldRun.objects.create(
        campaign=campaign,
        status="completed",
        stage_timings={"collect": 1.5, "clean": 0.5},
        chat_id=777,
        progress_message_id=42,
        finished_at=finished,
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Campaign.objects.get(pk=campaign.pk)
    assert moved.geo_ids == [43]
    assert moved.region_name == "Казань"
    assert moved.multiplier_lists == [["купить"], ["диван"]]
    assert moved.negative_keywords == ["бесплатно", "ремонт"]
    assert list(Keyword.objects.filter(campaign=moved).values_list("phrase", flat=True)) == ["диван"]
    assert list(moved.removed_phrases.values_list("stage", "phrase", "reason")) == [
        ("collect", "x" * 10, "too long"),
        ("clean", "диван своими руками", "стоп-слово"),
    ]
    assert [item["negative"] for item in moved.dropped_negatives] == ["дешево"]
    assert (moved.cluster_notes, moved.sheets_error, moved.exported_at) == (["merged"], "quota", finished)
    moved_run = PipelineRun.objects.get(pk=run.pk)
    assert moved_run.stage_seconds() == {"collect": 1.5, "clean": 0.5}
    message = RunMessage.objects.get(run=moved_run)
    assert (message.chat_id, message.message_id) == (777, 42)
