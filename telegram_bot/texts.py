"""Texts the bot and its worker-side sender share (menus, progress, results), all through Django's gettext.

Callers activate the user's language first (the middleware does it for handlers, `notify` per message).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign, CampaignStatus, Stage
from campaigns.summaries import BuildSummary, UploadReport
from core.formatting import format_number
from semantic.types import removal_label

PROGRESS_BAR_WIDTH = 10
TOP_REMOVAL_REASONS = 3
TOP_BUDGET_GROUPS = 3

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
    return str(Stage(stage).label) if stage in Stage.values else _("Preparing")


def progress(campaign_name: str, stage: str, percent: int, message: str) -> str:
    percent = max(0, min(100, int(percent)))
    heading = _("Uploading “%(name)s” to Yandex Direct") if stage == Stage.UPLOAD else _("Building “%(name)s”")
    lines = [
        heading % {"name": campaign_name},
        f"{stage_label(stage)}",
        f"{progress_bar(percent)} {percent}%",
    ]
    if message:
        lines.append(message)
    return "\n".join(lines)


def queued(campaign_name: str) -> str:
    return _("“%(name)s” is queued. I will update this message as the work goes on.") % {"name": campaign_name}


def completed(campaign: Campaign, summary: BuildSummary) -> str:
    """The final message: the campaign's counts, and from the build's summary what was removed and why, the
    threshold used, sitelinks, the budget plan and the page warning; negatives left out are the campaign's."""
    text = _(
        "✅ “%(name)s” is ready!\n\nPhrases: %(keywords)d\nGroups: %(groups)d\nAds: %(ads)d\nNegative keywords: "
        "%(negatives)d"
    ) % {
        "name": campaign.name,
        "keywords": campaign.keyword_count,
        "groups": campaign.group_count,
        "ads": campaign.ad_count,
        "negatives": len(campaign.negative_keywords),
    }
    sections = [
        _removed_lines(summary),
        _dropped_negatives(len(campaign.dropped_negatives)),
        _sitelinks(summary.sitelinks),
        _budget_plan(summary.budget),
        f"⚠️ {summary.landing_warning}" if summary.landing_warning else "",
    ]
    if campaign.spreadsheet_url:
        sections.append(_("Google Sheet: %(url)s") % {"url": campaign.spreadsheet_url})
    return "\n\n".join([text, *(section for section in sections if section)])


def upload_queued(name: str) -> str:
    return _("“%(name)s” will be uploaded to Yandex Direct as a draft. I will update this message.") % {"name": name}


def uploaded(name: str, report: UploadReport) -> str:
    """The upload's report (`campaigns.pipeline.upload`): what Direct holds now, and every object it refused, with
    its group, so the user knows what to fix."""
    lines = [
        _("✅ “%(name)s” is in Yandex Direct as a draft (campaign %(id)s).")
        % {"name": name, "id": report.direct_campaign_id or "—"},
        _("Created: %(created)d · already there: %(skipped)d · refused: %(failed)d")
        % {"created": report.created_total, "skipped": report.skipped_total, "failed": report.failed_total},
    ]
    if report.moderated:
        lines.append(_("Sent to moderation: %(count)d ads.") % {"count": report.moderated})
    else:
        lines.append(_("Check it in Direct and send it to moderation there."))
    for error in report.errors[:MAX_UPLOAD_ERRORS_SHOWN]:
        where = error.get("group") or error.get("kind") or ""
        lines.append(f"⚠️ {where}: {'; '.join(error.get('messages') or [])}")
    hidden = len(report.errors) - MAX_UPLOAD_ERRORS_SHOWN
    if hidden > 0:
        lines.append(_("…and %(count)d more refusals; press Upload again after fixing them.") % {"count": hidden})
    return "\n".join(lines)


MAX_UPLOAD_ERRORS_SHOWN = 10


def min_exact_setting(value: int | None) -> str:
    """A threshold as Settings and the summary show it: a number, off, or the service's default (None)."""
    if value is None:
        return _("service default (%(value)d)") % {"value": settings.SEMANTIC_MIN_EXACT_FREQUENCY}
    return _("off (every phrase is kept)") if value == 0 else str(value)


def exact_filter(min_exact: int) -> str:
    if not min_exact:
        return _("Exact-frequency filter: off")
    return _("Exact-frequency filter: phrases searched fewer than %(min)d times a month in exactly this form") % {
        "min": min_exact
    }


def _removed_lines(summary: BuildSummary) -> str:
    by_reason = summary.removed_by_reason
    lines = []
    if by_reason:
        top = sorted(by_reason.items(), key=lambda item: (-item[1], item[0]))
        reasons = "; ".join(
            f"{removal_label(code)} — {format_number(count)}" for code, count in top[:TOP_REMOVAL_REASONS]
        )
        others = sum(count for _code, count in top[TOP_REMOVAL_REASONS:])
        if others:
            reasons += "; " + _("other reasons — %(count)s") % {"count": format_number(others)}
        lines.append(
            _("Removed %(count)s phrases: %(reasons)s.")
            % {"count": format_number(summary.removed), "reasons": reasons}
        )
    doubtful = sum(item["removed"] + item["kept"] for item in summary.doubtful)
    if doubtful:
        lines.append(
            _(
                "%(count)s phrases are doubtful (another market, seller type, look-alikes): they are not negative "
                "keywords until you confirm. See “Removed phrases” to keep or remove them."
            )
            % {"count": format_number(doubtful)}
        )
    if summary.min_exact is not None:
        lines.append(exact_filter(summary.min_exact))
    return "\n".join(lines)


def _dropped_negatives(count: int) -> str:
    if not count:
        return ""
    return _("%(count)s negative keywords did not fit Direct's limits and were left out (see the summary sheet).") % {
        "count": format_number(count)
    }


def _sitelinks(titles: list[str]) -> str:
    return _("Sitelinks: %(titles)s") % {"titles": " · ".join(titles)} if titles else ""


def _budget_plan(plan: dict | None) -> str:
    if not plan:
        return ""
    lines = [
        _("Budget: set a weekly budget of %(weekly)s RUB in Direct (%(monthly)s RUB a month).")
        % {"weekly": format_number(Decimal(plan["weekly"])), "monthly": format_number(Decimal(plan["monthly"]))}
    ]
    groups = sorted(plan.get("groups") or [], key=lambda group: -group["share"])[:TOP_BUDGET_GROUPS]
    lines += [
        _("· %(name)s — %(share)d%%, %(monthly)s RUB a month")
        % {
            "name": group["name"],
            "share": round(group["share"] * 100),
            "monthly": format_number(Decimal(group["monthly"])),
        }
        for group in groups
    ]
    return "\n".join(lines)


def removed_phrases(counts: list, doubtful: list = ()) -> str:
    """The removed-phrases screen: `counts` are `campaigns.services.removed.RemovalCount`, the largest first;
    `doubtful` are `DoubtfulCount`s, shown first: they cost nothing yet and wait for the user's word."""
    if not counts and not doubtful:
        return _("No phrases were removed in the last build.")
    lines = []
    if doubtful:
        lines.append(_("Doubtful — another market, seller type or look-alikes (not negative keywords yet):"))
        lines += [
            "· "
            + _("%(reason)s — %(removed)s removed, %(kept)s kept")
            % {"reason": item.label, "removed": format_number(item.removed), "kept": format_number(item.kept)}
            for item in doubtful
        ]
        lines += [
            _(
                "Kept doubtful phrases name your product with a buying word, so I never remove them myself. Put a "
                "reason's phrases back, or remove them for good: removed phrases then become negative keywords."
            ),
            "",
        ]
    if counts:
        lines.append(_("Phrases removed in the last build:"))
        lines += [f"· {item.label} — {format_number(item.count)}" for item in counts]
        lines.append(
            _(
                "Certain removals (free, DIY, jobs, used goods, marketplaces, vendor sites, other cities, "
                "informational queries) are negative keywords too, so the ads never show on them."
            )
        )
    if any(item.restorable for item in counts):
        lines += ["", _("Put a reason's phrases back and I will build the campaign again with them.")]
    return "\n".join(lines)


def removed_for_good(name: str) -> str:
    return _(
        "Removing the doubtful phrases for good and building “%(name)s” again. I will update this message as the "
        "work goes on."
    ) % {"name": name}


def put_back(name: str) -> str:
    return _(
        "Putting the phrases back and building “%(name)s” again. I will update this message as the work goes on."
    ) % {"name": name}


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
