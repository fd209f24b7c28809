"""From a shop page on 127.0.0.1 to Direct's files: every ad carries on-site sitelinks and callouts in the columns
the import template names («Заголовки/Описания/Адреса быстрых ссылок», «Уточнения»), joined with `||`."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache.backends.locmem import LocMemCache
from openpyxl import load_workbook

from campaigns.ads.template_writer import TemplateWriter
from campaigns.export.commander import write_commander_tsv
from campaigns.export.data import ExportAd, ExportCampaign, ExportGroup, ExportKeyword, ExportSitelink
from campaigns.export.xlsx import write_direct_xlsx
from campaigns.landing import LandingOptions, read_landing
from campaigns.landing.fetch import FetchOptions
from campaigns.tests.ads.conftest import make_brief
from campaigns.tests.export.test_xlsx import data_rows
from tests.fakes.landing_site import SOFA_SHOP, FakeSite

GROUPS = {1: ["тахта купить в москве", "тахты"], 2: ["угловой диван", "купить угловой диван недорого"]}


@pytest.fixture(autouse=True)
def _utm(settings):
    settings.ADS_UTM_TEMPLATE = "utm_source=yandex&utm_medium=cpc"


@pytest.fixture
def built():
    """The campaign as the pipeline will export it: ads written from the page, in the export's data classes."""
    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True))
        page = read_landing(site.page_url("/divany/"), options, cache=LocMemCache("export", {}))
    briefs = [
        make_brief(key=key, name=phrases[0], phrases=phrases, landing_url=page.url, page=page, benefits=[])
        for key, phrases in GROUPS.items()
    ]
    written = TemplateWriter().write(briefs)
    groups = [
        ExportGroup(
            number=key,
            name=phrases[0],
            keywords=[ExportKeyword(phrase, 100) for phrase in phrases],
            ads=[
                ExportAd(
                    kind=draft.kind,
                    titles=draft.titles,
                    texts=draft.texts,
                    link=draft.link,
                    display_link=draft.display_link,
                    sitelinks=[ExportSitelink(s.title, s.url, s.description) for s in draft.sitelinks],
                    callouts=draft.callouts,
                )
                for draft in written.ads[key]
            ],
        )
        for key, phrases in GROUPS.items()
    ]
    return site.url, ExportCampaign(name="Диваны", region_names=["Москва"], groups=groups)


@pytest.mark.parametrize("ad_format", ["combinatorial", "text_image"])
def test_every_ad_row_of_the_xlsx_has_on_site_sitelinks_and_callouts(built, ad_format):
    site_url, data = built
    buffer = io.BytesIO()
    write_direct_xlsx(data, buffer, ad_format=ad_format)
    buffer.seek(0)

    ad_rows = [row for row in data_rows(load_workbook(buffer)) if row["Ссылка"]]

    assert len(ad_rows) == len(GROUPS)  # each group's ad of this format, on its first keyword row
    for row in ad_rows:
        titles = row["Заголовки быстрых ссылок"].split("||")
        urls = row["Адреса быстрых ссылок"].split("||")
        descriptions = row["Описания быстрых ссылок"].split("||")
        assert 4 <= len(titles) == len(urls) == len(descriptions) <= 8
        assert all(url.startswith(site_url) for url in urls)
        assert 2 <= len(row["Уточнения"].split("||")) <= 4
    assert ad_rows[0]["Заголовки быстрых ссылок"].startswith("Тахты||Доставка и сборка||Акции||Контакты")


def test_the_commander_file_carries_the_same_sitelinks_and_callouts(built):
    site_url, data = built
    buffer = io.BytesIO()
    write_commander_tsv(data, buffer)

    records = list(csv.DictReader(io.StringIO(buffer.getvalue().decode()), delimiter="\t", quoting=csv.QUOTE_NONE))

    with_ads = [record for record in records if record["Ссылка"]]
    assert with_ads
    assert all(record["Адреса быстрых ссылок"].startswith(site_url) for record in with_ads)
    assert all(record["Уточнения"].count("||") >= 1 for record in with_ads)
