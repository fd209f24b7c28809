"""A readable markdown dump of one built campaign, for a specialist to review it group by group.

    python dump_campaign.py campaign.xlsx build.json [--url LANDING_URL] > dump.md

It reads what the user gets, the exported XLSX (sheets «Тексты», «Сводка», «Удалённые фразы», by structure, not
by label, except the sheet names), plus the summary `build_campaign --json` printed; negatives are read by the
export's own reader (`campaigns.export.template`). With --url (the campaign's landing address) each ad says whether
it leads to a section of the site or to the landing page itself, and the summary counts the ads linked to a section.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import django
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: the export's own reader of negatives
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directhelper.settings")
django.setup()

from campaigns.export.template import parse_negatives  # noqa: E402

TEXTS_SHEET, SUMMARY_SHEET, REMOVED_SHEET = "Тексты", "Сводка", "Удалённые фразы"
HEADER_ROW, SUBHEADER_ROW, FIRST_DATA_ROW = 10, 11, 12  # Direct's template (campaigns/export/template.py)
CAMPAIGN_NEGATIVES_CELL = "E9"
KEYWORD_MARK, EXTRA_AD_MARK = "-", "+"
LIST_SEPARATOR = "||"
# The confidence of a doubtful phrase left in its group («сомнительная, оставлена»); build.json counts them too.
KEPT_MARK = "оставлен"
# «информационный запрос («фото»)», «другой рынок: чехол», «дубль фразы «диван»»: the category, then its detail.
REASON_DETAIL = re.compile(r"^(?P<category>.+?)(?::\s*|\s+\(?(?=«))(?P<detail>.+?)\)?$")

# «raspberry» (группа «Скуд»): не помещается в лимит 4096 символов минус-фраз группы
LEFT_OUT = re.compile(r"^«(?P<negative>.+?)» \(группа «(?P<group>.+?)»\): (?P<why>.+)$")


@dataclass
class Ad:
    titles: list[str]
    texts: list[str]
    link: str
    display_link: str
    sitelinks: list[tuple[str, str, str]]  # title, url, description
    callouts: list[str]


@dataclass
class Group:
    number: str
    name: str
    phrases: list[str] = field(default_factory=list)
    negatives: str = ""
    ads: list[Ad] = field(default_factory=list)


def cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR)] if text else []


def column_keys(sheet) -> dict[str, int]:
    """Column title → 0-based index; a merged parent title («Комбинаторика») names its sub-titled columns."""
    keys: dict[str, int] = {}
    parent = ""
    header = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=SUBHEADER_ROW, values_only=True))
    subheader = next(sheet.iter_rows(min_row=SUBHEADER_ROW, max_row=SUBHEADER_ROW, values_only=True))
    for index, (title, subtitle) in enumerate(zip(header, subheader, strict=False)):
        parent = cell_text(title) or parent
        keys.setdefault(f"{parent}/{cell_text(subtitle)}" if cell_text(subtitle) else parent, index)
    return keys


def read_ad(row: tuple, keys: dict[str, int]) -> Ad | None:
    def get(key: str) -> str:
        return cell_text(row[keys[key]]) if key in keys and keys[key] < len(row) else ""

    titles = [get(f"Комбинаторика/Заголовок {n}") for n in range(1, 8)] or []
    texts = [get(f"Комбинаторика/Текст {n}") for n in range(1, 4)]
    titles, texts = [t for t in titles if t], [t for t in texts if t]
    if not titles:  # a text-image ad
        titles = [t for t in (get("Заголовок 1"), get("Заголовок 2")) if t]
        texts = [t for t in (get("Текст"),) if t]
    if not titles and not get("Ссылка"):
        return None
    sitelink_titles = split_list(get("Заголовки быстрых ссылок"))
    urls = split_list(get("Адреса быстрых ссылок"))
    descriptions = split_list(get("Описания быстрых ссылок"))
    sitelinks = [
        (title, urls[i] if i < len(urls) else "", descriptions[i] if i < len(descriptions) else "")
        for i, title in enumerate(sitelink_titles)
    ]
    return Ad(titles, texts, get("Ссылка"), get("Отображаемая ссылка"), sitelinks, split_list(get("Уточнения")))


def read_texts(sheet) -> tuple[list[Group], list[str], str]:
    """Groups with their phrases and ads as Direct will import them, the campaign negatives and the regions."""
    keys = column_keys(sheet)
    groups: list[Group] = []
    regions = ""
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True):
        mark = cell_text(row[keys["Доп. объявление группы"]])
        if mark == KEYWORD_MARK:
            number, name = cell_text(row[keys["Номер группы"]]), cell_text(row[keys["Название группы"]])
            if not groups or groups[-1].number != number:
                groups.append(Group(number, name, negatives=cell_text(row[keys["Минус-фразы на группу"]])))
                regions = regions or cell_text(row[keys["Регион"]])
            groups[-1].phrases.append(cell_text(row[keys["Фраза (с минус-словами)"]]))
        elif mark != EXTRA_AD_MARK:
            continue
        ad = read_ad(row, keys)
        if ad is not None and groups:
            groups[-1].ads.append(ad)
    negatives = parse_negatives(cell_text(sheet[CAMPAIGN_NEGATIVES_CELL].value))
    return groups, negatives, regions


def blocks(sheet) -> list[list[tuple]]:
    """The sheet's runs of non-empty rows: the summary is three tables separated by an empty row."""
    runs: list[list[tuple]] = [[]]
    for row in sheet.iter_rows(values_only=True):
        if any(value not in (None, "") for value in row):
            runs[-1].append(row)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def read_summary(sheet):
    """(figures, budget by group number, frequency by (group number, phrase))."""
    figures, group_table, keyword_table = [*blocks(sheet), [], [], []][:3]
    header = [cell_text(value) for value in group_table[0]] if group_table else []
    budget_column = len(header) - 1 if header and header[-1].startswith("Бюджет") else None
    budgets = {cell_text(row[0]): row[budget_column] for row in group_table[1:]} if budget_column else {}
    frequencies = {(cell_text(row[0]), cell_text(row[2])): row[3] for row in keyword_table[1:]}
    return figures, budgets, frequencies


def number(value) -> str:
    return f"{value:,}".replace(",", " ") if isinstance(value, int) else ("—" if value in (None, "") else str(value))


def pairs(mapping: dict | None) -> str:
    return ", ".join(f"{key} {value}" for key, value in (mapping or {}).items()) or "—"


def link_parts(url: str) -> tuple[str, str]:
    """(address without query, query): the UTM query is the same on every link and said once."""
    parts = urlsplit(url)
    return parts._replace(query="", fragment="").geturl(), parts.query


def page_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/")


def short(url: str, query: str) -> str:
    address, own_query = link_parts(url)
    return address if own_query == query else url


def dump(xlsx: str, summary: dict, home: str | None) -> str:
    workbook = load_workbook(xlsx, read_only=True)
    missing = [name for name in (TEXTS_SHEET, SUMMARY_SHEET, REMOVED_SHEET) if name not in workbook.sheetnames]
    if missing:
        sys.exit(f"{xlsx}: no sheet {', '.join(missing)} (sheets: {', '.join(workbook.sheetnames)})")
    groups, campaign_negatives, regions = read_texts(workbook[TEXTS_SHEET])
    figures, budgets, frequencies = read_summary(workbook[SUMMARY_SHEET])
    removed_rows = [
        tuple(row[:4]) for row in list(workbook[REMOVED_SHEET].iter_rows(values_only=True))[1:] if row and row[0]
    ]

    ads = [ad for group in groups for ad in group.ads]
    queries = Counter(link_parts(url)[1] for ad in ads for url in [ad.link, *(s[1] for s in ad.sitelinks)])
    query = queries.most_common(1)[0][0] if queries else ""
    home_key = page_key(home) if home else None
    section_ads = sum(1 for ad in ads if home_key and page_key(ad.link) != home_key)
    doubtful_kept = [row for row in removed_rows if KEPT_MARK in cell_text(row[3])]
    removed = [row for row in removed_rows if KEPT_MARK not in cell_text(row[3])]
    name = cell_text(figures[0][1]) if figures and len(figures[0]) > 1 else "campaign"

    out: list[str] = [f"# {name}", ""]
    out += [f"Files: `{xlsx}`; campaign id {summary.get('campaign_id')}, status {summary.get('status')}.", ""]
    out += ["## Summary", ""]
    out.append(
        f"- **Counted here:** {sum(len(g.phrases) for g in groups)} phrases kept in {len(groups)} groups, "
        f"{len(removed)} removed, {len(doubtful_kept)} doubtful kept; {len(ads)} ads"
        + (f", {section_ads} of them linked to a section (not the landing page {home})" if home else "")
        + f"; {len(campaign_negatives)} campaign negatives; regions: {regions or '—'}."
    )
    negatives = summary.get("negatives") or {}
    served = summary.get("removed_but_served") or {}
    out.append(
        f"- **build.json:** keywords {summary.get('keywords')}, groups {summary.get('groups')}, ads "
        f"{summary.get('ads')}, removed {summary.get('removed')} ({pairs(summary.get('removed_by_reason'))}); "
        f"negatives: {pairs(negatives)}; removed but still served by broad match {served.get('served')} of "
        f"{served.get('removed')}" + (f" ({', '.join(served['examples'])})" if served.get("examples") else "") + "."
    )
    kept_in_json = sum(item.get("kept", 0) for item in summary.get("doubtful") or [])
    if (len(removed), len(doubtful_kept)) != (summary.get("removed"), kept_in_json):
        out.append(
            f"- **Mismatch:** the sheet lists {len(removed)} removed and {len(doubtful_kept)} doubtful kept, "
            f"build.json {summary.get('removed')} and {kept_in_json}."
        )
    if summary.get("landing_warning"):
        out.append(f"- **Landing page warning:** {summary['landing_warning']}")
    out.append(f"- **Sitelinks from the page:** {' · '.join(summary.get('sitelinks') or []) or '—'}")
    timings = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in (summary.get("stage_seconds") or {}).items())
    out.append(f"- **Stages:** {timings}")
    if query:
        out.append(f"- **Every link** (ads and sitelinks) carries `?{query}` unless shown in full.")
    out += ["", "From the «Сводка» sheet:", ""]
    left_out = []  # the rows under «Минус-фразы, не вошедшие в кампанию»: one message each, no label
    for row in figures:
        label, value, *rest = [*row, None, None]
        if not cell_text(label):
            left_out.append(cell_text(value))
            continue
        note = cell_text(rest[0]) if rest else ""
        if note.startswith("-") and cell_text(label).startswith("Минус-фразы"):
            note = "(listed at the end)"
        indent = "  " if str(label or "").startswith(" ") else ""
        out.append(f"{indent}- **{cell_text(label)}:** {number(value)}" + (f" — {note}" if note else ""))

    out += ["", f"## Groups ({len(groups)})", ""]
    for group in groups:
        searches = sum(frequencies.get((group.number, p)) or 0 for p in group.phrases)
        budget = budgets.get(group.number)
        out.append(
            f"### {group.number}. {group.name} — {len(group.phrases)} phrases, {number(searches)} searches a month"
            + (f", {number(budget)} ₽ a month" if budget is not None else "")
            + f", {len(group.ads)} ad(s)"
        )
        out.append("")
        out += [f"- {phrase} — {number(frequencies.get((group.number, phrase)))}" for phrase in group.phrases]
        out += ["", f"Negatives: {group.negatives or '—'}", ""]
        for index, ad in enumerate(group.ads, start=1):
            where = ""
            if home_key:
                where = " → landing page" if page_key(ad.link) == home_key else " → **section**"
            out.append(f"**Ad {index}**{where}: {short(ad.link, query)}")
            out.append("")
            out += [f"- Title {n}: {title} ({len(title)})" for n, title in enumerate(ad.titles, start=1)]
            out += [f"- Text {n}: {text} ({len(text)})" for n, text in enumerate(ad.texts, start=1)]
            out.append(f"- Display path: {ad.display_link or '—'}")
            out.append(f"- Callouts: {' · '.join(ad.callouts) or '—'}")
            out.append("- Sitelinks:" + ("" if ad.sitelinks else " —"))
            for title, url, description in ad.sitelinks:
                out.append(f"  - {title} → {short(url, query)}" + (f" — {description}" if description else ""))
            out.append("")

    out += [f"## Removed phrases ({len(removed)})", ""]
    by_category: dict[str, list[tuple]] = defaultdict(list)
    for row in removed:
        match = REASON_DETAIL.match(cell_text(row[2]))
        category, detail = (match["category"], match["detail"]) if match else (cell_text(row[2]), "")
        by_category[category].append((detail, *row))
    for category, rows in sorted(by_category.items(), key=lambda item: -len(item[1])):
        confidence = Counter(cell_text(row[4]) for row in rows)
        said = ", ".join(f"{label} {count}" for label, count in confidence.most_common())
        out += [f"### {category} — {len(rows)} ({said})", ""]
        by_detail: dict[str, list[tuple]] = defaultdict(list)
        for row in rows:
            by_detail[row[0]].append(row)
        for detail, items in sorted(by_detail.items(), key=lambda item: (-len(item[1]), item[0])):
            phrases = ", ".join(f"{row[1]} ({number(row[2])})" for row in items)
            out.append(f"- {detail + ': ' if detail else ''}{phrases}")
        out.append("")
    if doubtful_kept:
        out += [f"### Doubtful, kept in the groups ({len(doubtful_kept)})", ""]
        out += [f"- {row[0]} ({number(row[1])}) — {cell_text(row[2])}" for row in doubtful_kept]
        out.append("")

    if left_out:
        out += [f"## Negatives left out ({len(left_out)})", ""]
        by_place: dict[tuple[str, str], list[str]] = defaultdict(list)
        for message in left_out:
            match = LEFT_OUT.match(message)
            key = (match["group"], match["why"]) if match else ("", message)
            by_place[key].append(match["negative"] if match else "")
        for (group, why), negatives in by_place.items():
            where = f"group «{group}», " if group else ""
            out.append(f"- {where}{why}" + (f" ({len(negatives)}): {', '.join(negatives)}" if group else ""))
        out.append("")

    out += [f"## Campaign negatives ({len(campaign_negatives)})", "", ", ".join(campaign_negatives) or "—", ""]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("xlsx")
    parser.add_argument("json", help="what `build_campaign --json` printed")
    parser.add_argument("--url", help="the campaign's landing address: ads are then told apart by section")
    options = parser.parse_args()
    with open(options.json, encoding="utf-8") as file:
        summary = json.load(file)
    sys.stdout.write(dump(options.xlsx, summary, options.url))


if __name__ == "__main__":
    main()
