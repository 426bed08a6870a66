"""The documentation names what an operator, an observer or a partner must know.

Each test collects names from the code (environment variables, the
verifier's record files, management commands) and fails when the docs miss
one, so a new setting or check cannot land undocumented.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _docs() -> str:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")]
    return "\n".join([*texts, (ROOT / "README.md").read_text(encoding="utf-8")])


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        names |= set(
            re.findall(
                r"environ(?:\.get)?\(\s*[\"'](ATAZAN_[A-Z0-9_]+)", path.read_text(encoding="utf-8")
            )
        )
        names |= set(
            re.findall(r"environ\[\s*[\"'](ATAZAN_[A-Z0-9_]+)", path.read_text(encoding="utf-8"))
        )
    docs = _docs()
    assert names, "no environment variables found: the pattern is stale"
    missing = sorted(n for n in names if n not in docs)
    assert not missing, f"not documented: {missing}"


def test_every_file_the_verifier_checks_is_named_in_its_steps() -> None:
    from atazan_verify import verify

    steps = (ROOT / "docs" / "referendum.md").read_text(encoding="utf-8")
    steps = steps[steps.index("## Verification, step by step") :]
    files = list(verify.FILES)
    assert files
    missing = [name for name in files if f"`{name}`" not in steps]
    assert not missing, f"docs/referendum.md does not name: {missing}"


def test_every_management_command_is_documented() -> None:
    commands = sorted(
        p.stem
        for p in (SRC / "atazan").glob("*/management/commands/*.py")
        if not p.stem.startswith("_")
    )
    docs = _docs()
    assert commands
    missing = [c for c in commands if not re.search(rf"atazan {c}\b", docs)]
    assert not missing, f"no 'atazan <command>' in README or docs for: {missing}"
