"""Themes: reproducible clusters with readable labels and quoted summaries."""

from __future__ import annotations

import random

from atazan_analysis.textprep import prepare
from atazan_analysis.themes import Idea, ThemeSettings, cluster_language

COURTS = ["судьи", "суд", "судов", "правосудие", "присяжных", "независимость", "заседания"]
ECOLOGY = ["экология", "выбросы", "воздух", "заводы", "загрязнение", "природа", "леса"]
FILLER = ["предлагаю", "нужно", "важно", "граждан", "государство", "всегда", "сегодня"]


def _ideas(count=40, seed=3):
    rng = random.Random(seed)
    ideas = []
    for i in range(count):
        topic = COURTS if i % 2 == 0 else ECOLOGY
        words = rng.sample(topic, 4) + rng.sample(FILLER, 2)
        text = f"Предлагаю изменить правила: {' '.join(words)} это важно для всех граждан страны."
        ideas.append(Idea(f"p{i}", "ru", prepare(text).words, text))
    return ideas


def test_two_clear_subjects_become_two_themes():
    themes = cluster_language(_ideas(), "ru", ThemeSettings(per_language=2))
    groups = [{int(m[1:]) % 2 for m in t.members} for t in themes]
    assert sorted(map(sorted, groups)) == [[0], [1]]


def test_labels_are_words_of_the_theme_in_its_language():
    themes = cluster_language(_ideas(), "ru", ThemeSettings(per_language=2))
    for theme in themes:
        vocabulary = COURTS if int(theme.members[0][1:]) % 2 == 0 else ECOLOGY
        assert any(word in vocabulary for word in theme.keywords)


def test_summaries_quote_member_proposals_by_id():
    ideas = _ideas()
    texts = {i.id: i.text for i in ideas}
    for theme in cluster_language(ideas, "ru", ThemeSettings(per_language=2)):
        assert theme.summary
        for sentence in theme.summary:
            assert sentence.proposal_id in theme.members
            assert sentence.text in texts[sentence.proposal_id]


def test_same_data_and_seed_give_the_same_themes():
    first = cluster_language(_ideas(), "ru", ThemeSettings(seed=11))
    second = cluster_language(_ideas(), "ru", ThemeSettings(seed=11))
    assert first == second


def test_a_campaign_weighs_as_its_supporters_in_the_theme_size():
    ideas = _ideas(12)
    heavy = Idea("campaign", "ru", ideas[0].words, ideas[0].text, weight=50)
    themes = cluster_language([heavy, *ideas[1:]], "ru", ThemeSettings(per_language=2))
    owner = next(t for t in themes if "campaign" in t.members)
    assert owner.supporters >= 50 + len(owner.members) - 1
