"""One user's updates in order, different users' side by side."""

import asyncio

from telegram import Chat, Message, Update, User

from telegram_bot.updates import PerUserUpdateProcessor


def message_from(user_id: int, update_id: int) -> Update:
    user = User(id=user_id, first_name="U", is_bot=False)
    message = Message(message_id=update_id, date=None, chat=Chat(id=user_id, type="private"), from_user=user)
    return Update(update_id=update_id, message=message)


async def test_one_users_updates_run_one_after_another_while_other_users_run_alongside():
    processor = PerUserUpdateProcessor(8)
    events: list[str] = []

    async def handle(name: str, seconds: float) -> None:
        events.append(f"{name} start")
        await asyncio.sleep(seconds)
        events.append(f"{name} end")

    await asyncio.gather(
        processor.process_update(message_from(1, 1), handle("first of user 1", 0.05)),
        processor.process_update(message_from(1, 2), handle("second of user 1", 0)),
        processor.process_update(message_from(2, 3), handle("user 2", 0)),
    )

    assert events.index("first of user 1 end") < events.index("second of user 1 start")
    assert events.index("user 2 end") < events.index("first of user 1 end")
    assert not processor._locks  # nothing kept once every update is done
