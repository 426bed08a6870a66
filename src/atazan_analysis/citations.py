"""References to provisions, as citizens write them in Russian, Kazakh and English.

"статья 33", "ст.33 п.2", "пункт 2 статьи 31", "подпункт 1) пункта 1 статьи
21", "статьи 50–52", "33-бап 2-тармақ", "21-баптың 1-тармағының 1)
тармақшасы", "33-baptyñ 2-tarmağy", "Article 33(2)", "Articles 5 and 7",
"Section II", "3-тарау": each becomes a ``Citation`` with a canonical key
(``art_33__para_2``) and can be resolved to a provision of one language
expression of the constitution.

How the forms are told apart, and why:

* Russian and English write the number after the word ("статья 33"), so a
  number *before* it ("в 2 статьях журнала") is a count, never a reference.
  Kazakh writes it before ("33-бап"); there a bare count ("98 баптан
  тұрады") is recognised by the verb that follows an unhyphenated number.
* A hyphen inside a number is a range when the second part is larger
  ("50-52") and an inserted provision otherwise ("33-1"). A spaced dash,
  "по", "to" or "through" between two numbers is always a range.
* A number followed by a unit ("статья 5 лет", "33%", "article 5 years")
  is a quantity, and an expression followed by the name of another act
  ("ст. 109 УК", "Article 19 of the Universal Declaration", "Еңбек
  кодексінің 5-бабы") is a citation of that act, not of the constitution.
* Every pattern starts at a keyword or a digit and every repetition is
  bounded, so the scan is linear in the length of the text; a text without a
  digit can only cite a section or chapter by a Roman numeral, and is
  rejected by one cheap search when it has no section or chapter word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from atazan_texts.model import Document, Located, Provision, roman_to_int

CitationKind = Literal["article", "section", "chapter"]


@dataclass(frozen=True)
class Citation:
    """One cited provision; ``start``/``end`` span the whole expression it came from.

    Sections and chapters are numbered in Arabic whatever the writer used
    ("II" becomes "2"), so keys compare across languages and with eIds.
    """

    kind: CitationKind
    number: str
    paragraph: str | None = None
    point: str | None = None
    start: int = 0
    end: int = 0

    @property
    def key(self) -> str:
        """Canonical and language-free, in the style of eIds: ``art_21__para_1__point_1``."""
        if self.kind == "section":
            return f"sec_{self.number}"
        if self.kind == "chapter":
            return f"chp_{self.number}"
        key = f"art_{self.number}"
        if self.paragraph:
            key += f"__para_{self.paragraph}"
        if self.point:
            key += f"__point_{self.point}"
        return key


@dataclass(frozen=True)
class ResolvedCitation:
    """A citation and the provision it names in one document (None: no such provision)."""

    citation: Citation
    eid: str | None
    uid: str | None


# --------------------------------------------------------------------------- building blocks

_D = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"  # hyphen, non-breaking hyphen, en and em dash, minus
_SP = r"\s{0,3}"
_KK_ORD = r"(?:ші|шы|інші|ыншы|нші|ншы|shi|shy|şi|şı|şy|inşi|ınşı|nşi|nshi)"

# A quantity, not a reference: "статья 5 лет", "33%", "article 5 years", "3,5 процента".
_UNITS = (
    r"(?:%|процент|percent|per\s?cent|пайыз|лет\b|год|гг?\.|years?\b|yrs?\b|months?\b|weeks?\b"
    r"|days?\b|hours?\b|minutes?\b|дн[еяи]|день|месяц|недел|час(?:а|ов|ы)?\b|минут|жыл|ай\b"
    r"|апта|күн|сағат|тенге|теңге|тг\b|₸|руб|млн|млрд|тыс|million|billion|thousand|человек"
    r"|people\b|persons?\b|адам|раз\b|times\b|рет\b|км\b|km\b|кг\b|kg\b)"
)
_NOT_QUANTITY = rf"(?!\s{{0,2}}{_UNITS})(?![.,]\d{{1,3}}\s{{0,2}}{_UNITS})"
_NUM = rf"\d{{1,3}}(?:{_D}\d{{1,3}})?(?!\d){_NOT_QUANTITY}"
_DOT_NUM = rf"{_NUM}(?:\.\d{{1,2}}(?![\d.,]))?"  # "ст. 33.2": paragraph 2 of article 33
_KK_NUM = rf"\d{{1,3}}(?:{_D}\d{{1,3}})?(?!\d)(?:{_SP}{_D}?{_SP}{_KK_ORD}(?!\w))?"

# Between the members of a list or the two ends of a range.
_SEP = (
    r"(?:\s{0,2}[,;]\s{0,2}(?:(?:и|или|and|or|және|жəне|мен|немесе|jäne|jane|men|nemese)\s{1,2})?"
    r"|\s{1,2}(?:и|или|а\s{1,2}также|по|до|and|or|to|through|&|және|жəне|мен|немесе|jäne|jane|men"
    rf"|nemese)\s{{1,2}}|\s{{0,2}}{_D}\s{{0,2}})"
)
_ROMAN = r"(?-i:(?=[IVXІХ])[XХ]{0,3}(?:[IІ][XХ]|[IІ]V|V?[IІ]{0,3}))"
_SEC_ITEM = rf"(?:{_ROMAN}(?![\w])|\d{{1,2}}(?!\d){_NOT_QUANTITY})"
_KK_SEC_ITEM = rf"(?:{_ROMAN}|\d{{1,2}}(?!\d))(?:{_SP}{_D}?{_SP}{_KK_ORD}(?!\w))?"
_POINT_ITEM = r"(?:\(?\d{1,2}(?!\d)\)?|\(?[a-zа-яё]\))"
_KK_POINT_ITEM = rf"\d{{1,2}}(?!\d)\)?(?:{_SP}{_D}?{_SP}{_KK_ORD}(?!\w))?"


def _list(item: str, most: int = 20) -> str:
    return rf"{item}(?:{_SEP}{item}){{0,{most}}}"


_START = r"(?<![\w])"  # a keyword starts a word
_KK_START = rf"(?<![{_D[1:-1]}\w])(?<!\d[.,/])"  # a Kazakh number is not part of a bigger one

_RU_ART = (
    r"(?:стат(?:ья|ьи|ью|ье|ьей|ьёй|ьею|ей|ьям|ьях|ьями)(?![а-яё])"
    r"|ст\.\s{0,2}ст\.|ст\.|ст(?=\s{0,2}\d))"
)
_RU_PARA = (
    r"(?:пункт(?:ы|а|у|ом|е|ов|ам|ах|ами)?(?![а-яё])|п\.\s{0,2}п\.|п\.|п(?=\s{0,2}\d)"
    r"|част(?:ь|и|ью|ей|ям|ях|ями)(?![а-яё])|ч\.)"
)
_RU_POINT = r"(?:подпункт(?:ы|а|у|ом|е|ов|ам|ах|ами)?(?![а-яё])|подп\.|пп\.|пп(?=\s{0,2}\d))"
_RU_SECTION = r"(?:раздел(?:ы|а|у|ом|е|ов|ам|ах|ами)?(?![а-яё])|разд\.)"
_RU_CHAPTER = r"(?:глав(?:а|ы|е|у|ой|ою|ам|ах|ами)(?![а-яё]))"

_EN_ART = r"(?:articles?\b|arts?\.|arts?(?=\s{0,2}\d))"
_EN_PARA = r"(?:paragraphs?\b|paras?\.|paras?\b|pars?\.|clauses?\b|parts?\b)"
_EN_POINT = r"(?:sub-?paragraphs?\b|subparas?\.?|sub-?points?\b|points?\b|items?\b|sub-?clauses?\b)"
_EN_SECTION = rf"(?:sections?\b|sect?\.|parts?(?=\s{{1,2}}{_ROMAN}(?!\w)))"
_EN_CHAPTER = r"(?:chapters?\b|chap\.)"
_EN_OF = r"(?:of\s{1,2}(?:the\s{1,2})?|in\s{1,2}|,\s{0,2})?"

_KK_ART = r"(?P<kw>(?:бап(?!тау|кер)|баб(?=[ыiі])|bap(?!tau|ker)|bab(?=[yıiі]))\w{0,12})"
_KK_PARA = r"(?:тармақ(?!ш)|тармағ|tarma[qkgğ](?!ş|sh)|бөлі[гк])\w{0,12}"
_KK_POINT = r"(?:тармақш|tarma[qkgğ](?:ş|sh))\w{0,12}"
_KK_SECTION = r"(?P<kw>(?:бөл[іi]м(?!ше)|b[öo]l[ıiі]m)\w{0,10})"
_KK_CHAPTER = r"(?P<kw>(?:тарау|tarau)\w{0,10})"

_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


@dataclass(frozen=True)
class _Pattern:
    """A regex and the substrings (of the lower-cased text) without which it cannot match."""

    kind: CitationKind
    regex: re.Pattern[str]
    gate: tuple[str, ...]
    kazakh: bool = False  # number first: counts and other acts are told apart differently


_RU_GATE = ("стат", "ст.", "ст ", *(f"ст{digit}" for digit in range(10)))
_RU_PARA_GATE = (
    "пункт",
    "п.",
    "п ",
    "част",
    "ч.",
    "пп",
    "подп",
    *(f"п{digit}" for digit in range(10)),
)
_RU_ORDINAL_GATE = ("я стат", "й стат", "ю стат", "о стат")
_EN_GATE = ("art",)
_EN_PARA_GATE = ("para", "clause", "point", "item", "part", "sub")
_KK_GATE = ("бап", "баб", "bap", "bab")
_SECTION_GATE = ("раздел", "разд.", "section", "sect.", "part")
_KK_SECTION_GATE = ("бөл", "böl", "bol", "bөл")
_CHAPTER_GATE = ("глав", "chap")
_KK_CHAPTER_GATE = ("тарау", "tarau")

_N = r"(?-i:[\dIVXІХ])"


def _after_connector(previous: str) -> str:
    """Not right after ``previous`` and a list word: "1 және 2" is matched from the 1."""
    words = ("және", "мен", "and", "jäne", "и", "or", "немесе")
    return "".join(rf"(?<!(?-i:{previous})\s{word}\s)" for word in words)


_AFTER_ARABIC = _after_connector(r"\d")
_AFTER_ROMAN = _after_connector("[IVXІХ]")

# the end of a number, Arabic or Roman
# A Kazakh list is matched from its first member only: a number right after another
# number and a separator never starts one, which keeps "1, 1, 1, ..." linear.
_KK_LIST_START = (
    rf"(?=[\dIVXІХ]){_KK_START}(?<!{_N}[,;]\s)(?<!{_N}[,;])(?<!{_N}\s)(?<!{_N}\s\s)(?<!{_D}\s)"
    rf"(?:(?=\d){_AFTER_ARABIC}|(?!\d){_AFTER_ROMAN})"
)

_PATTERNS: tuple[_Pattern, ...] = (
    # "статья 33", "ст.33п.2", "статьи 5, 7 и 9", "статьи с 50 по 52", "статья 33, пункт 2, подпункт 1)"
    _Pattern(
        "article",
        _rx(
            rf"{_START}{_RU_ART}{_SP}(?:с\s{{1,2}})?(?P<arts>(?>{_list(_DOT_NUM)}))"
            rf"(?:{_SP}[,;]?{_SP}{_RU_PARA}{_SP}(?P<paras>(?>{_list(_NUM)}))(?!{_SP}[,;]?{_SP}{_RU_ART}))?"
            rf"(?:{_SP}[,;]?{_SP}{_RU_POINT}{_SP}(?P<points>(?>{_list(_POINT_ITEM, 10)}))"
            rf"(?!{_SP}[,;]?{_SP}(?:{_RU_PARA}|{_RU_ART})))?"
        ),
        _RU_GATE,
    ),
    # "пункт 2 статьи 31", "пп. 1) п. 1 ст. 21", "части 2 статьи 5", "пунктов 1-3 статьи 10"
    _Pattern(
        "article",
        _rx(
            rf"{_START}(?:{_RU_POINT}{_SP}(?P<points>(?>{_list(_POINT_ITEM, 10)})){_SP},?{_SP})?"
            rf"(?:{_RU_PARA}{_SP}(?P<paras>(?>{_list(_NUM)})){_SP},?{_SP})?"
            rf"{_RU_ART}{_SP}(?P<arts>(?>{_list(_NUM)}))"
        ),
        _RU_PARA_GATE,
    ),
    # "33-я статья", "в 33-й статье": an ordinal, so a reference despite the order
    _Pattern(
        "article",
        _rx(
            rf"{_KK_START}(?P<arts>\d{{1,3}}(?:{_D}\d{{1,2}})?){_SP}{_D}{_SP}(?:я|й|ей|ой|ю|ья|го)\s{{1,2}}"
            r"стат\w{1,4}"
        ),
        _RU_ORDINAL_GATE,
    ),
    # "Article 33", "Art. 33(2)(a)", "Articles 50 to 52", "Article 33, paragraph 2"
    _Pattern(
        "article",
        _rx(
            rf"{_START}{_EN_ART}{_SP}(?:from\s{{1,2}}|nos?\.\s{{0,2}})?(?P<arts>(?>{_list(_DOT_NUM)}))"
            rf"(?P<brackets>(?:{_SP}\({_SP}(?:\d{{1,2}}|[a-z]){_SP}\)){{1,2}})?"
            rf"(?:{_SP}[,;]?{_SP}{_EN_PARA}{_SP}\(?(?P<paras>(?>{_list(_NUM)}))\)?"
            rf"(?!{_SP}{_EN_OF}{_EN_ART}))?"
            rf"(?:{_SP}[,;]?{_SP}{_EN_POINT}{_SP}(?P<points>(?>{_list(_POINT_ITEM, 10)}))"
            rf"(?!{_SP}{_EN_OF}(?:{_EN_PARA}|{_EN_ART})))?"
        ),
        _EN_GATE,
    ),
    # "paragraph 2 of Article 31", "point 1 of paragraph 1 of Article 21", "paragraphs 1 and 2 of Art. 4"
    _Pattern(
        "article",
        _rx(
            rf"{_START}(?:{_EN_POINT}{_SP}(?P<points>(?>{_list(_POINT_ITEM, 10)})){_SP}{_EN_OF})?"
            rf"(?:{_EN_PARA}{_SP}\(?(?P<paras>(?>{_list(_NUM)}))\)?{_SP}{_EN_OF})?"
            rf"{_EN_ART}{_SP}(?P<arts>(?>{_list(_NUM)}))"
        ),
        _EN_PARA_GATE,
    ),
    # "33-бап", "33-ші бап", "5 және 7-баптар", "50–52-баптар", "33-baptyñ 2-tarmağy",
    # "21-баптың 1-тармағының 1) тармақшасы"
    _Pattern(
        "article",
        _rx(
            rf"{_KK_LIST_START}(?P<arts>(?>{_list(_KK_NUM, 15)})){_SP}{_D}?{_SP}{_KK_ART}"
            rf"(?:{_SP}[,;]?{_SP}(?P<paras>(?>{_list(_KK_NUM, 10)})){_SP}{_D}?{_SP}{_KK_PARA})?"
            rf"(?:{_SP}[,;]?{_SP}(?P<points>(?>{_list(_KK_POINT_ITEM, 10)})){_SP}{_D}?{_SP}{_KK_POINT})?"
        ),
        _KK_GATE,
        kazakh=True,
    ),
    # "раздел II", "разделы I–III", "Section 2", "Part II"; "II бөлім", "2-бөлім", "II bölım"
    _Pattern(
        "section",
        _rx(rf"{_START}(?:{_RU_SECTION}|{_EN_SECTION}){_SP}(?P<nums>(?>{_list(_SEC_ITEM, 10)}))"),
        _SECTION_GATE,
    ),
    _Pattern(
        "section",
        _rx(
            rf"{_KK_LIST_START}(?P<nums>(?>{_list(_KK_SEC_ITEM, 10)})){_SP}{_D}?{_SP}{_KK_SECTION}"
        ),
        _KK_SECTION_GATE,
        kazakh=True,
    ),
    # "глава 3", "Chapter 3", "3-тарау"
    _Pattern(
        "chapter",
        _rx(rf"{_START}(?:{_RU_CHAPTER}|{_EN_CHAPTER}){_SP}(?P<nums>(?>{_list(_SEC_ITEM, 10)}))"),
        _CHAPTER_GATE,
    ),
    _Pattern(
        "chapter",
        _rx(
            rf"{_KK_LIST_START}(?P<nums>(?>{_list(_KK_SEC_ITEM, 10)})){_SP}{_D}?{_SP}{_KK_CHAPTER}"
        ),
        _KK_CHAPTER_GATE,
        kazakh=True,
    ),
)

_DIGIT = re.compile(r"\d")
_ROMAN_LETTER = re.compile("[IVXІХ]")
_ROMAN_AFTER = re.compile(r"\w{0,4}\.?\s{0,3}[IVXІХ]")
_ROMAN_BEFORE = re.compile(rf"[IVXІХ](?:{_SP}{_D}?{_SP}\w{{0,4}})?{_SP}{_D}?{_SP}$")

# The name of another act right after the reference, or (Kazakh) right before it.
_OTHER_ACT_AFTER = _rx(
    r"\s{0,3}(?:of\s{1,2}(?:the\s{1,2})?(?:(?:Republic\s{1,2}of\s{1,2}Kazakhstan\s{1,2})?"
    r"(?:Criminal|Civil|Labou?r|Tax|Administrative|Budget|Land|Water|Family|Election|Electoral"
    r"|Entrepreneurial|Universal|International|European|UN|ICCPR|UDHR|ECHR|Convention|Covenant"
    r"|Declaration|Code|Law|Act|Rules|Regulations?|Charter\s{1,2}of\s{1,2}the)\b)"
    r"|(?:УК|ГК|ТК|НК|КоАП|УПК|ГПК|АПК|ЗК|БК|СК|ЭК|ICCPR|UDHR|ECHR|ҚК|АК|ӘҚБтК)(?!\w)"
    r"|(?:кодекс|закон(?!одат)|конвенци|пакт|декларац|регламент|постановлен|criminal\s{1,2}code"
    r"|civil\s{1,2}code|labou?r\s{1,2}code)\w{0,12}|(?:указ|устав|приказ)(?:а|у|ом|е)?(?!\w)"
    r"|(?:уголовн|гражданск|трудов|налогов|земельн|бюджетн|административн|экологическ|водн"
    r"|предпринимательск|семейн|избирательн)\w{0,6}\s{1,2}(?:процессуальн\w{0,6}\s{1,2})?кодекс"
    r"|(?:всеобщ|международн|европейск)\w{0,6}\s{1,2}(?:деклар|пакт|конвенц)|(?:code|law|act)\b)"
)
_OTHER_ACT_BEFORE = _rx(
    r"(?:(?<!ата\s)(?<!негізгі\s)заң\w{0,6}|кодекс\w{0,6}|kodeks\w{0,6}|ҚК|АК|ЕК|конвенция\w{0,5}"
    r"|пакт\w{0,5}|декларация\w{0,5}|Code|Law)\s{1,3}$"
)
# An unhyphenated Kazakh number before "бап" followed by one of these counts articles.
_KK_COUNT = _rx(r"\s{1,3}(?:бар|жоқ|тұрады|ғана|қана|қосу\w*|қосылсын|енгізу\w*|bar|turady)(?!\w)")
_LONE_I_FOLLOWED_BY_WORD = re.compile(
    r"\s{1,3}(?!(?:of|and|or|to|in|on|is|was|should|must|which|that|says|states)\b)[a-z]"
)
# "Section 2 of the Constitution" is one; "section 2 of my letter" is not.
_OF_SOMETHING_ELSE = _rx(
    r"\s{1,3}of\s{1,2}(?!(?:the\s{1,2})?(?:constitution|basic\s{1,2}law|republic)\b)"
)
_KK_ORD_RX = re.compile(_KK_ORD, _FLAGS)

# Items inside a captured list.
_NUMBER_ITEM = re.compile(
    rf"(?P<a>\d{{1,3}})(?:{_D}(?P<b>\d{{1,3}}))?(?!\d)(?:\.(?P<dot>\d{{1,2}}))?"
)
_POINT_ITEM_RX = re.compile(r"\d{1,2}(?!\d)|(?<![\w])[a-zа-яё](?=\))", _FLAGS)
_SECTION_ITEM_RX = re.compile(rf"{_ROMAN}(?![\w])|\d{{1,2}}(?!\d)", _FLAGS)
_RANGE_BETWEEN = re.compile(rf"\s*(?:{_KK_ORD})?\s*(?:{_D}|по|до|to|through)\s*", _FLAGS)
_ROMAN_TO_LATIN = str.maketrans({"І": "I", "Х": "X"})

#: Longest range that is expanded; a wider one ("статьи 1-500") is read as its two ends.
MAX_RANGE = 150
MAX_PARAGRAPH_RANGE = 20


# --------------------------------------------------------------------------- finding


def _numbers(listing: str | None, widest: int = MAX_RANGE) -> list[tuple[str, str | None]]:
    """("33", None), ("33-1", None), ("33", "2") for "33.2"; ranges expanded.

    A range word ("до", "to") before a number that cannot end a range is not
    a range but the rest of the sentence ("п. 1 ст. 41 до 35 лет"), so the
    list stops there.
    """
    if not listing:
        return []
    out: list[tuple[str, str | None]] = []
    previous_end = -1
    for m in _NUMBER_ITEM.finditer(listing):
        first = int(m.group("a"))
        second = int(m.group("b")) if m.group("b") else None
        dot = str(int(m.group("dot"))) if m.group("dot") else None
        between = listing[previous_end : m.start()] if previous_end >= 0 else ""
        previous_end = m.end()
        if out and _RANGE_BETWEEN.fullmatch(between):
            last = out[-1][0]
            if not last.isdigit() or not int(last) < first <= int(last) + widest:
                break
            out.extend((str(n), None) for n in range(int(last) + 1, first + 1))
            continue
        if second is None:
            out.append((str(first), dot))
        elif first < second <= first + widest:
            out.extend((str(n), None) for n in range(first, second + 1))
        elif second > first:
            out.extend([(str(first), None), (str(second), None)])
        else:
            out.append((f"{first}-{second}", dot))
    return out


def _points(listing: str | None) -> list[str]:
    if not listing:
        return []
    return [str(int(v)) if v.isdigit() else v.lower() for v in _POINT_ITEM_RX.findall(listing)]


def _parts(listing: str) -> list[str]:
    """Section or chapter numbers, Roman ones converted, ranges ("I–III") expanded."""
    out: list[str] = []
    previous_end = -1
    for m in _SECTION_ITEM_RX.finditer(listing):
        raw = m.group(0)
        value = int(raw) if raw.isdigit() else roman_to_int(raw.translate(_ROMAN_TO_LATIN))
        between = listing[previous_end : m.start()] if previous_end >= 0 else ""
        previous_end = m.end()
        if not value:
            continue
        if (
            out
            and _RANGE_BETWEEN.fullmatch(between)
            and int(out[-1]) < value <= int(out[-1]) + MAX_RANGE
        ):
            out.extend(str(n) for n in range(int(out[-1]) + 1, value + 1))
        else:
            out.append(str(value))
    return out


def _article_citations(m: re.Match[str]) -> list[Citation]:
    groups = m.groupdict()
    arts = _numbers(groups.get("arts"))
    paras = [number for number, _ in _numbers(groups.get("paras"), MAX_PARAGRAPH_RANGE)]
    points = _points(groups.get("points"))
    brackets = re.findall(r"\(\s*(\d{1,2}|[a-z])\s*\)", groups.get("brackets") or "", _FLAGS)
    if brackets and not paras:
        paras = [str(int(brackets[0])) if brackets[0].isdigit() else brackets[0].lower()]
        if len(brackets) > 1 and not points:
            points = _points(brackets[1] + ")")
    start, end = m.start(), m.end()
    if len(arts) == 1 and arts[0][1] is not None and not paras:
        paras = [arts[0][1]]  # "ст. 33.2"
    if len(arts) != 1:
        # Paragraphs of a list of articles are ambiguous; name the articles alone.
        return [Citation("article", number, None, None, start, end) for number, _ in arts]
    number = arts[0][0]
    if not paras:
        if points:
            return [Citation("article", number, None, point, start, end) for point in points]
        return [Citation("article", number, None, None, start, end)]
    if len(paras) == 1 and points:
        return [Citation("article", number, paras[0], point, start, end) for point in points]
    return [Citation("article", number, para, None, start, end) for para in paras]


def _is_kazakh_count(text: str, m: re.Match[str]) -> bool:
    """ "98 баптан тұрады": an unhyphenated number and a verb of counting."""
    if m.end() != m.end("kw"):
        return False
    link = text[m.end("nums" if "nums" in m.re.groupindex else "arts") : m.start("kw")]
    if re.search(_D, link) or _KK_ORD_RX.search(link):
        return False
    return _KK_COUNT.match(text, m.end()) is not None


def _cites_another_act(text: str, m: re.Match[str], *, kazakh: bool) -> bool:
    if _OTHER_ACT_AFTER.match(text, m.end()):
        return True
    return kazakh and _OTHER_ACT_BEFORE.search(text, max(0, m.start() - 40), m.start()) is not None


def _acceptable(text: str, pattern: _Pattern, m: re.Match[str]) -> bool:
    """False for a count, a lone English "I" or a citation of another act."""
    if pattern.kazakh and _is_kazakh_count(text, m):
        return False
    if (
        pattern.kind != "article"
        and not pattern.kazakh
        and m.group("nums") in ("I", "І")
        and _LONE_I_FOLLOWED_BY_WORD.match(text, m.end())
    ):
        return False  # "in this section I propose"
    if pattern.kind != "article" and not pattern.kazakh and _OF_SOMETHING_ELSE.match(text, m.end()):
        return False  # "section 2 of my letter", "section 3 of Article 5"
    return not _cites_another_act(text, m, kazakh=pattern.kazakh)


def _roman_next_to_a_part_word(text: str, lower: str) -> bool:
    """Whether a text without digits can cite anything: "раздел II", "Part IV", "II бөлім"."""
    for words, near in (
        (_SECTION_GATE + _CHAPTER_GATE, _ROMAN_AFTER),
        (_KK_SECTION_GATE + _KK_CHAPTER_GATE, None),
    ):
        for word in words:
            index = lower.find(word)
            while index >= 0:
                if near is not None and near.match(text, index + len(word)):
                    return True
                if near is None and _ROMAN_BEFORE.search(text, max(0, index - 8), index):
                    return True
                index = lower.find(word, index + 1)
    return False


def _citations(pattern: _Pattern, m: re.Match[str]) -> list[Citation]:
    if pattern.kind == "article":
        return _article_citations(m)
    return [
        Citation(pattern.kind, n, None, None, m.start(), m.end()) for n in _parts(m.group("nums"))
    ]


def find_citations(text: str) -> list[Citation]:
    """All references in order of appearance, ranges and lists expanded, duplicates (same key) removed keeping the first.

    Where two readings overlap, the one that starts first wins, and of two
    starting together the longer, so "пункт 2 статьи 31" is one citation
    rather than a paragraph and an article. A Kazakh list that begins inside
    an earlier reading ("Статья 1 и I бөлім") is read again from its end.
    """
    has_digit = _DIGIT.search(text) is not None
    if not has_digit and _ROMAN_LETTER.search(text) is None:
        return []
    lower = text.lower()
    if not has_digit and not _roman_next_to_a_part_word(text, lower):
        return []
    candidates: list[tuple[int, int, _Pattern, re.Match[str]]] = []
    for pattern in _PATTERNS:
        if (pattern.kind == "article" and not has_digit) or not any(
            word in lower for word in pattern.gate
        ):
            continue
        candidates.extend((m.start(), -m.end(), pattern, m) for m in pattern.regex.finditer(text)
                          if _acceptable(text, pattern, m))  # fmt: skip
    candidates.sort(key=lambda item: (item[0], item[1]))
    result: list[Citation] = []
    keys: set[str] = set()
    covered_until = -1
    for start, _, pattern, found in candidates:
        m: re.Match[str] | None = found
        if start < covered_until:
            m = pattern.regex.search(text, covered_until, found.end()) if pattern.kazakh else None
            if m is None or m.end() != found.end() or not _acceptable(text, pattern, m):
                continue
        assert m is not None
        items = _citations(pattern, m)
        if not items:
            continue
        covered_until = m.end()
        for citation in items:
            if citation.key not in keys:
                keys.add(citation.key)
                result.append(citation)
    return result


# --------------------------------------------------------------------------- resolving


def _canonical(num: str) -> str:
    """A provision number as citations write it: "33-1", "2" for "2.", "a" for "a)"."""
    cleaned = re.sub(_D, "-", num.strip().rstrip(".)").lstrip("(")).lower()
    cleaned = re.sub(r"\s+", "", cleaned)
    if cleaned.isdigit():
        return str(int(cleaned))
    return cleaned


def _part_number(num: str) -> str:
    cleaned = num.strip().rstrip(".").translate(_ROMAN_TO_LATIN)
    if cleaned.isdigit():
        return str(int(cleaned))
    value = roman_to_int(cleaned)
    return str(value) if value else _canonical(num)


class CitationIndex:
    """One document's provisions by number, built once and used for many proposals.

    Articles are numbered through the whole text, so an article number is
    enough to find one; paragraphs and points are looked up inside it.
    Build a new index if the document changes.
    """

    def __init__(self, document: Document) -> None:
        located: dict[int, Located] = {id(loc.provision): loc for loc in document.located()}
        self.document = document
        self._articles: dict[str, Located] = {}
        self._paragraphs: dict[tuple[str, str], Located] = {}
        self._points: dict[tuple[str, str | None, str], Located] = {}
        self._sections: dict[str, Located] = {}
        self._chapters: dict[str, Located] = {}
        for loc in located.values():
            provision = loc.provision
            if provision.kind == "section":
                self._sections.setdefault(_part_number(provision.num), loc)
            elif provision.kind == "chapter":
                self._chapters.setdefault(_part_number(provision.num), loc)
            elif provision.kind == "article":
                article = _canonical(provision.num)
                if article in self._articles:
                    continue
                self._articles[article] = loc
                self._index_article(article, provision, located)

    def _index_article(
        self, article: str, provision: Provision, located: dict[int, Located]
    ) -> None:
        for child in provision.children:
            number = _canonical(child.num)
            if child.kind == "point":
                self._points.setdefault((article, None, number), located[id(child)])
            elif child.kind == "paragraph":
                self._paragraphs.setdefault((article, number), located[id(child)])
                for point in child.children:
                    key = (article, number, _canonical(point.num))
                    self._points.setdefault(key, located[id(point)])

    def locate(self, citation: Citation) -> Located | None:
        """The most specific provision that exists: point, else paragraph, else article."""
        if citation.kind == "section":
            return self._sections.get(citation.number)
        if citation.kind == "chapter":
            return self._chapters.get(citation.number)
        article = citation.number
        if article not in self._articles:
            return None
        paragraph, point = citation.paragraph, citation.point
        if point is not None:
            found = self._points.get((article, paragraph, point))
            if found is not None:
                return found
        if paragraph is not None:
            found = self._paragraphs.get((article, paragraph))
            if found is not None:
                return found
            # "пункт 1 статьи 21" of an article whose items are points, not paragraphs.
            found = self._points.get((article, None, paragraph))
            if found is not None:
                return found
        return self._articles[article]

    def resolve(self, citation: Citation) -> ResolvedCitation:
        """The citation with the eid and uid of ``locate``'s provision (None when there is none)."""
        found = self.locate(citation)
        if found is None:
            return ResolvedCitation(citation, None, None)
        return ResolvedCitation(citation, found.eid, found.provision.uid or None)


_INDEXES: dict[int, CitationIndex] = {}
_MAX_INDEXES = 16


def index_for(document: Document) -> CitationIndex:
    """The cached index of ``document`` (by identity; the cache keeps the few most recent)."""
    index = _INDEXES.get(id(document))
    if index is None or index.document is not document:
        if len(_INDEXES) >= _MAX_INDEXES:
            del _INDEXES[next(iter(_INDEXES))]
        index = CitationIndex(document)
        _INDEXES[id(document)] = index
    return index


def resolve_citations(citations: Iterable[Citation], document: Document) -> list[ResolvedCitation]:
    """Each citation resolved to the most specific provision that exists.

    A point that the document lacks falls back to its paragraph, a paragraph
    to its article, and the coarser eid returned says so; an article the
    document does not have gives ``eid=None``. The lookup table is built once
    per document object and reused across calls, since the pipeline resolves
    every proposal against the same few documents.
    """
    index = index_for(document)
    return [index.resolve(citation) for citation in citations]
