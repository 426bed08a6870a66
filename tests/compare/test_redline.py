"""Word-level redlines: tokens, ops, reconstruction and HTML."""

from __future__ import annotations

from atazan_compare import diff_lines, new_text, old_text, redline_html, redline_json, tokenize
from atazan_compare.redline import Op, whole


def ops(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    return [(op.op, op.text) for op in diff_lines(old, new).ops]


def test_one_word_replaced() -> None:
    assert ops(["Power belongs to the people."], ["Power belongs to the nation."]) == [
        ("equal", "Power belongs to the "),
        ("delete", "people"),
        ("insert", "nation"),
        ("equal", "."),
    ]


def test_words_inserted_and_deleted_keep_the_spacing_readable() -> None:
    assert ops(["A free and secular state."], ["A free, democratic and secular state."]) == [
        ("equal", "A free"),
        ("insert", ", democratic"),
        ("equal", " and secular state."),
    ]
    assert ops(["A free and secular state."], ["A secular state."]) == [
        ("equal", "A "),
        ("delete", "free and "),
        ("equal", "secular state."),
    ]


def test_punctuation_is_its_own_token() -> None:
    assert ops(["the people."], ["the people;"]) == [
        ("equal", "the people"),
        ("delete", "."),
        ("insert", ";"),
    ]


def test_kazakh_and_russian_letters_are_letters() -> None:
    tokens = [t.text for t in tokenize("Қазақстан Республикасы – әлеуметтік мемлекет; 33-1-бап.")]
    assert tokens == [
        "Қазақстан",
        "Республикасы",
        "–",
        "әлеуметтік",
        "мемлекет",
        ";",
        "33-1-бап",
        ".",
    ]
    for letter in "әғқңөұүһі":
        assert [t.is_word for t in tokenize(f"x{letter}y")] == [True]
    assert ops(
        ["Қазақстан Республикасы өзін демократиялық, зайырлы мемлекет ретінде орнықтырады."],
        [
            "Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық мемлекет ретінде орнықтырады."
        ],
    ) == [
        ("equal", "Қазақстан Республикасы өзін демократиялық, зайырлы"),
        ("insert", ", құқықтық"),
        ("equal", " мемлекет ретінде орнықтырады."),
    ]
    assert ops(["Статья 33. Гражданин имеет право."], ["Статья 35. Гражданин обязан."]) == [
        ("equal", "Статья "),
        ("delete", "33"),
        ("insert", "35"),
        ("equal", ". Гражданин "),
        ("delete", "имеет право"),
        ("insert", "обязан"),
        ("equal", "."),
    ]


def test_decomposed_letters_are_compared_as_composed() -> None:
    from atazan_compare.text import normalise_line

    assert normalise_line("и\u0306") == "й"
    assert [t.text for t in tokenize("уда\u0301рение")] == ["уда\u0301рение"]


def test_unchanged_paragraphs_anchor_the_comparison() -> None:
    old = ["Judges are independent.", "The old rule applies to all judges.", "Courts are public."]
    new = ["Judges are independent.", "Courts are public."]
    assert ops(old, new) == [
        ("equal", "Judges are independent.\n"),
        ("delete", "The old rule applies to all judges.\n"),
        ("equal", "Courts are public."),
    ]


def test_a_paragraph_split_in_two_changes_no_words() -> None:
    diff = diff_lines(
        ["Judges are independent. They obey only the law."],
        ["Judges are independent.", "They obey only the law."],
    )
    assert diff.deleted_words == () and diff.inserted_words == ()
    assert new_text(diff.ops) == "Judges are independent.\nThey obey only the law."


def test_a_lone_kept_word_inside_a_rewritten_passage_is_folded_in() -> None:
    diff = diff_lines(
        ["Members of the council shall be elected for five years by direct vote."],
        ["Judges of the supreme court are appointed for life by the President."],
    )
    kept = [op.text for op in diff.ops if op.op == "equal"]
    assert "for" not in kept
    assert old_text(diff.ops).startswith("Members")


def test_nearby_small_changes_stay_precise() -> None:
    assert ops(
        ["The President shall appoint judges."], ["The Prime Minister shall dismiss judges."]
    ) == [
        ("equal", "The "),
        ("delete", "President"),
        ("insert", "Prime Minister"),
        ("equal", " shall "),
        ("delete", "appoint"),
        ("insert", "dismiss"),
        ("equal", " judges."),
    ]


def test_reconstruction_of_both_texts() -> None:
    old = ["1) First point;", "2) second point, with <b>tags</b> & more."]
    new = ["2) second point, with tags & less.", "3) third point."]
    diff = diff_lines(old, new)
    assert old_text(diff.ops) == "1) First point;\n2) second point, with <b>tags</b> & more."
    assert new_text(diff.ops) == "\n".join(new)


def test_changed_words_are_counted_with_their_letters() -> None:
    diff = diff_lines(["Power belongs to the people."], ["Power belongs to the whole nation."])
    assert diff.deleted_words == ((21, 6),)
    assert [letters for _, letters in diff.inserted_words] == [5, 6]


def test_whole_texts() -> None:
    deleted = whole("delete", ["Excluded by law 2007-1."])
    assert [(op.op, op.text) for op in deleted.ops] == [("delete", "Excluded by law 2007-1.")]
    assert len(deleted.deleted_words) == 4  # "2007-1" is one word
    assert whole("insert", []).ops == ()


def test_json_form() -> None:
    assert redline_json([Op("equal", "a "), Op("insert", "b")]) == [
        {"op": "equal", "text": "a "},
        {"op": "insert", "text": "b"},
    ]


def test_html_escapes_every_piece() -> None:
    diff = diff_lines(['Use <script>alert("x")</script> & go'], ["Use <b> & 'go'"])
    html = redline_html(diff.ops)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;" in html and "&amp;" in html and "&quot;" in html and "&#x27;" in html
    assert "<del>" in html and "<ins>" in html
    assert "<ins>" not in redline_html(diff.ops, side="old")
    assert "<del>" not in redline_html(diff.ops, side="new")


def test_html_line_breaks() -> None:
    diff = diff_lines(["One.", "Two."], ["One.", "Three."])
    assert redline_html(diff.ops) == "One.<br>\n<del>Two</del><ins>Three</ins>."
    assert "<br>" not in redline_html(diff.ops, line_breaks=False)


def test_word_and_letter_counts() -> None:
    from atazan_compare.text import count_letters, count_words

    assert count_words("Статья 33-1: «Құқық» — O'Neill, 1998.") == 5
    assert count_letters("Статья 33-1: «Құқық» — O'Neill, 1998.") == 6 + 3 + 5 + 6 + 4


def test_raw_texts_are_normalised_first() -> None:
    from atazan_compare import diff_texts

    diff = diff_texts("The  capital\n\n is Arlen. ", "The capital\nis Varo.")
    assert [(op.op, op.text) for op in diff.ops] == [
        ("equal", "The capital\nis "),
        ("delete", "Arlen"),
        ("insert", "Varo"),
        ("equal", "."),
    ]
