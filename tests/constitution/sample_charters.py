"""Small hand-written texts for the constitution tests (original, fictional)."""

from __future__ import annotations

from typing import Any

from atazan.constitution.actions import import_text
from atazan.constitution.models import Expression
from atazan_texts.io import load_document

from factories import SYSTEM

BASE_EN = """\
% title: Charter of the Lake Cantons
% work: lakes
% version: 2001
% date: 2001-05-01
% status: in_force

Preamble
We, the people of the Lake Cantons, adopt this Charter.

Section I. Foundations

Article 1
1. The Lake Cantons are a democratic and secular state.
2. Power belongs to the people.

Article 2
The capital of the Lake Cantons is Tasbulak.

Section II. Rights

Article 3
1. Everyone has the right to life.
2. No one may be tortured.
2-1. Evidence obtained by torture has no legal force.

Article 4
1. Everyone may speak freely.
2. Censorship is prohibited, except:
1) to protect children;
2) in a state of emergency declared by law.

Article 5
The old council of elders advises the government on customs.
"""

DRAFT_EN = """\
% title: Charter of the Lake Cantons (draft)
% work: lakes
% version: 2026-draft
% date: 2026-01-30
% status: draft

Preamble
We, the people of the Lake Cantons, adopt this Charter.

Section I. Foundations

Article 1
1. The Lake Cantons are a democratic, secular and social state.
2. Power belongs to the people.

Section II. Rights

Article 2
1. Everyone has the right to life.
2. No one may be tortured.
2-1. Evidence obtained by torture has no legal force.

Article 3
1. Everyone may speak freely.
2. Censorship is prohibited, except:
1) to protect children;
2) in a state of emergency declared by law.

Section III. The Capital

Article 4
The capital of the Lake Cantons is Tasbulak.
"""

BASE_RU = """\
% title: Хартия Озёрных кантонов
% work: lakes
% version: 2001
% status: in_force

Преамбула
Мы, народ Озёрных кантонов, принимаем настоящую Хартию.

Раздел I. Основы

Статья 1
1. Озёрные кантоны являются демократическим и светским государством.
2. Власть принадлежит народу.

Статья 2
Столица Озёрных кантонов — город Тасбулак.

Раздел II. Права

Статья 3
1. Каждый имеет право на жизнь.
2. Никто не может подвергаться пыткам.
2-1. Доказательства, полученные под пыткой, не имеют юридической силы.

Статья 4
1. Каждый может свободно выражать мнение.
2. Цензура запрещается, кроме случаев:
1) защиты детей;
2) чрезвычайного положения, объявленного законом.

Статья 5
Старый совет старейшин консультирует правительство по вопросам обычаев.
"""

BASE_KK = """\
% title: Көл кантондарының Хартиясы
% work: lakes
% version: 2001
% status: in_force

Кіріспе
Біз, Көл кантондарының халқы, осы Хартияны қабылдаймыз.

I бөлім. Негіздер

1-бап
1. Көл кантондары демократиялық және зайырлы мемлекет болып табылады.
2. Билік халыққа тиесілі.

2-бап
Көл кантондарының астанасы — Тасбұлақ қаласы.

II бөлім. Құқықтар

3-бап
1. Әркімнің өмір сүруге құқығы бар.
2. Ешкімді азаптауға болмайды.
2-1. Азаптау арқылы алынған дәлелдемелердің заңды күші жоқ.

4-бап
1. Әркім өз пікірін еркін білдіре алады.
2. Цензураға тыйым салынады, мына жағдайларды қоспағанда:
1) балаларды қорғау;
2) заңмен жарияланған төтенше жағдай.

5-бап
Ақсақалдардың ескі кеңесі үкіметке салт-дәстүр мәселелері бойынша кеңес береді.
"""

MALFORMED_EN = """\
Section I. Foundations

1. A paragraph before any article.

Article 1
1. Fine.
1. Number repeated.
"""


def store(text: str, language: str, **kwargs: Any) -> Expression:
    source = text.encode()
    return import_text(
        SYSTEM,
        load_document(source, "txt", language=language),
        language=language,
        source_format="txt",
        source=source,
        **kwargs,
    )
