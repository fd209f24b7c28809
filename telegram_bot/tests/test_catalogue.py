"""The compiled catalogues: every bot text has a Russian translation that keeps its placeholders."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def russian_catalogue() -> dict:
    with (LOCALE / "ru" / "LC_MESSAGES" / "django.mo").open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def test_every_text_has_a_russian_translation():
    missing = [key for key, value in russian_catalogue().items() if key and not value]

    assert missing == []


def test_every_translation_keeps_the_placeholders_of_its_text():
    broken = [
        key
        for key, value in russian_catalogue().items()
        if key
        and set(PLACEHOLDER.findall(value)) != set(PLACEHOLDER.findall(key[0] if isinstance(key, tuple) else key))
    ]

    assert broken == []


def test_the_english_catalogue_is_compiled_too():
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.mo").stat().st_size > 0
