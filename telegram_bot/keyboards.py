"""Inline keyboards: built from callback names in `callbacks.py`, labels through gettext."""

from __future__ import annotations

from django.utils.translation import gettext as _
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from semantic.regions import Region, region_by_id
from telegram_bot import callbacks as cb

# Moscow, Saint Petersburg, Moscow region, Russia, Novosibirsk, Yekaterinburg, Kazan, Nizhny Novgorod.
COMMON_REGION_IDS = (213, 2, 1, 225, 65, 54, 43, 47)
HISTORY_FILTERS = ("all", "completed", "processing", "failed")


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def main_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Create campaign"), cb.NEW_CAMPAIGN)],
            [_button(_("My campaigns"), cb.HISTORY), _button(_("Settings"), cb.SETTINGS)],
            [_button(_("Help"), cb.HELP)],
        ]
    )


def cancel_only() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("Cancel"), cb.CANCEL_CAMPAIGN)]])


def _leave_row(back: bool) -> list[InlineKeyboardButton]:
    """The last row of every question: Back to the previous step (none before the first) and Cancel."""
    return ([_button(_("Back"), cb.BACK)] if back else []) + [_button(_("Cancel"), cb.CANCEL_CAMPAIGN)]


def step(back: bool = True) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([_leave_row(back)])


def draft_choice() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Continue it"), cb.DRAFT_CONTINUE)],
            [_button(_("Discard it and start again"), cb.DRAFT_DISCARD)],
        ]
    )


def benefits(offered: bool) -> InlineKeyboardMarkup:
    """The selling-points step: take the facts just offered, or read them from the site, or skip."""
    if offered:
        first = _button(_("Use these"), cb.ACCEPT_BENEFITS)
    else:
        first = _button(_("Take from my site"), cb.BENEFITS_FROM_SITE)
    return InlineKeyboardMarkup([[first], [_button(_("Skip"), cb.SKIP_BENEFITS)], _leave_row(True)])


def regions(language: str, default_region: Region | None = None) -> InlineKeyboardMarkup:
    common = [region for region in (region_by_id(geo_id) for geo_id in COMMON_REGION_IDS) if region]
    if default_region and default_region not in common:
        common.insert(0, default_region)
    rows = [
        [_button(region.name(language), cb.with_id(cb.REGION, region.id)) for region in common[index : index + 2]]
        for index in range(0, len(common), 2)
    ]
    rows.append([_button(_("Type a city"), cb.REGION_TYPE_CITY)])
    rows.append(_leave_row(True))
    return InlineKeyboardMarkup(rows)


def region_choices(found: list[Region], language: str) -> InlineKeyboardMarkup:
    rows = [[_button(region.name(language), cb.with_id(cb.REGION, region.id))] for region in found]
    rows.append(_leave_row(True))
    return InlineKeyboardMarkup(rows)


def budget(default_label: str | None) -> InlineKeyboardMarkup:
    rows = []
    if default_label:
        rows.append([_button(default_label, cb.USE_DEFAULT)])
    rows.append([_button(_("Skip"), cb.SKIP_BUDGET)])
    rows.append(_leave_row(True))
    return InlineKeyboardMarkup(rows)


def confirmation() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Create"), cb.CONFIRM_CREATE)],
            [_button(_("Edit"), cb.EDIT_CAMPAIGN), _button(_("Cancel"), cb.CANCEL_CAMPAIGN)],
            [_button(_("Back"), cb.BACK)],
        ]
    )


def edit_fields() -> InlineKeyboardMarkup:
    fields = [
        ("name", _("Name")),
        ("description", _("Description")),
        ("keywords", _("Keywords")),
        ("region", _("Region")),
        ("url", _("Landing page")),
        ("benefits", _("Selling points")),
        ("budget", _("Budget")),
    ]
    rows = [[_button(label, f"{cb.EDIT_FIELD}{field}")] for field, label in fields]
    rows.append([_button(_("Back"), cb.BACK)])
    return InlineKeyboardMarkup(rows)


def processing(run_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("Cancel"), cb.with_id(cb.CANCEL_RUN, run_id))]])


def _removed_button(campaign_id: int) -> InlineKeyboardButton:
    return _button(_("Removed phrases"), cb.with_id(cb.REMOVED, campaign_id))


def _upload_button(campaign_id: int) -> InlineKeyboardButton:
    return _button(_("Upload to Direct"), cb.with_id(cb.UPLOAD, campaign_id))


def finished(
    campaign_id: int, has_removed: bool = False, can_upload: bool = False, direct_url: str = ""
) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(_("Open"), cb.with_id(cb.OPEN, campaign_id)),
            _button(_("Repeat"), cb.with_id(cb.REPEAT, campaign_id)),
        ]
    ]
    if direct_url:
        rows.append([InlineKeyboardButton(_("Open in Direct"), url=direct_url)])
    elif can_upload:
        rows.append([_upload_button(campaign_id)])
    if has_removed:
        rows.append([_removed_button(campaign_id)])
    rows.append([_button(_("My campaigns"), cb.HISTORY)])
    return InlineKeyboardMarkup(rows)


def removed_phrases(
    campaign_id: int, restorable: list[tuple[str, str]], doubtful: list[tuple[str, str]] = ()
) -> InlineKeyboardMarkup:
    """One "put back" button per reason the user may overrule, and one "remove for good" per reason with doubtful
    phrases (removed ones become negatives, kept ones go too): (code, label)."""
    rows = [
        [_button(_("Put back: %(reason)s") % {"reason": label}, f"{cb.PUT_BACK}{campaign_id}_{code}")]
        for code, label in restorable
    ]
    rows += [
        [_button(_("Remove for good: %(reason)s") % {"reason": label}, f"{cb.DROP_DOUBTFUL}{campaign_id}_{code}")]
        for code, label in doubtful
    ]
    rows.append([_button(_("Back"), cb.with_id(cb.OPEN, campaign_id))])
    return InlineKeyboardMarkup(rows)


def failed(run_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(_("Retry"), cb.with_id(cb.RETRY_RUN, run_id)),
                _button(_("Cancel"), cb.with_id(cb.CANCEL_RUN, run_id)),
            ]
        ]
    )


def history_page(
    items: list[tuple[int, str]], page: int, pages: int, status_filter: str, days: int = 0
) -> InlineKeyboardMarkup:
    rows = [[_button(label, cb.with_id(cb.OPEN, campaign_id))] for campaign_id, label in items]
    navigation = []
    if page > 1:
        navigation.append(_button("◀️", f"{cb.PAGE}{page - 1}_{status_filter}_{days}"))
    if page < pages:
        navigation.append(_button("▶️", f"{cb.PAGE}{page + 1}_{status_filter}_{days}"))
    if navigation:
        rows.append(navigation)
    filter_labels = {"all": _("All"), "completed": _("Ready"), "processing": _("In work"), "failed": _("Failed")}
    rows.append(
        [
            _button(("• " if name == status_filter else "") + filter_labels[name], f"{cb.PAGE}1_{name}_{days}")
            for name in HISTORY_FILTERS
        ]
    )
    period_labels = {7: _("7 days"), 30: _("30 days"), 0: _("All time")}
    rows.append(
        [
            _button(("• " if period == days else "") + label, f"{cb.PAGE}1_{status_filter}_{period}")
            for period, label in period_labels.items()
        ]
    )
    rows.append([_button(_("Create campaign"), cb.NEW_CAMPAIGN), _button(_("Main menu"), cb.MAIN_MENU)])
    return InlineKeyboardMarkup(rows)


def campaign_actions(
    campaign_id: int, has_file: bool, sheet_url: str, has_removed: bool = False, can_upload: bool = False
) -> InlineKeyboardMarkup:
    rows = []
    if can_upload:
        rows.append([_upload_button(campaign_id)])
    if sheet_url:
        rows.append([InlineKeyboardButton(_("Open the sheet"), url=sheet_url)])
    if has_file:
        rows.append([_button(_("Send the file again"), cb.with_id(cb.FILE, campaign_id))])
    if has_removed:
        rows.append([_removed_button(campaign_id)])
    rows.append(
        [
            _button(_("Statistics"), cb.with_id(cb.STATS, campaign_id)),
            _button(_("Repeat"), cb.with_id(cb.REPEAT, campaign_id)),
        ]
    )
    rows.append([_button(_("Delete"), cb.with_id(cb.DELETE, campaign_id))])
    rows.append([_button(_("Back to the list"), cb.BACK_TO_HISTORY)])
    return InlineKeyboardMarkup(rows)


def confirm_delete(campaign_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Yes, delete"), cb.with_id(cb.CONFIRM_DELETE, campaign_id))],
            [_button(_("No"), cb.with_id(cb.OPEN, campaign_id))],
        ]
    )


def back_to_campaign(campaign_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("Back"), cb.with_id(cb.OPEN, campaign_id))]])


def settings_menu(has_token: bool = False) -> InlineKeyboardMarkup:
    rows = [
        [_button(_("Yandex token"), f"{cb.SET}token"), _button(_("Google e-mail"), f"{cb.SET}email")],
        [_button(_("Language"), f"{cb.SET}language"), _button(_("Default region"), f"{cb.SET}region")],
        [_button(_("Default budget"), f"{cb.SET}budget"), _button(_("Exact-frequency filter"), f"{cb.SET}min_exact")],
    ]
    if has_token:
        rows.append([_button(_("Remove the Yandex token"), cb.REMOVE_TOKEN)])
    rows.append([_button(_("Main menu"), cb.MAIN_MENU)])
    return InlineKeyboardMarkup(rows)


def min_exact_question(service_default: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Service default (%(value)d)") % {"value": service_default}, cb.USE_DEFAULT)],
            [_button(_("Cancel"), cb.CANCEL_CAMPAIGN)],
        ]
    )


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button("Русский", f"{cb.LANGUAGE}ru"), _button("English", f"{cb.LANGUAGE}en")]])


def broadcast_confirm() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("Send"), cb.BROADCAST_SEND), _button(_("Cancel"), cb.BROADCAST_CANCEL)]])


def admin_runs(run_ids: list[int]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Cancel run #%(id)d") % {"id": run_id}, cb.with_id(cb.ADMIN_CANCEL_RUN, run_id))]
            for run_id in run_ids
        ]
    )


def stop_campaign(campaign_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("Cancel"), cb.with_id(cb.STOP, campaign_id))]])
