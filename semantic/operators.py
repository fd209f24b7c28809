"""Direct's keyword syntax: which characters it accepts, and the operators `! + " [ ] -` parsed into data.

Keyword text from Wordstat, files and chat arrives with typographic quotes, bullets, commas and emoji. Direct
rejects a phrase for one stray `*`, for `!!`, for an unclosed `[` or for quotes around half a phrase, so the text
is first reduced to the characters Direct takes, then parsed; rendering a parsed phrase always gives valid syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Letters of the alphabets Direct accepts (Latin, Russian, Ukrainian, Belarusian, Kazakh, Turkish), digits,
# spaces, the operators and `.`/`'` (kept only inside a word, e.g. `2.0`, `o'neil`). Everything else goes.
LETTERS = "a-zа-яіїєґўәғқңөұүһçğışö"
FORBIDDEN_CHARACTERS = re.compile(rf"[^{LETTERS}0-9\s\-!+\"\[\].']")
NON_WORD_EDGES = ".'-"
DOUBLED_OPERATORS = re.compile(r"([!+\-])\1+")
# Any operator: `! + " [ ]` anywhere, or `-` opening a word (a minus word or a bullet). Most phrases have none.
ANY_OPERATOR = re.compile(r'[!+"\[\]]|(?:^|\s)-')

# Function words: Direct ignores them unless fixed with `+` or `!`, and they do not count toward the 7-word limit.
_STOP_WORDS_TEXT = """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ее ей ему
    если есть еще же за здесь и из или им их к как ко когда кто ли либо между меня мне мной мы на над надо наш не
    него нее нет ни них но ну о об однако он она они оно от очень по под при про с со так также такой там те тем то
    того тоже той только том ты у уже хотя чего чей чем что чтобы чье чья эта эти это я
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
PREPOSITIONS = frozenset({"в", "во", "на", "для", "с", "со", "из", "под", "по", "от", "без", "к", "ко", "у", "о", "об"})
PREPOSITIONS |= frozenset({"при", "через", "за", "над", "про", "до"})


@dataclass(frozen=True)
class Word:
    text: str
    fixed_form: bool = False  # `!word`: this exact form only
    fixed_stop: bool = False  # `+word`: a stop word that must be present

    def render(self) -> str:
        return ("!" if self.fixed_form else "+" if self.fixed_stop else "") + self.text

    @property
    def counts_toward_limit(self) -> bool:
        return self.text not in STOP_WORDS or self.fixed_form or self.fixed_stop


@dataclass(frozen=True)
class ParsedPhrase:
    words: tuple[Word, ...]
    minus_words: tuple[Word, ...] = ()
    quoted: bool = False
    bracketed: tuple[tuple[int, int], ...] = ()  # [start, end) word index ranges inside `[ ]`

    def render(self) -> str:
        """Valid Direct syntax: `"[купить !слона] в москве" -бесплатно`."""
        parts = []
        for index, word in enumerate(self.words):
            inside_brackets = any(start <= index < end for start, end in self.bracketed)
            text = word.text if inside_brackets and word.fixed_stop else word.render()  # Direct rejects `[+слон]`
            if any(start == index for start, _ in self.bracketed):
                text = "[" + text
            if any(end - 1 == index for _, end in self.bracketed):
                text += "]"
            parts.append(text)
        plus = " ".join(parts)
        if self.quoted:
            plus = f'"{plus}"'
        return " ".join([plus, *("-" + word.render() for word in self.minus_words)])

    @property
    def bare_text(self) -> str:
        """The words without operators or minus words: what embeddings and people read."""
        return " ".join(word.text for word in self.words)

    @property
    def counted_words(self) -> int:
        return sum(1 for word in self.words if word.counts_toward_limit)

    @property
    def has_operators(self) -> bool:
        return self.quoted or bool(self.bracketed) or any(w.fixed_form or w.fixed_stop for w in self.words)


def clean_characters(text: str) -> str:
    """Lower case, `ё`→`е`, characters Direct rejects turned into spaces, spaces collapsed."""
    text = text.lower().replace("ё", "е").replace("«", '"').replace("»", '"').replace("“", '"').replace("”", '"')
    text = FORBIDDEN_CHARACTERS.sub(" ", text)
    return " ".join(DOUBLED_OPERATORS.sub(r"\1", text).split())


def _bare(token: str) -> str:
    return token.strip(NON_WORD_EDGES + '!+"[]')


def _word(token: str) -> Word | None:
    """One plus/minus word with its own operator; `None` when nothing of a word is left."""
    fixed_form = token.startswith("!")
    fixed_stop = token.startswith("+")
    text = _bare(token)
    if not text:
        return None
    return Word(text, fixed_form=fixed_form, fixed_stop=fixed_stop and not fixed_form)


def parse_phrase(text: str) -> ParsedPhrase:
    """Parse keyword text (cleaned with `clean_characters` first) into words, operators and minus words.

    Repairs instead of rejecting: unbalanced quotes or brackets are dropped, a minus word with a hyphen is split
    (Direct rejects `-санкт-петербург`), and a leading `-` before any plus word is read as a list bullet.
    """
    cleaned = clean_characters(text)
    if not ANY_OPERATOR.search(cleaned):  # plain words (most phrases): what `_parse_tokens` gives them, faster
        return ParsedPhrase(
            tuple(Word(word) for word in (token.strip(NON_WORD_EDGES) for token in cleaned.split()) if word)
        )
    return _parse_tokens(cleaned.split())


@lru_cache(maxsize=200_000)
def bare_text(text: str) -> str:
    """`parse_phrase(text).bare_text`, without building the parse for a phrase with no operators. Cached: the
    clusterer reads each phrase's bare words at several steps (its product, its head term, each group's name)."""
    cleaned = clean_characters(text)
    if ANY_OPERATOR.search(cleaned):
        return _parse_tokens(cleaned.split()).bare_text
    bare = " ".join(word for word in (token.strip(NON_WORD_EDGES) for token in cleaned.split()) if word)
    return text if bare == text else bare  # the same string object, not a copy, for most phrases


def _parse_tokens(tokens: list[str]) -> ParsedPhrase:
    """`parse_phrase` of cleaned tokens that may hold operators."""
    plus_tokens: list[str] = []
    minus: list[Word] = []
    for token in tokens:
        if token.startswith("-") and plus_tokens:
            operator = token[1] if token[1:2] in ("!", "+") else ""
            for part in _bare(token).split("-"):
                word = _word(operator + part)
                if word is not None and word not in minus:
                    minus.append(word)
        else:
            plus_tokens.append(token.lstrip("-"))

    plus_joined = " ".join(plus_tokens)
    quoted = plus_joined.startswith('"') and plus_joined.endswith('"') and plus_joined.count('"') == 2
    if len(plus_joined) < 2:
        quoted = False

    words: list[Word] = []
    bracketed: list[tuple[int, int]] = []
    open_at: int | None = None
    spans_valid = True
    for token in plus_tokens:
        core = token.strip('"')
        opens = core.startswith("[")
        closes = core.endswith("]")
        word = _word(core.strip("[]"))
        if word is None:
            continue
        if opens:
            if open_at is not None:
                spans_valid = False
            open_at = len(words)
        words.append(word)
        if closes:
            if open_at is None:
                spans_valid = False
            else:
                bracketed.append((open_at, len(words)))
                open_at = None
    if open_at is not None or not spans_valid:
        bracketed = []
    return ParsedPhrase(tuple(words), tuple(minus), quoted and bool(words), tuple(bracketed))
