import pytest


@pytest.fixture(autouse=True)
def _messages_in_english(english_messages):
    """These tests match limit and reader errors by their English wording."""
