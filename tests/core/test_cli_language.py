"""The ``atazan`` command speaks the operator's language: ``--lang`` or the locale, else English."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from atazan import cli


@pytest.mark.parametrize(
    ("args", "environ", "language", "rest"),
    [
        (["--lang", "ru", "check"], {"LANG": "kk_KZ.UTF-8"}, "ru", ["check"]),
        (["--lang=kk", "check"], {}, "kk", ["check"]),
        (["--lang", "de", "check"], {}, "en", ["check"]),
        (["check"], {"LANG": "ru_RU.UTF-8"}, "ru", ["check"]),
        (["check"], {"LANG": "kk_KZ"}, "kk", ["check"]),
        (["check"], {"LC_ALL": "en_GB.UTF-8", "LANG": "ru_RU.UTF-8"}, "en", ["check"]),
        (["check"], {"LC_MESSAGES": "ru_RU", "LANG": "kk_KZ"}, "ru", ["check"]),
        (["check"], {"LANG": "C.UTF-8"}, "en", ["check"]),
        (["check"], {"LANG": "de_DE.UTF-8"}, "en", ["check"]),
        (["check"], {}, "en", ["check"]),
        # A command's own --lang (the language of a text) is not the messages' language.
        (
            ["constitution", "compare", "a", "b", "--lang", "ru"],
            {"LANG": "kk_KZ.UTF-8"},
            "kk",
            ["constitution", "compare", "a", "b", "--lang", "ru"],
        ),
    ],
)
def test_the_language_comes_from_the_global_option_then_the_locale_then_english(
    args: list[str], environ: dict[str, str], language: str, rest: list[str]
) -> None:
    assert cli.command_language(args, environ) == (language, rest)


def test_the_command_runs_with_the_language_active(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    def execute(argv: list[str]) -> None:
        seen.append((argv, translation.get_language()))

    import django.core.management

    monkeypatch.setattr(django.core.management, "execute_from_command_line", execute)
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    cli.main(["--lang", "ru", "check"])
    cli.main(["check"])
    assert seen == [(["atazan", "check"], "ru"), (["atazan", "check"], "kk")]


def _atazan() -> list[str]:
    found = shutil.which("atazan", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the atazan console script is not installed")
    return [found]


@pytest.mark.parametrize(
    ("prefix", "environ", "expected"),
    [
        (["--lang", "ru"], {"LANG": "kk_KZ.UTF-8"}, "windows-1251"),
        ([], {"LANG": "ru_RU.UTF-8"}, "windows-1251"),
        ([], {"LANG": "C.UTF-8"}, "It is most likely windows-1251"),
    ],
)
def test_a_refused_import_is_explained_in_the_operators_language(
    tmp_path: Path, prefix: list[str], environ: dict[str, str], expected: str
) -> None:
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("id,text\n1,Предлагаю изменить статью 50\n".encode("windows-1251"))
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'source = "x"\n[columns]\nexternal_id = "id"\ntext = "text"\n[defaults]\nlanguage = "ru"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    env.pop("DATABASE_URL", None)
    env.update(environ, ATAZAN_DATA_DIR=str(tmp_path / "var"))
    result = subprocess.run(
        [*_atazan(), *prefix, "proposals", "import", str(legacy), "--mapping", str(mapping)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert expected in result.stderr
    russian = environ.get("LANG", "").startswith("ru") or prefix == ["--lang", "ru"]
    assert ("не является" in result.stderr) is russian, result.stderr
    assert "Traceback" not in result.stderr
