import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from campaigns.management.commands.build_campaign import Command, resolve_regions
from campaigns.models import Campaign, CampaignStatus

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample" / "keywords.csv"

pytestmark = pytest.mark.django_db


def build(**options) -> dict:
    out = io.StringIO()
    call_command("build_campaign", json=True, stdout=out, stderr=io.StringIO(), **options)
    return json.loads(out.getvalue())


def test_it_builds_the_shipped_sample_into_an_xlsx_and_prints_a_summary(tmp_path):
    target = tmp_path / "out" / "sofas.xlsx"

    summary = build(name="Диваны", url="https://example.com/divany", keywords_file=str(SAMPLE), region=[213],
                    budget="30 000", benefits="Доставка за 1 день, Гарантия 2 года", out=target)  # fmt: skip

    assert summary["status"] == "completed"
    assert summary["file"] == str(target)
    assert summary["keywords"] > 100
    assert 1 < summary["groups"] < summary["keywords"]
    assert summary["ads"] >= summary["groups"]
    assert set(summary["stage_seconds"]) == {"collect", "clean", "cluster", "negatives", "ads", "export"}
    assert {"campaign", "groups"} <= set(summary["negatives"])
    assert openpyxl.load_workbook(target).sheetnames[0] == "Тексты"
    campaign = Campaign.objects.get(pk=summary["campaign_id"])
    assert campaign.status == CampaignStatus.COMPLETED
    assert campaign.owner is None
    assert str(campaign.budget) == "30000.00"
    assert campaign.region_name == "Москва"
    assert campaign.benefits == ["Доставка за 1 день", "Гарантия 2 года"]


def test_it_multiplies_bracketed_word_lists(tmp_path):
    lists = "[купить, заказать] x [диван, софа] x [, недорого]"
    summary = build(name="Софы", url="https://example.com", keywords=lists, source="manual", out=tmp_path / "c.xlsx")

    campaign = Campaign.objects.get(pk=summary["campaign_id"])
    assert len(campaign.base_keywords) == 8
    assert "заказать софа недорого" in campaign.base_keywords


def test_it_writes_a_commander_tsv_on_request(tmp_path):
    target = tmp_path / "c.tsv"
    build(name="Диваны", url="https://example.com", keywords="купить диван, диван кровать", out=target, format="csv")
    header = target.read_text(encoding="utf-8").splitlines()[0]
    assert "\t" in header


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": [999999]}, "--region: unknown region id 999999"),
        ({"region": ["Атлантида"]}, "--region: no region called «Атлантида»"),
        ({"budget": "много"}, "--budget: "),
        ({"budget": "-5"}, "--budget: "),
        ({"budget": "0.004"}, "--budget: "),
        ({"url": "example.com"}, "^--url: Enter a valid URL"),
        ({"keywords": " , ,"}, "no phrase"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(options, message, tmp_path):
    arguments = {"name": "X", "url": "https://example.com", "keywords": "купить диван", "language": "en", **options}
    with pytest.raises(CommandError, match=message):
        call_command("build_campaign", out=tmp_path / "x.xlsx", stdout=io.StringIO(), **arguments)
    assert not Campaign.objects.exists()


def test_it_refuses_a_missing_keyword_file(tmp_path):
    missing = str(tmp_path / "nope.csv")
    with pytest.raises(CommandError, match=r"--keywords-file: .* does not exist"):
        call_command("build_campaign", name="X", url="https://example.com", keywords_file=missing, language="en")


def test_its_messages_are_in_one_language_per_run(tmp_path):
    with pytest.raises(CommandError) as russian:
        call_command("build_campaign", name="X", url="example.com", keywords="диван", out=tmp_path / "x")
    with pytest.raises(CommandError) as english:
        call_command(
            "build_campaign", name="X", url="example.com", keywords="диван", language="en", out=tmp_path / "x"
        )

    assert str(russian.value) == "--url: Введите правильный URL."
    assert str(english.value) == "--url: Enter a valid URL."


@pytest.mark.parametrize(
    ("typed", "geo_ids"),
    [(["Москва"], [213]), (["Санкт-Петербург"], [2]), (["москва", "213", "-2"], [213, 213, -2]), (["Kazan"], [43])],
)
def test_a_region_is_found_by_its_name_or_its_id(typed, geo_ids):
    assert resolve_regions(typed) == geo_ids


def test_a_region_name_that_matches_several_says_which(tmp_path):
    with pytest.raises(CommandError, match="подходит к нескольким регионам: Санкт-Петербург \\(2\\)"):
        resolve_regions(["Санкт"])


def test_help_explains_every_option_and_what_each_source_needs():
    parser = Command().create_parser("manage.py", "build_campaign")
    text = parser.format_help()

    for action in parser._actions:
        if action.option_strings and action.dest not in ("help",):
            assert action.help, action.option_strings
    assert "WORDSTAT_TOKEN" in text
    assert "YANDEX_CLOUD_API_KEY" in text
    assert "LibreOffice" in text
    assert "--ad-language" in text


def test_ads_stay_russian_by_default_and_follow_ad_language(tmp_path):
    russian = build(name="Диваны", url="https://example.com", keywords="купить диван", out=tmp_path / "r.xlsx")
    english = build(
        name="Sofas", url="https://example.com", keywords="buy sofa", ad_language="en", out=tmp_path / "e.xlsx"
    )

    assert Campaign.objects.get(pk=russian["campaign_id"]).language == "ru"
    assert Campaign.objects.get(pk=english["campaign_id"]).language == "en"


SOFA_EXPORT = """Фраза,Частота
купить диван,9000
диван кровать,5000
угловой диван,4000
диван недорого,3000
ремонт дивана,700
перетяжка дивана,600
диван авито,500
диван б у,400
как выбрать диван,300
диван в сургуте,200
"""


@pytest.fixture
def sofa_export(tmp_path) -> Path:
    path = tmp_path / "sofas.csv"
    path.write_text(SOFA_EXPORT, encoding="utf-8")
    return path


def test_other_markets_and_intents_are_removed_with_reasons_and_never_become_negatives_of_the_brief(
    tmp_path, sofa_export
):
    summary = build(name="Диваны от фабрики", url="https://example.com/divany", keywords_file=str(sofa_export),
                    description="Диваны и кровати от фабрики", region=[213], out=tmp_path / "c.xlsx")  # fmt: skip

    campaign = Campaign.objects.get(pk=summary["campaign_id"])
    removed = dict(campaign.removed_phrases.values_list("phrase", "code"))
    assert removed["ремонт дивана"] == "seller_type"
    assert removed["перетяжка дивана"] == "seller_type"
    assert removed["как выбрать диван"] == "informational"
    assert removed["диван в сургуте"] == "other_city"
    assert {removed["диван авито"], removed["диван б у"]} <= {"used", "marketplace"}
    assert summary["removed_by_reason"]["seller_type"] == 2
    confidence = dict(campaign.removed_phrases.values_list("phrase", "confidence"))
    assert confidence["ремонт дивана"] == "judged"
    assert confidence["диван авито"] == "certain"
    assert summary["removed_by_confidence"]["judged"] == 2
    assert [item["code"] for item in summary["doubtful"]] == ["seller_type"]
    assert summary["removed_but_served"]["served"] == 0
    kept = set(campaign.keywords.values_list("phrase", flat=True))
    assert {"купить диван", "диван кровать", "угловой диван"} <= kept
    for negative in campaign.negative_keywords:
        assert "диван" not in negative, negative
        assert "фабрик" not in negative, negative
    assert not campaign.groups.filter(name__icontains="ремонт").exists()
    assert "ремонт" not in campaign.negative_keywords  # judged: negated only once the user confirms


def test_keep_puts_a_removed_phrase_back_and_min_exact_zero_turns_the_filter_off(tmp_path, sofa_export):
    summary = build(name="Диваны от фабрики", url="https://example.com/divany", keywords_file=str(sofa_export),
                    keep="ремонт диванов", min_exact=0, out=tmp_path / "c.xlsx")  # fmt: skip

    campaign = Campaign.objects.get(pk=summary["campaign_id"])
    assert "ремонт дивана" in set(campaign.keywords.values_list("phrase", flat=True))
    assert summary["min_exact"] == 0
    assert campaign.min_exact_frequency == 0


def test_the_demo_reads_its_saved_page_so_ads_link_to_sections_with_sitelinks_and_callouts_from_it(tmp_path):
    """The Makefile's demo: the page comes from sample/landing.html, no site is fetched (example.com has none)."""
    page_file = str(ROOT / "sample" / "landing.html")
    summary = build(name="Диваны от фабрики", url="https://example.com/divany", keywords_file=str(SAMPLE),
                    description="Диваны и кровати от фабрики: прямые, угловые, модульные",
                    page_file=page_file, region=[213], out=tmp_path / "demo.xlsx")  # fmt: skip

    campaign = Campaign.objects.get(pk=summary["campaign_id"])
    assert campaign.landing_page["h1"] == "Диваны и кровати от фабрики в Москве"
    assert not campaign.landing_page["warning"]
    ads = [ad for group in campaign.groups.all() for ad in group.ads.all()]
    assert all(ad.sitelinks and ad.sitelinks[0]["url"].startswith("https://example.com/") for ad in ads)
    assert all(len(ad.callouts) >= 2 for ad in ads)
    to_sections = [ad for ad in ads if "/divany/uglovye/" in ad.link or "/krovati/" in ad.link]
    assert to_sections, "groups of corner sofas and beds link to their own sections"
    assert all(ad.sitelinks[0]["url"].split("?")[0] == ad.link.split("?")[0] for ad in to_sections)
    assert not any("000-11-22" in sitelink["description"] for ad in ads for sitelink in ad.sitelinks)
    assert sum("от фабрики" in " ".join(ad.titles + ad.texts) for ad in ads) >= len(ads) / 2


def test_a_page_file_that_is_not_a_page_is_refused_with_the_option_named(tmp_path):
    junk = tmp_path / "page.html"
    junk.write_bytes(b"\x00\x01 not html")

    with pytest.raises(CommandError, match="--page-file"):
        build(name="Диваны", url="https://example.com", keywords="купить диван", page_file=str(junk), out=tmp_path)
