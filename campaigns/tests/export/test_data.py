import pytest

from campaigns.export import export_campaign_file
from campaigns.export.data import ExportSitelink, export_data_for
from campaigns.export.reader import read_direct_file
from campaigns.models import AdKind, RemovedPhrase
from campaigns.tests.factories import AdFactory, AdGroupFactory, CampaignFactory, KeywordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = CampaignFactory(
        name="Диваны / Москва",
        geo_ids=[213, 2, -1],
        negative_keywords=["бесплатно", "своими руками"],
    )
    RemovedPhrase.objects.create(
        campaign=campaign, stage="clean", phrase="диван своими руками", frequency=70, reason="negative keyword"
    )
    second = AdGroupFactory(campaign=campaign, number=2, name="Угловые", negative_keywords=["бу"])
    first = AdGroupFactory(campaign=campaign, number=1, name="Купить диван")
    KeywordFactory(group=first, phrase="диван", frequency=10)
    KeywordFactory(group=first, phrase="купить диван", frequency=500)
    KeywordFactory(group=second, phrase="угловой диван", frequency=50)
    AdFactory(group=first, kind=AdKind.TEXT_IMAGE, titles=["ТГО", "Второй"], texts=["Текст ТГО"])
    AdFactory(
        group=first,
        kind=AdKind.COMBINATORIAL,
        titles=["Главное", "Два", "Три"],
        texts=["Текст один", "Текст два"],
        sitelinks=[{"title": "Каталог", "url": "https://example.com/c", "description": "Все"}],
        callouts=["Гарантия"],
    )
    AdFactory(group=first, kind=AdKind.COMBINATORIAL, titles=["Дополнительное"], texts=["Текст"])
    AdFactory(group=second, kind=AdKind.COMBINATORIAL, titles=["Угловые"], texts=["Текст"])
    return campaign


def test_it_reads_groups_keywords_ads_regions_negatives_and_removed_phrases(campaign):
    data = export_data_for(campaign.pk)

    assert data.campaign_id == campaign.pk
    assert data.region_names == ["Москва", "Санкт-Петербург"]
    assert data.negative_keywords == ["бесплатно", "своими руками"]
    assert [(row.phrase, row.frequency, row.reason) for row in data.removed] == [
        ("диван своими руками", 70, "negative keyword")
    ]
    assert [(group.number, group.name) for group in data.groups] == [(1, "Купить диван"), (2, "Угловые")]
    first = data.groups[0]
    assert [(keyword.phrase, keyword.frequency) for keyword in first.keywords] == [("купить диван", 500), ("диван", 10)]
    assert [ad.titles[0] for ad in first.ads] == ["ТГО", "Главное", "Дополнительное"]
    assert first.ads[1].sitelinks == [ExportSitelink("Каталог", "https://example.com/c", "Все")]
    assert data.groups[1].negative_keywords == ["бу"]


def test_the_main_ad_is_the_first_of_the_chosen_format_and_the_rest_are_additional(campaign):
    name, content = export_campaign_file(campaign.pk)
    parsed = read_direct_file(content, name)

    assert [ad.titles[0] for ad in parsed.groups[0].ads] == ["Главное", "Дополнительное"]

    name, content = export_campaign_file(campaign.pk, ad_format="text_image")
    parsed = read_direct_file(content, name)
    assert [ad.titles for ad in parsed.groups[0].ads] == [["ТГО", "Второй"]]


def test_the_file_is_named_after_the_campaign_in_the_chosen_format(campaign):
    name, content = export_campaign_file(campaign.pk, fmt="tsv")

    assert name == "Диваны Москва.tsv"
    assert content.decode("utf-8").startswith("Тип кампании\t")


def test_an_unknown_file_format_is_refused(campaign):
    with pytest.raises(ValueError, match="xlsx"):
        export_campaign_file(campaign.pk, fmt="pdf")
