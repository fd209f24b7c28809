"""`manage.py review_link CAMPAIGN_ID`: the absolute signed URL of the campaign's review page.

The link is bound to the campaign and its owner and expires after REVIEW_LINK_MAX_AGE seconds; it is built on
SITE_URL, the address the web process is reached at.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from campaigns.services.review_links import review_link_url


class Command(BaseCommand):
    help = "Print a signed link to a campaign's review page (owner-bound, expires after REVIEW_LINK_MAX_AGE)."

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)

    def handle(self, *args, **options):
        campaign = Campaign.objects.live().filter(pk=options["campaign_id"]).first()
        if campaign is None:
            raise CommandError(f"there is no campaign {options['campaign_id']}")
        self.stdout.write(review_link_url(campaign.pk, campaign.owner_id))
