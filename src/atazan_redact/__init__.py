"""Finding and masking personal data in free text (Kazakhstan).

Pure Python, no Django. Public pages and exports pass every text through
:func:`redact` so that IIN/BIN, phone numbers, e-mail addresses, identity
document numbers and postal addresses never leave the secretariat, however
they are written (full-width digits, zero-width characters, "[at]"): the
detectors read a normalised view of the text (:func:`normalise`) and mask the
original span. :func:`clean_display_text` is for names and titles.
"""

from atazan_redact.detect import KINDS, Finding, contains_personal_data, find, redact
from atazan_redact.identity import (
    check_digit,
    is_plausible_bin,
    is_plausible_identifier,
    is_plausible_iin,
    is_valid_bin,
    is_valid_identifier,
    is_valid_iin,
    make_identifier,
)
from atazan_redact.normalise import Normalised, clean_display_text, normalise, normalise_text

__all__ = [
    "KINDS",
    "Finding",
    "Normalised",
    "check_digit",
    "clean_display_text",
    "contains_personal_data",
    "find",
    "is_plausible_bin",
    "is_plausible_identifier",
    "is_plausible_iin",
    "is_valid_bin",
    "is_valid_identifier",
    "is_valid_iin",
    "make_identifier",
    "normalise",
    "normalise_text",
    "redact",
]
