"""Reading what an advertiser needs from a page's HTML: its title, description, h1, same-site navigation, prices
and short facts (delivery, payment, guarantee, returns, stock, years in business, a specialist's visit, an
estimate's term, contract terms for business buyers, online booking, phone).

Lexbor (through selectolax) parses HTML the way browsers do, so broken markup reads as a visitor sees it. Facts are
short text blocks copied as written; a block is kept only when it is short enough to be a statement, not a paragraph
of terms, so an ad that repeats one claims no more than the site does.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from campaigns.landing import types as k
from campaigns.landing.types import LandingPage, PageFact, PageLink
from core.direct_limits import CALLOUT_MAX
from semantic.morph import lemma

INVISIBLE = ["script", "style", "noscript", "template", "svg", "iframe"]
BLOCKS = frozenset(
    {"div", "p", "ul", "ol", "li", "section", "article", "header", "footer", "nav", "table", "tbody", "thead", "tr",
     "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dd", "dt", "form", "main", "aside", "figure", "blockquote"}
)  # fmt: skip
TEXT_BLOCKS = "p, li, h2, h3, h4, h5, h6, td, dd, dt, span, strong, b, div, a, figcaption, label"
NAVIGATION = "nav, header, footer, [role=navigation], [class*=menu], [id*=menu], [class*=nav], [class*=catalog]"
LINK_TEXT_MAX = 40
FACT_MIN, FACT_MAX = 6, 70
FACTS_PER_KIND = 3
LINKS_MAX = 120
PRICED_MAX = 60
PAGE_TEXT_MAX = 5000  # characters of the page's text kept: enough for the brands a site names, not a whole catalogue
SUBJECT_WORDS = 5
CARD_NAMES = "h2, h3, h4, h5, h6, [class*=title], [class*=name]"  # a product card's name

_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[а-яё]{3,}")
_PRICE = re.compile(
    r"(?:(?P<from>от)\s+)?(?P<amount>\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d{1,2})?\s*"
    r"(?:₽|руб(?:лей|ля|ль)?\.?|р\.)",
    re.IGNORECASE,
)
# What a price is per, when the page says it: a subscription («в месяц»), an hour, a square metre, a piece.
_PRICE_UNIT = re.compile(
    r"\s*(?P<unit>(?:в|за)\s+(?:месяц|мес\.?|год|час|сутки|день|м²|м2|кв\.?\s?м|метр|шт\.?|штуку|дверь|точку)|"
    r"/\s?(?:мес|месяц|год|час|м²|м2|шт)\.?)(?![а-яё])",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:\+7|8)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}")
FACT_PATTERNS = {
    k.DELIVERY: re.compile(r"\bдоставк|\bdelivery\b|\bshipping\b|\bсамовывоз", re.IGNORECASE),
    k.PAYMENT: re.compile(r"\bоплат|\bрассрочк|\bв кредит|\bpayment\b|\binstal?lment", re.IGNORECASE),
    k.GUARANTEE: re.compile(r"\bгаранти|\bwarrant|\bguarantee", re.IGNORECASE),
    k.RETURNS: re.compile(r"\bвозврат|\bобмен\b|\breturns?\b|\brefund", re.IGNORECASE),
    k.STOCK: re.compile(r"\bв наличии\b|\bна складе\b|\bin stock\b", re.IGNORECASE),
    k.YEARS: re.compile(
        r"\b\d+\s+(?:лет|года?)\s+(?:на рынке|работ|опыт)|\bс\s+(?:19|20)\d\d\s+года|\bопыт\w*\s+\d+|"
        r"\b\d+\s+years?\b",
        re.IGNORECASE,
    ),
    k.VISIT: re.compile(r"\bвыезд\w*\s+(?:\w+\s+)?(?:инженер|мастер|замерщик|специалист|монтажник)", re.IGNORECASE),
    k.ESTIMATE: re.compile(r"\bсмет[аыу]?\b|\bкоммерческ\w+ предложени|\bрасч[её]т\w*\s+стоимост", re.IGNORECASE),
    k.CONTRACT: re.compile(r"\bс\s+ндс\b|\bпо договору\b|\bбезналичн|\bс юр\.?\s*лиц|\bюрлиц", re.IGNORECASE),
    k.BOOKING: re.compile(
        r"\bонлайн[- ]?запис|\bзапи[сш]\w*\s+онлайн|\bonline[- ]booking|\bbook online", re.IGNORECASE
    ),
}


def parse_page(html: str, url: str) -> LandingPage:
    tree = LexborHTMLParser(html)
    title = _text(tree.css_first("title")) or _meta(tree, "og:title")
    description = _meta(tree, "description") or _meta(tree, "og:description")
    h1 = _text(tree.css_first("h1"))
    tree.strip_tags(INVISIBLE)
    blocks = _text_blocks(tree)
    links = _links(tree, url)
    link_texts = {link.text for link in links}
    return LandingPage(
        url=url,
        final_url=url,
        title=title,
        description=description,
        h1=h1,
        links=links,
        prices=_prices(blocks),
        facts=_facts(blocks, link_texts) + _selling_lines(tree, link_texts),
        phones=_phones(tree),
        priced=_priced(tree),
        text=" ".join(blocks)[:PAGE_TEXT_MAX],
    )


def clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def _text(node: LexborNode | None) -> str:
    return clean(node.text(deep=True, separator=" ")) if node is not None else ""


def _meta(tree: LexborHTMLParser, name: str) -> str:
    for node in tree.css("meta"):
        attributes = node.attributes
        if (attributes.get("name") or attributes.get("property") or "").lower() == name:
            return clean(attributes.get("content") or "")
    return ""


def same_site(url: str, base: str) -> bool:
    """The same host, `www.` or not, or a subdomain of it (catalog.shop.ru belongs to shop.ru)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    base_host = (urlsplit(base).hostname or "").removeprefix("www.")
    return bool(host) and (host == base_host or host.endswith("." + base_host))


def _links(tree: LexborHTMLParser, base: str) -> list[PageLink]:
    """One link per address (a menu's first), then the other names the page gives an address: the menu's
    «Контроль доступа для офиса» is the card's «Монтаж СКУД», and a group about either belongs there."""
    in_navigation = {node.mem_id for area in tree.css(NAVIGATION) for node in area.css("a[href]")}
    by_url: dict[str, PageLink] = {}
    other_names: dict[tuple[str, str], PageLink] = {}
    page = urldefrag(base).url
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base, href)).url
        text = _text(node) or clean(node.attributes.get("title") or "")
        if not text or len(text) > LINK_TEXT_MAX or url == page or not same_site(url, base):
            continue
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        link = PageLink(text=text, url=url, in_navigation=node.mem_id in in_navigation)
        known = by_url.get(url)
        if known is None or (link.in_navigation and not known.in_navigation):
            by_url[url] = link
        other_names.setdefault((url, text.casefold()), link)
        if len(by_url) >= LINKS_MAX:
            break
    named = {(link.url, link.text.casefold()) for link in by_url.values()}
    others = [link for key, link in other_names.items() if key not in named]
    return [*by_url.values(), *others][:LINKS_MAX]


def _text_blocks(tree: LexborHTMLParser) -> list[str]:
    """Texts of elements that hold no block inside (a list item, a badge, a paragraph), each once, in page order."""
    seen: dict[str, None] = {}
    for node in tree.css(TEXT_BLOCKS):
        if any(child.tag in BLOCKS for child in node.iter()):
            continue
        text = _text(node)
        if text:
            seen.setdefault(text)
    return list(seen)


def _prices(blocks: list[str]) -> list[str]:
    """Prices as `от 390 ₽` / `390 ₽`, lowest first; a price with «от» keeps it, since it is a floor, not a tag."""
    found: dict[int, bool] = {}
    for block in blocks:
        for match in _PRICE.finditer(block):
            amount = int(re.sub(r"\D", "", match["amount"]))
            if amount > 0:
                found[amount] = found.get(amount, False) or bool(match["from"])
    return [("от " if is_from else "") + f"{amount:,} ₽".replace(",", " ") for amount, is_from in sorted(found.items())]


def _priced(tree: LexborHTMLParser) -> list[PageFact]:
    """Each price with the product it is for: the words before it in its own block («Автошампуни от 390 ₽»), or in
    the block around it when the price sits alone (a product card: a name, then a price), or the card's one heading
    when a description stands between the name and the price. A price with no subject is left out: the ad writers
    put a price only into the groups of its product."""
    found: dict[tuple[str, str], PageFact] = {}
    # Each element's text and card name are read once, and each context once: a page of bare prices side by side
    # gave every one of them its parent's whole text to read again (8,000 prices, 168 KB: 199 s).
    texts: dict[int, str] = {}
    names: dict[int, str] = {}
    read: set[tuple[int, str]] = set()
    for node in tree.css(TEXT_BLOCKS):
        if len(found) >= PRICED_MAX:
            break
        if any(child.tag in BLOCKS for child in node.iter()):
            continue
        text = _text(node)
        if not _PRICE.search(text):
            continue
        context, parent, heading, source = text, node.parent, "", node.mem_id
        for _level in range(2):
            if _subject_before(context, _PRICE.search(context).start()) or parent is None:
                break
            if parent.mem_id not in names:
                names[parent.mem_id] = _card_name(parent)
            heading = names[parent.mem_id]
            if heading:  # the card's name; its text holds a description, not the subject
                break
            if parent.mem_id not in texts:
                texts[parent.mem_id] = _text(parent)
            context, source, parent = texts[parent.mem_id], parent.mem_id, parent.parent
        if (source, heading) in read:
            continue
        read.add((source, heading))
        start = 0
        for match in _PRICE.finditer(context):
            subject = _subject_before(context[start : match.start()], match.start() - start) or heading
            start = match.end()
            if subject and len(found) < PRICED_MAX:
                amount = int(re.sub(r"\D", "", match["amount"]))
                price = ("от " if match["from"] else "") + f"{amount:,} ₽".replace(",", " ")
                if unit := _PRICE_UNIT.match(context, match.end()):  # «от 5 000 ₽ в месяц» is no one-off price
                    said = " ".join(unit["unit"].split())
                    price += said if said.startswith("/") else " " + said
                found.setdefault((subject, price), PageFact(k.PRICE, price, subject))
    return list(found.values())


def _card_name(card: LexborNode) -> str:
    """The name of a card holding one heading and one price, or an empty string: a block with two headings or two
    prices is a list, and its heading may be another product's."""
    headings = card.css(CARD_NAMES)
    if len(headings) != 1 or len(_PRICE.findall(_text(card))) != 1:
        return ""
    name = _text(headings[0])
    return name if not _PRICE.search(name) and len(name.split()) <= SUBJECT_WORDS else ""


def _subject_before(text: str, end: int) -> str:
    """The last few words before a price, after the previous separator: «Автошампуни» in «…; автошампуни от 390 ₽»;
    a price list's line puts a dash between the two: «Полировка кузова — от 9 000 ₽»."""
    before = text[:end]
    line = re.match(r"(?s)(.*\S)\s*[—–]\s*(?:от|цена|до)?\s*$", before)
    before = re.split(r"[,;:|•·—–()\n]|\.\s", line[1] if line else before)[-1]
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", before)
    words = [word for word in words if word.lower() not in {"от", "цена", "цены", "стоимость", "всего", "руб", "до"}]
    return " ".join(words[-SUBJECT_WORDS:])


def _facts(blocks: list[str], link_texts: set[str]) -> list[PageFact]:
    """Up to three short statements per kind, those with a number first (concrete), then the shortest. A menu item
    («Доставка и сборка») names a page, it states nothing, so the texts of links are left out, as are single words
    and questions."""
    statements = [
        block.rstrip(".;:,")
        for block in blocks
        if FACT_MIN <= len(block) <= FACT_MAX and " " in block and not block.endswith("?") and block not in link_texts
    ]
    facts: list[PageFact] = []
    for kind, pattern in FACT_PATTERNS.items():
        candidates = [statement for statement in statements if pattern.search(statement)]
        candidates.sort(key=lambda text: (not any(char.isdigit() for char in text), len(text)))
        facts += [PageFact(kind, text) for text in list(dict.fromkeys(candidates))[:FACTS_PER_KIND]]
    return facts


def _selling_lines(tree: LexborHTMLParser, link_texts: set[str]) -> list[PageFact]:
    """Short lines of the page's list of advantages that no fact kind reads («Бесплатная гравировка», «Примерка в
    шоуруме»): a list is one of advantages when another of its items is a fact of a kind («Гарантия 2 года»). A line
    short enough for a callout is the whole business's claim, said as the site says it; one that names a product
    of the page's links («Гравировка колец — бесплатно») is about that product alone and is left out, as are
    links, questions and sentences."""
    section_words = {lemma(word) for text in link_texts for word in _WORDS.findall(text.lower())}
    found: dict[str, None] = {}
    for listing in tree.css("ul, ol"):
        items = [node for node in listing.iter() if node.tag == "li"]
        texts = [_text(node).rstrip(";,") for node in items]
        if not any(fact_kind(text) for text in texts):
            continue
        for node, text in zip(items, texts, strict=True):
            plain = FACT_MIN <= len(text) <= CALLOUT_MAX and " " in text and text[-1:] not in ".?!"
            if not plain or fact_kind(text) or text in link_texts or node.css_first("a") is not None:
                continue
            if not {lemma(word) for word in _WORDS.findall(text.lower())} & section_words:
                found.setdefault(text)
    return [PageFact(k.SELLING, text) for text in list(found)[:FACTS_PER_KIND]]


def fact_kind(text: str) -> str:
    """The kind of fact a short statement is about («Доставка за 1 день» → delivery), or an empty string."""
    return next((kind for kind, pattern in FACT_PATTERNS.items() if pattern.search(text)), "")


def _phones(tree: LexborHTMLParser) -> list[str]:
    phones = [(node.attributes.get("href") or "")[4:].strip() for node in tree.css('a[href^="tel:"]')]
    body = tree.body
    if body is not None:
        phones += _PHONE.findall(body.text(separator=" "))
    by_digits: dict[str, str] = {}
    for phone in map(clean, phones):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 10 and (digits[-10:] not in by_digits or len(phone) > len(by_digits[digits[-10:]])):
            by_digits[digits[-10:]] = phone  # the formatted spelling of a number wins over the bare tel: one
    return list(by_digits.values())[:3]
