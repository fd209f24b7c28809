"""How the advertiser writes names: abbreviations and brands keep the case the brief, the page or most phrases use.

Wordstat lowercases every phrase, so copy built from phrases would say «Скуд» and «Hikvision» only by luck. A word
counts as a name when someone wrote it other than in plain lowercase and not merely because it opened a sentence:
ALL CAPS (СКУД), a capital inside (PERCo, iPhone), a capitalised Latin word in Russian text (Hikvision), or a
capitalised word in the middle of a sentence (Диванград). The most frequent such form wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:«\"(]\s*)$")


def spellings(texts: Iterable[str], phrases: Iterable[str] = ()) -> dict[str, str]:
    """Lowercase word → how it is written, from the brief's and the page's texts and the group's phrases.

    In phrases every form counts (a user who typed «СКУД» in most of them meant it); in texts only the forms that
    tell something (see the module docstring). A name seen in texts wins over phrases: the advertiser wrote it.
    """
    from_texts: dict[str, Counter] = {}
    for text in texts:
        for match in _WORD.finditer(text or ""):
            word = match[0]
            at_start = bool(_SENTENCE_START.search(text[: match.start()]))
            if _is_name_form(word, sentence_start=at_start, in_cyrillic=bool(_CYRILLIC.search(text))):
                from_texts.setdefault(word.casefold(), Counter())[word] += 1
    from_phrases: dict[str, Counter] = {}
    for phrase in phrases:
        for word in _WORD.findall(phrase or ""):
            from_phrases.setdefault(word.casefold(), Counter())[word] += 1
    result = {key: forms.most_common(1)[0][0] for key, forms in from_phrases.items()}
    result = {key: form for key, form in result.items() if form != key}
    result.update({key: forms.most_common(1)[0][0] for key, forms in from_texts.items()})
    return result


def _is_name_form(word: str, *, sentence_start: bool, in_cyrillic: bool) -> bool:
    letters = [char for char in word if char.isalpha()]
    if len(letters) < 2 or word.islower():
        return False
    if word.isupper():
        return True
    if any(char.isupper() for char in word[1:]):
        return True
    is_latin = all("a" <= char.lower() <= "z" for char in letters)
    return (is_latin and in_cyrillic) or not sentence_start


def respell(text: str, names: dict[str, str]) -> str:
    """Every word of `text` in the advertiser's spelling; other words as they are."""
    if not names:
        return text
    return _WORD.sub(lambda match: names.get(match[0].casefold(), match[0]), text)
