"""Texts the bot and its worker-side sender share (menus, progress, results), all through Django's gettext.

Callers activate the user's language first (the middleware does it for handlers, `notify` per message).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import CampaignStatus
from campaigns.pipeline.stages import Stage
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


def completed(name: str, result: dict) -> str:
    """The final message, from the run's summary (`campaigns.pipeline.runner.summarize`): counts, what was removed
    and why, the threshold used, negatives left out, sitelinks, the budget plan and the page warning."""
    negatives = result.get("negatives") or {}
    text = _(
        "✅ “%(name)s” is ready!\n\nPhrases: %(keywords)d\nGroups: %(groups)d\nAds: %(ads)d\nNegative keywords: "
        "%(negatives)d"
    ) % {
        "name": name,
        "keywords": result.get("keywords", 0),
        "groups": result.get("groups", 0),
        "ads": result.get("ads", 0),
        "negatives": negatives.get("campaign", 0),
    }
    sections = [
        _removed_lines(result),
        _dropped_negatives(negatives.get("dropped", 0)),
        _sitelinks(result.get("sitelinks") or []),
        _budget_plan(result.get("budget")),
        f"⚠️ {result['landing_warning']}" if result.get("landing_warning") else "",
    ]
    if result.get("spreadsheet_url"):
        sections.append(_("Google Sheet: %(url)s") % {"url": result["spreadsheet_url"]})
    return "\n\n".join([text, *(section for section in sections if section)])


def upload_queued(name: str) -> str:
    return _("“%(name)s” will be uploaded to Yandex Direct as a draft. I will update this message.") % {"name": name}


def uploaded(name: str, result: dict) -> str:
    """The upload's report (`campaigns.pipeline.upload`): what Direct holds now, and every object it refused, with
    its group, so the user knows what to fix."""
    created, failed = (sum((result.get(key) or {}).values()) for key in ("created", "failed"))
    skipped = sum((result.get("skipped") or {}).values()) + sum((result.get("found") or {}).values())
    lines = [
        _("✅ “%(name)s” is in Yandex Direct as a draft (campaign %(id)s).")
        % {"name": name, "id": result.get("direct_campaign_id") or "—"},
        _("Created: %(created)d · already there: %(skipped)d · refused: %(failed)d")
        % {"created": created, "skipped": skipped, "failed": failed},
    ]
    updated, removed, removable = (sum((result.get(key) or {}).values()) for key in ("updated", "removed", "removable"))
    if updated or removed:
        lines.append(_("Updated: %(updated)d · removed: %(removed)d") % {"updated": updated, "removed": removed})
    if removable:
        lines.append(
            _("%(count)d keywords, ads or groups are no longer in the campaign but still in Direct. Remove them?")
            % {"count": removable}
        )
    if result.get("ad_type_fallback"):
        lines.append(_("Direct did not take combinatorial ads, so they went as text-image ads."))
    if result.get("moderated"):
        lines.append(_("Sent to moderation: %(count)d ads.") % {"count": result["moderated"]})
    else:
        lines.append(_("Check it in Direct and send it to moderation there."))
    for error in (result.get("errors") or [])[:MAX_UPLOAD_ERRORS_SHOWN]:
        where = error.get("group") or error.get("kind") or ""
        lines.append(f"⚠️ {where}: {'; '.join(error.get('messages') or [])}")
    hidden = len(result.get("errors") or []) - MAX_UPLOAD_ERRORS_SHOWN
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


def _removed_lines(result: dict) -> str:
    by_reason = result.get("removed_by_reason") or {}
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
            % {"count": format_number(result.get("removed", sum(by_reason.values()))), "reasons": reasons}
        )
    if "min_exact" in result:
        lines.append(exact_filter(result["min_exact"]))
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


def removed_phrases(counts: list) -> str:
    """The removed-phrases screen: `counts` are `campaigns.services.removed.RemovalCount`, the largest first."""
    if not counts:
        return _("No phrases were removed in the last build.")
    lines = [_("Phrases removed in the last build:")]
    lines += [f"· {item.label} — {format_number(item.count)}" for item in counts]
    if any(item.restorable for item in counts):
        lines += ["", _("Put a reason's phrases back and I will build the campaign again with them.")]
    return "\n".join(lines)


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
