"""tools/custom_lint.py: every rule flags its bad examples and passes its good ones.

The rules are checked on the examples written in each rule, so a rule added
without examples fails here. No database is needed.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "custom_lint.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("custom_lint", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


lint = _load()
RULE_NAMES = [rule.name for rule in lint.RULES]
GOOD = [(rule.name, i) for rule in lint.RULES for i in range(len(rule.good))]
BAD = [(rule.name, i) for rule in lint.RULES for i in range(len(rule.bad))]


def findings(path: str, code: str) -> list[tuple[int, str]]:
    """(line, rule) of every finding in ``code`` as if it were the file ``path``."""
    return [(f.line, f.rule) for f in lint.lint_source(path, textwrap.dedent(code))]


# ---------------------------------------------------------------- the rules themselves


def test_the_required_rules_exist() -> None:
    assert {
        "orm-write-outside-actions",
        "query-in-view",
        "nullable-actor",
        "has-perm-outside-require",
        "bare-error-in-actions",
    } <= set(RULE_NAMES)


def test_rule_names_are_unique_and_stable_looking() -> None:
    assert len(RULE_NAMES) == len(set(RULE_NAMES))
    for name in RULE_NAMES:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", name), name


@pytest.mark.parametrize("name", RULE_NAMES)
def test_each_rule_explains_itself_and_has_examples(name: str) -> None:
    rule = lint.RULES_BY_NAME[name]
    assert len(rule.description) > 40, "say why the rule exists"
    assert rule.message
    assert rule.include
    assert rule.good, f"{name} has no good example"
    assert rule.bad, f"{name} has no bad example"
    assert rule.applies_to(rule.example_path), f"{name} does not apply to its example path"


@pytest.mark.parametrize(("name", "index"), BAD)
def test_bad_examples_are_flagged(name: str, index: int) -> None:
    rule = lint.RULES_BY_NAME[name]
    found = lint.check_example(rule, rule.bad[index])
    assert any(f.rule == name for f in found), f"not flagged:\n{rule.bad[index]}"
    assert not any(f.rule == lint.PARSE_RULE for f in found)


@pytest.mark.parametrize(("name", "index"), GOOD)
def test_good_examples_pass(name: str, index: int) -> None:
    rule = lint.RULES_BY_NAME[name]
    found = lint.check_example(rule, rule.good[index])
    assert found == [], f"flagged:\n{rule.good[index]}\n{found}"


def test_a_rule_needs_exactly_one_kind_of_check() -> None:
    with pytest.raises(ValueError):
        lint.Rule(
            name="x",
            description="d",
            message="m",
            include=("**",),
            good=("a",),
            bad=("b",),
            example_path="x.py",
        )


def test_a_pattern_rule_does_not_see_strings_or_comments() -> None:
    rule = lint.Rule(
        name="no-foo",
        description="d",
        message="m",
        include=("**/*.py",),
        pattern=r"\bfoo\(",
        good=(),
        bad=(),
        example_path="x.py",
    )
    code = 'x = "foo("\n# foo(\ny = """\nfoo(\n"""\nfoo(1)\n'
    assert [f.line for f in lint.lint_source("x.py", code, [rule])] == [6]


# ---------------------------------------------------------------- which files


@pytest.mark.parametrize(
    ("path", "glob", "matches"),
    [
        ("src/atazan/core/actions.py", "src/atazan/**/actions.py", True),
        ("src/atazan/actions.py", "src/atazan/**/actions.py", True),
        ("src/atazan/core/actions_extra.py", "src/atazan/**/actions.py", False),
        ("src/atazan/core/migrations/0001_initial.py", "src/atazan/**/migrations/**", True),
        ("src/atazan/proposals/views/inbox.py", "src/atazan/**/views/**/*.py", True),
        ("src/atazan_texts/views.py", "src/atazan/**/views.py", False),
    ],
)
def test_globs(path: str, glob: str, matches: bool) -> None:
    assert lint.glob_match(path, glob) is matches


@pytest.mark.parametrize(
    "path",
    [
        "src/atazan/proposals/actions.py",
        "src/atazan/proposals/migrations/0002_data.py",
        "src/atazan/core/rows.py",
        "src/atazan/core/audit.py",
        "src/atazan_texts/store.py",
        "tests/proposals/test_actions.py",
    ],
)
def test_writes_are_allowed_in_actions_migrations_and_storage(path: str) -> None:
    assert findings(path, "Proposal.objects.create(number=1)\nproposal.save()\n") == []


@pytest.mark.parametrize(
    "path",
    [
        "src/atazan/proposals/views.py",
        "src/atazan/proposals/selectors.py",
        "src/atazan/proposals/tasks.py",
        "src/atazan/proposals/management/commands/proposals.py",
    ],
)
def test_writes_are_flagged_everywhere_else_in_the_app(path: str) -> None:
    assert "orm-write-outside-actions" in {rule for _, rule in findings(path, "x.save()\n")}


def test_queries_are_flagged_in_views_but_not_in_selectors() -> None:
    code = "rows = Proposal.objects.filter(status='new')\n"
    assert findings("src/atazan/proposals/api.py", code) == [(1, "query-in-view")]
    assert findings("src/atazan/proposals/views/inbox.py", code) == [(1, "query-in-view")]
    assert findings("src/atazan/proposals/selectors.py", code) == []


def test_actions_rules_only_apply_to_actions() -> None:
    code = """\
    def f(actor: Actor | None) -> None:
        if actor is not None and not actor.has_perm("x"):
            raise ValueError("no")
    """
    assert findings("src/atazan/core/actors.py", code) == []
    assert {rule for _, rule in findings("src/atazan/core/actions.py", code)} == {
        "nullable-actor",
        "has-perm-outside-require",
        "bare-error-in-actions",
    }


def test_a_multiline_write_is_reported_on_the_line_of_the_method() -> None:
    code = """\
    (
        Proposal.objects
        .filter(pk=1)
        .update(status="x")
    )
    """
    assert findings("src/atazan/proposals/notify.py", code) == [(4, "orm-write-outside-actions")]


def test_one_query_is_one_finding() -> None:
    code = """\
    item = get_object_or_404(
        Attachment.objects.select_related("proposal").order_by("pk"),
        pk=pk,
    )
    """
    assert findings("src/atazan/proposals/views.py", code) == [(1, "query-in-view")]


# ---------------------------------------------------------------- allow comments


ALLOWED = "proposal.save()  # lint: allow orm-write-outside-actions -- {reason}\n"
VIEW = "src/atazan/proposals/views.py"


def test_an_allow_comment_with_a_reason_allows_the_line() -> None:
    assert findings(VIEW, ALLOWED.format(reason="the demo loader's own row")) == []


def test_an_allow_comment_only_allows_its_own_line() -> None:
    code = ALLOWED.format(reason="fine") + "other.save()\n"
    assert findings(VIEW, code) == [(2, "orm-write-outside-actions")]


def test_an_allow_comment_only_allows_the_rules_it_names() -> None:
    code = "x = Proposal.objects.get(pk=1).save()  # lint: allow query-in-view -- reason\n"
    assert findings(VIEW, code) == [(1, "orm-write-outside-actions")]


def test_an_allow_comment_may_name_several_rules() -> None:
    code = (
        "x = Proposal.objects.get(pk=1).save()"
        "  # lint: allow query-in-view, orm-write-outside-actions -- reason\n"
    )
    assert findings(VIEW, code) == []


def test_an_allow_comment_may_sit_on_any_line_of_a_multiline_expression() -> None:
    code = """\
    Proposal.objects.filter(pk=1).update(  # lint: allow orm-write-outside-actions -- sweep
        status="x",
    )
    """
    assert findings("src/atazan/proposals/notify.py", code) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_allow_comment_without_a_reason_is_reported_and_allows_nothing(reason: str) -> None:
    code = ALLOWED.format(reason=reason)
    assert sorted(findings(VIEW, code)) == [(1, "allow-comment"), (1, "orm-write-outside-actions")]
    code = "proposal.save()  # lint: allow orm-write-outside-actions\n"
    assert sorted(findings(VIEW, code)) == [(1, "allow-comment"), (1, "orm-write-outside-actions")]


def test_an_allow_comment_naming_an_unknown_rule_is_reported() -> None:
    code = "proposal.save()  # lint: allow orm-writes -- typo\n"
    assert sorted(findings(VIEW, code)) == [(1, "allow-comment"), (1, "orm-write-outside-actions")]


def test_an_unused_allow_comment_is_reported() -> None:
    code = "x = 1  # lint: allow orm-write-outside-actions -- stale\n"
    [finding] = lint.lint_source(VIEW, code)
    assert finding.rule == "allow-comment"
    assert "nothing to allow" in finding.message


def test_the_allow_comment_rule_cannot_itself_be_allowed() -> None:
    code = "x = 1  # lint: allow allow-comment -- please\n"
    assert findings(VIEW, code) == [(1, "allow-comment")]


def test_an_allow_text_inside_a_string_is_not_a_comment() -> None:
    code = 'text = "proposal.save()  # lint: allow orm-write-outside-actions"\n'
    assert findings(VIEW, code) == []


def test_a_file_that_does_not_parse_is_reported() -> None:
    assert findings(VIEW, "def f(:\n") == [(1, "syntax-error")]


# ---------------------------------------------------------------- command line


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_cli_exits_0_when_clean(tmp_path: Path) -> None:
    clean = _write(tmp_path, "src/atazan/proposals/views.py", "x = selectors.inbox(user)\n")
    result = run(str(clean), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_cli_exits_1_and_prints_path_line_rule_message(tmp_path: Path) -> None:
    _write(tmp_path, "src/atazan/proposals/views.py", "x = 1\nproposal.save()\n")
    result = run("src", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "src/atazan/proposals/views.py:2: [orm-write-outside-actions] "
        "`.save()` writes to the database outside actions.py; call an action that does it"
    ]


def test_cli_rule_option_runs_only_that_rule(tmp_path: Path) -> None:
    _write(tmp_path, "src/atazan/proposals/views.py", "Proposal.objects.get(pk=1).save()\n")
    result = run("--rule", "query-in-view", "src", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["[query-in-view]"]


def test_cli_exits_2_for_a_missing_path(tmp_path: Path) -> None:
    result = run("no/such/dir", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_cli_list_prints_every_rule_with_its_description() -> None:
    result = run("--list")
    assert result.returncode == 0
    for rule in lint.RULES:
        assert rule.name in result.stdout
        first_words = " ".join(rule.description.split()[:4])
        assert first_words in " ".join(result.stdout.split())


def test_main_returns_the_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Outside the repository, paths are seen relative to the current directory."""
    monkeypatch.chdir(tmp_path)
    bad = _write(tmp_path, "src/atazan/x/actions.py", "raise ValueError('no')\n")
    assert lint.main([str(bad)]) == 1
    assert capsys.readouterr().out.startswith("src/atazan/x/actions.py:1: [bare-error-in-actions]")
    _write(tmp_path, "src/atazan/x/actions.py", "raise XError('no')\n")
    assert lint.main(["src"]) == 0
