"""Export benchmark: a 5,000-phrase campaign, built in memory, written as Direct XLSX and Commander TSV.

    .venv/bin/python bench/bench_export.py [--phrases 5000] [--repeat 3]

Prints the best-of-N time and size of each file against the 5 s target, the peak Python memory of one XLSX export,
the time to read the XLSX back, and a baseline measured in the same run: the same sheets through openpyxl's
write-only (streaming) mode, the usual advice for big files, which the exporter does not use because it was slower.
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
from decimal import Decimal

from django_setup import setup_django

TARGET_SECONDS = 5.0
PHRASES_PER_GROUP = 20


def build_campaign(phrases: int):
    from campaigns.export.data import ExportAd, ExportCampaign, ExportGroup, ExportKeyword, ExportSitelink, RemovedRow

    groups = []
    for number in range(1, phrases // PHRASES_PER_GROUP + 1):
        sitelinks = [
            ExportSitelink("Каталог", f"https://example.com/{number}/catalog", "Все модели в наличии"),
            ExportSitelink("Доставка", f"https://example.com/{number}/delivery", "По Москве за 1 день"),
            ExportSitelink("Рассрочка", f"https://example.com/{number}/credit", "0% на 12 месяцев"),
            ExportSitelink("Контакты", f"https://example.com/{number}/contacts", "Шоурум у метро"),
        ]
        ads = [
            ExportAd(
                kind="combinatorial",
                titles=[f"Диван модель {number} от фабрики", "Доставка за 1 день", "Гарантия 2 года", "Скидка 20%"],
                texts=["Диваны от фабрики. Гарантия 2 года. Закажите онлайн!", "Рассрочка 0%. Доставка по Москве."],
                link=f"https://example.com/divany/{number}",
                display_link=f"divany-{number}",
                sitelinks=sitelinks,
                callouts=["Гарантия 2 года", "Рассрочка 0%", "Доставка"],
            )
            for _ in range(2)
        ]
        groups.append(
            ExportGroup(
                number=number,
                name=f"Диван модель {number}",
                keywords=[
                    ExportKeyword(f"купить диван модель {number} вариант {k} -бесплатно", 1000 - k, Decimal("12.5"))
                    for k in range(PHRASES_PER_GROUP)
                ],
                negative_keywords=[f"модель {other}" for other in range(number + 1, number + 30)],
                ads=ads,
            )
        )
    return ExportCampaign(
        name="Диваны",
        groups=groups,
        region_names=["Москва", "Санкт-Петербург"],
        negative_keywords=["бесплатно", "своими руками", "скачать", "вакансия"] * 50,
        removed=[RemovedRow(f"диван {n} своими руками", n, "negative keyword") for n in range(500)],
    )


def best_of(repeat: int, write) -> tuple[float, bytes]:
    best, content = float("inf"), b""
    for _ in range(repeat):
        buffer = io.BytesIO()
        start = time.perf_counter()
        write(buffer)
        best = min(best, time.perf_counter() - start)
        content = buffer.getvalue()
    return best, content


def baseline_xlsx(data, buffer) -> None:
    """The alternative we measured and dropped: the same three sheets through openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from campaigns.export.limits import check_export_limits
    from campaigns.export.rows import data_rows, header_rows
    from campaigns.export.summary import removed_rows, summary_rows

    def text_cell(sheet, value):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        cell.number_format = "@"
        return cell

    check_export_limits(data)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Тексты")
    for row in [*header_rows(data, "combinatorial"), *data_rows(data, "combinatorial")]:
        sheet.append([None if value is None else text_cell(sheet, value) for value in row])
    for rows in (summary_rows(data, "combinatorial"), removed_rows(data)):
        sheet = workbook.create_sheet()
        for row in rows:
            sheet.append(row)
    workbook.save(buffer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    setup_django()
    from campaigns.export.commander import write_commander_tsv
    from campaigns.export.reader import read_direct_file
    from campaigns.export.xlsx import write_direct_xlsx

    data = build_campaign(arguments.phrases)
    phrases = sum(len(group.keywords) for group in data.groups)
    print(f"campaign: {len(data.groups)} groups, {phrases} phrases, 2 ads per group; best of {arguments.repeat}")

    results = {
        "xlsx, combinatorial": best_of(arguments.repeat, lambda out: write_direct_xlsx(data, out)),
        "xlsx, text_image": best_of(arguments.repeat, lambda out: write_direct_xlsx(data, out, ad_format="text_image")),
        "tsv, combinatorial": best_of(arguments.repeat, lambda out: write_commander_tsv(data, out)),
        "baseline: xlsx via openpyxl write-only mode": best_of(1, lambda out: baseline_xlsx(data, out)),
    }
    for name, (seconds, content) in results.items():
        verdict = "" if name.startswith("baseline") else ("  OK" if seconds < TARGET_SECONDS else "  OVER TARGET")
        print(
            f"{name:45s} {seconds:6.2f} s  {len(content) / 1024:8.0f} KiB  (target < {TARGET_SECONDS:.0f} s){verdict}"
        )

    tracemalloc.start()
    write_direct_xlsx(data, io.BytesIO())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{'xlsx peak Python memory':45s} {peak / 2**20:6.1f} MiB")

    xlsx = results["xlsx, combinatorial"][1]
    start = time.perf_counter()
    parsed = read_direct_file(xlsx, "Диваны.xlsx")
    read_seconds = time.perf_counter() - start
    read_phrases = sum(len(group.keywords) for group in parsed.groups)
    print(f"{'read the xlsx back':45s} {read_seconds:6.2f} s  ({len(parsed.groups)} groups, {read_phrases} phrases)")


if __name__ == "__main__":
    main()
