"""The audit log's vocabulary and its one writer, so every part names the same event the same way."""

from __future__ import annotations

from accounts.models import ActivityEvent


class Action:
    START = "start"
    CAMPAIGN_CREATED = "campaign_created"
    CAMPAIGN_QUEUED = "campaign_queued"
    RUN_RETRIED = "run_retried"
    CAMPAIGN_COMPLETED = "campaign_completed"
    CAMPAIGN_FAILED = "campaign_failed"
    CAMPAIGN_CANCELLED = "campaign_cancelled"
    CAMPAIGN_DELETED = "campaign_deleted"
    SETTINGS_CHANGED = "settings_changed"
    TOKEN_SAVED = "token_saved"
    TOKEN_REMOVED = "token_removed"
    ACCESS_DENIED = "access_denied"
    RATE_LIMITED = "rate_limited"
    FOREIGN_CAMPAIGN_REFUSED = "foreign_campaign_refused"
    USER_BLOCKED = "user_blocked"
    USER_UNBLOCKED = "user_unblocked"
    USER_ALLOWED = "user_allowed"
    LIMIT_CHANGED = "limit_changed"
    ADMIN_GRANTED = "admin_granted"
    BROADCAST_SENT = "broadcast_sent"
    BOT_BLOCKED_BY_USER = "bot_blocked_by_user"
    MESSAGE_SENT = "message_sent"
    REVIEW_OPENED = "review_opened"
    REVIEW_STAFF_VIEWED = "review_staff_viewed"
    CAMPAIGN_EDITED = "campaign_edited"


def record(user_id: int | None, action: str, **details) -> ActivityEvent:
    """Write one audit event; `details` must be JSON-serializable (ids and short strings, never tokens)."""
    return ActivityEvent.objects.create(user_id=user_id, action=action, details=details)


async def arecord(user_id: int | None, action: str, **details) -> ActivityEvent:
    return await ActivityEvent.objects.acreate(user_id=user_id, action=action, details=details)
