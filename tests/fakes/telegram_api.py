"""A fake Telegram Bot API: real HTTP, the Bot API's JSON shapes and error shapes, on `tests.fakes.server`.

Tests push updates (`push_text`, `push_command`, `push_callback`, `push_document`) that the bot's long-polling
`getUpdates` receives, and read what the bot sent from `outbox` (or wait for it with `wait_for`). It answers
`getMe`, `getUpdates`, `deleteWebhook`, `sendMessage`, `editMessageText`, `answerCallbackQuery`, `sendDocument`,
`sendPhoto` (PNG or JPEG only), `deleteMessage`, `setMyCommands`, `getFile` and file downloads under
`/file/bot<token>/`, with Telegram's `{"ok": false, "error_code": …, "description": …, "parameters":
{"retry_after": …}}` errors: 401 for a wrong token, 400 "message is not modified", 403 for chats that blocked the
bot, and scripted 429s.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.fakes.server import FakeApiHandler, FakeApiServer, RecordedRequest, ScriptedResponse

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Direct Helper", "username": "direct_helper_bot"}
LONG_POLL_CAP_SECONDS = 1.0


def error(code: int, description: str, retry_after: int | None = None) -> tuple[int, dict]:
    payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        payload["parameters"] = {"retry_after": retry_after}
    return code, payload


def too_many_requests(retry_after: int = 1, path: str | None = None) -> ScriptedResponse:
    """A scripted 429 exactly as Telegram sends it."""
    code, payload = error(429, f"Too Many Requests: retry after {retry_after}", retry_after)
    return ScriptedResponse(code, payload, path=path)


@dataclass
class Outgoing:
    """One thing the bot did in a chat: a message sent, edited, deleted or a document uploaded."""

    method: str
    chat_id: int
    message_id: int | None
    text: str = ""
    reply_markup: dict | None = None
    document_name: str = ""
    document: bytes = b""
    at: float = field(default_factory=time.monotonic)

    @property
    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def callback_data(self) -> list[str]:
        return [button["callback_data"] for button in self.buttons if "callback_data" in button]


def _parse_body(request: RecordedRequest) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Bot API clients send JSON, urlencoded forms (nested objects JSON-encoded) or multipart with files."""
    content_type = request.headers.get("content-type", "")
    files: dict[str, tuple[str, bytes]] = {}
    if not request.body:
        params: dict[str, Any] = {key: values[0] for key, values in request.query.items()}
    elif content_type.startswith("application/json"):
        params = json.loads(request.body)
    elif content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + request.body)
        params = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            content = part.get_payload(decode=True) or b""
            if filename:
                files[name] = (filename, content)
            else:
                params[name] = content.decode()
    else:
        params = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
    for key in ("reply_markup", "commands", "allowed_updates"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params, files


class FakeTelegramHandler(FakeApiHandler):
    server: FakeTelegramServer

    def route(self, request: RecordedRequest) -> tuple:
        fake = self.server
        prefix = f"/bot{fake.token}/"
        file_prefix = f"/file/bot{fake.token}/"
        path = unquote(request.path)  # clients percent-encode the token's ':' in file URLs
        if path.startswith(file_prefix):
            content = fake.files_by_path.get(path[len(file_prefix) :])
            return (200, content) if content is not None else error(404, "Not Found")
        if not request.path.startswith(prefix):
            return error(401, "Unauthorized")
        method = request.path[len(prefix) :]
        params, files = _parse_body(request)
        handler = getattr(fake, f"api_{method}", None)
        if handler is None:
            return error(404, "Not Found")
        fake.count_call(method, params)
        return handler(params, files)


class FakeTelegramServer(FakeApiServer):
    def __init__(self, token: str = "123456:TEST-token"):
        super().__init__(FakeTelegramHandler)
        self.token = token
        self.updates: list[dict] = []
        self.outbox: list[Outgoing] = []
        self.commands: dict[str, list[dict]] = {}
        self.blocked_chats: set[int] = set()
        self.files_by_id: dict[str, tuple[str, bytes]] = {}
        self.files_by_path: dict[str, bytes] = {}
        self.messages: dict[tuple[int, int], dict] = {}
        self.changed = threading.Condition(self.lock)
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.confirmed_offset = 0
        self.calls: defaultdict[int | str, Counter] = defaultdict(Counter)  # chat → Bot API method → calls
        self._query_chats: dict[str, int] = {}

    # --- what the bot sees -----------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def _user(self, user_id: int, language: str = "ru", username: str | None = None) -> dict:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "username": username or f"user{user_id}",
            "language_code": language,
        }

    def _push(self, update: dict) -> int:
        with self.changed:
            update_id = next(self._update_ids)
            update["update_id"] = update_id
            self.updates.append(update)
            self.changed.notify_all()
        return update_id

    def _incoming(self, user_id: int, language: str, username: str | None, **content) -> dict:
        return {
            "message_id": next(self._message_ids),
            "from": self._user(user_id, language, username),
            "chat": {"id": user_id, "type": "private", "first_name": f"User{user_id}"},
            "date": int(time.time()),
            **content,
        }

    def push_text(self, user_id: int, text: str, *, language: str = "ru", username: str | None = None) -> int:
        return self._push({"message": self._incoming(user_id, language, username, text=text)})

    def push_command(self, user_id: int, command: str, *, language: str = "ru", username: str | None = None) -> int:
        """A command as Telegram marks it (a bot_command entity), which PTB's CommandHandler requires."""
        name = command.split()[0]
        entity = {"type": "bot_command", "offset": 0, "length": len(name)}
        return self._push({"message": self._incoming(user_id, language, username, text=command, entities=[entity])})

    def push_callback(self, user_id: int, data: str, message_id: int | None = None, *, language: str = "ru") -> int:
        message_id = message_id or self.last_message_id(user_id) or 1
        message = {
            "message_id": message_id,
            "from": BOT_USER,
            "chat": {"id": user_id, "type": "private"},
            "date": int(time.time()),
            "text": self.messages.get((user_id, message_id), {}).get("text", "…"),
        }
        query = {
            "id": str(next(self._update_ids) * 1000),
            "from": self._user(user_id, language),
            "message": message,
            "chat_instance": str(user_id),
            "data": data,
        }
        with self.lock:
            self._query_chats[query["id"]] = user_id
        return self._push({"callback_query": query})

    def push_document(self, user_id: int, filename: str, content: bytes, *, language: str = "ru") -> int:
        file_id = f"file-{len(self.files_by_id) + 1}"
        path = f"documents/{file_id}-{filename}"
        self.files_by_id[file_id] = (path, content)
        self.files_by_path[path] = content
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "file_size": len(content),
        }
        return self._push({"message": self._incoming(user_id, language, None, document=document)})

    # --- what tests read -------------------------------------------------------------------------------------
    def sent_to(self, chat_id: int) -> list[Outgoing]:
        with self.lock:
            return [item for item in self.outbox if item.chat_id == chat_id]

    def last_message_id(self, chat_id: int) -> int | None:
        sent = [item for item in self.sent_to(chat_id) if item.method in ("sendMessage", "editMessageText")]
        return sent[-1].message_id if sent else None

    def wait_for(self, predicate, timeout: float = 10.0) -> Outgoing:
        """Wait until the bot does something that satisfies `predicate(outgoing)`; fail the test if it never does."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self.changed:
            while True:
                for item in self.outbox[seen:]:
                    if predicate(item):
                        return item
                seen = len(self.outbox)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = [(item.method, item.chat_id, item.text[:60]) for item in self.outbox[-5:]]
                    raise AssertionError(f"the bot never sent the expected message; last sent: {recent}")
                self.changed.wait(remaining)

    def wait_for_reply(self, chat_id: int, after: int, timeout: float = 10.0) -> Outgoing:
        """The first message sent/edited in the chat after outbox position `after`."""
        return self.wait_for(
            lambda item: (
                item.chat_id == chat_id
                and self.outbox.index(item) >= after
                and item.method in ("sendMessage", "editMessageText", "sendDocument")
            ),
            timeout,
        )

    def calls_to(self, chat_id: int) -> Counter:
        """How many times each Bot API method was called for the chat (a button's answer counts for its chat)."""
        with self.lock:
            return Counter(self.calls.get(chat_id, {}))

    def mark(self) -> int:
        with self.lock:
            return len(self.outbox)

    # --- the Bot API methods ---------------------------------------------------------------------------------
    def count_call(self, method: str, params: dict) -> None:
        chat_id = params.get("chat_id")
        if chat_id is None:
            chat_id = self._query_chats.get(str(params.get("callback_query_id")))
        if chat_id is None:
            return
        with self.lock:
            self.calls[int(chat_id) if str(chat_id).lstrip("-").isdigit() else chat_id][method] += 1

    def _record(self, outgoing: Outgoing) -> None:
        with self.changed:
            self.outbox.append(outgoing)
            self.changed.notify_all()

    def _message(self, chat_id: int, message_id: int, **content) -> dict:
        return {
            "message_id": message_id,
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private"},
            "date": int(time.time()),
            **content,
        }

    def api_getMe(self, params, files):
        return 200, {"ok": True, "result": {**BOT_USER, "can_join_groups": True, "supports_inline_queries": False}}

    def api_deleteWebhook(self, params, files):
        return 200, {"ok": True, "result": True}

    def api_setMyCommands(self, params, files):
        self.commands[params.get("language_code") or ""] = params["commands"]
        return 200, {"ok": True, "result": True}

    def api_getUpdates(self, params, files):
        # As on Telegram, asking with an offset confirms every earlier update: it is never served again.
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), LONG_POLL_CAP_SECONDS)
        deadline = time.monotonic() + timeout
        with self.changed:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            while True:
                pending = [update for update in self.updates if update["update_id"] >= self.confirmed_offset][:limit]
                remaining = deadline - time.monotonic()
                if pending or remaining <= 0:
                    break
                self.changed.wait(remaining)
        return 200, {"ok": True, "result": pending}

    def _chat_id(self, params) -> int:
        return int(params["chat_id"])

    def api_sendMessage(self, params, files):
        chat_id = self._chat_id(params)
        if chat_id in self.blocked_chats:
            return error(403, "Forbidden: bot was blocked by the user")
        if not str(params.get("text") or "").strip():
            return error(400, "Bad Request: message text is empty")
        message_id = next(self._message_ids)
        message = self._message(chat_id, message_id, text=params["text"])
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message_id)] = message
        self._record(Outgoing("sendMessage", chat_id, message_id, params["text"], params.get("reply_markup")))
        return 200, {"ok": True, "result": message}

    def api_editMessageText(self, params, files):
        chat_id = self._chat_id(params)
        message_id = int(params["message_id"])
        current = self.messages.get((chat_id, message_id))
        if current is None:
            return error(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if current.get("text") == params["text"] and current.get("reply_markup") == markup:
            return error(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message",
            )
        current["text"] = params["text"]
        current.pop("reply_markup", None)
        if markup:
            current["reply_markup"] = markup
        self._record(Outgoing("editMessageText", chat_id, message_id, params["text"], markup))
        return 200, {"ok": True, "result": current}

    def api_answerCallbackQuery(self, params, files):
        return 200, {"ok": True, "result": True}

    def api_deleteMessage(self, params, files):
        chat_id = self._chat_id(params)
        message_id = int(params["message_id"])
        self._record(Outgoing("deleteMessage", chat_id, message_id))
        return 200, {"ok": True, "result": True}

    def api_sendDocument(self, params, files):
        chat_id = self._chat_id(params)
        if chat_id in self.blocked_chats:
            return error(403, "Forbidden: bot was blocked by the user")
        if "document" not in files:
            return error(400, "Bad Request: there is no document in the request")
        filename, content = files["document"]
        message_id = next(self._message_ids)
        document = {"file_id": f"doc-{message_id}", "file_unique_id": f"udoc-{message_id}", "file_name": filename}
        message = self._message(chat_id, message_id, document=document, caption=params.get("caption", ""))
        self._record(Outgoing("sendDocument", chat_id, message_id, params.get("caption", ""), None, filename, content))
        return 200, {"ok": True, "result": message}

    def api_sendPhoto(self, params, files):
        chat_id = self._chat_id(params)
        if chat_id in self.blocked_chats:
            return error(403, "Forbidden: bot was blocked by the user")
        if "photo" not in files:
            return error(400, "Bad Request: there is no photo in the request")
        filename, content = files["photo"]
        if not content.startswith(b"\x89PNG") and not content.startswith(b"\xff\xd8"):
            return error(400, "Bad Request: IMAGE_PROCESS_FAILED")
        message_id = next(self._message_ids)
        photo = [{"file_id": f"photo-{message_id}", "file_unique_id": f"uphoto-{message_id}", "width": 800,
                  "height": 400}]
        message = self._message(chat_id, message_id, photo=photo, caption=params.get("caption", ""))
        self._record(Outgoing("sendPhoto", chat_id, message_id, params.get("caption", ""), None, filename, content))
        return 200, {"ok": True, "result": message}

    def api_getFile(self, params, files):
        file_id = params.get("file_id")
        if file_id not in self.files_by_id:
            return error(400, "Bad Request: invalid file_id")
        path, content = self.files_by_id[file_id]
        result = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content), "file_path": path}
        return 200, {"ok": True, "result": result}
