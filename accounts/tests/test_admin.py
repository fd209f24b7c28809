from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.activity import Action
from accounts.admin import BROADCAST_RECIPIENTS_SESSION_KEY
from accounts.models import ActivityEvent, TelegramUser
from accounts.tests.factories import ActivityEventFactory, TelegramUserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:accounts_telegramuser_changelist")


@pytest.fixture
def staff_client(client, django_user_model):
    """A staff member with no model permissions at all: may log in, may see nothing."""
    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(staff)
    client.staff = staff
    return client


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def run_action(client, action, users, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [user.pk for user in users], **extra}, follow=True
    )


def test_it_finds_a_user_by_telegram_id_or_username(admin_client):
    anna = TelegramUserFactory(telegram_id=700_001, username="anna_shop")
    TelegramUserFactory(telegram_id=700_002, username="boris")
    assert list(admin_client.get(CHANGELIST, {"q": "700001"}).context["cl"].result_list) == [anna]
    assert list(admin_client.get(CHANGELIST, {"q": "anna"}).context["cl"].result_list) == [anna]


def test_it_filters_users_by_recent_activity(admin_client):
    recent = TelegramUserFactory(last_activity_at=timezone.now() - timedelta(hours=2))
    idle = TelegramUserFactory(last_activity_at=timezone.now() - timedelta(days=45))
    never = TelegramUserFactory(last_activity_at=None)
    assert list(admin_client.get(CHANGELIST, {"active": "7"}).context["cl"].result_list) == [recent]
    assert list(admin_client.get(CHANGELIST, {"active": "idle"}).context["cl"].result_list) == [idle]
    assert list(admin_client.get(CHANGELIST, {"active": "never"}).context["cl"].result_list) == [never]


def test_it_never_shows_the_yandex_token_only_a_mask(admin_client, fernet_key):
    user = TelegramUserFactory(yandex_token="y0_AgAAAASecretTokenValue1234")
    page = admin_client.get(reverse("admin:accounts_telegramuser_change", args=[user.pk])).content.decode()
    assert "SecretTokenValue" not in page
    assert "y0_A…1234" in page


def test_it_blocks_selected_users_through_the_moderation_service(admin_client):
    anna, boris = TelegramUserFactory(), TelegramUserFactory(is_blocked=True)
    response = run_action(admin_client, "block", [anna, boris])
    assert TelegramUser.objects.get(pk=anna.pk).is_blocked
    messages = [str(message) for message in response.context["messages"]]
    assert any("1" in message for message in messages)
    assert any(str(boris) in message for message in messages)  # already blocked: said so, not counted
    assert ActivityEvent.objects.get(user=anna, action=Action.USER_BLOCKED).details == {"by": "admin:admin"}


@pytest.mark.parametrize(
    ("action", "field", "initial"),
    [("unblock", "is_blocked", True), ("allow", "is_allowed", False), ("make_admin", "is_admin", False)],
)
def test_it_runs_each_moderation_action(admin_client, action, field, initial):
    user = TelegramUserFactory(**{field: initial})
    run_action(admin_client, action, [user])
    assert getattr(TelegramUser.objects.get(pk=user.pk), field) is not initial


def test_it_asks_for_the_new_limit_before_setting_it(admin_client):
    user = TelegramUserFactory(campaign_limit=10)
    form_page = run_action(admin_client, "set_campaign_limit", [user])
    assert b'name="limit"' in form_page.content
    assert TelegramUser.objects.get(pk=user.pk).campaign_limit == 10
    run_action(admin_client, "set_campaign_limit", [user], apply="1", limit="3")
    assert TelegramUser.objects.get(pk=user.pk).campaign_limit == 3
    assert ActivityEvent.objects.get(user=user, action=Action.LIMIT_CHANGED).details["new"] == 3


def test_it_refuses_a_negative_limit_and_changes_nothing(admin_client):
    user = TelegramUserFactory(campaign_limit=10)
    response = run_action(admin_client, "set_campaign_limit", [user], apply="1", limit="-1")
    assert response.context["form"].errors["limit"]
    assert TelegramUser.objects.get(pk=user.pk).campaign_limit == 10


def test_it_hands_selected_users_to_the_broadcast_composer(admin_client):
    users = TelegramUserFactory.create_batch(2)
    response = run_action(admin_client, "send_message", users)
    assert response.redirect_chain[-1][0].endswith("?recipients=selected")
    assert sorted(admin_client.session[BROADCAST_RECIPIENTS_SESSION_KEY]) == sorted(user.pk for user in users)


def test_a_staff_member_without_rights_cannot_see_users(staff_client):
    TelegramUserFactory()
    assert staff_client.get(CHANGELIST).status_code == 403


def test_a_staff_member_who_may_only_view_cannot_block(staff_client):
    grant(staff_client.staff, "view_telegramuser")
    user = TelegramUserFactory()
    page = staff_client.get(CHANGELIST)
    assert page.status_code == 200
    assert b'value="block"' not in page.content
    run_action(staff_client, "block", [user])
    assert not TelegramUser.objects.get(pk=user.pk).is_blocked
    assert not ActivityEvent.objects.exists()


def test_the_audit_log_is_read_only_and_filters_by_user_and_action(admin_client):
    anna = TelegramUserFactory(telegram_id=800_001, username="anna")
    mine = ActivityEventFactory(user=anna, action=Action.START)
    ActivityEventFactory(user=anna, action=Action.CAMPAIGN_CREATED)
    ActivityEventFactory(action=Action.START)
    changelist = reverse("admin:accounts_activityevent_changelist")
    filtered = admin_client.get(changelist, {"user_ref": "@ANNA", "action": Action.START})
    assert list(filtered.context["cl"].result_list) == [mine]
    assert list(admin_client.get(changelist, {"user_ref": "800001"}).context["cl"].result_list) != []
    assert admin_client.get(reverse("admin:accounts_activityevent_add")).status_code == 403
    change_page = admin_client.get(reverse("admin:accounts_activityevent_change", args=[mine.pk]))
    assert change_page.status_code == 200
    assert b'name="_save"' not in change_page.content
