import pytest

from accounts.activity import Action
from accounts.models import ActivityEvent, TelegramUser
from accounts.services.moderation import (
    allow_user,
    block_user,
    find_user,
    make_admin,
    set_campaign_limit,
    unblock_user,
)
from accounts.tests.factories import TelegramUserFactory

pytestmark = pytest.mark.django_db


def events(user, action):
    return list(ActivityEvent.objects.filter(user=user, action=action).values_list("details", flat=True))


def test_it_blocks_a_user_once_and_records_who_did_it():
    user = TelegramUserFactory()
    assert block_user(user.pk, by="admin:alice") is True
    assert block_user(user.pk, by="admin:alice") is False
    user.refresh_from_db()
    assert user.is_blocked is True
    assert events(user, Action.USER_BLOCKED) == [{"by": "admin:alice"}]


def test_it_unblocks_only_a_blocked_user():
    user = TelegramUserFactory(is_blocked=True)
    assert unblock_user(user.pk) is True
    assert unblock_user(user.pk) is False
    user.refresh_from_db()
    assert user.is_blocked is False
    assert events(user, Action.USER_UNBLOCKED) == [{}]


def test_it_allows_a_user_for_allowlist_mode():
    user = TelegramUserFactory()
    assert allow_user(user.pk) is True
    assert allow_user(user.pk) is False
    assert TelegramUser.objects.get(pk=user.pk).is_allowed is True
    assert len(events(user, Action.USER_ALLOWED)) == 1


def test_it_makes_a_user_an_admin():
    user = TelegramUserFactory()
    assert make_admin(user.pk) is True
    assert make_admin(user.pk) is False
    assert TelegramUser.objects.get(pk=user.pk).is_admin is True
    assert len(events(user, Action.ADMIN_GRANTED)) == 1


def test_it_changes_the_limit_and_keeps_the_old_value_in_the_log():
    user = TelegramUserFactory(campaign_limit=10)
    assert set_campaign_limit(user.pk, 25) is True
    assert set_campaign_limit(user.pk, 25) is False
    assert TelegramUser.objects.get(pk=user.pk).campaign_limit == 25
    assert events(user, Action.LIMIT_CHANGED) == [{"old": 10, "new": 25}]


@pytest.mark.parametrize("bad_limit", [-1, 2.5, "5", True])
def test_it_rejects_a_limit_that_is_not_a_whole_number_of_zero_or_more(bad_limit):
    user = TelegramUserFactory(campaign_limit=10)
    with pytest.raises(ValueError, match="campaign limit"):
        set_campaign_limit(user.pk, bad_limit)
    assert TelegramUser.objects.get(pk=user.pk).campaign_limit == 10


@pytest.mark.parametrize("change", [block_user, unblock_user, allow_user, make_admin])
def test_it_reports_no_change_for_a_user_that_does_not_exist(change):
    assert change(999_999) is False
    assert set_campaign_limit(999_999, 3) is False
    assert not ActivityEvent.objects.exists()


def test_it_finds_a_user_by_telegram_id():
    user = TelegramUserFactory(telegram_id=555_123)
    assert find_user("555123") == user
    assert find_user(" 555123 ") == user
    assert find_user("555124") is None


@pytest.mark.parametrize("ref", ["@Anna_Shop", "anna_shop", "@ANNA_SHOP"])
def test_it_finds_a_user_by_username_ignoring_case_and_the_at_sign(ref):
    user = TelegramUserFactory(username="anna_shop")
    assert find_user(ref) == user


@pytest.mark.parametrize("ref", ["", "   ", "@", "@nobody", "-100123"])
def test_it_finds_nobody_for_empty_unknown_or_group_references(ref):
    TelegramUserFactory(username="anna_shop", telegram_id=100123)
    assert find_user(ref) is None


def test_it_refuses_to_guess_between_two_users_whose_names_differ_only_in_case():
    TelegramUserFactory(username="Anna")
    TelegramUserFactory(username="anna")
    assert find_user("@anna") is None
