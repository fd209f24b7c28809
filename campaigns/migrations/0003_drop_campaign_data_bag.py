"""One home per fact, step 2: the fields whose facts now live elsewhere go (see 0002 and telegram_bot 0002)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_typed_campaign_fields"),
        ("telegram_bot", "0002_runmessage"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="keyword", name="keyword_unique_phrase"),
        migrations.RemoveField(model_name="keyword", name="is_negative"),
        migrations.AddConstraint(
            model_name="keyword",
            constraint=models.UniqueConstraint(fields=("campaign", "phrase"), name="keyword_unique_phrase"),
        ),
        migrations.RemoveField(model_name="campaign", name="campaign_data"),
        migrations.RemoveField(model_name="campaign", name="region_name"),
        migrations.RemoveField(model_name="pipelinerun", name="chat_id"),
        migrations.RemoveField(model_name="pipelinerun", name="progress_message_id"),
        migrations.RemoveField(model_name="pipelinerun", name="stage_timings"),
    ]
