"""Works on a part: what an installer's ad says of a group named by a part of the system it installs.

A business whose brief lists works on its product («Проектирование, монтаж и обслуживание СКУД») and says nothing
of selling (seller kind services) does not sell a controller or a card: «Купить карту СКУД» and «Оставьте заявку на
контроллер СКУД» promise a sale it does not make (a PPC specialist's rewrite). Its ads for a group named by a part
(«Контроллер СКУД») offer the brief's installing work on that part instead, «Оставьте заявку на монтаж контроллера
СКУД!», where the brief or the page says it installs that very part: a sentence that names an installing work
(`монтаж`, `установка` and their verbs, one service under `work_stem`) and the part as an item of its own, not as an
attribute of another noun («считыватели карт» installs readers, not cards). A part it never says it installs gets
calls that name no product. Where the business sells too (goods or both), its ads are left as they are.
"""

from __future__ import annotations

import re

from campaigns.ads.voice import SALE_WORKS, work_stem, works_of
from semantic.morph import analyzer, lemma, readings

INSTALLING = work_stem("установка")  # `монтаж`, `инсталляция`, `установить` stand for it (`semantic.synonyms`)
_TOKEN = re.compile(r"[а-яё]+|[^\sа-яё]")
_SENTENCE = re.compile(r"[.!?\n]+")


def installing_work(brief_texts: list[str]) -> str:
    """The installing work among those the brief lists, as the brief writes it («монтаж»), or "" when it lists none
    or lists a sale too («Продажа и монтаж»: the business sells the parts as well)."""
    works = works_of(brief_texts, objects=False)
    if any(lemma(work) in SALE_WORKS for work in works):
        return ""
    return next((work for work in works if work_stem(lemma(work)) == INSTALLING), "")


def says_it_installs(part: str, texts: list[str]) -> bool:
    """Whether a sentence of `texts` names an installing work and the part (a lemma) as an item of its own."""
    for text in texts:
        for sentence in _SENTENCE.split((text or "").lower()):
            tokens = _TOKEN.findall(sentence)
            if not any(token.isalpha() and work_stem(lemma(token)) == INSTALLING for token in tokens):
                continue
            if any(part in readings(token) and not _attribute(tokens, index) for index, token in enumerate(tokens)):
                return True
    return False


def _attribute(tokens: list[str], index: int) -> bool:
    """Whether the word at `index` follows another noun that is no installing work: a genitive attribute of it
    («считыватели карт»), not the work's object («установка замков»)."""
    before = tokens[index - 1] if index else ""
    if not before.isalpha() or work_stem(lemma(before)) == INSTALLING:
        return False
    return analyzer().parse(before)[0].tag.POS == "NOUN"
