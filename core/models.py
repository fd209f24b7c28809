from django.db import models


class TimestampedModel(models.Model):
    """Creation and last-change times, which every list in the admin and the bot sorts or filters by."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
