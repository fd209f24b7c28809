"""Every app's catalogue, held to the same rules: Russian (the default) complete, safe to format, served as
written and compiled; English listing the same messages (an empty English msgstr falls back to the msgid)."""

from __future__ import annotations

from gettext import GNUTranslations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.catalogues import (
    RUSSIAN_PLURAL_FORMS,
    app_catalogues,
    catalogue,
    cldr_russian_form,
    compile_po,
    fuzzy_entries,
    load_mo,
    read_po,
    served_differently,
    translation_problems,
)

APPS = app_catalogues()
EXPECTED_APPS = {"accounts", "campaigns", "operations", "review", "semantic", "telegram_bot"}


def test_every_app_with_user_facing_text_has_a_catalogue():
    assert set(APPS) == EXPECTED_APPS


@pytest.fixture(params=sorted(APPS))
def locale_dir(request):
    return APPS[request.param]


def test_every_russian_entry_is_translated_with_the_same_placeholders(locale_dir):
    russian = catalogue(locale_dir, "ru")
    assert read_po(russian), "the Russian catalogue is empty"
    assert translation_problems(russian) == []


def test_django_serves_every_russian_translation_as_written(locale_dir):
    assert served_differently(catalogue(locale_dir, "ru"), "ru") == []


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_entry_is_fuzzy(locale_dir, language):
    assert fuzzy_entries(catalogue(locale_dir, language)) == []


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_committed_mo_matches_its_po(locale_dir, language, tmp_path):
    po_path = catalogue(locale_dir, language)
    assert load_mo(po_path.with_suffix(".mo"))._catalog == compile_po(po_path, tmp_path)._catalog


def test_the_english_catalogue_lists_the_same_msgids_as_the_russian_one(locale_dir):
    def keys(language):
        return {(entry.fields.get("msgctxt"), entry.msgid) for entry in read_po(catalogue(locale_dir, language))}

    assert keys("en") == keys("ru")


def test_the_russian_catalogue_declares_and_fills_the_standard_three_plural_forms(locale_dir):
    header, *entries = read_po(catalogue(locale_dir, "ru"))
    assert header.msgid == ""
    assert f"Plural-Forms: {RUSSIAN_PLURAL_FORMS}\n" in header.fields["msgstr"]
    assert "Language: ru\n" in header.fields["msgstr"]
    for entry in entries:
        if "msgid_plural" in entry.fields:
            assert set(entry.translations) == {"msgstr[0]", "msgstr[1]", "msgstr[2]"}, entry.label


@pytest.fixture(scope="module")
def russian_mo() -> GNUTranslations:
    return load_mo(catalogue(APPS["campaigns"], "ru").with_suffix(".mo"))


@given(st.integers(min_value=0, max_value=1_000_000))
def test_the_russian_plural_formula_picks_the_cldr_form(russian_mo, n):
    assert russian_mo.plural(n) == cldr_russian_form(n)


def test_the_checks_name_each_broken_entry(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        'msgid "Blocked %(count)d user(s)."\nmsgstr "Заблокировано пользователей."\n\n'
        '#, fuzzy, python-format\nmsgid "Already blocked: %(objects)s."\nmsgstr ""\n',
        encoding="utf-8",
    )

    assert translation_problems(broken) == [
        "line 5: 'Blocked %(count)d user(s).': msgstr has [], expected ['%(count)d']",
        "line 8: 'Already blocked: %(objects)s.': msgstr is empty",
    ]
    assert fuzzy_entries(broken) == ["line 8: 'Already blocked: %(objects)s.'"]


def test_the_served_check_catches_a_msgid_that_django_contrib_shadows(tmp_path):
    shadowed = tmp_path / "django.po"
    shadowed.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "name"\nmsgstr "название"\n', encoding="utf-8")

    assert served_differently(shadowed, "ru") == ["line 5: 'name': Django serves 'имя', not 'название'"]
