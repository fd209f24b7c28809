"""Broad match by lemmas: a kept keyword serves every query holding its words unless a negative holds all of its own."""

from semantic.served import BroadMatch, removed_but_served
from semantic.types import Removal, RemovedPhrase


def test_a_keyword_serves_queries_with_its_words_in_any_form_past_the_negatives():
    match = BroadMatch(["система скуд", "монтаж скуд"], ["!что !такое", "своими"], [["бесплатно"], []])

    assert match.serves("системы скуд в офис")
    assert not match.serves("скуд")  # no keyword's words all in it
    assert not match.serves("система скуд что это такое")  # the campaign's negative phrase
    assert not match.serves("система скуд бесплатно")  # the group's negative of `система скуд`
    assert match.serves("монтаж скуд бесплатно")  # another group: its own negatives only
    assert match.serves("скуд что входит в систему")  # `!что !такое` needs both words


def test_only_certain_and_confirmed_removals_count_as_removed_but_served():
    match = BroadMatch(["скуд"], [])
    removed = [
        RemovedPhrase("скуд своими руками", 50, "", Removal.STOP_WORD),
        RemovedPhrase("шампунь скуд", 10, "", Removal.OFF_MARKET),  # judged: waits for the user
        RemovedPhrase("фиат скуд", 10, "", Removal.OFF_MARKET, "confirmed"),
        RemovedPhrase("скуд", 10, "", Removal.DUPLICATE),  # served on purpose
    ]

    figures = removed_but_served(removed, match)

    assert (figures.served, figures.removed) == (2, 2)
    assert figures.examples == ("скуд своими руками", "фиат скуд")
