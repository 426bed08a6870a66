"""Reads for the analysis pages and for building a run's inputs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
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
    ThemeResult,
    TopicDecision,
)
from atazan.commission.models import Draft, ProvisionSource
from atazan.constitution.labels import provision_label
from atazan.constitution.models import Version, VersionStatus
from atazan.constitution.selectors import document_for
from atazan.proposals.models import Proposal
from atazan_analysis.records import Corrections
from atazan_texts import Document
from atazan_texts.model import Provision as TextProvision

_LANGUAGE_ORDER = {"kk": 0, "ru": 1, "en": 2}


def reference_version() -> Version | None:
    """The text proposals speak about: the constitution in force, else the newest version."""
    versions = Version.objects.select_related("work").order_by("-date", "-id")
    return versions.filter(status=VersionStatus.IN_FORCE).first() or versions.first()


def constitution_documents(version: Version | None) -> list[Document]:
    """The version's texts, fullest first (coverage is counted on the first)."""
    if version is None:
        return []
    documents = [document_for(e) for e in version.expressions.all()]
    return sorted(documents, key=lambda d: (-len(d.articles()), _LANGUAGE_ORDER.get(d.language, 9)))


def corrections() -> Corrections:
    """Every analyst decision, in the form the pipeline reads."""
    found = Corrections()
    for proposal_id, provision, decision in LinkDecision.objects.values_list(
        "proposal_id", "provision_uid", "decision"
    ):
        target = (
            found.confirmed_links
            if decision == LinkDecisionKind.CONFIRMED
            else found.rejected_links
        )
        target.add((str(proposal_id), provision))
    groups: dict[str, list[str]] = defaultdict(list)
    for proposal_id, group in CampaignMark.objects.order_by("proposal_id").values_list(
        "proposal_id", "group"
    ):
        if group:
            groups[group].append(str(proposal_id))
        else:
            found.not_campaign.add(str(proposal_id))
    found.campaign_groups = [members for _group, members in sorted(groups.items())]
    for pin in ThemePin.objects.prefetch_related("members"):
        members = sorted(str(m.proposal_id) for m in pin.members.all())
        if members:
            found.pinned_themes.append((pin.label, members))
    found.confirmed_topics = {
        str(proposal_id): topic
        for proposal_id, topic in TopicDecision.objects.order_by("proposal_id").values_list(
            "proposal_id", "topic"
        )
    }
    return found


def runs() -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.select_related("requested_by", "constitution_version__work")


def latest_finished_run() -> AnalysisRun | None:
    return AnalysisRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at", "-id").first()


def run_or_404(run_id: int) -> AnalysisRun:
    """The run, with what its pages show of it (see :func:`runs`); Http404 when there is none."""
    return get_object_or_404(runs(), pk=run_id)


def run_to_compare(run: AnalysisRun, other_id: int | None = None) -> AnalysisRun | None:
    """The finished run ``other_id``, or by default the finished run before ``run``."""
    finished = _finished_except(run)
    if other_id is not None:
        return finished.filter(pk=other_id).first()
    return finished.filter(pk__lt=run.pk).order_by("-pk").first()


def runs_to_compare(run: AnalysisRun, limit: int = 50) -> QuerySet[AnalysisRun]:
    """The other finished runs, newest first: the choices to compare ``run`` with."""
    return _finished_except(run).order_by("-pk")[:limit]


def _finished_except(run: AnalysisRun) -> QuerySet[AnalysisRun]:
    return runs().filter(status=RunStatus.DONE).exclude(pk=run.pk)


def _languages_of_theme(language: str, languages: list[str] | None) -> list[str]:
    """A stored theme's languages: those of its members, or its one language (older runs)."""
    return list(languages or []) or [language]


def themes_of(run: AnalysisRun, language: str = "") -> QuerySet[ThemeResult]:
    """The run's themes, only those with members in ``language`` when one is given.

    A multilingual theme (``en+kk+ru-003``) is found under each of its languages.
    The languages are matched here rather than in SQL because SQLite cannot
    look inside a JSON list; a run has hundreds of themes at most.
    """
    themes = run.themes.all()
    if language:
        keys = [
            pk
            for pk, lead, languages in themes.values_list("pk", "language", "languages")
            if language in _languages_of_theme(lead, languages)
        ]
        themes = themes.filter(pk__in=keys)
    return themes


def theme_languages(run: AnalysisRun) -> list[str]:
    """The languages of the run's themes' members, each once: kk, ru, en, then the others."""
    found = {
        code
        for lead, languages in run.themes.values_list("language", "languages")
        for code in _languages_of_theme(lead, languages)
    }
    return sorted(found, key=lambda code: (_LANGUAGE_ORDER.get(code, 9), code))


def themes_by_keys(run: AnalysisRun, keys: list[str]) -> list[ThemeResult]:
    return list(run.themes.filter(key__in=keys))


def theme_or_404(run: AnalysisRun, key: str) -> ThemeResult:
    return get_object_or_404(ThemeResult, run=run, key=key)


def theme_members(run: AnalysisRun, theme: ThemeResult) -> QuerySet[ProposalAnalysis]:
    """The proposals of a theme, in the order they were registered."""
    return (
        ProposalAnalysis.objects.filter(run=run, theme=theme)
        .select_related("proposal", "campaign")
        .order_by("proposal__registered_at", "proposal_id")
    )


def theme_summary(theme: ThemeResult) -> list[dict[str, Any]]:
    """The theme's summary sentences, each with the number of the proposal it comes from."""
    numbers = dict(
        Proposal.objects.filter(pk__in=[s["proposal"] for s in theme.summary]).values_list(
            "pk", "number"
        )
    )
    return [{"text": s["text"], "number": numbers.get(s["proposal"], "")} for s in theme.summary]


def campaigns_of(run: AnalysisRun, limit: int = 50) -> QuerySet[CampaignResult]:
    """The first ``limit`` campaigns of the run, with their representative proposal."""
    return run.campaigns.select_related("representative")[:limit]


def campaign_count(run: AnalysisRun) -> int:
    return run.campaigns.count()


def campaign_or_404(run: AnalysisRun, key: str) -> CampaignResult:
    return get_object_or_404(
        CampaignResult.objects.select_related("representative"), run=run, key=key
    )


def campaign_members(run: AnalysisRun, campaign: CampaignResult) -> QuerySet[ProposalAnalysis]:
    """The proposals of a campaign, in the order they were registered."""
    return (
        ProposalAnalysis.objects.filter(run=run, campaign=campaign)
        .select_related("proposal")
        .order_by("proposal__registered_at", "proposal_id")
    )


def proposal_or_404(pk: int | str) -> Proposal:
    return get_object_or_404(Proposal, pk=pk)


def proposals_by_ids(ids: list[int]) -> list[Proposal]:
    return list(Proposal.objects.filter(pk__in=ids))


def language_counts(run: AnalysisRun) -> list[dict[str, Any]]:
    return list(
        ProposalAnalysis.objects.filter(run=run)
        .values("language")
        .annotate(n=Count("id"))
        .order_by("-n")
    )


def flag_counts(run: AnalysisRun) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for flags in (
        ProposalAnalysis.objects.filter(run=run).exclude(flags=[]).values_list("flags", flat=True)
    ):
        for flag in flags:
            counts[flag] += 1
    return dict(sorted(counts.items()))


def links_to_review(run: AnalysisRun, reason: str = "", limit: int = 100) -> list[dict[str, Any]]:
    """Links the run inferred (not cited) that no analyst has judged yet, strongest first."""
    decided = set(LinkDecision.objects.values_list("proposal_id", "provision_uid"))
    rows = ProvisionLink.objects.filter(run=run).select_related("proposal")
    rows = rows.filter(reason=reason) if reason else rows.filter(reason__in=["terms", "semantic"])
    found = []
    for link in rows.order_by("-score", "id")[: limit * 3]:
        if (link.proposal_id, link.provision_uid) in decided:
            continue
        found.append({"link": link, "proposal": link.proposal})
        if len(found) >= limit:
            break
    return found


def topics_to_review(run: AnalysisRun, limit: int = 100) -> list[ProposalAnalysis]:
    """Proposals whose topic no analyst has given yet, least certain first.

    The least certain are where an analyst's answer teaches the next run most.
    """
    decided = TopicDecision.objects.values("proposal_id")
    return list(
        ProposalAnalysis.objects.filter(run=run)
        .exclude(taxonomy_label="")
        .exclude(proposal_id__in=decided)
        .select_related("proposal")
        .order_by("taxonomy_score", "proposal_id")[:limit]
    )


def topic_decision_count() -> int:
    return TopicDecision.objects.count()


def decisions_for(proposal_ids: list[int]) -> dict[tuple[int, str], str]:
    return {
        (pid, uid): decision
        for pid, uid, decision in LinkDecision.objects.filter(
            proposal_id__in=proposal_ids
        ).values_list("proposal_id", "provision_uid", "decision")
    }


@dataclass
class HeatCell:
    """One article on the heat map, named as its text names it ("33-бап", "Статья 33")."""

    eid: str
    label: str
    proposals: int
    supporters: int
    level: int
    uid: str = ""
    number: str = ""  # the article's number alone, for the small square
    new: bool = False  # not in the analysed text: no proposal could be about it
    changed: bool = False  # the draft's amendments made it what it is (a trace exists)


@dataclass
class HeatSection:
    eid: str
    label: str
    proposals: int
    supporters: int
    level: int
    articles: list[HeatCell] = field(default_factory=list)
    uid: str = ""
    new: bool = False


@dataclass(frozen=True)
class HeatText:
    """A text the heat map can be laid out by: the analysed text, or a published draft."""

    label: str
    draft: Draft | None = None

    @property
    def key(self) -> str:
        return str(self.draft.pk) if self.draft is not None else ""


def _level(value: int, top: int) -> int:
    """0 to 5, on a square-root scale so that small counts stay visible."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(5, round(5 * (value / top) ** 0.5)))


def heat_map_texts(run: AnalysisRun) -> list[HeatText]:
    """The analysed text first, then each published draft of the same constitution, newest first."""
    version = run.constitution_version
    if version is None:
        return []
    in_force = version.status == VersionStatus.IN_FORCE
    first = (
        _("The text in force (%(label)s)") if in_force else _("The text analysed (%(label)s)")
    ) % {"label": version.label}
    texts = [HeatText(first)]
    for draft in _published_drafts(version):
        texts.append(
            HeatText(_("Published draft %(label)s") % {"label": draft.version.label}, draft=draft)
        )
    return texts


def _published_drafts(version: Version) -> QuerySet[Draft]:
    return (
        Draft.objects.select_related("version")
        .filter(published_at__isnull=False, version__work_id=version.work_id)
        .exclude(version=version)
        .order_by("-published_at", "-pk")
    )


def published_draft_or_404(run: AnalysisRun, pk: int) -> Draft:
    """A published draft of the run's constitution; Http404 for any other (unpublished included)."""
    version = run.constitution_version
    if version is None:
        raise Http404("the run has no text")
    return get_object_or_404(_published_drafts(version), pk=pk)


def _layout(version: Version, language: str) -> Document | None:
    """The version's text in ``language`` when stored, else its fullest text."""
    expression = version.expressions.filter(language=language).first() if language else None
    if expression is not None:
        return document_for(expression)
    documents = constitution_documents(version)
    return documents[0] if documents else None


def _readable(provision: TextProvision, language: str) -> str:
    label = provision_label(provision.kind, provision.num, language)
    return f"{label}. {provision.heading}" if provision.heading else label


def heat_map(
    run: AnalysisRun, measure: str = "supporters", language: str = "", draft: Draft | None = None
) -> list[HeatSection]:
    """Sections with their articles, each with counts and a shade level.

    The map is laid out by the analysed text or by a published ``draft``, in
    the reader's ``language`` where that text is stored. Provisions keep their
    uids from one version to the next, so an article of the draft carries the
    counts of the same article in the analysed text; an article new in the
    draft has none and says so. A section counts each proposal once however
    many of its articles it concerns, so a draft's section is not a sum over
    its articles: it takes the counts of the same section of the analysed
    text, found by its uid or else as the section most of its articles come
    from (a re-imported text gives sections new uids).
    """
    entries = list(CoverageEntry.objects.filter(run=run).order_by("id"))
    key = "proposals" if measure == "proposals" else "supporters"
    version = draft.version if draft is not None else run.constitution_version
    document = _layout(version, (language or "")[:2]) if version is not None else None
    if document is None:
        return _stored_layout(entries, key)
    counts = {entry.provision_uid: entry for entry in entries}
    section_of_article = _analysed_sections(entries)
    changed: set[str] = set()
    if draft is not None:
        changed = set(
            ProvisionSource.objects.filter(draft=draft).values_list("provision_uid", flat=True)
        )
    sections: list[HeatSection] = []
    by_section: dict[int, HeatSection] = {}
    origins: dict[int, list[CoverageEntry]] = {}
    loose = HeatSection("", "", 0, 0, 0)
    cells: list[tuple[HeatCell, int]] = []
    for located in document.located():
        provision = located.provision
        uid = provision.uid or located.eid
        entry = counts.get(uid)
        if provision.kind == "section":
            section = HeatSection(
                located.eid, _readable(provision, document.language), 0, 0, 0, uid=uid
            )
            sections.append(section)
            by_section[id(provision)] = section
            origins[id(section)] = [entry] if entry is not None else []
        elif provision.kind == "article":
            cell = HeatCell(
                located.eid,
                _readable(provision, document.language),
                entry.proposals if entry else 0,
                entry.supporters if entry else 0,
                0,
                uid=uid,
                number=provision.num,
                new=entry is None and draft is not None,
                changed=uid in changed,
            )
            owner = by_section.get(id(located.section), loose)
            owner.articles.append(cell)
            cells.append((cell, getattr(cell, key)))
            if owner is not loose and uid in section_of_article:
                origins[id(owner)].append(section_of_article[uid])
    for section in sections:
        found = origins[id(section)]
        # Its own entry comes first when it has one; otherwise the most frequent origin.
        origin = (
            found[0] if found and found[0].provision_uid == section.uid else _most_common(found)
        )
        if origin is not None:
            section.proposals, section.supporters = origin.proposals, origin.supporters
        section.new = origin is None and draft is not None
    top_article = max((value for _cell, value in cells), default=0)
    for cell, value in cells:
        cell.level = _level(value, top_article)
    top_section = max((getattr(s, key) for s in sections), default=0)
    for section in sections:
        section.level = _level(getattr(section, key), top_section)
    if loose.articles:
        sections.insert(0, loose)
    return sections


def _analysed_sections(entries: list[CoverageEntry]) -> dict[str, CoverageEntry]:
    """The section entry of each article (by uid) of the analysed text."""
    sections = {entry.eid: entry for entry in entries if entry.kind == "section"}
    found = {}
    for entry in entries:
        if entry.kind == "article" and "__" in entry.eid:
            section = sections.get(entry.eid.split("__")[0])
            if section is not None:
                found[entry.provision_uid] = section
    return found


def _most_common(entries: list[CoverageEntry]) -> CoverageEntry | None:
    """The entry named most often, the first named on a tie; None for none."""
    if not entries:
        return None
    tally = Counter(entry.pk for entry in entries)
    best = max(tally.values())
    return next(entry for entry in entries if tally[entry.pk] == best)


def removed_by_draft(run: AnalysisRun, draft: Draft, language: str = "") -> list[HeatCell]:
    """Articles of the analysed text that the draft no longer has, with their counts."""
    version = run.constitution_version
    draft_text = _layout(draft.version, (language or "")[:2])
    analysed = _layout(version, (language or "")[:2]) if version is not None else None
    if draft_text is None or analysed is None:
        return []
    kept = {loc.provision.uid or loc.eid for loc in draft_text.located()}
    counts = {
        entry.provision_uid: entry
        for entry in CoverageEntry.objects.filter(run=run, kind="article")
    }
    removed = []
    for located in analysed.articles():
        uid = located.provision.uid or located.eid
        entry = counts.get(uid)
        if uid in kept or entry is None:
            continue
        removed.append(
            HeatCell(
                located.eid,
                _readable(located.provision, analysed.language),
                entry.proposals,
                entry.supporters,
                0,
                uid=uid,
                number=located.provision.num,
            )
        )
    return removed


def _stored_layout(entries: list[CoverageEntry], key: str) -> list[HeatSection]:
    """The map from the run's own rows, when its text is no longer stored."""
    top_article = max((getattr(e, key) for e in entries if e.kind == "article"), default=0)
    top_section = max((getattr(e, key) for e in entries if e.kind == "section"), default=0)
    sections: list[HeatSection] = []
    loose = HeatSection("", "", 0, 0, 0)
    for entry in entries:
        if entry.kind == "section":
            sections.append(
                HeatSection(
                    entry.eid,
                    entry.label,
                    entry.proposals,
                    entry.supporters,
                    _level(getattr(entry, key), top_section),
                    uid=entry.provision_uid,
                )
            )
        else:
            cell = HeatCell(
                entry.eid,
                entry.label,
                entry.proposals,
                entry.supporters,
                _level(getattr(entry, key), top_article),
                uid=entry.provision_uid,
                number=entry.label.split(" ")[0],
            )
            owner = next(
                (s for s in reversed(sections) if entry.eid.startswith(s.eid + "__")), loose
            )
            owner.articles.append(cell)
    if loose.articles:
        sections.insert(0, loose)
    return sections


@dataclass
class RunComparison:
    """How two runs differ: their records, and how many proposals they treat alike."""

    first: AnalysisRun
    second: AnalysisRun
    parameters: list[tuple[str, Any, Any]]
    same_input: bool
    counts: list[tuple[str, Any, Any]]
    common: int
    same_language: int
    same_campaign_status: int
    same_duplicate: int
    same_links: int
    theme_agreement: float | None


def compare_runs(first: AnalysisRun, second: AnalysisRun) -> RunComparison:
    """Agreement between two runs on the proposals both analysed (themes by adjusted mutual information)."""
    from sklearn.metrics import adjusted_mutual_info_score

    keys = sorted(set(first.parameters) | set(second.parameters))
    parameters = [(k, first.parameters.get(k), second.parameters.get(k)) for k in keys]
    first_counts, second_counts = first.info.get("counts", {}), second.info.get("counts", {})
    counts = [
        (k, first_counts.get(k), second_counts.get(k))
        for k in sorted(set(first_counts) | set(second_counts))
    ]
    fields = ("proposal_id", "language", "campaign_id", "duplicate_of_id", "theme_id")
    a = {row[0]: row for row in ProposalAnalysis.objects.filter(run=first).values_list(*fields)}
    b = {row[0]: row for row in ProposalAnalysis.objects.filter(run=second).values_list(*fields)}
    common = sorted(set(a) & set(b))
    links_a = _link_sets(first)
    links_b = _link_sets(second)
    themes_a = [a[p][4] or 0 for p in common]
    themes_b = [b[p][4] or 0 for p in common]
    return RunComparison(
        first=first,
        second=second,
        parameters=parameters,
        same_input=first.info.get("input", {}).get("fingerprint")
        == second.info.get("input", {}).get("fingerprint"),
        counts=counts,
        common=len(common),
        same_language=sum(a[p][1] == b[p][1] for p in common),
        same_campaign_status=sum((a[p][2] is None) == (b[p][2] is None) for p in common),
        same_duplicate=sum(a[p][3] == b[p][3] for p in common),
        same_links=sum(links_a.get(p, frozenset()) == links_b.get(p, frozenset()) for p in common),
        theme_agreement=round(float(adjusted_mutual_info_score(themes_a, themes_b)), 4)
        if common
        else None,
    )


def _link_sets(run: AnalysisRun) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for proposal_id, provision in ProvisionLink.objects.filter(run=run).values_list(
        "proposal_id", "provision_uid"
    ):
        found[proposal_id].add(provision)
    return {k: frozenset(v) for k, v in found.items()}
