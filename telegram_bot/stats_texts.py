"""Texts, keyboards and the chart of an uploaded campaign's statistics, shared by the «Statistics» button
(handlers/stats.py) and the weekly digest a worker sends (digest.py), so both read the same."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from campaigns.services.digest import CampaignDigest
from campaigns.services.stats_chart import spend_and_clicks_png
from core.formatting import format_number
from telegram_bot import callbacks as cb

SHOWN_NEGATIVES = 8  # in the message and on the pick list


def _money(value) -> str:
    return f"{format_number(value)} ₽"


def _period(digest: CampaignDigest) -> str:
    return f"{formats.date_format(digest.period.first, 'd.m')}–{formats.date_format(digest.period.last, 'd.m')}"


def summary(digest: CampaignDigest) -> str:
    """The headline: the campaign's totals for the period (fits a photo's caption)."""
    lines = [_("📊 «%(name)s» in Direct, %(period)s") % {"name": digest.name, "period": _period(digest)}]
    total = digest.total
    if total is None or not total.impressions:
        lines.append(_("No impressions yet: Direct shows the ads after moderation and payment."))
        return "\n".join(lines)
    lines.append(
        _("Spend %(cost)s · impressions %(impressions)s · clicks %(clicks)s · CTR %(ctr)s%% · CPC %(cpc)s")
        % {
            "cost": _money(total.cost),
            "impressions": format_number(total.impressions),
            "clicks": format_number(total.clicks),
            "ctr": format_number(total.ctr, 2),
            "cpc": _money(total.cpc) if total.cpc is not None else "—",
        }
    )
    return "\n".join(lines)


def details(digest: CampaignDigest) -> str:
    """The groups that spent most for the least, and the suggested negatives with the money they save."""
    lines = []
    if digest.worst:
        lines.append(_("Groups that spent the most for the fewest clicks:"))
        lines += [
            f"{number}. {item.name} — {_money(item.cost)}, "
            + _("clicks: %(clicks)s") % {"clicks": format_number(item.clicks)}
            for number, item in enumerate(digest.worst, start=1)
        ]
    if digest.negatives:
        lines.append("")
        lines.append(_("Negative keywords: will save ~%(amount)s a week") % {"amount": _money(digest.weekly_saving)})
        lines += [
            f"• {item.text}"
            + (f" ({item.group_name})" if item.direct_group_id else "")
            + f" — {_money(item.weekly_saving)}: {', '.join(item.queries[:2])}"
            for item in digest.negatives[:SHOWN_NEGATIVES]
        ]
    elif digest.total is not None and digest.total.clicks:
        lines.append(_("The search queries suggest no negative keywords this time."))
    return "\n".join(lines)


def keyboard(digest: CampaignDigest, *, in_digest: bool = False) -> InlineKeyboardMarkup:
    rows = []
    if digest.negatives:
        rows.append([
            InlineKeyboardButton(_("Apply all"), callback_data=cb.with_id(cb.NEGATIVES_ALL, digest.campaign_id)),
            InlineKeyboardButton(_("Pick"), callback_data=cb.with_id(cb.NEGATIVES_PICK, digest.campaign_id)),
            InlineKeyboardButton(_("Dismiss"), callback_data=cb.with_id(cb.NEGATIVES_DISMISS, digest.campaign_id)),
        ])
    rows.append([InlineKeyboardButton(_("Back"), callback_data=cb.with_id(cb.OPEN, digest.campaign_id))])
    if in_digest:
        rows.append([InlineKeyboardButton(_("Stop the weekly digest"), callback_data=cb.DIGEST_OFF)])
    return InlineKeyboardMarkup(rows)


def pick_keyboard(campaign_id: int, negatives: list) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(
            f"➖ {item.text} · {_money(item.weekly_saving)}",
            callback_data=f"{cb.NEGATIVE_ONE}{campaign_id}_{item.pk}",
        )]
        for item in negatives
    ]
    rows.append([InlineKeyboardButton(_("Back"), callback_data=cb.with_id(cb.DIRECT_STATS, campaign_id))])
    return InlineKeyboardMarkup(rows)


def applied(negatives: int, skipped: list[str]) -> str:
    text = _("Added to Direct and to the campaign's file: %(count)d negative keywords.") % {"count": negatives}
    if skipped:
        text += "\n" + _("Not added (the list is full or Direct refused): %(words)s") % {"words": ", ".join(skipped)}
    return text


def chart(digest: CampaignDigest) -> bytes:
    return spend_and_clicks_png(
        digest.days,
        title=_("«%(name)s»: spend and clicks per day") % {"name": digest.name},
        spend_label=_("Spend, ₽"),
        clicks_label=_("Clicks"),
    )
