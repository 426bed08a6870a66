"""Analysts' pages for runs, themes, campaigns and links; the public heat map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atazan.analysis import actions, selectors
from atazan.analysis.models import AnalysisRun, LinkReason, RunStatus
from atazan.core.requests import id_list


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _finished_run(run_id: int) -> AnalysisRun:
    run = selectors.run_or_404(run_id)
    if run.status != RunStatus.DONE:
        raise Http404("the run has not finished")
    return run


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    _require(request, "analysis.view_runs")
    page = Paginator(selectors.runs(), 25).get_page(request.GET.get("page"))
    return render(request, "analysis/run_list.html", {"page": page})


@login_required
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
    _require(request, "analysis.start_run")
    taxonomy = [
        line.strip() for line in request.POST.get("taxonomy", "").splitlines() if line.strip()
    ]
    run = actions.request_run(request.user, taxonomy)
    messages.success(
        request,
        _("Run #%(number)d is queued; the page shows its results when it has finished.")
        % {"number": run.pk},
    )
    return redirect("analysis:run_list")


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _require(request, "analysis.view_runs")
    run = _finished_run(run_id)
    language = request.GET.get("language", "")
    context: dict[str, Any] = {
        "run": run,
        "themes": selectors.themes_of(run, language),
        "theme_languages": selectors.theme_languages(run),
        "language": language,
        "campaigns": selectors.campaigns_of(run, limit=50),
        "campaign_count": selectors.campaign_count(run),
        "languages": selectors.language_counts(run),
        "flags": selectors.flag_counts(run),
        "to_review": selectors.links_to_review(run, limit=10),
        "counts": run.info.get("counts", {}),
        "timings": run.info.get("timings", {}),
    }
    return render(request, "analysis/run_detail.html", context)


@login_required
def theme_detail(request: HttpRequest, run_id: int, key: str) -> HttpResponse:
    _require(request, "analysis.view_runs")
    run = _finished_run(run_id)
    theme = selectors.theme_or_404(run, key)
    page = Paginator(selectors.theme_members(run, theme), 50).get_page(request.GET.get("page"))
    summary = selectors.theme_summary(theme)
    return render(
        request,
        "analysis/theme_detail.html",
        {"run": run, "theme": theme, "page": page, "summary": summary},
    )


@login_required
def campaign_detail(request: HttpRequest, run_id: int, key: str) -> HttpResponse:
    _require(request, "analysis.view_runs")
    run = _finished_run(run_id)
    campaign = selectors.campaign_or_404(run, key)
    page = Paginator(selectors.campaign_members(run, campaign), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "analysis/campaign_detail.html", {"run": run, "campaign": campaign, "page": page}
    )


@login_required
def compare_runs(request: HttpRequest, run_id: int) -> HttpResponse:
    """This run beside another finished run (by default the one before it)."""
    _require(request, "analysis.view_runs")
    run = _finished_run(run_id)
    other_id = request.GET.get("with", "")
    other = selectors.run_to_compare(run, int(other_id) if other_id.isdigit() else None)
    comparison = selectors.compare_runs(other, run) if other is not None else None
    return render(
        request,
        "analysis/compare_runs.html",
        {"run": run, "comparison": comparison, "choices": selectors.runs_to_compare(run, limit=50)},
    )


@login_required
def link_review(request: HttpRequest, run_id: int) -> HttpResponse:
    _require(request, "analysis.view_runs")
    run = _finished_run(run_id)
    reason = request.GET.get("reason", "")
    if reason and reason not in LinkReason.values:
        reason = ""
    rows = selectors.links_to_review(run, reason=reason, limit=100)
    return render(
        request,
        "analysis/link_review.html",
        {"run": run, "rows": rows, "reason": reason, "reasons": LinkReason.choices},
    )


@login_required
@require_POST
def decide_link(request: HttpRequest) -> HttpResponse:
    _require(request, "analysis.correct_results")
    proposal = selectors.proposal_or_404(request.POST.get("proposal") or 0)
    try:
        actions.decide_link(
            request.user,
            proposal,
            request.POST.get("provision", ""),
            request.POST.get("decision", ""),
        )
    except actions.AnalysisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved. Later runs follow this decision."))
    return _back(request, "analysis:run_list")


@login_required
def topic_review(request: HttpRequest, run_id: int) -> HttpResponse:
    _require(request, "analysis.view_runs")
    run = _finished_run(run_id)
    rows = selectors.topics_to_review(run, limit=100)
    return render(
        request,
        "analysis/topic_review.html",
        {"run": run, "rows": rows, "decided": selectors.topic_decision_count()},
    )


@login_required
@require_POST
def decide_topic(request: HttpRequest) -> HttpResponse:
    _require(request, "analysis.correct_results")
    proposal = selectors.proposal_or_404(request.POST.get("proposal") or 0)
    try:
        actions.decide_topic(request.user, proposal, request.POST.get("topic", ""))
    except actions.AnalysisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved. Later runs keep this topic and learn from it."))
    return _back(request, "analysis:run_list")


@login_required
@require_POST
def mark_campaign(request: HttpRequest) -> HttpResponse:
    _require(request, "analysis.correct_results")
    ids = id_list(request.POST.getlist("proposal"), name="proposal")
    proposals = selectors.proposals_by_ids(ids)
    try:
        actions.mark_campaign(request.user, proposals)
    except actions.AnalysisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as one campaign. The next run keeps them together."))
    return _back(request, "analysis:run_list")


@login_required
@require_POST
def unmark_campaign(request: HttpRequest) -> HttpResponse:
    _require(request, "analysis.correct_results")
    proposal = selectors.proposal_or_404(request.POST.get("proposal") or 0)
    actions.unmark_campaign(request.user, proposal)
    messages.success(
        request,
        _("Proposal %(number)s will not be counted in a campaign by later runs.")
        % {"number": proposal.number},
    )
    return _back(request, "analysis:run_list")


@login_required
@require_POST
def merge_themes(request: HttpRequest, run_id: int) -> HttpResponse:
    _require(request, "analysis.correct_results")
    run = _finished_run(run_id)
    themes = selectors.themes_by_keys(run, request.POST.getlist("theme"))
    try:
        actions.merge_themes(request.user, themes, request.POST.get("label", ""))
    except actions.AnalysisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The themes are merged for the next run."))
    return _back(request, "analysis:run_list")


@login_required
@require_POST
def split_theme(request: HttpRequest, run_id: int, key: str) -> HttpResponse:
    _require(request, "analysis.correct_results")
    run = _finished_run(run_id)
    theme = selectors.theme_or_404(run, key)
    ids = id_list(request.POST.getlist("proposal"), name="proposal")
    try:
        actions.split_theme(request.user, theme, ids, request.POST.get("label", ""))
    except actions.AnalysisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The chosen proposals form their own theme in the next run."))
    return _back(request, "analysis:run_list")


def coverage(request: HttpRequest) -> HttpResponse:
    """The public heat map: how many proposals and people concern each article.

    It is laid out by the analysed text or, when the reader chooses one, by a
    published draft (``?draft=<pk>``), in the reader's language.
    """
    run = selectors.latest_finished_run()
    measure = "proposals" if request.GET.get("measure") == "proposals" else "supporters"
    language = get_language() or ""
    chosen = request.GET.get("draft", "")
    context: dict[str, Any] = {"run": run, "measure": measure, "sections": [], "texts": []}
    if run is not None:
        draft = selectors.published_draft_or_404(run, int(chosen)) if chosen.isdigit() else None
        context.update(
            {
                "sections": selectors.heat_map(run, measure, language, draft=draft),
                "texts": selectors.heat_map_texts(run),
                "draft": draft,
                "chosen": str(draft.pk) if draft is not None else "",
                "removed": selectors.removed_by_draft(run, draft, language) if draft else [],
                "version": draft.version if draft is not None else run.constitution_version,
            }
        )
    return render(request, "analysis/coverage.html", context)
