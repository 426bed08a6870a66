"""Duplicates and form-letter campaigns, and analysts' corrections of them."""

from __future__ import annotations

import pytest

from atazan_analysis.duplicates import find_duplicates
from atazan_analysis.records import Corrections
from atazan_analysis.textprep import prepare

from analysis_records import EN, KK, RU, campaign_letters


def _run(texts, corrections=None, min_size=5):
    from atazan_analysis.duplicates import DuplicateSettings

    ids = [f"r{i}" for i in range(len(texts))]
    return ids, find_duplicates(
        ids,
        [prepare(t).words for t in texts],
        DuplicateSettings(campaign_min_size=min_size),
        corrections,
    )


def test_edited_copies_of_a_form_letter_form_one_campaign_with_every_sender():
    letters = campaign_letters(12)
    ids, result = _run(KK + letters + RU + EN)
    assert len(result.campaigns) == 1
    campaign = result.campaigns[0]
    assert sorted(campaign.members) == sorted(ids[len(KK) : len(KK) + 12])
    assert campaign.supporters == 12


def test_unrelated_proposals_are_never_grouped():
    _ids, result = _run(KK + RU + EN)
    assert result.campaigns == []
    assert result.duplicate_of == {}


def test_an_exact_resubmission_points_at_the_first_copy():
    _ids, result = _run([*RU, RU[1]])
    assert result.duplicate_of == {f"r{len(RU)}": "r1"}


def test_a_few_near_copies_are_near_duplicates_not_a_campaign():
    letters = campaign_letters(3, seed=5)
    _ids, result = _run(letters + EN)
    assert result.campaigns == []
    assert set(result.duplicate_of) == {"r1", "r2"}
    assert set(result.duplicate_of.values()) == {"r0"}


def test_short_phrases_repeated_by_many_are_not_a_campaign():
    _ids, result = _run(["Поддерживаю реформу полностью"] * 9)
    assert result.campaigns == []
    assert len(result.duplicate_of) == 8


def test_a_proposal_analysts_took_out_of_campaigns_stays_out():
    letters = campaign_letters(10)
    corrections = Corrections(not_campaign={"r3"})
    _ids, result = _run(letters, corrections)
    assert "r3" not in result.campaign_of
    assert result.campaigns[0].supporters == 9


def test_proposals_analysts_marked_as_one_campaign_are_kept_together():
    corrections = Corrections(campaign_groups=[["r0", "r5", "r10"]])
    _ids, result = _run(KK + RU + EN, corrections)
    assert len(result.campaigns) == 1
    assert result.campaigns[0].marked
    assert sorted(result.campaigns[0].members) == ["r0", "r10", "r5"]


def test_results_do_not_depend_on_anything_but_the_input():
    texts = KK + campaign_letters(7) + RU
    assert _run(texts)[1] == _run(texts)[1]


def test_no_input_one_record_and_empty_word_lists_give_no_links():
    assert find_duplicates([], []).duplicate_of == {}
    assert find_duplicates(["a"], [("one", "word")]).campaigns == []
    assert find_duplicates(["a", "b"], [(), ()]).duplicate_of == {}


def test_identical_letters_form_one_campaign_and_are_linked_to_the_first():
    letter = campaign_letters(1)[0]
    ids, result = _run([letter] * 7)
    assert len(result.campaigns) == 1
    assert sorted(result.campaigns[0].members) == sorted(ids)
    assert set(result.duplicate_of.values()) == {"r0"}


def test_a_copy_of_a_near_duplicate_points_at_the_first_text_of_the_chain():
    letters = campaign_letters(2, seed=5)
    ids, result = _run([letters[0], letters[1], letters[1]])
    assert result.duplicate_of == {"r1": "r0", "r2": "r0"}


def test_every_link_points_at_a_record_that_duplicates_nothing():
    letters = campaign_letters(3, seed=5)
    _ids, result = _run([*letters, letters[1], letters[2], RU[0], RU[0], *EN])
    assert result.duplicate_of
    assert not set(result.duplicate_of.values()) & set(result.duplicate_of)


def test_a_lazily_produced_word_list_gives_the_same_result_as_a_list():
    from atazan_analysis.duplicates import DuplicateSettings

    texts = KK + campaign_letters(7) + RU
    ids = [f"r{i}" for i in range(len(texts))]
    as_list = find_duplicates(ids, [prepare(t).words for t in texts], DuplicateSettings())
    lazily = find_duplicates(ids, (prepare(t).words for t in texts), DuplicateSettings())
    assert as_list == lazily


_OPENINGS = [
    "Уважаемая комиссия.",
    "Здравствуйте.",
    "Прошу рассмотреть моё предложение.",
    "Как гражданин Казахстана хочу высказаться.",
    "Добрый день, уважаемые члены комиссии.",
    "Обращаюсь к вам по важному вопросу.",
    "Пишу впервые, но молчать больше не могу.",
    "Хочу поделиться мнением о проекте.",
]
_SENDERS = [
    "Я работаю врачом в {place} уже много лет.",
    "Пишу как учитель из {place}.",
    "Мы с коллегами-фермерами из {place} часто об этом спорим.",
    "В {place}, где я живу, это обсуждают все соседи.",
    "Я инженер, живу в {place} с детства.",
    "Наша семья давно живёт в {place}.",
]
_FRAMES = [
    "Предлагаю чётко прописать {subject}.",
    "Считаю необходимым уточнить положения про {subject}.",
    "Прошу пересмотреть нормы, касающиеся темы: {subject}.",
    "Нужно исключить двусмысленность в вопросе: {subject}.",
    "Предлагаю закрепить в Конституции {subject}.",
    "Текст должен ясно описывать {subject}.",
]
_REASONS = [
    "Это повысит доверие граждан к государству.",
    "Иначе чиновники будут трактовать норму так, как им удобно.",
    "Соседние страны уже приняли похожие поправки.",
    "Молодёжь должна видеть, что её голос учитывается.",
    "Так будет справедливее по отношению к сёлам.",
    "Это снизит коррупционные риски.",
    "Люди перестанут бояться обращаться в суд.",
    "Об этом годами говорят правозащитники.",
]
_CLOSINGS = [
    "Надеюсь на ответ.",
    "Спасибо за внимание.",
    "С уважением.",
    "Благодарю за вашу работу.",
    "Жду ответа.",
    "",
]
_SUBJECTS = [
    "срок полномочий парламента",
    "выборы акимов сёл и районов",
    "право на доступ к информации",
    "независимость судей",
    "статус государственного языка",
    "отчёт правительства о бюджете",
    "свободу мирных собраний",
    "защиту персональных данных",
    "порядок отрешения президента",
    "полномочия маслихатов",
]
_PLACES = ["Павлодаре", "Актобе", "Таразе", "Шымкенте", "Семее", "Атырау", "Кокшетау"]


def _stock_phrase_proposals(count: int, seed: int) -> list[str]:
    """Proposals built from the same stock phrases, each a different combination of them."""
    import random

    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(_OPENINGS),
            rng.choice(_SENDERS).format(place=rng.choice(_PLACES)),
            rng.choice(_FRAMES).format(subject=rng.choice(_SUBJECTS)),
            rng.choice(_REASONS),
            rng.choice(_FRAMES).format(subject=rng.choice(_SUBJECTS)),
            rng.choice(_REASONS),
            rng.choice(_CLOSINGS),
        ]
        texts.append(" ".join(p for p in parts if p))
    return texts


def test_proposals_sharing_stock_phrases_but_asking_different_things_stay_apart():
    proposals = _stock_phrase_proposals(400, seed=3)
    letters = campaign_letters(10)
    ids, result = _run(proposals + letters)
    letter_ids = set(ids[len(proposals) :])
    assert [sorted(c.members) for c in result.campaigns] == [sorted(letter_ids)]
    assert not set(result.duplicate_of) - letter_ids


_LONG_OPENINGS = [
    "Уважаемая комиссия, как житель нашей области хочу высказаться по важному вопросу.",
    "Здравствуйте, пишу вам как гражданин, которому небезразлична судьба страны.",
    "Прошу рассмотреть моё предложение, его поддерживают многие мои соседи и коллеги.",
    "Как гражданин Казахстана хочу внести предложение в текст новой редакции.",
]
_LONG_REASONS = [
    "Это повысит доверие граждан к государству и снизит коррупционные риски в регионах.",
    "Иначе чиновники будут трактовать норму так, как им удобно, а люди останутся без защиты.",
    "Соседние страны уже приняли похожие поправки, и это дало хороший результат.",
    "Молодёжь должна видеть, что её голос учитывается при принятии важных решений.",
]
_LONG_CLOSINGS = [
    "Надеюсь на ответ. Спасибо за внимание.",
    "С уважением и надеждой на понимание.",
    "Благодарю за вашу работу и жду ответа.",
]


@pytest.mark.xfail(
    strict=True,
    reason="a small set made of a few long stock sentences looks like copies of one another: "
    "with 4 openings, 4 reasons and 3 closings, 235 of 240 proposals end up in 13 campaigns",
)
def test_a_small_set_of_few_long_stock_sentences_is_not_taken_for_campaigns():
    import random

    rng = random.Random(3)
    proposals = [
        " ".join(
            [
                rng.choice(_LONG_OPENINGS),
                f"Предлагаю чётко прописать {rng.choice(_SUBJECTS)}, "
                f"как это обсуждают у нас в {rng.choice(_PLACES)}.",
                rng.choice(_LONG_REASONS),
                rng.choice(_LONG_CLOSINGS),
            ]
        )
        for _ in range(240)
    ]
    _ids, result = _run(proposals)
    assert result.campaigns == []
