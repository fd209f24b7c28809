"""The bot's final message says how many phrases came without a frequency (issue 22)."""

from django.utils import translation

from campaigns.models import Campaign
from campaigns.summaries import BuildSummary
from telegram_bot.texts import completed


def test_the_final_message_counts_phrases_without_a_frequency():
    campaign = Campaign(name="Салон")  # not saved: the message reads its name and counts only

    with translation.override("en"):
        text = completed(campaign, BuildSummary(unknown_frequency=261))
        known = completed(campaign, BuildSummary())

    assert "Phrases without a frequency: 261 (not taken for zero; the budget uses the known ones)." in text
    assert "without a frequency" not in known
