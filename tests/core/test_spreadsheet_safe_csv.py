"""Every CSV the project writes opens in a spreadsheet without running anything.

A text cell starting with = + - @, a tab or a carriage return (or their
full-width forms) gets a leading apostrophe; numbers, negative ones included,
and text that is a plain number stay as they are.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from atazan_analysis import fileio
from atazan_analysis.records import Campaign, ProposalResult, RunResult, Theme
from atazan_results.anomalies import TurnoutReport
from atazan_results.csvio import spreadsheet_safe, turnout_to_csv

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value", [-5, -2.5, 0, 7, "-12", "+3.5", "-0,5", "-", "", "a=b", "2026-000123"]
)
def test_numbers_and_ordinary_text_are_left_alone(value: Any) -> None:
    assert spreadsheet_safe(value) == value


def test_the_turnout_csv_keeps_counts_as_numbers() -> None:
    text = turnout_to_csv([TurnoutReport("=BAD()", "10:00", 120, "-unit")])
    assert list(csv.reader(io.StringIO(text)))[1] == ["'-unit", "'=BAD()", "10:00", "120"]


def test_the_analysis_output_neutralises_ids_labels_and_texts(tmp_path: Path) -> None:
    result = RunResult(
        proposals=[ProposalResult(id="=1+1", flags=["-x"], cited=["@a"])],
        themes=[
            Theme(
                id="t1",
                label="+label",
                language="ru",
                keywords=["=k"],
                members=["=1+1"],
                supporters=-3,
                summary=[],
            )
        ],
        campaigns=[Campaign("c1", "=1+1", '=WEBSERVICE("http://x")', ["=1+1"])],
        coverage=[],
        info={},
    )
    fileio.write_outputs(result, tmp_path)
    proposals = list(csv.reader((tmp_path / "proposals.csv").open(encoding="utf-8")))
    assert proposals[1][0] == "'=1+1" and proposals[1][3] == "'-x" and proposals[1][4] == "'@a"
    themes = list(csv.reader((tmp_path / "themes.csv").open(encoding="utf-8")))
    assert themes[1][1] == "'+label" and themes[1][4] == "-3" and themes[1][5] == "'=k"
    campaigns = list(csv.reader((tmp_path / "campaigns.csv").open(encoding="utf-8")))
    assert campaigns[1][1:3] == ["'=1+1", '\'=WEBSERVICE("http://x")']


@pytest.mark.django_db
def test_the_public_export_neutralises_titles_and_texts(client: Any) -> None:
    from atazan.proposals.actions import register_proposal
    from atazan.proposals.intake import Submission

    from factories import SYSTEM

    register_proposal(
        SYSTEM,
        Submission(
            submitter_type="citizen",
            submitter_name="Test",
            language="en",
            title='=HYPERLINK("http://evil")',
            text="+7 is the answer to =1+1",
            consent_publish_text=True,
        ),
        channel="letter",
        source="secretariat",
        external_id="csv-1",
    )
    text = b"".join(client.get("/proposals/export/proposals.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["text"].startswith("'+7")


@pytest.mark.django_db
def test_the_import_errors_file_holds_nothing_a_spreadsheet_would_run(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'source = "csv-safety"\n[columns]\nexternal_id = "id"\ntext = "text"\n'
        'region = "region"\n[defaults]\nlanguage = "ru"\n',
        encoding="utf-8",
    )
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"id": "=1", "text": "Текст", "region": "=cmd|\' /C calc\'!A0"}\n{broken\n',
        encoding="utf-8",
    )
    errors = tmp_path / "rejected.csv"
    call_command(
        "proposals",
        "import",
        str(data),
        "--mapping",
        str(mapping),
        "--errors",
        str(errors),
        "--quiet",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    rows = list(csv.reader(errors.open(encoding="utf-8")))
    # A row that cannot be read is reported as it is read, before the checks of the others.
    assert sorted(r[:2] for r in rows[1:]) == [["1", "region"], ["2", "-"]]
    assert all(spreadsheet_safe(cell) == cell for r in rows for cell in r)
