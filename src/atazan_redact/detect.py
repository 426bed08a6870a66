"""Detection and masking of personal data in Kazakh, Russian and English text.

Detectors run in a fixed order and never overlap: an e-mail address is found
before the digits inside it could look like a phone number, an IIN before its
digits could look like a document number. Patterns are deliberately eager
around the words people use to introduce such data ("тел.", "ұялы",
"удостоверение №", "passport"): masking a harmless number costs little,
publishing a real one is a breach.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from atazan_redact.identity import is_valid_identifier

KINDS = ("iin", "phone", "email", "document", "address")


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    kind: str
    value: str


def token(kind: str) -> str:
    """The mask left in place of a value: language-neutral, rendered by the caller."""
    return f"⟦{kind}⟧"


TOKEN_RE = re.compile(r"⟦(iin|phone|email|document|address)⟧")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+", re.UNICODE)

_ID12 = re.compile(
    r"(?<![\d])(?:\d{12}|\d{6}[ -]\d{6}|\d{4}[ -]\d{4}[ -]\d{4}|\d{3}[ -]\d{3}[ -]\d{3}[ -]\d{3})(?![\d])"
)

_DOC_WORDS = (
    r"удостоверени[еяю]\w*(?:\s+личности)?|уд\.\s?л(?:ичн)?\.?|у/л|"
    r"паспорт\w*|жеке\s+куәлі\w*|жеке\s+басын\s+куәландыратын\s+құжат\w*|төлқұжат\w*|"
    r"passport|id\s?card|identity\s+card|identity\s+document|id\s+no\.?|"
    r"вид\s+на\s+жительство|водительск\w+\s+удостоверени\w*|№|no\.|nr\."
)
_DOC_KEYWORD = re.compile(
    rf"(?i)(?:{_DOC_WORDS})[\s:#№.]{{0,4}}(?:(?:серии|серия|series)\s*[A-ZА-Я]{{1,2}}\s*)?"
    r"(?:№\s?)?(?P<value>[A-ZА-Я]{0,2}\s?\d{6,10})(?![\d])"
)
_PASSPORT = re.compile(r"(?<![\w])[NН]\s?\d{8}(?![\d])")
_ID_CARD = re.compile(r"(?<![\d\w])0\d{8}(?![\d])")

_PHONE_WORDS = (
    r"тел(?:ефон)?\w*|tel(?:ephone)?|phone|mobile|mob\.|моб(?:\.|ильн\w*)|"
    r"сот(?:\.|ов\w*)|ұялы(?:\s+телефон\w*)?|байланыс\s+телефон\w*|whats\s?app|ватсап|вотсап|"
    r"telegram|телеграм"
)
_PHONE_KEYWORD = re.compile(
    rf"(?i)(?:{_PHONE_WORDS})[\s.:№#-]{{0,4}}(?P<value>\+?\d[\d\s().-]{{3,18}}\d)"
)
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+\s?)?\(?\d[\d\s().-]{8,22}\d(?![\w])")

_ADDRESS_RU = re.compile(
    r"(?i)(?<!\w)(?:ул\.|улиц[аеы]|пр\.|пр-т|просп\.|проспект[ае]?|пер\.|переул(?:ок|ке)|"
    r"б-р|бульвар[ае]?|мкр\.?|микрорайон[ае]?|ш\.|шоссе|пл\.|площад[ьи]|наб\.|набережн\w+|"
    r"жилой\s+массив|ж/м|дач\w+\s+массив)"
    r"\s*[«\"]?(?:[\w\-'’]+[»\"]?\s*){1,4}?,?\s*(?:д\.|дом|здание|зд\.|№)?\s*\d{1,5}[\w]?(?:\s?[/-]\s?\d{1,4}[\w]?)?"
    r"(?:\s*,?\s*(?:кв\.?|квартира|оф\.?|офис|корп\.?|корпус|блок)\s*\d{1,5}[\w]?)*"
)
_ADDRESS_KK = re.compile(
    r"(?i)(?<!\w)(?:[\w\-'’]+\s+){1,3}?(?:көшесі|к-сі|даңғылы|даң\.|шағын\s+ауданы|ықшам\s+ауданы|ш/а|тұйық\s+көшесі|алаңы)"
    r"\s*,?\s*\d{1,5}[\w]?(?:\s?[/-]\s?\d{1,4})?(?:\s*-?\s*үй)?"
    r"(?:\s*,?\s*\d{1,5}\s*-?\s*(?:пәтер|үй|кеңсе))*"
)
_ADDRESS_EN = re.compile(
    r"(?<!\w)(?:(?:\d{1,5}[A-Za-z]?\s+)(?:[A-Z][\w\-'’]+\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Boulevard|Blvd\.?|Prospect|Ave)\b"
    r"|(?:[A-Z][\w\-'’]+\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Prospect|Boulevard)\s*,?\s*\d{1,5}[A-Za-z]?)"
    r"(?:\s*,?\s*(?:apt\.?|apartment|flat|suite|office)\s*\d{1,5}[A-Za-z]?)?"
)
_POSTCODE = re.compile(r"(?<![\w])[A-Z]\d{2}[A-Z]\d[A-Z]\d(?![\w])")


def _phone_digits_ok(digits: str, plus: bool) -> bool:
    if len(digits) == 11:
        return digits[1] == "7" and (digits[0] == "7" if plus else digits[0] in "78")
    if len(digits) == 10 and not plus:
        return digits[0] == "7"
    return False


def _phones_in(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Phone numbers inside a run of digits and separators, which may hold several."""
    positions = [i for i in range(start, end) if text[i].isdigit()]
    i = 0
    while i < len(positions):
        first = positions[i]
        plus = first > start and "+" in text[start:first] and i == 0
        for length in (11, 10):
            if i + length > len(positions):
                continue
            chunk = positions[i : i + length]
            digits = "".join(text[p] for p in chunk)
            if not _phone_digits_ok(digits, plus):
                continue
            # A phone number is written compactly: long separator runs mean a list of numbers.
            gaps = [b - a - 1 for a, b in zip(chunk, chunk[1:], strict=False)]
            if max(gaps, default=0) > 2 or sum(1 for g in gaps if g) > 6:
                continue
            yield (start if i == 0 else first), chunk[-1] + 1
            i += length
            break
        else:
            i += 1


_DIGIT_CLUSTER = re.compile(r"\d[\d\s().+-]*")
_WINDOW_BEFORE = 100
_WINDOW_AFTER = 60
#: Fewer digits than this in a run cannot be a phone, IIN or document number.
_MIN_NUMBER_DIGITS = 5
#: Words that may start or end a postal address; the address patterns run only near one.
_ADDRESS_HINTS = (
    "ул",
    "пр",
    "мкр",
    "микрорайон",
    "пер",
    "б-р",
    "бульвар",
    "ш.",
    "шоссе",
    "пл.",
    "площад",
    "наб",
    "массив",
    "ж/м",
    "көше",
    "к-сі",
    "даң",
    "ауданы",
    "ш/а",
    "алаң",
    "street",
    "st.",
    "avenue",
    "ave",
    "road",
    "rd.",
    "lane",
    "boulevard",
    "blvd",
    "prospect",
)


@dataclass
class _Window:
    start: int
    end: int
    digits: int  # the most digits in one run of digits and separators inside it


def _windows(text: str) -> list[_Window]:
    """Stretches of text around digits: every detector but the e-mail one needs a digit.

    Scanning only these keeps long texts with few numbers cheap (the importer
    runs every text of a million-row file through here).
    """
    windows: list[_Window] = []
    length = len(text)
    for m in _DIGIT_CLUSTER.finditer(text):
        start = max(0, m.start() - _WINDOW_BEFORE)
        end = min(length, m.end() + _WINDOW_AFTER)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < length and not text[end].isspace():
            end += 1
        digits = sum(c.isdigit() for c in m.group())
        if windows and start <= windows[-1].end:
            last = windows[-1]
            last.end = max(end, last.end)
            last.digits = max(digits, last.digits)
        else:
            windows.append(_Window(start, end, digits))
    return windows


def find(text: str, kinds: Iterable[str] = KINDS) -> list[Finding]:
    """Every piece of personal data in ``text``, in order, without overlaps."""
    wanted = set(kinds)
    taken: list[tuple[int, int]] = []
    found: list[Finding] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def claim(a: int, b: int, kind: str) -> None:
        if a < b and free(a, b):
            # Claimed even when the kind is not wanted, so its digits are not read as another kind.
            taken.append((a, b))
            if kind in wanted:
                found.append(Finding(a, b, kind, text[a:b]))

    if "@" in text:
        for m in _EMAIL.finditer(text):
            claim(m.start(), m.end(), "email")
    windows = _windows(text)
    if not windows:
        return sorted(found)
    numbers = [w for w in windows if w.digits >= _MIN_NUMBER_DIGITS]
    lower = text.lower()
    places = [w for w in windows if any(h in lower[w.start : w.end] for h in _ADDRESS_HINTS)]

    def scan(pattern: re.Pattern[str], where: list[_Window]) -> Iterable[re.Match[str]]:
        for window in where:
            yield from pattern.finditer(text, window.start, window.end)

    if numbers:
        for m in scan(_ID12, numbers):
            digits = re.sub(r"\D", "", m.group())
            if is_valid_identifier(digits):
                claim(m.start(), m.end(), "iin")
        for m in scan(_DOC_KEYWORD, numbers):
            claim(m.start("value"), m.end("value"), "document")
        for m in scan(_PASSPORT, numbers):
            claim(m.start(), m.end(), "document")
        for m in scan(_PHONE_KEYWORD, numbers):
            value = m.group("value")
            if 5 <= sum(c.isdigit() for c in value) <= 12:
                claim(m.start("value"), m.end("value"), "phone")
        for m in scan(_PHONE_CANDIDATE, numbers):
            for a, b in _phones_in(text, m.start(), m.end()):
                claim(a, b, "phone")
        for m in scan(_ID_CARD, numbers):
            claim(m.start(), m.end(), "document")
    for pattern in (_ADDRESS_RU, _ADDRESS_KK, _ADDRESS_EN):
        for m in scan(pattern, places):
            claim(m.start(), m.end(), "address")
    for m in scan(_POSTCODE, windows):
        claim(m.start(), m.end(), "address")
    return sorted(found)


def redact(
    text: str,
    kinds: Iterable[str] = KINDS,
    mask: Callable[[Finding], str] | None = None,
) -> str:
    """``text`` with every finding replaced by ``mask(finding)`` (a token by default)."""
    findings = find(text, kinds)
    if not findings:
        return text
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(mask(finding) if mask else token(finding.kind))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def contains_personal_data(text: str, kinds: Iterable[str] = KINDS) -> bool:
    return bool(find(text, kinds))
