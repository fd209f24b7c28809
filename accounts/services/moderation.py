"""Moderating bot users: the one place the bot's /admin commands and the Django admin change a user's access.

Each change is a compare-and-set update, so two admins acting at once (or a double-tapped button) change the row
once and write one audit event; the boolean result lets the caller say "already blocked" instead of lying.
Users are addressed by the TelegramUser primary key, like every other service; `find_user` turns what an admin
typed into that row.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts.activity import Action, record
from accounts.models import TelegramUser


def _set_flag(user_id: int, field: str, value, action: str, by: str | None, **details) -> bool:
    changed = (
        TelegramUser.objects.filter(pk=user_id)
        .filter(~Q(**{field: value}))
        .update(**{field: value, "updated_at": timezone.now()})
    )
    if changed:
        record(user_id, action, **details, **({"by": by} if by else {}))
    return bool(changed)


def block_user(user_id: int, *, by: str | None = None) -> bool:
    """Block the user; `by` names the admin for the audit log (e.g. "admin:alice", "tg:123")."""
    return _set_flag(user_id, "is_blocked", True, Action.USER_BLOCKED, by)


def unblock_user(user_id: int, *, by: str | None = None) -> bool:
    return _set_flag(user_id, "is_blocked", False, Action.USER_UNBLOCKED, by)


def allow_user(user_id: int, *, by: str | None = None) -> bool:
    """Admit the user when the bot runs with BOT_ACCESS=allowlist."""
    return _set_flag(user_id, "is_allowed", True, Action.USER_ALLOWED, by)


def admit_telegram_id(telegram_id: int, *, by: str | None = None) -> tuple[TelegramUser, bool]:
    """/allow for someone the bot has never stored (allowlist strangers get no row): the row is made admitted.
    Returns the user and whether anything changed."""
    user, created = TelegramUser.objects.get_or_create(telegram_id=telegram_id, defaults={"is_allowed": True})
    if created:
        record(user.pk, Action.USER_ALLOWED, **({"by": by} if by else {}))
        return user, True
    return user, allow_user(user.pk, by=by)


def make_admin(user_id: int, *, by: str | None = None) -> bool:
    return _set_flag(user_id, "is_admin", True, Action.ADMIN_GRANTED, by)


def set_campaign_limit(user_id: int, limit: int, *, by: str | None = None) -> bool:
    """Change how many live campaigns the user may keep; the audit event keeps the old value for undoing."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"campaign limit must be a whole number of 0 or more, got {limit!r}")
    previous = TelegramUser.objects.filter(pk=user_id).values_list("campaign_limit", flat=True).first()
    if previous is None:
        return False
    return _set_flag(user_id, "campaign_limit", limit, Action.LIMIT_CHANGED, by, old=previous, new=limit)


def find_user(ref: str) -> TelegramUser | None:
    """Resolve what an admin typed: a numeric Telegram id (negative ids are group chats, never users) or
    `@username` / `username`, case-insensitively. Returns None when nothing or nothing unambiguous matches."""
    ref = (ref or "").strip()
    if not ref:
        return None
    if ref.isdigit():
        return TelegramUser.objects.filter(telegram_id=int(ref)).first()
    username = ref.removeprefix("@")
    if not username:
        return None
    matches = list(TelegramUser.objects.filter(username__iexact=username)[:2])
    return matches[0] if len(matches) == 1 else None
