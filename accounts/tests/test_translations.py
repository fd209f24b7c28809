"""The accounts app speaks Russian by default: its catalogue is complete, safe to format and compiled.

The catalogue helpers here are also used by the campaigns app's translation tests (campaigns depends on accounts,
never the other way round), so each app checks its own catalogue with the same rules.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from dataclasses import dataclass, field
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Language, TelegramUser
from accounts.services.users import SettingsError, validate_yandex_token

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
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


RU_PO = catalogue(LOCALE_DIR, "ru")
EN_PO = catalogue(LOCALE_DIR, "en")


def test_every_russian_entry_is_translated_with_the_same_placeholders():
    assert read_po(RU_PO), "the Russian catalogue is empty"
    assert translation_problems(RU_PO) == []


def test_django_serves_every_russian_translation_as_written():
    assert served_differently(RU_PO, "ru") == []


@pytest.mark.parametrize("po_path", [RU_PO, EN_PO], ids=["ru", "en"])
def test_no_entry_is_fuzzy(po_path):
    assert fuzzy_entries(po_path) == []


@pytest.mark.parametrize("po_path", [RU_PO, EN_PO], ids=["ru", "en"])
def test_the_committed_mo_matches_its_po(po_path, tmp_path):
    fresh = compile_po(po_path, tmp_path)
    committed = load_mo(po_path.with_suffix(".mo"))
    assert committed._catalog == fresh._catalog


def test_the_english_catalogue_lists_the_same_msgids_as_the_russian_one():
    def keys(path):
        return {(entry.fields.get("msgctxt"), entry.msgid) for entry in read_po(path)}

    assert keys(EN_PO) == keys(RU_PO)


def test_the_russian_catalogue_declares_the_standard_three_plural_forms():
    header = read_po(RU_PO)[0]
    assert header.msgid == ""
    assert f"Plural-Forms: {RUSSIAN_PLURAL_FORMS}\n" in header.fields["msgstr"]
    assert "Language: ru\n" in header.fields["msgstr"]


@pytest.fixture(scope="module")
def russian_mo() -> GNUTranslations:
    return load_mo(RU_PO.with_suffix(".mo"))


@given(st.integers(min_value=0, max_value=1_000_000))
def test_the_russian_plural_formula_picks_the_cldr_form(russian_mo, n):
    assert russian_mo.plural(n) == cldr_russian_form(n)


def test_model_names_read_in_russian():
    with translation.override("ru"):
        assert str(TelegramUser._meta.verbose_name) == "пользователь Telegram"
        assert str(TelegramUser._meta.get_field("campaign_limit").verbose_name) == "лимит кампаний"
        assert str(Language.ENGLISH.label) == "Английский"


def test_model_names_fall_back_to_english_msgids():
    with translation.override("en"):
        assert str(TelegramUser._meta.verbose_name_plural) == "Telegram users"


def test_a_settings_error_speaks_the_active_language():
    with translation.override("ru"), pytest.raises(SettingsError, match="не похоже на OAuth-токен Яндекса"):
        validate_yandex_token("short")
    with translation.override("en"), pytest.raises(SettingsError, match="does not look like a Yandex OAuth token"):
        validate_yandex_token("short")


def test_the_catalogue_checks_name_each_broken_entry(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        'msgid "Blocked %(count)d user(s)."\nmsgstr "Заблокировано пользователей."\n\n'
        '#, fuzzy, python-format\nmsgid "Already blocked: %(objects)s."\nmsgstr ""\n',
        encoding="utf-8",
    )

    assert translation_problems(broken) == [
        "line 5: 'Blocked %(count)d user(s).': msgstr has [], expected ['%(count)d']",
        "line 8: 'Already blocked: %(objects)s.': msgstr is empty",
    ]
    assert fuzzy_entries(broken) == ["line 8: 'Already blocked: %(objects)s.'"]


def test_the_served_check_catches_a_msgid_that_django_contrib_shadows(tmp_path):
    shadowed = tmp_path / "django.po"
    shadowed.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "name"\nmsgstr "название"\n', encoding="utf-8")

    assert served_differently(shadowed, "ru") == ["line 5: 'name': Django serves 'имя', not 'название'"]
