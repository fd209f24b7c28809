"""Broadcasts: the bot's /broadcast and the admin's action both create one here; a Celery task sends it."""

from __future__ import annotations

from django.db import transaction

from telegram_bot.models import Broadcast


def start_broadcast(
    text: str,
    recipient_ids: list[int],
    *,
    created_by_id: int | None = None,
    created_by_user_id: int | None = None,
) -> Broadcast:
    """Save the broadcast with its recipients (TelegramUser pks) and send it from a worker once committed."""
    from telegram_bot.tasks import send_broadcast

    text = text.strip()
    if not text:
        raise ValueError("A broadcast needs a non-empty text.")
    unique_ids = list(dict.fromkeys(int(pk) for pk in recipient_ids))
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            text=text,
            recipient_ids=unique_ids,
            recipients_total=len(unique_ids),
            created_by_id=created_by_id,
            created_by_user_id=created_by_user_id,
        )
        send_broadcast.delay_on_commit(broadcast.pk)
    return broadcast
