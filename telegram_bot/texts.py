"""Texts the bot and its worker-side sender share (menus, progress, results), all through Django's gettext.

Callers activate the user's language first (the middleware does it for handlers, `notify` per message).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import CampaignStatus
from campaigns.pipeline.stages import STAGE_ORDER, Stage
from core.formatting import format_number

PROGRESS_BAR_WIDTH = 10

STATUS_ICONS = {
    CampaignStatus.DRAFT: "📝",
    CampaignStatus.QUEUED: "⏳",
    CampaignStatus.PROCESSING: "⚙️",
    CampaignStatus.COMPLETED: "✅",
    CampaignStatus.FAILED: "❌",
    CampaignStatus.CANCELLED: "🚫",
    CampaignStatus.ARCHIVED: "🗄",
}

COMMANDS = [
    ("start", gettext_lazy("Main menu")),
    ("new", gettext_lazy("Create a campaign")),
    ("history", gettext_lazy("My campaigns")),
    ("settings", gettext_lazy("Settings")),
    ("help", gettext_lazy("Help")),
    ("cancel", gettext_lazy("Cancel the current action")),
]


def welcome(first_name: str) -> str:
    return _(
        "Hello, %(name)s! I build Yandex.Direct search campaigns: keywords, groups, ads and negative keywords, "
        "ready to import into Direct.\n\nPress “Create campaign” to start — it takes a few minutes."
    ) % {"name": first_name or _("friend")}


def help_text() -> str:
    return _(
        "How it works:\n"
        "1. Tell me the campaign name and what you sell.\n"
        "2. Send keywords as a list, or attach a CSV/XLSX/TXT export from Wordstat.\n"
        "3. Choose the region, the landing page and, if you like, the budget.\n"
        "4. I collect and clean the phrases, group them, write ads and negative keywords, and send an XLSX file "
        "for Direct's import.\n\n"
        "Commands: /new — new campaign, /history — my campaigns, /settings — settings, /cancel — cancel."
    )


def progress_bar(percent: int) -> str:
    filled = max(0, min(PROGRESS_BAR_WIDTH, round(percent * PROGRESS_BAR_WIDTH / 100)))
    return "█" * filled + "░" * (PROGRESS_BAR_WIDTH - filled)


def stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in STAGE_ORDER else _("Preparing")


def progress(campaign_name: str, stage: str, percent: int, message: str) -> str:
    percent = max(0, min(100, int(percent)))
    lines = [
        _("Building “%(name)s”") % {"name": campaign_name},
        f"{stage_label(stage)}",
        f"{progress_bar(percent)} {percent}%",
    ]
    if message:
        lines.append(message)
    return "\n".join(lines)


def queued(campaign_name: str) -> str:
    return _("“%(name)s” is queued. I will update this message as the work goes on.") % {"name": campaign_name}


def completed(name: str, keywords: int, groups: int, ads: int, negatives: int, sheet_url: str) -> str:
    text = _(
        "✅ “%(name)s” is ready!\n\nPhrases: %(keywords)d\nGroups: %(groups)d\nAds: %(ads)d\nNegative keywords: "
        "%(negatives)d"
    ) % {"name": name, "keywords": keywords, "groups": groups, "ads": ads, "negatives": negatives}
    if sheet_url:
        text += "\n\n" + _("Google Sheet: %(url)s") % {"url": sheet_url}
    return text


def failed(name: str, error: str) -> str:
    text = _("❌ I could not finish “%(name)s”.") % {"name": name}
    if error:
        text += "\n" + error
    return text + "\n\n" + _("You can try again or cancel the campaign.")


def cancelled(name: str) -> str:
    return _("🚫 “%(name)s” was cancelled.") % {"name": name}


def budget(value: Decimal | None) -> str:
    return _("%(amount)s RUB") % {"amount": format_number(value)} if value else _("not set")


def apology() -> str:
    return _("Sorry, something went wrong on my side. Please try again; if it repeats, send /start.")
