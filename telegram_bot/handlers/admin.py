"""Admin commands: /stats, /block, /unblock, /allow, /limit, /broadcast, /runs, /logs.

Only `is_admin` users or ids in TELEGRAM_ADMIN_IDS may run them; anyone else gets one refusal, logged.
"""

from __future__ import annotations

import functools

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from accounts.activity import Action, record
from accounts.services import moderation
from campaigns.services.runs import cancel_run
from telegram_bot import callbacks as cb
from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers.common import answer_query, matched_id, show
from telegram_bot.services import admin as admin_services
from telegram_bot.services.broadcast import start_broadcast

BROADCAST_TEXT, BROADCAST_CONFIRM = "broadcast_text", "broadcast_confirm"
CONVERSATION_NAME = "broadcast"


def admin_only(handler):
    @functools.wraps(handler)
    async def guarded(update: Update, context: BotContext):
        if not context.access.is_admin:
            await answer_query(update)
            await in_thread(record)(context.user_pk, Action.ACCESS_DENIED, command=handler.__name__)
            await update.effective_chat.send_message(_("This command is for administrators only."))
            return ConversationHandler.END
        return await handler(update, context)

    return guarded


def _by(update: Update) -> str:
    return f"tg:{update.effective_user.id}"


@admin_only
async def stats(update: Update, context: BotContext) -> None:
    figures = await in_thread(admin_services.bot_stats)()
    lines = [
        _("Users: %(count)d") % {"count": figures.users},
        _("Active today: %(today)d · this month: %(month)d")
        % {"today": figures.active_today, "month": figures.active_this_month},
        _("Campaigns by status:"),
    ]
    lines += [
        f"{texts.STATUS_ICONS.get(status, '')} {status}: {count}"
        for status, count in figures.campaigns_by_status.items()
    ]
    if figures.average_run_seconds is not None:
        lines.append(_("Average build time: %(seconds)d s") % {"seconds": round(figures.average_run_seconds)})
    lines.append(
        _("API calls: %(calls)d · errors: %(errors)d") % {"calls": figures.api_calls, "errors": figures.api_errors}
    )
    await update.effective_chat.send_message("\n".join(lines))


async def _target(update: Update, context: BotContext):
    if not context.args:
        await update.effective_chat.send_message(_("Say whom: a Telegram id or @username."))
        return None
    user = await in_thread(moderation.find_user)(context.args[0])
    if user is None:
        await update.effective_chat.send_message(_("No such user: %(ref)s") % {"ref": context.args[0]})
    return user


def _moderation_command(action, done, unchanged):
    """/block, /unblock and /allow differ only in the service they call and what they answer."""

    async def command(update: Update, context: BotContext) -> None:
        user = await _target(update, context)
        if user is None:
            return
        changed = await in_thread(action)(user.pk, by=_by(update))
        await update.effective_chat.send_message(str(done if changed else unchanged) % {"user": str(user)})

    command.__name__ = action.__name__
    return admin_only(command)


@admin_only
async def allow(update: Update, context: BotContext) -> None:
    """/allow: by @username for users the bot knows, or by Telegram id also for strangers, who have no row yet in
    allowlist mode (the refusal they got tells them their id)."""
    if context.args and context.args[0].isdigit():
        user, changed = await in_thread(moderation.admit_telegram_id)(int(context.args[0]), by=_by(update))
    else:
        user = await _target(update, context)
        if user is None:
            return
        changed = await in_thread(moderation.allow_user)(user.pk, by=_by(update))
    done = _("%(user)s is admitted.") if changed else _("%(user)s was already admitted.")
    await update.effective_chat.send_message(done % {"user": str(user)})


@admin_only
async def limit(update: Update, context: BotContext) -> None:
    if len(context.args) != 2 or not context.args[1].isdigit():
        await update.effective_chat.send_message(_("Usage: /limit <id|@username> <number of campaigns>"))
        return
    user = await _target(update, context)
    if user is None:
        return
    new_limit = int(context.args[1])
    await in_thread(moderation.set_campaign_limit)(user.pk, new_limit, by=_by(update))
    await update.effective_chat.send_message(
        _("%(user)s may now keep %(limit)d campaigns.") % {"user": str(user), "limit": new_limit}
    )


@admin_only
async def runs(update: Update, context: BotContext) -> None:
    active = await in_thread(admin_services.active_runs)()
    if not active:
        await update.effective_chat.send_message(_("No queued or running builds."))
        return
    lines = [
        f"#{run.id} {run.campaign_name} · {run.owner} · {run.status} · {texts.stage_label(run.stage)} {run.progress}%"
        for run in active
    ]
    await update.effective_chat.send_message(
        "\n".join(lines), reply_markup=keyboards.admin_runs([run.id for run in active])
    )


@admin_only
async def admin_cancel_run(update: Update, context: BotContext) -> None:
    await answer_query(update)
    cancelled = await in_thread(cancel_run)(matched_id(update, context))
    await update.effective_chat.send_message(
        _("Run #%(id)d is being cancelled.") % {"id": matched_id(update, context)}
        if cancelled
        else _("Run #%(id)d has already finished.") % {"id": matched_id(update, context)}
    )


@admin_only
async def logs(update: Update, context: BotContext) -> None:
    user_id = None
    if context.args:
        user = await _target(update, context)
        if user is None:
            return
        user_id = user.pk
    events = await in_thread(admin_services.recent_events)(user_id)
    if not events:
        await update.effective_chat.send_message(_("No events yet."))
        return
    lines = [f"{event.at:%d.%m %H:%M} {event.user} {event.action} {event.details or ''}" for event in events]
    await update.effective_chat.send_message("\n".join(lines)[:4000])


@admin_only
async def broadcast(update: Update, context: BotContext) -> str:
    await update.effective_chat.send_message(_("Send the text of the broadcast, or /cancel."))
    return BROADCAST_TEXT


async def broadcast_preview(update: Update, context: BotContext) -> str:
    context.user_data["broadcast_text"] = update.message.text
    recipients = len(await in_thread(admin_services.broadcast_recipients)())
    await update.effective_chat.send_message(
        _("Preview (to %(count)d users):") % {"count": recipients} + "\n\n" + update.message.text,
        reply_markup=keyboards.broadcast_confirm(),
    )
    return BROADCAST_CONFIRM


async def broadcast_send(update: Update, context: BotContext) -> int:
    await answer_query(update)
    text = context.user_data.pop("broadcast_text", "")
    recipients = await in_thread(admin_services.broadcast_recipients)()
    sent = await in_thread(start_broadcast)(text, recipients, created_by_user_id=context.user_pk)
    await show(
        update, _("Broadcast #%(id)d is being sent to %(count)d users.") % {"id": sent.pk, "count": len(recipients)}
    )
    return ConversationHandler.END


async def broadcast_cancel(update: Update, context: BotContext) -> int:
    await answer_query(update)
    context.user_data.pop("broadcast_text", None)
    await show(update, _("Broadcast cancelled."))
    return ConversationHandler.END


def register(app: Application) -> None:
    app.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("broadcast", broadcast)],
            states={
                BROADCAST_TEXT: [MessageHandler(filters.TEXT & ~filters.COMMAND, broadcast_preview)],
                BROADCAST_CONFIRM: [
                    CallbackQueryHandler(broadcast_send, pattern=f"^{cb.BROADCAST_SEND}$"),
                    CallbackQueryHandler(broadcast_cancel, pattern=f"^{cb.BROADCAST_CANCEL}$"),
                ],
            },
            fallbacks=[CommandHandler("cancel", broadcast_cancel)],
            name=CONVERSATION_NAME,
            persistent=True,
        )
    )
    app.add_handler(CommandHandler("stats", stats))
    app.add_handler(
        CommandHandler(
            "block",
            _moderation_command(
                moderation.block_user,
                gettext_lazy("%(user)s is blocked."),
                gettext_lazy("%(user)s was already blocked."),
            ),
        )
    )
    app.add_handler(
        CommandHandler(
            "unblock",
            _moderation_command(
                moderation.unblock_user,
                gettext_lazy("%(user)s is unblocked."),
                gettext_lazy("%(user)s was not blocked."),
            ),
        )
    )
    app.add_handler(CommandHandler("allow", allow))
    app.add_handler(CommandHandler("limit", limit))
    app.add_handler(CommandHandler("runs", runs))
    app.add_handler(CommandHandler("logs", logs))
    app.add_handler(CallbackQueryHandler(admin_cancel_run, pattern=cb.ADMIN_CANCEL_RUN_PATTERN))
