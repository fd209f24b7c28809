import io

import pytest
import requests
from gspread.exceptions import APIError
from openpyxl import load_workbook

from campaigns.export.google_client import GoogleHTTPClient, GoogleSheetsNotConfigured
from campaigns.export.sheets import SheetContent, export_to_google_sheets, value_requests
from campaigns.export.summary import removed_title, summary_title
from campaigns.export.xlsx import write_direct_xlsx
from campaigns.tests.export.samples import a_campaign
from tests.fakes.google_api import (
    BACKEND_ERROR,
    DRIVE_RATE_LIMITED,
    RATE_LIMITED,
    GoogleApiServer,
    sheet_grid,
    sheets_error,
    write_service_account_file,
)
from tests.fakes.server import ScriptedResponse


@pytest.fixture
def google(settings, tmp_path):
    with GoogleApiServer() as server:
        settings.GOOGLE_SERVICE_ACCOUNT_FILE = str(write_service_account_file(server, tmp_path))
        settings.GOOGLE_API_BASE_URL = server.url
        settings.GOOGLE_API_RETRY_BASE_SECONDS = 0.01
        settings.GOOGLE_API_RETRY_MAX_SECONDS = 0.05
        settings.GOOGLE_API_MAX_ATTEMPTS = 3
        yield server


def texts_sheet(server, title="Диваны Москва"):
    return next(sheet for sheet in server.spreadsheet(title)["sheets"] if sheet["properties"]["title"] == "Тексты")


def xlsx_grid(data):
    buffer = io.BytesIO()
    write_direct_xlsx(data, buffer)
    buffer.seek(0)
    rows = [
        ["" if value is None else value for value in row]
        for row in load_workbook(buffer)["Тексты"].iter_rows(values_only=True)
    ]
    for row in rows:
        while row and row[-1] == "":
            row.pop()
    return rows


def test_it_creates_a_spreadsheet_laid_out_like_the_xlsx_and_returns_its_url(google):
    data = a_campaign()

    url = export_to_google_sheets(data)

    spreadsheet = google.spreadsheet("Диваны Москва")
    assert url == f"https://docs.google.com/spreadsheets/d/{spreadsheet['spreadsheetId']}"
    assert sheet_grid(texts_sheet(google)) == xlsx_grid(data)
    assert [sheet["properties"]["title"] for sheet in spreadsheet["sheets"]] == [
        "Тексты",
        summary_title(),
        removed_title(),
    ]


def test_the_header_is_frozen_cells_are_text_and_columns_have_widths(google):
    export_to_google_sheets(a_campaign())

    sheet = texts_sheet(google)
    grid = sheet["properties"]["gridProperties"]
    assert grid["frozenRowCount"] == 11
    assert (grid["rowCount"], grid["columnCount"]) == (17, 66)
    assert {"range": {"sheetId": 0}, "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}}} in [
        {key: item[key] for key in ("range", "cell")} for item in sheet["formats"]
    ]
    assert [(merge["startColumnIndex"], merge["endColumnIndex"]) for merge in sheet["merges"]] == [(11, 14), (14, 46)]
    assert len(sheet["columnWidths"]) == 66
    assert sheet["columnWidths"][6] > sheet["columnWidths"][2]  # the phrase column is wider than «ID группы»


def test_values_are_sent_raw_in_a_few_batched_requests(google):
    export_to_google_sheets(a_campaign())

    writes = google.requests_to("/values:batchUpdate")
    assert len(writes) == 1
    assert writes[0].json()["valueInputOption"] == "RAW"
    assert len(google.requests_to(":batchUpdate")) == 2  # the layout batch and the values batch
    assert len(google.requests) <= 7


def test_it_is_shared_with_the_users_google_email_as_a_writer(google):
    export_to_google_sheets(a_campaign(), share_with="owner@example.com")

    [permission] = google.spreadsheet("Диваны Москва")["permissions"]
    assert (permission["type"], permission["role"], permission["emailAddress"]) == (
        "user",
        "writer",
        "owner@example.com",
    )


def test_without_an_email_it_is_not_shared(google):
    export_to_google_sheets(a_campaign())

    assert google.spreadsheet("Диваны Москва")["permissions"] == []


def test_rate_limits_and_server_errors_are_retried(google):
    google.script.extend(
        [
            ScriptedResponse(429, RATE_LIMITED, {"Retry-After": "0"}, path="/values:batchUpdate"),
            ScriptedResponse(503, BACKEND_ERROR, path="/values:batchUpdate"),
            ScriptedResponse(403, DRIVE_RATE_LIMITED, path="/drive/v3/files"),
        ]
    )

    export_to_google_sheets(a_campaign())

    assert len(google.requests_to("/values:batchUpdate")) == 3
    assert len(google.requests_to("/drive/v3/files")) == 2
    assert len(google.state["spreadsheets"]) == 1
    assert sheet_grid(texts_sheet(google))[11][6] == "купить диван"


def test_it_gives_up_after_the_configured_attempts(google):
    google.script.extend([ScriptedResponse(503, BACKEND_ERROR, path="/values:batchUpdate")] * 3)

    with pytest.raises(APIError) as caught:
        export_to_google_sheets(a_campaign())

    assert caught.value.response.status_code == 503
    assert len(google.requests_to("/values:batchUpdate")) == 3
    assert google.state["spreadsheets"] == {}  # the half-built spreadsheet was deleted


def test_a_bad_request_is_not_retried(google):
    google.script.append(
        ScriptedResponse(400, sheets_error(400, "INVALID_ARGUMENT", "Invalid value"), path="/values:batchUpdate")
    )

    with pytest.raises(APIError, match="Invalid value"):
        export_to_google_sheets(a_campaign())

    assert len(google.requests_to("/values:batchUpdate")) == 1


def test_the_token_comes_from_the_service_accounts_token_uri_with_a_signed_jwt(google):
    export_to_google_sheets(a_campaign())

    [token_request] = google.requests_to("/token")
    assert b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer" in token_request.body
    assert all(request.headers["authorization"].startswith("Bearer ya29.fake-") for request in google.requests[1:])


def test_a_key_google_does_not_know_is_refused_by_the_token_endpoint(google):
    google.state["service_accounts"].clear()

    with pytest.raises(Exception, match="invalid_grant"):
        export_to_google_sheets(a_campaign())


def test_without_a_service_account_file_it_says_which_setting_is_missing(settings):
    settings.GOOGLE_SERVICE_ACCOUNT_FILE = None

    with pytest.raises(GoogleSheetsNotConfigured, match="GOOGLE_SERVICE_ACCOUNT_FILE"):
        export_to_google_sheets(a_campaign())


def test_a_broken_service_account_file_is_reported_as_such(settings, tmp_path):
    path = tmp_path / "key.json"
    path.write_text('{"type": "service_account"}')
    settings.GOOGLE_SERVICE_ACCOUNT_FILE = str(path)

    with pytest.raises(GoogleSheetsNotConfigured, match="not a valid service-account"):
        export_to_google_sheets(a_campaign())


def test_big_sheets_are_split_into_requests_that_cover_every_row_once():
    rows = [[f"r{row}c{column}" for column in range(row % 4 + 1)] for row in range(1, 41)]
    sheet = SheetContent(0, "Тексты", rows, widths=[10])

    bodies = list(value_requests([sheet], limit=25))

    assert len(bodies) > 1
    assert all(sum(len(row) for item in body["data"] for row in item["values"]) <= 25 for body in bodies)
    written = {}
    for body in bodies:
        for item in body["data"]:
            start = int(item["range"].split("!A")[1])
            for offset, row in enumerate(item["values"]):
                written[start + offset] = row
    assert [written[number] for number in range(1, 41)] == rows


def test_a_timed_out_call_is_retried(google, settings):
    settings.GOOGLE_API_READ_TIMEOUT = 0.2
    google.script.append(ScriptedResponse(200, {}, delay=0.6, path="/values:batchUpdate"))

    export_to_google_sheets(a_campaign())

    assert len(google.requests_to("/values:batchUpdate")) == 2
    assert sheet_grid(texts_sheet(google))[11][6] == "купить диван"


def test_only_googles_api_hosts_are_pointed_at_the_base_url(settings):
    settings.GOOGLE_API_BASE_URL = "http://127.0.0.1:9999/google"
    client = GoogleHTTPClient(auth=None, session=requests.Session())

    assert client.rewrite("https://sheets.googleapis.com/v4/spreadsheets/abc") == (
        "http://127.0.0.1:9999/google/v4/spreadsheets/abc"
    )
    assert client.rewrite("https://www.googleapis.com/drive/v3/files") == "http://127.0.0.1:9999/google/drive/v3/files"
    assert client.rewrite("https://docs.google.com/spreadsheets/d/abc") == "https://docs.google.com/spreadsheets/d/abc"
