import numpy as np

from semantic.group_sizing import merge_rare, spill_overflow, split_oversized


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_a_rare_group_with_no_similar_neighbour_goes_to_the_catch_all_group():
    vectors = np.vstack([unit(1, 0), unit(1, 0.1), unit(0, 1)])
    frequencies = np.array([50, 40, 3])

    kept, catch_all, notes = merge_rare(
        [[0, 1], [2]], vectors, frequencies, min_total=30, name_of=lambda group: f"g{group[0]}"
    )

    assert kept == [[0, 1]]
    assert catch_all == [2]
    assert notes == ["«g2»: суммарная частота 3 < 30 (мало показов), перенесена в группу «Прочие фразы»"]


def test_a_merge_never_makes_a_group_exceed_the_size_limit():
    vectors = np.vstack([unit(1, 0)] * 4 + [unit(1, 0.05)])
    frequencies = np.array([10, 10, 10, 10, 1])

    kept, catch_all, _ = merge_rare([[0, 1, 2, 3], [4]], vectors, frequencies, min_total=5, name_of=str, max_size=4)

    assert kept == [[0, 1, 2, 3]]
    assert catch_all == [4]


def test_splitting_keeps_similar_phrases_together_and_every_part_within_the_limit():
    vectors = np.vstack([unit(1, 0.01 * i) for i in range(6)] + [unit(0.01 * i, 1) for i in range(6)])

    parts = split_oversized([list(range(12))], vectors, max_size=6)

    assert sorted(sorted(part) for part in parts) == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]


def test_identical_vectors_are_still_split_to_fit():
    parts = split_oversized([list(range(5))], np.vstack([unit(1, 1)] * 5), max_size=2)

    assert sorted(len(part) for part in parts) == [1, 2, 2]


def test_a_tail_above_the_limit_moves_to_the_same_products_group_it_reads_like_never_numbered():
    """Phrases 0–5 are one product's broad group (too large for max_size 4), 6–7 a group of the same product, 8 a
    group of another product. The tail phrase reading like 6–7 moves there; nothing goes to the other product."""
    vectors = np.vstack([unit(1, 0)] * 5 + [unit(0, 1)] + [unit(0, 1)] * 2 + [unit(0, 1)])
    groups = [[0, 1, 2, 3, 4, 5], [6, 7], [8]]

    result = spill_overflow(
        groups, ["скуд", "скуд", "турникет"], [100, 5, 5, 5, 5, 5, 50, 50, 50], vectors, min_similarity=0.6, max_size=5
    )

    assert result == [[0, 1, 2, 3, 4], [5, 6, 7], [8]]
