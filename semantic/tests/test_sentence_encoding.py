"""The sentence embeddings are encoded in the background: in a forked process for an encoder that survives a fork
(the caller encoding the chunks it has not begun once it needs them), else in a thread; either way one row per text,
each distinct text encoded once, and nothing left running."""

import os
import sys
import time
import types

import numpy as np
import pytest

from semantic import sentence_encoding
from semantic.control import StageControl
from semantic.errors import Cancelled
from semantic.features import embedding_text
from semantic.sentence_encoding import SentenceEncoding

TEXTS = ["диван", "кресло", "диван", "диван 2шт", "стол", "кресло"]


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


class _ForkableEncoder(_CountingEncoder):
    forkable = True


class _SlowForkableEncoder(_ForkableEncoder):
    def encode(self, texts):
        time.sleep(0.2)
        return super().encode(texts)


class _DyingEncoder:
    """Ends its process without a word, as the kernel's out-of-memory killer would."""

    name = "dying"
    forkable = True

    def encode(self, texts):
        os._exit(3)


def _lengths(vectors: np.ndarray) -> list[int]:
    return [int(np.argmax(row)) for row in vectors]


def test_it_encodes_each_distinct_text_once_in_a_thread_for_an_encoder_that_cannot_fork(monkeypatch):
    monkeypatch.setattr(sentence_encoding, "EMBEDDING_CHUNK", 2)
    encoder = _CountingEncoder()
    seen = []

    with SentenceEncoding(TEXTS, encoder) as sentences:
        assert isinstance(sentences._runner, sentence_encoding._EncodingThread)
        vectors = sentences.embeddings(StageControl(lambda percent, _m: seen.append(percent)), start=5, end=80)

    assert vectors.shape == (len(TEXTS), 64)
    assert _lengths(vectors) == [len(embedding_text(text)) for text in TEXTS]
    assert encoder.calls == 2  # диван, кресло | стол: three distinct texts in chunks of two
    assert seen == sorted(seen)
    assert seen[-1] == 80


def _wait_until_the_process_took(sentences: SentenceEncoding, chunks: int) -> None:
    bounds = sentences._runner._bounds
    deadline = time.monotonic() + 10
    while bounds[0] < chunks and time.monotonic() < deadline:
        time.sleep(0.01)


def test_it_encodes_in_a_process_of_its_own_for_a_forkable_encoder_with_the_same_rows(monkeypatch):
    monkeypatch.setattr(sentence_encoding, "EMBEDDING_CHUNK", 2)
    encoder = _ForkableEncoder()
    seen = []

    with SentenceEncoding(TEXTS, encoder) as sentences:
        process = sentences._runner._process
        assert process.pid != os.getpid()
        _wait_until_the_process_took(sentences, 2)  # диван, кресло | стол
        vectors = sentences.embeddings(StageControl(lambda percent, _m: seen.append(percent)), start=5, end=80)

    assert _lengths(vectors) == [len(embedding_text(text)) for text in TEXTS]
    assert encoder.calls == 0  # encoded in the other process's copy
    assert seen == sorted(seen)
    assert seen[-1] == 80
    assert process.exitcode == 0  # it ended by itself once everything was sent


def test_the_caller_encodes_the_chunks_the_process_has_not_begun_when_it_needs_them(monkeypatch):
    monkeypatch.setattr(sentence_encoding, "EMBEDDING_CHUNK", 1)
    texts = ["диван", "кресло", "стол", "шкаф", "тумба", "полка"]
    encoder = _SlowForkableEncoder()

    with SentenceEncoding(texts, encoder) as sentences:
        process = sentences._runner._process
        _wait_until_the_process_took(sentences, 1)
        vectors = sentences.embeddings(StageControl(), start=0, end=100)

    assert _lengths(vectors) == [len(text) for text in texts]
    assert 0 < encoder.calls < len(texts)  # the process encoded the others, each chunk once
    assert process.exitcode == 0


def test_the_default_encoder_encodes_in_a_process_the_vectors_it_gives_directly():
    from semantic.embeddings import load_embedder

    encoder = load_embedder(None)
    texts = ["купить угловой диван недорого", "скуд sigur под ключ", "эпиляция бикини спб цена"]

    with SentenceEncoding(texts, encoder) as sentences:
        assert isinstance(sentences._runner, sentence_encoding._EncodingProcess)
        vectors = sentences.embeddings(StageControl(), start=0, end=100)

    np.testing.assert_array_equal(vectors, encoder.encode(texts))


@pytest.mark.parametrize("encoder_class", [_CountingEncoder, _ForkableEncoder])
def test_an_encoder_failure_is_raised_where_the_vectors_are_awaited(encoder_class):
    with pytest.raises(ValueError, match="encoder failed"), SentenceEncoding(["кресло"], encoder_class("кресло")) as s:
        s.embeddings(StageControl(), start=0, end=100)


@pytest.mark.parametrize("encoder_class", [_CountingEncoder, _ForkableEncoder])
def test_a_cancel_stops_the_background_encoding(encoder_class):
    with pytest.raises(Cancelled), SentenceEncoding(["диван"] * 3, encoder_class()) as sentences:
        sentences.embeddings(StageControl(should_stop=lambda: True), start=0, end=100)

    runner = sentences._runner
    assert not (runner._thread if encoder_class is _CountingEncoder else runner._process).is_alive()


def test_a_process_that_dies_without_its_vectors_is_an_error_not_a_wait_forever(monkeypatch):
    monkeypatch.setattr(sentence_encoding, "PROCESS_POLL_SECONDS", 0.05)

    with SentenceEncoding(["диван"], _DyingEncoder()) as sentences:
        _wait_until_the_process_took(sentences, 1)  # not this process: it would die here
        with pytest.raises(RuntimeError, match="exit code 3"):
            sentences.embeddings(StageControl(), start=0, end=100)


def test_a_daemonic_process_which_may_have_no_children_encodes_in_a_thread(monkeypatch):
    monkeypatch.setattr(
        sentence_encoding.multiprocessing, "current_process", lambda: types.SimpleNamespace(daemon=True)
    )

    with SentenceEncoding(["диван"], _ForkableEncoder()) as sentences:
        assert isinstance(sentences._runner, sentence_encoding._EncodingThread)
        sentences.embeddings(StageControl(), start=0, end=100)


def test_the_gil_passes_often_while_a_thread_encodes_and_the_interval_comes_back_after():
    """The reading thread must hand the GIL to the encoder within ENCODING_SWITCH_INTERVAL, not Python's 5 ms, while
    both run; once clustering has left the encoding (done or failed), the process's own interval is back. An encoder
    in a process of its own needs no GIL of this one: the interval stays."""
    before = sys.getswitchinterval()
    with SentenceEncoding(["диван", "кресло"], _CountingEncoder()) as sentences:
        during = sys.getswitchinterval()
        sentences.embeddings(StageControl(), start=0, end=100)
    assert during <= sentence_encoding.ENCODING_SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before

    with (
        pytest.raises(ValueError, match="encoder failed"),
        SentenceEncoding(["кресло"], _CountingEncoder("кресло")) as f,
    ):
        f.embeddings(StageControl(), start=0, end=100)
    assert sys.getswitchinterval() == before

    with SentenceEncoding(["диван", "кресло"], _ForkableEncoder()) as sentences:
        assert sys.getswitchinterval() == before
        sentences.embeddings(StageControl(), start=0, end=100)
