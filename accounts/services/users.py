"""Bot users as the bot sees them: created on first contact, their access flags and their own settings.

The bot calls these through `sync_to_async`; they take plain data (never a Telegram `Update`) so the admin and
tests use them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import Action, record
from accounts.models import Language, TelegramUser
from core.errors import UserError

# Writing last_activity_at on every update would cost a write per message; a minute's precision is enough.
ACTIVITY_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class TelegramProfile:
    """The sender as Telegram describes them in an update."""

    telegram_id: int
    username: str = ""
    first_name: str = ""
    last_name: str = ""
    language_code: str = ""


@dataclass(frozen=True)
class UserAccess:
    """What the bot's access check needs about the sender, read in one query."""

    id: int
    telegram_id: int
    language: str
    is_admin: bool
    is_blocked: bool
    is_allowed: bool
    created: bool

    @property
    def may_use_bot(self) -> bool:
        return not self.is_blocked and (settings.BOT_ACCESS == "open" or self.is_allowed or self.is_admin)


def initial_language(language_code: str) -> str:
    return Language.ENGLISH if (language_code or "").lower().startswith("en") else Language.RUSSIAN


def _access(user: TelegramUser, created: bool) -> UserAccess:
    return UserAccess(
        id=user.pk,
        telegram_id=user.telegram_id,
        language=user.language,
        is_admin=user.is_admin or user.telegram_id in settings.TELEGRAM_ADMIN_IDS,
        is_blocked=user.is_blocked,
        is_allowed=user.is_allowed,
        created=created,
    )


def touch_user(profile: TelegramProfile) -> UserAccess | None:
    """Create the user on first contact, keep their names current, and note their last activity.

    In allowlist mode a stranger (no row, not a configured admin) gets no row: None. Otherwise anyone writing to
    the bot would fill the users table; an admin admits a stranger by Telegram id (`admit_telegram_id`).
    """
    now = timezone.now()
    names = {
        "username": (profile.username or "")[:64],
        "first_name": (profile.first_name or "")[:128],
        "last_name": (profile.last_name or "")[:128],
    }
    user = TelegramUser.objects.filter(telegram_id=profile.telegram_id).first()
    if user is None and settings.BOT_ACCESS == "allowlist" and profile.telegram_id not in settings.TELEGRAM_ADMIN_IDS:
        return None
    if user is None:
        try:
            with transaction.atomic():
                user = TelegramUser.objects.create(
                    telegram_id=profile.telegram_id,
                    language=initial_language(profile.language_code),
                    last_activity_at=now,
                    **names,
                )
            return _access(user, created=True)
        except IntegrityError:  # two first updates of the same user raced; the other one created the row
            user = TelegramUser.objects.get(telegram_id=profile.telegram_id)
    changed = {key: value for key, value in names.items() if getattr(user, key) != value}
    if user.last_activity_at is None or now - user.last_activity_at >= ACTIVITY_PRECISION:
        changed["last_activity_at"] = now
    if changed:
        TelegramUser.objects.filter(pk=user.pk).update(**changed)
    return _access(user, created=False)


def admitted_users():
    """Whom the bot may write to unasked (broadcasts): not blocked and, in allowlist mode, admitted or an admin."""
    users = TelegramUser.objects.filter(is_blocked=False)
    if settings.BOT_ACCESS == "allowlist":
        users = users.filter(
            Q(is_allowed=True) | Q(is_admin=True) | Q(telegram_id__in=settings.TELEGRAM_ADMIN_IDS)
        )
    return users


class SettingsError(UserError):
    """A setting the user typed is invalid; the message says why, in their language."""


def set_language(user_id: int, language: str) -> None:
    if language not in Language.values:
        raise SettingsError(_("Unknown language."))
    TelegramUser.objects.filter(pk=user_id).update(language=language)
    record(user_id, Action.SETTINGS_CHANGED, field="language", value=language)


def validate_yandex_token(token: str) -> str:
    token = token.strip()
    if len(token) < 20 or any(character.isspace() for character in token):
        raise SettingsError(_("This does not look like a Yandex OAuth token: it is one word of 20+ characters."))
    return token


def set_yandex_token(user_id: int, token: str) -> str:
    """Store the token encrypted and return it masked; the caller deletes the chat message that carried it."""
    token = validate_yandex_token(token)
    user = TelegramUser.objects.get(pk=user_id)
    user.yandex_token = token
    user.save(update_fields=["yandex_token", "updated_at"])
    record(user_id, Action.TOKEN_SAVED)
    return user.masked_yandex_token


def remove_yandex_token(user_id: int) -> bool:
    """Forget the user's token; False when there was none (the button was pressed twice)."""
    removed = TelegramUser.objects.filter(pk=user_id, yandex_token__isnull=False).update(
        yandex_token=None, updated_at=timezone.now()
    )
    if removed:
        record(user_id, Action.TOKEN_REMOVED)
    return bool(removed)


MAX_MIN_EXACT = 1_000_000


def parse_min_exact(text: str) -> int:
    """A whole number of searches a month, 0 turning the filter off."""
    value = text.strip()
    if not value.isdigit() or int(value) > MAX_MIN_EXACT:
        raise SettingsError(
            _("Send a whole number from 0 to %(max)d: phrases searched fewer times a month in exactly their form are "
              "removed; 0 turns the filter off.") % {"max": MAX_MIN_EXACT}
        )
    return int(value)


def set_default_min_exact(user_id: int, value: int | None) -> None:
    """The exact-frequency threshold of the user's builds whose campaign sets none; None is the service's default."""
    TelegramUser.objects.filter(pk=user_id).update(default_min_exact=value)
    record(user_id, Action.SETTINGS_CHANGED, field="default_min_exact", value=value)


def set_google_email(user_id: int, email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise SettingsError(_("This is not an e-mail address, e.g. name@gmail.com.")) from None
    TelegramUser.objects.filter(pk=user_id).update(google_email=email)
    record(user_id, Action.SETTINGS_CHANGED, field="google_email")
    return email


def set_default_region(user_id: int, geo_id: int) -> None:
    TelegramUser.objects.filter(pk=user_id).update(default_region_id=geo_id)
    record(user_id, Action.SETTINGS_CHANGED, field="default_region_id", value=geo_id)


def set_default_budget(user_id: int, budget: Decimal | None) -> None:
    TelegramUser.objects.filter(pk=user_id).update(default_budget=budget)
    record(user_id, Action.SETTINGS_CHANGED, field="default_budget", value=str(budget) if budget else None)


@dataclass(frozen=True)
class UserSettings:
    language: str
    masked_token: str
    google_email: str
    default_region_id: int | None
    default_budget: Decimal | None
    campaign_limit: int
    default_min_exact: int | None


def user_settings(user_id: int) -> UserSettings:
    user = TelegramUser.objects.get(pk=user_id)
    return UserSettings(
        default_min_exact=user.default_min_exact,
        language=user.language,
        masked_token=user.masked_yandex_token,
        google_email=user.google_email,
        default_region_id=user.default_region_id,
        default_budget=user.default_budget,
        campaign_limit=user.campaign_limit,
    )
