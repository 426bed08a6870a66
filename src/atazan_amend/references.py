"""The constitution's references to its own articles, in English, Russian and Kazakh.

A focused finder for the text's own drafting style, not for whatever
citizens write (that is ``atazan_analysis.citations``): each article and
paragraph *number* is located exactly, so renumbering rewrites only the
digits and leaves the words, their case endings and the punctuation alone.

* en: "Article 60", "Articles 46 and 47", "Articles 50 to 52",
  "Article 60(2)", "paragraph 2 of Article 60";
* ru: "статья 60", "статьёй 60", "статьями 46 и 47", "статьи с 50 по 52",
  "пункт 2 статьи 60", "пунктом 2 статьи 60";
* kk: "60-бап", "60-бабы", "60-бапқа", "46 және 47-баптарға",
  "50–52-баптар", "60-баптың 2-тармағы".

A hyphenated pair is an inserted number ("33-1") when the second part is not
larger than the first, and a range ("50-52") otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d{1,4}(?:[-‑]\d{1,3})?"


@dataclass(frozen=True)
class CitedNumber:
    """One number in the text, as written, with its span."""

    start: int
    end: int
    num: str


@dataclass(frozen=True)
class ArticleCitation:
    """An article (and maybe a paragraph of it) named in a text.

    ``closes_range`` marks the second end of a range ("to 52"): the one before
    it in the list opens the range.
    """

    article: CitedNumber
    paragraph: CitedNumber | None = None
    closes_range: bool = False


@dataclass(frozen=True)
class _Style:
    keyword: re.Pattern[str]  # before the list (en, ru)
    separator: re.Pattern[str]
    range_word: re.Pattern[str]
    paragraph_first: re.Pattern[str]  # "paragraph 2 of Article 60": groups para, art
    item: re.Pattern[str]  # one number of the list, maybe with "(2)": groups num, para


_PLAIN_ITEM = re.compile(rf"(?P<num>{_NUM})(?![\w-])(?P<para>)")
_BRACKET_ITEM = re.compile(rf"(?P<num>{_NUM})(?:\((?P<para>{_NUM})\))?(?![\w-])")


_EN = _Style(
    keyword=re.compile(r"(?<![\w-])(?:articles?|arts?\.)\s{1,3}(?:nos?\.\s*)?", re.IGNORECASE),
    separator=re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE),
    range_word=re.compile(r"\s*[–—]\s*|\s+(?:to|through)\s+", re.IGNORECASE),
    paragraph_first=re.compile(
        rf"(?<![\w-])(?:paragraph|para\.)\s+(?P<para>{_NUM})\s+of\s+(?:this\s+)?"
        rf"(?:article|art\.)\s+(?P<art>{_NUM})(?![\w(])",
        re.IGNORECASE,
    ),
    item=_BRACKET_ITEM,
)

_RU_ARTICLE = r"(?:стат(?:ья|ьи|ье|ью|ьёй|ьей|ьею|ьёю|ьями|ьях|ьям|ей)(?![а-яё])|ст\.)"
_RU = _Style(
    keyword=re.compile(rf"(?<![\w-]){_RU_ARTICLE}\s{{0,3}}(?:с\s+)?", re.IGNORECASE),
    separator=re.compile(r"\s*,\s*(?:и\s+|или\s+)?|\s+(?:и|или)\s+", re.IGNORECASE),
    range_word=re.compile(r"\s*[–—]\s*|\s+по\s+", re.IGNORECASE),
    paragraph_first=re.compile(
        rf"(?<![\w-])(?:пункт(?:а|у|ом|е|ы|ов|ам|ами|ах)?|част(?:ь|и|ью))(?![а-яё])\s+"
        rf"(?P<para>{_NUM})\s+(?:настоящей\s+)?{_RU_ARTICLE}\s{{0,3}}(?P<art>{_NUM})(?![\w])",
        re.IGNORECASE,
    ),
    item=_PLAIN_ITEM,
)

_KK_LIST = re.compile(
    rf"(?<![\w\-‑–])(?P<list>{_NUM}(?:(?:\s*,\s*|\s+(?:және|мен|немесе)\s+|\s*[–—]\s*){_NUM}){{0,20}})"
    r"\s*[-‑–]\s*(?:бап|баб)\w*"
    rf"(?:\s+(?P<para>{_NUM})\s*[-‑–]\s*тарма(?:қ|ғ)(?!ш)\w*)?",
    re.IGNORECASE,
)
_KK_ITEM = re.compile(_NUM)
_DIGIT = re.compile(r"\d")
_KK_RANGE = re.compile(r"\s*[–—]\s*")


def find_article_citations(text: str, language: str) -> list[ArticleCitation]:
    """Every reference to an article of this text, in order of appearance."""
    if _DIGIT.search(text) is None:
        return []
    if language == "kk":
        return _split_ranges(_find_kk(text))
    style = _RU if language == "ru" else _EN
    found: list[ArticleCitation] = []
    covered: list[tuple[int, int]] = []
    for match in style.paragraph_first.finditer(text):
        found.append(
            ArticleCitation(
                article=CitedNumber(match.start("art"), match.end("art"), match["art"]),
                paragraph=CitedNumber(match.start("para"), match.end("para"), match["para"]),
            )
        )
        covered.append((match.start(), match.end()))
    for match in style.keyword.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        found.extend(_read_list(text, match.end(), style))
    found.sort(key=lambda c: c.article.start)
    return _split_ranges(found)


def _read_list(text: str, position: int, style: _Style) -> list[ArticleCitation]:
    item = style.item
    out: list[ArticleCitation] = []
    closes = False
    while True:
        match = item.match(text, position)
        if match is None:
            break
        paragraph = None
        if match.group("para"):
            paragraph = CitedNumber(match.start("para"), match.end("para"), match["para"])
        out.append(
            ArticleCitation(
                article=CitedNumber(match.start("num"), match.end("num"), match["num"]),
                paragraph=paragraph,
                closes_range=closes,
            )
        )
        position = match.end()
        ranged = style.range_word.match(text, position)
        listed = style.separator.match(text, position)
        follows = ranged or listed
        if follows is None or item.match(text, follows.end()) is None:
            break
        closes = ranged is not None
        position = follows.end()
    return out


def _find_kk(text: str) -> list[ArticleCitation]:
    out: list[ArticleCitation] = []
    for match in _KK_LIST.finditer(text):
        listing_start = match.start("list")
        listing = match["list"]
        items = list(_KK_ITEM.finditer(listing))
        for index, item in enumerate(items):
            between = listing[items[index - 1].end() : item.start()] if index else ""
            out.append(
                ArticleCitation(
                    article=CitedNumber(
                        listing_start + item.start(), listing_start + item.end(), item.group()
                    ),
                    closes_range=bool(index and _KK_RANGE.fullmatch(between)),
                )
            )
        if match.group("para") and out:
            last = out[-1]
            para = CitedNumber(match.start("para"), match.end("para"), match["para"])
            out[-1] = ArticleCitation(last.article, para, last.closes_range)
    return out


def _split_ranges(citations: list[ArticleCitation]) -> list[ArticleCitation]:
    """ "50-52" written with a hyphen is a range; "33-1" is one inserted article."""
    out: list[ArticleCitation] = []
    for citation in citations:
        first, dash, second = citation.article.num.replace("‑", "-").partition("-")
        if dash and second.isdigit() and first.isdigit() and int(second) > int(first):
            start = citation.article.start
            out.append(ArticleCitation(CitedNumber(start, start + len(first), first)))
            second_start = start + len(first) + 1
            out.append(
                ArticleCitation(
                    CitedNumber(second_start, citation.article.end, second),
                    citation.paragraph,
                    closes_range=True,
                )
            )
        else:
            out.append(citation)
    return out


def normalise_num(num: str) -> str:
    """Numbers compare as eIds do: "33‑1" with a non-breaking hyphen is "33-1"."""
    return num.replace("‑", "-").replace("–", "-")
