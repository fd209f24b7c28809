"""The chat message of a run moves from `PipelineRun` (the pipeline's row) to the bot's own `RunMessage`."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    PipelineRun = apps.get_model("campaigns", "PipelineRun")
    RunMessage = apps.get_model("telegram_bot", "RunMessage")
    RunMessage.objects.bulk_create(
        RunMessage(run_id=run_id, chat_id=chat_id, message_id=message_id)
        for run_id, chat_id, message_id in PipelineRun.objects.exclude(chat_id=None).values_list(
            "pk", "chat_id", "progress_message_id"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_typed_campaign_fields"),
        ("telegram_bot", "0001_bot_state_and_broadcasts"),
    ]

    operations = [
        migrations.CreateModel(
            name="RunMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("chat_id", models.BigIntegerField(verbose_name="chat id")),
                ("message_id", models.BigIntegerField(blank=True, null=True, verbose_name="message id")),
                (
                    "run",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chat_message",
                        to="campaigns.pipelinerun",
                        verbose_name="run",
                    ),
                ),
            ],
            options={
                "verbose_name": "run message",
                "verbose_name_plural": "run messages",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
