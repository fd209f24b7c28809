"""Fetching a landing page the user gave us, safely: the URL comes from a chat, so it must not make our server
request its own network (SSRF).

Every hop (the first request and each redirect) is resolved first, and refused when any of its addresses is
loopback, private, link-local, reserved or otherwise not globally routable, unless the options allow private hosts
(tests, local development). The request then goes to the address that was checked, with the original host in the
`Host` header and as the TLS server name, so a second DNS answer cannot swap in another address between the check
and the connection (DNS rebinding). Redirects are followed by hand, at most `max_redirects`, for the same reason.
Only HTML is read, and at most `max_bytes` of it: the head and the navigation come first on any page.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from django.utils.translation import gettext as _

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
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
    timeout: float = 10.0
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
    with httpx.Client(timeout=options.timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(options.max_redirects + 1):
            response = _request(client, url, options)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    url = urljoin(url, location.strip())
                    continue
                if response.status_code >= 400:
                    status = response.status_code
                    raise FetchError(_("the site answered with HTTP status %(status)d") % {"status": status})
                return FetchedPage(url, _read_html(response, options.max_bytes))
            finally:
                response.close()
    raise FetchError(_("more than %(count)d redirects") % {"count": options.max_redirects})


def check_address(address: str, *, allow_private_hosts: bool) -> str:
    """Why the address may not be fetched, or an empty string. Unspecified and multicast addresses are never a web
    page (and 0.0.0.0 reaches this very machine), so they are refused even when private hosts are allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_unspecified or ip.is_multicast:
        return _("%(address)s is not a web server's address") % {"address": address}
    if not allow_private_hosts and not ip.is_global:
        return _("%(address)s is a local, private or reserved address") % {"address": address}
    return ""


def _request(client: httpx.Client, url: str, options: FetchOptions) -> httpx.Response:
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
    headers = {"Host": host_header, "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    try:
        request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
    except httpx.InvalidURL as error:
        raise FetchError(_("%(url)s is not an http(s) address") % {"url": url}) from error
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException as error:
        raise FetchError(_("the site did not answer in %(seconds)s s") % {"seconds": f"{options.timeout:g}"}) from error
    except httpx.HTTPError as error:
        raise FetchError(_("the site cannot be reached (%(error)s)") % {"error": type(error).__name__}) from error


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


def _read_html(response: httpx.Response, max_bytes: int) -> str:
    content_type = response.headers.get("content-type", "").lower()
    if not content_type.startswith(HTML_TYPES):
        raise FetchError(_("the address is not an HTML page (%(type)s)") % {"type": content_type or "no type"})
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) >= max_bytes:
            del body[max_bytes:]
            break
    return bytes(body).decode(_encoding(response, bytes(body[:4096])), errors="replace")


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
