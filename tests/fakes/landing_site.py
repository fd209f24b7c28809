"""A fake shop site for the landing-page reader: real HTML over real HTTP on 127.0.0.1.

`FakeSite.pages` maps a path to what it serves: an HTML string (200, text/html), or a `Page` with its own
status, content type, headers or raw bytes, e.g. a redirect `Page(302, headers={"Location": ...})`. A hostile
site's tricks are `Page` fields too: `drip` sends the answer a byte at a time, that many seconds apart (its headers
too with `drip_headers`), and `gzip_bomb(size, layers)` makes a small body that inflates to `size` bytes.
"""

from __future__ import annotations

import sys
import threading
import zlib
from dataclasses import dataclass, field

from tests.fakes.server import FakeApiHandler, FakeApiServer, RecordedRequest


@dataclass(frozen=True)
class Page:
    status: int = 200
    html: str = ""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    drip: float = 0.0
    drip_headers: bool = False


def gzip_bomb(size: int, layers: int = 1) -> bytes:
    """`size` zero bytes gzipped `layers` times, built a MiB at a time: about size / 1000 bytes for one layer, a
    few KB for two."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts += [compressor.compress(bytes(size % len(block))), compressor.flush()]
    body = b"".join(parts)
    for _ in range(layers - 1):
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        body = compressor.compress(body) + compressor.flush()
    return body


class _SiteHandler(FakeApiHandler):
    def route(self, request: RecordedRequest) -> tuple:
        page = self.server.pages.get(request.path)
        if page is None:
            return 404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"}
        if isinstance(page, str):
            page = Page(html=page)
        self.page = page
        body = page.raw if page.raw is not None else page.html.encode("utf-8")
        return page.status, body, {"Content-Type": page.content_type, **page.headers}

    def send(self, status, payload, headers=None) -> None:
        page = getattr(self, "page", None)
        if page is None or not page.drip:
            super().send(status, payload, headers)
            return
        head = [f"HTTP/1.1 {status} OK", f"Content-Length: {len(payload)}"]
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        answer = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        dripped = answer + payload if page.drip_headers else payload
        try:
            if not page.drip_headers:
                self.wfile.write(answer)
            for index in range(len(dripped)):
                self.wfile.write(dripped[index : index + 1])
                self.wfile.flush()
                if self.server.stopping.wait(page.drip):
                    return
        except OSError:
            pass  # the reader gave up on the page: that is what it should do


class FakeSite(FakeApiServer):
    def __init__(self, pages: dict[str, str | Page] | None = None):
        super().__init__(_SiteHandler)
        self.pages: dict[str, str | Page] = dict(pages or {})
        self.stopping = threading.Event()  # ends a dripping answer when the site stops

    def stop(self) -> None:
        self.stopping.set()
        super().stop()

    def page_url(self, path: str = "/") -> str:
        return self.url + path

    def handle_error(self, request, client_address) -> None:
        """A reader that stops at its size limit closes the connection mid-page: that is expected, not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


SOFA_SHOP = """<!doctype html>
<html lang="ru"><head>
<meta charset="utf-8">
<title>Диваны от фабрики в Москве — интернет-магазин «Диванград»</title>
<meta name="description" content="Прямые, угловые и модульные диваны от производителя. Доставка за 1 день.">
<script>var phone = "+7 999 000-00-00"; window.tracker = {price: "1 ₽"};</script>
<style>.menu { color: red }</style>
</head><body>
<header>
  <a href="/"><img alt="Диванград"></a>
  <a href="tel:+74950000000">+7 (495) 000-00-00</a>
  <nav class="main-menu">
    <ul>
      <li><a href="/catalog/uglovye-divany/">Угловые диваны</a></li>
      <li><a href="/catalog/divany-krovati/">Диваны-кровати</a></li>
      <li><a href="/catalog/tahty/">Тахты</a></li>
      <li><a href="/catalog/kresla/">Кресла</a></li>
      <li><a href="/dostavka/">Доставка и сборка</a></li>
      <li><a href="/akcii/">Акции</a></li>
      <li><a href="/oplata/">Оплата</a></li>
      <li><a href="/kontakty/">Контакты</a></li>
      <li><a href="https://vk.com/divangrad">Мы ВКонтакте</a></li>
      <li><a href="#top">Наверх</a></li>
    </ul>
  </nav>
</header>
<main>
  <h1>Диваны в Москве</h1>
  <ul class="advantages">
    <li>Доставка по Москве за 1 день</li>
    <li>Гарантия 2 года на каркас</li>
    <li>Рассрочка 0% на 12 месяцев</li>
    <li>Более 500 моделей в наличии на складе</li>
    <li>15 лет на рынке</li>
    <li>Возврат в течение 14 дней</li>
  </ul>
  <div class="card"><a href="/catalog/divany-krovati/sofa-1/">Диван-кровать «Сити»</a><span>от 12 990 ₽</span></div>
  <div class="card"><a href="/catalog/tahty/tahta-1/">Тахта «Лофт»</a><span>от 9 490 руб.</span></div>
  <p>Подробные условия оплаты, доставки и возврата товара описаны в разделе «Покупателям» нашего сайта,
     а также в договоре купли-продажи, который вы подписываете при получении заказа у курьера.</p>
</main>
<footer><a href="/o-kompanii/">О компании</a> <a href="/garantiya/">Гарантия</a></footer>
</body></html>
"""
