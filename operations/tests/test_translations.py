"""The operations UI (dashboard, broadcast composer, admin templates) speaks Russian by default.

The rules every catalogue follows (complete, same placeholders, no fuzzy entry, served as written, compiled .mo)
are checked for all apps in tests/test_catalogues.py; this file checks what is particular to operations'.

operations' catalogue also holds the strings of the project-level templates in templates/admin/: Django merges
every catalogue into one per language, so where a template lives does not matter at run time, and keeping them out
of LOCALE_PATHS (which outranks every app, django.contrib.admin included) keeps the admin's own wording intact.
operations is listed before accounts, campaigns and telegram_bot, so a msgid it shares with them must read the
same here, or it would silently re-translate their pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from operations.dashboard.views import PeriodForm
from telegram_bot.admin import BroadcastForm
from tests.catalogues import catalogue, cldr_russian_form, read_po

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PROJECT_DIR / "operations" / "locale"
RU_PO = catalogue(LOCALE_DIR, "ru")
ADMIN_TEMPLATES = sorted((PROJECT_DIR / "templates" / "admin").rglob("*.html"))
APPS_SERVED_AFTER_OPERATIONS = ("accounts", "campaigns", "semantic", "telegram_bot")
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1\s*%}""")


def keys(path: Path) -> set[tuple[str | None, str]]:
    return {(entry.fields.get("msgctxt"), entry.msgid) for entry in read_po(path)}


def test_every_translate_tag_in_the_admin_templates_is_in_the_catalogue():
    in_templates = {
        (None, match[2]) for template in ADMIN_TEMPLATES for match in TRANSLATE_TAG.finditer(template.read_text())
    }
    assert in_templates, "no {% translate %} tag found: has templates/admin moved?"
    assert in_templates - keys(RU_PO) == set()


@pytest.mark.parametrize("app", APPS_SERVED_AFTER_OPERATIONS)
def test_a_msgid_shared_with_another_app_reads_the_same(app):
    other_po = catalogue(PROJECT_DIR / app / "locale", "ru")
    theirs = {(entry.fields.get("msgctxt"), entry.msgid): entry.translations for entry in read_po(other_po)[1:]}
    differing = [
        f"{entry.label}: {entry.translations} here, {theirs[key]} in {app}"
        for entry in read_po(RU_PO)[1:]
        if (key := (entry.fields.get("msgctxt"), entry.msgid)) in theirs and theirs[key] != entry.translations
    ]
    assert differing == []


@given(st.integers(min_value=0, max_value=100_000))
def test_the_period_lengths_take_the_russian_plural_form(days):
    with translation.override("ru"):
        label = translation.ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
    assert label == f"{days} " + ("день", "дня", "дней")[cldr_russian_form(days)]


def test_the_period_form_explains_a_bad_period_in_russian():
    with translation.override("ru"):
        half_given = PeriodForm({"first": "2026-02-01"})
        reversed_days = PeriodForm({"first": "2026-02-10", "last": "2026-02-01"})
        too_long = PeriodForm({"first": "2024-01-01", "last": "2026-01-01"})
        assert half_given.non_field_errors() == [
            "Укажите и первый, и последний день периода — или не указывайте ни один."
        ]
        assert reversed_days.non_field_errors() == ["Первый день периода не может быть позже последнего."]
        assert too_long.non_field_errors() == ["Период не может быть длиннее 366 дн."]


def test_the_broadcast_form_speaks_russian_and_falls_back_to_english():
    form = BroadcastForm(selected_ids=[])
    with translation.override("ru"):
        assert str(form.fields["recipients"].label) == "Получатели"
        assert dict(form.fields["recipients"].choices)["all"] == "Все активные пользователи (кроме заблокированных)"
    with translation.override("en"):
        assert str(form.fields["recipients"].label) == "Recipients"


@pytest.mark.django_db
class TestPagesForStaff:
    @pytest.fixture(autouse=True)
    def fresh_numbers(self, settings, locmem_cache):
        settings.DASHBOARD_CACHE_SECONDS = 0

    def test_the_dashboard_renders_in_russian(self, admin_client):
        page = admin_client.get(reverse("admin-dashboard"), {"days": 30}).content.decode()
        assert '<html lang="ru"' in page
        assert "<title>Панель показателей" in page
        for text in ("Новые пользователи", "Пересчитать сейчас", "Самые долгие запуски", "Пользователи по дням"):
            assert text in page
        assert "За этот период нет завершённых запусков." in page
        # Legends with a context: bare "active" and "failed" are django.contrib.auth's and telegram_bot's words.
        assert ">активные</text>" in page
        assert ">с ошибкой</text>" in page
        assert "Recompute now" not in page

    def test_the_dashboard_follows_a_browser_that_asks_for_english(self, admin_client):
        page = admin_client.get(reverse("admin-dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<html lang="en"' in page
        assert "Recompute now" in page

    def test_the_admin_index_links_the_dashboard_in_russian(self, admin_client):
        page = admin_client.get(reverse("admin:index")).content.decode()
        assert "Панель показателей: пользователи, кампании, время сборки, обращения к API" in page

    def test_the_broadcast_composer_renders_in_russian_with_russian_plurals(self, admin_client):
        page = admin_client.get(reverse("admin:telegram_bot_broadcast_add")).content.decode()
        assert "<title>Новая рассылка" in page
        assert 'value="Отправить всем выбранным"' in page
        assert "В списке пользователей выбрано 0 пользователей." in page


@pytest.mark.django_db
def test_the_period_choices_follow_the_language_of_each_request(admin_client):
    russian = admin_client.get(reverse("admin-dashboard"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    english = admin_client.get(reverse("admin-dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "30 дней" in russian
    assert "30 days" in english
    assert "30 дней" not in english
