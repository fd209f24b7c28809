"""Reading and checking gettext catalogues, for the one test that holds every app's catalogue to the same rules.

A small reader instead of a dependency: it names the exact entry and line of a problem, and it understands what
makemessages writes (contexts, plurals, fuzzy flags; obsolete `#~` entries are skipped as gettext skips them).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from dataclasses import dataclass, field
from gettext import GNUTranslations
from pathlib import Path

from django.utils import translation

PROJECT = Path(__file__).resolve().parents[1]
RUSSIAN_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)

RUSSIAN_FORM_EXAMPLES = (1, 2, 5)  # a number that takes each Russian plural form: one, few, many

# A second-stage placeholder (`%%(count)d`, filled after translation), a literal percent, or a printf conversion.
PLACEHOLDER = re.compile(r"%%\(\w+\)[a-zA-Z]|%%|%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
KEYWORD_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


@dataclass
class PoEntry:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        context = self.fields.get("msgctxt")
        return f"line {self.line}: " + (f"[{context}] " if context else "") + repr(self.msgid)

    @property
    def msgid(self) -> str:
        return self.fields["msgid"]

    @property
    def translations(self) -> dict[str, str]:
        return {name: text for name, text in self.fields.items() if name.startswith("msgstr")}


def read_po(path: Path) -> list[PoEntry]:
    """A small reader for the .po files makemessages writes, so a failure can name the exact entry and line.

    Obsolete entries (`#~`) are skipped: gettext ignores them too.
    """
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    current = ""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate([*lines, ""], start=1):
        if not line.strip():
            if entry is not None and entry.fields:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = PoEntry(line=number)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD_LINE.match(line):
            current = match[1]
            entry.fields[current] = ast.literal_eval(match[2])
        else:
            entry.fields[current] += ast.literal_eval(line)
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translation_problems(path: Path) -> list[str]:
    """Every entry but the header needs a translation in each plural form, with exactly the msgid's placeholders."""
    problems = []
    for entry in read_po(path):
        if entry.msgid == "":
            continue
        for name, text in entry.translations.items():
            source = entry.fields["msgid_plural"] if name not in ("msgstr", "msgstr[0]") else entry.msgid
            if not text.strip():
                problems.append(f"{entry.label}: {name} is empty")
            elif placeholders(text) != placeholders(source):
                problems.append(f"{entry.label}: {name} has {placeholders(text)}, expected {placeholders(source)}")
    return problems


def served_differently(path: Path, language: str) -> list[str]:
    """Entries Django does not serve as written: a catalogue it ranks higher has the same msgid.

    Django prefers LOCALE_PATHS, then apps listed earlier in INSTALLED_APPS (django.contrib.* come first), so a bare
    msgid such as "name" can be shadowed by django.contrib.auth's translation; such msgids need a pgettext context.
    """
    problems = []
    with translation.override(language):
        for entry in read_po(path)[1:]:
            context = entry.fields.get("msgctxt")
            for name, expected in entry.translations.items():
                if "msgid_plural" in entry.fields:
                    count = RUSSIAN_FORM_EXAMPLES[int(name[len("msgstr[") : -1])]
                    plural = entry.fields["msgid_plural"]
                    served = (
                        translation.npgettext(context, entry.msgid, plural, count)
                        if context
                        else translation.ngettext(entry.msgid, plural, count)
                    )
                else:
                    served = translation.pgettext(context, entry.msgid) if context else translation.gettext(entry.msgid)
                if served != expected:
                    problems.append(f"{entry.label}: Django serves {served!r}, not {expected!r}")
    return problems


def fuzzy_entries(path: Path) -> list[str]:
    return [entry.label for entry in read_po(path) if "fuzzy" in entry.flags]


def compile_po(po_path: Path, out_dir: Path) -> GNUTranslations:
    """Compile with msgfmt's own checks (format strings, header, plural formula) and load the result."""
    mo_path = out_dir / f"{po_path.parent.parent.name}.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(mo_path), str(po_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return load_mo(mo_path)


def load_mo(path: Path) -> GNUTranslations:
    with path.open("rb") as mo_file:
        return GNUTranslations(mo_file)


def cldr_russian_form(n: int) -> int:
    """Russian plural categories as CLDR states them: 0 = one, 1 = few, 2 = many."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def catalogue(app_locale_dir: Path, language: str) -> Path:
    return app_locale_dir / language / "LC_MESSAGES" / "django.po"


def app_catalogues() -> dict[str, Path]:
    """Every app's locale folder that has a Russian catalogue, by app name."""
    return {
        path.parents[3].name: path.parents[2]
        for path in sorted(PROJECT.glob("*/locale/ru/LC_MESSAGES/django.po"))
        if ".venv" not in path.parts
    }
