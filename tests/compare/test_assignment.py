"""The assignment steps behind the alignment, checked on their own."""

from __future__ import annotations

from compare_docs import art, doc, pair_of_old, sec

from atazan_compare import compare
from atazan_compare.align import _hungarian, _increasing_chain, _monotone_pairs


def test_assignment_maximises_the_total_not_the_first_pick() -> None:
    # Greedy would take the 0.81 cell and leave row 1 with 0.1.
    scores = [[0.8, 0.81], [0.1, 0.8]]
    assignment = _hungarian([[-s for s in row] for row in scores])
    assert assignment == [0, 1]


def test_assignment_with_more_columns_than_rows() -> None:
    assert _hungarian([[0.0, -0.9, -0.2]]) == [1]


def test_increasing_chain_drops_the_moved_link() -> None:
    links = [(0, 0), (1, 5), (2, 1), (3, 2), (4, 3)]
    assert _increasing_chain(links) == [(0, 0), (2, 1), (3, 2), (4, 3)]


def test_monotone_pairs_keep_order_and_threshold() -> None:
    scores = [[0.9, 0.1], [0.3, 0.25]]
    assert _monotone_pairs(scores, 0.2) == [(0, 0), (1, 1)]
    assert _monotone_pairs([[0.1]], 0.2) == []


def test_kazakh_text_end_to_end() -> None:
    base = doc(
        sec(
            "I",
            "Жалпы ережелер",
            art(
                "1",
                "Қазақстан Республикасы өзін демократиялық, зайырлы мемлекет ретінде орнықтырады.",
            ),
            art("2", "Мемлекеттік тіл – қазақ тілі."),
        ),
        language="kk",
    )
    new = doc(
        sec(
            "I",
            "Жалпы ережелер",
            art(
                "1",
                "Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық мемлекет ретінде орнықтырады.",
            ),
            art("2", "Республиканың астанасы – Астана қаласы."),
            art("3", "Мемлекеттік тіл – қазақ тілі."),
        ),
        language="kk",
    )
    c = compare(base, new)
    first = pair_of_old(c, "1")
    assert first.relation == "modified"
    assert [(op.op, op.text) for op in first.redline if op.op != "equal"] == [
        ("insert", ", құқықтық")
    ]
    assert pair_of_old(c, "2").relation == "renumbered"
    assert c.figures.words_added == 1 + 4


def test_articles_outside_any_section_in_a_text_with_sections() -> None:
    base = doc(
        art("1", "Transitional rule one."), sec("I", "Rights", art("2", "Life is protected."))
    )
    new = doc(
        sec("I", "Rights", art("1", "Life is protected."), art("2", "Transitional rule one."))
    )
    c = compare(base, new)
    assert pair_of_old(c, "1").relation == "moved"
    assert pair_of_old(c, "2").relation == "renumbered"
