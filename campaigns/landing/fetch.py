"""Fetching a landing page the user gave us, safely: the URL comes from a chat, so it must not make our server
request its own network (SSRF).

Every hop (the first request and each redirect) is resolved first, and refused when any of its addresses is
loopback, private, link-local, reserved or otherwise not globally routable, unless the options allow private hosts
(tests, local development). The request then goes to the address that was checked, with the original host in the
`Host` header and as the TLS server name, so a second DNS answer cannot swap in another address between the check
and the connection (DNS rebinding). Redirects are followed by hand, at most `max_redirects`, for the same reason.
An IPv6 address that carries an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by both.

Only HTML is read, and at most `max_bytes` of it: the head and the navigation come first on any page. The site
chooses what it sends, so the reader bounds it all itself:
- the body is read raw and decompressed here with a cap on the output (zlib's `max_length`), at most one content
  encoding (gzip or deflate): a small gzip-of-gzip "bomb" never grows past `max_bytes` in memory;
- one wall-clock deadline (`timeout`) covers every hop's connect, headers and body: a watchdog shuts the socket
  down when it passes, so a page dripped a byte a second (its headers included) ends on time, whatever the
  per-read timeouts would allow.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from django.utils.translation import gettext as _

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPTED_ENCODINGS = "gzip, deflate"  # each decompressed here with a cap; never brotli or zstd (no output cap)
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are the IPv4 address reached
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "Mozilla/5.0 (compatible; DirectHelper/1.0; +landing-page reader)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for the host (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch; `resolver` is replaceable so a test can point a name at an address of its choosing.

    `public_addresses` are taken for addresses on the internet whatever their range: a test's local stand-in for a
    shop on the internet, so that the refusal of a private address further down a redirect chain can be shown with
    `allow_private_hosts` off. Nothing in the project's settings fills it.
    """

    allow_private_hosts: bool = False
    timeout: float = 10.0  # seconds for the whole read: every hop's connect, headers and body
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 3
    resolver: Resolver = field(default=system_resolver, compare=False)
    public_addresses: frozenset[str] = frozenset()


class FetchError(Exception):
    """The page cannot be read; the message is for the user (translated)."""


@dataclass(frozen=True)
class FetchedPage:
    url: str  # the address of the page finally read, after redirects
    html: str


def fetch_html(url: str, options: FetchOptions) -> FetchedPage:
    with _Watchdog(options.timeout) as watchdog:
        try:
            return _follow(url, options, watchdog)
        except (FetchError, httpx.HTTPError) as error:
            if watchdog.expired:  # the socket was shut down under a read: whatever broke, the deadline did it
                raise _too_slow(options) from error
            if isinstance(error, httpx.HTTPError):
                reason = _("the site cannot be reached (%(error)s)") % {"error": type(error).__name__}
                raise FetchError(reason) from error
            raise


def _follow(url: str, options: FetchOptions, watchdog: _Watchdog) -> FetchedPage:
    extensions = {"trace": watchdog.trace}
    with httpx.Client(timeout=options.timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(options.max_redirects + 1):
            response = _request(client, url, options, watchdog, extensions)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    url = urljoin(url, location.strip())
                    continue
                if response.status_code >= 400:
                    status = response.status_code
                    raise FetchError(_("the site answered with HTTP status %(status)d") % {"status": status})
                html = _read_html(response, options.max_bytes, watchdog)
                if watchdog.expired:  # a body cut short by the deadline looks complete to the reader
                    raise _too_slow(options)
                return FetchedPage(url, html)
            finally:
                response.close()
    raise FetchError(_("more than %(count)d redirects") % {"count": options.max_redirects})


class _Watchdog:
    """One wall-clock deadline for a whole read. httpx's timeouts are per operation (a site sending a byte every
    few seconds never trips them), so at the deadline this shuts down every socket the read opened: any read
    blocked on it returns at once, and the caller reports the page too slow."""

    def __init__(self, seconds: float):
        self._end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        return self._fired or time.monotonic() >= self._end

    def remaining(self) -> float:
        return max(self._end - time.monotonic(), 0.0)

    def trace(self, event: str, info: dict) -> None:
        """httpcore's `trace` extension: keep each new connection's socket, to shut it down at the deadline."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        with self._lock:
            self._sockets.append(sock)
            if self._fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self._fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by its connection
        sock.shutdown(socket.SHUT_RDWR)


def _too_slow(options: FetchOptions) -> FetchError:
    return FetchError(_("the site did not answer in %(seconds)s s") % {"seconds": f"{options.timeout:g}"})


def check_address(address: str, *, allow_private_hosts: bool) -> str:
    """Why the address may not be fetched, or an empty string. Unspecified and multicast addresses are never a web
    page (and 0.0.0.0 reaches this very machine), so they are refused even when private hosts are allowed. An IPv6
    address that embeds an IPv4 one is refused when either is: `::ffff:127.0.0.1`, `::7f00:1`, `64:ff9b::7f00:1`
    and `2002:7f00:1::` all lead to 127.0.0.1 through a host's own stack, a NAT64 gateway or a 6to4 relay."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    forms = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        forms += _embedded_ipv4(ip)
    if any(form.is_unspecified or form.is_multicast for form in forms):
        return _("%(address)s is not a web server's address") % {"address": address}
    if not allow_private_hosts and not all(form.is_global for form in forms):
        return _("%(address)s is a local, private or reserved address") % {"address": address}
    return ""


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 address an IPv6 one carries, by each form that routes to it; `::` and `::1` carry none."""
    last_32_bits = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip in NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):  # NAT64, or the deprecated IPv4-compatible ::a.b.c.d
        return [last_32_bits]
    return []


def _request(
    client: httpx.Client, url: str, options: FetchOptions, watchdog: _Watchdog, extensions: dict
) -> httpx.Response:
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        raise FetchError(_("%(url)s is not an http(s) address") % {"url": url})
    host = parts.hostname
    address = _checked_address(host, port, options)
    literal = f"[{address}]" if ":" in address else address
    pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    headers = {
        "Host": host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml",
        "Accept-Encoding": ACCEPTED_ENCODINGS,
    }
    if parts.scheme == "https":
        extensions = {**extensions, "sni_hostname": host}
    if watchdog.expired:
        raise _too_slow(options)
    try:
        request = client.build_request(
            "GET", pinned, headers=headers, extensions=extensions, timeout=httpx.Timeout(watchdog.remaining())
        )
    except httpx.InvalidURL as error:
        raise FetchError(_("%(url)s is not an http(s) address") % {"url": url}) from error
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException as error:
        raise _too_slow(options) from error


def _checked_address(host: str, port: int, options: FetchOptions) -> str:
    try:
        addresses = [host] if _is_ip(host) else options.resolver(host, port)
    except (OSError, UnicodeError) as error:
        raise FetchError(_("the site's name %(host)s does not resolve") % {"host": host}) from error
    if not addresses:
        raise FetchError(_("the site's name %(host)s does not resolve") % {"host": host})
    for address in addresses:
        if address in options.public_addresses:
            continue
        reason = check_address(address, allow_private_hosts=options.allow_private_hosts)
        if reason:
            raise FetchError(_("%(host)s refused: %(reason)s") % {"host": host, "reason": reason})
    return addresses[0]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _read_html(response: httpx.Response, max_bytes: int, watchdog: _Watchdog) -> str:
    content_type = response.headers.get("content-type", "").lower()
    if not content_type.startswith(HTML_TYPES):
        raise FetchError(_("the address is not an HTML page (%(type)s)") % {"type": content_type or "no type"})
    decompress = _decompressor(response.headers.get("content-encoding", ""))
    body = bytearray()
    received = 0
    for chunk in response.iter_raw():  # as sent: httpx's own decoding has no cap on what a chunk inflates to
        received += len(chunk)
        try:
            body += decompress(chunk, max_bytes - len(body))
        except zlib.error as error:
            raise FetchError(_("the page's compressed body is broken")) from error
        if len(body) >= max_bytes or received >= max_bytes or watchdog.expired:
            break
    html = bytes(body).decode(_encoding(response, bytes(body[:4096])), errors="replace")
    if "\x00" in html:  # binary (a bomb's zeros, a file served as HTML): nothing on it is a shop's words
        raise FetchError(_("the page is not text"))
    return html


def _decompressor(content_encoding: str) -> Callable[[bytes, int], bytes]:
    """`decompress(chunk, room)`: the chunk's next bytes of page, never more than `room` of them.

    At most one encoding: a page compressed twice (`gzip, gzip`) is what a bomb looks like, never a real site.
    """
    encodings = [part.strip().lower() for part in content_encoding.split(",")]
    encodings = [encoding for encoding in encodings if encoding and encoding != "identity"]
    if not encodings:
        return lambda chunk, room: chunk[:room]
    if len(encodings) > 1 or encodings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(
            _("the page is sent in an encoding the reader does not take (%(encoding)s)")
            % {"encoding": content_encoding}
        )
    return _CappedInflater(raw_deflate_allowed=encodings[0] == "deflate").decompress


class _CappedInflater:
    """zlib with `max_length`: what the site sends inflates only as far as the room left for the page."""

    def __init__(self, *, raw_deflate_allowed: bool):
        self._raw_deflate_allowed = raw_deflate_allowed
        self._decoder: zlib._Decompress | None = None

    def decompress(self, chunk: bytes, room: int) -> bytes:
        if self._decoder is None:
            # 32 + 15 reads a gzip or a zlib header; "deflate" is zlib by the standard, raw from some servers
            raw = self._raw_deflate_allowed and not _has_zlib_header(chunk)
            self._decoder = zlib.decompressobj(-zlib.MAX_WBITS if raw else 32 + zlib.MAX_WBITS)
        return self._decoder.decompress(chunk, room) if room > 0 else b""


def _has_zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0


def _encoding(response: httpx.Response, head: bytes) -> str:
    """The header's charset, else the page's own `<meta charset>` (many Russian sites are windows-1251), else UTF-8."""
    candidates = [response.charset_encoding]
    match = _META_CHARSET.search(head)
    candidates.append(match[1].decode("ascii") if match else None)
    for candidate in candidates:
        if candidate:
            try:
                "".encode(candidate)
            except LookupError:
                continue
            return candidate
    return "utf-8"
