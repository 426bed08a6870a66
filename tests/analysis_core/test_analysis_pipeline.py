"""The whole pipeline over plain records: links, coverage, corrections, reproducibility, bad input."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atazan_analysis import pipeline
from atazan_analysis.fileio import InputError, read_records, write_outputs
from atazan_analysis.language import detect as detect_one
from atazan_analysis.records import Corrections, Record
from atazan_analysis.textprep import clean, prepare
from atazan_texts.io import load_document

from analysis_records import RU, campaign_letters, mixed_records

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "atazan" / "constitution" / "samples"


@pytest.fixture(scope="module")
def constitution_ru():
    return load_document(SAMPLES / "kenbel-1998.ru.txt", language="ru", uid_namespace="test")


def _by_id(result):
    return {p.id: p for p in result.proposals}


def test_an_explicit_citation_links_with_score_one(constitution_ru):
    records = [Record("a", "Предлагаю изменить пункт 2 статьи 33: природу надо охранять строже.")]
    found = _by_id(pipeline.run(records, constitution=[constitution_ru]))["a"]
    assert found.cited == ["art_33__para_2"]
    cited = [link for link in found.links if link.reason == "cited"]
    assert [link.eid for link in cited] == ["sec_2__art_33__para_2"]
    assert cited[0].score == 1.0


def test_a_proposal_sharing_terms_with_an_article_is_linked_with_the_shared_words(constitution_ru):
    text = "Нужно запретить выбросы, которые причиняют вред природе, и требовать экологической экспертизы проектов."
    found = _by_id(
        pipeline.run(
            [Record("a", text), *[Record(f"r{i}", t) for i, t in enumerate(RU)]],
            constitution=[constitution_ru],
        )
    )["a"]
    assert found.links, "expected a link by shared terms"
    assert found.links[0].eid.startswith("sec_2__art_33")
    assert found.links[0].reason == "terms"
    assert found.links[0].why


def test_coverage_counts_a_campaign_as_one_proposal_with_many_supporters(constitution_ru):
    letters = [f"{text} Это касается статьи 33." for text in campaign_letters(9)]
    records = [Record(f"c{i}", t) for i, t in enumerate(letters)]
    result = pipeline.run(records, constitution=[constitution_ru])
    article = next(row for row in result.coverage if row.eid == "sec_2__art_33")
    section = next(row for row in result.coverage if row.eid == "sec_2")
    assert (article.proposals, article.supporters) == (1, 9)
    assert (section.proposals, section.supporters) == (1, 9)


def test_analysts_confirmed_and_rejected_links_are_respected(constitution_ru):
    records = [Record("a", "Прошу изменить статью 31 об образовании.")]
    first = _by_id(pipeline.run(records, constitution=[constitution_ru]))["a"]
    rejected = first.links[0].provision
    art_33 = next(
        loc.provision.uid for loc in constitution_ru.articles() if loc.provision.num == "33"
    )
    corrections = Corrections(rejected_links={("a", rejected)}, confirmed_links={("a", art_33)})
    again = _by_id(pipeline.run(records, constitution=[constitution_ru], corrections=corrections))[
        "a"
    ]
    assert rejected not in [link.provision for link in again.links]
    confirmed = [link for link in again.links if link.provision == art_33]
    assert confirmed and confirmed[0].reason == "confirmed"


def test_pinned_themes_keep_their_label_and_members():
    records = mixed_records()
    corrections = Corrections(pinned_themes=[("Экология", ["p005", "p008"])])
    result = pipeline.run(records, corrections=corrections)
    pinned = [t for t in result.themes if t.pinned]
    assert [(t.label, t.members) for t in pinned] == [("Экология", ["p005", "p008"])]
    assert all("p005" not in t.members for t in result.themes if not t.pinned)


def test_every_record_comes_out_once_even_when_its_text_is_unusable():
    records = [
        Record("empty", ""),
        Record("emoji", "🙏🙏🙏"),
        Record("huge", "Ұсыныс мәтіні. " * 80_000),
        Record("garbled", "Предлагаю изменить".encode().decode("cp1251")),
        Record("ok", RU[0]),
    ]
    result = pipeline.run(records)
    flags = {p.id: p.flags for p in result.proposals}
    assert [p.id for p in result.proposals] == [r.id for r in records]
    assert flags["empty"] == ["empty"]
    assert flags["emoji"] == ["no_letters"]
    assert "truncated" in flags["huge"]
    assert "bad_encoding" in flags["garbled"]
    assert flags["ok"] == []


def test_repeated_ids_are_refused_with_the_field_named():
    with pytest.raises(ValueError, match="id: 'x'"):
        pipeline.run([Record("x", "a"), Record("x", "b")])


def test_two_runs_on_the_same_input_give_identical_results():
    records = mixed_records()
    first, second = pipeline.run(records), pipeline.run(records)
    assert first.proposals == second.proposals
    assert first.themes == second.themes
    assert first.campaigns == second.campaigns
    assert first.info["input"] == second.info["input"]


def test_the_run_record_names_parameters_versions_and_input_fingerprint():
    records = mixed_records()
    info = pipeline.run(records, config=pipeline.Config(seed=5)).info
    assert info["parameters"]["seed"] == 5
    assert info["input"]["fingerprint"] == pipeline.fingerprint(records)
    assert info["pipeline_version"] == pipeline.PIPELINE_VERSION
    assert {"prepare", "duplicates", "themes", "links"} <= set(info["timings"])
    assert pipeline.fingerprint(records) != pipeline.fingerprint(records[:-1])


def test_the_dask_cluster_gives_the_same_results_as_one_process():
    distributed = pytest.importorskip("dask.distributed")
    records = mixed_records(12) * 1
    local = pipeline.run(records)
    with (
        distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = pipeline.run(records, client=client)
    assert remote.proposals == local.proposals
    assert remote.themes == local.themes
    assert remote.campaigns == local.campaigns


def test_outputs_are_written_as_csv_and_json(tmp_path, constitution_ru):
    result = pipeline.run(
        mixed_records(), constitution=[constitution_ru], taxonomy=["Экология", "Суды"]
    )
    written = {p.name for p in write_outputs(result, tmp_path)}
    assert written == {"proposals.csv", "themes.csv", "campaigns.csv", "coverage.csv", "run.json"}
    header = (tmp_path / "proposals.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(
        "id,language,mixed,flags,cited_provisions,linked_provisions,duplicate_of,campaign_id"
    )
    assert (
        json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["counts"]["campaigns"] == 1
    )


def test_semicolon_csv_in_cp1251_is_read(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        "id;текст\n1;Предлагаю изменить статью 5\n2;Прошу сохранить выборы акимов\n".encode(
            "cp1251"
        )
    )
    read = read_records(path, "текст", "id")
    assert [r.text for r in read.records] == [
        "Предлагаю изменить статью 5",
        "Прошу сохранить выборы акимов",
    ]
    assert read.encoding == "cp1251"


def test_a_broken_json_line_is_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(
        '{"id": "1", "text": "Бірінші"}\n{oops\n{"id": "3", "text": "Үшінші"}\n', encoding="utf-8"
    )
    read = read_records(path, "text", "id")
    assert [r.id for r in read.records] == ["1", "3"]
    assert read.rejected == [{"line": 2, "field": "row", "reason": read.rejected[0]["reason"]}]


def test_a_missing_column_is_an_error_naming_it_and_the_columns_there_are(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,body\n1,text\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"--text-column: the input has no column 'text'; its columns are: id, body",
    ):
        read_records(path, "text", "id")


def test_a_repeated_id_in_the_file_is_rejected_with_its_line(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,text\n1,один\n1,два\n", encoding="utf-8")
    read = read_records(path, "text", "id")
    assert len(read.records) == 1
    assert read.rejected[0]["line"] == 3


class _ConceptEncoder:
    """A stand-in embedding model: texts about nature map close together, whatever the words."""

    identity = "test:concepts"
    nature = ("природ", "экологи", "лес", "озёр", "выброс", "окружающ", "воздух", "деревья")

    def encode(self, texts):
        import numpy as np

        rows = []
        for text in texts:
            lowered = text.lower()
            score = sum(lowered.count(word) for word in self.nature)
            rows.append([1.0, 0.0] if score else [0.0, 1.0])
        return np.asarray(rows, dtype=np.float32)


def test_a_configured_embedding_model_adds_semantic_links_and_is_recorded(constitution_ru):
    records = [Record("a", "Хочу, чтобы деревья и воздух в городах берегли лучше.")]
    result = pipeline.run(records, constitution=[constitution_ru], encoder=_ConceptEncoder())
    links = _by_id(result)["a"].links
    assert any(link.reason == "semantic" for link in links)
    assert result.info["model"] == "test:concepts"


def _chained_duplicates(original_ids):
    """A duplicate finder that reports c as a copy of b and b as a copy of a."""

    def find(ids, words, settings, corrections):
        from atazan_analysis.duplicates import DuplicateResult

        assert list(ids) == original_ids
        return DuplicateResult(duplicate_of={"b": "a", "c": "b"}, campaigns=[], campaign_of={})

    return find


def test_a_duplicate_of_a_duplicate_takes_theme_topic_and_links_from_the_root(
    monkeypatch, constitution_ru
):
    text = "Предлагаю изменить пункт 2 статьи 33: природу и леса надо охранять строже."
    records = [Record("a", text), Record("b", text + " Да."), Record("c", text + " Да!")]
    records += [Record(f"r{i}", t) for i, t in enumerate(RU)]
    monkeypatch.setattr(pipeline, "find_duplicates", _chained_duplicates([r.id for r in records]))
    found = _by_id(
        pipeline.run(records, constitution=[constitution_ru], taxonomy=["Природа", "Суды"])
    )
    assert found["a"].theme is not None and found["a"].taxonomy_label is not None
    assert found["a"].links
    for copy in ("b", "c"):
        assert found[copy].theme == found["a"].theme
        assert found[copy].taxonomy_label == found["a"].taxonomy_label
        assert found[copy].links == found["a"].links
    assert (found["b"].duplicate_of, found["c"].duplicate_of) == ("a", "b")


def test_a_cycle_of_duplicates_is_represented_by_its_first_member():
    ids = ["x", "p", "q", "r", "s"]
    found = pipeline.representatives(ids, {"q": "r", "r": "p", "p": "q", "s": "q"}, {}, {})
    assert found == {"q": "p", "r": "p", "s": "p"}


@st.composite
def _duplicate_structures(draw):
    ids = [f"p{i}" for i in range(draw(st.integers(1, 25)))]
    in_campaigns = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    campaign_of, representative_of = {}, {}
    for position, member in enumerate(in_campaigns):
        campaign = f"C{position % 3}"
        campaign_of[member] = campaign
        representative_of.setdefault(campaign, member)
    duplicate_of = draw(
        st.dictionaries(st.sampled_from(ids), st.sampled_from(ids), max_size=len(ids))
    )
    duplicate_of = {k: v for k, v in duplicate_of.items() if k != v and k not in campaign_of}
    return ids, duplicate_of, campaign_of, representative_of


@settings(max_examples=300, deadline=None)
@given(_duplicate_structures())
def test_every_record_is_represented_by_an_idea_reached_along_its_chain(structure):
    ids, duplicate_of, campaign_of, representative_of = structure
    found = pipeline.representatives(ids, duplicate_of, campaign_of, representative_of)
    ideas = {record_id for record_id in ids if record_id not in found}
    assert set(found.values()) <= ideas  # an idea stands for itself: no record points at a copy
    for record_id, root in found.items():
        if record_id in campaign_of:
            assert root == representative_of[campaign_of[record_id]]
            continue
        reached, current = {record_id}, record_id
        while current != root and current not in campaign_of:
            current = duplicate_of[current]
            assert current not in reached or current == root
            reached.add(current)
        assert current == root or representative_of[campaign_of[current]] == root


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="абвгдәқ xyz<p>.\n\t", max_size=40),
            st.sampled_from(["", "Тақырып", "Title  "]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_compact_store_gives_back_each_records_words_and_texts(rows):
    records = [Record(f"r{i}", text, title) for i, (text, title) in enumerate(rows)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "CHUNK_SIZE", 3)  # several chunks, several vocabularies to merge
        prepared = pipeline._prepare_all(records, None, None)
    for index, record in enumerate(records):
        expected = prepare(record.text, record.title)
        assert prepared.words(index) == expected.words
        assert prepared.text(index) == expected.text
        assert prepared.flags_of(index) == expected.flags
        body = clean(record.text)[0] if record.title else expected.text
        assert prepared.body(index) == body
    assert list(pipeline.RecordWords(prepared)) == [prepare(r.text, r.title).words for r in records]


def test_identical_texts_are_prepared_once_and_share_their_results(monkeypatch):
    seen: list[str] = []
    original = pipeline.prepare_chunk

    def counting(records, languages=pipeline.BASE_LANGUAGES):
        seen.extend(r.text for r in records)
        return original(records, languages)

    monkeypatch.setattr(pipeline, "prepare_chunk", counting)
    records = [Record(f"r{i}", RU[i % 2] + " Статья 33.") for i in range(6)]
    reported: list[tuple[int, int]] = []
    found = pipeline.run(
        records, progress=lambda step, done, total: reported.append((done, total))
    ).proposals
    assert sorted(seen) == sorted({r.text for r in records})
    assert reported[0] == (6, 6)  # progress counts records, not distinct texts
    assert {(p.language, tuple(p.cited)) for p in found} == {("ru", ("art_33",))}


def test_the_run_names_the_constitutions_languages_to_the_language_identifier(
    monkeypatch, constitution_ru
):
    asked: list[tuple[str, ...]] = []

    def detect(texts, languages=("kk", "ru", "en")):
        asked.append(tuple(languages))
        return [detect_one(text) for text in texts]

    monkeypatch.setattr(pipeline, "detect_many", detect)
    spanish = dataclasses.replace(constitution_ru, language="es")  # stands in for a Spanish text
    result = pipeline.run(
        [Record("a", RU[0])],
        constitution=[constitution_ru, spanish],
        config=pipeline.Config(languages=("de",)),
    )
    assert asked == [("kk", "ru", "en", "de", "es")]
    assert result.info["languages"] == ["kk", "ru", "en", "de", "es"]
