"""Checking what a channel sends before it is registered.

One set of rules for the web form, the operator's entry, the partner API and
the bulk importer, so a proposal means the same thing whichever way it came.
Errors are collected per field, with a message a person can act on.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from atazan.core.errors import InvalidInputError
from atazan.proposals.citations import find_citations
from atazan.proposals.models import (
    ORGANISATION_TYPES,
    Language,
    Region,
    SubmitterType,
    Topic,
)
from atazan_redact import (
    clean_display_text,
    is_plausible_bin,
    is_plausible_iin,
    is_valid_identifier,
)

MAX_TEXT = 50_000
MAX_TITLE = 500
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "on", "да", "иә", "ia", "t"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "off", "нет", "жоқ", "f", "none", "null"})
_SPACES = re.compile(r"[\s\-]")
#: The earliest date a proposal can have been received (the sources are younger); earlier
#: dates are typing or conversion errors (year 1 would break date arithmetic on read).
EARLIEST_RECEIVED = dt.date(1990, 1, 1)
#: How far in the future a "received" time may lie: clocks differ a little.
CLOCK_SKEW = dt.timedelta(minutes=5)
#: Fields holding text. A list or an object sent for one is refused, never stored as its
#: Python representation ("['a', 'b']").
TEXT_FIELDS = (
    "external_id",
    "submitter_type",
    "submitter_name",
    "iin",
    "bin",
    "region",
    "contact_email",
    "contact_phone",
    "postal_address",
    "language",
    "topic",
    "title",
    "text",
    "consent_publish_text",
    "consent_publish_name",
    "received_at",
)
_SCALARS = (str, int, float, bool, dt.date, dt.time)
# Looked up for every row of an import: computed once.
SUBMITTER_TYPES = frozenset(SubmitterType.values)
REGIONS = frozenset(Region.values)
LANGUAGES = frozenset(Language.values)
TOPICS = frozenset(Topic.values)


@dataclass
class Submission:
    """A proposal's content, checked and normalised."""

    submitter_type: str
    submitter_name: str
    language: str
    title: str
    text: str
    iin: str = ""
    bin: str = ""
    region: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    postal_address: str = ""
    topic: str = ""
    cited_provisions: list[str] = field(default_factory=list)
    consent_publish_text: bool = False
    consent_publish_name: bool = False
    received_at: dt.datetime | None = None


class InvalidSubmission(InvalidInputError):
    """The input cannot be registered; ``errors`` maps each field to the reason."""

    code = "invalid_submission"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(
            "; ".join(f"{k}: {v}" for k, v in errors.items()),
            field=next(iter(errors), None),
            details={"errors": dict(errors)},
        )
        self.errors = errors


def character_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None.

    NUL cannot be stored by PostgreSQL at all; an unpaired surrogate cannot be
    encoded as UTF-8; U+FFFD is what a wrong character encoding leaves behind.
    """
    if "\x00" in value:
        return _("contains a NUL character (U+0000), which text cannot hold")
    if "\ufffd" in value:
        return _(
            "contains U+FFFD replacement characters: the text was damaged by a wrong "
            "character encoding before it reached us"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains an unpaired surrogate, which is not a character")
    return None


def text_problems(raw: Mapping[str, Any]) -> dict[str, str]:
    """Fields whose value is not text that can be stored: a list or an object, NUL, U+FFFD.

    Checked before anything else, in every channel: the API answers these with
    422, the importer rejects the row (and keeps the good ones).
    """
    problems: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, _SCALARS):
            problems[name] = _("must be text, not %(kind)s") % {"kind": _kind(value)}
        elif isinstance(value, str) and (problem := character_problem(value)):
            problems[name] = problem
    cited = raw.get("cited_provisions")
    if isinstance(cited, list | tuple):
        for item in cited:
            if not isinstance(item, str | int):
                problems["cited_provisions"] = _("must be a list of provision numbers")
                break
            if isinstance(item, str) and (problem := character_problem(item)):
                problems["cited_provisions"] = problem
                break
    elif cited is not None and not isinstance(cited, str):
        problems["cited_provisions"] = _("must be a list of provision numbers")
    elif isinstance(cited, str) and (problem := character_problem(cited)):
        problems["cited_provisions"] = problem
    return problems


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list | tuple | set | frozenset):
        return _("a list")
    return type(value).__name__


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    return str(value).strip()


def parse_bool(value: Any) -> bool | None:
    """Yes/no in the forms people and exports use, or None when it is neither."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_datetime(value: Any, formats: tuple[str, ...] = ()) -> dt.datetime | None:
    """An aware datetime from ISO 8601 or one of ``formats``; local time when no zone is given."""
    if isinstance(value, str):
        return _parse_text_datetime(value, formats)
    return _parse_datetime(value, formats)


@lru_cache(maxsize=4096)
def _parse_text_datetime(value: str, formats: tuple[str, ...]) -> dt.datetime | None:
    # Exports repeat the same dates many times; parsing each once keeps imports fast.
    return _parse_datetime(value, formats)


def _parse_datetime(value: Any, formats: tuple[str, ...]) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time(12, 0))
    else:
        text = str(value).strip()
        parsed_or_none: dt.datetime | None = None
        for fmt in formats:
            try:
                parsed_or_none = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed_or_none is None:
            try:
                parsed_or_none = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return None
        parsed = parsed_or_none
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


_PLAIN_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+\Z")


def _email_ok(value: str) -> bool:
    """Common addresses pass a quick pattern; anything else gets Django's full check.

    No address may hold a space, a control character or a line or paragraph
    separator: it goes into the To header of every message, and a quoted local
    part such as ``"a\\x1cBcc: x"@example.kz`` would otherwise start a new header.
    """
    if len(value) > 254:
        return False
    if any(unicodedata.category(c)[0] in "CZ" for c in value):
        return False
    if _PLAIN_EMAIL.match(value):
        return True
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def normalise_identifier(value: str) -> str:
    return _SPACES.sub("", value)


def identifier_error(value: str, kind: str = "") -> str | None:
    """Why a 12-digit IIN (``kind="iin"``) or BIN (``"bin"``) is wrong, or None.

    The check digit, and the digits that must be a date: an IIN whose birth
    month is 13 or day 40, or whose century digit is 0, was never issued, and
    the detectors that mask personal data would not recognise it either
    (``atazan_redact.is_plausible_iin``). The date is never compared with
    anything else: since 2013 it need not be the person's birth date.
    """
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return _("must be 12 digits")
    if not is_valid_identifier(value):
        return _("the check digit is wrong; please check the number")
    if kind == "iin" and not is_plausible_iin(value):
        return iin_date_error(value)
    if kind == "bin" and not is_plausible_bin(value):
        return _(
            "not a possible BIN: digits 3-4 are the month of registration (01-12), "
            "digit 5 the type of entity (4, 5 or 6) and digit 6 its kind (0-3)"
        )
    return None


def iin_date_error(value: str) -> str:
    """The reason a 12-digit number with a valid check digit is still no IIN."""
    month, day, century = value[2:4], value[4:6], value[6]
    if not 1 <= int(month) <= 12:
        return _("digits 3-4 of an IIN are the month of birth; %(value)s is not a month") % {
            "value": month
        }
    if not 1 <= int(day) <= 31:
        return _("digits 5-6 of an IIN are the day of birth; %(value)s is not a day") % {
            "value": day
        }
    return _("digit 7 of an IIN gives the century of birth (1-6); %(value)s is not possible") % {
        "value": century
    }


def received_at_error(value: dt.datetime) -> str | None:
    """Why a time of receipt cannot be right, or None: before 1990 or in the future.

    The date as written is compared first: converting year 1 or year 9999 to
    another time zone overflows, and such a date is plainly out of range.
    """
    now = timezone.now()
    day = value.date()
    too_early = day < EARLIEST_RECEIVED - dt.timedelta(days=1) or (
        day < EARLIEST_RECEIVED + dt.timedelta(days=1)
        and timezone.localdate(value) < EARLIEST_RECEIVED
    )
    if too_early:
        return _("lies before %(date)s; give the date the proposal was received") % {
            "date": EARLIEST_RECEIVED.isoformat()
        }
    if day > now.date() + dt.timedelta(days=2) or value > now + CLOCK_SKEW:
        return _("lies in the future")
    return None


def derive_title(text: str, limit: int = 120) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + "…"
    return first


def clean_submission(
    raw: Mapping[str, Any],
    *,
    require_identity: bool = True,
    require_name: bool = True,
    datetime_formats: tuple[str, ...] = (),
) -> Submission:
    """Check ``raw`` (strings from a form, a JSON body or a file row) and normalise it.

    ``require_identity`` is off only for historical imports from systems that
    never held an IIN; an identifier that is given is always checked.
    """
    errors: dict[str, str] = text_problems(raw)
    if errors:
        # Nothing else is read from a body that sends lists for text or holds NUL.
        raise InvalidSubmission(errors)

    submitter_type = _text(raw, "submitter_type") or SubmitterType.CITIZEN
    if submitter_type not in SUBMITTER_TYPES:
        errors["submitter_type"] = _("unknown submitter type %(value)r") % {"value": submitter_type}

    name = clean_display_text(_text(raw, "submitter_name"))
    if require_name and not name:
        errors["submitter_name"] = _("a name is required: anonymous appeals are not accepted")
    elif len(name) > 300:
        errors["submitter_name"] = _("at most 300 characters")

    iin = normalise_identifier(_text(raw, "iin"))
    bin_ = normalise_identifier(_text(raw, "bin"))
    is_organisation = submitter_type in ORGANISATION_TYPES
    if iin and (problem := identifier_error(iin, "iin")):
        errors["iin"] = problem
    if bin_ and (problem := identifier_error(bin_, "bin")):
        errors["bin"] = problem
    if require_identity:
        if is_organisation and not bin_:
            errors.setdefault("bin", _("an organisation is identified by its BIN"))
        elif not is_organisation and not iin and not bin_:
            errors.setdefault("iin", _("a person is identified by an IIN"))

    region = _text(raw, "region")
    if region and region not in REGIONS:
        errors["region"] = _("unknown region %(value)r") % {"value": region}

    email = _text(raw, "contact_email")
    if email and not _email_ok(email):
        errors["contact_email"] = _("not a valid e-mail address")
    phone = _text(raw, "contact_phone")
    if phone and not 6 <= sum(c.isdigit() for c in phone) <= 15:
        errors["contact_phone"] = _("not a valid phone number")
    if len(phone) > 40:
        errors["contact_phone"] = _("at most 40 characters")
    address = _text(raw, "postal_address")[:500]

    language = _text(raw, "language").lower()
    if language not in LANGUAGES:
        errors["language"] = _("the language must be kk, ru, en or other")
    topic = _text(raw, "topic")
    if topic and topic not in TOPICS:
        errors["topic"] = _("unknown topic %(value)r") % {"value": topic}

    # A proposal may be only a title ("Add a right to clean air"): the title is then its text.
    text = _text(raw, "text") or _text(raw, "title")
    if not text:
        errors["text"] = _("the proposal has no text")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("at most %(limit)d characters") % {"limit": MAX_TEXT}
    title = clean_display_text(_text(raw, "title") or derive_title(text))
    if len(title) > MAX_TITLE:
        errors["title"] = _("at most %(limit)d characters") % {"limit": MAX_TITLE}

    cited_raw = raw.get("cited_provisions")
    if isinstance(cited_raw, list | tuple):
        cited = [str(c).strip() for c in cited_raw if str(c).strip()]
    else:
        cited = [c.strip() for c in re.split(r"[;,\n]", str(cited_raw or "")) if c.strip()]
    if len(cited) > 50 or any(len(c) > 60 for c in cited):
        errors["cited_provisions"] = _("at most 50 provisions of 60 characters each")
    if not cited and text:
        cited = find_citations(text)

    consents = {}
    for key in ("consent_publish_text", "consent_publish_name"):
        value = parse_bool(raw.get(key))
        if value is None:
            errors[key] = _("must be yes or no")
        consents[key] = bool(value)

    received_at = None
    if raw.get("received_at") not in (None, ""):
        received_at = parse_datetime(raw["received_at"], datetime_formats)
        if received_at is None:
            errors["received_at"] = _("not a date and time")
        elif (problem := received_at_error(received_at)) is not None:
            errors["received_at"] = problem

    if errors:
        raise InvalidSubmission(errors)
    return Submission(
        submitter_type=submitter_type,
        submitter_name=name,
        iin=iin,
        bin=bin_,
        region=region,
        contact_email=email,
        contact_phone=phone,
        postal_address=address,
        language=language,
        topic=topic,
        title=title,
        text=text,
        cited_provisions=cited,
        received_at=received_at,
        **consents,
    )
