import factory

from accounts.models import ActivityEvent, TelegramUser


class TelegramUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TelegramUser

    telegram_id = factory.Sequence(lambda n: 100_000 + n)
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Анна"


class ActivityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityEvent

    user = factory.SubFactory(TelegramUserFactory)
    action = "start"
