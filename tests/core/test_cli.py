"""The installed ``atazan`` command runs management commands without manage.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = "Section I. Basics\nArticle 1\n1. The state serves the people.\nArticle 2\nPeace.\n"


def _atazan() -> list[str]:
    found = shutil.which("atazan", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the atazan console script is not installed")
    return [found]


def test_atazan_command_compares_two_files(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(SAMPLE, encoding="utf-8")
    new.write_text(SAMPLE.replace("Peace.", "Peace and accord."), encoding="utf-8")
    env = {**os.environ, "ATAZAN_DATA_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [*_atazan(), "constitution", "compare", str(old), str(new), "--lang", "en", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["articles_changed"] == 1
    assert data["articles_total"] == 2


def test_atazan_command_fails_with_the_line_of_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Article 1\nText.\nArticle 1\nAgain.\n", encoding="utf-8")
    env = {**os.environ, "ATAZAN_DATA_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [*_atazan(), "constitution", "compare", str(bad), str(bad), "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "line 3" in result.stderr
