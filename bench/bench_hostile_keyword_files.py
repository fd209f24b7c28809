"""The bot's peak memory while users send it hostile keyword files, against the largest honest file.

    .venv/bin/python bench/bench_hostile_keyword_files.py

The real `manage.py runbot` runs as its own process against the fake Bot API (tests/fakes/telegram_api.py), as in
bench_bot_load.py. For each file a new user walks to the keywords step and sends it as a document; the bench waits
for the bot's answer and reads the bot process's high-water mark (VmHWM in /proc); each file goes to a freshly
started bot, so each peak is that file's alone, next to the bot's peak after starting. The files: the baseline, an
honest 100,000-row export (the row cap); the largest file the reader accepts by text (5 M characters of phrases);
and the files of the issue-19 probe, which took the bot from 186 to 530 MB: a 95 KB XLSX of 3,002 phrases of
30,000 characters (one shared string repeated), a 9 MB single-line CSV, and 1.6 M shared strings with no declared
count. The target (issue 19): the bot's peak stays under 300 MB.
"""

from __future__ import annotations

import io
import signal
import tempfile
import time
import zipfile
from pathlib import Path

from bench_bot_load import make_server, start_bot
from django_setup import setup_django

TARGET_PEAK_MB = 300
MB = 2**20
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def xlsx(strings: list[str], cells: list[int]) -> bytes:
    """A workbook whose column A holds, row by row, the shared string of each index in `cells`."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    rows = "".join(f'<row r="{row}"><c r="A{row}" t="s"><v>{index}</v></c></row>' for row, index in enumerate(cells, 1))
    sheet = f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>'
    table = f'<?xml version="1.0"?><sst xmlns="{SHEET_NS}">' + "".join(f"<si><t>{s}</t></si>" for s in strings)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
                content = content.replace(b"</Types>", f"{override}</Types>".encode())
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = sheet.encode()
            target.writestr(entry.filename, content)
        target.writestr("xl/sharedStrings.xml", (table + "</sst>").encode())
    return out.getvalue()


def files() -> list[tuple[str, str, bytes]]:
    rows = (f"купить угловой диван модель {i} недорого;{i % 900 + 10}\n" for i in range(99_999))
    honest = "Фраза;Частота\n" + "".join(rows)
    phrase_4000 = ("диван " * 700)[:4000]
    return [
        ("honest 100,000 rows (baseline)", "honest.csv", honest.encode()),
        ("largest accepted: 1,249 phrases of 4,000 chars", "big.xlsx", xlsx(["Фраза", phrase_4000], [0] + [1] * 1249)),
        ("probe: 3,002 phrases of 30,000 chars", "long.xlsx", xlsx(["Фраза", "диван " * 5000], [0] + [1] * 3002)),
        ("probe: 9 MB single-line CSV", "line.csv", "Фраза\n".encode() + "диван ".encode() * (9 * MB // 11)),
        ("probe: 1.6 M undeclared shared strings", "strings.xlsx", xlsx(["Фраза"] + ["a"] * 1_600_000, [0, 1])),
    ]


def peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def send_file(api, user_id: int, filename: str, content: bytes) -> tuple[str, float]:
    """Walk a new user to the keywords step, send the file, return the bot's answer and the seconds it took."""
    for push, value in [
        (api.push_command, "/start"),
        (api.push_command, "/new"),
        (api.push_text, "Диваны"),
        (api.push_text, "Продаём диваны и кровати от фабрики с доставкой"),
    ]:
        mark = api.mark()
        push(user_id, value)
        api.wait_for_reply(user_id, mark, timeout=30)
    mark = api.mark()
    started = time.monotonic()
    api.push_document(user_id, filename, content)
    answer = api.wait_for_reply(user_id, mark, timeout=120)
    return answer.text, time.monotonic() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        setup_django(database_url=database_url, migrate=True)
        api = make_server().start()
        print(f"{'file (each to a freshly started bot)':<48} {'size':>9} {'seconds':>8} {'bot peak':>14}  answer")
        try:
            for number, (label, filename, content) in enumerate(files()):
                api.commands.clear()  # start_bot waits for the new bot to set its commands
                bot = start_bot(api, database_url)
                try:
                    started_at = peak_mb(bot.pid)
                    answer, seconds = send_file(api, 20_000 + number, filename, content)
                    peak = peak_mb(bot.pid)
                finally:
                    bot.send_signal(signal.SIGTERM)
                    bot.wait(timeout=30)
                verdict = "ok" if peak < TARGET_PEAK_MB else "MISSES"
                print(
                    f"{label:<48} {len(content) / 1024:>6.0f} KB {seconds:>8.1f} {started_at:>4.0f} → {peak:>3.0f} MB  "
                    f"{answer.splitlines()[0][:100]}  [{verdict}: < {TARGET_PEAK_MB} MB]"
                )
        finally:
            api.stop()


if __name__ == "__main__":
    main()
