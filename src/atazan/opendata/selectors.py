"""Reads behind the open data: one row generator per dataset and the revisions of their tables.

Every generator reads in primary-key order with ``.iterator(chunk_size=...)``
over ``values_list``, so a million proposals pass through in constant memory.
Texts that the author did not agree to publish never leave the database: the
query itself returns an empty string in their place. Free-form texts written
by staff (meeting places, rationales, theme labels) go through
``atazan_redact``; proposal texts are exported as the masked copy made at
registration (masking again would cost 0.7 ms a text, 12 minutes a million).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, Max, Q, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from atazan.analysis.models import (
    AnalysisRun,
    CampaignResult,
    ProvisionLink,
    RunStatus,
    ThemeResult,
)
from atazan.commission.models import Amendment, Ballot, Draft, Meeting, Vote, VoteStatus
from atazan.constitution.models import Expression, Version, VersionStatus
from atazan.core.models import AuditHead
from atazan.proposals.models import Proposal, Status
from atazan.referendum.models import Protocol, ProtocolVersion, Question, Referendum
from atazan_redact import redact

CHUNK = 5000
EMPTY_LIST = (None, "", "[]", "null")
Row = tuple[Any, ...]


def _local(value: dt.datetime | None) -> str | None:
    """A stored time in the project's time zone, to the second, as ISO 8601 text."""
    if value is None:
        return None
    return value.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds")


def _local_date(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.get_current_timezone()).date().isoformat()


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _clean(text: str) -> str:
    """Free-form text written by people: personal data masked."""
    return redact(text) if text else ""


def _published(field: str) -> Case:
    """``field`` when the author agreed to publish the text, else an empty string."""
    return Case(
        When(consent_publish_text=True, then=F(field)),
        default=Value(""),
        output_field=TextField(),
    )


# Revisions -------------------------------------------------------------------------


def audit_sequence() -> int:
    """The audit log's latest entry: every action moves it, in the same transaction."""
    return AuditHead.objects.values_list("last_sequence", flat=True).first() or 0


def _max_id(model: Any) -> int:
    return int(model.objects.aggregate(m=Max("id"))["m"] or 0)


def table_marks(models: tuple[Any, ...]) -> str:
    """The highest id of each table: rows written around the actions (bulk loads) move it."""
    return ".".join(str(_max_id(model)) for model in models)


def latest_finished_run() -> AnalysisRun | None:
    return AnalysisRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at", "-id").first()


def _run_id() -> int:
    run = latest_finished_run()
    return run.pk if run is not None else 0


# Proposals and answers ---------------------------------------------------------------


def proposal_rows() -> Iterator[Row]:
    """Every registered proposal: metadata always, texts and name only with consent."""
    zone = timezone.get_current_timezone()
    rows = (
        Proposal.objects.order_by("id")
        .annotate(
            published_title=_published("public_title"),
            published_text=_published("public_text"),
            published_answer=_published("public_answer"),
            # As text: parsed only for the rows that are published and cite something.
            citations=Cast("cited_provisions", TextField()),
            published_name=Case(
                When(
                    Q(consent_publish_text=True, consent_publish_name=True),
                    then=F("submitter_name"),
                ),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values_list(
            "number",
            "registered_at",
            "channel",
            "submitter_type",
            "region",
            "language",
            "topic",
            "status",
            "outcome",
            "answered_at",
            "deadline",
            "original_deadline",
            "consent_publish_text",
            "published_name",
            "published_title",
            "published_text",
            "citations",
            "published_answer",
        )
    )
    for (
        number,
        registered_at,
        channel,
        submitter_type,
        region,
        language,
        topic,
        status,
        outcome,
        answered_at,
        deadline,
        original_deadline,
        published,
        name,
        title,
        text,
        citations,
        answer,
    ) in rows.iterator(chunk_size=CHUNK):
        answered = status == Status.ANSWERED
        registered = registered_at.astimezone(zone).isoformat(timespec="seconds")
        yield (
            number,
            registered,
            registered[:10],
            channel,
            submitter_type,
            region,
            language,
            topic,
            status,
            outcome if answered else "",
            answered_at.astimezone(zone).date().isoformat() if answered and answered_at else None,
            deadline.isoformat(),
            deadline != original_deadline,
            published,
            name,
            title,
            text,
            " ".join(json.loads(citations)) if published and citations not in EMPTY_LIST else "",
            answer if answered else "",
        )


def answer_rows() -> Iterator[Row]:
    """Every answered proposal: when, with what outcome, and the published reason."""
    rows = (
        Proposal.objects.filter(status=Status.ANSWERED)
        .order_by("id")
        .annotate(published_answer=_published("public_answer"))
        .values_list(
            "number",
            "answered_at",
            "deadline",
            "outcome",
            "merged_into__number",
            "forwarded_to",
            "published_answer",
        )
    )
    for number, answered_at, deadline, outcome, merged, forwarded, answer in rows.iterator(
        chunk_size=CHUNK
    ):
        day = (
            answered_at.astimezone(timezone.get_current_timezone()).date() if answered_at else None
        )
        yield (
            number,
            _local(answered_at),
            _day(day),
            _day(deadline),
            day is not None and day <= deadline,
            outcome,
            merged or "",
            _clean(forwarded),
            answer,
        )


# The latest analysis -----------------------------------------------------------------


def link_rows() -> Iterator[Row]:
    run = latest_finished_run()
    if run is None:
        return
    rows = (
        ProvisionLink.objects.filter(run=run)
        .order_by("id")
        .values_list("proposal__number", "provision_uid", "eid", "score", "reason")
    )
    for number, uid, eid, score, reason in rows.iterator(chunk_size=CHUNK):
        yield (run.pk, number, uid, eid, round(float(score), 4), reason)


def theme_rows() -> Iterator[Row]:
    run = latest_finished_run()
    if run is None:
        return
    rows = (
        ThemeResult.objects.filter(run=run)
        .order_by("id")
        .values_list("key", "label", "language", "keywords", "size", "supporters", "pinned")
    )
    for key, label, language, keywords, size, supporters, pinned in rows.iterator(chunk_size=CHUNK):
        words = "; ".join(_clean(str(word)) for word in keywords or [])
        yield (run.pk, key, _clean(label), language, words, size, supporters, pinned)


def campaign_rows() -> Iterator[Row]:
    run = latest_finished_run()
    if run is None:
        return
    rows = (
        CampaignResult.objects.filter(run=run)
        .order_by("id")
        .values_list("key", "representative__number", "supporters", "marked")
    )
    for key, representative, supporters, marked in rows.iterator(chunk_size=CHUNK):
        yield (run.pk, key, representative, supporters, marked)


# The commission ----------------------------------------------------------------------


def meeting_rows() -> Iterator[Row]:
    rows = (
        Meeting.objects.order_by("id")
        .annotate(agenda_items=Count("agenda", distinct=True))
        .values_list(
            "body__slug",
            "number",
            "title_kk",
            "title_ru",
            "title_en",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "opened_at",
            "closed_at",
            "minutes_approved_at",
            "recording_url",
            "agenda_items",
        )
    )
    for (
        body,
        number,
        title_kk,
        title_ru,
        title_en,
        starts,
        ends,
        place,
        status,
        opened,
        closed,
        approved,
        recording,
        agenda,
    ) in rows.iterator(chunk_size=CHUNK):
        yield (
            body,
            number,
            _clean(title_kk),
            _clean(title_ru),
            _clean(title_en),
            _local(starts),
            _local(ends),
            _clean(place),
            status,
            _local(opened),
            _local(closed),
            _local(approved),
            recording,
            agenda,
        )


def vote_rows() -> Iterator[Row]:
    rows = Vote.objects.order_by("id").values_list(
        "id",
        "meeting__body__slug",
        "meeting__number",
        "amendment__base__work__slug",
        "amendment__base__label",
        "amendment__number",
        "status",
        "majority_rule",
        "members_total",
        "members_present",
        "opened_at",
        "closed_at",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "not_voted",
        "outcome",
    )
    for row in rows.iterator(chunk_size=CHUNK):
        (vote_id, body, meeting, work, base, number, status, rule, total, present) = row[:10]
        opened, closed, yes, no, abstain, silent, outcome = row[10:]
        closed_vote = status == VoteStatus.CLOSED
        yield (
            vote_id,
            body,
            meeting,
            work,
            base,
            number,
            status,
            rule,
            total,
            present,
            _local(opened),
            _local(closed),
            yes if closed_vote else None,
            no if closed_vote else None,
            abstain if closed_vote else None,
            silent if closed_vote else None,
            outcome if closed_vote else "",
        )


def roll_call_rows() -> Iterator[Row]:
    """Each member's recorded vote on a closed vote: the commission's roll calls are public."""
    rows = (
        Ballot.objects.filter(vote__status=VoteStatus.CLOSED)
        .order_by("vote_id", "membership_id")
        .values_list(
            "vote_id", "membership_id", "membership__full_name", "membership__role", "choice"
        )
    )
    yield from rows.iterator(chunk_size=CHUNK)


def amendment_rows() -> Iterator[Row]:
    rows = (
        Amendment.objects.order_by("id")
        .annotate(proposal_count=Count("sources", distinct=True))
        .values_list(
            "base__work__slug",
            "base__label",
            "number",
            "body__slug",
            "kind",
            "target_uid",
            "status",
            "proposed_at",
            "decided_at",
            "sequence",
            "rationale_kk",
            "rationale_ru",
            "rationale_en",
            "proposal_count",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK):
        work, base, number, body, kind, target, status, proposed, decided, sequence = row[:10]
        rationale_kk, rationale_ru, rationale_en, proposals = row[10:]
        yield (
            work,
            base,
            number,
            body,
            kind,
            target,
            status,
            _local(proposed),
            _local(decided),
            sequence,
            _clean(rationale_kk),
            _clean(rationale_ru),
            _clean(rationale_en),
            proposals,
        )


# The constitution --------------------------------------------------------------------


def public_versions() -> Iterator[Version]:
    """Versions anyone may read: published, in force or historical (drafts once published)."""
    rows = (
        Version.objects.filter(Q(published=True) | ~Q(status=VersionStatus.DRAFT))
        .select_related("work", "based_on")
        .order_by("id")
    )
    yield from rows.iterator(chunk_size=200)


def version_rows() -> Iterator[Row]:
    drafts = dict(
        Draft.objects.filter(published_at__isnull=False).values_list("version_id", "published_at")
    )
    for version in public_versions():
        languages = sorted(version.expressions.values_list("language", flat=True))
        yield (
            version.work.slug,
            version.label,
            _day(version.date),
            version.status,
            version.based_on.label if version.based_on is not None else "",
            " ".join(languages),
            _local(drafts.get(version.pk)),
        )


def public_expressions() -> Iterator[Expression]:
    """Every language's text of every public version, in a stable order."""
    versions = Version.objects.filter(Q(published=True) | ~Q(status=VersionStatus.DRAFT))
    rows = (
        Expression.objects.filter(version__in=versions)
        .select_related("version__work")
        .order_by("version_id", "language")
    )
    yield from rows.iterator(chunk_size=50)


def akoma_ntoso(row: Expression) -> bytes:
    """The text as Akoma Ntoso 3.0, by the constitution app's own export."""
    from atazan.constitution.selectors import document_for
    from atazan_texts.io import dump_document

    payload = dump_document(document_for(row), "akn")
    return payload if isinstance(payload, bytes) else payload.encode("utf-8")


# The referendum ----------------------------------------------------------------------

_FIGURES = ("registered", "received", "issued", "yes", "no", "invalid", "not_counted")
_FIGURES_ALL = (*_FIGURES, "spoiled", "unused")


def protocol_rows() -> Iterator[Row]:
    """The protocol in force at every precinct, per question."""
    rows = (
        Protocol.objects.filter(current__isnull=False)
        .order_by("id")
        .values_list(
            "question__referendum__slug",
            "question__position",
            "precinct__district__unit__code",
            "precinct__district__code",
            "precinct__code",
            "precinct__kind",
            "current__number",
            *(f"current__{name}" for name in _FIGURES_ALL),
        )
    )
    yield from rows.iterator(chunk_size=CHUNK)


def result_rows() -> Iterator[Row]:
    """The count of every question: the nation, then each voting unit, as the results page."""
    from atazan.referendum.selectors import results

    questions = Question.objects.select_related("referendum").order_by("referendum_id", "position")
    for question in questions:
        referendum = question.referendum
        outcome = results(question).outcome
        figures = outcome.figures
        yield (
            referendum.slug,
            question.position,
            referendum.status,
            "nation",
            "nation",
            *(getattr(figures, name) for name in _FIGURES_ALL),
            sum(unit.precincts for unit in outcome.units),
            float(outcome.turnout),
            float(outcome.yes),
            float(outcome.no),
            outcome.national_majority_yes,
            None,
            outcome.valid,
            outcome.adopted,
        )
        for unit in outcome.units:
            yield (
                referendum.slug,
                question.position,
                referendum.status,
                "unit",
                unit.code,
                *(getattr(unit.figures, name) for name in _FIGURES_ALL),
                unit.precincts,
                float(unit.turnout),
                float(unit.yes),
                float(unit.no),
                unit.majority_yes,
                unit.counts_for_rule,
                None,
                None,
            )


MODELS_OF = {
    "proposals": (Proposal,),
    "commission": (Meeting, Vote, Ballot, Amendment),
    "constitution": (Version, Expression, Draft),
    "referendum": (Referendum, ProtocolVersion),
}


def revision(group: str) -> str:
    """A cheap mark that changes whenever the data of ``group`` may have changed.

    The audit log's head moves with every action, in the action's transaction;
    the highest ids catch rows stored around the actions (bulk loads); the
    latest finished analysis run names the analysis behind links and themes.
    Each part is one index look-up, whatever the size of the tables.
    """
    parts = [str(audit_sequence())]
    if group == "analysis":
        parts.append(str(_run_id()))
    else:
        parts.append(table_marks(MODELS_OF[group]))
    return ":".join(parts)


@dataclass(frozen=True)
class TextFile:
    """One language's text of a public version, offered as Akoma Ntoso XML."""

    name: str
    work: str
    version: str
    language: str
    status: str
    date: dt.date | None


def text_files() -> list[TextFile]:
    """Every public text, by the file name it is offered under (a handful of rows)."""
    found = []
    for row in public_expressions():
        version = row.version
        name = f"constitution-{version.work.slug}-{version.label}-{row.language}".lower()
        found.append(
            TextFile(
                name, version.work.slug, version.label, row.language, version.status, version.date
            )
        )
    return found


def text_of(name: str) -> bytes | None:
    """The Akoma Ntoso XML of the public text offered as ``name``; None when there is none."""
    for row in public_expressions():
        version = row.version
        if f"constitution-{version.work.slug}-{version.label}-{row.language}".lower() == name:
            return akoma_ntoso(row)
    return None
