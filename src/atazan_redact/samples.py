"""Generated personal data, written the ways people hide it from filters, for tests and benchmarks.

:func:`obfuscated_samples` embeds IINs and BINs, phone numbers, e-mail
addresses, postal addresses and identity-document numbers in Kazakh,
Russian and English sentences that also cite articles, dates and amounts.
Each value is written in one of the usual notations and then obfuscated
the ways a security review found: no-break, narrow and thin spaces, tabs,
slashes, dots and dashes between digit groups, full-width, Arabic-Indic,
Devanagari and mathematical digits, zero-width characters and
bidirectional controls inside the value, "[at]", "(at)", " at ",
"собака", "＠" and "[dot]" in e-mail addresses. Every sample records
where the value is, so a test can check that the masks cover all of its
letters and digits and nothing else.

Deterministic: the same seed gives the same samples.
"""

from __future__ import annotations

import csv
import html
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from atazan_redact.detect import Finding
from atazan_redact.identity import make_identifier

SAMPLE_KINDS = ("iin", "phone", "email", "address", "document")
LANGUAGES = ("kk", "ru", "en")

ZERO_WIDTH = (
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space (byte-order mark)
    "\u00ad",  # soft hyphen
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
)
BIDI_WRAPS = (
    ("\u202d", "\u202c"),  # left-to-right override ... pop
    ("\u202e", "\u202c"),  # right-to-left override ... pop
    ("\u2066", "\u2069"),  # left-to-right isolate ... pop isolate
    ("\u2067", "\u2069"),  # right-to-left isolate ... pop isolate
    ("\u2068", "\u2069"),  # first-strong isolate ... pop isolate
)
#: Zero of each digit script: ASCII, full-width, Arabic-Indic, extended Arabic-Indic,
#: Devanagari, mathematical bold and monospace.
DIGIT_ZEROS = (0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE, 0x1D7F6)
SPACES = (" ", "\u00a0", "\u202f", "\u2009", "\t", "\u2007", "\u3000")
DIGIT_SEPARATORS = (*SPACES, "-", "/", ".", " - ", "\u2013", "\u2212", "_", " / ")


@dataclass(frozen=True)
class Sample:
    """A sentence with one piece of personal data at ``text[start:end]``."""

    text: str
    kind: str
    language: str
    start: int
    end: int

    @property
    def value(self) -> str:
        return self.text[self.start : self.end]


def covered(sample: Sample, findings: Iterable[Finding]) -> bool:
    """True when the findings cover every letter and digit of the sample's value."""
    spans = [(f.start, f.end) for f in findings]
    return all(
        any(a <= i < b for a, b in spans)
        for i in range(sample.start, sample.end)
        if sample.text[i].isalnum()
    )


def stray(sample: Sample, findings: Iterable[Finding]) -> list[Finding]:
    """Findings that do not touch the sample's value: masks on the surrounding sentence."""
    return [f for f in findings if f.end <= sample.start or f.start >= sample.end]


# The value's forms ------------------------------------------------------------------------------


def _digits(rng: random.Random, digits: str) -> str:
    zero = rng.choice(DIGIT_ZEROS) if rng.random() < 0.35 else 0x30
    return "".join(chr(zero + int(d)) if d.isdigit() else d for d in digits)


def _invisible(rng: random.Random, value: str, chance: float = 0.3) -> str:
    """Zero-width characters inside the value (never at its ends) and sometimes a bidi wrap."""
    if len(value) > 2 and rng.random() < chance:
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(1, len(value) - 1)
            value = value[:at] + rng.choice(ZERO_WIDTH) + value[at:]
    if rng.random() < chance / 3:
        left, right = rng.choice(BIDI_WRAPS)
        value = left + value + right
    return value


def _grouped(rng: random.Random, digits: str, groupings: list[tuple[int, ...]]) -> str:
    sizes = rng.choice(groupings)
    separator = rng.choice(DIGIT_SEPARATORS)
    vary = rng.random() < 0.2
    parts, position = [], 0
    for size in sizes:
        parts.append(digits[position : position + size])
        position += size
    out = parts[0]
    for part in parts[1:]:
        out += (rng.choice(DIGIT_SEPARATORS) if vary else separator) + part
    return out


def _identifier(rng: random.Random) -> str:
    while True:
        year = rng.randint(0, 99)
        month = rng.randint(1, 12)
        if rng.random() < 0.8:
            first = f"{year:02d}{month:02d}{rng.randint(1, 31):02d}{rng.randint(1, 6)}{rng.randint(0, 9999):04d}"
        else:
            first = f"{year:02d}{month:02d}{rng.choice('456')}{rng.randint(0, 3)}{rng.randint(0, 99999):05d}"
        value = make_identifier(first)
        if value:
            return value


def iin_value(rng: random.Random) -> str:
    digits = _identifier(rng)
    value = (
        digits
        if rng.random() < 0.25
        else _grouped(
            rng, digits, [(6, 6), (4, 4, 4), (3, 3, 3, 3), (2, 2, 2, 2, 2, 2), (4, 2, 6), (6, 3, 3)]
        )
    )
    return _invisible(rng, _digits(rng, value))


def phone_value(rng: random.Random) -> str:
    code = rng.choice(["701", "702", "705", "707", "708", "747", "771", "775", "777", "778"])
    a, b, c = f"{rng.randint(100, 999)}", f"{rng.randint(10, 99)}", f"{rng.randint(10, 99)}"
    if rng.random() < 0.1:  # a landline: area code of four digits, six-digit number
        code, a, b, c = (
            rng.choice(["7172", "7272", "7212", "7252"]),
            f"{rng.randint(20, 99)}",
            f"{rng.randint(10, 99)}",
            f"{rng.randint(10, 99)}",
        )
    sep = rng.choice(["", " ", "-", ".", "\u00a0", "\t", "\u2013", " - "])
    forms = [
        f"+7 {code} {a} {b} {c}",
        f"+7 ({code}) {a}-{b}-{c}",
        f"+7{code}{a}{b}{c}",
        f"8 {code} {a} {b} {c}",
        f"8 ({code}) {a} {b} {c}",
        f"8({code}){a}-{b}-{c}",
        f"8-{code}-{a}-{b}-{c}",
        f"8{code}{a}{b}{c}",
        f"+7{sep}{code}{sep}{a}{sep}{b}{sep}{c}",
        f"8{sep}{code}{sep}{a}{sep}{b}{sep}{c}",
        f"8 ({code}){sep}{a}{sep}{b}{sep}{c}",
        f"\uff0b7 {code} {a}{b}{c}",
        f"+7 ({code}) {a}{b}{c}",
    ]
    value = rng.choice(forms)
    return _invisible(rng, _digits(rng, value), chance=0.4)


_LOCALS = [
    "aigerim",
    "d.nurlanov",
    "askar_89",
    "marat.s",
    "erlan-k",
    "zhanna2001",
    "b.omarova",
    "timur",
]
_DOMAINS = [
    "mail.kz",
    "gmail.com",
    "yandex.ru",
    "inbox.kz",
    "example.org",
    "bk.ru",
    "nu.edu.kz",
    "почта.қаз",
]
_ATS = [
    "@",
    " @ ",
    "[at]",
    " [at] ",
    "(at)",
    " (at) ",
    "{at}",
    " at ",
    " AT ",
    " собака ",
    "[собака]",
    "＠",
    "\ufe6b",
    "[@]",
]
_DOTS = [".", ".", "[dot]", " [dot] ", "(dot)", " dot ", " точка ", "\uff0e", " . "]


def email_value(rng: random.Random) -> str:
    local, domain = rng.choice(_LOCALS), rng.choice(_DOMAINS)
    if rng.random() < 0.2:
        local = local.upper() if rng.random() < 0.5 else local.capitalize()
    if rng.random() < 0.1:  # full-width letters
        local = "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in local)
    at = rng.choice(_ATS)
    dot = rng.choice(_DOTS) if rng.random() < 0.6 else "."
    labels = domain.split(".")
    value = local + at + labels[0] + "".join(dot + label for label in labels[1:])
    return _invisible(rng, value, chance=0.4)


_RU_STREETS = [
    "Абая",
    "Толе би",
    "Сейфуллина",
    "Кенесары",
    "Достык",
    "Жибек жолы",
    "Республики",
    "Богенбай батыра",
]
_KK_STREETS = [
    "Абай",
    "Сәтбаев",
    "Қабанбай батыр",
    "Төле би",
    "Мәңгілік Ел",
    "Сарыарқа",
    "Желтоқсан",
    "Әл-Фараби",
]
_EN_STREETS = [
    "Abay",
    "Dostyk",
    "Kabanbay Batyr",
    "Tole Bi",
    "Satpayev",
    "Mangilik El",
    "Zheltoksan",
]


def address_value(rng: random.Random, language: str) -> str:
    house, flat = rng.randint(1, 250), rng.randint(1, 400)
    if language == "ru":
        street = rng.choice(_RU_STREETS)
        kind = rng.choice(["ул.", "улица", "пр.", "проспект", "мкр."])
        value = rng.choice(
            [
                f"{kind} {street}, д. {house}, кв. {flat}",
                f"{kind} {street} {house}-{flat}",
                f"{kind} {street}, {house}",
                f"{kind} {street}, дом {house}, квартира {flat}",
                f"{kind} {street} {house}/{flat}",
            ]
        )
    elif language == "kk":
        street = rng.choice(_KK_STREETS)
        kind = rng.choice(["көшесі", "даңғылы", "к-сі"])
        value = rng.choice(
            [
                f"{street} {kind}, {house}-үй, {flat}-пәтер",
                f"{street} {kind} {house}",
                f"{street} {kind}, {house}",
                f"{street} {kind} {house}/{flat}",
            ]
        )
    else:
        street = rng.choice(_EN_STREETS)
        value = rng.choice(
            [
                f"{house} {street} Street, apt {flat}",
                f"{house} {street} St.",
                f"{house} {street} Avenue",
                f"{street} St. {house}",
                f"{street} Avenue, {house}",
                f"{house} {street} Road, flat {flat}",
            ]
        )
    if rng.random() < 0.3:
        value = value.replace(" ", rng.choice(SPACES[:4]))
    return _invisible(rng, _digits(rng, value), chance=0.25)


def document_value(rng: random.Random, language: str) -> str:
    """A document number with the words that introduce it (the value is the number alone)."""
    if rng.random() < 0.5:
        letter = rng.choice(["N", "N", "Н"])
        digits = (
            f"{rng.randint(0, 10**8 - 1):08d}"
            if rng.random() < 0.5
            else f"{rng.randint(10**6, 10**7 - 1)}"
        )
        number = letter + rng.choice(["", "", " "]) + digits
    else:
        digits = f"0{rng.randint(0, 10**8 - 1):08d}"
        number = digits if rng.random() < 0.6 else _grouped(rng, digits, [(3, 3, 3)])
    return _invisible(rng, _digits(rng, number), chance=0.3)


_DOCUMENT_WORDS = {
    "ru": ["паспорт", "удостоверение личности №", "уд. л.", "паспорт №", "номер удостоверения", ""],
    "kk": ["жеке куәлік №", "төлқұжат", "жеке куәлігімнің нөмірі", ""],
    "en": ["passport", "ID card", "passport no.", "ID card number", ""],
}
_INTROS = {
    "iin": {
        "ru": ["Мой ИИН", "ИИН:", "ИИН заявителя", "Идентификационный номер", ""],
        "kk": ["ЖСН:", "Менің ЖСН-ім", "ЖСН нөмірі", "БСН", ""],
        "en": ["My IIN is", "IIN:", "Individual identification number", "BIN", ""],
    },
    "phone": {
        "ru": ["Мой телефон", "Звоните:", "Контакт:", "WhatsApp", ""],
        "kk": ["Телефоным", "Байланыс:", "Ұялы телефон", "Хабарласыңыз", ""],
        "en": ["Call me on", "Phone:", "Contact:", "Reach me at", ""],
    },
    "email": {
        "ru": ["Пишите на", "Почта:", "E-mail:", "Мой адрес", ""],
        "kk": ["Поштам:", "Электрондық пошта", "Жазыңыз:", ""],
        "en": ["Write to", "E-mail:", "My address is", ""],
    },
    "address": {
        "ru": ["Проживаю по адресу: г. Алматы,", "Адрес:", "Живу на", "Астана,", ""],
        "kk": ["Мекенжайым: Алматы қ.,", "Тұрғылықты жерім:", "Астана қ.,", ""],
        "en": ["I live at", "Address: Almaty,", "Home:", ""],
    },
}
_FRAMES = {
    "ru": [
        "Предлагаю изменить статью {art} Конституции. {intro} {x}.",
        "{intro} {x}. Прошу рассмотреть поправку к пункту 2 статьи {art} до {date}.",
        "Согласно статье {art}, {intro} {x}, ответ прошу направить до {date}.",
        "В {year} году выделено {amount} тенге ({pct}%). {intro} {x}",
    ],
    "kk": [
        "{art}-бапқа өзгеріс енгізуді ұсынамын. {intro} {x}.",
        "{intro} {x}. {date} дейін жауап беруіңізді сұраймын.",
        "Конституцияның {art}-бабы, {clause}-тармағы бойынша ұсыныс: {intro} {x}.",
        "{year} жылы {amount} теңге бөлінді. {intro} {x}",
    ],
    "en": [
        "I propose to amend Article {art}. {intro} {x}.",
        "{intro} {x}. Please reply by {date}.",
        "Regarding Article {art}({clause}): {intro} {x}, thank you.",
        "In {year}, {amount} tenge ({pct}%) was spent. {intro} {x}",
    ],
}


def _fill(rng: random.Random, frame: str, intro: str, value: str) -> tuple[str, int, int]:
    amount = rng.choice(["1 500 000", "250 000", "12 000 000 000", "3,5 млн", "700 000 000"])
    fields = {
        "art": str(rng.randint(1, 99)),
        "clause": str(rng.randint(1, 9)),
        "date": rng.choice(["15.03.2026", "2026-03-15", "01.07.2026", "30 June 2026"]),
        "year": str(rng.randint(1995, 2030)),
        "amount": amount,
        "pct": rng.choice(["87,15", "12.5", "3"]),
        "intro": intro,
    }
    before, after = frame.split("{x}")
    head = before.format(**fields)
    if not intro:
        head = head.replace("  ", " ").replace(" :", ":")
    return head + value + after.format(**fields), len(head), len(head) + len(value)


_VALUES: dict[str, Callable[[random.Random, str], str]] = {
    "iin": lambda rng, _lang: iin_value(rng),
    "phone": lambda rng, _lang: phone_value(rng),
    "email": lambda rng, _lang: email_value(rng),
    "address": address_value,
    "document": document_value,
}


def obfuscated_samples(count: int = 2500, seed: int = 2026) -> list[Sample]:
    """``count`` samples, the kinds and the three languages in turn."""
    rng = random.Random(seed)
    samples = []
    for index in range(count):
        kind = SAMPLE_KINDS[index % len(SAMPLE_KINDS)]
        language = LANGUAGES[(index // len(SAMPLE_KINDS)) % len(LANGUAGES)]
        value = _VALUES[kind](rng, language)
        if kind == "document":
            intro = rng.choice(_DOCUMENT_WORDS[language])
        else:
            intro = rng.choice(_INTROS[kind][language])
        frame = rng.choice(_FRAMES[language])
        text, start, end = _fill(rng, frame, intro, value)
        samples.append(Sample(text, kind, language, start, end))
    return samples


# Real texts -------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def real_texts(directory: Path) -> list[str]:
    """The free texts of the real consultations in ``directory`` (../shared/data), HTML removed.

    Madrid's proposals (titles and descriptions) and the reasons given in
    Chile's 2016 regional assemblies: Spanish text with article numbers,
    dates, amounts, street numbers and telephone-like figures, and no Kazakh
    personal data, so a number masked there is a number masked by mistake.
    Files that are missing are skipped.
    """
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    madrid = directory / "decide-madrid-proposals.csv"
    if madrid.is_file():
        with madrid.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                texts.append(row.get("title") or "")
                texts.append(html.unescape(_TAG.sub(" ", row.get("description") or "")))
    chile = directory / "chile2016-cabildos-regional.csv"
    if chile.is_file():
        with chile.open(encoding="utf-8", newline="") as f:
            texts.extend(row.get("fundamento") or "" for row in csv.DictReader(f))
    return [t for t in texts if t.strip()]
