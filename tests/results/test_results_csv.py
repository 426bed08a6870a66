"""Protocol files: read, written back, and refused with line and field named."""

from __future__ import annotations

import io

import pytest

from atazan_results import CsvFileError, read_protocols, read_turnout
from atazan_results.csvio import protocols_to_csv, turnout_to_csv
from atazan_results.synthetic import generate

HEADER = "unit,district,precinct,kind,registered,received,issued,yes,no,invalid,not_counted,spoiled,unused\n"
GOOD = "astana,astana-01,AST-0001,station,1500,1500,1000,800,175,20,5,3,497\n"


def test_a_good_file_is_read() -> None:
    (protocol,) = read_protocols(HEADER + GOOD)
    assert protocol.precinct == "AST-0001" and protocol.figures.yes == 800


def test_semicolons_a_byte_order_mark_and_capitalised_headers_are_accepted() -> None:
    text = "\ufeff" + HEADER.upper().replace(",", ";") + GOOD.replace(",", ";")
    assert read_protocols(text)[0].figures.registered == 1500


def test_the_kind_column_is_optional() -> None:
    header = HEADER.replace("kind,", "")
    row = GOOD.replace("station,", "")
    assert read_protocols(header + row)[0].kind == "station"


def test_a_missing_column_is_named_on_line_1() -> None:
    with pytest.raises(CsvFileError) as caught:
        read_protocols(HEADER.replace(",spoiled", "") + GOOD)
    assert str(caught.value) == "line 1, field spoiled: this column is missing from the header"


def test_every_bad_value_is_reported_with_its_line_and_field() -> None:
    bad = (
        HEADER
        + GOOD
        + "astana,astana-01,AST-0002,station,1500,1500,abc,800,175,20,5,3,497\n"
        + "astana,astana-01,AST-0003,booth,1500,1500,1000,800,175,20,5,-3,503\n"
        + "astana,astana-01,AST-0001,station,1500,1500,1000,800,175,20,5,3,497\n"
    )
    with pytest.raises(CsvFileError) as caught:
        read_protocols(bad)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "line 3, field issued: 'abc' is not a whole number",
        "line 4, field kind: 'booth' is not one of station, abroad, online",
        "line 4, field spoiled: -3 is negative",
        "line 5, field precinct: AST-0001 is already on line 2",
    ]


def test_a_broken_control_relation_is_reported_with_the_fields_it_involves() -> None:
    row = "astana,astana-01,AST-0009,station,1500,1500,1000,801,175,20,5,3,497\n"
    with pytest.raises(CsvFileError) as caught:
        read_protocols(HEADER + row)
    (problem,) = caught.value.problems
    assert problem.line == 2
    assert problem.field == "issued+yes+no+invalid+not_counted"
    assert "issued = yes + no + invalid + not_counted does not hold: 1000 against 1001" in str(
        problem
    )


def test_written_protocols_read_back_identically() -> None:
    election = generate(precincts=60, seed=3)
    text = protocols_to_csv(election.protocols)
    assert read_protocols(io.StringIO(text)) == election.protocols


def test_turnout_reports_round_trip_and_bad_times_are_named() -> None:
    election = generate(precincts=30, seed=3)
    assert read_turnout(turnout_to_csv(election.reports)) == election.reports
    with pytest.raises(CsvFileError, match="line 2, field time: '25:00' is not a time HH:MM"):
        read_turnout("unit,precinct,time,voted\nabai,ABA-0001,25:00,10\n")
