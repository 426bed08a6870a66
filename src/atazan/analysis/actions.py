"""Every write of the analysis app: runs, their results, and analysts' corrections."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atazan.analysis.models import (
    AnalysisRun,
    CampaignMark,
    CampaignResult,
    CoverageEntry,
    LinkDecision,
    LinkDecisionKind,
    ProposalAnalysis,
    ProvisionLink,
    RunStatus,
    ThemePin,
    ThemePinMember,
    ThemeResult,
    TopicDecision,
)
from atazan.analysis.selectors import constitution_documents, corrections, reference_version
from atazan.core.actors import Actor, SystemActor, require, user_or_none
from atazan.core.audit import record
from atazan.core.errors import InvalidInputError
from atazan.proposals.models import Proposal
from atazan_analysis.records import Record, RunResult

if TYPE_CHECKING:
    # Imported where a run needs it: the pipeline loads scikit-learn and NumPy, which
    # every web worker would otherwise load on its first request.
    from atazan_analysis import pipeline

BATCH = 2000


class AnalysisError(InvalidInputError, ValueError):
    """A request the analysis cannot carry out; the message says why."""

    code = "analysis_refused"


def request_run(
    actor: Actor, taxonomy: Sequence[str] = (), parameters: dict[str, Any] | None = None
) -> AnalysisRun:
    """Queue a run over all stored proposals; a background worker carries it out."""
    require(actor, "analysis.start_run")
    config = _config(parameters or {})
    version = reference_version()
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            requested_by=user_or_none(actor),
            parameters=config.as_dict(),
            taxonomy=list(taxonomy),
            constitution_version=version,
        )
        record(actor, "analysis.request_run", run, {"taxonomy": len(taxonomy)})
    from atazan.analysis.tasks import run_analysis

    transaction.on_commit(lambda: run_analysis.enqueue(run.pk))
    return run


def _config(parameters: dict[str, Any]) -> pipeline.Config:
    from atazan_analysis import pipeline

    allowed = set(pipeline.Config().as_dict())
    unknown = set(parameters) - allowed
    if unknown:
        raise AnalysisError(
            _("Unknown analysis parameter: %(name)s") % {"name": ", ".join(sorted(unknown))}
        )
    model_dir = getattr(settings, "ATAZAN_EMBEDDING_MODEL_DIR", "") or None
    return pipeline.Config(**{"model_dir": model_dir, **parameters})


def execute_run(
    run_id: int, progress: pipeline.Progress | None = None, client: Any = None
) -> AnalysisRun:
    """Carry out a queued run and store its results; a failure is stored, never lost."""
    from atazan_analysis import pipeline

    run = AnalysisRun.objects.get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.FAILED):
        return run
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        records = [
            Record(str(pk), text, title)
            for pk, title, text in Proposal.objects.order_by("pk")
            .values_list("pk", "title", "text")
            .iterator(chunk_size=BATCH)
        ]
        config = pipeline.Config(**run.parameters) if run.parameters else pipeline.Config()
        encoder = _encoder(config)
        result = pipeline.run(
            records,
            config=config,
            constitution=constitution_documents(run.constitution_version),
            taxonomy=run.taxonomy,
            corrections=corrections(),
            progress=progress,
            client=client,
            encoder=encoder,
        )
        _store(run, result)
    except Exception as error:
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    run.refresh_from_db()
    return run


def _encoder(config: pipeline.Config) -> Any:
    if not config.model_dir:
        return None
    from atazan_analysis.linking import SentenceTransformerEncoder

    return SentenceTransformerEncoder(config.model_dir)


def _store(run: AnalysisRun, result: RunResult) -> None:
    with transaction.atomic():
        themes = ThemeResult.objects.bulk_create(
            [
                ThemeResult(
                    run=run,
                    key=t.id,
                    label=t.label[:300],
                    language=t.language,
                    languages=list(t.languages) or [t.language],
                    keywords=t.keywords,
                    summary=[{"text": s.text, "proposal": int(s.proposal_id)} for s in t.summary],
                    size=t.size,
                    supporters=t.supporters,
                    pinned=t.pinned,
                )
                for t in result.themes
            ],
            batch_size=BATCH,
        )
        theme_pk = {t.key: t.pk for t in themes}
        campaigns = CampaignResult.objects.bulk_create(
            [
                CampaignResult(
                    run=run,
                    key=c.id,
                    representative_id=int(c.representative_id),
                    representative_text=c.representative_text,
                    supporters=c.supporters,
                    marked=c.marked,
                )
                for c in result.campaigns
            ],
            batch_size=BATCH,
        )
        campaign_pk = {c.key: c.pk for c in campaigns}
        rows = []
        links: list[ProvisionLink] = []
        for p in result.proposals:
            rows.append(
                ProposalAnalysis(
                    run=run,
                    proposal_id=int(p.id),
                    language=p.language,
                    mixed=p.mixed,
                    flags=p.flags,
                    cited=p.cited,
                    duplicate_of_id=int(p.duplicate_of) if p.duplicate_of else None,
                    campaign_id=campaign_pk.get(p.campaign or ""),
                    theme_id=theme_pk.get(p.theme or ""),
                    taxonomy_label=(p.taxonomy_label or "")[:300],
                    taxonomy_score=p.taxonomy_score,
                    taxonomy_top3=[[label[:300], score] for label, score in p.taxonomy_top3],
                )
            )
            links.extend(
                ProvisionLink(
                    run=run,
                    proposal_id=int(p.id),
                    provision_uid=lk.provision,
                    eid=lk.eid,
                    score=lk.score,
                    reason=lk.reason,
                    why=lk.why[:500],
                )
                for lk in p.links
            )
            if len(rows) >= BATCH:
                ProposalAnalysis.objects.bulk_create(rows)
                rows = []
            if len(links) >= BATCH:
                ProvisionLink.objects.bulk_create(links)
                links = []
        ProposalAnalysis.objects.bulk_create(rows)
        ProvisionLink.objects.bulk_create(links)
        CoverageEntry.objects.bulk_create(
            [
                CoverageEntry(
                    run=run,
                    provision_uid=c.provision,
                    eid=c.eid,
                    kind=c.kind,
                    label=c.label[:300],
                    proposals=c.proposals,
                    supporters=c.supporters,
                )
                for c in result.coverage
            ],
            batch_size=BATCH,
        )
        run.info = result.info
        run.proposals_count = len(result.proposals)
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.error = ""
        run.save(update_fields=["info", "proposals_count", "status", "finished_at", "error"])
        record(
            SystemActor("analysis worker"),
            "analysis.finish_run",
            run,
            {
                "counts": result.info.get("counts", {}),
                "fingerprint": result.info["input"]["fingerprint"],  # type: ignore[index]
            },
        )


def run_now(
    actor: Actor,
    taxonomy: Sequence[str] = (),
    progress: pipeline.Progress | None = None,
    client: Any = None,
) -> AnalysisRun:
    """Request a run and carry it out in this process (the command line and the demo)."""
    require(actor, "analysis.start_run")
    version = reference_version()
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            requested_by=user_or_none(actor),
            parameters=_config({}).as_dict(),
            taxonomy=list(taxonomy),
            constitution_version=version,
        )
        record(actor, "analysis.request_run", run, {"taxonomy": len(taxonomy), "in_process": True})
    return execute_run(run.pk, progress=progress, client=client)


def decide_link(
    actor: Actor, proposal: Proposal, provision_uid: str, decision: str
) -> LinkDecision:
    """Confirm or reject that a proposal concerns a provision; later runs follow the decision."""
    require(actor, "analysis.correct_results")
    if decision not in LinkDecisionKind.values:
        raise AnalysisError(_("decision: must be confirmed or rejected"))
    if not provision_uid:
        raise AnalysisError(_("provision: missing"))
    with transaction.atomic():
        decided, _created = LinkDecision.objects.update_or_create(
            proposal=proposal,
            provision_uid=provision_uid,
            defaults={"decision": decision, "decided_by": actor},
        )
        record(actor, f"analysis.link_{decision}", proposal, {"provision": provision_uid})
    return decided


def decide_topic(actor: Actor, proposal: Proposal, topic: str) -> TopicDecision:
    """Confirm or correct a proposal's topic; later runs keep it and learn from it."""
    require(actor, "analysis.correct_results", proposal)
    topic = topic.strip()
    if not topic:
        raise AnalysisError(_("topic: choose a topic"))
    if len(topic) > 300:
        raise AnalysisError(_("topic: at most 300 characters"))
    with transaction.atomic():
        decided, _created = TopicDecision.objects.update_or_create(
            proposal=proposal, defaults={"topic": topic, "decided_by": user_or_none(actor)}
        )
        record(actor, "analysis.decide_topic", proposal, {"topic": topic})
    return decided


def mark_campaign(actor: Actor, proposals: Sequence[Proposal]) -> str:
    """Say that these proposals are one campaign; returns the group's name."""
    require(actor, "analysis.correct_results")
    if len(proposals) < 2:
        raise AnalysisError(_("proposals: a campaign needs at least two proposals"))
    group = uuid.uuid4().hex[:16]
    with transaction.atomic():
        for proposal in proposals:
            CampaignMark.objects.update_or_create(
                proposal=proposal, defaults={"group": group, "marked_by": actor}
            )
        record(
            actor,
            "analysis.mark_campaign",
            None,
            {"group": group, "proposals": [p.pk for p in proposals]},
        )
    return group


def unmark_campaign(actor: Actor, proposal: Proposal) -> None:
    """Say that this proposal is not part of any campaign."""
    require(actor, "analysis.correct_results")
    with transaction.atomic():
        CampaignMark.objects.update_or_create(
            proposal=proposal, defaults={"group": "", "marked_by": actor}
        )
        record(actor, "analysis.unmark_campaign", proposal, {})


def pin_theme(actor: Actor, label: str, proposal_ids: Sequence[int], action: str) -> ThemePin:
    """Form a theme from these proposals (a merge or a split); later runs keep it."""
    require(actor, "analysis.correct_results")
    label = label.strip()
    if not label:
        raise AnalysisError(_("label: a theme needs a label"))
    ids = sorted(set(proposal_ids))
    if not ids:
        raise AnalysisError(_("proposals: choose at least one proposal"))
    with transaction.atomic():
        pin = ThemePin.objects.create(label=label[:300], created_by=user_or_none(actor))
        ThemePinMember.objects.filter(proposal_id__in=ids).delete()
        ThemePinMember.objects.bulk_create(
            [ThemePinMember(pin=pin, proposal_id=pk) for pk in ids], batch_size=BATCH
        )
        ThemePin.objects.filter(members__isnull=True).exclude(pk=pin.pk).delete()
        record(actor, f"analysis.{action}_themes", pin, {"label": label, "proposals": len(ids)})
    return pin


def merge_themes(actor: Actor, themes: Sequence[ThemeResult], label: str) -> ThemePin:
    if len(themes) < 2:
        raise AnalysisError(_("themes: choose at least two themes to merge"))
    members = ProposalAnalysis.objects.filter(theme__in=themes).values_list(
        "proposal_id", flat=True
    )
    return pin_theme(actor, label, list(members), "merge")


def split_theme(
    actor: Actor, theme: ThemeResult, proposal_ids: Sequence[int], label: str
) -> ThemePin:
    members = set(
        ProposalAnalysis.objects.filter(theme=theme).values_list("proposal_id", flat=True)
    )
    chosen = [pk for pk in proposal_ids if pk in members]
    if not chosen:
        raise AnalysisError(_("proposals: choose proposals of this theme to split off"))
    if len(chosen) == len(members):
        raise AnalysisError(_("proposals: a split must leave some proposals in the theme"))
    return pin_theme(actor, label, chosen, "split")


def progress_printer(write: Callable[[str], Any]) -> pipeline.Progress:
    """A progress bar for the command line (tqdm), one bar per step."""
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def report(step: str, done: int, total: int) -> None:
        bar = bars.get(step)
        if bar is None and done >= total:
            # A step over all proposals at once: a line, not a bar that jumps from 0 to 100%.
            write(f"analysis: {step} done ({total} proposals)\n")
            return
        if bar is None:
            bar = bars[step] = tqdm(
                total=total, desc=f"analysis: {step}", unit="proposal", leave=True
            )
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return report
