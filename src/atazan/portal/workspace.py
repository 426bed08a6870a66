"""What a signed-in person can do, listed on the home page by permission.

Each task names the permission its page checks, so the list never offers a
page that would refuse the reader: a role sees exactly the doors it may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atazan.core.actors import allows
from atazan.core.roles import Role
from atazan.referendum.models import Referendum


@dataclass(frozen=True)
class Task:
    permission: str
    title: Promise
    description: Promise
    url: Callable[[Referendum | None], str | None]
    #: The permission is checked on the latest referendum rather than in general.
    on_referendum: bool = False


def _fixed(name: str, query: str = "") -> Callable[[Referendum | None], str | None]:
    return lambda _referendum: reverse(name) + query


def _of_referendum(name: str) -> Callable[[Referendum | None], str | None]:
    return lambda referendum: (
        reverse(name, kwargs={"slug": referendum.slug}) if referendum is not None else None
    )


TASKS: tuple[Task, ...] = (
    Task(
        "proposals.submit_proposal",
        _("Send a proposal"),
        _("Write to the commission; you get a number and a secret to follow the answer."),
        _fixed("proposals:submit"),
    ),
    Task(
        "proposals.submit_proposal",
        _("My proposals"),
        _("See the status and the answers of the proposals you sent."),
        _fixed("proposals:mine"),
    ),
    Task(
        "proposals.register_proposal",
        _("Register a letter"),
        _("Enter a paper letter or a meeting's proposal and print its acknowledgement."),
        _fixed("proposals:operator_entry"),
    ),
    Task(
        "proposals.view_cases",
        _("Cases"),
        _("Take, answer and forward proposals within their legal deadlines."),
        _fixed("proposals:case_list"),
    ),
    Task(
        "proposals.view_workload",
        _("Workload"),
        _("See who holds which cases and what is overdue."),
        _fixed("proposals:workload"),
    ),
    Task(
        "analysis.view_runs",
        _("Analysis"),
        _("Themes, campaigns and links to articles; confirm or correct what the analysis found."),
        _fixed("analysis:run_list"),
    ),
    Task(
        "commission.view_public_record",
        _("Commission"),
        _(
            "Meetings, agendas, votes and amendments; members vote from the page of a meeting they attend."
        ),
        _fixed("commission:index"),
    ),
    Task(
        "referendum.enter_protocol",
        _("Enter protocols"),
        _("Enter and correct precinct protocols of the referendum."),
        _of_referendum("referendum:desk"),
        on_referendum=True,
    ),
    Task(
        "referendum.view_voter_roll",
        _("Voter roll"),
        _("Check the voter roll of each precinct."),
        _of_referendum("referendum:roll"),
        on_referendum=True,
    ),
    Task(
        "referendum.view_anomalies",
        _("Anomalies"),
        _("Precincts whose figures stand out, to check on the protocols."),
        _of_referendum("referendum:anomalies"),
        on_referendum=True,
    ),
    Task(
        "referendum.join_online_tally",
        _("Online round"),
        _("Follow the online round: its ballots, the verified tally and the public record."),
        _of_referendum("referendum:online"),
        on_referendum=True,
    ),
    Task(
        "core.view_audit_log",
        _("Audit log"),
        _("Every change, who made it and when, with signed checkpoints."),
        _fixed("core:audit_log"),
    ),
)


@dataclass(frozen=True)
class OpenTask:
    title: str
    description: str
    url: str


def tasks_for(user: Any) -> list[OpenTask]:
    """The tasks ``user`` may carry out, in the order a newcomer would meet them."""
    if not getattr(user, "is_authenticated", False):
        return []
    referendum = Referendum.objects.order_by("-voting_day").first()
    found = []
    for task in TASKS:
        target = referendum if task.on_referendum else None
        if task.on_referendum and referendum is None:
            continue
        if not allows(user, task.permission, target):
            continue
        url = task.url(referendum)
        if url:
            found.append(OpenTask(str(task.title), str(task.description), url))
    return found


def role_names(user: Any) -> list[str]:
    """The roles ``user`` holds, named in the reader's language."""
    if not getattr(user, "is_authenticated", False):
        return []
    held = user.role_set() if hasattr(user, "role_set") else frozenset()
    return [str(label) for value, label in Role.choices if value in held]
