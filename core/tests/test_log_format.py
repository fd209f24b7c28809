import json
import logging
import sys

import pytest

from core.log_format import JsonFormatter, log_context


def record(message="run finished", exc_info=None, **extra):
    log_record = logging.LogRecord("campaigns.pipeline", logging.INFO, __file__, 1, message, (), exc_info)
    for key, value in extra.items():
        setattr(log_record, key, value)
    return log_record


def test_it_writes_one_json_object_per_line_with_the_ids_passed_as_extra():
    line = JsonFormatter().format(record(run_id=12, user_id=7))
    assert "\n" not in line
    event = json.loads(line)
    assert (event["level"], event["logger"], event["message"]) == ("info", "campaigns.pipeline", "run finished")
    assert (event["run_id"], event["user_id"]) == (12, 7)


def test_it_adds_the_ids_of_the_surrounding_context_and_forgets_them_after():
    with log_context(run_id=5, user_id=3), log_context(campaign_id=9):
        inside = json.loads(JsonFormatter().format(record()))
    outside = json.loads(JsonFormatter().format(record()))
    assert (inside["run_id"], inside["user_id"], inside["campaign_id"]) == (5, 3, 9)
    assert "run_id" not in outside


def test_it_keeps_a_traceback_inside_the_single_line():
    try:
        raise ValueError("Wordstat answered 503")
    except ValueError:
        line = JsonFormatter().format(record("stage failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    assert "ValueError: Wordstat answered 503" in json.loads(line)["exception"]


def test_it_refuses_context_fields_it_does_not_know():
    with pytest.raises(ValueError, match="unknown log context fields"), log_context(token="secret"):
        pass
