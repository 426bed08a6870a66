#!/usr/bin/env python3
"""Atazan's own lint rules: the house conventions that ruff and mypy cannot see.

docs/architecture.md ("Conventions in each app") says where code of each kind
lives: writes in ``actions.py``, reads in ``selectors.py``, views that only
parse, check, call one action or selector and render; one permission check,
``atazan.core.actors.require``; one error base, ``atazan.core.errors.AtazanError``.
Each rule below turns one of those sentences into a check.

A rule has a stable name, a description saying why, the files it applies to
(globs relative to the repository root, ``**`` crossing directories), either a
regular expression or a check on the parsed module, and examples of code it
accepts (``good``) and flags (``bad``); tests/tools/test_custom_lint.py runs
every rule on its own examples.

Regular expressions only see code: strings and comments are blanked out first,
so a docstring or a comment mentioning ``.has_perm(`` is not a finding.

An exception for one line is written on that line (or on any line of the
flagged expression, for one that spans several)::

    Thing.objects.create(**row)  # lint: allow orm-write-outside-actions -- the reason

The reason after ``--`` is mandatory; an allow comment without one, naming an
unknown rule, or allowing something that is not found on its line, is itself
reported (as ``allow-comment``). Several rules may be named, separated by commas.

Usage: ``python tools/custom_lint.py [--list] [--rule NAME] [paths...]``
(default path: src/). Prints ``path:line: [rule-name] message`` for each
finding and exits with 1 when there is any, 0 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import re
import sys
import textwrap
import tokenize
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ("src",)
SKIP_DIRS = frozenset({"__pycache__", ".git", ".venv", "node_modules"})

ALLOW_RULE = "allow-comment"
PARSE_RULE = "syntax-error"


# --------------------------------------------------------------------------
# Findings and rules


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where, which rule, and what to do about it."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class Hit:
    """What a check reports: the line to print, the lines an allow comment may
    sit on (the whole flagged expression), and an optional specific message."""

    line: int
    first: int
    last: int
    message: str | None = None


@dataclass
class Source:
    """A file as the checks see it."""

    path: str  # relative to the repository root, with forward slashes
    text: str
    tree: ast.Module
    code_lines: list[str]  # the lines with strings and comments blanked out
    comments: dict[int, list[str]]  # line number -> comment tokens on it


AstCheck = Callable[[Source], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One house convention as a check.

    ``include``/``exclude`` are globs on the path relative to the repository
    root. Exactly one of ``pattern`` (a regular expression searched in each
    line of code, strings and comments blanked) and ``check`` (a function of
    the parsed file) is given. ``good`` and ``bad`` are snippets checked as if
    they were the file ``example_path``.
    """

    name: str
    description: str
    message: str
    include: tuple[str, ...]
    good: tuple[str, ...]
    bad: tuple[str, ...]
    example_path: str
    exclude: tuple[str, ...] = ()
    pattern: str | None = None
    check: AstCheck | None = None
    allowable: bool = True

    def __post_init__(self) -> None:
        if (self.pattern is None) == (self.check is None):
            raise ValueError(f"rule {self.name}: give exactly one of pattern and check")

    def applies_to(self, path: str) -> bool:
        return any(glob_match(path, g) for g in self.include) and not any(
            glob_match(path, g) for g in self.exclude
        )

    def hits(self, source: Source) -> Iterator[Hit]:
        if self.check is not None:
            yield from self.check(source)
            return
        assert self.pattern is not None
        regex = re.compile(self.pattern)
        for number, line in enumerate(source.code_lines, start=1):
            if regex.search(line):
                yield Hit(number, number, number)


@cache
def _glob_regex(glob: str) -> re.Pattern[str]:
    parts: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            parts.append("(?:[^/]+/)*")
            i += 3
        elif glob.startswith("**", i):
            parts.append(".*")
            i += 2
        elif glob[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            parts.append("[^/]")
            i += 1
        else:
            parts.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(parts) + r"\Z")


def glob_match(path: str, glob: str) -> bool:
    """Whether ``path`` (forward slashes) matches ``glob``; ``**/`` is any number of directories."""
    return _glob_regex(glob).match(path) is not None


# --------------------------------------------------------------------------
# Helpers for the AST checks


def _links(node: ast.expr) -> Iterator[ast.expr]:
    """The nodes of a call/attribute chain, outermost first: ``a.b(c).d`` gives
    ``a.b(c).d``, ``a.b(c)``, ``a.b``, ``a``."""
    current: ast.expr | None = node
    while current is not None:
        yield current
        if isinstance(current, ast.Call):
            current = current.func
        elif isinstance(current, ast.Attribute | ast.Subscript):
            current = current.value
        else:
            current = None


#: Methods that only a manager or a queryset has (or that make one).
QUERYSET_METHODS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "select_related",
        "prefetch_related",
        "select_for_update",
        "annotate",
        "alias",
        "aggregate",
        "order_by",
        "distinct",
        "only",
        "defer",
        "using",
        "none",
        "values",
        "values_list",
        "in_bulk",
    }
)
#: Names that, by the convention of this code base, hold a queryset.
QUERYSET_NAME = re.compile(r"(?:^|_)(?:qs|queryset)$")


def _attr_name(node: ast.expr) -> str | None:
    """The final name of ``a.b.name`` or ``name``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def looks_like_queryset(node: ast.expr) -> bool:
    """Whether an expression is, by its shape, a manager or a queryset:
    ``X.objects...``, a chain through ``.filter()``/``.all()``/..., or a
    variable called ``qs``/``queryset``/``*_qs``."""
    for link in _links(node):
        if isinstance(link, ast.Attribute) and link.attr == "objects":
            return True
        if (
            isinstance(link, ast.Call)
            and isinstance(link.func, ast.Attribute)
            and link.func.attr in QUERYSET_METHODS
        ):
            return True
        name = _attr_name(link) if isinstance(link, ast.Name | ast.Attribute) else None
        if name is not None and QUERYSET_NAME.search(name):
            return True
    return False


def _method_call(node: ast.AST) -> tuple[str, ast.expr] | None:
    """``(method, receiver)`` for a call ``receiver.method(...)``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr, node.func.value
    return None


def _hit_for_call(node: ast.Call, message: str | None = None) -> Hit:
    """A hit on the line where the called method's name is (for a chain that
    spans lines, the line of ``.update(``, not of the chain's start)."""
    line = node.func.end_lineno or node.lineno
    return Hit(line, node.lineno, node.end_lineno or line, message)


def _hit_for(node: ast.expr | ast.arg, message: str | None = None) -> Hit:
    return Hit(node.lineno, node.lineno, node.end_lineno or node.lineno, message)


def _is_super_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


# --------------------------------------------------------------------------
# The checks

ALWAYS_WRITES = frozenset({"bulk_create", "bulk_update", "get_or_create", "update_or_create"})


def orm_write(call: ast.Call) -> str | None:
    """The ORM write a call makes, by its shape, or None.

    * ``bulk_create``, ``bulk_update``, ``get_or_create``, ``update_or_create``: always;
    * ``.update(...)``, ``.delete(...)``, ``.create(...)`` on a manager or queryset
      (see :func:`looks_like_queryset`), so ``dict.update`` is not one;
    * ``.create(**fields)`` with keyword arguments only (a related manager);
    * ``.save()`` and ``.delete()`` without positional arguments (a model
      instance; ``form.save()`` too), except ``super().save()`` inside a model
      and ``form.save(commit=False)``; ``workbook.save(path)`` or
      ``cache.delete(key)`` are not writes.
    """
    method_receiver = _method_call(call)
    if method_receiver is None:
        return None
    method, receiver = method_receiver
    if _is_super_call(receiver):
        return None
    positional = bool(call.args)
    keywords = {k.arg for k in call.keywords}
    if method in ALWAYS_WRITES:
        return method
    if method in {"update", "delete", "create"} and looks_like_queryset(receiver):
        return method
    if method == "create" and not positional and keywords:
        return method
    if method == "save" and not positional:
        for keyword in call.keywords:
            if (
                keyword.arg == "commit"
                and isinstance(keyword.value, ast.Constant)
                and keyword.value.value is False
            ):
                return None
        return method
    if method == "delete" and not positional:
        return method
    return None


def check_orm_write(source: Source) -> Iterator[Hit]:
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Call):
            method = orm_write(node)
            if method is not None:
                yield _hit_for_call(
                    node,
                    f"`.{method}()` writes to the database outside actions.py; "
                    "call an action that does it",
                )


QUERY_FUNCTIONS = frozenset({"get_object_or_404", "get_list_or_404"})


def _query_in(node: ast.expr) -> tuple[ast.expr, str] | None:
    """The ORM query in one link of a chain: the node to report, and what it is."""
    if isinstance(node, ast.Attribute) and node.attr == "objects":
        return node, "`.objects`"
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id in QUERY_FUNCTIONS:
        return node, f"`{func.id}()`"
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in QUERY_FUNCTIONS:
        return node, f"`{func.attr}()`"
    if func.attr in QUERYSET_METHODS - {"all", "none", "using", "values"}:
        return node, f"`.{func.attr}()`"
    if func.attr == "all" and not node.args and not node.keywords:
        return node, "`.all()`"
    if func.attr == "get" and (
        looks_like_queryset(func.value) or (node.keywords and not node.args)
    ):
        # dict.get takes no keyword arguments; Model.objects.get(pk=...) does.
        return node, "`.get()`"
    if func.attr == "cursor" and _attr_name(func.value) == "connection":
        return node, "`connection.cursor()`"
    return None


def check_query_in_view(source: Source) -> Iterator[Hit]:
    """Report each query once, at its outermost call."""
    inside_reported: set[int] = set()
    for node in ast.walk(source.tree):
        if not isinstance(node, ast.expr) or id(node) in inside_reported:
            continue
        found = _query_in(node)
        if found is None:
            continue
        flagged, what = found
        # One finding per query: not again for its chain or its arguments
        # (get_object_or_404(Model.objects.select_related(...), pk=pk) is one read).
        inside_reported.update(id(inner) for inner in ast.walk(node))
        message = f"{what} queries the database in a view; move the read into selectors.py"
        if isinstance(flagged, ast.Call):
            yield _hit_for_call(flagged, message)
        else:
            yield Hit(
                flagged.end_lineno or flagged.lineno,
                node.lineno,
                node.end_lineno or node.lineno,
                message,
            )


def _all_args(
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
) -> list[tuple[ast.arg, ast.expr | None]]:
    """Each parameter with its default (None when it has none)."""
    a = function.args
    positional = [*a.posonlyargs, *a.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(
        a.defaults
    )
    pairs = list(zip(positional, defaults, strict=True))
    pairs += list(zip(a.kwonlyargs, a.kw_defaults, strict=True))
    return pairs


def _annotation_allows_none(annotation: ast.expr) -> bool:
    """``X | None``, ``Optional[X]``, ``Union[X, None]``, ``None``, and the same as a string."""
    if isinstance(annotation, ast.Constant):
        if annotation.value is None:
            return True
        if isinstance(annotation.value, str):
            try:
                parsed = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return False
            return _annotation_allows_none(parsed)
        return False
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _annotation_allows_none(annotation.left) or _annotation_allows_none(annotation.right)
    if isinstance(annotation, ast.Subscript):
        name = _attr_name(annotation.value)
        if name == "Optional":
            return True
        if name == "Union":
            elements = (
                annotation.slice.elts
                if isinstance(annotation.slice, ast.Tuple)
                else [annotation.slice]
            )
            return any(_annotation_allows_none(e) for e in elements)
    return False


def _is_actor(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "actor"


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield node


def check_nullable_actor(source: Source) -> Iterator[Hit]:
    for function in _functions(source.tree):
        for arg, default in _all_args(function):
            if arg.arg != "actor":
                continue
            if arg.annotation is not None and _annotation_allows_none(arg.annotation):
                yield _hit_for(
                    arg, "`actor` may be None; take an Actor (a SystemActor for programs)"
                )
            elif default is not None and _is_none(default):
                yield _hit_for(
                    arg, "`actor` defaults to None; take an Actor (a SystemActor for programs)"
                )
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
                if isinstance(op, ast.Is | ast.IsNot | ast.Eq | ast.NotEq) and (
                    (_is_actor(left) and _is_none(right)) or (_is_none(left) and _is_actor(right))
                ):
                    yield _hit_for(
                        node, "`actor` compared with None; an actor is never None, call require()"
                    )
        tests: list[ast.expr] = []
        if isinstance(node, ast.If | ast.IfExp | ast.While | ast.Assert):
            tests.append(node.test)
        elif isinstance(node, ast.BoolOp):
            tests.extend(node.values)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            tests.append(node.operand)
        for test in tests:
            if _is_actor(test):
                yield _hit_for(
                    test, "`actor` tested for truth; an actor is never None, call require()"
                )


def check_untyped_actor(source: Source) -> Iterator[Hit]:
    for function in _functions(source.tree):
        if isinstance(function, ast.Lambda):
            continue
        for arg, _default in _all_args(function):
            if arg.arg != "actor":
                continue
            if arg.annotation is None:
                yield _hit_for(arg, "`actor` has no type; annotate it as Actor")
            elif _attr_name(arg.annotation) == "Any" or (
                isinstance(arg.annotation, ast.Constant) and arg.annotation.value == "Any"
            ):
                yield _hit_for(arg, "`actor: Any`; annotate it as Actor")


#: Exceptions that actions must not raise: a caller cannot tell them from bugs.
BARE_ERRORS = frozenset(
    {
        "BaseException",
        "Exception",
        "ValueError",
        "RuntimeError",
        "KeyError",
        "LookupError",
        "PermissionError",
        "PermissionDenied",
        "Http404",
    }
)


def check_bare_error(source: Source) -> Iterator[Hit]:
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = _attr_name(exc)
            if name in BARE_ERRORS:
                yield _hit_for(
                    node.exc,
                    f"`raise {name}` in an action; raise a subclass of "
                    "atazan.core.errors.AtazanError",
                )


def check_print(source: Source) -> Iterator[Hit]:
    for node in ast.walk(source.tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        ):
            yield _hit_for(node)


# --------------------------------------------------------------------------
# The rules

APP_CODE = ("src/atazan/**/*.py",)
ACTIONS = ("src/atazan/**/actions.py", "src/atazan/**/actions/**/*.py")
VIEWS = ("src/atazan/**/views.py", "src/atazan/**/api.py", "src/atazan/**/views/**/*.py")
MIGRATIONS = "src/atazan/**/migrations/**"

RULES: tuple[Rule, ...] = (
    Rule(
        name="orm-write-outside-actions",
        description=(
            "Every write goes through a function in an app's actions.py, which checks the "
            "actor's permission, writes inside one transaction and appends to the audit log "
            "(docs/architecture.md). A write elsewhere (a view, a command, a task, a "
            "selector) skips all three. Flagged: bulk_create, bulk_update, get_or_create, "
            "update_or_create; .update/.delete/.create on a manager or queryset "
            "(X.objects..., a .filter()/.all()/... chain, a variable named qs/queryset); "
            ".create(**fields); .save() and .delete() without positional arguments. "
            "core/rows.py and core/audit.py store rows by design; migrations are exempt."
        ),
        message="ORM write outside actions.py",
        include=APP_CODE,
        exclude=(*ACTIONS, MIGRATIONS, "src/atazan/core/rows.py", "src/atazan/core/audit.py"),
        check=check_orm_write,
        example_path="src/atazan/proposals/views.py",
        good=(
            "actions.answer(request.user, proposal, text=form.cleaned_data['text'])",
            "context.update({'proposal': proposal})",
            "form.save(commit=False)",
            "workbook.save(buffer)\ncache.delete(key)",
            "class Proposal(models.Model):\n"
            "    def save(self, *args, **kwargs):\n"
            "        super().save(*args, **kwargs)",
            "text = '''Proposal.objects.create(number=1)'''  # .save() in a comment",
            "Proposal.objects.create(number=1)  # lint: allow orm-write-outside-actions -- demo",
        ),
        bad=(
            "Proposal.objects.create(number=1)",
            "proposal.save()",
            "proposal.save(update_fields=['status'])",
            "form.save()",
            "proposal.delete()",
            "Proposal.objects.filter(pk=pk).update(status='answered')",
            "Proposal.objects.filter(pk__in=ids).delete()",
            "(Proposal.objects\n    .filter(pk=pk)\n    .update(status='answered'))",
            "proposal.attachments.create(name='a.pdf')",
            "Tag.objects.get_or_create(name='x')",
            "Tag.objects.bulk_create(tags)",
            "qs.update(active=False)",
        ),
    ),
    Rule(
        name="query-in-view",
        description=(
            "Views parse input, check a permission, call one action or selector and render; "
            "reads belong in selectors.py, where they are tested, tuned (select_related, "
            "indexes) and shared with the API and commands. Flagged in views.py, api.py and "
            "views/*.py: .objects, get_object_or_404/get_list_or_404, .filter/.exclude/"
            ".select_related/.prefetch_related/.order_by/.annotate/... calls, .get() on a "
            "queryset or with keyword arguments only, and connection.cursor()."
        ),
        message="ORM query in a view",
        include=VIEWS,
        check=check_query_in_view,
        example_path="src/atazan/proposals/views.py",
        good=(
            "proposal = selectors.proposal_for(request.user, number)",
            "query = request.GET.get('q', '')\npage = request.POST.get('page')",
            "items = sorted(filter(None, values))",
            "'Proposal.objects.get(pk=1)'",
        ),
        bad=(
            "proposal = Proposal.objects.get(pk=pk)",
            "proposal = get_object_or_404(Proposal, pk=pk)",
            "rows = proposals.filter(status='new')",
            "rows = selectors.inbox(user).select_related('author')",
            "rows = proposal.attachments.prefetch_related('pages')",
            "proposal = proposals.get(number=number)",
            "with connection.cursor() as cursor:\n    pass",
        ),
    ),
    Rule(
        name="nullable-actor",
        description=(
            "Actions take an actor that is never None: a user, an anonymous visitor or a "
            "SystemActor(reason) (atazan.core.actors). An optional actor, or a test such as "
            "`actor is not None and not actor.has_perm(...)`, lets a forgotten argument skip "
            "the permission check and leaves the audit log without a name. Flagged in "
            "actions.py: a parameter `actor` whose annotation admits None or whose default "
            "is None, `actor is None`/`actor is not None`/`actor == None`, and `actor` "
            "tested for truth (if actor, actor and ..., not actor)."
        ),
        message="actor may be None",
        include=ACTIONS,
        check=check_nullable_actor,
        example_path="src/atazan/proposals/actions.py",
        good=(
            "def answer(actor: Actor, proposal: Proposal) -> None:\n"
            "    require(actor, 'proposals.answer', proposal)",
            "def assign(actor: Actor, analyst: User | None) -> None:\n    pass",
            "def f(actor: Actor) -> None:\n    user = user_or_none(actor)\n    if user is None:\n"
            "        return",
        ),
        bad=(
            "def answer(actor: Actor | None, proposal: Proposal) -> None:\n    pass",
            "def answer(actor: Optional[User], proposal: Proposal) -> None:\n    pass",
            "def answer(actor: 'User | None', proposal: Proposal) -> None:\n    pass",
            "def answer(proposal: Proposal, *, actor: Union[User, None]) -> None:\n    pass",
            "def answer(proposal: Proposal, actor: Any = None) -> None:\n    pass",
            "if actor is not None and not actor.has_perm(perm):\n    raise PermissionDeniedError()",
            "if actor is None:\n    return",
            "user = actor if actor else None",
            "ok = actor and actor.is_staff",
        ),
    ),
    Rule(
        name="untyped-actor",
        description=(
            "Actions take a typed actor: `actor: Actor` (atazan.core.actors), so mypy "
            "catches a None or a user id passed by mistake. Flagged in actions.py: a "
            "parameter `actor` without annotation or annotated Any."
        ),
        message="actor is not typed",
        include=ACTIONS,
        check=check_untyped_actor,
        example_path="src/atazan/referendum/actions.py",
        good=(
            "def close(actor: Actor, referendum: Referendum) -> None:\n    pass",
            "def close(actor: 'Actor', referendum: Referendum) -> None:\n    pass",
        ),
        bad=(
            "def close(actor: Any, referendum: Referendum) -> None:\n    pass",
            "def close(actor, referendum):\n    pass",
            "def close(actor: typing.Any) -> None:\n    pass",
        ),
    ),
    Rule(
        name="has-perm-outside-require",
        description=(
            "Actions check permissions in exactly one way, "
            "require(actor, permission, obj=None) from atazan.core.actors: it refuses a "
            "None actor, knows SystemActor, rejects unknown permission names and raises "
            "the documented PermissionDeniedError. Calling .has_perm()/.has_perms() or "
            "rules.test_rule()/has_perm() directly in actions.py bypasses all of that."
        ),
        message="permission checked outside require(); call require(actor, permission, obj)",
        include=ACTIONS,
        pattern=r"(?<!def )\b(?:has_perms?|test_rule)\s*\(",
        example_path="src/atazan/analysis/actions.py",
        good=(
            "require(actor, 'analysis.request_run')",
            "# old code called actor.has_perm(perm) here\nrequire(actor, perm)",
            "doc = 'checks actor.has_perm(perm)'",
        ),
        bad=(
            "if not actor.has_perm('analysis.request_run'):\n    raise PermissionDeniedError()",
            "allowed = user.has_perms(['a', 'b'])",
            "if rules.test_rule('is_analyst', actor):\n    pass",
            "from rules import has_perm\nok = has_perm('x', actor)",
        ),
    ),
    Rule(
        name="bare-error-in-actions",
        description=(
            "Every refusal an action makes derives from atazan.core.errors.AtazanError, "
            "which carries a stable, documented code, a translated message and an HTTP "
            "status; the middleware maps it to a page, a JSON answer or a command error in "
            "one place. A ValueError, RuntimeError, Exception, PermissionDenied, Http404 "
            "(...) raised by an action is indistinguishable from a bug and answers 500."
        ),
        message="action raises an error that is not an AtazanError",
        include=ACTIONS,
        check=check_bare_error,
        example_path="src/atazan/referendum/actions.py",
        good=(
            "raise ReferendumError(_('The roll is closed.'), code='roll_closed')",
            "try:\n    parse(x)\nexcept ValueError as exc:\n"
            "    raise InvalidSetting(str(exc)) from exc",
            "raise",
        ),
        bad=(
            "raise ValueError('bad precinct')",
            "raise Exception('unexpected')",
            "raise RuntimeError",
            "raise PermissionDenied()",
            "raise exceptions.PermissionDenied('no')",
        ),
    ),
    Rule(
        name="print-in-app",
        description=(
            "print() in the web application writes to the server's stdout, where nobody "
            "reads it and where it interleaves with the worker's output. Use logging; "
            "management commands write to self.stdout/self.stderr (exempt here, as is "
            "the atazan command-line entry point)."
        ),
        message="print() in application code; use logging (or self.stdout in a command)",
        include=APP_CODE,
        exclude=(MIGRATIONS, "src/atazan/**/management/commands/**", "src/atazan/cli.py"),
        check=check_print,
        example_path="src/atazan/proposals/notify.py",
        good=(
            "logger.info('sent %d messages', count)",
            "self.stdout.write('done')",
            "# print(x)\ntext = 'print(x)'",
        ),
        bad=("print('sent', count)", "print(file=sys.stderr)"),
    ),
    Rule(
        name=ALLOW_RULE,
        description=(
            "An exception to a rule is written on the flagged line as "
            "`# lint: allow <rule>[, <rule>] -- <reason>`. The reason is mandatory so the "
            "next reader knows why; an allow comment without one, naming an unknown rule, "
            "or allowing something not found on its line, is reported (and allows nothing)."
        ),
        message="malformed or unused allow comment",
        include=("**/*.py",),
        check=lambda source: (),  # reported by lint_source, which sees all the rules
        allowable=False,
        example_path="src/atazan/proposals/views.py",
        good=(
            "proposal.save()  # lint: allow orm-write-outside-actions -- fixture for the demo",
            "x = 1  # a comment that mentions lint: allowances in prose is not one",
        ),
        bad=(
            "proposal.save()  # lint: allow orm-write-outside-actions",
            "proposal.save()  # lint: allow orm-write-outside-actions --   ",
            "proposal.save()  # lint: allow no-such-rule -- because",
            "x = 1  # lint: allow orm-write-outside-actions -- nothing to allow here",
            "x = 1  # lint: allow",
        ),
    ),
)

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


# --------------------------------------------------------------------------
# Reading files

ALLOW_COMMENT = re.compile(r"#.*?\blint:\s*allow\b(?!\w)(?P<rest>.*)")
ALLOW_BODY = re.compile(r"\s*(?P<names>[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:--(?P<reason>.*))?\Z")


@dataclass
class Allow:
    line: int
    names: tuple[str, ...]
    reason: str
    used: set[str] = field(default_factory=set)


def _blank_strings_and_comments(text: str) -> tuple[list[str], dict[int, list[str]]]:
    """The lines of ``text`` with string literals and comments replaced by spaces,
    and the comments by line number."""
    lines = text.splitlines(keepends=True)
    chars = [list(line) for line in lines]
    comments: dict[int, list[str]] = {}
    blank_types = {tokenize.STRING, tokenize.COMMENT}
    for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END"):  # Python 3.12+
        if hasattr(tokenize, name):
            blank_types.add(getattr(tokenize, name))
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            comments.setdefault(token.start[0], []).append(token.string)
        if token.type not in blank_types:
            continue
        (start_row, start_col), (end_row, end_col) = token.start, token.end
        for row in range(start_row, end_row + 1):
            if row - 1 >= len(chars):
                break
            line = chars[row - 1]
            first = start_col if row == start_row else 0
            last = end_col if row == end_row else len(line)
            for col in range(first, min(last, len(line))):
                if line[col] not in "\r\n":
                    line[col] = " "
    return ["".join(line) for line in chars], comments


def read_source(path: str, text: str) -> Source:
    tree = ast.parse(text, filename=path)
    code_lines, comments = _blank_strings_and_comments(text)
    return Source(path=path, text=text, tree=tree, code_lines=code_lines, comments=comments)


def _allows(source: Source, findings: list[Finding]) -> list[Allow]:
    """The well-formed allow comments; malformed ones become findings."""
    allows: list[Allow] = []
    for line, comments in sorted(source.comments.items()):
        for comment in comments:
            match = ALLOW_COMMENT.match(comment)
            if match is None:
                continue
            body = ALLOW_BODY.match(match["rest"])
            if body is None:
                findings.append(
                    Finding(
                        source.path,
                        line,
                        ALLOW_RULE,
                        "write `# lint: allow <rule> -- <reason>`",
                    )
                )
                continue
            names = tuple(n.strip() for n in body["names"].split(","))
            reason = (body["reason"] or "").strip()
            problems = [
                n for n in names if n not in RULES_BY_NAME or not RULES_BY_NAME[n].allowable
            ]
            if problems:
                findings.append(
                    Finding(
                        source.path,
                        line,
                        ALLOW_RULE,
                        f"allow comment names unknown rule(s) {', '.join(problems)}",
                    )
                )
                continue
            if not reason:
                findings.append(
                    Finding(
                        source.path,
                        line,
                        ALLOW_RULE,
                        f"allow comment for {', '.join(names)} needs a reason after `--`",
                    )
                )
                continue
            allows.append(Allow(line, names, reason))
    return allows


def lint_source(path: str, text: str, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """The findings in one file, given its path relative to the repository root."""
    try:
        source = read_source(path, text)
    except (SyntaxError, tokenize.TokenError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 1
        return [Finding(path, line, PARSE_RULE, f"cannot parse: {exc}")]
    applicable = [rule for rule in rules if rule.applies_to(path)]
    findings: list[Finding] = []
    allow_applies = any(rule.name == ALLOW_RULE for rule in applicable)
    allows = _allows(source, findings if allow_applies else [])
    allows_by_line: dict[int, list[Allow]] = {}
    for allow in allows:
        allows_by_line.setdefault(allow.line, []).append(allow)
    seen: set[tuple[int, str]] = set()
    for rule in applicable:
        for hit in rule.hits(source):
            suppressed = False
            if rule.allowable:
                for line in range(hit.first, hit.last + 1):
                    for allow in allows_by_line.get(line, []):
                        if rule.name in allow.names:
                            allow.used.add(rule.name)
                            suppressed = True
            if suppressed or (hit.line, rule.name) in seen:
                continue
            seen.add((hit.line, rule.name))
            findings.append(Finding(path, hit.line, rule.name, hit.message or rule.message))
    if allow_applies:
        ran = {rule.name for rule in applicable}
        for allow in allows:
            unused = [n for n in allow.names if n in ran and n not in allow.used]
            if unused:
                findings.append(
                    Finding(
                        path,
                        allow.line,
                        ALLOW_RULE,
                        f"nothing to allow for {', '.join(unused)} here; remove the comment",
                    )
                )
    return sorted(findings)


def check_example(rule: Rule, snippet: str) -> list[Finding]:
    """The findings of ``rule``, of allow comments and of the parser on one of
    the rule's examples (checked as if it were the file ``rule.example_path``)."""
    rules = RULES if rule.name == ALLOW_RULE else (rule, RULES_BY_NAME[ALLOW_RULE])
    findings = lint_source(rule.example_path, textwrap.dedent(snippet) + "\n", rules)
    return [f for f in findings if f.rule in {rule.name, ALLOW_RULE, PARSE_RULE}]


# --------------------------------------------------------------------------
# Files and the command line


def relative_path(path: Path) -> str:
    """The path the globs see: relative to the repository root, else to the
    current directory, else as given."""
    resolved = path.resolve()
    for base in (ROOT, Path.cwd().resolve()):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return path.as_posix()


def python_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file():
            yield path
            continue
        for directory, subdirs, files in os.walk(path):
            subdirs[:] = sorted(
                d for d in subdirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
            )
            for name in sorted(files):
                if name.endswith(".py"):
                    yield Path(directory) / name


def lint_paths(paths: Iterable[Path], rules: Sequence[Rule] = RULES) -> list[Finding]:
    findings: list[Finding] = []
    for file in python_files(paths):
        text = file.read_text(encoding="utf-8")
        findings.extend(lint_source(relative_path(file), text, rules))
    return findings


def describe(rule: Rule) -> str:
    where = ", ".join(rule.include)
    if rule.exclude:
        where += f" (except {', '.join(rule.exclude)})"
    kind = f"pattern {rule.pattern}" if rule.pattern is not None else "AST check"
    body = textwrap.fill(
        rule.description, width=88, initial_indent="    ", subsequent_indent="    "
    )
    return f"{rule.name}\n{body}\n    files: {where}\n    how: {kind}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="custom_lint.py",
        description="Check Atazan's house conventions (docs/architecture.md).",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="files or directories (default: src/ of the repository)"
    )
    parser.add_argument("--list", action="store_true", help="print each rule and why, then exit")
    parser.add_argument(
        "--rule",
        action="append",
        choices=sorted(RULES_BY_NAME),
        metavar="NAME",
        help="run only this rule (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.list:
        print("\n\n".join(describe(rule) for rule in RULES))
        return 0
    paths: list[Path] = args.paths or [ROOT / p for p in DEFAULT_PATHS]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        parser.error(f"no such file or directory: {', '.join(missing)}")
    rules = RULES if not args.rule else [RULES_BY_NAME[name] for name in args.rule]
    findings = lint_paths(paths, rules)
    for finding in findings:
        print(finding)
    if findings:
        print(
            f"{len(findings)} finding(s); see `python tools/custom_lint.py --list`", file=sys.stderr
        )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
