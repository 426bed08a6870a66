"""Pages for citizens, operators, analysts and the public."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atazan.core.errors import InvalidInputError, PermissionDeniedError
from atazan.core.requests import id_list, optional_number, page_number
from atazan.proposals import actions, selectors
from atazan.proposals.files import InvalidAttachment
from atazan.proposals.forms import (
    AnswerForm,
    AnswerTemplateForm,
    AssignmentRuleForm,
    BulkAnswerForm,
    CitizenProposalForm,
    DayTransferForm,
    ExtendForm,
    OperatorProposalForm,
    TrackForm,
)
from atazan.proposals.models import (
    Channel,
    Language,
    Outcome,
    Proposal,
    Region,
    Status,
    SubmitterType,
    Topic,
)
from atazan.proposals.pdf import acknowledgement_pdf
from atazan.proposals.privacy import plain_public
from atazan.proposals.workflow import TransitionError
from atazan_results.csvio import safe_row

#: The signed cookie that carries a new tracking secret from the form to its receipt page.
RECEIPT_COOKIE = "proposals_receipt"
RECEIPT_COOKIE_SALT = "atazan.proposals.receipt"
RECEIPT_COOKIE_SECONDS = 15 * 60


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _files(request: HttpRequest) -> list[tuple[str, Any]]:
    return [(f.name or "upload", f) for f in request.FILES.getlist("attachments")]


def _hand_secret_to_receipt(response: HttpResponse, number: str, secret: str) -> HttpResponse:
    """Carry the new secret to the receipt page in a signed cookie, never in the session.

    The secret is stored only hashed: the session table would keep it until the
    receipt is viewed. The cookie lives in the submitter's browser for at most
    15 minutes, only for the receipt's path, and the receipt page deletes it.
    """
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        f"{number}:{secret}",
        salt=RECEIPT_COOKIE_SALT,
        max_age=RECEIPT_COOKIE_SECONDS,
        path=reverse("proposals:receipt", kwargs={"number": number}),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _secret_for_receipt(request: HttpRequest, number: str) -> str:
    value = request.get_signed_cookie(
        RECEIPT_COOKIE, default="", salt=RECEIPT_COOKIE_SALT, max_age=RECEIPT_COOKIE_SECONDS
    )
    cookie_number, _sep, secret = str(value).partition(":")
    return secret if cookie_number == number else ""


# Citizens --------------------------------------------------------------------


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    """The web form for a signed-in citizen (IIN) or organisation (BIN)."""
    _require(request, "proposals.submit_proposal")
    profile = selectors.submitter_profile(request.user)
    locked = {
        "locked_iin": profile.iin if profile else "",
        "locked_bin": profile.bin if profile else "",
    }
    if request.method == "POST":
        form = CitizenProposalForm(request.POST, request.FILES, **locked)
        if form.is_valid() and form.submission is not None:
            try:
                registration = actions.register_proposal(
                    request.user,
                    form.submission,
                    channel=Channel.WEB,
                    source="",
                    external_id=form.cleaned_data["submission_token"],
                    files=_files(request),
                )
            except InvalidAttachment as exc:
                form.add_error("attachments", str(exc))
            else:
                number = registration.proposal.number
                response = redirect("proposals:receipt", number=number)
                if registration.secret:
                    _hand_secret_to_receipt(response, number, registration.secret)
                return response
    else:
        user = request.user
        form = CitizenProposalForm(
            initial={
                "submitter_name": user.get_full_name(),  # type: ignore[union-attr]
                "contact_email": getattr(user, "email", ""),
                "language": (get_language() or "kk")[:2],
                "submitter_type": SubmitterType.CITIZEN,
            },
            **locked,
        )
    return render(request, "proposals/submit.html", {"form": form})


@login_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    proposal = selectors.proposal_or_404(number)
    _require(request, "proposals.view_own_proposal", proposal)
    secret = _secret_for_receipt(request, number)
    response = render(request, "proposals/receipt.html", {"proposal": proposal, "secret": secret})
    if secret:
        # Shown once: the cookie goes with this answer.
        response.delete_cookie(
            RECEIPT_COOKIE, path=reverse("proposals:receipt", kwargs={"number": number})
        )
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "proposals/mine.html",
        {"proposals": selectors.proposals_of_user(request.user)[:200]},
    )


def track(request: HttpRequest) -> HttpResponse:
    """Follow a proposal by its number and the secret given at registration."""
    proposal = None
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = selectors.find_by_tracking(
            form.cleaned_data["number"], form.cleaned_data["secret"]
        )
        if proposal is None:
            form.add_error(None, _("No proposal matches this number and secret."))
    return render(request, "proposals/track.html", {"form": form, "proposal": proposal})


# Intake operators ---------------------------------------------------------------


@login_required
def operator_entry(request: HttpRequest) -> HttpResponse:
    """A paper letter or meeting output, with the scanned original attached."""
    _require(request, "proposals.register_proposal")
    if request.method == "POST":
        form = OperatorProposalForm(request.POST, request.FILES)
        if form.is_valid() and form.submission is not None:
            files = _files(request)
            channel = form.cleaned_data["channel"]
            if channel == Channel.LETTER and not files:
                form.add_error("attachments", _("Attach the scanned letter."))
            else:
                submission = form.submission
                if form.cleaned_data.get("received_at"):
                    submission.received_at = form.cleaned_data["received_at"]
                incoming = form.cleaned_data.get("incoming_number", "").strip()
                try:
                    registration = actions.register_proposal(
                        request.user,
                        submission,
                        channel=channel,
                        source="secretariat",
                        external_id=incoming or form.cleaned_data["submission_token"],
                        files=files,
                    )
                except InvalidAttachment as exc:
                    form.add_error("attachments", str(exc))
                else:
                    proposal = registration.proposal
                    if registration.created:
                        # The secret is shown once, on this answer, never in a cookie or a URL.
                        return render(
                            request,
                            "proposals/acknowledgement.html",
                            {"p": proposal, "secret": registration.secret},
                            status=201,
                        )
                    else:
                        messages.info(
                            request,
                            _("This letter was already registered as %(number)s.")
                            % {"number": proposal.number},
                        )
                    return redirect("proposals:case_detail", number=proposal.number)
    else:
        form = OperatorProposalForm(
            initial={
                "channel": Channel.LETTER,
                "language": (get_language() or "kk")[:2],
                "received_at": timezone.localtime().replace(second=0, microsecond=0),
            }
        )
    return render(request, "proposals/operator_entry.html", {"form": form})


# Analysts -----------------------------------------------------------------------


def _choices_context() -> dict[str, Any]:
    return {
        "statuses": Status.choices,
        "outcomes": Outcome.choices,
        "regions": Region.choices,
        "topics": Topic.choices,
        "channels": Channel.choices,
        "language_choices": Language.choices,
        "submitter_types": SubmitterType.choices,
    }


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _require(request, "proposals.view_cases")
    filters = selectors.CaseFilters.from_querydict(request.GET)
    qs = selectors.cases(request.user, filters)
    page = page_number(request)
    rows, has_next = selectors.case_page(request.user, filters, page)
    count, count_kind = selectors.capped_count(qs)
    if page == 1 and not has_next:
        count, count_kind = len(rows), "exact"
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/case_list.html",
        {
            "rows": selectors.case_rows(rows, timezone.localdate()),
            "page": page,
            "has_next": has_next,
            "count": count,
            "count_kind": count_kind,
            "filters": filters,
            "querystring": query.urlencode(),
            "analysts": selectors.analysts(),
            "templates": selectors.active_templates(),
            "today": timezone.localdate(),
            **_choices_context(),
        },
    )


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    proposal = selectors.case_or_404(number)
    _require(request, "proposals.view_case", proposal)
    return render(
        request,
        "proposals/case_detail.html",
        {
            "proposal": proposal,
            "answer_form": AnswerForm(initial={"version": proposal.version}),
            "extend_form": ExtendForm(initial={"version": proposal.version}),
            "attachments": selectors.attachments_of(proposal),
            "notifications": selectors.notifications_of(proposal),
            "history": selectors.case_history(proposal),
            "analysts": selectors.analysts(),
            "templates": selectors.active_templates(),
            "today": timezone.localdate(),
        },
    )


def _analyst(request: HttpRequest) -> Any | None:
    """The analyst a form names by id (none: take the cases back); 400 for a non-number."""
    pk = optional_number(request.POST.get("analyst"), name="analyst")
    return selectors.find_analyst(pk) if pk else None


@login_required
@require_POST
def case_action(request: HttpRequest, number: str) -> HttpResponse:
    """One change to a case; a refusal is shown on the case page with its reason."""
    proposal = selectors.proposal_or_404(number)
    _require(request, "proposals.view_case", proposal)
    action = request.POST.get("action", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    user = request.user
    try:
        if action == "start_review":
            actions.start_review(user, proposal, version)
        elif action == "return":
            actions.return_to_queue(user, proposal, version)
        elif action == "take":
            actions.take(user, proposal, version)
        elif action == "assign":
            analyst = _analyst(request)
            if proposal.version != version:
                raise actions.CaseChangedError(proposal)
            actions.assign(user, [proposal], analyst)
        elif action == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                raise TransitionError(_("Fill in the outcome and the answer."))
            merged_number = form.cleaned_data["merged_into"].strip()
            merged = selectors.proposal_by_number(merged_number) if merged_number else None
            if merged_number and merged is None:
                raise TransitionError(
                    _("There is no proposal %(number)s.") % {"number": merged_number}
                )
            actions.answer(
                user,
                proposal,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                expected_version=version,
                merged_into=merged,
                forwarded_to=form.cleaned_data["forwarded_to"],
            )
        elif action == "extend":
            extend = ExtendForm(request.POST)
            if not extend.is_valid():
                raise TransitionError(_("Give the new deadline and the reason."))
            actions.extend_deadline(
                user,
                proposal,
                new_deadline=extend.cleaned_data["new_deadline"],
                reason=extend.cleaned_data["reason"],
                expected_version=version,
            )
        elif action == "reopen":
            actions.reopen(
                user, proposal, reason=request.POST.get("reason", ""), expected_version=version
            )
        else:
            raise TransitionError(_("Unknown action."))
    except (TransitionError, actions.CaseChangedError) as exc:
        messages.error(request, str(exc))
    except PermissionDeniedError:
        messages.error(request, _("You may not do this with this case."))
    else:
        messages.success(request, _("Saved."))
    return redirect("proposals:case_detail", number=number)


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Answer or assign the cases ticked in the list."""
    _require(request, "proposals.view_cases")
    ids = id_list(request.POST.getlist("ids"), name="ids")
    chosen = selectors.proposals_by_ids(ids)
    back = request.POST.get("back") or ""
    target = "proposals:case_list"
    if not chosen:
        messages.error(request, _("Tick the cases first."))
    elif request.POST.get("action") == "assign":
        analyst = _analyst(request)
        try:
            changed = actions.assign(request.user, chosen, analyst)
        except PermissionDeniedError:
            messages.error(request, _("Only a working-group lead assigns cases."))
        else:
            messages.success(request, _("%(count)d cases assigned.") % {"count": changed})
    else:
        form = BulkAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an answer template."))
        else:
            try:
                result = actions.bulk_answer(request.user, chosen, form.cleaned_data["template"])
            except PermissionDeniedError:
                messages.error(request, _("You may not answer cases."))
            else:
                messages.success(
                    request, _("%(count)d cases answered.") % {"count": len(result.answered)}
                )
                for number, reason in result.refused[:50]:
                    messages.warning(request, f"{number}: {reason}")
    response = redirect(target)
    if back.startswith("?"):
        response["Location"] += back
    return response


@login_required
def workload(request: HttpRequest) -> HttpResponse:
    _require(request, "proposals.view_workload")
    return render(
        request,
        "proposals/workload.html",
        {"rows": selectors.workload(), "unassigned": selectors.unassigned_open_count()},
    )


@login_required
@require_POST
def auto_assign(request: HttpRequest) -> HttpResponse:
    """Route the unassigned open cases by the topic and region rules."""
    try:
        count = actions.auto_assign(request.user)
    except PermissionDeniedError:
        messages.error(request, _("Only a working-group lead assigns cases."))
    else:
        messages.success(
            request, _("%(count)d cases assigned by the routing rules.") % {"count": count}
        )
    return redirect("proposals:workload")


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.attachment_or_404(pk)
    _require(request, "proposals.download_attachment", item.proposal)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


# Settings of the secretariat ---------------------------------------------------------


def _wants_active(request: HttpRequest) -> bool:
    return request.POST.get("active", "") in ("1", "true", "on")


@login_required
def settings_templates(request: HttpRequest) -> HttpResponse:
    """The answer templates offered for answering many cases at once."""
    _require(request, "proposals.manage_templates")
    return render(
        request, "proposals/settings_templates.html", {"templates": selectors.answer_templates()}
    )


@login_required
def settings_template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a template (no ``pk``) or change one; its text is required in kk, ru and en."""
    _require(request, "proposals.manage_templates")
    template = selectors.template_or_404(pk) if pk is not None else None
    if request.method == "POST":
        form = AnswerTemplateForm(request.POST, template=template)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = actions.save_template(
                    request.user,
                    name=data["name"],
                    outcome=data["outcome"],
                    text_kk=data["text_kk"],
                    text_ru=data["text_ru"],
                    text_en=data["text_en"],
                    template=template,
                )
            except TransitionError as exc:
                form.add_error(None, str(exc))
            except IntegrityError:
                form.add_error(
                    "name", _("A template with this name already exists; choose another name.")
                )
            else:
                messages.success(request, _("Template “%(name)s” saved.") % {"name": saved.name})
                return redirect("proposals:settings_templates")
    else:
        form = AnswerTemplateForm(template=template)
    return render(
        request, "proposals/settings_template_form.html", {"form": form, "template": template}
    )


@login_required
@require_POST
def settings_template_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate a template (it leaves the answer lists) or reactivate it."""
    _require(request, "proposals.manage_templates")
    template = selectors.template_or_404(pk)
    active = _wants_active(request)
    actions.set_template_active(request.user, template, active)
    if active:
        messages.success(
            request, _("Template “%(name)s” is active again.") % {"name": template.name}
        )
    else:
        messages.success(
            request,
            _("Template “%(name)s” is deactivated; it is no longer offered for answers.")
            % {"name": template.name},
        )
    return redirect("proposals:settings_templates")


#: How early a rule applies, by how many of topic and region it names (see actions.auto_assign).
RULE_RANKS = {
    2: (1, gettext_lazy("topic and region")),
    1: (2, gettext_lazy("topic or region")),
    0: (3, gettext_lazy("everything else")),
}


@login_required
def settings_routing(request: HttpRequest) -> HttpResponse:
    """The routing rules, in the order they apply, and a form to add one."""
    _require(request, "proposals.assign_case")
    if request.method == "POST":
        form = AssignmentRuleForm(request.POST)
        if form.is_valid():
            try:
                actions.save_assignment_rule(
                    request.user,
                    analyst=form.cleaned_data["analyst"],
                    topic=form.cleaned_data["topic"],
                    region=form.cleaned_data["region"],
                )
            except actions.InvalidSetting as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Routing rule added."))
                return redirect("proposals:settings_routing")
    else:
        form = AssignmentRuleForm()
    rows = [
        (rule, RULE_RANKS[bool(rule.topic) + bool(rule.region)])
        for rule in selectors.routing_rules()
    ]
    return render(request, "proposals/settings_routing.html", {"form": form, "rows": rows})


@login_required
@require_POST
def settings_rule_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause, resume or delete one routing rule."""
    _require(request, "proposals.assign_case")
    rule = selectors.rule_or_404(pk)
    if request.POST.get("action") == "delete":
        actions.delete_assignment_rule(request.user, rule)
        messages.success(request, _("Routing rule deleted."))
    else:
        active = _wants_active(request)
        actions.set_rule_active(request.user, rule, active)
        messages.success(
            request, _("Routing rule resumed.") if active else _("Routing rule paused.")
        )
    return redirect("proposals:settings_routing")


@login_required
def settings_calendar(request: HttpRequest) -> HttpResponse:
    """Transfers of days off, which the statutory deadlines count with."""
    _require(request, "proposals.manage_calendar")
    if request.method == "POST":
        form = DayTransferForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.add_day_transfer(
                    request.user, data["working_day"], data["day_off"], data["note"].strip()
                )
            except IntegrityError:
                form.add_error(None, _("One of these days is already part of a transfer."))
            else:
                messages.success(
                    request,
                    _("Transfer added: %(worked)s is a working day, %(off)s a day off.")
                    % {
                        "worked": data["working_day"].isoformat(),
                        "off": data["day_off"].isoformat(),
                    },
                )
                return redirect("proposals:settings_calendar")
    else:
        form = DayTransferForm()
    today = timezone.localdate()
    return render(
        request,
        "proposals/settings_calendar.html",
        {
            "form": form,
            "transfers": selectors.day_transfers(),
            "today": today,
            "deadline_today": selectors.work_calendar().deadline(today),
        },
    )


@login_required
@require_POST
def settings_transfer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "proposals.manage_calendar")
    transfer = selectors.day_transfer_or_404(pk)
    actions.remove_day_transfer(request.user, transfer)
    messages.success(
        request,
        _("Transfer %(worked)s → %(off)s deleted.")
        % {"worked": transfer.working_day.isoformat(), "off": transfer.day_off.isoformat()},
    )
    return redirect("proposals:settings_calendar")


# The public ----------------------------------------------------------------------


@login_required
@require_POST
def acknowledgement(request: HttpRequest, number: str) -> HttpResponse:
    """The printable acknowledgement of a registered letter, made when the secret matches."""
    _require(request, "proposals.register_proposal")
    proposal = selectors.find_by_tracking(number, request.POST.get("secret", ""))
    if proposal is None:
        raise InvalidInputError(_("The number and the secret do not match."), field="secret")
    response = HttpResponse(
        acknowledgement_pdf(proposal, request.POST["secret"]), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="acknowledgement-{proposal.number}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def public_detail(request: HttpRequest, number: str) -> HttpResponse:
    proposal = selectors.public_proposal(number)
    if proposal is None:
        raise Http404("no such public proposal")
    return render(request, "proposals/public_detail.html", {"p": selectors.public_record(proposal)})


class _Echo:
    def write(self, value: str) -> str:
        return value


def public_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """All published proposals as CSV or JSON lines: masked texts, names only with consent."""
    if fmt not in ("csv", "jsonl"):
        raise Http404("unknown format")
    qs = selectors.public_proposals().iterator(chunk_size=2000)
    columns = selectors.PUBLIC_EXPORT_COLUMNS

    def export_row(p: Proposal) -> dict[str, Any]:
        record = selectors.public_record(p)
        record["title"] = plain_public(record["title"])
        record["text"] = plain_public(record["text"])
        record["answer"] = plain_public(record["answer"])
        return {c: record[c] for c in columns}

    if fmt == "csv":
        writer = csv.writer(_Echo())

        def rows() -> Any:
            yield writer.writerow(columns)
            for p in qs:
                row = export_row(p)
                # Titles and texts come from anyone: no cell may run as a spreadsheet formula.
                yield writer.writerow(safe_row(row[c] for c in columns))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    else:

        def lines() -> Any:
            for p in qs:
                yield json.dumps(export_row(p), ensure_ascii=False, default=str) + "\n"

        response = StreamingHttpResponse(
            lines(), content_type="application/x-ndjson; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="proposals.{fmt}"'
    return response
