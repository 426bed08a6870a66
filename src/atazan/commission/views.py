"""The commission's pages: bodies, meetings and their votes, amendments, drafts and the trace.

Everything here is public except the staff's controls and screens (running a
meeting, scheduling one and its agenda, proposing and withdrawing amendments,
consolidating and publishing drafts, opening them for comments), each shown
only to whom the rules allow it (``allows``) and checked again on submission
(``require``). Views parse input, check a permission, call one action or
selector, and render; an action's refusal is shown next to its form, on the
field it names, with the refusal's status.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from atazan.commission import actions, ical, page_selectors, pdf, selectors
from atazan.commission.forms import (
    AMENDMENT_FORMS,
    AgendaItemForm,
    AmendmentForm,
    AttendanceForm,
    CastVoteForm,
    CommentsOpenForm,
    ConsolidateForm,
    DraftCommentForm,
    MeetingLinksForm,
    MinutesForm,
    OpenVoteForm,
    PickBaseForm,
    PickProvisionForm,
    PublishDraftForm,
    ScheduleMeetingForm,
    as_lines,
    grouped,
    texts_of,
)
from atazan.commission.models import (
    Amendment,
    AmendmentStatus,
    Body,
    Draft,
    Meeting,
    MeetingStatus,
    MemberRole,
)
from atazan.constitution.models import Version
from atazan.core.actors import allows, require
from atazan.core.errors import AtazanError
from atazan.proposals.labels import choice_label
from atazan.proposals.selectors import submitter_profile

MINUTES_LANGUAGES = ("kk", "ru", "en")
RECEIPTS = "commission_comment_receipts"

AMENDMENT_KINDS = {
    "replace": gettext_lazy("New wording"),
    "insert": gettext_lazy("New provision"),
    "delete": gettext_lazy("Deletion"),
    "move": gettext_lazy("Move"),
    "split": gettext_lazy("Split"),
    "merge": gettext_lazy("Merger"),
    "renumber": gettext_lazy("Renumbering"),
    "add_section": gettext_lazy("New section"),
    "rename_section": gettext_lazy("New section title"),
}


ROLE_HEADINGS = {
    MemberRole.CHAIR: gettext_lazy("Chair"),
    MemberRole.DEPUTY_CHAIR: gettext_lazy("Deputy chairs"),
    MemberRole.SECRETARY: gettext_lazy("Secretary"),
    MemberRole.MEMBER: gettext_lazy("Members"),
}


CHOICE_LABELS = {
    "for": gettext_lazy("For"),
    "against": gettext_lazy("Against"),
    "abstain": gettext_lazy("Abstained"),
    "not_voted": gettext_lazy("Present, did not vote"),
    "absent": gettext_lazy("Absent"),
}
NOT_VOTED_YET = gettext_lazy("Present, not voted yet")


def _choice_label(choice: str, *, still_open: bool) -> str:
    if still_open and choice == "not_voted":
        return str(NOT_VOTED_YET)
    return str(CHOICE_LABELS.get(choice, choice))


def kind_label(kind: str) -> str:
    return str(AMENDMENT_KINDS.get(kind, kind))


def _signed_in_and_allowed(request: HttpRequest, permission: str, obj: Any) -> HttpResponse | None:
    """Anonymous visitors are sent to sign in; others without the permission get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(request.user, permission, obj)
    return None


def _can_see_draft(request: HttpRequest) -> Callable[[Draft], bool]:
    return lambda draft: allows(request.user, "commission.view_draft", draft)


def _visible_draft(request: HttpRequest, pk: int) -> Draft:
    draft = selectors.draft_or_404(pk)
    if not allows(request.user, "commission.view_draft", draft):
        raise Http404("no such draft")
    return draft


def _meeting_url(meeting: Meeting) -> str:
    return reverse(
        "commission:meeting", kwargs={"body": meeting.body.slug, "number": meeting.number}
    )


# The index, bodies and the calendar -------------------------------------------------------

SHOWN_ON_INDEX = 10


def index(request: HttpRequest) -> HttpResponse:
    live = list(selectors.live_meetings())
    upcoming, past = selectors.upcoming_and_past()
    upcoming = [m for m in upcoming if not m.is_live()]
    past = [m for m in past if not m.is_live()]
    return render(
        request,
        "commission/index.html",
        {
            "bodies": list(selectors.bodies()),
            "live": live,
            "upcoming": upcoming[:SHOWN_ON_INDEX],
            "past": past[:SHOWN_ON_INDEX],
            "more_meetings": len(upcoming) > SHOWN_ON_INDEX or len(past) > SHOWN_ON_INDEX,
            "drafts": page_selectors.public_drafts(),
        },
    )


def _body_context(
    request: HttpRequest, body_obj: Body, *, consolidate_form: ConsolidateForm | None = None
) -> dict[str, Any]:
    seats = selectors.members_of(body_obj)
    today = timezone.localdate()
    groups = [
        (
            ROLE_HEADINGS[role],
            [(seat, seat.serves_on(today)) for seat in seats if seat.role == role],
        )
        for role in selectors.ROLE_ORDER
    ]
    user = request.user
    can = {
        "schedule": allows(user, "commission.schedule_meeting", body_obj),
        "propose": allows(user, "commission.propose_amendment", body_obj),
        "consolidate": allows(user, "commission.consolidate_draft", body_obj)
        and allows(user, "constitution.import_text"),
    }
    if can["consolidate"] and consolidate_form is None:
        versions = page_selectors.base_versions()
        default = page_selectors.default_base(versions)
        consolidate_form = ConsolidateForm(
            versions=_version_choices(versions),
            initial={"base": default.pk if default else None},
        )
    can_see = _can_see_draft(request)
    return {
        "body": body_obj,
        "groups": [(label, rows) for label, rows in groups if rows],
        "member_count": len(seats),
        "meetings": list(page_selectors.meetings_of_body(body_obj)),
        "can": can,
        "amendments": [
            (a, kind_label(a.kind)) for a in page_selectors.amendments_of_body(body_obj)
        ],
        "drafts": [d for d in page_selectors.drafts_of_body(body_obj) if can_see(d)],
        "consolidate_form": consolidate_form if can["consolidate"] else None,
    }


def body_members(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = selectors.body_or_404(body)
    return render(request, "commission/body.html", _body_context(request, body_obj))


def calendar(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.upcoming_and_past()
    return render(request, "commission/calendar.html", {"upcoming": upcoming, "past": past})


def calendar_ics(request: HttpRequest) -> HttpResponse:
    """Every meeting as an iCalendar feed, in the language of the request."""
    meetings = page_selectors.calendar_meetings()
    payload = ical.meetings_calendar(
        meetings,
        url_of=lambda meeting: request.build_absolute_uri(_meeting_url(meeting)),
        name=_("Meetings of the constitutional commission"),
    )
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="commission.ics"'
    return response


# The meeting page and its controls -------------------------------------------------------


def _meeting_context(
    request: HttpRequest,
    meeting: Meeting,
    *,
    bound: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    page = page_selectors.meeting_page(meeting)
    user = request.user
    open_vote = page.open_vote
    status = meeting.status
    can = {
        "run": allows(user, "commission.run_meeting", meeting),
        "attendance": status != MeetingStatus.CLOSED
        and allows(user, "commission.record_attendance", meeting),
        "minutes": meeting.minutes_approved_at is None
        and allows(user, "commission.record_minutes", meeting),
        "open_vote": status == MeetingStatus.IN_PROGRESS
        and open_vote is None
        and allows(user, "commission.open_vote", meeting),
        "close_vote": open_vote is not None and allows(user, "commission.close_vote", open_vote),
        "cast_vote": open_vote is not None and allows(user, "commission.cast_vote", open_vote),
    }
    can["links"] = can["run"]
    can["agenda"] = status != MeetingStatus.CLOSED and allows(
        user, "commission.schedule_meeting", meeting
    )
    can["approve_minutes"] = (
        can["run"]
        and meeting.minutes_approved_at is None
        and bool(meeting.minutes_kk and meeting.minutes_ru)
    )
    seat, ballot = page_selectors.own_ballot(open_vote, user) if can["cast_vote"] else (None, None)
    bound = bound or {}
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "page": page,
        "can": can,
        "errors": errors or {},
        "seat": seat,
        "ballot": ballot,
        "any_control": any(can.values()),
        "votes": [
            {
                "row": row,
                "vote": row.vote,
                "roll_call": [
                    (mv.membership, mv.choice, _choice_label(mv.choice, still_open=row.is_open))
                    for mv in row.roll_call
                ],
            }
            for row in page.votes
        ],
    }
    if can["links"]:
        context["links_form"] = bound.get("links") or MeetingLinksForm(
            initial={"live_url": meeting.live_url, "recording_url": meeting.recording_url}
        )
    if can["attendance"]:
        context["attendance_form"] = bound.get("attendance") or AttendanceForm(
            seats=page.seats, marks=page.attendance
        )
    if can["minutes"]:
        context["minutes_form"] = bound.get("minutes") or MinutesForm(
            initial={f"minutes_{c}": getattr(meeting, f"minutes_{c}") for c in MINUTES_LANGUAGES}
        )
    if can["open_vote"]:
        choices = [
            (a.pk, f"{a.number} · {kind_label(a.kind)}")
            for a in selectors.proposed_amendments(meeting.body)
        ]
        context["open_vote_form"] = bound.get("open_vote") or OpenVoteForm(choices=choices)
        context["amendments_to_vote"] = bool(choices)
    if can["cast_vote"] and ballot is None:
        context["cast_form"] = bound.get("cast") or CastVoteForm()
    return context


def _render_meeting(
    request: HttpRequest,
    meeting: Meeting,
    *,
    status: int = 200,
    bound: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    context = _meeting_context(request, meeting, bound=bound, errors=errors)
    return render(request, "commission/meeting.html", context, status=status)


def meeting_detail(request: HttpRequest, body: str, number: int) -> HttpResponse:
    return _render_meeting(request, selectors.meeting_or_404(body, number))


def _refused(
    request: HttpRequest,
    meeting: Meeting,
    control: str,
    error: AtazanError,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    return _render_meeting(
        request, meeting, status=error.http_status, bound=bound, errors={control: error.message}
    )


def _done(request: HttpRequest, meeting: Meeting, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_meeting_url(meeting))


def _meeting_step(
    permission: str, step: Callable[[Any, Meeting], object], form_key: str, done: Any
) -> Callable[[HttpRequest, str, int], HttpResponse]:
    """A meeting control without a form: check, call one action, report ``done``."""

    @require_POST
    def view(request: HttpRequest, body: str, number: int) -> HttpResponse:
        meeting = selectors.meeting_or_404(body, number)
        if (answer := _signed_in_and_allowed(request, permission, meeting)) is not None:
            return answer
        try:
            step(request.user, meeting)
        except AtazanError as error:
            return _refused(request, meeting, form_key, error)
        return _done(request, meeting, str(done))

    return view


meeting_start = _meeting_step(
    "commission.run_meeting",
    actions.start_meeting,
    "run",
    gettext_lazy("The meeting has started."),
)
meeting_end = _meeting_step(
    "commission.run_meeting", actions.end_meeting, "run", gettext_lazy("The meeting has ended.")
)
meeting_approve_minutes = _meeting_step(
    "commission.run_meeting",
    actions.approve_minutes,
    "approve_minutes",
    gettext_lazy("The minutes are approved."),
)


@require_POST
def meeting_attendance(request: HttpRequest, body: str, number: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(body, number)
    if (
        answer := _signed_in_and_allowed(request, "commission.record_attendance", meeting)
    ) is not None:
        return answer
    form = AttendanceForm(request.POST, seats=page_selectors.serving_seats(meeting))
    if not form.is_valid():
        return _render_meeting(request, meeting, status=422, bound={"attendance": form})
    try:
        present = actions.record_attendance(request.user, meeting, form.present())
    except AtazanError as error:
        return _refused(request, meeting, "attendance", error, {"attendance": form})
    return _done(
        request,
        meeting,
        _("Attendance is recorded: %(present)s present.") % {"present": present},
    )


@require_POST
def meeting_minutes(request: HttpRequest, body: str, number: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(body, number)
    if (
        answer := _signed_in_and_allowed(request, "commission.record_minutes", meeting)
    ) is not None:
        return answer
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _render_meeting(request, meeting, status=422, bound={"minutes": form})
    try:
        actions.record_minutes(request.user, meeting, form.texts())
    except AtazanError as error:
        return _refused(request, meeting, "minutes", error, {"minutes": form})
    return _done(request, meeting, _("The minutes are stored."))


@require_POST
def vote_open(request: HttpRequest, body: str, number: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(body, number)
    if (answer := _signed_in_and_allowed(request, "commission.open_vote", meeting)) is not None:
        return answer
    choices = [(a.pk, a.number) for a in selectors.proposed_amendments(meeting.body)]
    form = OpenVoteForm(request.POST, choices=choices)
    if not form.is_valid():
        return _render_meeting(request, meeting, status=422, bound={"open_vote": form})
    amendment = page_selectors.proposed_amendment_or_none(
        meeting.body, form.cleaned_data["amendment"]
    )
    if amendment is None:
        raise Http404("no such proposed amendment")
    try:
        actions.open_vote(request.user, meeting, amendment)
    except AtazanError as error:
        return _refused(request, meeting, "open_vote", error, {"open_vote": form})
    return _done(
        request,
        meeting,
        _("The vote on amendment %(number)s is open.") % {"number": amendment.number},
    )


def _vote_of(meeting: Meeting, vote: int) -> Any:
    found = page_selectors.vote_of_meeting_or_none(meeting, vote)
    if found is None:
        raise Http404("no such vote at this meeting")
    return found


@require_POST
def vote_close(request: HttpRequest, body: str, number: int, vote: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(body, number)
    vote_obj = _vote_of(meeting, vote)
    if (answer := _signed_in_and_allowed(request, "commission.close_vote", vote_obj)) is not None:
        return answer
    try:
        closed = actions.close_vote(request.user, vote_obj)
    except AtazanError as error:
        return _refused(request, meeting, "close_vote", error)
    return _done(
        request,
        meeting,
        _("The vote is closed: %(outcome)s.") % {"outcome": closed.get_outcome_display()},
    )


@require_POST
def vote_cast(request: HttpRequest, body: str, number: int, vote: int) -> HttpResponse:
    """The signed-in member's own vote; nobody can cast another member's."""
    meeting = selectors.meeting_or_404(body, number)
    vote_obj = _vote_of(meeting, vote)
    if (answer := _signed_in_and_allowed(request, "commission.cast_vote", vote_obj)) is not None:
        return answer
    form = CastVoteForm(request.POST)
    if not form.is_valid():
        return _render_meeting(request, meeting, status=422, bound={"cast": form})
    try:
        actions.cast_vote(request.user, vote_obj, form.cleaned_data["choice"])
    except AtazanError as error:
        return _refused(request, meeting, "cast_vote", error, {"cast": form})
    return _done(request, meeting, _("Your vote is recorded."))


def minutes_pdf(request: HttpRequest, body: str, number: int, lang: str) -> HttpResponse:
    meeting = selectors.meeting_or_404(body, number)
    if lang not in MINUTES_LANGUAGES or not getattr(meeting, f"minutes_{lang}"):
        raise Http404("no minutes in this language")
    response = HttpResponse(pdf.minutes_pdf(meeting, lang), content_type="application/pdf")
    filename = f"{meeting.body.slug}-{meeting.number}-minutes.{lang}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Amendments and drafts -----------------------------------------------------------------


def _render_amendment(
    request: HttpRequest,
    amendment: Amendment,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    page = page_selectors.amendment_page(amendment, can_see=_can_see_draft(request))
    can_withdraw = amendment.status == AmendmentStatus.PROPOSED and allows(
        request.user, "commission.propose_amendment", amendment
    )
    return render(
        request,
        "commission/amendment.html",
        {
            "amendment": amendment,
            "page": page,
            "kind": kind_label(amendment.kind),
            "can_withdraw": can_withdraw,
            "errors": errors or {},
        },
        status=status,
    )


def amendment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_amendment(request, selectors.amendment_or_404(pk))


def _labelled(kind: str, rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(choice_label(kind, code) if code else _("Not given"), n) for code, n in rows]


def _render_draft(
    request: HttpRequest,
    draft: Draft,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    summary = selectors.draft_summary(draft)
    work = draft.version.work.slug
    compare = (
        reverse("constitution:compare", kwargs={"work": work})
        + "?"
        + urlencode({"base": draft.base.label, "new": draft.version.label})
    )
    can_publish = draft.published_at is None and allows(
        request.user, "commission.publish_draft", draft
    )
    can_toggle_comments = draft.published_at is not None and allows(
        request.user, "commission.publish_draft", draft
    )
    return render(
        request,
        "commission/draft.html",
        {
            "draft": draft,
            "summary": summary,
            "share_percent": page_selectors.percent_of(summary.share_of_text),
            "by_region": _labelled("region", summary.by_region),
            "by_submitter_type": _labelled("submitter_type", summary.by_submitter_type),
            "amendments": [
                (row, kind_label(row.amendment.kind))
                for row in page_selectors.draft_amendments(draft)
            ],
            "compare_url": compare,
            "read_url": reverse(
                "constitution:read_default", kwargs={"work": work, "version": draft.version.label}
            ),
            "can_publish": can_publish,
            "publish_form": PublishDraftForm() if can_publish else None,
            "can_toggle_comments": can_toggle_comments,
            "errors": errors or {},
        },
        status=status,
    )


def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_draft(request, _visible_draft(request, pk))


@require_POST
def draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_or_404(pk)
    if (answer := _signed_in_and_allowed(request, "commission.publish_draft", draft)) is not None:
        return answer
    form = PublishDraftForm(request.POST)
    open_comments = form.is_valid() and bool(form.cleaned_data["open_comments"])
    try:
        actions.publish_draft(request.user, draft, open_comments=open_comments)
    except AtazanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The draft is published."))
    return redirect("commission:draft", pk=draft.pk)


def _page_number(request: HttpRequest) -> int:
    """``?page=N``: a positive number (huge ones are clamped by the selector); anything else is 400."""
    raw = request.GET.get("page", "1").strip() or "1"
    if not (raw.isascii() and raw.isdigit()):
        raise BadRequest("page: not a number")
    return int(raw) if len(raw) <= 9 else 10**9


def _comment_error(form: DraftCommentForm, error: AtazanError) -> None:
    errors = error.details.get("errors") if isinstance(error.details, dict) else None
    if isinstance(errors, dict) and errors:
        for name, message in errors.items():
            form.add_error(name if name in form.fields else None, str(message))
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


def provision_trace(request: HttpRequest, pk: int, uid: str) -> HttpResponse:
    """Why a provision of a draft reads as it does, and a comment form while comments are open."""
    draft = _visible_draft(request, pk)
    page_number = _page_number(request)
    user = request.user
    can_comment = draft.comments_open and allows(user, "commission.comment_on_draft", draft)
    profile = submitter_profile(user) if user.is_authenticated else None
    locked_iin = profile.iin if profile else ""
    form: DraftCommentForm | None = None
    status = 200
    if request.method == "POST":
        if (
            answer := _signed_in_and_allowed(request, "commission.comment_on_draft", draft)
        ) is not None:
            return answer
        form = DraftCommentForm(request.POST, locked_iin=locked_iin)
        if form.is_valid() and form.submission is not None:
            try:
                registration = actions.comment_on_draft(
                    user,
                    draft,
                    provision_uid=uid,
                    quote=form.cleaned_data["quote"],
                    submission=form.submission,
                    token=form.cleaned_data["submission_token"],
                )
            except AtazanError as error:
                _comment_error(form, error)
                status = error.http_status
            else:
                number = registration.proposal.number
                receipts = dict(request.session.get(RECEIPTS, {}))
                receipts[number] = registration.secret
                request.session[RECEIPTS] = receipts
                url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": uid})
                return redirect(f"{url}?{urlencode({'receipt': number})}#receipt")
        else:
            status = 422
    elif can_comment:
        form = DraftCommentForm(
            locked_iin=locked_iin,
            initial={"submitter_name": user.get_full_name()},  # type: ignore[union-attr]
        )
    receipt = None
    wanted = request.GET.get("receipt", "")
    receipts = dict(request.session.get(RECEIPTS, {}))
    if wanted and wanted in receipts:
        receipt = {"number": wanted, "secret": receipts.pop(wanted)}
        request.session[RECEIPTS] = receipts
    trace = page_selectors.trace_page(draft, uid, page_number)
    return render(
        request,
        "commission/provision.html",
        {
            "draft": draft,
            "uid": uid,
            "page": trace,
            "trace": trace.trace,
            "by_region": _labelled("region", trace.trace.by_region),
            "steps": [
                (step, kind_label(step.amendment.kind), trace.rationales.get(step.amendment.pk))
                for step in trace.trace.steps
            ],
            "can_comment": can_comment,
            "form": form,
            "receipt": receipt,
        },
        status=status,
    )


# Where a proposal went --------------------------------------------------------------------


def proposal_outcome(request: HttpRequest, number: str) -> HttpResponse:
    page = page_selectors.proposal_page(number, can_see=_can_see_draft(request))
    return render(
        request,
        "commission/proposal.html",
        {
            "page": page,
            "p": page.proposal,
            "rows": [(row, kind_label(row.amendment.kind)) for row in page.rows],
        },
    )


# The staff's screens ------------------------------------------------------------------------
#
# Each is behind its permission (403 otherwise, sign-in for anonymous visitors), takes a
# POST with its CSRF token, calls one action and redirects; a refusal is shown beside the
# form, on the field it names, with the refusal's status.

AMENDMENT_FORM_TITLES = {
    "replace": gettext_lazy("New wording of a provision"),
    "delete": gettext_lazy("Deletion of a provision"),
    "insert": gettext_lazy("A new article"),
    "rename_section": gettext_lazy("A new section title"),
}


def _form_field(form: forms.Form, field: str) -> str | None:
    """The form field an action's refusal names (``edit.texts.kk`` is the Kazakh text)."""
    if field in form.fields:
        return field
    texts = re.match(r"edit\.texts\.(\w+)", field)
    if texts is not None:
        for prefix in ("text", "heading"):
            if f"{prefix}_{texts.group(1)}" in form.fields:
                return f"{prefix}_{texts.group(1)}"
    for name in ("target", "after"):
        if field.startswith(f"edit.{name}") and name in form.fields:
            return name
    if field.startswith("edit.parent") and "after" in form.fields:
        return "after"
    return None


def _refuse(form: forms.Form, error: AtazanError) -> int:
    """Show the action's refusal on the field it names (or above the form); its status."""
    form.add_error(_form_field(form, error.field or ""), error.message)
    return error.http_status


def _unknown_proposals(form: forms.Form, numbers: list[str]) -> list[Any] | None:
    """The proposals behind the numbers, or None after naming the unknown ones in the form."""
    found, unknown = page_selectors.proposals_by_number(numbers)
    if unknown:
        form.add_error(
            "proposals",
            _("No proposal is registered under %(numbers)s.") % {"numbers": ", ".join(unknown)},
        )
        return None
    return found


def _version_choices(versions: list[Version]) -> list[tuple[int, str]]:
    return [(v.pk, f"{v.work.slug} · {v.label} · {v.get_status_display()}") for v in versions]


def _theme_choices() -> list[tuple[int, str]]:
    return [(t.pk, f"{t.label} ({t.supporters})") for t in page_selectors.latest_themes()]


def _number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def meeting_new(request: HttpRequest, body: str) -> HttpResponse:
    """Schedule a meeting of the body."""
    body_obj = selectors.body_or_404(body)
    if (
        answer := _signed_in_and_allowed(request, "commission.schedule_meeting", body_obj)
    ) is not None:
        return answer
    status = 200
    if request.method == "POST":
        form = ScheduleMeetingForm(request.POST)
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = actions.schedule_meeting(
                    request.user,
                    body_obj,
                    titles=texts_of(form, "title"),
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    live_url=data["live_url"],
                    recording_url=data["recording_url"],
                )
            except AtazanError as error:
                status = _refuse(form, error)
            else:
                messages.success(
                    request,
                    _("Meeting No. %(number)s is scheduled.") % {"number": meeting.number},
                )
                return redirect(_meeting_url(meeting))
    else:
        form = ScheduleMeetingForm()
    return render(
        request, "commission/meeting_new.html", {"body": body_obj, "form": form}, status=status
    )


@require_POST
def meeting_links(request: HttpRequest, body: str, number: int) -> HttpResponse:
    """The live-stream and recording addresses of a meeting."""
    meeting = selectors.meeting_or_404(body, number)
    if (answer := _signed_in_and_allowed(request, "commission.run_meeting", meeting)) is not None:
        return answer
    form = MeetingLinksForm(request.POST)
    if not form.is_valid():
        return _render_meeting(request, meeting, status=422, bound={"links": form})
    try:
        actions.set_meeting_links(
            request.user,
            meeting,
            live_url=form.cleaned_data["live_url"],
            recording_url=form.cleaned_data["recording_url"],
        )
    except AtazanError as error:
        return _refused(request, meeting, "links", error, {"links": form})
    return _done(request, meeting, _("The video links are stored."))


def agenda_new(request: HttpRequest, body: str, number: int) -> HttpResponse:
    """Add an item to a meeting's agenda."""
    meeting = selectors.meeting_or_404(body, number)
    if (
        answer := _signed_in_and_allowed(request, "commission.schedule_meeting", meeting)
    ) is not None:
        return answer
    amendments = page_selectors.amendment_choices(meeting.body)
    base = page_selectors.default_base()
    provisions = (
        grouped(page_selectors.base_text(base).of_kind("article", "paragraph")) if base else []
    )
    options: dict[str, Any] = {
        "amendments": [(a.pk, f"{a.number} · {kind_label(a.kind)}") for a in amendments],
        "provisions": provisions,
        "themes": _theme_choices(),
    }
    status = 200
    if request.method == "POST":
        form = AgendaItemForm(request.POST, **options)
        status = 422
        if (
            form.is_valid()
            and (proposals := _unknown_proposals(form, form.proposal_numbers())) is not None
        ):
            data = form.cleaned_data
            amendment = next((a for a in amendments if a.pk == data["amendment"]), None)
            try:
                item = actions.add_agenda_item(
                    request.user,
                    meeting,
                    titles=texts_of(form, "title"),
                    amendment=amendment,
                    provision_uid=data["provision"],
                    themes=page_selectors.themes_by_pk(data["themes"]),
                    proposals=proposals,
                )
            except AtazanError as error:
                status = _refuse(form, error)
            else:
                messages.success(
                    request,
                    _("Item %(position)s is added to the agenda.") % {"position": item.position},
                )
                return redirect(_meeting_url(meeting))
    else:
        form = AgendaItemForm(**options)
    return render(
        request,
        "commission/agenda_new.html",
        {"meeting": meeting, "body": meeting.body, "form": form, "base": base},
        status=status,
    )


def amendment_new(request: HttpRequest, body: str) -> HttpResponse:
    """Propose an amendment of one of the kinds a drafting office writes most.

    ``?base=`` picks the version (by default the one in force), ``?kind=`` the
    form, and for a new wording ``?provision=`` the provision, whose current
    text is then shown and given to edit.
    """
    body_obj = selectors.body_or_404(body)
    if (
        answer := _signed_in_and_allowed(request, "commission.propose_amendment", body_obj)
    ) is not None:
        return answer
    kind = request.GET.get("kind", "replace")
    if kind not in AMENDMENT_FORMS:
        kind = "replace"
    versions = page_selectors.base_versions()
    base = page_selectors.base_version_or_none(_number(request.GET.get("base", "")), versions)
    context: dict[str, Any] = {
        "body": body_obj,
        "kind": kind,
        "title": AMENDMENT_FORM_TITLES[kind],
        "base": base,
        "kinds": [
            (
                code,
                label,
                "?" + urlencode({"base": base.pk if base else "", "kind": code}),
            )
            for code, label in AMENDMENT_FORM_TITLES.items()
        ],
    }
    if base is None:
        return render(request, "commission/amendment_new.html", context)
    text = page_selectors.base_text(base)
    context["base_form"] = PickBaseForm(
        versions=_version_choices(versions), initial={"base": base.pk}
    )
    context["languages"] = text.languages
    form_class = AMENDMENT_FORMS[kind]
    options: dict[str, Any] = {"base": text, "themes": _theme_choices()}
    status = 200
    form: AmendmentForm | None = None
    if request.method == "POST":
        form = form_class(request.POST, **options)
        target = str(request.POST.get("target", ""))
        status = 422
        if form.is_valid() and form.edit is not None:
            proposals = _unknown_proposals(form, form.proposal_numbers())
            if proposals is not None:
                try:
                    amendment = actions.propose_amendment(
                        request.user,
                        body_obj,
                        base,
                        number=form.cleaned_data["number"],
                        edit=form.edit,
                        rationale=form.rationale(),
                        themes=page_selectors.themes_by_pk(form.cleaned_data["themes"]),
                        proposals=proposals,
                    )
                except AtazanError as error:
                    status = _refuse(form, error)
                else:
                    messages.success(
                        request,
                        _("Amendment %(number)s is proposed.") % {"number": amendment.number},
                    )
                    return redirect("commission:amendment", pk=amendment.pk)
    else:
        target = request.GET.get("provision", "")
    initial: dict[str, Any] = {"number": page_selectors.next_amendment_number(base)}
    if kind == "replace":
        chosen = text.by_uid.get(target)
        if chosen is None or chosen.kind not in ("article", "paragraph"):
            # First the provision; its current text comes with the form.
            context["pick_form"] = PickProvisionForm(options=text.of_kind("article", "paragraph"))
            return render(request, "commission/amendment_new.html", context, status=status)
        current = text.current(chosen.uid)
        context["provision"] = chosen
        context["current"] = [(code, as_lines(current.get(code))) for code in text.languages]
        initial.update({f"text_{code}": as_lines(current.get(code)) for code in text.languages})
        initial["target"] = chosen.uid
    if form is None:
        form = form_class(initial=initial, **options)
    context["form"] = form
    return render(request, "commission/amendment_new.html", context, status=status)


@require_POST
def amendment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = selectors.amendment_or_404(pk)
    if (
        answer := _signed_in_and_allowed(request, "commission.propose_amendment", amendment)
    ) is not None:
        return answer
    try:
        actions.withdraw_amendment(request.user, amendment)
    except AtazanError as error:
        return _render_amendment(
            request, amendment, status=error.http_status, errors={"withdraw": error.message}
        )
    messages.success(
        request, _("Amendment %(number)s is withdrawn.") % {"number": amendment.number}
    )
    return redirect("commission:amendment", pk=amendment.pk)


@require_POST
def draft_consolidate(request: HttpRequest, body: str) -> HttpResponse:
    """The body's adopted amendments on a base version, made into a new draft."""
    body_obj = selectors.body_or_404(body)
    if (
        answer := _signed_in_and_allowed(request, "commission.consolidate_draft", body_obj)
    ) is not None:
        return answer
    require(request.user, "constitution.import_text")
    versions = page_selectors.base_versions()
    form = ConsolidateForm(request.POST, versions=_version_choices(versions))
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        base = next(v for v in versions if v.pk == data["base"])
        try:
            draft = actions.consolidate_draft(
                request.user, body_obj, base, label=data["label"], date=data["date"]
            )
        except AtazanError as error:
            status = _refuse(form, error)
        else:
            messages.success(
                request, _("Draft %(label)s is consolidated.") % {"label": draft.version.label}
            )
            return redirect("commission:draft", pk=draft.pk)
    context = _body_context(request, body_obj, consolidate_form=form)
    return render(request, "commission/body.html", context, status=status)


@require_POST
def draft_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """Open or close a published draft for comments."""
    draft = selectors.draft_or_404(pk)
    if (answer := _signed_in_and_allowed(request, "commission.publish_draft", draft)) is not None:
        return answer
    form = CommentsOpenForm(request.POST)
    if not form.is_valid():
        raise BadRequest("open: 1 or 0")
    open_comments = bool(form.cleaned_data["open"])
    try:
        actions.set_comments_open(request.user, draft, open_comments)
    except AtazanError as error:
        return _render_draft(
            request, draft, status=error.http_status, errors={"comments": error.message}
        )
    messages.success(
        request,
        _("The draft is open for comments.")
        if open_comments
        else _("The draft is closed for comments."),
    )
    return redirect("commission:draft", pk=draft.pk)
