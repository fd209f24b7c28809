"""/history ("My campaigns"): a paginated list with filters, details, and the actions on one campaign.

Campaign ids come from callback data, which a client can forge; the services refuse ids of other users.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from campaigns.models import CampaignStatus
from campaigns.services.removed import RESTORABLE
from campaigns.services.review_edits import was_edited_since_build
from campaigns.services.runs import QueueRefused
from core.errors import UserError
from core.formatting import format_number, format_seconds
from telegram_bot import callbacks as cb
from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers.common import answer_query, matched_id, own_campaigns_only, show
from telegram_bot.services import campaigns as campaign_services


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else "—"


async def history(
    update: Update, context: BotContext, page: int = 1, status_filter: str = "all", days: int = 0
) -> None:
    await answer_query(update)
    listing = await in_thread(campaign_services.history_page)(context.user_pk, page, status_filter, days)
    if listing.total == 0:
        text = _("No campaigns here yet.")
    else:
        text = _("Your campaigns (page %(page)d of %(pages)d):") % {"page": listing.page, "pages": listing.pages}
    totals = listing.totals
    period = _("last %(days)d days") % {"days": listing.days} if listing.days else _("all time")
    text += "\n" + _("In total (%(period)s): campaigns %(campaigns)s · builds %(builds)s · phrases %(phrases)s") % {
        "period": period,
        "campaigns": format_number(totals.campaigns),
        "builds": format_number(totals.builds),
        "phrases": format_number(totals.phrases),
    }
    items = [
        (row.id, f"{texts.STATUS_ICONS.get(row.status, '')} {row.name} · {row.created_at:%d.%m}")
        for row in listing.rows
    ]
    await show(
        update, text, keyboards.history_page(items, listing.page, listing.pages, listing.status_filter, listing.days)
    )


async def history_page(update: Update, context: BotContext) -> None:
    days = int(context.match.group(3) or 0)
    await history(update, context, int(context.match.group(1)), context.match.group(2), days)


@own_campaigns_only
async def open_campaign(update: Update, context: BotContext) -> None:
    await answer_query(update)
    details = await in_thread(campaign_services.campaign_details)(context.user_pk, matched_id(update, context))
    lines = [
        f"{texts.STATUS_ICONS.get(details.status, '')} {details.name}",
        _("Status: %(value)s") % {"value": details.status_label},
        _("Created: %(value)s") % {"value": _date(details.created_at)},
        _("Finished: %(value)s") % {"value": _date(details.completed_at)},
        _("Region: %(value)s") % {"value": details.region_name or "—"},
        _("Landing page: %(value)s") % {"value": details.target_url},
        _("Phrases: %(keywords)d · groups: %(groups)d · ads: %(ads)d · negatives: %(negatives)d")
        % {
            "keywords": details.keyword_count,
            "groups": details.group_count,
            "ads": details.ad_count,
            "negatives": details.negative_count,
        },
    ]
    await show(
        update,
        "\n".join(lines),
        keyboards.campaign_actions(
            details.id,
            details.has_file,
            details.spreadsheet_url,
            details.removed_count > 0,
            details.can_upload,
            details.in_direct,
            owner_id=context.user_pk if details.status == CampaignStatus.COMPLETED else None,
        ),
    )


@own_campaigns_only
async def campaign_stats(update: Update, context: BotContext) -> None:
    await answer_query(update)
    details = await in_thread(campaign_services.campaign_details)(context.user_pk, matched_id(update, context))
    lines = [
        _("Statistics of “%(name)s”") % {"name": details.name},
        _("Runs: %(count)d") % {"count": details.runs},
    ]
    if details.last_run_seconds is not None:
        lines.append(_("Last build took %(seconds)d s") % {"seconds": round(details.last_run_seconds)})
    for stage, seconds in details.stage_timings.items():
        lines.append(f"· {texts.stage_label(stage)}: {format_seconds(float(seconds))}")
    lines.append(
        _("Phrases: %(keywords)d · groups: %(groups)d · ads: %(ads)d · negatives: %(negatives)d")
        % {
            "keywords": details.keyword_count,
            "groups": details.group_count,
            "ads": details.ad_count,
            "negatives": details.negative_count,
        }
    )
    await show(update, "\n".join(lines), keyboards.back_to_campaign(details.id))


@own_campaigns_only
async def send_file(update: Update, context: BotContext) -> None:
    await answer_query(update)
    exported = await in_thread(campaign_services.export_file)(context.user_pk, matched_id(update, context))
    if exported is None:
        await update.effective_chat.send_message(_("The file is no longer stored. Use “Repeat” to build it again."))
        return
    filename, content = exported
    await update.effective_chat.send_document(document=content, filename=filename)


@own_campaigns_only
async def ask_delete(update: Update, context: BotContext) -> None:
    await answer_query(update)
    campaign_id = matched_id(update, context)
    await in_thread(campaign_services.owned_campaign)(context.user_pk, campaign_id)
    await show(update, _("Delete this campaign? It disappears from your list."), keyboards.confirm_delete(campaign_id))


@own_campaigns_only
async def confirm_delete(update: Update, context: BotContext) -> None:
    await answer_query(update)
    await in_thread(campaign_services.delete_own_campaign)(context.user_pk, matched_id(update, context))
    await history(update, context)


def _cancel_answer(outcome: str) -> str:
    if outcome == campaign_services.CANCELLING:
        return _("Cancelling…")
    if outcome == campaign_services.NOT_RETRIED:
        return _("Fine, I will not retry it. The campaign stays in “My campaigns”: repeat or delete it there.")
    return _("This run has already finished.")


async def _cancel(update: Update, context: BotContext, cancel_own) -> None:
    """One answer for both Cancel buttons: `cancel_own(user_pk, id)` says what there was to cancel."""
    await answer_query(update)
    outcome = await in_thread(cancel_own)(context.user_pk, matched_id(update, context))
    await show(update, _cancel_answer(outcome), keyboards.main_menu())


@own_campaigns_only
async def cancel_run(update: Update, context: BotContext) -> None:
    await _cancel(update, context, campaign_services.cancel_own_run)


@own_campaigns_only
async def stop_campaign(update: Update, context: BotContext) -> None:
    await _cancel(update, context, campaign_services.cancel_campaign_runs)


@own_campaigns_only
async def retry(update: Update, context: BotContext) -> None:
    query = update.callback_query
    await query.answer()
    try:
        await in_thread(campaign_services.retry_own_run)(
            context.user_pk, matched_id(update, context), update.effective_chat.id, query.message.message_id
        )
    except QueueRefused as refusal:
        await show(update, str(refusal), keyboards.main_menu())
        return
    await show(update, _("Trying again…"))


@own_campaigns_only
async def removed_phrases(update: Update, context: BotContext) -> None:
    await answer_query(update)
    campaign_id = matched_id(update, context)
    counts = await in_thread(campaign_services.removed_phrases)(context.user_pk, campaign_id)
    doubtful = await in_thread(campaign_services.doubtful_phrases)(context.user_pk, campaign_id)
    restorable = [(item.code, item.label) for item in counts if item.restorable]
    text = texts.removed_phrases(counts, doubtful)
    if restorable and await in_thread(was_edited_since_build)(campaign_id):
        text += "\n\n" + _(
            "⚠️ Putting phrases back builds the campaign anew: the edits you made on the review page (groups, "
            "phrases, negatives, ads) are replaced; only the removed phrases you kept there stay in."
        )
    markup = keyboards.removed_phrases(campaign_id, restorable, [(item.code, item.label) for item in doubtful])
    await show(update, text, markup)


async def _rebuild_from_pressed_message(
    update: Update, context: BotContext, campaign_id: int, code: str, title, rebuild
):
    """Put back and remove for good both change what a build keeps and build again: the pressed message becomes the
    build's progress, as at Create, and a refused queue (limits, a build running) says why and changes nothing."""
    campaign = await in_thread(campaign_services.owned_campaign)(context.user_pk, campaign_id)
    await show(update, title(campaign.name), keyboards.stop_campaign(campaign_id))
    try:
        await in_thread(rebuild)(
            context.user_pk, campaign_id, code, update.effective_chat.id, update.callback_query.message.message_id
        )
    except QueueRefused as refusal:
        await show(update, str(refusal), keyboards.back_to_campaign(campaign_id))


@own_campaigns_only
async def put_back(update: Update, context: BotContext) -> None:
    """Keep one reason's phrases and rebuild."""
    await update.callback_query.answer()
    campaign_id, code = int(context.match.group(1)), context.match.group(2)
    if code not in RESTORABLE:
        await show(update, _("These phrases cannot be put back."), keyboards.back_to_campaign(campaign_id))
        return
    await _rebuild_from_pressed_message(
        update, context, campaign_id, code, texts.put_back, campaign_services.put_back_and_rebuild
    )


@own_campaigns_only
async def remove_doubtful(update: Update, context: BotContext) -> None:
    """Remove one reason's doubtful phrases for good (kept ones too) and rebuild; they become negative keywords."""
    await update.callback_query.answer()
    campaign_id, code = int(context.match.group(1)), context.match.group(2)
    try:
        await _rebuild_from_pressed_message(
            update, context, campaign_id, code, texts.removed_for_good, campaign_services.remove_doubtful_and_rebuild
        )
    except ValueError:
        await show(update, _("There are no doubtful phrases for this reason."), keyboards.back_to_campaign(campaign_id))


@own_campaigns_only
async def upload(update: Update, context: BotContext) -> None:
    """Upload the built campaign to Yandex Direct; the pressed message shows the upload's progress and result."""
    query = update.callback_query
    await query.answer()
    campaign_id = matched_id(update, context)
    campaign = await in_thread(campaign_services.owned_campaign)(context.user_pk, campaign_id)
    try:
        await show(update, texts.upload_queued(campaign.name), keyboards.stop_campaign(campaign_id))
        await in_thread(campaign_services.upload_from_chat)(
            campaign_id,
            context.user_pk,
            update.effective_chat.id,
            query.message.message_id,
            delete_removed=query.data.startswith(cb.UPLOAD_REMOVING),
        )
    except UserError as refusal:
        await show(update, f"⚠️ {refusal}", keyboards.back_to_campaign(campaign_id))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("history", history))
    app.add_handler(CallbackQueryHandler(history, pattern=f"^({cb.HISTORY}|{cb.BACK_TO_HISTORY})$"))
    app.add_handler(CallbackQueryHandler(history_page, pattern=cb.PAGE_PATTERN))
    app.add_handler(CallbackQueryHandler(open_campaign, pattern=cb.OPEN_PATTERN))
    app.add_handler(CallbackQueryHandler(campaign_stats, pattern=cb.STATS_PATTERN))
    app.add_handler(CallbackQueryHandler(send_file, pattern=cb.FILE_PATTERN))
    app.add_handler(CallbackQueryHandler(ask_delete, pattern=cb.DELETE_PATTERN))
    app.add_handler(CallbackQueryHandler(confirm_delete, pattern=cb.CONFIRM_DELETE_PATTERN))
    app.add_handler(CallbackQueryHandler(cancel_run, pattern=cb.CANCEL_RUN_PATTERN))
    app.add_handler(CallbackQueryHandler(stop_campaign, pattern=cb.STOP_PATTERN))
    app.add_handler(CallbackQueryHandler(retry, pattern=cb.RETRY_RUN_PATTERN))
    app.add_handler(CallbackQueryHandler(removed_phrases, pattern=cb.REMOVED_PATTERN))
    app.add_handler(CallbackQueryHandler(put_back, pattern=cb.PUT_BACK_PATTERN))
    app.add_handler(CallbackQueryHandler(remove_doubtful, pattern=cb.DROP_DOUBTFUL_PATTERN))
    app.add_handler(CallbackQueryHandler(upload, pattern=cb.UPLOAD_PATTERN))
