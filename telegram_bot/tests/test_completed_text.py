"""The bot's final message says how many phrases came without a frequency (issue 22)."""

from django.utils import translation

from telegram_bot.texts import completed


def test_the_final_message_counts_phrases_without_a_frequency():
    with translation.override("en"):
        text = completed("Салон", {"keywords": 355, "groups": 60, "unknown_frequency": 261})
        known = completed("Салон", {"keywords": 355, "groups": 60, "unknown_frequency": 0})

    assert "Phrases without a frequency: 261 (not taken for zero; the budget uses the known ones)." in text
    assert "without a frequency" not in known
