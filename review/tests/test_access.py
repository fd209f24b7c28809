"""Who opens a review page: the owner by a signed link or the Mini App handshake, staff from the admin; nobody else."""

import time
from io import StringIO
from unittest import mock

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client

from accounts.activity import Action
from accounts.models import ActivityEvent
from accounts.tests.factories import TelegramUserFactory
from campaigns.services.review_links import review_link_url, review_token
from review.tests.conftest import build_campaign
from review.tests.test_telegram_auth import fields, signed_init_data

pytestmark = pytest.mark.django_db


def page(campaign):
    return f"/review/{campaign.pk}/"


def test_it_opens_the_page_from_a_signed_link(client, built):
    response = client.get(f"/review/l/{review_token(built.campaign.pk, built.campaign.owner_id)}/", follow=True)
    assert response.status_code == 200
    assert "Угловые диваны" in response.content.decode()
    assert "<script src=" not in response.content.decode()  # a browser fetches nothing from elsewhere
    assert ActivityEvent.objects.filter(action=Action.REVIEW_OPENED, user=built.campaign.owner).exists()


def test_it_refuses_a_forged_link(client, built):
    token = review_token(built.campaign.pk, built.campaign.owner_id)
    assert client.get(f"/review/l/{token[:-2]}xx/").status_code == 403
    forged = signing.dumps({"c": built.campaign.pk, "o": built.campaign.owner_id}, salt="another.salt")
    assert client.get(f"/review/l/{forged}/").status_code == 403
    assert client.get(page(built.campaign)).status_code == 403


def test_it_refuses_an_expired_link(client, built, settings):
    settings.REVIEW_LINK_MAX_AGE = 3600
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3601):
        token = review_token(built.campaign.pk, built.campaign.owner_id)
    assert client.get(f"/review/l/{token}/").status_code == 403


def test_it_refuses_a_link_made_for_another_owner(client, built):
    stranger = TelegramUserFactory()
    assert client.get(f"/review/l/{review_token(built.campaign.pk, stranger.pk)}/").status_code == 404


def test_it_hides_another_users_campaign_behind_a_valid_grant(owner_client):
    other = build_campaign().campaign
    assert owner_client.get(page(other)).status_code == 404
    assert owner_client.post(f"/review/{other.pk}/edit/rename/", {"group": "1", "name": "x"}).status_code == 404


def test_it_ends_the_grant_after_the_max_age(owner_client, built, settings):
    with mock.patch("review.access.time.time", return_value=time.time() + settings.REVIEW_LINK_MAX_AGE + 1):
        assert owner_client.get(page(built.campaign)).status_code == 403


def test_it_prints_an_absolute_link_on_site_url(built, settings):
    settings.SITE_URL = "https://review.example.com"
    out = StringIO()
    call_command("review_link", built.campaign.pk, stdout=out)
    link = out.getvalue().strip()
    assert link == review_link_url(built.campaign.pk, built.campaign.owner_id)
    assert link.startswith("https://review.example.com/review/l/")
    assert Client().get(link.removeprefix("https://review.example.com")).status_code == 302


def handshake(client, campaign, init_data):
    return client.post(f"/review/app/{campaign.pk}/handshake/", {"init_data": init_data})


def test_it_opens_the_page_after_a_valid_mini_app_handshake(client, built, bot_token):
    init_data = signed_init_data(fields(telegram_id=built.campaign.owner.telegram_id, auth_date=int(time.time())))
    response = handshake(client, built.campaign, init_data)
    assert response.status_code == 200
    page_html = client.get(response.json()["next"]).content.decode()
    assert "telegram-web-app.js" in page_html  # inside Telegram the page takes Telegram's theme


def test_it_refuses_forged_or_expired_init_data(client, built, bot_token, settings):
    owner_id = built.campaign.owner.telegram_id
    forged = signed_init_data(fields(telegram_id=owner_id, auth_date=int(time.time())), token="1:OTHER")
    assert handshake(client, built.campaign, forged).status_code == 403
    expired_at = int(time.time()) - settings.REVIEW_LINK_MAX_AGE - 5
    assert handshake(client, built.campaign, signed_init_data(fields(owner_id, expired_at))).status_code == 403
    assert client.get(page(built.campaign)).status_code == 403


def test_it_refuses_another_users_init_data(client, built, bot_token):
    stranger = TelegramUserFactory()
    init_data = signed_init_data(fields(telegram_id=stranger.telegram_id, auth_date=int(time.time())))
    assert handshake(client, built.campaign, init_data).status_code == 404
    assert client.get(page(built.campaign)).status_code == 403


def test_the_mini_app_entry_loads_only_telegrams_script(client, built):
    html = client.get(f"/review/app/{built.campaign.pk}/").content.decode()
    assert '<script src="https://telegram.org/js/telegram-web-app.js">' in html
    assert html.count("<script src=") == 1


def test_staff_open_any_campaign_and_the_view_is_audited(admin_client, admin_user, built):
    response = admin_client.get(page(built.campaign))
    assert response.status_code == 200
    event = ActivityEvent.objects.get(action=Action.REVIEW_STAFF_VIEWED)
    assert event.details == {"campaign_id": built.campaign.pk, "staff": admin_user.get_username()}


def test_the_page_never_shows_the_yandex_token(owner_client, built, fernet_key):
    owner = built.campaign.owner
    owner.yandex_token = "y0_SECRET-direct-token-value"
    owner.save()
    html = owner_client.get(page(built.campaign)).content.decode()
    assert "SECRET-direct-token" not in html
    assert "y0_" not in html


def test_user_text_is_escaped(owner_client, built):
    built.sofas.name = '<script>alert("x")</script>'
    built.sofas.save()
    html = owner_client.get(page(built.campaign)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_edits_need_the_csrf_token(built):
    client = Client(enforce_csrf_checks=True)
    client.get(f"/review/l/{review_token(built.campaign.pk, built.campaign.owner_id)}/")
    response = client.post(f"/review/{built.campaign.pk}/edit/rename/", {"group": "1", "name": "Новое имя"})
    assert response.status_code == 403
    built.sofas.refresh_from_db()
    assert built.sofas.name == "Купить диван"


def test_edits_are_rate_limited(owner_client, built, settings):
    settings.REVIEW_EDITS_PER_MINUTE = 2
    answers = [
        owner_client.post(f"/review/{built.campaign.pk}/edit/rename/", {"group": "1", "name": f"Имя {n}"}).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]
    built.sofas.refresh_from_db()
    assert built.sofas.name == "Имя 1"


def test_the_campaign_admin_links_to_the_review_page(admin_client, built):
    html = admin_client.get(f"/admin/campaigns/campaign/{built.campaign.pk}/change/").content.decode()
    assert f'href="/review/{built.campaign.pk}/"' in html


def test_a_blocked_owner_is_refused(client, owner_client, built):
    owner = built.campaign.owner
    owner.is_blocked = True
    owner.save()
    assert owner_client.get(page(built.campaign)).status_code == 403
    assert client.get(f"/review/l/{review_token(built.campaign.pk, owner.pk)}/").status_code == 403
