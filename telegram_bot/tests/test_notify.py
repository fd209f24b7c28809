"""The worker-side sender: progress edits (throttled, 429-aware), the final messages, single messages."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from campaigns.models import RunStatus
from campaigns.pipeline.runner import summarize
from campaigns.pipeline.signals import run_finished, run_progress
from campaigns.tests.factories import PipelineRunFactory
from telegram_bot import notify
from telegram_bot.models import RunMessage
from tests.fakes.telegram_api import too_many_requests

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.fixture
def run_with_message(telegram_api):
    run = PipelineRunFactory(status=RunStatus.RUNNING)
    message_id = telegram_api.api_sendMessage({"chat_id": 777, "text": "queued"}, {})[1]["result"]["message_id"]
    RunMessage.objects.create(run=run, chat_id=777, message_id=message_id)
    return run


def test_it_edits_the_progress_message_with_stage_bar_and_percent(telegram_api, run_with_message):
    run_progress.send(None, run_id=run_with_message.pk, stage="cluster", percent=50, message="12 групп")

    edit = telegram_api.sent_to(777)[-1]
    assert edit.method == "editMessageText"
    assert edit.message_id == run_with_message.chat_message.message_id
    assert "█████░░░░░ 50%" in edit.text
    assert "12 групп" in edit.text
    assert edit.callback_data() == [f"cancel_run_{run_with_message.pk}"]


def test_it_edits_a_chat_at_most_once_a_second(telegram_api, run_with_message, settings):
    # A minute's interval: on a loaded machine three sends may take longer than the real second between edits.
    settings.TELEGRAM_PROGRESS_EDIT_INTERVAL = 60
    for percent in (10, 20, 30):
        run_progress.send(None, run_id=run_with_message.pk, stage="collect", percent=percent, message="")

    edits = [item for item in telegram_api.sent_to(777) if item.method == "editMessageText"]
    assert len(edits) == 1


def test_it_skips_an_edit_telegram_calls_not_modified(telegram_api, run_with_message):
    assert notify.edit_progress(run_with_message.pk, "collect", 10, "")
    cache.clear()

    assert notify.edit_progress(run_with_message.pk, "collect", 10, "") is False


def test_it_holds_back_edits_for_the_retry_after_of_a_429(telegram_api, run_with_message):
    telegram_api.script.append(too_many_requests(retry_after=30, path="/editMessageText"))

    assert notify.edit_progress(run_with_message.pk, "collect", 10, "") is False
    assert notify.edit_progress(run_with_message.pk, "collect", 20, "") is False

    assert len(telegram_api.requests_to("/editMessageText")) == 1
    assert cache.get("telegram:progress-edit:777") == 1


def test_it_turns_the_progress_message_into_the_result_and_sends_the_file(telegram_api, run_with_message):
    campaign = run_with_message.campaign
    campaign.keyword_count, campaign.group_count, campaign.ad_count = 40, 5, 10
    campaign.negative_keywords = ["бесплатно", "своими руками"]
    campaign.spreadsheet_url = "https://docs.google.com/spreadsheets/d/abc"
    campaign.export_file.save("divany.xlsx", ContentFile(b"PK\x03\x04 fake xlsx"))
    run_with_message.result = summarize(campaign.pk).to_json()
    run_with_message.save()

    run_finished.send(None, run_id=run_with_message.pk, status=RunStatus.COMPLETED)

    final, document = telegram_api.sent_to(777)[-2:]
    assert final.method == "editMessageText"
    assert "40" in final.text
    assert "https://docs.google.com/spreadsheets/d/abc" in final.text
    assert final.callback_data() == [f"open_{campaign.pk}", f"repeat_{campaign.pk}", "history"]
    assert document.method == "sendDocument"
    assert document.document_name == "divany.xlsx"
    assert document.document == b"PK\x03\x04 fake xlsx"


def test_it_offers_retry_and_cancel_when_a_run_failed(telegram_api, run_with_message):
    run_with_message.error_message = "Wordstat недоступен"
    run_with_message.save()

    run_finished.send(None, run_id=run_with_message.pk, status=RunStatus.FAILED)

    final = telegram_api.sent_to(777)[-1]
    assert "Wordstat недоступен" in final.text
    assert final.callback_data() == [f"retry_run_{run_with_message.pk}", f"cancel_run_{run_with_message.pk}"]


def test_it_retries_the_final_message_after_a_429(telegram_api, run_with_message):
    telegram_api.script.append(too_many_requests(retry_after=1, path="/editMessageText"))

    run_finished.send(None, run_id=run_with_message.pk, status=RunStatus.CANCELLED)

    assert len(telegram_api.requests_to("/editMessageText")) == 2
    assert telegram_api.sent_to(777)[-1].method == "editMessageText"


def test_a_failing_telegram_never_raises_into_the_pipeline(telegram_api, run_with_message, settings):
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9/bot"  # nothing listens there

    run_progress.send(None, run_id=run_with_message.pk, stage="collect", percent=5, message="")


def test_send_text_says_whether_telegram_took_the_message(telegram_api):
    telegram_api.blocked_chats.add(99)

    assert notify.send_text(98, "Здравствуйте") is True
    assert notify.send_text(99, "Здравствуйте") is False
