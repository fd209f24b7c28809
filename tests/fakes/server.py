"""The one way tests run a fake of an external HTTP API: a real server on 127.0.0.1, in a thread.

Each API's fake (one module per API in this package) subclasses `FakeApiHandler`, routes on method and path,
and speaks that API's wire format; tests point the real client's base URL at `server.url`. Scripted failures
(a 429, a 503, a slow answer, broken JSON) are queued on `server.script`, so a test says what goes wrong and when.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DROP_CONNECTION = object()  # a `route` payload: close the connection without answering (a reply lost on the way)


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class ScriptedResponse:
    """A canned answer served instead of the normal one, e.g. `ScriptedResponse(429, {...}, {"Retry-After": "1"})`.

    `raw` sends bytes as they are (for malformed bodies); `delay` sleeps first (for client timeouts);
    `path` limits it to requests whose path ends with that suffix.
    """

    status: int = 200
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    delay: float = 0.0
    path: str | None = None


class FakeApiServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler_class: type[FakeApiHandler]):
        super().__init__(("127.0.0.1", 0), handler_class)
        self.requests: list[RecordedRequest] = []
        self.script: deque[ScriptedResponse] = deque()
        self.state: dict[str, Any] = {}
        self.lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeApiServer:
        self._thread = threading.Thread(target=self.serve_forever, name=f"fake-{type(self).__name__}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeApiServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def take_scripted(self, path: str) -> ScriptedResponse | None:
        with self.lock:
            for index, response in enumerate(self.script):
                if response.path is None or path.endswith(response.path):
                    del self.script[index]
                    return response
        return None

    def requests_to(self, suffix: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path.endswith(suffix)]


class FakeApiHandler(BaseHTTPRequestHandler):
    """Records every request, serves scripted answers first, then calls `route(request)`.

    `route` returns `(status, payload)` or `(status, payload, headers)`; payload is JSON-encoded unless bytes.
    """

    server: FakeApiServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small JSON answers otherwise wait ~40 ms for the client's delayed ACK

    def route(self, request: RecordedRequest) -> tuple:
        raise NotImplementedError

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query),
            headers={key.lower(): value for key, value in self.headers.items()},
            body=body,
        )
        with self.server.lock:
            self.server.requests.append(request)
        scripted = self.server.take_scripted(parts.path)
        if scripted is not None:
            if scripted.delay:
                threading.Event().wait(scripted.delay)
            payload = scripted.raw if scripted.raw is not None else scripted.payload
            self.send(scripted.status, payload, scripted.headers)
            return
        status, payload, *rest = self.route(request)
        if payload is DROP_CONNECTION:
            self.close_connection = True
            return
        self.send(status, payload, rest[0] if rest else {})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(payload, bytes):
            body, content_type = payload, "application/octet-stream"
        else:
            body, content_type = json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        try:
            self.send_response(status)
            headers = dict(headers or {})
            self.send_header("Content-Type", headers.pop("Content-Type", content_type))
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer

    def log_message(self, format, *args):
        pass
