"""Celery tasks of the bot: broadcasts, sent from a worker within Telegram's limits."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyrate_limiter import Duration, Limiter, Rate

from accounts.activity import Action, record
from accounts.models import TelegramUser
from telegram_bot import digest
from telegram_bot.models import Broadcast, BroadcastStatus
from telegram_bot.notify import deliver_text, send_text

logger = logging.getLogger(__name__)

COUNTER_FLUSH_EVERY = 20


@shared_task(ignore_result=True)
def send_broadcast(broadcast_id: int) -> None:
    """Claims the broadcast (so a duplicate delivery of this task sends nothing twice), then sends it."""
    claimed = Broadcast.objects.filter(pk=broadcast_id, status=BroadcastStatus.PENDING).update(
        status=BroadcastStatus.SENDING, started_at=timezone.now()
    )
    if claimed != 1:
        logger.info("broadcast %s already claimed; nothing to do", broadcast_id)
        return
    broadcast = Broadcast.objects.get(pk=broadcast_id)
    limiter = Limiter(Rate(settings.TELEGRAM_BROADCAST_PER_SECOND, Duration.SECOND))
    recipients = TelegramUser.objects.filter(pk__in=broadcast.recipient_ids).values_list("pk", "telegram_id")
    counts = {"delivered": 0, "failed": 0, "blocked_by_user": 0}
    failures: list[dict] = []
    try:
        for position, (user_pk, telegram_id) in enumerate(recipients.iterator(), start=1):
            limiter.try_acquire("broadcast")
            error = deliver_text(telegram_id, broadcast.text)
            if error is None:
                counts["delivered"] += 1
            else:
                counts["failed"] += 1
                failures.append(
                    {"telegram_id": telegram_id, "error_code": error.error_code, "error": error.description}
                )
                if error.bot_blocked:
                    counts["blocked_by_user"] += 1
                    record(user_pk, Action.BOT_BLOCKED_BY_USER, broadcast_id=broadcast_id)
            if position % COUNTER_FLUSH_EVERY == 0:
                Broadcast.objects.filter(pk=broadcast_id).update(**counts, report={"failed": failures})
    except Exception:
        logger.exception("broadcast %s stopped", broadcast_id)
        Broadcast.objects.filter(pk=broadcast_id).update(
            **counts, report={"failed": failures}, status=BroadcastStatus.FAILED, finished_at=timezone.now()
        )
        raise
    Broadcast.objects.filter(pk=broadcast_id).update(
        **counts, report={"failed": failures}, status=BroadcastStatus.DONE, finished_at=timezone.now()
    )
    record(
        broadcast.created_by_user_id,
        Action.BROADCAST_SENT,
        broadcast_id=broadcast_id,
        delivered=counts["delivered"],
        failed=counts["failed"],
    )
    _report_to_author(broadcast, counts)


def _report_to_author(broadcast: Broadcast, counts: dict[str, int]) -> None:
    """The bot admin who sent /broadcast hears how it went; staff read the same counts in the admin."""
    author = TelegramUser.objects.filter(pk=broadcast.created_by_user_id).values("telegram_id", "language").first()
    if author is None:
        return
    with translation.override(author["language"]):
        text = _(
            "Broadcast #%(id)d is done: delivered %(delivered)d, failed %(failed)d (of them blocked the bot: "
            "%(blocked)d)."
        ) % {"id": broadcast.pk, "blocked": counts["blocked_by_user"], **counts}
    send_text(author["telegram_id"], text)


@shared_task(ignore_result=True)
def send_weekly_digests() -> None:
    """Beat's weekly job (WEEKLY_DIGEST_SCHEDULE): statistics and suggested negatives of campaigns in Direct."""
    logger.info("weekly digests: %s", digest.send_weekly_digests())
