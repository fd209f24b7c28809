"""What every admin in the project shares: read-only registrations, a typed-value list filter, and the way an
action reports what the service it called did (done, unchanged, refused with the service's own reason)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReadOnlyAdminMixin:
    """For records written only by the system (the audit log, runs): staff may look, never edit or forge."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InputListFilter(admin.SimpleListFilter):
    """A list filter where staff type a value (a Telegram id, @username) instead of picking from thousands."""

    template = "admin/directhelper/input_filter.html"

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def choices(self, changelist):
        other_params = {
            key: value for key, value in changelist.get_filters_params().items() if key != self.parameter_name
        }
        yield {
            "parameter_name": self.parameter_name,
            "value": self.value() or "",
            "other_params": {
                key: (value[-1] if isinstance(value, list) else value) for key, value in other_params.items()
            },
            "all_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


@dataclass
class ActionReport:
    """Tally of one bulk action: which objects changed, which were already as asked, which were refused and why."""

    done: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    def send(self, model_admin: admin.ModelAdmin, request, done_message: str, unchanged_message: str) -> None:
        if self.done:
            model_admin.message_user(request, done_message % {"count": len(self.done)}, messages.SUCCESS)
        if self.unchanged:
            model_admin.message_user(
                request,
                unchanged_message % {"count": len(self.unchanged), "objects": ", ".join(self.unchanged[:10])},
                messages.INFO,
            )
        for label, reason in self.refused[:20]:
            model_admin.message_user(
                request, _("%(object)s: %(reason)s") % {"object": label, "reason": reason}, messages.WARNING
            )
        if len(self.refused) > 20:
            model_admin.message_user(
                request, _("…and %(count)d more refused.") % {"count": len(self.refused) - 20}, messages.WARNING
            )


def apply_to_each(
    objects: Iterable, change: Callable[[object], bool], refusals: tuple[type[Exception], ...] = ()
) -> ActionReport:
    """Call a service once per selected object, so one refusal does not stop the rest and none is lost."""
    report = ActionReport()
    for obj in objects:
        try:
            changed = change(obj)
        except refusals as refusal:
            report.refused.append((str(obj), str(refusal)))
            continue
        (report.done if changed else report.unchanged).append(str(obj))
    return report


def telegram_user_filter(field_path: str, title=None) -> type[InputListFilter]:
    """A filter on a TelegramUser relation by Telegram id or @username (case-insensitive), typed by staff."""

    class TelegramUserFilter(InputListFilter):
        parameter_name = field_path.replace("__", "_") + "_ref"

        def queryset(self, request, queryset):
            ref = (self.value() or "").strip()
            if not ref:
                return queryset
            if ref.isdigit():
                return queryset.filter(**{f"{field_path}__telegram_id": int(ref)})
            return queryset.filter(**{f"{field_path}__username__iexact": ref.removeprefix("@")})

    TelegramUserFilter.title = title or gettext_lazy("user")
    return TelegramUserFilter
