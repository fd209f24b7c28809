"""What workers send to Telegram: progress edits, the final result, single messages and broadcast lines.

Synchronous (Celery workers are), built on `botapi` rather than PTB's Application. Progress edits are throttled
to about one per second per chat with a key in Django's cache, so several worker processes share the throttle;
a 429 pushes the next edit back by Telegram's retry_after instead of stalling the pipeline. Signal receivers
log and swallow every error: a notification must never fail a campaign.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from campaigns.models import RunKind, RunStatus
from telegram_bot import keyboards, texts
from telegram_bot.botapi import BotApiError, call, call_once
from telegram_bot.models import RunMessage

logger = logging.getLogger(__name__)


def _throttle_key(chat_id: int) -> str:
    return f"telegram:progress-edit:{chat_id}"


def deliver_text(chat_id: int, text: str, reply_markup: dict | None = None) -> BotApiError | None:
    """Send one message; returns Telegram's error instead of raising, so callers can report who missed it."""
    payload = {"chat_id": chat_id, "text": text}
    if reply_markup:
        payload["reply_markup"] = reply_markup
    try:
        call("sendMessage", payload)
    except BotApiError as error:
        return error
    except Exception as error:  # network failure after every retry
        return BotApiError(0, f"{type(error).__name__}: {error}")
    return None


def send_text(chat_id: int, text: str) -> bool:
    """Used by the admin's "send a message" action; True when Telegram accepted the message."""
    error = deliver_text(chat_id, text)
    if error is not None:
        logger.warning("message to chat %s not delivered: %s", chat_id, error)
    return error is None


def _run_message(run_id: int) -> RunMessage | None:
    """The chat message of a run started from the chat, with the run; None for runs started elsewhere."""
    return (
        RunMessage.objects.select_related("run__campaign", "run__user", "run__campaign__owner")
        .filter(run_id=run_id)
        .first()
    )


def edit_progress(run_id: int, stage: str, percent: int, message: str) -> bool:
    """Edit the run's progress message unless this chat was edited less than a second ago; True when edited."""
    shown = _run_message(run_id)
    if shown is None or not shown.message_id:
        return False
    if not cache.add(_throttle_key(shown.chat_id), 1, timeout=settings.TELEGRAM_PROGRESS_EDIT_INTERVAL):
        return False
    run = shown.run
    with translation.override(run.language):
        text = texts.progress(run.campaign.name, stage, percent, message)
        markup = keyboards.processing(run.pk).to_dict()
    try:
        call_once(
            "editMessageText",
            {"chat_id": shown.chat_id, "message_id": shown.message_id, "text": text, "reply_markup": markup},
        )
    except BotApiError as error:
        if error.not_modified:
            return False
        if error.error_code == 429:
            cache.set(_throttle_key(shown.chat_id), 1, timeout=max(1, error.retry_after or 1))
            return False
        raise
    return True


def _replace_progress(shown: RunMessage, text: str, markup: dict | None) -> None:
    """Turn the progress message into the final one (or send a new one if there is none to edit)."""
    if shown.message_id:
        payload = {"chat_id": shown.chat_id, "message_id": shown.message_id, "text": text}
        if markup:
            payload["reply_markup"] = markup
        try:
            call("editMessageText", payload)
            return
        except BotApiError as error:
            if error.not_modified:
                return
            logger.warning("run %s: final edit failed (%s); sending a new message", shown.run_id, error)
    error = deliver_text(shown.chat_id, text, markup)
    if error is not None:
        raise error


def send_campaign_file(chat_id: int, campaign) -> bool:
    """Send the campaign's XLSX as a document; False when there is no file (expired or never exported)."""
    if not campaign.export_file:
        return False
    filename = Path(campaign.export_file.name).name
    with campaign.export_file.open("rb") as file:
        content = file.read()
    call("sendDocument", {"chat_id": chat_id, "caption": campaign.name[:1024]}, files={"document": (filename, content)})
    return True


def send_result(run_id: int, status: str) -> None:
    shown = _run_message(run_id)
    if shown is None:
        return
    run, campaign = shown.run, shown.run.campaign
    with translation.override(run.language):
        if status == RunStatus.COMPLETED and run.kind == RunKind.UPLOAD:
            report = run.upload_report
            markup = keyboards.finished(campaign.pk, direct_url=report.direct_url)
            _replace_progress(shown, texts.uploaded(campaign.name, report), markup.to_dict())
        elif status == RunStatus.COMPLETED:
            summary = run.build_summary
            text = texts.completed(campaign, summary)
            markup = keyboards.finished(campaign.pk, summary.removed > 0, campaign.can_upload)
            _replace_progress(shown, text, markup.to_dict())
            send_campaign_file(shown.chat_id, campaign)
        elif status == RunStatus.FAILED:
            failed = texts.failed(campaign.name, run.error_message)
            _replace_progress(shown, failed, keyboards.failed(run.pk).to_dict())
        elif status == RunStatus.CANCELLED:
            _replace_progress(shown, texts.cancelled(campaign.name), None)


def on_run_progress(sender, run_id: int, stage: str, percent: int, message: str = "", **kwargs) -> None:
    try:
        edit_progress(run_id, stage, percent, message)
    except Exception:
        logger.exception("run %s: progress edit failed", run_id)


def on_run_finished(sender, run_id: int, status: str, **kwargs) -> None:
    try:
        send_result(run_id, status)
    except Exception:
        logger.exception("run %s: result message failed", run_id)
