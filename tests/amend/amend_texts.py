"""A small constitution in kk, ru and en, and helpers to name its provisions.

The three files have the same structure, so the parser gives their
provisions the same uids, as it does for the demo's texts. Article 5 cites
Articles 3 and 4 and paragraph 2 of Article 4 in each language's own style.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from atazan_amend import ProvisionText, Rewording
from atazan_texts.model import Document, Provision
from atazan_texts.plaintext import parse_plaintext

LANGS = ("kk", "ru", "en")

T = TypeVar("T")

TEXTS = {
    "en": """% title: Charter of Demo
% language: en
% work: demo
% version: 1

Preamble
We, the people of Demo, adopt this Charter.

Section I. Basics

Article 1
1. Demo is a republic.
2. Power belongs to the people.

Article 2
The capital is Arlen.

Section II. Rights

Article 3
Everyone has the right to life.

Article 4
1. Torture is prohibited.
2. No one may be held in slavery.

Article 5
The rights in Articles 3 and 4 bind every court; Article 4(2) admits no exception.

Section III. Final Provisions

Article 6
This Charter enters into force on adoption; Article 2 applies from the next year.
""",
    "ru": """% title: Хартия Демо
% language: ru
% work: demo
% version: 1

Преамбула
Мы, народ Демо, принимаем эту Хартию.

Раздел I. Основы

Статья 1
1. Демо — республика.
2. Власть принадлежит народу.

Статья 2
Столица — Арлен.

Раздел II. Права

Статья 3
Каждый имеет право на жизнь.

Статья 4
1. Пытки запрещены.
2. Никто не может содержаться в рабстве.

Статья 5
Права, указанные в статьях 3 и 4, обязательны для всех судов; пункт 2 статьи 4 не допускает исключений.

Раздел III. Заключительные положения

Статья 6
Хартия вступает в силу с момента принятия; статья 2 применяется со следующего года.
""",
    "kk": """% title: Демо хартиясы
% language: kk
% work: demo
% version: 1

Кіріспе
Біз, Демо халқы, осы Хартияны қабылдаймыз.

I бөлім. Негіздер

1-бап
1. Демо — республика.
2. Билік халыққа тиесілі.

2-бап
Астанасы — Арлен.

II бөлім. Құқықтар

3-бап
Әркімнің өмір сүруге құқығы бар.

4-бап
1. Азаптауға тыйым салынады.
2. Ешкімді құлдықта ұстауға болмайды.

5-бап
3 және 4-баптарда көрсетілген құқықтар барлық соттар үшін міндетті; 4-баптың 2-тармағы ешқандай ерекшелікке жол бермейді.

III бөлім. Қорытынды ережелер

6-бап
Хартия қабылданған сәттен бастап күшіне енеді; 2-бап келесі жылдан бастап қолданылады.
""",
}


def base(languages: tuple[str, ...] = LANGS) -> dict[str, Document]:
    """A fresh copy of the base in the given languages."""
    return {lang: parse_plaintext(TEXTS[lang]) for lang in languages}


def find(document: Document, kind: str, num: str) -> Provision:
    return next(p for p in document.walk() if p.kind == kind and p.num == num)


def uid(documents: dict[str, Document], kind: str, num: str) -> str:
    return find(documents["en"], kind, num).uid


def each(make: T | Callable[[str], T]) -> dict[str, T | None]:
    """The same content in every language (a function is called with the language)."""
    if callable(make):
        return {lang: make(lang) for lang in LANGS}
    return dict.fromkeys(LANGS, make)


def article(num: str, text: str, *paragraphs: str) -> ProvisionText:
    return ProvisionText(
        kind="article",
        num=num,
        text=text,
        children=tuple(
            ProvisionText(kind="paragraph", num=str(i), text=p) for i, p in enumerate(paragraphs, 1)
        ),
    )


def words(text: str) -> Rewording:
    return Rewording(text=text)


def shape(document: Document) -> list[tuple[str, str, str]]:
    """Kinds, numbers and uids in reading order: what every language must share."""
    return [(p.kind, p.num, p.uid) for p in document.walk()]
