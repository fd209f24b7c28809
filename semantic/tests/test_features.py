"""The lemma features: reduced in a background thread, the same rows on every run, errors raised where awaited."""

import numpy as np
import pytest

from semantic import features
from semantic.features import LemmaVectors


def _texts(count: int) -> list[str]:
    return [f"диван модель {number} угловой" if number % 2 else f"кресло серия {number}" for number in range(count)]


def test_the_lemma_vectors_are_unit_rows_reduced_to_their_dimensions_and_the_same_on_every_run():
    texts = _texts(260)  # more texts and lemmas than LEMMA_DIMENSIONS: the SVD reduces them

    with LemmaVectors(texts) as first, LemmaVectors(texts) as second:
        vectors = first.vectors()
        again = second.vectors()

    assert vectors.shape == (len(texts), features.LEMMA_DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    np.testing.assert_array_equal(vectors, again)


def test_texts_of_stop_words_only_get_zero_lemma_vectors():
    with LemmaVectors(["", "и в на"]) as lemmas:  # stop words only
        assert lemmas.vectors().tolist() == [[0.0], [0.0]]


def test_a_failure_of_the_background_reduction_is_raised_where_the_vectors_are_awaited(monkeypatch):
    def failing(_matrix, _count):
        raise MemoryError("no room for the SVD")

    monkeypatch.setattr(features, "_reduced", failing)

    with pytest.raises(MemoryError, match="no room"), LemmaVectors(_texts(3)) as lemmas:
        lemmas.vectors()
    assert not lemmas._thread.is_alive()
