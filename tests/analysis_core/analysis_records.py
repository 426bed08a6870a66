"""Small multilingual proposal sets for the analysis tests (original texts)."""

from __future__ import annotations

import random

from atazan_analysis.records import Record

KK = [
    "Парламенттің өкілеттік мерзімін бес жылға ұзартуды ұсынамын, сайлау әділ өтуі керек.",
    "Ауыл әкімдерін халық тікелей сайлауы тиіс, бұл жергілікті басқаруды күшейтеді.",
    "Мемлекеттік тілдің мәртебесін нақтылау қажет, барлық құжаттар қазақ тілінде болсын.",
    "Таза қоршаған ортаға құқықты Конституцияға енгізу керек, өзендер ластанып жатыр.",
    "Судьяларды тағайындау тәртібі ашық болуы тиіс, соттардың тәуелсіздігі маңызды.",
]
RU = [
    "Предлагаю сократить срок полномочий Президента и запретить повторное избрание.",
    "Прошу закрепить право граждан напрямую обращаться в Конституционный суд.",
    "Акимы сёл и районов должны избираться жителями, а не назначаться сверху.",
    "Нужно гарантировать право на чистую окружающую среду и доступ к информации об экологии.",
    "Судьи должны назначаться открыто, по конкурсу, чтобы суды были независимыми.",
]
EN = [
    "The Constitution should guarantee the independence of judges and open court hearings.",
    "I propose that village akims are elected directly by residents instead of being appointed.",
    "Please add the right to a clean environment and make polluters pay for the damage.",
    "Parliament should have the power to dismiss ministers who fail to report on the budget.",
    "Citizens must be able to turn directly to the Constitutional Court to defend their rights.",
]

CAMPAIGN_TEMPLATE = (
    "Мы, жители Павлодарской области, требуем закрепить в Конституции право каждого на чистый воздух. "
    "Предприятия, которые загрязняют город, должны публиковать данные о выбросах каждый месяц. "
    "Жители должны участвовать в решениях о строительстве новых заводов рядом с домами. "
    "Без этого наши дети продолжат болеть, а государство будет закрывать на это глаза."
)
GREETINGS = ["Здравствуйте!", "Уважаемая комиссия!", "Добрый день.", ""]
SIGNATURES = ["С уважением, Анна.", "Подпись: Сергей из Экибастуза.", "Поддерживаю полностью.", ""]


def campaign_letters(count: int, seed: int = 1) -> list[str]:
    """Copies of one form letter, each edited a little as senders do."""
    rng = random.Random(seed)
    sentences = [s for s in CAMPAIGN_TEMPLATE.split(". ") if s]
    letters = []
    for _ in range(count):
        order = sentences[:1] + rng.sample(sentences[1:], len(sentences) - 1)
        body = ". ".join(order).replace("требуем", rng.choice(["требуем", "просим"]))
        letters.append(
            " ".join(p for p in (rng.choice(GREETINGS), body, rng.choice(SIGNATURES)) if p)
        )
    return letters


def mixed_records(campaign_size: int = 8) -> list[Record]:
    """Ordinary proposals in three languages, one campaign and one exact duplicate."""
    texts = KK + RU + EN + campaign_letters(campaign_size) + [RU[0]]
    return [Record(f"p{i:03d}", text) for i, text in enumerate(texts)]
