"""IIN and BIN: Kazakhstan's 12-digit identification numbers.

Both end with a check digit: the first 11 digits weighted 1..11, sum mod 11;
when that gives 10, weights 3..11,1,2 are tried; when it is 10 again the
number is never issued. Since 2013 the birth-date digits of an IIN need not
match the person, so nothing here compares them with a profile.
"""

from __future__ import annotations

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no valid number has them."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("expected exactly 11 digits")
    digits = [int(c) for c in first_eleven]
    value = sum(w * d for w, d in zip(FIRST_WEIGHTS, digits, strict=True)) % 11
    if value == 10:
        value = sum(w * d for w, d in zip(SECOND_WEIGHTS, digits, strict=True)) % 11
        if value == 10:
            return None
    return value


def is_valid_identifier(value: str) -> bool:
    """True for 12 digits whose last one is the right check digit (IIN or BIN)."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    expected = check_digit(value[:11])
    return expected is not None and expected == int(value[11])


def is_valid_iin(value: str) -> bool:
    """A personal IIN: valid check digit, a day of month 01-31 and a century digit 1-6.

    The date itself is not checked against anything: an IIN is never refused
    because it disagrees with a birth date.
    """
    if not is_valid_identifier(value):
        return False
    return value[4] in "0123" and value[6] in "123456"


def is_valid_bin(value: str) -> bool:
    """A legal entity's BIN: valid check digit and an entity-type digit 4-6 in place 5."""
    return is_valid_identifier(value) and value[4] in "456"


def make_identifier(first_eleven: str) -> str | None:
    """The full 12-digit number for 11 digits (for tests and demo data)."""
    digit = check_digit(first_eleven)
    return None if digit is None else first_eleven + str(digit)


def _month_ok(value: str) -> bool:
    return 1 <= int(value[2:4]) <= 12


def is_plausible_iin(value: str) -> bool:
    """An IIN as the detectors accept one in free text: valid check digit and a possible date.

    Month 01-12, day 01-31 (any month: a date nobody was born on, such as
    31 February, still passes, see :func:`is_valid_identifier`) and a century
    digit 1-6. A number with day 40 or month 13 cannot have been issued as an
    IIN, whatever its check digit.
    """
    return (
        is_valid_identifier(value)
        and _month_ok(value)
        and 1 <= int(value[4:6]) <= 31
        and value[6] in "123456"
    )


def is_plausible_bin(value: str) -> bool:
    """A BIN as the detectors accept one: valid check digit, registration month 01-12,
    entity type 4-6 in place 5 and an attribute 0-3 (head office, branch,
    representative office, joint farm) in place 6.

    Most BINs read "YYMM40…": for an IIN that would be day 40, which is why a
    "day" of 40-43, 50-53 or 60-63 is still masked, as a BIN.
    """
    return (
        is_valid_identifier(value) and _month_ok(value) and value[4] in "456" and value[5] in "0123"
    )


def is_plausible_identifier(value: str) -> bool:
    """:func:`is_plausible_iin` or :func:`is_plausible_bin`."""
    return is_plausible_iin(value) or is_plausible_bin(value)
