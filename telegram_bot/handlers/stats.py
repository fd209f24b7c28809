"""«Statistics» of a campaign uploaded to Direct, and its suggested negatives: apply all, pick, dismiss.

The figures are fetched from Direct when the button is pressed (a report takes seconds, in a thread); the chart
comes as a photo, the text and the buttons replace the pressed message.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from campaigns.direct.errors import DirectError
from semantic.errors import SourceUnavailable
from telegram_bot import callbacks as cb
from telegram_bot import stats_texts
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers.common import answer_query, matched_id, own_campaigns_only, show
from telegram_bot.services import direct_stats


def _back(campaign_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("Back"), callback_data=cb.with_id(cb.DIRECT_STATS, campaign_id))]]
    )


@own_campaigns_only
async def direct_statistics(update: Update, context: BotContext) -> None:
    await answer_query(update, _("Asking Direct for the statistics…"))
    campaign_id = matched_id(update, context)
    try:
        digest = await in_thread(direct_stats.fresh_digest)(context.user_pk, campaign_id)
    except (DirectError, SourceUnavailable) as error:
        await show(update, f"⚠️ {error}", _back(campaign_id))
        return
    if digest.total is not None and digest.total.impressions:
        chart = await in_thread(stats_texts.chart)(digest)
        await context.bot.send_photo(update.effective_chat.id, chart, caption=stats_texts.summary(digest)[:1024])
    text = "\n\n".join(part for part in (stats_texts.summary(digest), stats_texts.details(digest)) if part)
    await show(update, text, stats_texts.keyboard(digest))


@own_campaigns_only
async def apply_all(update: Update, context: BotContext) -> None:
    await _apply(update, context, matched_id(update, context), None)


@own_campaigns_only
async def apply_one(update: Update, context: BotContext) -> None:
    await _apply(update, context, int(context.match.group(1)), int(context.match.group(2)))


async def _apply(update: Update, context: BotContext, campaign_id: int, suggestion_id: int | None) -> None:
    await answer_query(update)
    try:
        report = await in_thread(direct_stats.apply_negatives)(context.user_pk, campaign_id, suggestion_id)
    except (DirectError, SourceUnavailable) as error:
        await show(update, f"⚠️ {error}", _back(campaign_id))
        return
    text = stats_texts.applied(report.negatives, report.skipped)
    left = await in_thread(direct_stats.negatives_to_pick)(context.user_pk, campaign_id, stats_texts.SHOWN_NEGATIVES)
    markup = stats_texts.pick_keyboard(campaign_id, left) if suggestion_id is not None and left else _back(campaign_id)
    await show(update, text, markup)


@own_campaigns_only
async def pick(update: Update, context: BotContext) -> None:
    await answer_query(update)
    campaign_id = matched_id(update, context)
    shown = stats_texts.SHOWN_NEGATIVES
    negatives = await in_thread(direct_stats.negatives_to_pick)(context.user_pk, campaign_id, shown)
    text = _("Tap a negative keyword to add it to the campaign in Direct.") if negatives else _(
        "No suggested negative keywords are left."
    )
    await show(update, text, stats_texts.pick_keyboard(campaign_id, negatives))


@own_campaigns_only
async def dismiss(update: Update, context: BotContext) -> None:
    await answer_query(update)
    campaign_id = matched_id(update, context)
    await in_thread(direct_stats.dismiss_negatives)(context.user_pk, campaign_id)
    await show(update, _("Dismissed: these negative keywords will not be suggested again."), _back(campaign_id))


async def digest_off(update: Update, context: BotContext) -> None:
    await answer_query(update)
    await in_thread(direct_stats.set_weekly_digest)(context.user_pk, False)
    await show(update, _("The weekly digest is off. Statistics stay under «Statistics in Direct» of each campaign."))


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(direct_statistics, pattern=cb.DIRECT_STATS_PATTERN))
    app.add_handler(CallbackQueryHandler(apply_all, pattern=cb.NEGATIVES_ALL_PATTERN))
    app.add_handler(CallbackQueryHandler(pick, pattern=cb.NEGATIVES_PICK_PATTERN))
    app.add_handler(CallbackQueryHandler(apply_one, pattern=cb.NEGATIVE_ONE_PATTERN))
    app.add_handler(CallbackQueryHandler(dismiss, pattern=cb.NEGATIVES_DISMISS_PATTERN))
    app.add_handler(CallbackQueryHandler(digest_off, pattern=f"^{cb.DIGEST_OFF}$"))
