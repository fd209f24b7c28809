"""Tokens stay out of logs and Sentry: a real httpx call to the fake Bot API, the handlers of settings.LOGGING,
and a Sentry event captured by a local transport with the options production uses."""

import io
import json
import logging

import httpx
import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from core.scrub import ScrubSecretsFilter, remember_user_secret, scrub, sentry_options
from tests.fakes.telegram_api import FakeTelegramServer

BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"
YANDEX_TOKEN = "y0_AgAAAAAbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
OPENAI_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture
def bot_api():
    with FakeTelegramServer(token=BOT_TOKEN) as fake:
        yield fake


@pytest.fixture
def console():
    """What the project's console handler writes (settings.LOGGING), whatever pytest does with stderr."""
    handlers = logging.getLogger().handlers
    handler = next(h for h in handlers if any(isinstance(f, ScrubSecretsFilter) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.setLevel(level)
    handler.setStream(previous)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"POST https://api.telegram.org/bot{BOT_TOKEN}/sendMessage", BOT_TOKEN),
        (f"GET /file/bot{BOT_TOKEN.replace(':', '%3A')}/documents/k.csv", BOT_TOKEN.split(":")[1]),
        (f"token {BOT_TOKEN} rejected", BOT_TOKEN),
        (f"Authorization: OAuth {YANDEX_TOKEN}", YANDEX_TOKEN),
        (f"headers={{'Authorization': 'Bearer {OPENAI_KEY}'}}", OPENAI_KEY),
        ("Api-Key AQVNabcdefghijklmnopqrstuvwxyz012 refused", "AQVNabcdefghijklmnopqrstuvwxyz012"),
        ('{"access_token": "0123456789abcdef", "expires_in": 3600}', "0123456789abcdef"),
        (f"could not save value={YANDEX_TOKEN}", YANDEX_TOKEN),
        ("update text AQAAAAAAbCdEfGhIjKlMnOpQrStUvWxYz01234", "AQAAAAAAbCdEfGhIjKlMnOpQrStUvWxYz01234"),
        ("update text AgAAAAAAbCdEfGhIjKlMnOpQrStUvWxYz01234", "AgAAAAAAbCdEfGhIjKlMnOpQrStUvWxYz01234"),
        ("iam t1.9euelZqKkpWSnJqPlJqN.jY2TkpKNju3r-npWaxsbIy5y_RzvMJ refused", "9euelZqKkpWSnJqPlJqN"),
    ],
)
def test_it_masks_every_token_shape(text, secret):
    assert secret not in scrub(text)
    assert "***" in scrub(text)


def test_it_masks_the_configured_secrets_whatever_their_shape(settings):
    settings.OPENAI_API_KEY = "local-llm-key-42x"

    assert scrub("key local-llm-key-42x refused") == "key *** refused"


def test_it_masks_what_a_user_sent_as_a_token_whatever_its_shape():
    remember_user_secret("  plain-words-secret-77  ")

    assert scrub("Processing update {'text': 'plain-words-secret-77'}") == "Processing update {'text': '***'}"


def test_it_leaves_ordinary_text_alone():
    text = "Run 12 finished: 340 phrases, prompt_tokens=1200, 7 groups (https://example.com/sofas?page=2)"
    assert scrub(text) == text


def test_a_real_bot_api_call_leaves_no_token_in_the_logs(bot_api, console, settings):
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    url = f"{bot_api.base_url}{BOT_TOKEN}/getMe"

    response = httpx.post(url)
    bad = httpx.post(f"{bot_api.base_url}{BOT_TOKEN}/noSuchMethod")
    try:
        bad.raise_for_status()
    except httpx.HTTPStatusError:
        logging.getLogger("telegram_bot.notify").exception("Bot API call failed: %s", bad.request.url)
    logging.getLogger("telegram_bot.notify").warning("sent", extra={"chat_id": 5, "url": url})

    written = console.getvalue()
    assert response.status_code == 200
    assert "Bot API call failed: " in written
    assert "Traceback" in written
    assert BOT_TOKEN not in written
    assert BOT_TOKEN.split(":")[1] not in written
    assert "bot***" in written
    assert "HTTP Request" not in written  # httpx's INFO line with the URL is not emitted at all


class CollectingTransport(Transport):
    envelopes: list = []

    def capture_envelope(self, envelope):
        CollectingTransport.envelopes.append(envelope)


@pytest.fixture
def sentry_events():
    CollectingTransport.envelopes = []
    sentry_sdk.init(
        **sentry_options(dsn="https://public@sentry.invalid/1", environment="test", release="t", traces_sample_rate=0),
        transport=CollectingTransport,
    )
    yield CollectingTransport.envelopes
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)


def save_token(message: str, value: str) -> None:
    raise ValueError(f"cannot save the token for message {message!r}")


def test_a_sentry_event_carries_no_token_no_locals_and_no_bot_api_url(bot_api, sentry_events, settings):
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    httpx.post(f"{bot_api.base_url}{BOT_TOKEN}/getMe")  # a breadcrumb with the Bot API URL
    logging.getLogger("telegram_bot").warning("calling %s", f"https://api.telegram.org/bot{BOT_TOKEN}/getMe")
    try:
        save_token(f"/token {YANDEX_TOKEN}", YANDEX_TOKEN)
    except ValueError as error:
        sentry_sdk.capture_exception(error)
    sentry_sdk.flush()

    events = [item.payload.json for envelope in sentry_events for item in envelope.items if item.type == "event"]
    assert len(events) == 1
    sent = json.dumps(events[0], ensure_ascii=False)
    assert YANDEX_TOKEN not in sent
    assert BOT_TOKEN not in sent
    assert BOT_TOKEN.split(":")[1] not in sent
    frames = events[0]["exception"]["values"][0]["stacktrace"]["frames"]
    assert frames
    assert all("vars" not in frame for frame in frames)
    breadcrumbs = events[0]["breadcrumbs"]["values"]
    crumbs = [crumb.get("data", {}).get("url") or crumb.get("message", "") for crumb in breadcrumbs]
    assert any("bot***/getMe" in crumb for crumb in crumbs), crumbs
