"""The fixed pieces of ad copy the template writer combines with the campaign's own words, per ad language.

This is ad copy (data that goes to Direct in the campaign's language), not interface text, so it is not
translated through gettext. It makes no claims about the business: prices, guarantees and delivery terms come
only from the campaign's benefits and its landing page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    calls_to_action: tuple[str, ...]  # one per text variant, when the product's name does not fit in one below
    object_calls_to_action: tuple[str, ...]  # one per text variant, `{object}` is the product (accusative)
    price_from: str  # a fact from the page's lowest price, `{price}` as the page writes it («от 390 ₽»)
    title2_fallbacks: tuple[str, ...]  # Title 2 when no benefit fits
    sitelink_titles: dict[str, str]  # URL path words → sitelink title
    sitelink_descriptions: dict[str, str]  # sitelink title → a neutral description


_PATH_MEANINGS = {
    "delivery": ("dostavka", "delivery", "shipping"),
    "prices": ("ceny", "tseny", "price", "prices", "pricing", "prajs", "price-list", "pricelist", "stoimost"),
    "contacts": ("kontakty", "contacts", "contact", "contact-us"),
    "payment": ("oplata", "payment"),
    "about": ("o-nas", "about", "about-us", "o-kompanii", "company"),
    "catalog": ("katalog", "catalog", "catalogue", "shop"),
    "warranty": ("garantiya", "garantija", "warranty", "guarantee"),
    "reviews": ("otzyvy", "reviews", "testimonials"),
    "offers": ("akcii", "aktsii", "sale", "promo", "skidki", "offers"),
}

_TITLES = {
    "ru": {
        "delivery": "Доставка",
        "prices": "Цены",
        "contacts": "Контакты",
        "payment": "Оплата",
        "about": "О компании",
        "catalog": "Каталог",
        "warranty": "Гарантия",
        "reviews": "Отзывы",
        "offers": "Акции",
    },
    "en": {
        "delivery": "Delivery",
        "prices": "Prices",
        "contacts": "Contacts",
        "payment": "Payment",
        "about": "About us",
        "catalog": "Catalogue",
        "warranty": "Warranty",
        "reviews": "Reviews",
        "offers": "Offers",
    },
}

_DESCRIPTIONS = {
    "ru": {"Доставка": "Условия и сроки доставки", "Цены": "Актуальные цены на сайте", "Контакты": "Адрес и телефон"},
    "en": {
        "Delivery": "Delivery terms and times",
        "Prices": "Current prices on the website",
        "Contacts": "Address and phone",
    },
}


def _by_path_word(language: str) -> dict[str, str]:
    return {word: _TITLES[language][meaning] for meaning, words in _PATH_MEANINGS.items() for word in words}


WORDINGS = {
    "ru": Wording(
        calls_to_action=("Закажите на сайте!", "Оставьте заявку на сайте.", "Узнайте подробности на сайте."),
        object_calls_to_action=(
            "Закажите {object} на сайте!",
            "Оставьте заявку на {object}.",
            "Узнайте цены на {object}.",
        ),
        price_from="Цены от {price}",
        title2_fallbacks=("Подробности на сайте", "Узнайте цены на сайте"),
        sitelink_titles=_by_path_word("ru"),
        sitelink_descriptions=_DESCRIPTIONS["ru"],
    ),
    "en": Wording(
        calls_to_action=("Order on our website!", "Leave a request online.", "See the details on our website."),
        object_calls_to_action=("Order {object} online!", "Request {object} online.", "See prices for {object}."),
        price_from="Prices from {price}",
        title2_fallbacks=("Details on our website", "See prices online"),
        sitelink_titles=_by_path_word("en"),
        sitelink_descriptions=_DESCRIPTIONS["en"],
    ),
}


def wording_for(language: str) -> Wording:
    return WORDINGS.get(language, WORDINGS["ru"])
