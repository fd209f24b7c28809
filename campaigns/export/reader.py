"""Reads a Direct upload file back: our XLSX and Commander TSV, and the files users download from Direct.

It is the round-trip check for the writers and the bot's "upload your file" path, so it accepts what Direct and
Commander produce, not only what we write: any sheet order, the header found wherever it is, a one- or two-row
header, the older column titles (`Заголовок`, `Минус-слова на группу`), TAB/`;`/`,` text files in UTF-8 or UTF-16,
group fields on the first row only or on every row, and the main ad repeated on every keyword row (merged into
one ad, as Direct would count them otherwise). A file with problems is refused with every problem listed by row
and column, so nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from campaigns.export import template as t
from campaigns.export.data import ExportAd, ExportCampaign, ExportGroup, ExportKeyword, ExportSitelink
from core import direct_limits
from core.errors import UserError
from core.spreadsheet_safety import restore_formula

TEXT_ENCODINGS = ("utf-8", "cp1251")
MAX_PROBLEMS_SHOWN = 20


@dataclass
class ParsedCampaign:
    name: str
    groups: list[ExportGroup]
    direct_campaign_id: str = ""  # «№ заказа» of a file downloaded from Direct; empty for a new campaign
    campaign_type: str = ""
    currency: str = ""
    region_names: list[str] = field(default_factory=list)
    negative_keywords: list[str] = field(default_factory=list)

    def as_export_campaign(self) -> ExportCampaign:
        """The same campaign, ready for the writers: an uploaded file can be checked and exported again."""
        return ExportCampaign(
            name=self.name,
            region_names=list(self.region_names),
            negative_keywords=list(self.negative_keywords),
            groups=self.groups,
            currency=self.currency or "RUB",
        )


class DirectFileError(UserError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(f"• {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown += "\n" + _("…and %(count)d more") % {"count": len(problems) - MAX_PROBLEMS_SHOWN}
        super().__init__(_("The file cannot be read as a Yandex Direct campaign:") + "\n" + shown)


def read_direct_file(path_or_bytes: str | Path | bytes, filename: str) -> ParsedCampaign:
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    if content[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(content)):
        grid = _xlsx_grid(content)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DirectFileError([_("old binary .xls files are not supported: save the file as .xlsx and try again")])
    else:
        grid = _text_grid(content)
    return _Parser(grid, PurePath(filename).stem).parse()


def _xlsx_grid(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DirectFileError([_("the file is not a readable XLSX workbook (%(error)s)") % {"error": error}]) from None
    try:
        sheet = workbook[t.SHEET_TITLE] if t.SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value).strip()


def _text_grid(content: bytes) -> list[list[str]]:
    text = _decode(content)
    lines = text.splitlines()
    header = next((line for line in lines if "доп. объявление группы" in line.lower()), lines[0] if lines else "")
    delimiter = max(("\t", ";", ","), key=header.count)
    # Direct and Commander write TAB files unquoted, so a leading `"` is the phrase's operator, not CSV quoting;
    # `;` and `,` files come from spreadsheets, which quote the standard way.
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    rows = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
    # Our Commander writer neutralises cells a spreadsheet would run (`'=…`); they are read back as written.
    return [[restore_formula(cell.strip()) for cell in row] for row in rows]


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if content.startswith(b"\xef\xbb\xbf"):
        return content.decode("utf-8-sig")
    for encoding in TEXT_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DirectFileError([_("the text file is neither UTF-8, UTF-16 nor Windows-1251")])


def _folded(title: str) -> str:
    return " ".join(title.lower().replace("ё", "е").split())


# Titles of older templates and Commander exports that mean one of our columns.
TITLE_ALIASES = {
    "заголовок": "title_1",
    "фраза": "phrase",
    "минус-слова на группу": "group_negatives",
    "статус объявления": "ad_status",
}
CAMPAIGN_LABELS = {
    "тип кампании:": "campaign_type",
    "№ заказа:": "direct_campaign_id",
    "валюта:": "currency",
    "минус-фразы на кампанию:": "negative_keywords",
    "минус-слова на кампанию:": "negative_keywords",
}
CAMPAIGN_COLUMNS = {
    "тип кампании": "campaign_type",
    "название кампании": "name",
    "валюта": "currency",
    "минус-фразы на кампанию": "negative_keywords",
    "минус-слова на кампанию": "negative_keywords",
    "id кампании (серверный)": "direct_campaign_id",
}
COMBINATORIAL_SUBTITLE = re.compile(r"^(заголовок|текст) (\d)$")
BY_TITLE = {_folded(column.title): column.key for column in t.COLUMNS if not column.subtitle}


def _column_keys(header: list[str], subheader: list[str] | None) -> dict[int, str]:
    """Column index → our key. A two-row header tells the combinatorial «Заголовок 1» by its parent title; a
    one-line header by position (the second «Заголовок 1» is combinatorial) or by the numbered titles around it."""
    keys: dict[int, str] = {}
    parent = ""
    seen: set[str] = set()
    titles = [_folded(title) for title in header]
    numbered_block = any(re.fullmatch(r"заголовок [3-7]|текст [1-3]", title) for title in titles)
    for index, title in enumerate(titles):
        sub = _folded(subheader[index]) if subheader and index < len(subheader) else ""
        if title:
            parent = title
        if subheader is not None and sub and parent in ("комбинаторика", "длина"):
            match = COMBINATORIAL_SUBTITLE.match(sub)
            if parent == "комбинаторика" and match:
                keys[index] = f"combo_{'title' if match[1] == 'заголовок' else 'text'}_{match[2]}"
            continue
        if not title:
            continue
        match = COMBINATORIAL_SUBTITLE.match(title)
        is_tgo_title = title in ("заголовок 1", "заголовок 2")
        if match and (not is_tgo_title or title in seen or (numbered_block and titles.count(title) == 1)):
            keys[index] = f"combo_{'title' if match[1] == 'заголовок' else 'text'}_{match[2]}"
        elif title in BY_TITLE or title in TITLE_ALIASES:
            keys[index] = BY_TITLE.get(title) or TITLE_ALIASES[title]
        elif title in CAMPAIGN_COLUMNS:
            keys[index] = "campaign:" + CAMPAIGN_COLUMNS[title]
        seen.add(title)
    return keys


class _Parser:
    def __init__(self, grid: list[list[str]], default_name: str):
        self.grid = grid
        self.campaign = ParsedCampaign(name=default_name, groups=[])
        self.problems: list[str] = []
        self.groups: dict[str, ExportGroup] = {}
        self.current: ExportGroup | None = None

    def parse(self) -> ParsedCampaign:
        header_index = self._find_header()
        self._read_campaign_block(header_index)
        header = self.grid[header_index]
        following = self.grid[header_index + 1] if header_index + 1 < len(self.grid) else []
        has_subheader = any(_folded(title) in ("комбинаторика", "длина") for title in header)
        self.columns: dict[str, list[int]] = {}
        for index, key in _column_keys(header, following if has_subheader else None).items():
            self.columns.setdefault(key, []).append(index)
        if "phrase" not in self.columns:
            raise DirectFileError([_("row %(row)d: no «Фраза (с минус-словами)» column") % {"row": header_index + 1}])
        first_data = header_index + (2 if has_subheader else 1)
        for index in range(first_data, len(self.grid)):
            self._read_row(index + 1, self.grid[index])
        if self.problems:
            raise DirectFileError(self.problems)
        self.campaign.groups = list(self.groups.values())
        return self.campaign

    def _find_header(self) -> int:
        for index, row in enumerate(self.grid):
            titles = {_folded(cell) for cell in row}
            if "доп. объявление группы" in titles and titles & {"фраза (с минус-словами)", "фраза"}:
                return index
        raise DirectFileError([_("no header row with «Доп. объявление группы» and «Фраза (с минус-словами)» found")])

    def _read_campaign_block(self, header_index: int) -> None:
        for row in self.grid[:header_index]:
            for position, cell in enumerate(row):
                attribute = CAMPAIGN_LABELS.get(_folded(cell))
                if attribute:
                    value = next((value for value in row[position + 1 :] if value), "")
                    self._set_campaign(attribute, "" if value.endswith(":") else value)

    def _set_campaign(self, attribute: str, value: str) -> None:
        if not value:
            return
        if attribute == "negative_keywords":
            if not self.campaign.negative_keywords:
                self.campaign.negative_keywords = t.parse_negatives(value)
        elif not getattr(self.campaign, attribute) or attribute == "name":
            setattr(self.campaign, attribute, value)

    def _value(self, row: list[str], key: str) -> str:
        for index in self.columns.get(key, ()):
            if index < len(row) and row[index]:
                return row[index]
        return ""

    def _read_row(self, number: int, row: list[str]) -> None:
        if not any(row):
            return
        for key in self.columns:
            if key.startswith("campaign:"):
                self._set_campaign(key.removeprefix("campaign:"), self._value(row, key))
        mark = self._value(row, "mark")
        if mark == t.KEYWORD_ROW_MARK:
            group = self._group_for(number, row)
        elif mark == t.EXTRA_AD_MARK:
            group = self.current
            if group is None:
                self._problem(number, "mark", _("an additional ad (+) comes before any group"))
                return
        else:
            self._problem(number, "mark", _("expected - or +, got %(value)r") % {"value": mark})
            return
        if group is None:
            return
        if mark == t.KEYWORD_ROW_MARK:
            self._read_keyword(number, row, group)
        ad = self._read_ad(number, row)
        if ad is not None and ad not in group.ads:
            group.ads.append(ad)

    def _group_for(self, number: int, row: list[str]) -> ExportGroup | None:
        name, group_number = self._value(row, "group_name"), self._value(row, "group_number")
        if group_number and not group_number.isdigit():
            self._problem(number, "group_number", _("expected digits, got %(value)r") % {"value": group_number})
            return None
        identity = group_number or self._value(row, "group_id") or name
        if not identity:
            if self.current is None:
                self._problem(number, "group_name", _("the first row of a group needs the group's name or number"))
            return self.current
        group = self.groups.get(identity)
        if group is None:
            if not name:
                self._problem(number, "group_name", _("the first row of a group needs the group's name"))
                return None
            group = ExportGroup(
                number=int(group_number) if group_number else len(self.groups) + 1, name=name, keywords=[]
            )
            self.groups[identity] = group
        self.current = group
        return group

    def _read_keyword(self, number: int, row: list[str], group: ExportGroup) -> None:
        negatives = t.parse_negatives(self._value(row, "group_negatives"))
        group.negative_keywords += [word for word in negatives if word not in group.negative_keywords]
        regions = self._value(row, "region")
        if regions and not self.campaign.region_names:
            self.campaign.region_names = [name.strip() for name in regions.split(",") if name.strip()]
        phrase = self._value(row, "phrase")
        if not phrase:
            return
        bid_text = self._value(row, "bid")
        bid = None
        if bid_text:
            try:
                bid = Decimal(bid_text.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                self._problem(number, "bid", _("expected a number such as 12,5, got %(value)r") % {"value": bid_text})
        group.keywords.append(ExportKeyword(phrase=phrase, bid=bid))

    def _read_ad(self, number: int, row: list[str]) -> ExportAd | None:
        combo_titles = [
            self._value(row, f"combo_title_{n}") for n in range(1, direct_limits.COMBINATORIAL_TITLES_MAX + 1)
        ]
        combo_texts = [self._value(row, f"combo_text_{n}") for n in range(1, direct_limits.COMBINATORIAL_TEXTS_MAX + 1)]
        tgo_titles = [self._value(row, "title_1"), self._value(row, "title_2")]
        tgo_text = self._value(row, "text")
        ad_type = _folded(self._value(row, "ad_type"))
        combinatorial = ad_type == _folded(t.AD_TYPE_COMBINATORIAL) or (
            not ad_type and any(combo_titles + combo_texts) and not any([*tgo_titles, tgo_text])
        )
        if combinatorial and any(combo_titles + combo_texts):
            titles, texts = combo_titles, combo_texts
        else:
            titles, texts = tgo_titles, [tgo_text]
        titles, texts = [title for title in titles if title], [text for text in texts if text]
        if not titles and not texts:
            return None
        return ExportAd(
            kind="combinatorial" if combinatorial else "text_image",
            titles=titles,
            texts=texts,
            link=self._value(row, "link"),
            display_link=self._value(row, "display_link"),
            sitelinks=self._read_sitelinks(number, row),
            callouts=t.split_list(self._value(row, "callouts")),
        )

    def _read_sitelinks(self, number: int, row: list[str]) -> list[ExportSitelink]:
        titles = t.split_list(self._value(row, "sitelink_titles"))
        urls = t.split_list(self._value(row, "sitelink_urls"))
        descriptions = t.split_list(self._value(row, "sitelink_descriptions"))
        if len(titles) != len(urls) or len(descriptions) > len(titles):
            self._problem(
                number,
                "sitelink_urls",
                _("%(titles)d sitelink titles, %(urls)d addresses and %(descriptions)d descriptions do not pair up")
                % {"titles": len(titles), "urls": len(urls), "descriptions": len(descriptions)},
            )
            return []
        descriptions += [""] * (len(titles) - len(descriptions))
        return [
            ExportSitelink(title, url, description)
            for title, url, description in zip(titles, urls, descriptions, strict=True)
        ]

    def _problem(self, number: int, key: str, message: str) -> None:
        title = next(column.subtitle or column.title for column in t.COLUMNS if column.key == key)
        self.problems.append(
            _("row %(row)d, «%(column)s»: %(message)s") % {"row": number, "column": title, "message": message}
        )
