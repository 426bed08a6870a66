"""Finding and masking personal data in free text (Kazakhstan).

Pure Python, no Django. Public pages and exports pass every text through
:func:`redact` so that IIN/BIN, phone numbers, e-mail addresses, identity
document numbers and postal addresses never leave the secretariat.
"""

from atazan_redact.detect import KINDS, Finding, contains_personal_data, find, redact
from atazan_redact.identity import (
    check_digit,
    is_valid_bin,
    is_valid_identifier,
    is_valid_iin,
    make_identifier,
)

__all__ = [
    "KINDS",
    "Finding",
    "check_digit",
    "contains_personal_data",
    "find",
    "is_valid_bin",
    "is_valid_identifier",
    "is_valid_iin",
    "make_identifier",
    "redact",
]
