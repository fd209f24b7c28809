"""The review page over HTTP: tabs render, forms edit, an invalid ad comes back inline, the files hold the edits."""

import pytest
from django.utils import translation

from campaigns.export.reader import read_direct_file
from campaigns.models import Keyword, PipelineRun, RemovedPhrase, RunKind

pytestmark = pytest.mark.django_db


def url(built, suffix=""):
    return f"/review/{built.campaign.pk}/{suffix}"


def test_the_groups_tab_shows_phrases_shares_budget_and_ad_counters(owner_client, built):
    html = owner_client.get(url(built)).content.decode()
    assert "купить угловой диван" in html
    assert 'data-max="56"' in html  # Title 1's limit from core.direct_limits
    assert "47,2%" in html  # «Купить диван»: 1,700 of the campaign's 3,600 searches
    assert "14\u00a0167 ₽" in html  # its share of the 30,000 ₽ budget


def test_the_page_speaks_the_owners_language(owner_client, built):
    built.campaign.owner.language = "en"
    built.campaign.owner.save()
    html = owner_client.get(url(built)).content.decode()
    assert "Merge this group into" in html
    built.campaign.owner.language = "ru"
    built.campaign.owner.save()
    with translation.override("ru"):
        assert "Объединить эту группу с" in owner_client.get(url(built)).content.decode()


def test_the_removed_tab_puts_overrulable_reasons_first(owner_client, built):
    html = owner_client.get(url(built, "?tab=removed")).content.decode()
    assert "диван своими руками" in html  # informational: the user's to overrule, shown first
    assert html.index("reason=informational") < html.index("reason=stop_word")


def test_the_negatives_tab_shows_what_each_negative_stops(owner_client, built):
    html = owner_client.get(url(built, "?tab=negatives")).content.decode()
    assert "-бесплатно" in html
    assert "диван бесплатно" in html


def test_a_move_through_the_form_redirects_back_to_the_group(owner_client, built):
    ids = list(Keyword.objects.filter(group=built.beds).values_list("pk", flat=True))
    response = owner_client.post(
        url(built, "edit/move/"), {"keyword": ids, "target": "2. Угловые диваны", "tab": "groups", "anchor": "group-2"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=groups#group-2")
    assert built.corner.keywords.count() == 4


def test_an_unknown_edit_is_404(owner_client, built):
    assert owner_client.post(url(built, "edit/drop_table/"), {}).status_code == 404


def test_a_title_over_the_limit_comes_back_inline_and_nothing_is_saved(owner_client, built):
    ad = built.sofas.ads.get()
    form = {
        "ad": ad.pk,
        "titles[0]": "Т" * 57,
        "titles[1]": "Доставка за 1 день",
        "texts[0]": ad.texts[0],
        "display_link": "divany",
        "sitelinks[0].title": "Каталог",
        "sitelinks[0].url": "https://example.com/catalog",
        "sitelinks[0].description": "Все модели",
        "callouts[0]": "Гарантия 2 года",
        "tab": "groups",
    }
    response = owner_client.post(url(built, "edit/edit_ad/"), form)
    assert response.status_code == 422
    html = response.content.decode()
    assert "57" in html
    assert "Т" * 57 in html  # the reviewer's text stays in the field to fix
    ad.refresh_from_db()
    assert ad.titles[0] == "Купить диван от фабрики"
    form["titles[0]"] = "Диваны от фабрики"
    assert owner_client.post(url(built, "edit/edit_ad/"), form).status_code == 302
    ad.refresh_from_db()
    assert ad.titles[0] == "Диваны от фабрики"


def test_the_downloaded_xlsx_holds_the_edits_and_reads_back_as_a_direct_file(owner_client, built):
    owner_client.post(url(built, "edit/rename/"), {"group": "3", "name": "Кровати"})
    removed = RemovedPhrase.objects.get(phrase="диван своими руками")
    owner_client.post(url(built, "edit/restore/"), {"removed": removed.pk, "target": "1"})
    response = owner_client.get(url(built, "file/xlsx/"))
    assert response.status_code == 200
    parsed = read_direct_file(response.content, "x.xlsx")
    names = {group.name: [keyword.phrase for keyword in group.keywords] for group in parsed.groups}
    assert "Кровати" in names
    assert "диван своими руками" in names["Купить диван"]
    commander = owner_client.get(url(built, "file/commander/"))
    assert commander.status_code == 200
    assert "Кровати".encode() in commander.content


def test_export_again_queues_an_export_run(owner_client, built, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = owner_client.post(url(built, "export/"), {"tab": "groups"})
    assert response.status_code == 302
    assert PipelineRun.objects.filter(campaign=built.campaign, kind=RunKind.EXPORT).exists()


def test_upload_without_a_token_says_why(owner_client, built, settings):
    settings.YANDEX_DIRECT_TOKEN = None
    response = owner_client.post(url(built, "upload/"), {"tab": "groups"}, follow=True)
    assert not PipelineRun.objects.filter(campaign=built.campaign, kind=RunKind.UPLOAD).exists()
    assert "token" in response.content.decode().lower() or "токен" in response.content.decode().lower()


def test_rewriting_a_groups_ads_runs_the_writer_in_a_task(owner_client, built, django_capture_on_commit_callbacks):
    from directhelper.celery import app as celery_app

    before = set(built.beds.ads.values_list("pk", flat=True))
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(url(built, "edit/rewrite_ads/"), {"group": "3"})
    finally:
        celery_app.conf.task_always_eager = False
    assert response.status_code == 302
    after = set(built.beds.ads.values_list("pk", flat=True))
    assert after
    assert not after & before


def test_nonsense_ids_are_refused_politely(owner_client, built):
    response = owner_client.post(url(built, "edit/edit_ad/"), {"ad": "x'; --", "tab": "groups"}, follow=True)
    assert response.status_code == 200
    response = owner_client.post(url(built, "edit/restore/"), {"removed": "abc", "target": "1", "tab": "removed"})
    assert response.status_code == 302


def test_search_finds_the_group_of_a_phrase_and_keeps_the_search_after_an_edit(owner_client, built):
    html = owner_client.get(url(built, "?tab=groups&q=угловой")).content.decode()
    assert 'id="group-2"' in html
    assert 'id="group-1"' not in html
    assert 'id="group-3"' not in html
    form = {"group": "2", "name": "Углы", "tab": "groups", "q": "угловой"}
    response = owner_client.post(url(built, "edit/rename/"), form)
    assert "q=%D1%83%D0%B3%D0%BB%D0%BE%D0%B2%D0%BE%D0%B9" in response["Location"]


def test_doubtful_removals_come_first_within_a_reason(owner_client, built):
    RemovedPhrase.objects.create(
        campaign=built.campaign, stage="clean", phrase="диван как выбрать", frequency=5, reason="информационный",
        code="informational", confidence="judged",
    )
    html = owner_client.get(url(built, "?tab=removed&reason=informational")).content.decode()
    assert html.index("диван как выбрать") < html.index("диван своими руками")
