import factory
from django.utils import timezone

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Ad, AdGroup, AdKind, Campaign, Keyword, PipelineRun, StageTiming


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    owner = factory.SubFactory(TelegramUserFactory)
    name = factory.Sequence(lambda n: f"Диваны {n}")
    product_description = "Диваны и кровати от фабрики"
    target_url = "https://example.com/divany"
    base_keywords = factory.LazyFunction(lambda: ["купить диван", "диван кровать"])
    geo_ids = factory.LazyFunction(lambda: [213])


class PipelineRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PipelineRun

    campaign = factory.SubFactory(CampaignFactory)
    user = factory.SelfAttribute("campaign.owner")


class StageTimingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageTiming

    run = factory.SubFactory(PipelineRunFactory)
    stage = "collect"
    seconds = 1.0
    finished_at = factory.LazyFunction(timezone.now)


class AdGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdGroup

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = "Купить диван"


class KeywordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keyword

    group = factory.SubFactory(AdGroupFactory)
    campaign = factory.SelfAttribute("group.campaign")
    phrase = factory.Sequence(lambda n: f"купить диван {n}")
    frequency = 100


class AdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ad

    group = factory.SubFactory(AdGroupFactory)
    kind = AdKind.TEXT_IMAGE
    titles = factory.LazyFunction(lambda: ["Купить диван в Москве", "Доставка за 1 день"])
    texts = factory.LazyFunction(lambda: ["Диваны от фабрики. Гарантия 2 года. Закажите онлайн!"])
    link = "https://example.com/divany"
