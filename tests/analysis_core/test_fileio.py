"""Reading proposal exports: CSV as RFC 4180 whatever the delimiter, and never half-read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_analysis.fileio import (
    CsvProblem,
    InputError,
    count_csv_rows,
    detect_delimiter,
    read_csv_rows,
    read_records,
)

TRICKY_TEXTS = [
    'Он сказал "нет", и всё',
    "Статья 33; пункт 2, подпункт 1",
    "first line\nsecond line",
    "windows\r\nline break",
    '""',
    '"quoted at both ends"',
    "tab\tinside",
    "  spaces around  ",
    "",
    "Ең соңғы сөз",
]


def write_csv(
    path: Path,
    rows: list[list[str]],
    delimiter: str,
    lineterminator: str = "\n",
    encoding: str = "utf-8",
) -> None:
    """As spreadsheet programs and pandas write: quotes only where a field needs them."""
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(
            handle, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL
        ).writerows(rows)


def sixty_rows() -> list[list[str]]:
    header = ["id", "title", "text"]
    return [header] + [
        [str(n), f"Title {n}", TRICKY_TEXTS[n % len(TRICKY_TEXTS)] or "x"] for n in range(60)
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("lineterminator", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_export_with_quotes_and_line_breaks_inside_fields_reads_one_record_per_row(
    tmp_path: Path, delimiter: str, lineterminator: str, encoding: str
) -> None:
    rows = sixty_rows()
    path = tmp_path / "export.csv"
    write_csv(path, rows, delimiter, lineterminator, encoding)
    read = read_records(path, "text", "id", "title")
    assert read.rows_read == 60
    assert read.rejected == []
    assert read.delimiter == delimiter
    assert [(r.id, r.title, r.text) for r in read.records] == [tuple(row) for row in rows[1:]]


def test_cp1251_export_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    write_csv(path, [["id", "text"], ["1", "Предлагаю, чтобы «суды» были открыты"]], ";")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    read = read_records(path, "text", "id")
    assert read.encoding == "cp1251"
    assert read.records[0].text == "Предлагаю, чтобы «суды» были открыты"


def test_commas_in_unquoted_texts_do_not_outvote_the_semicolon() -> None:
    sample = "id;text\n1;a, b, c, d\n2;e, f\n3;g\n"
    assert detect_delimiter(sample) == ";"


def test_single_column_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "texts.csv"
    write_csv(path, [["text"], ["one"], ["two, with a comma"]], ",")
    assert [r.text for r in read_records(path, "text").records] == ["one", "two, with a comma"]


def test_unclosed_quote_names_its_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,text\n1,fine\n2,"never closed\n3,more\n', encoding="utf-8")
    with pytest.raises(CsvProblem) as raised:
        read_records(path, "text", "id")
    assert (raised.value.line, raised.value.field_number, raised.value.column) == (3, 2, "text")
    assert "never closed" in raised.value.reason


def test_quote_inside_a_quoted_field_that_is_not_doubled_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,text\n1,"he said "no" twice"\n', encoding="utf-8")
    with pytest.raises(CsvProblem, match=r"line 2, field 2 \(\'text\'\).*doubled"):
        read_records(path, "text", "id")


@pytest.mark.parametrize(
    ("content", "field_number"),
    [("id,text\n1,a\n2,b,c\n", 3), ("id,text,title\n1,a,t\n2,b\n", 3)],
)
def test_row_with_other_field_count_than_header_is_an_error(
    tmp_path: Path, content: str, field_number: int
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CsvProblem) as raised:
        read_records(path, "text", "id")
    assert (raised.value.line, raised.value.field_number) == (3, field_number)


def test_empty_cells_an_export_adds_after_the_last_column_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("id;text\n1;a;;\n2;b\n\n;\n", encoding="utf-8")
    read = read_records(path, "text", "id")
    assert [r.text for r in read.records] == ["a", "b"] and read.rows_read == 2


def test_bad_rows_of_json_lines_are_rejected_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [json.dumps({"id": "1", "text": "a"}), "{not json", "[1, 2]", json.dumps({"id": "2"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_records(path, "text", "id")
    assert [r.id for r in read.records] == ["1"]
    assert [(r["line"], r["field"]) for r in read.rejected] == [(2, "row"), (3, "row"), (4, "text")]
    assert read.rows_read == 4


def test_xlsx_is_read_with_blank_rows_skipped(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["id", "text"], [1, 'with "quotes", commas\nand lines'], [None, None], [2, "b"]):
        sheet.append(row)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    read = read_records(path, "text", "id")
    assert [(r.id, r.text) for r in read.records] == [
        ("1", 'with "quotes", commas\nand lines'),
        ("2", "b"),
    ]


def test_missing_column_names_the_columns_there_are(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_csv(path, [["id", "body"], ["1", "x"]], ",")
    with pytest.raises(InputError, match="no column 'text'; its columns are: id, body"):
        read_records(path, "text", "id")


HEADER_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
CELLS = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=20
)  # any text a person might type, quotes and line breaks included


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str, str]:
    width = draw(st.integers(min_value=2, max_value=5))
    header = draw(st.lists(HEADER_NAMES, min_size=width, max_size=width, unique=True))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    lineterminator = draw(st.sampled_from(["\n", "\r\n"]))
    cells = CELLS
    if lineterminator == "\n":
        # A lone carriage return is not quoted by a writer ending lines with "\n", so such a
        # file is ambiguous by construction; "\r\n" writers quote it.
        cells = CELLS.map(lambda text: text.replace("\r", ""))
    rows = draw(
        st.lists(
            st.lists(cells, min_size=width, max_size=width).filter(
                lambda row: any(cell.strip() for cell in row)
            ),
            max_size=8,
        )
    )
    return header, rows, delimiter, lineterminator


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_any_table_written_by_csv_writer_reads_back_exactly(
    table: tuple[list[str], list[list[str]], str, str],
) -> None:
    header, rows, delimiter, lineterminator = table
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(
        [header, *rows]
    )
    text = buffer.getvalue()
    assert detect_delimiter(text) == delimiter
    assert count_csv_rows(text, delimiter) == len(rows)
    read_header, read_rows = read_csv_rows(io.StringIO(text, newline=""), delimiter)
    assert read_header == header
    assert [row for _, row in read_rows] == rows


def test_analyze_command_stops_with_the_line_of_a_malformed_csv(tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "broken.csv"
    path.write_text('id,text\n1,"a" and more\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, field 2"):
        call_command(
            "analyze", str(path), text_column="text", out=str(tmp_path / "out"), quiet=True
        )
    assert not (tmp_path / "out").exists()
