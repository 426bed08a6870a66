"""Bulk import of files that do not say everything: no language column, no delimiter named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from atazan.proposals.importer import Mapping, MappingError, run_import
from atazan.proposals.models import Proposal

from factories import SYSTEM

TEXTS = {
    "kk": "Мен Конституцияға азаматтардың жергілікті әкімдерді өздері сайлау құқығын енгізуді ұсынамын.",
    "ru": "Предлагаю закрепить в Конституции право граждан самим избирать глав местных властей.",
    "en": "I propose that the Constitution should let citizens elect their local governors.",
    "other": "Propongo que la Constitución permita a los ciudadanos elegir a sus gobernadores.",
}


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def mapping(columns: dict[str, str], **extra: object) -> Mapping:
    return Mapping.from_dict({"source": "export", "columns": columns, **extra})


@pytest.mark.django_db
def test_rows_of_a_file_without_a_language_column_get_the_detected_language(
    tmp_path: Path,
) -> None:
    rows = [["id", "text"]] + [[code, text] for code, text in TEXTS.items()]
    path = write_csv(tmp_path / "no-language.csv", rows)
    summary = run_import(
        path, "csv", mapping({"external_id": "id", "text": "text"}), actor=SYSTEM, batch_size=3
    )
    assert (summary.imported, summary.rejected, summary.languages_detected) == (4, 0, 4)
    stored = dict(Proposal.objects.values_list("external_id", "language"))
    assert stored == {code: code for code in TEXTS}


@pytest.mark.django_db
def test_only_rows_with_an_empty_language_cell_are_detected(tmp_path: Path) -> None:
    rows = [
        ["id", "lang", "text"],
        ["1", "", TEXTS["ru"]],
        ["2", "kk", TEXTS["en"]],  # the file's word is kept, even when the text disagrees
        ["3", "xx", TEXTS["en"]],
    ]
    path = write_csv(tmp_path / "some-language.csv", rows)
    summary = run_import(
        path,
        "csv",
        mapping({"external_id": "id", "language": "lang", "text": "text"}),
        actor=SYSTEM,
    )
    assert (summary.imported, summary.languages_detected) == (2, 1)
    assert dict(Proposal.objects.values_list("external_id", "language")) == {"1": "ru", "2": "kk"}
    assert [(e.line, e.field) for e in summary.errors] == [(4, "language")]


@pytest.mark.django_db
def test_a_mapping_default_language_means_nothing_is_detected(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "default.csv", [["text"], [TEXTS["ru"]]])
    summary = run_import(
        path, "csv", mapping({"text": "text"}, defaults={"language": "en"}), actor=SYSTEM
    )
    assert summary.languages_detected == 0
    assert Proposal.objects.get().language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiter_is_detected_and_quoted_fields_keep_quotes_commas_and_lines(
    tmp_path: Path, delimiter: str
) -> None:
    texts = [
        'Он сказал "нет", и; всё\nвторая строка',
        'He wrote ""twice"", then left',
        "plain",
    ]
    rows = [["id", "text"]] + [[str(n), text] for n, text in enumerate(texts)]
    path = write_csv(tmp_path / "export.csv", rows, delimiter)
    summary = run_import(
        path,
        "csv",
        mapping({"external_id": "id", "text": "text"}, defaults={"language": "ru"}),
        actor=SYSTEM,
    )
    assert (summary.read, summary.imported) == (3, 3)
    stored = dict(Proposal.objects.values_list("external_id", "text"))
    assert stored == {str(n): text for n, text in enumerate(texts)}


@pytest.mark.django_db
def test_a_csv_file_with_an_unclosed_quote_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,text\n1,fine\n2,"never closed\n3,swallowed\n', encoding="utf-8")
    with pytest.raises(MappingError, match=r"line 3, field 2 \('text'\).*Nothing was stored"):
        run_import(
            path,
            "csv",
            mapping({"external_id": "id", "text": "text"}, defaults={"language": "ru"}),
            actor=SYSTEM,
        )
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_a_csv_row_with_more_fields_than_the_header_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("id;text\n1;fine\n2;split; by mistake\n", encoding="utf-8")
    with pytest.raises(MappingError, match="line 3, field 3"):
        run_import(
            path,
            "csv",
            mapping({"external_id": "id", "text": "text"}, defaults={"language": "ru"}),
            actor=SYSTEM,
        )
    assert not Proposal.objects.exists()


def test_a_delimiter_of_more_than_one_character_is_refused() -> None:
    with pytest.raises(MappingError, match="one character"):
        mapping({"text": "text"}, delimiter=";;")
