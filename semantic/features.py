"""What the clusterer knows about a phrase: its marker lemma, and a vector mixing meaning and morphology.

The marker is the product noun a PPC specialist groups by (`купить угловой диван недорого` → `диван`): the first
noun that is not a place, a person or a commercial modifier (`цена`, `доставка`…), as a pymorphy3 lemma, so word
forms and word order do not matter. The vector concatenates a sentence embedding (meaning, synonyms) with an
SVD of lemma TF-IDF (morphology the embedding model may miss), each half weighted equally.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from semantic.control import StageControl
from semantic.morph import word_info
from semantic.operators import STOP_WORDS

if TYPE_CHECKING:
    from semantic.sentence_encoding import SentenceEncoding

LEMMA_DIMENSIONS = 200
EMBEDDING_WEIGHT = 0.5
WORD = re.compile(r"[0-9a-zа-яіїєґўәғқңөұүһçğışö][0-9a-zа-яіїєґўәғқңөұүһçğışö'.\-]*")
NOT_A_PRODUCT_TAGS = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn"})
# Nouns that modify any product query rather than name the product: "цена дивана" is about a sofa.
_MODIFIER_NOUNS_TEXT = """
    цена стоимость прайс прайслист заказ доставка магазин интернет-магазин отзыв каталог фото фотография продажа
    покупка распродажа скидка акция купить недорого дешево производитель производство поставщик оптом опт розница
    сайт официальный адрес телефон рейтинг обзор сравнение вид тип модель размер цвет характеристика выбор аренда
    прокат город область район москва спб год
"""
MODIFIER_NOUNS = frozenset(_MODIFIER_NOUNS_TEXT.split())


# A dot separates words unless it sits between two digits (`2.0`, `1.5`): receipt and catalogue lines glue an item
# number or an abbreviation to the next word (`1.куртка`, `таб.жев.`), which would make a new word of each.
WORD_SEPARATING_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


def words_of(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=200_000)
def _words(text: str) -> tuple[str, ...]:
    """Cached: the clusterer splits each phrase at six steps (its lemmas, expressions, reading, meaning words, head
    term and product key), 150,000 splits for 25,000 phrases."""
    return tuple(WORD.findall(WORD_SEPARATING_DOT.sub(" ", text.lower().replace("ё", "е"))))


def marker_lemma(text: str) -> str:
    """The product noun's lemma; else the first significant word's lemma; else the text itself."""
    words = words_of(text)
    fallback = None
    for word in words:
        if word in STOP_WORDS or word.isdigit():
            continue
        normal, grammemes = word_info(word)
        if fallback is None and normal not in MODIFIER_NOUNS:
            fallback = normal
        if "NOUN" in grammemes and not (NOT_A_PRODUCT_TAGS & grammemes) and normal not in MODIFIER_NOUNS:
            return normal
    return fallback or " ".join(words) or text


def lemma_document(text: str) -> str:
    return " ".join(word_info(word)[0] for word in words_of(text) if word not in STOP_WORDS)


def _lemma_tfidf(texts: list[str]):
    """The texts' lemma TF-IDF (sparse); None when they hold no word at all (stop words only)."""
    documents = [lemma_document(text) for text in texts]
    try:
        return TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32).fit_transform(documents)
    except ValueError:
        return None


def _reduced(matrix, count: int) -> np.ndarray:
    if matrix is None:
        return np.zeros((count, 1), dtype=np.float32)
    if matrix.shape[1] > LEMMA_DIMENSIONS and count > LEMMA_DIMENSIONS:
        dense = TruncatedSVD(LEMMA_DIMENSIONS, random_state=0).fit_transform(matrix)
    else:
        dense = matrix.toarray()
    return _normalized(dense)


class LemmaVectors:
    """A list's dense, L2-normalized lemma TF-IDF, reduced by a seeded SVD so the result is the same on every run.

    The SVD runs in a background thread from the moment this is made: it is LAPACK and sparse products, which
    release the GIL, so it runs beside the phrase reading (25,000 phrases: 2.3 CPU s) on the core the sentence
    encoder leaves once it is done. The TF-IDF is built in the caller's thread (Python, and its pymorphy3 readings
    of the words are the ones the phrase reading needs next). Leaving waits for the thread."""

    def __init__(self, texts: list[str]):
        self._result: list[np.ndarray | Exception] = []
        self._thread = threading.Thread(
            target=self._reduce, args=(_lemma_tfidf(texts), len(texts)), name="lemma-svd", daemon=True
        )
        self._thread.start()

    def _reduce(self, matrix, count: int) -> None:
        try:
            self._result.append(_reduced(matrix, count))
        except Exception as error:  # raised again where the vectors are awaited
            self._result.append(error)

    def __enter__(self) -> LemmaVectors:
        return self

    def __exit__(self, *_exception) -> None:
        self._thread.join()

    def vectors(self) -> np.ndarray:
        self._thread.join()
        if isinstance(self._result[0], Exception):
            raise self._result[0]
        return self._result[0]


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def embedding_text(text: str) -> str:
    """The text without article numbers and model codes (`WR011446881`, `2шт`): they mean nothing to a sentence
    encoder yet cost it many tokens (a third of a receipt line's); the lemma features still see them."""
    words = [word for word in text.split() if not any(map(str.isdigit, word))]
    return " ".join(words) or text


def phrase_vectors(
    lemma_features: LemmaVectors, sentences: SentenceEncoding, control: StageControl, *, start: int, end: int
) -> np.ndarray:
    """Rows whose dot product is the cosine similarity of the combined features; progress runs start→end %."""
    lemmas = lemma_features.vectors()
    embeddings = sentences.embeddings(control, start=start, end=end)
    combined = np.empty((len(lemmas), embeddings.shape[1] + lemmas.shape[1]), dtype=np.float32)
    np.multiply(embeddings, np.float32(np.sqrt(EMBEDDING_WEIGHT)), out=combined[:, : embeddings.shape[1]])
    del embeddings
    np.multiply(lemmas, np.float32(np.sqrt(1 - EMBEDDING_WEIGHT)), out=combined[:, -lemmas.shape[1] :])
    combined /= np.maximum(np.linalg.norm(combined, axis=1, keepdims=True), 1e-12)
    return combined
