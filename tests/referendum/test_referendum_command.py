"""``atazan referendum results|anomalies`` over files, with no database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atazan_results.csvio import protocols_to_csv, turnout_to_csv
from atazan_results.synthetic import generate


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    election = generate(precincts=300, abroad=6, seed=4)
    protocols = tmp_path / "protocols.csv"
    protocols.write_text(protocols_to_csv(election.protocols), encoding="utf-8")
    turnout = tmp_path / "turnout.csv"
    turnout.write_text(turnout_to_csv(election.reports), encoding="utf-8")
    return protocols, turnout


def _run(*args: str) -> str:
    out = StringIO()
    call_command("referendum", *args, stdout=out)
    return out.getvalue()


def test_results_json_gives_validity_adoption_and_every_unit(files: tuple[Path, Path]) -> None:
    data = json.loads(_run("results", str(files[0]), "--rule", "constitution", "--json"))
    assert data["valid"] is True and data["adopted"] is True
    assert data["units_needed"] == 14 and data["units_counted"] == 20
    assert len(data["units"]) == 21
    assert {"code", "registered", "turnout_percent", "yes_percent", "majority_yes"} <= set(
        data["units"][0]
    )


def test_results_text_names_the_rule_and_the_outcome(files: tuple[Path, Path]) -> None:
    text = _run("results", str(files[0]), "--rule", "ordinary")
    assert "rule: ordinary" in text and "adopted: yes" in text


def test_results_thresholds_can_be_overridden(files: tuple[Path, Path]) -> None:
    data = json.loads(
        _run("results", str(files[0]), "--rule", "ordinary", "--yes-above", "19/20", "--json")
    )
    assert data["adopted"] is False and data["reasons"] == ["no_national_majority"]


def test_a_bad_file_is_refused_naming_line_and_field(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    lines = files[0].read_text().splitlines()
    cells = lines[3].split(",")
    cells[7] = str(int(cells[7]) + 1)  # yes
    lines[3] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        CommandError, match="line 4, field issued\\+yes\\+no\\+invalid\\+not_counted"
    ):
        _run("results", str(bad), "--rule", "constitution")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        _run("results", str(tmp_path / "none.csv"))


def test_anomalies_from_files_include_turnout_spikes(files: tuple[Path, Path]) -> None:
    flags = json.loads(_run("anomalies", str(files[0]), "--turnout", str(files[1]), "--json"))
    assert "turnout_spike" in {f["kind"] for f in flags}
