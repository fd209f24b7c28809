"""A fake of the Google endpoints gspread calls: the OAuth token endpoint, Drive v3 and Sheets v4.

It keeps spreadsheets in memory and answers with Google's JSON shapes, including its errors: Sheets' and the
OAuth endpoint's `{"error": {"code", "message", "status"}}`, and Drive's, which adds an `errors` list whose
`reason` (`userRateLimitExceeded`, …) clients retry on. It checks what Google checks and a client can get wrong:
the service account's JWT signature and claims, the bearer token on every call, `valueInputOption`, and ranges
against each sheet's grid size (a new sheet is 1000 × 26, so writing column AA fails until the grid grows).

Tests point `GOOGLE_API_BASE_URL` at `server.url` and the service-account JSON's `token_uri` at
`server.url + TOKEN_PATH`; `write_service_account_file` makes such a JSON with a fresh RSA key.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.fakes.server import FakeApiHandler, FakeApiServer, RecordedRequest

TOKEN_PATH = "/token"
SPREADSHEET_MIME_TYPE = "application/vnd.google-apps.spreadsheet"
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# google-auth signs for Google's token endpoint whatever `token_uri` says, as Google requires.
TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26
SHEETS_PATH = re.compile(r"^/v4/spreadsheets(?:/(?P<id>[^/:]+))?(?P<rest>.*)$")
DRIVE_PATH = re.compile(r"^/drive/v3/files(?:/(?P<id>[^/]+))?(?P<rest>/permissions)?$")
A1_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def sheets_error(code: int, status: str, message: str) -> dict:
    """Sheets v4's error body, e.g. `sheets_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded …")`."""
    return {"error": {"code": code, "message": message, "status": status}}


def drive_error(code: int, reason: str, message: str, domain: str = "usageLimits") -> dict:
    """Drive v3's error body: Google's shape plus the `errors` list with a domain and reason."""
    return {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"domain": domain, "reason": reason, "message": message}],
        }
    }


RATE_LIMITED = sheets_error(
    429,
    "RESOURCE_EXHAUSTED",
    "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service "
    "'sheets.googleapis.com'.",
)
BACKEND_ERROR = sheets_error(503, "UNAVAILABLE", "The service is currently unavailable.")
DRIVE_RATE_LIMITED = drive_error(403, "userRateLimitExceeded", "User rate limit exceeded.")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class GoogleApiHandler(FakeApiHandler):
    def route(self, request: RecordedRequest) -> tuple:
        if request.path == TOKEN_PATH and request.method == "POST":
            return self.token(request)
        if not self.authorized(request):
            return 401, sheets_error(
                401,
                "UNAUTHENTICATED",
                "Request is missing required authentication credential. Expected OAuth 2 access token, login "
                "cookie or other valid authentication credential.",
            )
        path = unquote(request.path)
        drive = DRIVE_PATH.match(path)
        if drive:
            return self.drive(request, drive["id"], drive["rest"])
        sheets = SHEETS_PATH.match(path)
        if sheets:
            return self.sheets(request, sheets["id"], sheets["rest"])
        return 404, sheets_error(404, "NOT_FOUND", f"Method not found: {request.method} {path}")

    # --- OAuth ---------------------------------------------------------------------------------------------------
    def token(self, request: RecordedRequest) -> tuple:
        form = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
        if form.get("grant_type") != JWT_BEARER_GRANT:
            return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type."}
        try:
            header_part, claims_part, signature_part = form["assertion"].split(".")
            header = json.loads(_b64decode(header_part))
            claims = json.loads(_b64decode(claims_part))
        except (KeyError, ValueError):
            return 400, {"error": "invalid_request", "error_description": "Invalid JWT."}
        public_key = self.server.state.get("service_accounts", {}).get(claims.get("iss"))
        if public_key is None or header.get("alg") != "RS256":
            return 400, {"error": "invalid_grant", "error_description": "Invalid grant: account not found"}
        try:
            public_key.verify(
                _b64decode(signature_part),
                f"{header_part}.{claims_part}".encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        now = time.time()
        lifetime_ok = claims.get("iat", 0) - 300 <= now <= claims.get("exp", 0) <= claims.get("iat", 0) + 3600
        if claims.get("aud") != TOKEN_AUDIENCE or not lifetime_ok:
            return 400, {
                "error": "invalid_grant",
                "error_description": "Invalid JWT: Token must be a short-lived token",
            }
        token = f"ya29.fake-{next(self.server.state.setdefault('token_numbers', itertools.count(1)))}"
        self.server.state.setdefault("tokens", {})[token] = claims.get("scope", "").split()
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def authorized(self, request: RecordedRequest) -> bool:
        header = request.headers.get("authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.server.state.get("tokens", {})

    # --- Drive v3 ------------------------------------------------------------------------------------------------
    def drive(self, request: RecordedRequest, file_id: str | None, rest: str | None) -> tuple:
        if request.method == "POST" and file_id is None:
            body = request.json() or {}
            if body.get("mimeType") != SPREADSHEET_MIME_TYPE:
                return 400, drive_error(400, "badRequest", "Only spreadsheets are supported here.", domain="global")
            spreadsheet = self.new_spreadsheet(body.get("name") or "Untitled spreadsheet")
            return 200, {
                "kind": "drive#file",
                "id": spreadsheet["spreadsheetId"],
                "name": spreadsheet["properties"]["title"],
                "mimeType": SPREADSHEET_MIME_TYPE,
            }
        spreadsheet = self.server.state.get("spreadsheets", {}).get(file_id)
        if spreadsheet is None:
            return 404, drive_error(404, "notFound", f"File not found: {file_id}.", domain="global")
        if request.method == "DELETE" and not rest:
            with self.server.lock:
                del self.server.state["spreadsheets"][file_id]
            return 204, b""
        if request.method == "POST" and rest == "/permissions":
            body = request.json() or {}
            if body.get("type") not in ("user", "group", "domain", "anyone") or body.get("role") not in (
                "owner",
                "organizer",
                "fileOrganizer",
                "writer",
                "commenter",
                "reader",
            ):
                return 400, drive_error(400, "invalid", "Invalid permission type or role.", domain="global")
            if body["type"] in ("user", "group") and "@" not in body.get("emailAddress", ""):
                return 400, drive_error(400, "invalid", "The email address is not valid.", domain="global")
            permission = {
                "kind": "drive#permission",
                "id": f"perm-{len(spreadsheet['permissions']) + 1}",
                "type": body["type"],
                "role": body["role"],
                "emailAddress": body.get("emailAddress"),
                "sendNotificationEmail": request.query.get("sendNotificationEmail", [""])[0],
            }
            spreadsheet["permissions"].append(permission)
            return 200, {key: permission[key] for key in ("kind", "id", "type", "role")}
        return 404, drive_error(404, "notFound", "Method not found.", domain="global")

    # --- Sheets v4 -----------------------------------------------------------------------------------------------
    def new_spreadsheet(self, title: str) -> dict:
        with self.server.lock:
            spreadsheets = self.server.state.setdefault("spreadsheets", {})
            spreadsheet_id = f"fake-sheet-{len(spreadsheets) + 1}"
            spreadsheet = {
                "spreadsheetId": spreadsheet_id,
                "properties": {
                    "title": title,
                    "locale": "ru_RU",
                    "timeZone": "Europe/Moscow",
                    "autoRecalc": "ON_CHANGE",
                },
                "sheets": [self.new_sheet({"sheetId": 0, "title": "Лист1", "index": 0})],
                "permissions": [],
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit",
            }
            spreadsheets[spreadsheet_id] = spreadsheet
        return spreadsheet

    @staticmethod
    def new_sheet(properties: dict) -> dict:
        grid = {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS, **properties.get("gridProperties", {})}
        return {
            "properties": {"sheetType": "GRID", **properties, "gridProperties": grid},
            "values": {},
            "formats": [],
            "merges": [],
            "columnWidths": {},
        }

    def sheets(self, request: RecordedRequest, spreadsheet_id: str | None, rest: str) -> tuple:
        if spreadsheet_id is None and request.method == "POST":
            body = request.json() or {}
            spreadsheet = self.new_spreadsheet(body.get("properties", {}).get("title") or "Untitled spreadsheet")
            return 200, self.metadata(spreadsheet)
        spreadsheet = self.server.state.get("spreadsheets", {}).get(spreadsheet_id)
        if spreadsheet is None:
            return 404, sheets_error(404, "NOT_FOUND", "Requested entity was not found.")
        if request.method == "GET" and not rest:
            return 200, self.metadata(spreadsheet)
        if request.method == "POST" and rest == ":batchUpdate":
            return self.batch_update(spreadsheet, request.json() or {})
        if request.method == "POST" and rest == "/values:batchUpdate":
            body = request.json() or {}
            return self.write_values(spreadsheet, body.get("valueInputOption"), body.get("data", []))
        if rest.startswith("/values/"):
            a1 = rest.removeprefix("/values/")
            if request.method == "PUT":
                body = request.json() or {}
                option = request.query.get("valueInputOption", [None])[0]
                return self.write_values(spreadsheet, option, [{**body, "range": a1}])
            if request.method == "GET":
                return self.read_values(spreadsheet, a1)
        return 404, sheets_error(404, "NOT_FOUND", f"Method not found: {request.method} {rest}")

    @staticmethod
    def metadata(spreadsheet: dict) -> dict:
        return {
            "spreadsheetId": spreadsheet["spreadsheetId"],
            "properties": spreadsheet["properties"],
            "sheets": [
                {"properties": sheet["properties"], **({"merges": sheet["merges"]} if sheet["merges"] else {})}
                for sheet in spreadsheet["sheets"]
            ],
            "spreadsheetUrl": spreadsheet["spreadsheetUrl"],
        }

    def batch_update(self, spreadsheet: dict, body: dict) -> tuple:
        replies = []
        for request in body.get("requests", []):
            if len(request) != 1:
                return 400, sheets_error(400, "INVALID_ARGUMENT", "Each request must set exactly one kind.")
            kind, payload = next(iter(request.items()))
            handler = getattr(self, f"apply_{kind}", None)
            if handler is None:
                return 400, sheets_error(
                    400, "INVALID_ARGUMENT", f'Invalid JSON payload received. Unknown name "{kind}"'
                )
            reply = handler(spreadsheet, payload)
            if isinstance(reply, tuple):
                return reply
            replies.append(reply)
        return 200, {"spreadsheetId": spreadsheet["spreadsheetId"], "replies": replies}

    def find_sheet(self, spreadsheet: dict, *, sheet_id: int | None = None, title: str | None = None) -> dict | None:
        for sheet in spreadsheet["sheets"]:
            properties = sheet["properties"]
            if (sheet_id is not None and properties["sheetId"] == sheet_id) or properties["title"] == title:
                return sheet
        return None

    def apply_updateSheetProperties(self, spreadsheet: dict, payload: dict) -> dict | tuple:
        properties = payload.get("properties", {})
        sheet = self.find_sheet(spreadsheet, sheet_id=properties.get("sheetId", 0))
        if sheet is None:
            return 400, sheets_error(400, "INVALID_ARGUMENT", f"No grid with id: {properties.get('sheetId')}")
        fields = payload.get("fields", "")
        if not fields:
            return 400, sheets_error(
                400, "INVALID_ARGUMENT", "At least one field must be updated, but 'fields' is empty."
            )
        for field_path in fields.split(","):
            source, target = properties, sheet["properties"]
            *parents, leaf = field_path.strip().split(".")
            for parent in parents:
                source, target = source.get(parent, {}), target.setdefault(parent, {})
            if leaf in source:
                target[leaf] = source[leaf]
        return {}

    def apply_addSheet(self, spreadsheet: dict, payload: dict) -> dict | tuple:
        properties = dict(payload.get("properties", {}))
        if self.find_sheet(spreadsheet, title=properties.get("title")):
            return 400, sheets_error(
                400,
                "INVALID_ARGUMENT",
                f'Invalid requests[0].addSheet: A sheet with the name "{properties.get("title")}" already exists.',
            )
        properties.setdefault("sheetId", max(s["properties"]["sheetId"] for s in spreadsheet["sheets"]) + 1)
        properties.setdefault("index", len(spreadsheet["sheets"]))
        sheet = self.new_sheet(properties)
        spreadsheet["sheets"].append(sheet)
        return {"addSheet": {"properties": sheet["properties"]}}

    def apply_repeatCell(self, spreadsheet: dict, payload: dict) -> dict | tuple:
        sheet = self.find_sheet(spreadsheet, sheet_id=payload.get("range", {}).get("sheetId", 0))
        if sheet is None or not payload.get("fields"):
            return 400, sheets_error(400, "INVALID_ARGUMENT", "repeatCell needs an existing sheet and 'fields'.")
        sheet["formats"].append(
            {"range": payload["range"], "cell": payload.get("cell", {}), "fields": payload["fields"]}
        )
        return {}

    def apply_mergeCells(self, spreadsheet: dict, payload: dict) -> dict | tuple:
        span = payload.get("range", {})
        sheet = self.find_sheet(spreadsheet, sheet_id=span.get("sheetId", 0))
        if sheet is None or payload.get("mergeType") not in ("MERGE_ALL", "MERGE_COLUMNS", "MERGE_ROWS"):
            return 400, sheets_error(400, "INVALID_ARGUMENT", "mergeCells needs an existing sheet and a mergeType.")
        sheet["merges"].append(span)
        return {}

    def apply_updateDimensionProperties(self, spreadsheet: dict, payload: dict) -> dict | tuple:
        span = payload.get("range", {})
        sheet = self.find_sheet(spreadsheet, sheet_id=span.get("sheetId", 0))
        grid = sheet["properties"]["gridProperties"] if sheet else {}
        if sheet is None or span.get("dimension") != "COLUMNS" or span.get("endIndex", 0) > grid["columnCount"]:
            return 400, sheets_error(400, "INVALID_ARGUMENT", "Invalid requests: range is outside the grid.")
        for column in range(span.get("startIndex", 0), span["endIndex"]):
            sheet["columnWidths"][column] = payload["properties"]["pixelSize"]
        return {}

    def parse_range(self, spreadsheet: dict, a1: str) -> tuple[dict, int, int] | tuple:
        """`'Тексты'!A12` → (sheet, first row, first column), both 1-based."""
        title, _, cell = a1.rpartition("!")
        title = title[1:-1].replace("''", "'") if title.startswith("'") else title
        sheet = self.find_sheet(spreadsheet, title=title) if title else spreadsheet["sheets"][0]
        match = A1_CELL.match(cell.split(":")[0])
        if sheet is None or match is None:
            return 400, sheets_error(400, "INVALID_ARGUMENT", f"Unable to parse range: {a1}")
        return sheet, int(match[2]), column_number(match[1])

    def write_values(self, spreadsheet: dict, value_input_option: str | None, data: list[dict]) -> tuple:
        if value_input_option not in ("RAW", "USER_ENTERED"):
            return 400, sheets_error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified")
        responses = []
        for item in data:
            parsed = self.parse_range(spreadsheet, item.get("range", ""))
            if len(parsed) == 2:
                return parsed
            sheet, first_row, first_column = parsed
            rows = item.get("values", [])
            if item.get("majorDimension", "ROWS") != "ROWS":
                return 400, sheets_error(400, "INVALID_ARGUMENT", "Only ROWS is supported by this fake.")
            grid = sheet["properties"]["gridProperties"]
            last_row = first_row + len(rows) - 1
            last_column = first_column + max((len(row) for row in rows), default=1) - 1
            if last_row > grid["rowCount"] or last_column > grid["columnCount"]:
                return 400, sheets_error(
                    400,
                    "INVALID_ARGUMENT",
                    f"Range ({item['range']}) exceeds grid limits. Max rows: {grid['rowCount']}, "
                    f"max columns: {grid['columnCount']}",
                )
            for row_offset, row in enumerate(rows):
                for column_offset, value in enumerate(row):
                    if value is None:
                        continue
                    if not isinstance(value, str | int | float | bool):
                        return 400, sheets_error(400, "INVALID_ARGUMENT", f"Invalid value at data.values: {value!r}")
                    key = (first_row + row_offset, first_column + column_offset)
                    if value == "":
                        sheet["values"].pop(key, None)
                    else:
                        sheet["values"][key] = value
            responses.append(
                {
                    "spreadsheetId": spreadsheet["spreadsheetId"],
                    "updatedRange": item["range"],
                    "updatedRows": len(rows),
                    "updatedColumns": last_column - first_column + 1,
                    "updatedCells": sum(len(row) for row in rows),
                }
            )
        return 200, {
            "spreadsheetId": spreadsheet["spreadsheetId"],
            "totalUpdatedRows": sum(item["updatedRows"] for item in responses),
            "totalUpdatedColumns": max((item["updatedColumns"] for item in responses), default=0),
            "totalUpdatedCells": sum(item["updatedCells"] for item in responses),
            "totalUpdatedSheets": len({item["updatedRange"].rpartition("!")[0] for item in responses}),
            "responses": responses,
        }

    def read_values(self, spreadsheet: dict, a1: str) -> tuple:
        parsed = self.parse_range(spreadsheet, a1 if "!" in a1 else f"{a1}!A1")
        if len(parsed) == 2:
            return parsed
        sheet, _, _ = parsed
        return 200, {"range": a1, "majorDimension": "ROWS", "values": sheet_grid(sheet)}


def sheet_grid(sheet: dict) -> list[list[Any]]:
    """A sheet's values as rows from A1, trailing empty cells and rows trimmed (as Sheets answers values.get)."""
    by_row: dict[int, dict[int, Any]] = {}
    for (row, column), value in sheet["values"].items():
        by_row.setdefault(row, {})[column] = value
    grid = []
    for row in range(1, max(by_row, default=0) + 1):
        cells = by_row.get(row, {})
        grid.append([cells.get(column, "") for column in range(1, max(cells, default=0) + 1)])
    return grid


class GoogleApiServer(FakeApiServer):
    def __init__(self):
        super().__init__(GoogleApiHandler)

    def spreadsheet(self, title: str) -> dict | None:
        return next(
            (item for item in self.state.get("spreadsheets", {}).values() if item["properties"]["title"] == title),
            None,
        )


def write_service_account_file(server: GoogleApiServer, directory: Path) -> Path:
    """A service-account JSON with a fresh RSA key whose `token_uri` is the fake; the fake trusts its public key."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    email = "direct-helper@fake-project.iam.gserviceaccount.com"
    server.state.setdefault("service_accounts", {})[email] = private_key.public_key()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "fake-project",
        "private_key_id": "fake-key-1",
        "private_key": pem,
        "client_email": email,
        "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": server.url + TOKEN_PATH,
    }
    path = directory / "service-account.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path
