"""The normalised view the detectors read, its way back to the original, and display text."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from atazan_redact import clean_display_text, find, make_identifier, normalise, redact

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u034f\ufe0f\u3164"
TRICKY = (
    "０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۹०९𝟎𝟗①❶²"  # other digits
    "\u00a0\u202f\u2009\u2007\u3000\t\u2028"  # spaces and separators
    "\u2013\u2014\u2212\u2011\u2044\u2215\u00b7\uff0e\uff0f"  # dashes, slashes, dots
    "＠﹫ａＺﬁ…№«»"  # compatibility letters and punctuation, the number sign
    "\u0301\u0306\u0308\u20e3"  # combining marks
)
text_with_tricks = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 .-/@()абвйӘәҚқ") + list(INVISIBLE) + list(TRICKY)),
    max_size=40,
)
any_text = st.text(max_size=40)


def pieces(view_starts: tuple[int, ...]) -> list[int]:
    return [i for i in range(len(view_starts)) if i == 0 or view_starts[i] != view_starts[i - 1]]


@given(st.one_of(text_with_tricks, any_text))
@example("й\u0306")  # a composed letter with another mark
@example("a\u200b9")
def test_the_offset_map_round_trips(text: str) -> None:
    view = normalise(text)
    if view.identity:
        assert view.text == text
        return
    assert view.starts is not None and view.ends is not None
    assert len(view.starts) == len(view.ends) == len(view.text)
    for i in range(len(view.text)):
        assert 0 <= view.starts[i] < view.ends[i] <= len(text)
        if i:
            assert view.starts[i - 1] <= view.starts[i] and view.ends[i - 1] <= view.ends[i]
    # Any stretch of the view cut where original pieces begin comes from the original span it
    # maps to: normalising that span gives the stretch back.
    cuts = [*pieces(view.starts), len(view.text)]
    for a in cuts:
        for b in cuts:
            if a < b:
                start, end = view.span(a, b)
                assert normalise(text[start:end]).text == view.text[a:b]


@given(st.one_of(text_with_tricks, any_text))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text).text
    assert normalise(once).text == once
    assert normalise(once).identity


@given(st.one_of(text_with_tricks, any_text))
def test_the_view_has_ascii_digits_no_invisible_characters_and_plain_spaces(text: str) -> None:
    view = normalise(text).text
    for char in view:
        assert unicodedata.category(char) != "Cf"
        assert char.isascii() or unicodedata.digit(char, None) is None
        assert char == " " or unicodedata.category(char) != "Zs"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_is_its_own_view(text: str) -> None:
    assert normalise(text).identity


def test_the_number_sign_survives_nfkc() -> None:
    assert normalise("удостоверение № 043219876").text == "удостоверение № 043219876"


# Masking never leaves a digit of an identifier -------------------------------------------------

filler = st.text(alphabet="abcdefghij ABC абвгдежз ӘәҒғҚқ .,;:!?«»-\n", max_size=40)
separators = st.sampled_from(
    ["", " ", "\u00a0", "\u202f", "\t", "-", "/", ".", " - ", "\u2013", "_"]
)
zeros = st.sampled_from([0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE])


@st.composite
def plausible_iins(draw: st.DrawFn) -> str:
    first = (
        f"{draw(st.integers(0, 99)):02d}{draw(st.integers(1, 12)):02d}"
        f"{draw(st.integers(1, 31)):02d}{draw(st.integers(1, 6))}{draw(st.integers(0, 9999)):04d}"
    )
    value = make_identifier(first)
    return value if value else draw(plausible_iins())


@st.composite
def obfuscated(draw: st.DrawFn, digits: str, groups: list[tuple[int, ...]]) -> str:
    """``digits`` grouped, in another script, with invisible characters inside."""
    sizes = draw(st.sampled_from(groups))
    separator = draw(separators)
    zero = draw(zeros)
    parts, position = [], 0
    for size in sizes:
        parts.append("".join(chr(zero + int(c)) for c in digits[position : position + size]))
        position += size
    value = separator.join(parts)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(1, max(1, len(value) - 1)))
        value = value[:at] + draw(st.sampled_from(INVISIBLE)) + value[at:]
    return value


def digits_left(text: str) -> str:
    return "".join(c for c in normalise(text).text if c.isdigit())


@given(data=st.data(), before=filler, after=filler)
def test_masking_never_leaves_a_digit_of_an_iin(
    data: st.DataObject, before: str, after: str
) -> None:
    iin = data.draw(plausible_iins())
    written = data.draw(obfuscated(iin, [(12,), (6, 6), (4, 4, 4), (3, 3, 3, 3), (4, 2, 6)]))
    text = f"{before} ИИН {written} {after}"
    found = find(text)
    assert [f.kind for f in found] == ["iin"]
    assert digits_left(redact(text)) == ""


@given(
    data=st.data(),
    before=filler,
    after=filler,
    operator=st.sampled_from(["701", "705", "707", "747", "771", "777"]),
    rest=st.integers(1_000_000, 9_999_999),
    prefix=st.sampled_from(["8", "+7", "7", "８", "＋７"]),
)
def test_masking_never_leaves_a_digit_of_a_phone_number(
    data: st.DataObject, before: str, after: str, operator: str, rest: int, prefix: str
) -> None:
    written = data.draw(obfuscated(f"{operator}{rest}", [(10,), (3, 3, 2, 2), (3, 7), (3, 3, 4)]))
    text = f"{before} {prefix} {written} {after}"
    assert [f.kind for f in find(text)] == ["phone"]
    assert digits_left(redact(text)) == ""


# Names and titles ------------------------------------------------------------------------------


def test_bidi_overrides_and_zero_width_characters_are_removed_from_names_and_titles() -> None:
    assert clean_display_text("Айгерім\u200b Сәдуақасова") == "Айгерім Сәдуақасова"
    assert clean_display_text("\u202eавосакауд曲\u202c") == "авосакауд曲"
    assert clean_display_text("\u2066Askar\u2069\u00a0\u00a0Nurlanov\u200f") == "Askar Nurlanov"
    assert clean_display_text("  Бір палаталы\tпарламент\nтуралы\u2028 ") == (
        "Бір палаталы парламент туралы"
    )
    assert clean_display_text("Ai\u00adge\ufeffrim") == "Aigerim"
    assert clean_display_text("Ә\u0301лия") == unicodedata.normalize("NFC", "Ә\u0301лия")


@given(st.text(max_size=60))
def test_display_text_has_no_invisible_characters_and_single_spaces(value: str) -> None:
    cleaned = clean_display_text(value)
    assert all(unicodedata.category(c) not in ("Cf", "Cc") for c in cleaned)
    assert "  " not in cleaned and cleaned == cleaned.strip()
    assert clean_display_text(cleaned) == cleaned
