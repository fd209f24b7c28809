"""The landing-page reader against a real HTTP server on 127.0.0.1 (tests/fakes/landing_site.py)."""

from __future__ import annotations

import gzip
import json
import time
import zlib

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache.backends.locmem import LocMemCache

from campaigns.landing import LandingOptions, LandingPage, read_landing
from campaigns.landing.fetch import FetchOptions, check_address
from campaigns.landing.types import DELIVERY, GUARANTEE, PAYMENT, RETURNS, STOCK, YEARS
from campaigns.pipeline.options import landing_options
from tests.fakes.landing_site import SOFA_SHOP, FakeSite, Page, gzip_bomb

LOCAL = LandingOptions(fetch=FetchOptions(allow_private_hosts=True))


@pytest.fixture
def cache():
    return LocMemCache("landing-tests", {})


@pytest.fixture
def site():
    with FakeSite({"/divany/": SOFA_SHOP}) as server:
        yield server


@pytest.fixture(autouse=True)
def _messages_in_english(english_messages):
    """Warnings are matched by their English wording."""


def test_it_reads_a_shop_page_title_navigation_prices_and_facts(site, cache):
    page = read_landing(site.page_url("/divany/"), LOCAL, cache=cache)

    assert page.warning == ""
    assert page.title == "Диваны от фабрики в Москве — интернет-магазин «Диванград»"
    assert page.description.startswith("Прямые, угловые и модульные диваны")
    assert page.h1 == "Диваны в Москве"
    navigation = {link.text: link.url.removeprefix(site.url) for link in page.links if link.in_navigation}
    assert navigation["Угловые диваны"] == "/catalog/uglovye-divany/"
    assert navigation["Доставка и сборка"] == "/dostavka/"
    assert navigation["Контакты"] == "/kontakty/"
    assert all(link.url.startswith(site.url) for link in page.links)  # vk.com and #top are not the site's pages
    assert page.prices == ["от 9 490 ₽", "от 12 990 ₽"]  # the script's "1 ₽" is not on the page
    assert page.facts_of(DELIVERY) == ["Доставка по Москве за 1 день"]  # the menu item is not a fact
    assert page.facts_of(PAYMENT) == ["Рассрочка 0% на 12 месяцев"]
    assert page.facts_of(GUARANTEE) == ["Гарантия 2 года на каркас"]
    assert page.facts_of(RETURNS) == ["Возврат в течение 14 дней"]
    assert page.facts_of(STOCK) == ["Более 500 моделей в наличии на складе"]
    assert page.facts_of(YEARS) == ["15 лет на рынке"]
    assert page.phones == ["+7 (495) 000-00-00"]


def test_a_loopback_address_is_refused_unless_private_hosts_are_allowed(site, cache):
    page = read_landing(site.page_url("/divany/"), LandingOptions(), cache=cache)

    assert page.warning == (
        "The landing page was not read: 127.0.0.1 refused: 127.0.0.1 is a local, private or reserved address"
    )
    assert site.requests == []


def test_a_name_is_checked_after_resolution_and_the_request_goes_to_the_checked_address(site, cache):
    port = site.server_address[1]
    resolved = {"shop.test": ["127.0.0.1"], "intranet.test": ["10.0.0.7"]}
    resolver = lambda host, _port: resolved[host]  # noqa: E731

    refused = read_landing(
        f"http://intranet.test:{port}/", LandingOptions(fetch=FetchOptions(resolver=resolver)), cache=cache
    )
    read = read_landing(
        f"http://shop.test:{port}/divany/",
        LandingOptions(fetch=FetchOptions(allow_private_hosts=True, resolver=resolver)),
        cache=cache,
    )

    assert "intranet.test refused: 10.0.0.7 is a local, private or reserved address" in refused.warning
    assert read.h1 == "Диваны в Москве"
    assert [request.headers["host"] for request in site.requests] == [f"shop.test:{port}"]


def test_a_name_with_any_private_address_is_refused(cache):
    resolver = lambda host, _port: ["93.184.215.14", "192.168.1.1"]  # noqa: E731

    page = read_landing("https://shop.test/", LandingOptions(fetch=FetchOptions(resolver=resolver)), cache=cache)

    assert "192.168.1.1 is a local, private or reserved address" in page.warning


@pytest.mark.parametrize(
    ("address", "allowed_when_private_hosts_are"),
    [
        ("8.8.8.8", {False, True}),
        ("127.0.0.1", {True}),
        ("10.1.2.3", {True}),
        ("172.16.0.1", {True}),
        ("169.254.169.254", {True}),  # link-local: cloud metadata
        ("240.0.0.1", {True}),  # reserved
        ("::1", {True}),
        ("fe80::1", {True}),
        ("::ffff:127.0.0.1", {True}),  # IPv4-mapped loopback
        ("::7f00:1", {True}),  # IPv4-compatible loopback (deprecated, still routed by some stacks)
        ("::a00:1", {True}),  # IPv4-compatible 10.0.0.1
        ("64:ff9b::7f00:1", {True}),  # NAT64 of 127.0.0.1: a NAT64 gateway reaches the IPv4 loopback
        ("64:ff9b::a9fe:a9fe", {True}),  # NAT64 of the cloud metadata address 169.254.169.254
        ("64:ff9b::808:808", {False, True}),  # NAT64 of 8.8.8.8: a public site on an IPv6-only host
        ("2002:c0a8:101::1", {True}),  # 6to4 of 192.168.1.1
        ("2002:808:808::1", {False, True}),  # 6to4 of 8.8.8.8
        ("64:ff9b::e000:1", set()),  # NAT64 of multicast 224.0.0.1
        ("::", set()),
        ("0.0.0.0", set()),  # reaches this machine, never a web server
        ("224.0.0.1", set()),
    ],
)
def test_which_addresses_are_refused(address, allowed_when_private_hosts_are):
    for allow in (False, True):
        assert (check_address(address, allow_private_hosts=allow) == "") == (allow in allowed_when_private_hosts_are)


def test_every_redirect_hop_is_checked_before_it_is_requested(site, cache):
    """With private hosts off no hop can reach this machine's test server, so the per-hop check is shown with the
    addresses refused even when private hosts are on: 0.0.0.0 would reach this very server if it were requested."""
    port = site.server_address[1]
    site.pages["/old/"] = Page(302, headers={"Location": "/divany/"})
    site.pages["/away/"] = Page(302, headers={"Location": f"http://0.0.0.0:{port}/secret/"})
    site.pages["/named/"] = Page(301, headers={"Location": f"http://multicast.test:{port}/secret/"})
    resolver = lambda host, _port: {"multicast.test": ["224.0.0.251"]}[host]  # noqa: E731

    followed = read_landing(site.page_url("/old/"), LOCAL, cache=cache)
    to_unspecified = read_landing(site.page_url("/away/"), LOCAL, cache=cache)
    to_named = read_landing(
        site.page_url("/named/"),
        LandingOptions(fetch=FetchOptions(allow_private_hosts=True, resolver=resolver)),
        cache=cache,
    )

    assert followed.final_url == site.page_url("/divany/")
    assert followed.url == site.page_url("/old/")
    assert "0.0.0.0 is not a web server's address" in to_unspecified.warning
    assert "multicast.test refused: 224.0.0.251 is not a web server's address" in to_named.warning
    assert [request.path for request in site.requests] == ["/old/", "/divany/", "/away/", "/named/"]


def test_a_redirect_to_a_private_address_is_refused_when_private_hosts_are_off(site, cache):
    """The shop on 127.0.0.1 stands for a shop on the internet (`public_addresses`); it redirects to a private
    address, a loopback one and a name resolving to a cloud metadata address: each hop is refused before any
    request leaves, with private hosts off as in production."""
    port = site.server_address[1]
    site.pages["/to-private/"] = Page(302, headers={"Location": "http://10.0.0.7/admin"})
    site.pages["/to-loopback/"] = Page(302, headers={"Location": f"http://127.0.0.2:{port}/secret/"})
    site.pages["/to-metadata/"] = Page(301, headers={"Location": "http://metadata.test/latest/"})
    resolver = lambda host, _port: {"metadata.test": ["169.254.169.254"]}[host]  # noqa: E731
    options = LandingOptions(
        fetch=FetchOptions(allow_private_hosts=False, public_addresses=frozenset({"127.0.0.1"}), resolver=resolver)
    )

    pages = [read_landing(site.page_url(path), options, cache=cache) for path in ("/to-private/", "/to-loopback/")]
    pages.append(read_landing(site.page_url("/to-metadata/"), options, cache=cache))

    assert "10.0.0.7 is a local, private or reserved address" in pages[0].warning
    assert "127.0.0.2 is a local, private or reserved address" in pages[1].warning
    assert "metadata.test refused: 169.254.169.254 is a local, private or reserved address" in pages[2].warning
    assert [request.path for request in site.requests] == ["/to-private/", "/to-loopback/", "/to-metadata/"]


def test_more_than_three_redirects_are_not_followed(site, cache):
    for number in range(5):
        site.pages[f"/r{number}"] = Page(302, headers={"Location": f"/r{number + 1}"})

    page = read_landing(site.page_url("/r0"), LOCAL, cache=cache)

    assert page.warning == "The landing page was not read: more than 3 redirects"
    assert len(site.requests) == 4


@pytest.mark.parametrize(
    ("page", "warning"),
    [
        (Page(200, raw=b"%PDF-1.4", content_type="application/pdf"), "not an HTML page (application/pdf)"),
        (Page(404, html="<h1>Нет такой страницы</h1>"), "the site answered with HTTP status 404"),
    ],
)
def test_a_page_that_is_not_html_or_not_found_is_a_warning(site, cache, page, warning):
    site.pages["/x"] = page

    assert warning in read_landing(site.page_url("/x"), LOCAL, cache=cache).warning


def test_an_unreachable_or_malformed_address_is_a_warning_not_an_error(cache):
    assert "is not an http(s) address" in read_landing("ftp://shop.example/", LOCAL, cache=cache).warning
    assert "is not an http(s) address" in read_landing("http://shop.example:99999/", LOCAL, cache=cache).warning
    assert "is not an http(s) address" in read_landing("", LOCAL, cache=cache).warning
    assert "cannot be reached" in read_landing("http://127.0.0.1:9/", LOCAL, cache=cache).warning


def test_it_reads_at_most_max_bytes_of_a_huge_page(site, cache):
    site.pages["/big"] = "<html><head><title>Большой каталог</title></head><body>" + "<p>товар</p>" * 50_000
    options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True, max_bytes=4096))

    page = read_landing(site.page_url("/big"), options, cache=cache)

    assert page.title == "Большой каталог"


def test_it_decodes_a_windows_1251_page_by_its_meta_charset(site, cache):
    html = '<html><head><meta charset="windows-1251"><title>Тахты в наличии</title></head></html>'
    site.pages["/cp"] = Page(raw=html.encode("cp1251"), content_type="text/html")

    assert read_landing(site.page_url("/cp"), LOCAL, cache=cache).title == "Тахты в наличии"


def test_a_page_read_once_is_served_from_the_cache_and_a_failure_is_not_cached(site, cache):
    first = read_landing(site.page_url("/divany/"), LOCAL, cache=cache)
    second = read_landing(site.page_url("/divany/"), LOCAL, cache=cache)
    fresh = read_landing(site.page_url("/divany/"), LandingOptions(fetch=LOCAL.fetch, use_cache=False), cache=cache)
    read_landing(site.page_url("/missing"), LOCAL, cache=cache)
    read_landing(site.page_url("/missing"), LOCAL, cache=cache)

    assert first == second == fresh
    assert [request.path for request in site.requests] == ["/divany/", "/divany/", "/missing", "/missing"]


def test_a_read_that_allowed_private_hosts_is_never_served_from_the_cache_where_they_are_not(site, cache):
    read_landing(site.page_url("/divany/"), LOCAL, cache=cache)

    refused = read_landing(site.page_url("/divany/"), LandingOptions(), cache=cache)

    assert "local, private or reserved" in refused.warning


def test_a_repeat_reuses_the_page_stored_on_the_campaign_when_the_url_is_the_same(site, cache):
    stored = read_landing(site.page_url("/divany/"), LOCAL, cache=cache).to_dict()

    again = read_landing(site.page_url("/divany/"), LandingOptions(enabled=False), stored=stored, cache=cache)
    moved = read_landing(site.page_url("/tahty/"), LOCAL, stored=stored, cache=cache)

    assert again.h1 == "Диваны в Москве"
    assert "404" in moved.warning
    assert [request.path for request in site.requests] == ["/divany/", "/tahty/"]


def test_reading_can_be_turned_off(site, cache):
    page = read_landing(site.page_url("/divany/"), LandingOptions(enabled=False), cache=cache)

    assert page.warning == "reading the landing page is turned off"
    assert site.requests == []


def test_a_page_survives_a_json_round_trip(site, cache):
    page = read_landing(site.page_url("/divany/"), LOCAL, cache=cache)

    assert LandingPage.from_dict(json.loads(json.dumps(page.to_dict()))) == page


def test_options_come_from_the_two_settings(settings):
    settings.LANDING_FETCH = False
    settings.LANDING_ALLOW_PRIVATE_HOSTS = True

    options = landing_options()

    assert options.enabled is False
    assert options.fetch.allow_private_hosts is True


def test_a_page_compressed_twice_is_refused_before_it_is_inflated(site, cache):
    """The probe's bomb (here 64 MiB in a few KB; the probe's: 4 GiB in 13 KB) as `Content-Encoding: gzip, gzip`."""
    site.pages["/bomb"] = Page(raw=gzip_bomb(1 << 26, layers=2), headers={"Content-Encoding": "gzip, gzip"})
    started = time.monotonic()

    page = read_landing(site.page_url("/bomb"), LOCAL, cache=cache)

    assert time.monotonic() - started < 5
    assert "an encoding the reader does not take (gzip, gzip)" in page.warning


def test_a_gzip_page_is_inflated_only_up_to_max_bytes(site, cache):
    """One layer is a real site's compression: read, but a bomb in it stops at the page's size limit."""
    html = "<html><head><title>Сжатый каталог</title></head><body>" + "<p>товар</p>" * 50_000
    site.pages["/gzip"] = Page(raw=gzip.compress(html.encode()), headers={"Content-Encoding": "gzip"})
    site.pages["/deflate"] = Page(raw=zlib.compress(html.encode()), headers={"Content-Encoding": "deflate"})
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    site.pages["/raw"] = Page(
        raw=raw_deflate.compress(html.encode()) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
    )
    site.pages["/bomb"] = Page(raw=gzip_bomb(1 << 26), headers={"Content-Encoding": "gzip"})
    options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True, max_bytes=4096))

    pages = [read_landing(site.page_url(path), options, cache=cache) for path in ("/gzip", "/deflate", "/raw")]
    started = time.monotonic()
    bomb = read_landing(site.page_url("/bomb"), options, cache=cache)

    assert [page.title for page in pages] == ["Сжатый каталог"] * 3
    assert bomb.warning == "The landing page was not read: the page is not text"
    assert time.monotonic() - started < 5
    assert all(request.headers["accept-encoding"] == "gzip, deflate" for request in site.requests)


def test_a_broken_or_unknown_compression_is_a_warning(site, cache):
    site.pages["/broken"] = Page(raw=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    site.pages["/br"] = Page(raw=b"\x1b\x00", headers={"Content-Encoding": "br"})

    assert "compressed body is broken" in read_landing(site.page_url("/broken"), LOCAL, cache=cache).warning
    assert "does not take (br)" in read_landing(site.page_url("/br"), LOCAL, cache=cache).warning


@pytest.mark.parametrize("drip_headers", [False, True], ids=["body", "headers"])
def test_a_page_dripped_a_byte_a_second_ends_at_the_deadline(site, cache, drip_headers):
    """httpx's timeout is per read; a byte a second never trips it. One deadline covers connect, headers and body."""
    site.pages["/drip"] = Page(html=SOFA_SHOP, drip=1.0, drip_headers=drip_headers)
    options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True, timeout=2))
    started = time.monotonic()

    page = read_landing(site.page_url("/drip"), options, cache=cache)

    assert time.monotonic() - started < 4
    assert page.warning == "The landing page was not read: the site did not answer in 2 s"


def test_the_deadline_covers_every_redirect_hop_together(site, cache):
    site.pages["/slow-hop"] = Page(302, headers={"Location": "/drip"}, drip=0.5, drip_headers=True)
    site.pages["/drip"] = Page(html=SOFA_SHOP, drip=0.5)
    options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True, timeout=2))
    started = time.monotonic()

    page = read_landing(site.page_url("/slow-hop"), options, cache=cache)

    assert time.monotonic() - started < 4
    assert "did not answer in 2 s" in page.warning


def test_the_tasks_soft_time_limit_is_not_taken_for_an_unreadable_page(cache):
    """Celery raises SoftTimeLimitExceeded wherever the task is; the build must stop, not go on without a page."""

    def resolver(host, port):
        raise SoftTimeLimitExceeded()

    with pytest.raises(SoftTimeLimitExceeded):
        read_landing("https://shop.test/", LandingOptions(fetch=FetchOptions(resolver=resolver)), cache=cache)


def test_a_price_list_line_with_a_dash_gives_the_price_its_product():
    from campaigns.landing.parse import parse_page

    prices = "<p>Полировка кузова — от 9 000 ₽</p><p>Тонировка – от 4 000 ₽</p>"
    html = f"<html><body><h1>Детейлинг</h1><h2>Цены</h2>{prices}</body></html>"
    page = parse_page(html, "https://studio.example.ru/")

    assert [(fact.subject, fact.text) for fact in page.priced] == [
        ("Полировка кузова", "от 9 000 ₽"),
        ("Тонировка", "от 4 000 ₽"),
    ]


def test_a_price_keeps_what_it_is_per():
    """«Обслуживание — от 5 000 ₽ в месяц» is a subscription: an ad saying «от 5 000 ₽» would misstate it."""
    from campaigns.landing.parse import parse_page

    prices = (
        "<p>Обслуживание СКУД — от 5 000 ₽ в месяц</p><p>Уборка офиса — 90 ₽ за м²</p>"
        "<p>Монтаж — от 15 000 ₽</p><p>Аренда бокса — 1 500 ₽/час</p>"
    )
    page = parse_page(f"<html><body><h1>Услуги</h1>{prices}</body></html>", "https://service.example.ru/")

    assert [fact.text for fact in page.priced] == ["от 5 000 ₽ в месяц", "90 ₽ за м²", "от 15 000 ₽", "1 500 ₽/час"]


def test_a_product_card_gives_its_price_the_card_s_name_past_a_description():
    """A card reads name → description → price: the words before the price are the description's, so the name is
    the card's heading; a block holding two cards gives neither price a heading that is not its own."""
    from campaigns.landing.parse import parse_page

    card = '<div class="card"><h3>{name}</h3><p>{about}.</p><div class="price">{price}</div></div>'
    cards = card.format(name="Обручальные кольца", about="Классика из золота 585 пробы", price="от 12 900 ₽")
    cards += card.format(name="Серьги", about="Пусеты и конго", price="от 7 900 ₽")
    two = '<div class="row"><h3>Подвески</h3><h3>Цепи</h3><p>Золото.</p><div class="price">от 5 900 ₽</div></div>'
    page = parse_page(f"<html><body><h1>Аурум</h1>{cards}{two}</body></html>", "https://aurum.example.ru/")

    assert [(fact.subject, fact.text) for fact in page.priced] == [
        ("Обручальные кольца", "от 12 900 ₽"),
        ("Серьги", "от 7 900 ₽"),
    ]
