"""Small campaigns for the export tests, built in memory the way the pipeline's data looks."""

from __future__ import annotations

from decimal import Decimal

from campaigns.export.data import (
    ExportAd,
    ExportCampaign,
    ExportGroup,
    ExportKeyword,
    ExportSitelink,
    RemovedRow,
)


def an_ad(
    kind: str = "combinatorial", *, title: str = "Купить диван в Москве", link: str = "https://example.com/divany"
):
    if kind == "combinatorial":
        titles = [title, "Диваны от фабрики", "Доставка за 1 день"]
        texts = ["Диваны от фабрики. Гарантия 2 года. Закажите онлайн!", "Рассрочка 0%. Доставка по Москве."]
    else:
        titles = [title, "Доставка за 1 день"]
        texts = ["Диваны от фабрики. Гарантия 2 года. Закажите онлайн!"]
    return ExportAd(
        kind=kind,
        titles=titles,
        texts=texts,
        link=link,
        display_link="divany",
        sitelinks=[
            ExportSitelink("Каталог", "https://example.com/catalog", "Все модели"),
            ExportSitelink("Доставка", "https://example.com/delivery", ""),
            ExportSitelink("Контакты", "https://example.com/contacts", "Шоурум у метро"),
        ],
        callouts=["Гарантия 2 года", "Рассрочка 0%"],
    )


def a_campaign(kind: str = "combinatorial") -> ExportCampaign:
    return ExportCampaign(
        name="Диваны Москва",
        campaign_id=42,
        region_names=["Москва", "Санкт-Петербург"],
        negative_keywords=["бесплатно", "своими руками", "!даром"],
        groups=[
            ExportGroup(
                number=1,
                name="Купить диван",
                keywords=[
                    ExportKeyword("купить диван", 12000, Decimal("12.5")),
                    ExportKeyword('"диван кровать" -детский', 8000),
                    ExportKeyword("---autotargeting", 0),
                ],
                negative_keywords=["угловой", "бу"],
                ads=[an_ad(kind), an_ad(kind, title="Диваны со скидкой 20%")],
            ),
            ExportGroup(
                number=2,
                name="Угловые диваны",
                keywords=[ExportKeyword("угловой диван", 5000), ExportKeyword("[диван угловой] !недорого", 900)],
                negative_keywords=[],
                ads=[an_ad(kind, title="Угловые диваны от фабрики")],
            ),
        ],
        removed=[
            RemovedRow("диван своими руками", 700, "matches the negative keyword «своими руками»"),
            RemovedRow("диван", 90000, "too broad"),
        ],
    )
