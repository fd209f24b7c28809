"""The staff dashboard page: reads the period from the query string, asks `metrics` for numbers, draws charts."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from operations.dashboard import charts
from operations.dashboard.cache import PRESET_PERIOD_DAYS, cached_dashboard
from operations.dashboard.metrics import Period, live_metrics

DASHBOARD_PERMISSIONS = ("accounts.view_telegramuser", "campaigns.view_campaign", "campaigns.view_pipelinerun")


def period_choices() -> list[tuple[int, str]]:
    """Built when the form renders, so the labels follow the language of each request."""
    return [(days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days}) for days in PRESET_PERIOD_DAYS]


DEFAULT_DAYS = 30
MAX_PERIOD_DAYS = 366


class PeriodForm(forms.Form):
    """Either one of the preset lengths ending today, or explicit first and last days (both, in order)."""

    days = forms.TypedChoiceField(
        label=gettext_lazy("Last"), choices=period_choices, coerce=int, required=False, empty_value=None
    )
    first = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if (first is None) != (last is None):
            raise forms.ValidationError(_("Give both the first and the last day, or neither."))
        if first and last:
            if first > last:
                raise forms.ValidationError(_("The first day must not be after the last day."))
            if (last - first).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("A period can be at most %(days)d days long.") % {"days": MAX_PERIOD_DAYS}
                )
        return data

    def period(self) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("first") and data.get("last"):
            return Period(first=data["first"], last=data["last"])
        return Period.last_days(data.get("days") or DEFAULT_DAYS)


def _seconds(value: float | None) -> float:
    return round(value or 0.0, 1)


def _uptime(seconds: float | None) -> str:
    """«2 дня, 3 часа» in the request's language; "" when the process has not reported."""
    if seconds is None:
        return ""
    now = timezone.now()
    return timesince(now - timedelta(seconds=seconds), now)


def dashboard_view(request):
    """Wrapped in `admin_site.admin_view` by the URLconf, so only logged-in staff reach it; then model rights."""
    if not request.user.has_perms(DASHBOARD_PERMISSIONS):
        raise PermissionDenied
    form = PeriodForm(request.GET or {"days": DEFAULT_DAYS})
    period = form.period()
    dashboard = cached_dashboard(period, refresh="refresh" in request.GET)
    labels = [day.strftime("%d.%m") for day in period.dates()]
    users_title, campaigns_title, stages_title, services_title = (
        _("Users per day"),
        _("Campaigns per day"),
        _("Run time per stage, seconds"),
        _("External API calls"),
    )
    users_chart = charts.line_chart(
        users_title,
        labels,
        [
            charts.Series(_("new"), dashboard.users.new_per_day.values),
            charts.Series(pgettext("dashboard chart legend", "active"), dashboard.users.active_per_day.values),
        ],
    )
    campaigns_chart = charts.line_chart(
        campaigns_title,
        labels,
        [
            charts.Series(_("created"), dashboard.campaigns.created_per_day.values),
            charts.Series(_("completed"), dashboard.campaigns.completed_per_day.values),
            charts.Series(pgettext("dashboard chart legend", "failed"), dashboard.campaigns.failed_per_day.values),
        ],
    )
    stages_chart = charts.bar_chart(
        stages_title,
        [timing.label for timing in dashboard.stage_timings],
        [
            charts.Series(_("average"), [_seconds(timing.average_seconds) for timing in dashboard.stage_timings]),
            charts.Series(_("p95"), [_seconds(timing.p95_seconds) for timing in dashboard.stage_timings]),
        ],
        unit=" s",
    )
    services_chart = charts.bar_chart(
        services_title,
        [usage.label for usage in dashboard.services],
        [
            charts.Series(_("calls"), [usage.calls for usage in dashboard.services]),
            charts.Series(_("errors"), [usage.errors for usage in dashboard.services]),
            charts.Series(_("rate-limit hits"), [usage.rate_limited for usage in dashboard.services]),
        ],
    )
    live = live_metrics()
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "form": form,
        "period": period,
        "dashboard": dashboard,
        "live": live,
        "worker_uptime": _uptime(live.worker_uptime_seconds),
        "bot_uptime": _uptime(live.bot_uptime_seconds),
        "charts": [
            (users_title, users_chart),
            (campaigns_title, campaigns_chart),
            (stages_title, stages_chart),
            (services_title, services_chart),
        ],
    }
    return TemplateResponse(request, "admin/directhelper/dashboard.html", context)
