"""One home per fact, step 1: typed campaign fields and removed-phrase rows, filled from the old JSON bag.

Copies every key of `campaign_data` to its own field, removed phrases to `RemovedPhrase` rows, negative `Keyword`
rows into the campaign's negatives, stage timings of the JSON field into `StageTiming` rows, and a region known
only by name to its geo id. The old fields go in 0003, after the bot has copied the runs' chat messages.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.dateparse import parse_datetime

LIST_KEYS = ("multiplier_lists", "cluster_notes", "ad_fallbacks", "rejected_ads")


def _removed_rows(RemovedPhrase, campaign, data):
    collected = data.get("collect_removed") or []
    # The clean stage stored the collect stage's removals followed by its own under "removed".
    removed = data.get("removed") or collected
    for index, item in enumerate(removed):
        yield RemovedPhrase(
            campaign=campaign,
            stage="collect" if index < len(collected) else "clean",
            phrase=str(item.get("phrase", ""))[:1024],
            frequency=int(item.get("frequency") or 0),
            reason=str(item.get("reason", ""))[:255],
        )


def _geo_ids_for(region_name):
    from semantic.regions import find_regions

    ids = []
    for name in region_name.split(","):
        matches = find_regions(name.strip())
        if matches:
            ids.append(matches[0].id)
    return ids


def forwards(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    Keyword = apps.get_model("campaigns", "Keyword")
    PipelineRun = apps.get_model("campaigns", "PipelineRun")
    StageTiming = apps.get_model("campaigns", "StageTiming")
    RemovedPhrase = apps.get_model("campaigns", "RemovedPhrase")

    for campaign in Campaign.objects.iterator():
        data = campaign.campaign_data or {}
        for key in LIST_KEYS:
            setattr(campaign, key, list(data.get(key) or []))
        campaign.dropped_negatives = [
            {"negative": str(negative), "code": "", "message": str(negative), "group": None, "frequency": 0}
            for negative in data.get("unplaced_negatives") or []
        ]
        campaign.keyword_source_used = str(data.get("keyword_source_used") or "")[:16]
        campaign.sheets_error = str(data.get("sheets_error") or "")
        campaign.exported_at = parse_datetime(data["exported_at"]) if data.get("exported_at") else None
        negative_rows = list(
            Keyword.objects.filter(campaign=campaign, is_negative=True).values_list("phrase", flat=True)
        )
        campaign.negative_keywords = list(dict.fromkeys([*(data.get("negative_keywords") or []), *negative_rows]))
        if not campaign.geo_ids and campaign.region_name:
            campaign.geo_ids = _geo_ids_for(campaign.region_name)
        campaign.save()
        RemovedPhrase.objects.bulk_create(_removed_rows(RemovedPhrase, campaign, data))
    Keyword.objects.filter(is_negative=True).delete()

    for run in PipelineRun.objects.exclude(stage_timings={}).iterator():
        done = set(StageTiming.objects.filter(run=run).values_list("stage", flat=True))
        finished_at = run.finished_at or run.heartbeat_at or run.created_at
        StageTiming.objects.bulk_create(
            StageTiming(run=run, stage=stage, seconds=float(seconds), finished_at=finished_at)
            for stage, seconds in (run.stage_timings or {}).items()
            if stage not in done
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RemovedPhrase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "stage",
                    models.CharField(
                        choices=[("collect", "Collecting"), ("clean", "Cleaning")],
                        max_length=16,
                        verbose_name="removed while",
                    ),
                ),
                ("phrase", models.CharField(max_length=1024, verbose_name="phrase")),
                ("frequency", models.PositiveBigIntegerField(default=0, verbose_name="frequency")),
                ("reason", models.CharField(max_length=255, verbose_name="reason")),
                (
                    "code",
                    models.CharField(
                        blank=True,
                        help_text="The machine form of the reason, for counts.",
                        max_length=32,
                        verbose_name="reason code",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="removed_phrases",
                        to="campaigns.campaign",
                        verbose_name="campaign",
                    ),
                ),
            ],
            options={
                "verbose_name": "removed phrase",
                "verbose_name_plural": "removed phrases",
                "ordering": ["campaign", "id"],
                "indexes": [
                    models.Index(fields=["campaign", "stage"], name="removedphrase_campaign_stage"),
                    models.Index(fields=["campaign", "code"], name="removedphrase_campaign_code"),
                ],
            },
        ),
        migrations.AddField(
            model_name="campaign",
            name="ad_fallbacks",
            field=models.JSONField(blank=True, default=list, verbose_name="ads written by the fallback writer"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="cluster_notes",
            field=models.JSONField(blank=True, default=list, verbose_name="grouping notes"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="exported_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="exported at"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="keyword_source_used",
            field=models.CharField(blank=True, max_length=16, verbose_name="keyword source used"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="multiplier_lists",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Word lists whose combinations are collected.",
                verbose_name="multiplier lists",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="negative_keywords",
            field=models.JSONField(blank=True, default=list, verbose_name="campaign negative keywords"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="rejected_ads",
            field=models.JSONField(blank=True, default=list, verbose_name="rejected ad drafts"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="sheets_error",
            field=models.TextField(blank=True, verbose_name="Google Sheets error"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="dropped_negatives",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Wanted but not in the campaign: over Direct's limits, or blocking a kept phrase "
                "({negative, code, message, group, frequency}).",
                verbose_name="negatives left out",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="kept_phrases",
            field=models.JSONField(
                blank=True, default=list, help_text="Removed phrases the user chose to keep.",
                verbose_name="phrases put back",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="min_exact_frequency",
            field=models.PositiveIntegerField(
                blank=True,
                null=True,
                help_text="Phrases searched in exactly this form fewer times a month are removed; 0 turns the "
                "filter off, empty uses the service's default.",
                verbose_name="minimum exact frequency",
            ),
        ),
        migrations.AddField(
            model_name="keyword",
            name="names_competitor",
            field=models.BooleanField(
                default=False,
                help_text="Kept for a group of its own (RELEVANCE_COMPETITOR_BRANDS).",
                verbose_name="names a competitor",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
