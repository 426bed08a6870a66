"""Detection and masking of personal data in Kazakh, Russian and English text.

Detectors read the normalised view of the text (:mod:`atazan_redact.normalise`:
NFKC, ASCII digits, no invisible characters, one kind of space and dash), and
every finding is mapped back to the original, so a mask replaces the whole
original span, zero-width characters and full-width digits included.

Detectors run in a fixed order and never overlap: an e-mail address is found
before the digits inside it could look like a phone number, an IIN before its
digits could look like a document number. Patterns are deliberately eager
around the words people use to introduce such data ("тел.", "ұялы",
"удостоверение №", "passport"): masking a harmless number costs little,
publishing a real one is a breach. Numbers that are not personal data keep
their shape: an IIN needs its check digit and a possible date, a phone
number the Kazakh prefixes, so article numbers, years, dates, amounts,
percentages and registration numbers such as ``2026-000123`` stay.

The submitter's own IIN, phone, e-mail, name and address (``known=``) are
always masked, in any of the written forms the detectors read through
(:mod:`atazan_redact.known`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from atazan_redact.identity import is_plausible_identifier
from atazan_redact.known import known_spans
from atazan_redact.normalise import is_invisible, normalise

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

# E-mail addresses, also written "name [at] mail [dot] kz", "name собака mail.kz",
# "name @ mail . kz". Words spelled out around a plain space ("name at mail dot kz")
# count only before a top-level domain people use here, so "studied at KIMEP. Then"
# is not an address.
_AT_WORDS = r"at|ат|эт|собака|собачка"
_DOT_WORDS = r"dot|дот|точка|нүкте"
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_AT = rf"(?P<at>\s{{0,2}}@\s{{0,2}}|\s?{_OPEN}\s?(?:{_AT_WORDS}|@)\s?{_CLOSE}\s?|(?P<bare>\s+(?:{_AT_WORDS})\s+))"
_DOT = rf"(?:\.|\s?{_OPEN}\s?(?:{_DOT_WORDS}|\.)\s?{_CLOSE}\s?|\s+(?:{_DOT_WORDS})\s+|\s\.\s?)"
_EMAIL = re.compile(
    rf"(?i)(?<![\w.+-])(?P<local>[\w.+-]{{1,64}}){_AT}"
    rf"(?P<domain>[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{1,6}})"
)
#: A quick test on the lower-cased text before the e-mail pattern, which is much slower.
_EMAIL_HINT = re.compile(r"@|собак|[\s\[\(\{<](?:at|ат|эт)[\s\]\)\}>]")
_LAST_LABEL = re.compile(rf"(?i)(?:{_DOT})([\w-]+)$")
#: Top-level domains after which a spelled-out or spaced "dot" is believed.
COMMON_TLDS = frozenset(
    [
        "kz",
        "қаз",
        "ru",
        "рф",
        "com",
        "net",
        "org",
        "edu",
        "gov",
        "info",
        "biz",
        "io",
        "me",
        "co",
        "uk",
        "de",
        "fr",
        "it",
        "es",
        "us",
        "ua",
        "by",
        "kg",
        "uz",
        "tj",
        "tm",
        "az",
        "am",
        "ge",
        "cn",
        "tr",
        "pl",
        "eu",
        "ch",
        "at",
        "nl",
        "se",
        "fi",
        "no",
        "ca",
        "au",
        "jp",
        "kr",
        "in",
    ]
)


def _email_ok(match: re.Match[str]) -> bool:
    domain = match.group("domain")
    last = _LAST_LABEL.search(domain)
    if last is None:
        return False
    # "name at mail dot kz", "name@mail [dot] kz", "name@mail . kz": believed before a known
    # TLD; "name@mail.kz" and "name [at] mail.kz" always.
    written_out = match.group("bare") is not None or last.group(0) != "." + last.group(1)
    return not written_out or last.group(1).lower() in COMMON_TLDS


# Twelve digits (IIN, BIN) or nine (ID card), written in groups separated by up to three
# spaces, dots, slashes, dashes or underscores, in any grouping (6+6, 4+4+4, 9001 02 300121).
#: Between two groups of digits of one number: " ", "-", "/", ".", "_", a tab, " - ", " / ".
_SEP = r"(?:[ \t./_-]|\s[-/]\s)"
#: Digit groups and what stands between them, up to three characters; a full stop
#: before a space ends a sentence, and the run.
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:(?:[ \t\n/_-]|\.(?!\s)){1,3}\d+)*")
_DIGIT_GROUP = re.compile(r"\d+")

_DOC_STRONG = (
    r"удостоверени[еяю]\w*(?:\s+личности)?|уд\.\s?л(?:ичн)?\.?|у/л|"
    r"паспорт\w*|жеке\s+куәлі\w*|жеке\s+басын\s+куәландыратын\s+құжат\w*|төлқұжат\w*|"
    r"passport|id\s?card|identity\s+card|identity\s+document|id\s+no\.?|"
    r"вид\s+на\s+жительство|водительск\w+\s+удостоверени\w*"
)
_DOC_SERIES = r"(?:(?:серии|серия|series)\s*[A-ZА-Я]{1,2}\s*)?(?:№\s?)?"
# After a document word the number may be grouped ("043 219 876"); after a bare
# "№" only a compact number counts, so "№ 2026-000123" (a registration number) stays.
_DOC_KEYWORD = re.compile(
    rf"(?i)(?:{_DOC_STRONG})[\s:#№.]{{0,4}}{_DOC_SERIES}"
    rf"(?P<value>[A-ZА-Я]{{0,2}}\s?\d(?:{_SEP}?\d){{5,9}})(?![\d])"
)
_DOC_NUMBER_SIGN = re.compile(
    rf"(?i)(?:№|no\.|nr\.)[\s:#№.]{{0,4}}{_DOC_SERIES}(?P<value>[A-ZА-Я]{{0,2}}\s?\d{{6,10}})(?![\d])"
)
#: Passports: N and seven or eight digits (the Latin or the Cyrillic letter).
_PASSPORT = re.compile(r"(?<![\w])[NН][ -]?\d(?:[ -]?\d){6,7}(?![\d])")


def _id_card(text: str, start: int, end: int) -> bool:
    """An ID card number: a whole run of nine digits starting with 0, in groups of three or more."""
    groups = _DIGIT_GROUP.findall(text, start, end)
    return sum(map(len, groups)) == 9 and groups[0][0] == "0" and min(map(len, groups)) >= 3


_PHONE_WORDS = (
    r"тел(?:ефон)?\w*|tel(?:ephone)?|phone|mobile|mob\.|моб(?:\.|ильн\w*)|"
    r"сот(?:\.|ов\w*)|ұялы(?:\s+телефон\w*)?|байланыс\s+телефон\w*|whats\s?app|ватсап|вотсап|"
    r"telegram|телеграм"
)
_PHONE_KEYWORD = re.compile(
    rf"(?i)(?:{_PHONE_WORDS})[\s.:№#-]{{0,4}}(?P<value>\+?\d[\d\s().-]{{3,24}}\d)"
)
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+\s?)?\(?\d[\d\s()./_-]{8,26}\d(?![^\W_])")


def _phone_gap_ok(gap: str) -> bool:
    """What may stand between two digits of one phone number: "8 (701) - 123", not ". " (a sentence ends)."""
    return len(gap) <= 4 and len(gap.replace(" ", "")) <= 2 and ". " not in gap


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
            # A number starts and ends with a whole group of digits: "7 - 1741430083" is no phone.
            if (chunk[0] > 0 and text[chunk[0] - 1].isdigit()) or (
                chunk[-1] + 1 < len(text) and text[chunk[-1] + 1].isdigit()
            ):
                continue
            # A phone number is written compactly: long separator runs mean a list of numbers.
            gaps = [text[a + 1 : b] for a, b in zip(chunk, chunk[1:], strict=False)]
            if sum(1 for g in gaps if g) > 6 or not all(_phone_gap_ok(g) for g in gaps):
                continue
            yield (start if i == 0 else first), chunk[-1] + 1
            i += length
            break
        else:
            i += 1


def _identifiers_in(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """IINs and BINs in a run of digit groups: consecutive groups holding exactly 12 digits."""
    groups = [m.span() for m in _DIGIT_GROUP.finditer(text, start, end)]
    for i in range(len(groups)):
        total = 0
        for j in range(i, len(groups)):
            total += groups[j][1] - groups[j][0]
            if total >= 12:
                if total == 12:
                    a, b = groups[i][0], groups[j][1]
                    if is_plausible_identifier("".join(_DIGIT_GROUP.findall(text, a, b))):
                        yield a, b
                break


_DIGIT_CLUSTER = re.compile(r"\d[\d\s()./_+-]*")
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


def _detect(
    text: str, wanted: set[str], known: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Findings in a normalised view: (start, end, kind), known values first, in claim order."""
    taken: list[tuple[int, int, bool]] = [(a, b, True) for a, b, _ in known]
    found: list[tuple[int, int, str]] = list(known)

    def claim(a: int, b: int, kind: str) -> None:
        if a >= b:
            return
        # A detector's finding never overlaps another's; one that overlaps the
        # submitter's own data is merged with it below.
        if any(is_known is False and not (b <= s or a >= e) for s, e, is_known in taken):
            return
        # Claimed even when the kind is not wanted, so its digits are not read as another kind.
        taken.append((a, b, False))
        if kind in wanted:
            found.append((a, b, kind))

    lower = text.lower()
    if _EMAIL_HINT.search(lower):
        for m in _EMAIL.finditer(text):
            if _email_ok(m):
                claim(m.start(), m.end(), "email")
    windows = _windows(text)
    if not windows:
        return found
    numbers = [w for w in windows if w.digits >= _MIN_NUMBER_DIGITS]
    places = [w for w in windows if any(h in lower[w.start : w.end] for h in _ADDRESS_HINTS)]

    def scan(pattern: re.Pattern[str], where: list[_Window]) -> Iterable[re.Match[str]]:
        for window in where:
            yield from pattern.finditer(text, window.start, window.end)

    if numbers:
        for m in scan(_DIGIT_RUN, numbers):
            for a, b in _identifiers_in(text, m.start(), m.end()):
                claim(a, b, "iin")
        for pattern in (_DOC_KEYWORD, _DOC_NUMBER_SIGN):
            for m in scan(pattern, numbers):
                claim(m.start("value"), m.end("value"), "document")
        for m in scan(_PASSPORT, numbers):
            claim(m.start(), m.end(), "document")
        for m in scan(_PHONE_CANDIDATE, numbers):
            for a, b in _phones_in(text, m.start(), m.end()):
                claim(a, b, "phone")
        # After a phone word, also the short local numbers ("тел.: 55-66-77").
        for m in scan(_PHONE_KEYWORD, numbers):
            value = m.group("value")
            if 5 <= sum(c.isdigit() for c in value) <= 12:
                claim(m.start("value"), m.end("value"), "phone")
        for m in scan(_DIGIT_RUN, numbers):
            if _id_card(text, m.start(), m.end()):
                claim(m.start(), m.end(), "document")
    for pattern in (_ADDRESS_RU, _ADDRESS_KK, _ADDRESS_EN):
        for m in scan(pattern, places):
            claim(m.start(), m.end(), "address")
    for m in scan(_POSTCODE, windows):
        claim(m.start(), m.end(), "address")
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans joined; the joined span keeps the kind of the one claimed first."""
    order = {span: i for i, span in reversed(list(enumerate(spans)))}
    merged: list[tuple[int, int, str, int]] = []
    for a, b, kind in sorted(spans):
        rank = order[(a, b, kind)]
        if merged and a < merged[-1][1]:
            s, e, k, r = merged[-1]
            merged[-1] = (s, max(b, e), k if r <= rank else kind, min(r, rank))
        else:
            merged.append((a, b, kind, rank))
    return [(a, b, kind) for a, b, kind, _ in merged]


def find(
    text: str, kinds: Iterable[str] = KINDS, *, known: Iterable[tuple[str, str]] = ()
) -> list[Finding]:
    """Every piece of personal data in ``text``, in order, without overlaps.

    ``known`` holds (kind, value) pairs of the submitter's own data ("iin",
    "phone", "email", "name", "address"; any other kind is matched as text):
    they are found wherever they occur, in whichever of the written forms
    the detectors read through, whatever ``kinds`` says.
    """
    view = normalise(text)
    known_list = [(kind, value) for kind, value in known if value and value.strip()]
    spans = _detect(view.text, set(kinds), known_spans(view.text, known_list) if known_list else [])
    if not spans:
        return []
    original = _merge([(*_widen(text, *view.span(a, b)), kind) for a, b, kind in _merge(spans)])
    return [Finding(a, b, kind, text[a:b]) for a, b, kind in original]


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """A span with the invisible characters right before and after it (a bidi override, a
    zero-width space), so none is left around the mask to reorder or hide what follows."""
    while start > 0 and is_invisible(text[start - 1]):
        start -= 1
    while end < len(text) and is_invisible(text[end]):
        end += 1
    return start, end


def redact(
    text: str,
    kinds: Iterable[str] = KINDS,
    mask: Callable[[Finding], str] | None = None,
    *,
    known: Iterable[tuple[str, str]] = (),
) -> str:
    """``text`` with every finding replaced by ``mask(finding)`` (a token by default)."""
    findings = find(text, kinds, known=known)
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
