import pytest

from telegram_bot.models import ConversationState, PersistedUserData
from telegram_bot.persistence import DatabasePersistence

pytestmark = pytest.mark.django_db(transaction=True)


async def test_conversation_states_survive_a_new_persistence_object():
    first = DatabasePersistence()
    await first.update_conversation("new_campaign", (5, 5), "url")
    await first.update_conversation("settings", (5, 5), "token")

    second = DatabasePersistence()

    assert await second.get_conversations("new_campaign") == {(5, 5): "url"}


async def test_an_ended_conversation_is_removed():
    persistence = DatabasePersistence()
    await persistence.update_conversation("new_campaign", (5, 5), "url")

    await persistence.update_conversation("new_campaign", (5, 5), None)

    assert not await ConversationState.objects.aexists()


async def test_user_data_is_written_only_when_it_changed():
    persistence = DatabasePersistence()
    await persistence.get_user_data()
    await persistence.update_user_data(5, {"draft_id": 1})
    row = await PersistedUserData.objects.aget(telegram_id=5)

    await persistence.update_user_data(5, {"draft_id": 1})
    unchanged = await PersistedUserData.objects.aget(telegram_id=5)
    await persistence.update_user_data(5, {"draft_id": 2})

    assert unchanged.updated_at == row.updated_at
    assert await DatabasePersistence().get_user_data() == {5: {"draft_id": 2}}
