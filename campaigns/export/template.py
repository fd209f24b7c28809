"""The «Тексты» sheet of Yandex Direct's upload template: cell positions, column titles and cell values.

These strings are Direct's file format, not our UI, so they stay Russian and are never translated. They are copied
from the project's reference (`yandex-direct.md`, section 3.2–3.3): Direct and Commander find a column by its
title, so one wrong letter silently drops a column on import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.direct_limits import COMBINATORIAL_TEXTS_MAX, COMBINATORIAL_TITLES_MAX

SHEET_TITLE = "Тексты"

DOCUMENT_TITLE = "Предложение текстовых блоков для кампании"
DOCUMENT_TITLE_CELL = (6, 1)  # A6
CAMPAIGN_TYPE_LABEL = "Тип кампании:"
ORDER_LABEL = "№ заказа:"
CURRENCY_LABEL = "Валюта:"
CAMPAIGN_NEGATIVES_LABEL = "Минус-фразы на кампанию:"
# (row, column) of each label; its value sits in the next column (D7 → E7, G8 → H8).
LABEL_CELLS = {
    CAMPAIGN_TYPE_LABEL: (7, 4),
    ORDER_LABEL: (8, 4),
    CURRENCY_LABEL: (8, 7),
    CAMPAIGN_NEGATIVES_LABEL: (9, 4),
}
HEADER_ROW = 10
SUBHEADER_ROW = 11
FIRST_DATA_ROW = 12

KEYWORD_ROW_MARK = "-"
EXTRA_AD_MARK = "+"
AD_TYPE_TEXT_IMAGE = "Текстово-графическое"
AD_TYPE_COMBINATORIAL = "Комбинаторное"
CAMPAIGN_TYPE_UNIFIED = "Единая перфоманс-кампания"
CAMPAIGN_TYPE_TEXT = "Текстово-графическая кампания"
LIST_SEPARATOR = "||"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    subtitle: str = ""


def _combinatorial(key: str, subtitle: str) -> Column:
    return Column(key, "Комбинаторика", subtitle)


COLUMNS: tuple[Column, ...] = (
    Column("mark", "Доп. объявление группы"),
    Column("ad_type", "Тип объявления"),
    Column("group_id", "ID группы"),
    Column("group_name", "Название группы"),
    Column("group_number", "Номер группы"),
    Column("phrase_id", "ID фразы"),
    Column("phrase", "Фраза (с минус-словами)"),
    Column("ad_id", "ID объявления"),
    Column("title_1", "Заголовок 1"),
    Column("title_2", "Заголовок 2"),
    Column("text", "Текст"),
    Column("title_1_length", "Длина", "заголовок 1"),
    Column("title_2_length", "Длина", "заголовок 2"),
    Column("text_length", "Длина", "текст"),
    *(_combinatorial(f"combo_title_{n}", f"Заголовок {n}") for n in range(1, COMBINATORIAL_TITLES_MAX + 1)),
    *(_combinatorial(f"combo_text_{n}", f"Текст {n}") for n in range(1, COMBINATORIAL_TEXTS_MAX + 1)),
    *(
        _combinatorial(f"combo_title_{n}_length", f"Длина заголовка {n}")
        for n in range(1, COMBINATORIAL_TITLES_MAX + 1)
    ),
    *(_combinatorial(f"combo_text_{n}_length", f"Длина текста {n}") for n in range(1, COMBINATORIAL_TEXTS_MAX + 1)),
    *(_combinatorial(f"combo_image_{n}", f"Изображение {n}") for n in range(1, 6)),
    _combinatorial("combo_vertical_video_1", "Вертикальное видео 1"),
    _combinatorial("combo_vertical_video_2", "Вертикальное видео 2"),
    _combinatorial("combo_square_video_1", "Квадратное видео 1"),
    _combinatorial("combo_square_video_2", "Квадратное видео 2"),
    _combinatorial("combo_horizontal_video_1", "Горизонтальное видео 1"),
    _combinatorial("combo_horizontal_video_2", "Горизонтальное видео 2"),
    _combinatorial("combo_rejection_reasons", "Причины отклонения"),
    Column("link", "Ссылка"),
    Column("display_link", "Отображаемая ссылка"),
    Column("region", "Регион"),
    Column("business_organization", "Организация Яндекс Бизнеса"),
    Column("bid", "Ставка"),
    Column("network_bid", "Ставка в сетях"),
    Column("ad_status", "Статус объявления"),
    Column("phrase_status", "Статус фразы"),
    Column("sitelink_titles", "Заголовки быстрых ссылок"),
    Column("sitelink_descriptions", "Описания быстрых ссылок"),
    Column("sitelink_urls", "Адреса быстрых ссылок"),
    Column("parameter_1", "Параметр 1"),
    Column("parameter_2", "Параметр 2"),
    Column("labels", "Метки"),
    Column("image", "Изображение"),
    Column("creative", "Креатив"),
    Column("creative_moderation_status", "Статус модерации креатива"),
    Column("callouts", "Уточнения"),
    Column("group_negatives", "Минус-фразы на группу"),
    Column("age_restriction", "Возрастные ограничения"),
)
COLUMN_INDEX: dict[str, int] = {column.key: index for index, column in enumerate(COLUMNS)}
COMBINATORIAL_KEYS = frozenset(column.key for column in COLUMNS if column.title == "Комбинаторика")
TEXT_IMAGE_KEYS = frozenset({"title_1", "title_2", "text", "title_1_length", "title_2_length", "text_length"})


def header_spans() -> list[tuple[str, int, int]]:
    """(title, first, last) 0-based column spans of row 10: a parent title covers its sub-titled columns."""
    spans: list[tuple[str, int, int]] = []
    for index, column in enumerate(COLUMNS):
        if spans and column.subtitle and spans[-1][0] == column.title:
            spans[-1] = (column.title, spans[-1][1], index)
        else:
            spans.append((column.title, index, index))
    return spans


def format_negatives(phrases: list[str]) -> str:
    """`-бесплатно -своими руками`: the leading minus marks where each phrase starts, as Direct's writers do."""
    return " ".join("-" + phrase.strip().lstrip("-") for phrase in phrases if phrase.strip().lstrip("-"))


def parse_negatives(text: str) -> list[str]:
    """Reads both spellings seen in files: `-a -b c` (a minus starts each phrase) and `a, b c` (comma-separated)."""
    text = (text or "").strip()
    if not text:
        return []
    if "," in text:
        return [part.strip().lstrip("-").strip() for part in text.split(",") if part.strip().lstrip("-").strip()]
    phrases: list[list[str]] = []
    for token in text.split():
        if token.startswith("-") or not phrases:
            phrases.append([token.lstrip("-")])
        else:
            phrases[-1].append(token)
    return [" ".join(words) for words in phrases if any(words)]


CONTROL_OR_SPACE_RUN = re.compile(r"[\x00-\x1f\s]+")


def single_line(text: str) -> str:
    """Free text the limit check does not cover (campaign name, removal reasons) made safe for any cell: control
    characters break a TAB file's rows and cannot be stored in an XLSX cell at all."""
    return CONTROL_OR_SPACE_RUN.sub(" ", text).strip()


def join_list(values: list[str]) -> str:
    return LIST_SEPARATOR.join(values)


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR)] if text and text.strip() else []
