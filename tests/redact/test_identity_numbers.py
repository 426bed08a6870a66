"""IIN and BIN check digits exactly as the domain facts describe them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from atazan_redact import (
    check_digit,
    is_valid_bin,
    is_valid_identifier,
    is_valid_iin,
    make_identifier,
)

eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)


def reference_check_digit(first: str) -> int | None:
    digits = [int(c) for c in first]
    value = sum((i + 1) * d for i, d in enumerate(digits)) % 11
    if value == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        value = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if value == 10:
            return None
    return value


def test_known_examples() -> None:
    # 1..11 weights over 90010230012: 9+0+0+4+0+12+21+0+0+10+22 = 78; 78 % 11 = 1
    assert check_digit("90010230012") == 1
    assert is_valid_identifier("900102300121")
    assert not is_valid_identifier("900102300122")


def test_the_second_weighting_is_used_when_the_first_gives_ten() -> None:
    first = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 100000)
        if sum((i + 1) * int(c) for i, c in enumerate(f"{n:011d}")) % 11 == 10
        and reference_check_digit(f"{n:011d}") is not None
    )
    assert check_digit(first) == reference_check_digit(first)


def test_numbers_whose_second_weighting_also_gives_ten_are_never_valid() -> None:
    never = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 10**6)
        if reference_check_digit(f"{n:011d}") is None
    )
    assert check_digit(never) is None
    assert not any(is_valid_identifier(never + str(d)) for d in range(10))


@given(eleven_digits)
def test_check_digit_matches_the_reference(first: str) -> None:
    assert check_digit(first) == reference_check_digit(first)


@given(eleven_digits, st.integers(min_value=0, max_value=9))
def test_exactly_one_last_digit_is_valid(first: str, last: int) -> None:
    full = make_identifier(first)
    if full is None:
        assert not is_valid_identifier(first + str(last))
    else:
        assert is_valid_identifier(first + str(last)) == (str(last) == full[-1])


def test_an_iin_is_not_rejected_for_a_birth_date_nobody_has() -> None:
    # 31 February: the date digits need not match anybody since 2013.
    number = make_identifier("99023150001") or make_identifier("99023150002")
    assert number is not None
    assert is_valid_identifier(number)


def test_iin_and_bin_are_told_apart_by_the_fifth_digit() -> None:
    person = make_identifier("90010230012")
    company = make_identifier("05044000123") or make_identifier("05044000124")
    assert person and company
    assert is_valid_iin(person) and not is_valid_bin(person)
    assert is_valid_bin(company) and not is_valid_iin(company)


def test_wrong_shapes_are_invalid() -> None:
    assert not is_valid_identifier("12345")
    assert not is_valid_identifier("９００１０２３００１２１")  # full-width digits
    assert not is_valid_identifier("90010230012a")
