"""Taxonomy: the three best topics with scores, zero-shot and from analysts' examples."""

from __future__ import annotations

import csv
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_analysis import pipeline
from atazan_analysis.fileio import write_outputs
from atazan_analysis.records import Corrections, Record
from atazan_analysis.taxonomy import (
    Assignment,
    TaxonomySettings,
    assign,
    read_taxonomy,
    with_confirmed,
)
from atazan_analysis.textprep import prepare

COURTS = ["судьи", "суд", "судов", "правосудие", "присяжных", "независимость", "заседания"]
ECOLOGY = ["экология", "выбросы", "воздух", "заводы", "загрязнение", "природа", "леса"]
FILLER = ["предлагаю", "нужно", "важно", "граждан", "государство", "всегда", "сегодня"]


def _russian_texts(count: int = 40, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        topic = COURTS if i % 2 == 0 else ECOLOGY
        words = rng.sample(topic, 4) + rng.sample(FILLER, 2)
        texts.append(f"Предлагаю изменить правила: {' '.join(words)} это важно для всех граждан.")
    return texts


def _words(texts: list[str]) -> list[tuple[str, ...]]:
    return [prepare(t).words for t in texts]


def test_read_taxonomy_skips_comments_blanks_and_repeats():
    lines = ["# topics", "Суды и правосудие", "", "Экология и природа", "Суды и правосудие"]
    assert read_taxonomy(lines) == ["Суды и правосудие", "Экология и природа"]


def test_each_proposal_gets_its_closest_topic_first_with_the_others_ranked_after():
    topics = ["Суды и правосудие", "Экология и природа"]
    assigned = assign(_words(_russian_texts()), topics, language="ru")
    for i, result in enumerate(assigned):
        assert result is not None
        assert result.label == topics[i % 2]
        assert [label for label, _ in result.ranked] == [topics[i % 2], topics[1 - i % 2]]
        assert result.ranked[0] == (result.label, result.score)
        assert 0.5 < result.score <= 1


def test_at_most_three_topics_are_ranked_and_their_scores_are_probabilities():
    topics = ["Суды", "Экология", "Налоги", "Образование", "Выборы"]
    for result in assign(_words(_russian_texts()), topics, language="ru"):
        assert result is not None
        scores = [score for _, score in result.ranked]
        assert len(result.ranked) == 3
        assert scores == sorted(scores, reverse=True)
        assert 0 <= sum(scores) <= 1.0001


SPANISH_SUBJECTS = {
    "Salud": "hospitales médicos consultorios enfermos salud atención",
    "Educación": "escuelas profesores colegios educación universidad estudiantes",
    "Vivienda": "casas viviendas arriendo barrios familias vivienda",
}


def _spanish_texts(count: int = 60, seed: int = 5) -> tuple[list[str], list[str]]:
    """Texts that all say "el Estado debe garantizar el derecho", each about one subject."""
    rng = random.Random(seed)
    texts, truth = [], []
    for i in range(count):
        subject = list(SPANISH_SUBJECTS)[i % 3]
        words = rng.sample(SPANISH_SUBJECTS[subject].split(), 3)
        texts.append(
            f"El Estado debe garantizar el derecho de todos, con {words[0]}, "
            f"{words[1]} y {words[2]}; es un derecho que el Estado tiene que cumplir."
        )
        truth.append(subject)
    return texts, truth


def test_a_topic_named_with_the_consultations_everyday_words_does_not_take_every_text():
    texts, truth = _spanish_texts()
    topics = ["Estado de Derecho", *SPANISH_SUBJECTS]
    labels = [a.label if a else None for a in assign(_words(texts), topics)]
    assert labels.count("Estado de Derecho") <= 0.05 * len(texts)
    assert sum(label == right for label, right in zip(labels, truth, strict=True)) >= 0.95 * len(
        texts
    )


def test_self_training_reaches_texts_that_never_say_the_topics_name():
    rng = random.Random(9)
    equality = ["igualdad", "discriminación", "salario", "mujeres", "oportunidades", "brecha"]
    nature = ["naturaleza", "bosques", "ríos", "contaminación", "glaciares", "especies"]
    texts, truth = [], []
    for i in range(80):
        pool, name = (equality, "Igualdad") if i % 2 else (nature, "Naturaleza")
        chosen = rng.sample(pool[1:], 3)  # most texts never name their topic
        if i % 4 < 2:
            chosen.append(pool[0])
        texts.append(" ".join(["queremos", *chosen, "para", "Chile"]))
        truth.append(name)
    labels = [a.label if a else None for a in assign(_words(texts), ["Igualdad", "Naturaleza"])]
    unnamed = [i for i in range(80) if i % 4 >= 2]
    assert sum(labels[i] == truth[i] for i in unnamed) >= 0.9 * len(unnamed)


def test_examples_tell_apart_topics_whose_names_have_the_same_words():
    rng = random.Random(4)
    voting = ["plebiscitos", "votar", "elecciones", "consultas", "urnas", "referendos"]
    local = ["juntas", "vecinos", "barrio", "comunas", "municipio", "organizaciones"]
    texts = [" ".join(["participación", *rng.sample(voting, 3)]) for _ in range(20)]
    texts += [" ".join(["participación", *rng.sample(local, 3)]) for _ in range(20)]
    topics = ["Participación", "A la participación"]
    without = {a.label for a in assign(_words(texts), topics) if a is not None}
    assert len(without) == 1  # the names alone cannot be told apart
    examples = [
        (prepare("votar en plebiscitos y consultas").words, "Participación"),
        (prepare("las juntas de vecinos del barrio").words, "A la participación"),
    ]
    learnt = [a.label if a else None for a in assign(_words(texts), topics, examples=examples)]
    truth = ["Participación"] * 20 + ["A la participación"] * 20
    assert sum(p == t for p, t in zip(learnt, truth, strict=True)) >= 36


def test_examples_of_topics_not_in_the_list_are_ignored():
    words = _words(_russian_texts(10))
    topics = ["Суды и правосудие", "Экология и природа"]
    examples = [(prepare("налоги и бюджет").words, "Налоги")]
    assert assign(words, topics, language="ru", examples=examples) == assign(
        words, topics, language="ru"
    )


def test_an_analysts_topic_comes_first_with_score_one_and_the_models_follow():
    found = Assignment("A", 0.6, (("A", 0.6), ("B", 0.3), ("C", 0.1)))
    assert with_confirmed(found, "B") == Assignment("B", 1.0, (("B", 1.0), ("A", 0.6), ("C", 0.1)))
    assert with_confirmed(found, None) == found
    assert with_confirmed(None, "D") == Assignment("D", 1.0, (("D", 1.0),))


def test_the_same_input_gives_the_same_ranking():
    words = _words(_russian_texts())
    topics = ["Суды", "Экология", "Налоги"]
    assert assign(words, topics, language="ru") == assign(words, topics, language="ru")


# Degenerate input: a run over thousands of proposals must never stop on one odd list.


def test_no_documents_or_no_topics_assign_nothing():
    assert assign([], ["Суды"]) == []
    assert assign([("слово",)], []) == [None]


def test_one_text_and_one_topic():
    assert assign([("суды", "судьи")], ["Суды"], language="ru") == [
        Assignment("Суды", 1.0, (("Суды", 1.0),))
    ]


def test_texts_without_words_get_no_topic_and_others_still_do():
    assigned = assign([(), ("суды", "судьи"), ()], ["Суды", "Экология"], language="ru")
    assert assigned[0] is None and assigned[2] is None
    assert assigned[1] is not None and assigned[1].label == "Суды"


def test_a_vocabulary_of_one_term():
    assigned = assign([("суды",), ("суды",)], ["Суды", "Экология"], language="ru")
    assert [a.label if a else None for a in assigned] == ["Суды", "Суды"]


def test_duplicate_topic_names_count_once():
    assigned = assign([("суды", "судьи")], ["Суды", "Суды", "Экология"], language="ru")
    assert assigned[0] is not None
    assert [label for label, _ in assigned[0].ranked] == ["Суды", "Экология"]


def test_topics_without_usable_words_are_never_chosen():
    assigned = assign([("суды", "судьи"), ("леса",)], ["!!!", "2024", "и в на"], language="ru")
    assert assigned == [None, None]
    mixed = assign([("суды", "судьи")], ["!!!", "Суды"], language="ru")
    assert mixed[0] is not None and [label for label, _ in mixed[0].ranked] == ["Суды"]


WORDS = st.sampled_from(["суд", "суды", "леса", "воздух", "и", "the", "igualdad", "x", "право"])
TOPICS = st.sampled_from(["Суды", "Леса и воздух", "", "!!!", "123", "и", "Igualdad", "Право"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(st.lists(WORDS, max_size=6).map(tuple), max_size=8),
    topics=st.lists(TOPICS, max_size=5),
    examples=st.lists(st.tuples(st.lists(WORDS, max_size=4).map(tuple), TOPICS), max_size=3),
    rounds=st.integers(min_value=0, max_value=3),
)
def test_any_input_gives_one_ranked_answer_or_none_per_document(docs, topics, examples, rounds):
    assigned = assign(docs, topics, TaxonomySettings(rounds=rounds), examples=examples)
    assert len(assigned) == len(docs)
    for doc, result in zip(docs, assigned, strict=True):
        if result is None:
            continue
        assert doc  # a document without words never gets a topic
        labels = [label for label, _ in result.ranked]
        scores = [score for _, score in result.ranked]
        assert result.ranked[0] == (result.label, result.score)
        assert len(labels) == len(set(labels)) <= 3
        assert set(labels) <= set(topics)
        assert all(0 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)


# Through a run and its files.


def test_a_run_gives_the_top_three_and_keeps_analysts_topics(tmp_path):
    texts = _russian_texts(20)
    records = [Record(f"p{i}", t) for i, t in enumerate(texts)]
    topics = ["Суды и правосудие", "Экология и природа", "Налоги"]
    corrections = Corrections(confirmed_topics={"p0": "Налоги"})
    result = pipeline.run(records, taxonomy=topics, corrections=corrections)
    by_id = {p.id: p for p in result.proposals}
    assert by_id["p0"].taxonomy_label == "Налоги" and by_id["p0"].taxonomy_score == 1.0
    assert by_id["p0"].taxonomy_top3[0] == ("Налоги", 1.0)
    assert by_id["p1"].taxonomy_label == "Экология и природа"
    assert len(by_id["p1"].taxonomy_top3) == 3
    assert by_id["p1"].taxonomy_top3[0] == (by_id["p1"].taxonomy_label, by_id["p1"].taxonomy_score)
    write_outputs(result, tmp_path)
    with (tmp_path / "proposals.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["p0"]["taxonomy_top3"].startswith("Налоги (1.0000); ")
    assert rows["p1"]["taxonomy_top3"].count(";") == 2


def test_a_runs_labelled_examples_teach_its_taxonomy():
    rng = random.Random(4)
    voting = ["plebiscitos", "votar", "elecciones", "consultas", "urnas", "referendos"]
    local = ["juntas", "vecinos", "barrio", "comunas", "municipio", "organizaciones"]
    texts = [" ".join(["participación", *rng.sample(voting, 4), str(i)]) for i in range(12)]
    texts += [" ".join(["participación", *rng.sample(local, 4), str(i)]) for i in range(12)]
    records = [Record(str(i), t) for i, t in enumerate(texts)]
    corrections = Corrections(
        topic_examples=[
            ("votar en plebiscitos y consultas", "Participación"),
            ("las juntas de vecinos del barrio", "A la participación"),
        ]
    )
    topics = ["Participación", "A la participación"]
    result = pipeline.run(records, taxonomy=topics, corrections=corrections)
    labels = [p.taxonomy_label for p in result.proposals]
    truth = ["Participación"] * 12 + ["A la participación"] * 12
    assert sum(p == t for p, t in zip(labels, truth, strict=True)) >= 22
