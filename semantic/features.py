"""What the clusterer knows about a phrase: its marker lemma, and a vector mixing meaning and morphology.

The marker is the product noun a PPC specialist groups by (`купить угловой диван недорого` → `диван`): the first
noun that is not a place, a person or a commercial modifier (`цена`, `доставка`…), as a pymorphy3 lemma, so word
forms and word order do not matter. The vector concatenates a sentence embedding (meaning, synonyms) with an
SVD of lemma TF-IDF (morphology the embedding model may miss), each half weighted equally.
"""

from __future__ import annotations

import queue
import re
import sys
import threading

import numpy as np
from django.utils.translation import gettext
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from semantic.control import StageControl
from semantic.embeddings import Embedder
from semantic.morph import word_info
from semantic.operators import STOP_WORDS

LEMMA_DIMENSIONS = 200
EMBEDDING_WEIGHT = 0.5
EMBEDDING_CHUNK = 4096
# While the encoder runs, a thread holding the GIL gives it up after this many seconds when the other waits for it
# (Python's default is 5 ms). The encoder needs the GIL back after each of its numpy calls (about 50,000 for 25,000
# phrases) and the reading thread is pure Python: at 5 ms per wait the encoder took three times its own time.
ENCODING_SWITCH_INTERVAL = 0.0005
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
    return WORD.findall(WORD_SEPARATING_DOT.sub(" ", text.lower().replace("ё", "е")))


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


def lemma_vectors(texts: list[str]) -> np.ndarray:
    """Dense, L2-normalized lemma TF-IDF, reduced by a seeded SVD so the result is the same on every run."""
    documents = [lemma_document(text) for text in texts]
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32).fit_transform(documents)
    except ValueError:  # no words at all (digits-only input)
        return np.zeros((len(texts), 1), dtype=np.float32)
    if matrix.shape[1] > LEMMA_DIMENSIONS and len(texts) > LEMMA_DIMENSIONS:
        dense = TruncatedSVD(LEMMA_DIMENSIONS, random_state=0).fit_transform(matrix)
    else:
        dense = matrix.toarray()
    return _normalized(dense)


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def embedding_text(text: str) -> str:
    """The text without article numbers and model codes (`WR011446881`, `2шт`): they mean nothing to a sentence
    encoder yet cost it many tokens (a third of a receipt line's); the lemma features still see them."""
    words = [word for word in text.split() if not any(map(str.isdigit, word))]
    return " ".join(words) or text


class SentenceEncoding:
    """The sentence embeddings of a list's distinct texts, encoded in a background thread from the moment it is made.

    The encoder's work is numpy matrix products, which release the GIL, while reading the phrases meanwhile is pure
    Python (pymorphy3): on a 2-core machine the two overlap instead of adding up, the GIL passing between them every
    ENCODING_SWITCH_INTERVAL while both run. The encoder still runs one BLAS thread. Use it as a context manager:
    leaving stops the encoding after the chunk in hand and waits for it (and restores the switch interval), so
    nothing keeps encoding once clustering has returned, failed or been cancelled.
    """

    def __init__(self, texts: list[str], embedder: Embedder):
        # Each distinct text is encoded once: receipt lines that differ only in article numbers read the same.
        unique: dict[str, int] = {}
        self.rows = [unique.setdefault(embedding_text(text), len(unique)) for text in texts]
        self.distinct = list(unique)
        self._chunks: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, ENCODING_SWITCH_INTERVAL))
        self._thread = threading.Thread(target=self._encode, args=(embedder,), name="sentence-encoding", daemon=True)
        self._thread.start()

    def __enter__(self) -> SentenceEncoding:
        return self

    def __exit__(self, *_exception) -> None:
        self._stop.set()
        self._thread.join()
        sys.setswitchinterval(self._switch_interval)

    def _encode(self, embedder: Embedder) -> None:
        try:
            for offset in range(0, len(self.distinct), EMBEDDING_CHUNK):
                if self._stop.is_set():
                    return
                self._chunks.put(embedder.encode(self.distinct[offset : offset + EMBEDDING_CHUNK]))
        except Exception as error:  # raised again in the thread that waits for the vectors
            self._chunks.put(error)

    def embeddings(self, control: StageControl, *, start: int, end: int) -> np.ndarray:
        """One row per text, waiting chunk by chunk (cancellable, progress start→end %)."""
        chunks = []
        for offset in range(0, len(self.distinct), EMBEDDING_CHUNK):
            control.check()
            chunk = self._chunks.get()
            if isinstance(chunk, Exception):
                raise chunk
            chunks.append(chunk)
            done = min(len(self.distinct), offset + EMBEDDING_CHUNK)
            control.report(
                start + (end - start) * done / len(self.distinct), _embedding_message(done, len(self.distinct))
            )
        return np.vstack(chunks)[self.rows]


def phrase_vectors(
    texts: list[str], sentences: SentenceEncoding, control: StageControl, *, start: int, end: int
) -> np.ndarray:
    """Rows whose dot product is the cosine similarity of the combined features; progress runs start→end %.

    The lemma features are computed first, while the sentence encoding may still be running in its thread."""
    lemmas = lemma_vectors(texts)
    embeddings = sentences.embeddings(control, start=start, end=end)
    combined = np.empty((len(texts), embeddings.shape[1] + lemmas.shape[1]), dtype=np.float32)
    np.multiply(embeddings, np.float32(np.sqrt(EMBEDDING_WEIGHT)), out=combined[:, : embeddings.shape[1]])
    del embeddings
    np.multiply(lemmas, np.float32(np.sqrt(1 - EMBEDDING_WEIGHT)), out=combined[:, -lemmas.shape[1] :])
    combined /= np.maximum(np.linalg.norm(combined, axis=1, keepdims=True), 1e-12)
    return combined


def _embedding_message(done: int, total: int) -> str:
    return gettext("Understanding phrases: %(done)d of %(total)d") % {"done": done, "total": total}
