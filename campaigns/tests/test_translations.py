"""The campaigns app speaks Russian by default: its catalogue is complete, uses Russian plurals and is compiled."""

from pathlib import Path

import pytest
from django.utils import translation

from accounts.tests.factories import TelegramUserFactory
from accounts.tests.test_translations import (
    RUSSIAN_PLURAL_FORMS,
    catalogue,
    compile_po,
    fuzzy_entries,
    load_mo,
    read_po,
    served_differently,
    translation_problems,
)
from campaigns.ads.types import AdDraft
from campaigns.ads.validator import Problem, validate
from campaigns.export.summary import removed_title, summary_title
from campaigns.models import Ad, AdKind, AdSource, Campaign, CampaignStatus
from campaigns.services.runs import QueueRefused, queue_campaign_run
from campaigns.stages import Stage
from campaigns.tests.factories import CampaignFactory

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
RU_PO = catalogue(LOCALE_DIR, "ru")
EN_PO = catalogue(LOCALE_DIR, "en")


def test_every_russian_entry_is_translated_with_the_same_placeholders():
    entries = read_po(RU_PO)
    assert any("msgid_plural" in entry.fields for entry in entries)
    assert any("msgctxt" in entry.fields for entry in entries)
    assert translation_problems(RU_PO) == []


def test_django_serves_every_russian_translation_as_written():
    assert served_differently(RU_PO, "ru") == []


@pytest.mark.parametrize("po_path", [RU_PO, EN_PO], ids=["ru", "en"])
def test_no_entry_is_fuzzy(po_path):
    assert fuzzy_entries(po_path) == []


@pytest.mark.parametrize("po_path", [RU_PO, EN_PO], ids=["ru", "en"])
def test_the_committed_mo_matches_its_po(po_path, tmp_path):
    fresh = compile_po(po_path, tmp_path)
    committed = load_mo(po_path.with_suffix(".mo"))
    assert committed._catalog == fresh._catalog


def test_every_plural_entry_has_the_three_russian_forms():
    header, *entries = read_po(RU_PO)
    assert f"Plural-Forms: {RUSSIAN_PLURAL_FORMS}\n" in header.fields["msgstr"]
    for entry in entries:
        if "msgid_plural" in entry.fields:
            assert set(entry.translations) == {"msgstr[0]", "msgstr[1]", "msgstr[2]"}, entry.label


def test_the_english_catalogue_lists_the_same_msgids_as_the_russian_one():
    def keys(path):
        return {(entry.fields.get("msgctxt"), entry.msgid) for entry in read_po(path)}

    assert keys(EN_PO) == keys(RU_PO)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, "Вы достигли лимита в 1 кампанию."),
        (2, "Вы достигли лимита в 2 кампании."),
        (5, "Вы достигли лимита в 5 кампаний."),
    ],
)
def test_the_campaign_limit_refusal_uses_the_russian_plural(limit, expected):
    owner = TelegramUserFactory(campaign_limit=limit)
    CampaignFactory.create_batch(limit, owner=owner, status=CampaignStatus.COMPLETED)
    extra = CampaignFactory(owner=owner)

    with translation.override("ru"), pytest.raises(QueueRefused) as refused:
        queue_campaign_run(extra.pk)

    assert str(refused.value).startswith(expected)
    assert "попросите администратора увеличить лимит" in str(refused.value)


def test_stage_labels_read_in_russian_and_fall_back_to_english():
    with translation.override("ru"):
        assert [str(label) for label in Stage.labels] == [
            "Сбор ключевых фраз",
            "Очистка",
            "Группировка",
            "Минус-фразы",
            "Написание объявлений",
            "Выгрузка",
        ]
    with translation.override("en"):
        assert str(Stage.COLLECT.label) == "Collecting keywords"


def test_validator_problems_read_in_russian():
    ad = AdDraft(
        kind=AdKind.TEXT_IMAGE,
        titles=["Диваны " * 9, ""],
        texts=["Доставка по Москве за 1 день"],
        link="example.com/sofas",
        display_link="",
        sitelinks=[],
        callouts=[],
        source=AdSource.TEMPLATE,
    )

    with translation.override("ru"):
        problems = validate(ad)

    assert Problem("title1", "длина — 63, допустимо не больше 56") in problems
    assert Problem("link", "нужен полный адрес, начинающийся с http:// или https://") in problems


def test_export_sheet_titles_use_their_context():
    with translation.override("ru"):
        assert (summary_title(), removed_title()) == ("Сводка", "Удалённые фразы")


def test_admin_names_use_directs_vocabulary():
    with translation.override("ru"):
        assert str(Campaign._meta.get_field("name").verbose_name) == "название"
        assert str(Ad._meta.get_field("sitelinks").verbose_name) == "быстрые ссылки"
        assert str(Ad._meta.get_field("callouts").verbose_name) == "уточнения"
        assert str(Ad._meta.get_field("display_link").verbose_name) == "отображаемая ссылка"
        assert str(AdKind.COMBINATORIAL.label) == "Комбинаторное объявление"
