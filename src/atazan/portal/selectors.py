"""The reform at a glance: one stage per step, each figure with the page it comes from.

The home page shows citizens where the reform stands. Every figure here is a
count anyone can check on the public page the stage links to, so the home page
never says more than the pages behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atazan.analysis.models import AnalysisRun
from atazan.analysis.selectors import campaign_count, latest_finished_run
from atazan.commission.models import Amendment, AmendmentStatus, Draft, Meeting, MeetingStatus
from atazan.constitution import selectors as constitution_selectors
from atazan.proposals.models import Channel, Proposal, Status
from atazan.referendum.models import Referendum, ReferendumStatus


@dataclass(frozen=True)
class Figure:
    """One number on the home page and the public page that shows where it comes from."""

    value: int | str
    label: str
    url: str


@dataclass
class Stage:
    """One step of the reform, with its dates and figures; ``state`` is done, current or ahead."""

    key: str
    title: str
    state: str
    starts: dt.date | None = None
    ends: dt.date | None = None
    figures: list[Figure] = field(default_factory=list)
    url: str = ""


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _proposal_stage(draft_published: dt.datetime | None) -> tuple[Stage, Stage | None]:
    """Proposals before the draft; proposals that kept coming after it (comments included)."""
    before = Q() if draft_published is None else Q(registered_at__lt=draft_published)
    figures = Proposal.objects.filter(before).aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(consent_publish_text=True)),
        answered=Count("id", filter=Q(status=Status.ANSWERED)),
        first=Min("registered_at"),
        last=Max("registered_at"),
    )
    public = reverse("proposals:public_list")
    stage = Stage(
        key="proposals",
        title=str(_("Proposals from citizens and organisations")),
        state="done" if draft_published else ("current" if figures["total"] else "ahead"),
        starts=_day(figures["first"]),
        ends=_day(figures["last"]),
        url=public,
        figures=[
            Figure(figures["total"], str(_("proposals registered")), public),
            Figure(figures["published"], str(_("published with the author's consent")), public),
            Figure(
                figures["answered"], str(_("answered")), f"{public}?status={Status.ANSWERED.value}"
            ),
        ],
    )
    if draft_published is None:
        return stage, None
    later = Proposal.objects.filter(registered_at__gte=draft_published).aggregate(
        total=Count("id"),
        comments=Count("id", filter=Q(channel=Channel.DRAFT_COMMENT)),
        last=Max("registered_at"),
    )
    continued = Stage(
        key="continued",
        title=str(_("Comments on the draft and continued proposals")),
        state="current" if later["total"] else "ahead",
        starts=_day(draft_published),
        ends=_day(later["last"]),
        url=public,
        figures=[
            Figure(later["total"], str(_("proposals since the draft was published")), public),
            Figure(later["comments"], str(_("comments on the draft")), public),
        ],
    )
    return stage, continued


def _analysis_stage() -> Stage:
    run: AnalysisRun | None = latest_finished_run()
    coverage = reverse("analysis:coverage")
    if run is None:
        return Stage("analysis", str(_("Analysis of the proposals")), "ahead", url=coverage)
    return Stage(
        key="analysis",
        title=str(_("Analysis of the proposals")),
        state="done",
        starts=_day(run.finished_at),
        url=coverage,
        figures=[
            Figure(run.themes.count(), str(_("themes")), coverage),
            Figure(campaign_count(run), str(_("organised campaigns")), coverage),
        ],
    )


def _commission_stage() -> Stage:
    index = reverse("commission:index")
    held = Meeting.objects.filter(status=MeetingStatus.CLOSED).aggregate(
        count=Count("id"), first=Min("starts_at"), last=Max("starts_at")
    )
    upcoming = Meeting.objects.exclude(status=MeetingStatus.CLOSED).count()
    decided = Amendment.objects.aggregate(
        adopted=Count("id", filter=Q(status=AmendmentStatus.ADOPTED)),
        rejected=Count("id", filter=Q(status=AmendmentStatus.REJECTED)),
    )
    state = "ahead"
    if held["count"]:
        state = "current" if upcoming else "done"
    return Stage(
        key="commission",
        title=str(_("Commission meetings and votes")),
        state=state,
        starts=_day(held["first"]),
        ends=_day(held["last"]),
        url=index,
        figures=[
            Figure(held["count"], str(_("meetings held")), reverse("commission:calendar")),
            Figure(upcoming, str(_("meetings ahead")), reverse("commission:calendar")),
            Figure(decided["adopted"], str(_("amendments adopted")), index),
            Figure(decided["rejected"], str(_("amendments rejected")), index),
        ],
    )


def _draft_stage() -> tuple[Stage, Draft | None]:
    draft = (
        Draft.objects.filter(published_at__isnull=False)
        .select_related("version")
        .order_by("-published_at")
        .first()
    )
    if draft is None:
        return Stage("draft", str(_("The draft new Constitution")), "ahead"), None
    url = reverse("commission:draft", kwargs={"pk": draft.pk})
    changed = draft.provision_sources.values("provision_uid").distinct().count()
    return (
        Stage(
            key="draft",
            title=str(_("The draft new Constitution")),
            state="done",
            starts=_day(draft.published_at),
            url=url,
            figures=[
                Figure(changed, str(_("provisions changed, each traced to its sources")), url)
            ],
        ),
        draft,
    )


def _referendum_stage(today: dt.date) -> Stage:
    referendum = Referendum.objects.order_by("-voting_day").first()
    if referendum is None:
        return Stage("referendum", str(_("Nationwide referendum")), "ahead")
    url = reverse("referendum:results", kwargs={"slug": referendum.slug})
    if referendum.status == ReferendumStatus.FINAL:
        state = "done"
    elif referendum.voting_day <= today:
        state = "current"
    else:
        state = "ahead"
    return Stage(
        key="referendum",
        title=str(_("Nationwide referendum")),
        state=state,
        starts=referendum.voting_day,
        url=url,
        figures=[Figure(str(referendum.get_status_display()), str(_("status")), url)],
    )


def reform_timeline(today: dt.date) -> list[Stage]:
    """The reform's stages in the order they happen, each with its public figures."""
    draft_stage, draft = _draft_stage()
    proposals, continued = _proposal_stage(draft.published_at if draft else None)
    stages = [proposals, _analysis_stage(), _commission_stage(), draft_stage]
    if continued is not None:
        stages.append(continued)
    stages.append(_referendum_stage(today))
    return stages


def _title_in(version: Any, language: str) -> str:
    """A text's title in the reader's language when the version has it, else its first."""
    expressions = list(version.expressions.all())
    chosen = next((e for e in expressions if e.language == language), None)
    return str((chosen or expressions[0]).title) if expressions else ""


def works_with_titles(user: Any, language: str) -> list[tuple[Any, list[tuple[Any, str]]]]:
    """The texts the reader may see, each version with its title in the reader's language."""
    return [
        (work, [(version, _title_in(version, language)) for version in versions])
        for work, versions in constitution_selectors.works_with_versions(user)
    ]
