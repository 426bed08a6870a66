"""Referendum pages: public results and the officials' protocol desk.

Views parse input, check a permission, call one action or selector, render.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atazan.core.errors import InvalidInputError, PermissionDeniedError
from atazan.referendum import actions, charts, labels, online, selectors
from atazan.referendum.forms import (
    ProtocolCorrectionForm,
    ProtocolEntryForm,
    TrackingCodeForm,
    TurnoutForm,
    VoterForm,
)
from atazan.referendum.models import Question, Referendum, VotingUnit
from atazan_results import FIGURE_NAMES, Area, Outcome, percent
from atazan_results.csvio import protocols_to_csv, turnout_to_csv


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.is_authenticated:
        raise _LoginRequired
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


class _LoginRequired(Exception):
    pass


def _login_or(view: Any) -> Any:
    """Send anonymous visitors of officials' pages to the sign-in page first."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _question(request: HttpRequest, referendum: Referendum) -> Question:
    return selectors.get_question(referendum, request.GET.get("q"))


def _rows(
    area: Area, outcome: Outcome, units: dict[str, VotingUnit], slug: str
) -> list[dict[str, Any]]:
    by_code = {u.code: u for u in outcome.units}
    rows = []
    for child in area.children:
        unit = units.get(child.code)
        result = by_code[child.code]
        rows.append(
            {
                "code": child.code,
                "unit": unit,
                "name": unit.name if unit else child.code,
                "figures": child.figures,
                "precincts": child.precinct_count,
                "turnout": result.turnout,
                "yes": result.yes,
                "no": result.no,
                "majority": result.majority_yes,
                "counts": result.counts_for_rule,
                "online": sum(p.figures.issued for p in child.precincts() if p.kind == "online"),
                "url": reverse("referendum:unit", kwargs={"slug": slug, "unit": child.code}),
            }
        )
    return rows


def _common(request: HttpRequest, slug: str) -> dict[str, Any]:
    referendum = selectors.get_referendum(slug)
    _require_view(request, referendum)
    question = _question(request, referendum)
    return {
        "referendum": referendum,
        "question": question,
        "questions": selectors.questions_of(referendum),
        "results": selectors.results(question),
        "units": selectors.units(referendum),
    }


def _require_view(request: HttpRequest, referendum: Referendum) -> None:
    if not request.user.has_perm("referendum.view_results", referendum):
        raise PermissionDenied("referendum.view_results")


def index(request: HttpRequest) -> HttpResponse:
    items = selectors.referendums()
    if len(items) == 1:
        return redirect("referendum:results", slug=items[0].slug)
    return render(request, "referendum/index.html", {"referendums": items})


def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    context = _common(request, slug)
    wanted = request.GET.get("precinct", "").strip()
    if wanted:
        if selectors.precinct_exists(context["referendum"], wanted):
            return redirect("referendum:precinct", slug=slug, code=wanted)
        messages.error(request, _("No precinct has the code %(code)s.") % {"code": wanted})
    results = context["results"]
    outcome: Outcome = results.outcome
    units: dict[str, VotingUnit] = context["units"]
    rows = _rows(results.national, outcome, units, slug)
    bars = [
        charts.Bar(r["name"], r["yes"], r["no"], r["url"], r["majority"])
        for r in sorted(rows, key=lambda r: r["yes"], reverse=True)
    ]
    by_code = {r["code"]: r for r in rows}
    tiles = [
        charts.Tile(
            u.tile_col,
            u.tile_row,
            u.label,
            u.name,
            by_code[u.code]["yes"] if u.code in by_code else None,
            reverse("referendum:unit", kwargs={"slug": slug, "unit": u.code}),
            abroad=u.kind == "abroad",
        )
        for u in units.values()
    ]
    context.update(
        {
            "outcome": outcome,
            "rows": rows,
            "reasons": [labels.REASONS[r] for r in outcome.reasons],
            "bar_chart": charts.result_bars(
                bars,
                threshold=Decimal(100)
                * Decimal(outcome.rule.yes_above.numerator)
                / outcome.rule.yes_above.denominator,
            ),
            "map_chart": charts.cartogram(
                tiles,
                caption=_("Each square is a voting unit, coloured by its share of yes votes."),
            ),
            "rule_lines": labels.rule_description(outcome),
            "flag_count": len(results.anomalies),
            "online_round": selectors.latest_online_round(context["question"]),
        }
    )
    return render(request, "referendum/results.html", context)


def unit_page(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    context = _common(request, slug)
    results = context["results"]
    units: dict[str, VotingUnit] = context["units"]
    unit_obj = units.get(unit)
    if unit_obj is None:
        raise Http404("no such unit")
    area = results.national.child(unit)
    outcome: Outcome = results.outcome
    unit_result = next((u for u in outcome.units if u.code == unit), None)
    flagged: dict[str, int] = {}
    for anomaly in results.anomalies:
        if anomaly.unit == unit:
            flagged[anomaly.precinct] = flagged.get(anomaly.precinct, 0) + 1
    districts = []
    precincts = []
    if area is not None:
        base = outcome.rule.base
        for district in area.children:
            whole = district.figures.voted if base == "voted" else district.figures.valid
            districts.append(
                {
                    "code": district.code,
                    "figures": district.figures,
                    "precincts": district.precinct_count,
                    "turnout": percent(district.figures.voted, district.figures.registered),
                    "yes": percent(district.figures.yes, whole),
                    "no": percent(district.figures.no, whole),
                }
            )
            for p in district.children:
                whole = p.figures.voted if base == "voted" else p.figures.valid
                precincts.append(
                    {
                        "code": p.code,
                        "district": district.code,
                        "kind": p.kind,
                        "figures": p.figures,
                        "turnout": percent(p.figures.voted, p.figures.registered),
                        "yes": percent(p.figures.yes, whole),
                        "flags": flagged.get(p.code, 0),
                    }
                )
    page = Paginator(precincts, 100).get_page(request.GET.get("page"))
    bars = [charts.Bar(d["code"], d["yes"], d["no"]) for d in districts]
    curve = results.unit_curves.get(unit, [])
    context.update(
        {
            "unit": unit_obj,
            "area": area,
            "unit_result": unit_result,
            "districts": districts,
            "page": page,
            "bar_chart": charts.result_bars(bars) if bars else "",
            "turnout_chart": charts.turnout_lines(
                [charts.Series(unit_obj.name, [(t, percent(v, r)) for t, v, r in curve], True)]
            )
            if curve
            else "",
        }
    )
    return render(request, "referendum/unit.html", context)


def turnout_page(request: HttpRequest, slug: str) -> HttpResponse:
    context = _common(request, slug)
    results = context["results"]
    units: dict[str, VotingUnit] = context["units"]
    series = [
        charts.Series(
            units[code].name if code in units else code, [(t, percent(v, r)) for t, v, r in curve]
        )
        for code, curve in sorted(results.unit_curves.items())
    ]
    national = [(t, percent(v, r)) for t, v, r in results.curve]
    series.append(charts.Series(_("Whole country"), national, emphasis=True))
    table = []
    times = [t for t, _v, _r in results.curve]
    for code, curve in sorted(
        results.unit_curves.items(),
        key=lambda item: units[item[0]].name if item[0] in units else item[0],
    ):
        values = {t: percent(v, r) for t, v, r in curve}
        table.append(
            {
                "name": units[code].name if code in units else code,
                "values": [values.get(t) for t in times],
            }
        )
    context.update(
        {
            "chart": charts.turnout_lines(
                series,
                start=f"{context['referendum'].polls_open:%H:%M}",
                end=f"{context['referendum'].polls_close:%H:%M}",
            )
            if results.curve
            else "",
            "times": times,
            "national": [v for _t, v in national],
            "table": table,
        }
    )
    return render(request, "referendum/turnout.html", context)


def anomalies_page(request: HttpRequest, slug: str) -> HttpResponse:
    context = _common(request, slug)
    referendum = context["referendum"]
    if not request.user.has_perm("referendum.view_anomalies", referendum):
        raise PermissionDenied("referendum.view_anomalies")
    units: dict[str, VotingUnit] = context["units"]
    kind = request.GET.get("kind", "")
    flags = [a for a in context["results"].anomalies if not kind or a.kind == kind]
    counts: dict[str, int] = {}
    for a in context["results"].anomalies:
        counts[a.kind] = counts.get(a.kind, 0) + 1
    context.update(
        {
            "flags": [
                {
                    "anomaly": a,
                    "unit": units[a.unit].name if a.unit in units else a.unit,
                    "kind_label": labels.ANOMALY_KINDS.get(a.kind, a.kind),
                    "message": labels.anomaly_message(a),
                }
                for a in flags
            ],
            "kinds": [(k, labels.ANOMALY_KINDS.get(k, k), n) for k, n in sorted(counts.items())],
            "kind": kind,
        }
    )
    return render(request, "referendum/anomalies.html", context)


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def protocols_csv(request: HttpRequest, slug: str) -> HttpResponse:
    referendum = selectors.get_referendum(slug)
    _require_view(request, referendum)
    question = _question(request, referendum)
    text = protocols_to_csv(selectors.current_protocols(question))
    return _download(text, f"{slug}-q{question.position}-protocols.csv", "text/csv; charset=utf-8")


def turnout_csv(request: HttpRequest, slug: str) -> HttpResponse:
    referendum = selectors.get_referendum(slug)
    _require_view(request, referendum)
    text = turnout_to_csv(
        sorted(selectors.turnout_reports(referendum), key=lambda r: (r.precinct, r.time))
    )
    return _download(text, f"{slug}-turnout.csv", "text/csv; charset=utf-8")


def results_json(request: HttpRequest, slug: str) -> HttpResponse:
    context = _common(request, slug)
    data = {
        "referendum": slug,
        "question": context["question"].position,
        "outcome": context["results"].outcome.as_dict(),
        "anomalies": [a.as_dict() for a in context["results"].anomalies],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )


def precinct_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    referendum = selectors.get_referendum(slug)
    _require_view(request, referendum)
    question = _question(request, referendum)
    precinct = selectors.get_precinct(referendum, code)
    protocol = selectors.protocol_of(precinct, question)
    can_history = request.user.has_perm("referendum.view_protocol_history", referendum)
    results = selectors.results(question)
    current = protocol.current if protocol is not None else None
    return render(
        request,
        "referendum/precinct.html",
        {
            "referendum": referendum,
            "question": question,
            "precinct": precinct,
            "unit": precinct.district.unit,
            "protocol": protocol,
            "current": current,
            "lines": [(labels.FIGURE_LABELS[n], getattr(current, n)) for n in FIGURE_NAMES]
            if current
            else [],
            "turnout": current and percent(current.issued, current.registered),
            "versions": selectors.versions_of(protocol) if protocol and can_history else [],
            "can_history": can_history,
            "version_count": selectors.version_count(protocol) if protocol else 0,
            "reports": selectors.turnout_of(precinct),
            "flags": [
                (labels.ANOMALY_KINDS.get(a.kind, a.kind), labels.anomaly_message(a))
                for a in results.anomalies
                if a.precinct == precinct.code
            ],
            "can_correct": request.user.has_perm("referendum.correct_protocol", referendum),
            "can_report": request.user.has_perm("referendum.report_turnout", referendum),
            "turnout_form": TurnoutForm(),
        },
    )


def _relation_errors(form: Any, error: actions.ProtocolRefused) -> None:
    for broken in error.broken:
        form.add_error(None, labels.relation_message(broken))
    form.broken_fields = {name for b in error.broken for name in b.fields}


@_login_or
def protocol_enter(request: HttpRequest, slug: str) -> HttpResponse:
    """An official types in a precinct's protocol; the relations are checked before it is stored."""
    referendum = selectors.get_referendum(slug)
    _require(request, "referendum.enter_protocol", referendum)
    question = _question(request, referendum)
    initial = {"precinct": request.GET.get("precinct", "")}
    form = ProtocolEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["precinct"].strip()
        precinct = selectors.find_precinct(referendum, code)
        if precinct is None:
            form.add_error("precinct", _("No precinct has this code in this referendum."))
        else:
            try:
                actions.enter_protocol(request.user, precinct, question, form.figures())
            except actions.ProtocolRefused as refused:
                _relation_errors(form, refused)
            except actions.ReferendumError as error:
                form.add_error(None, labels.error_message(error.code))
            except InvalidInputError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except PermissionDeniedError as denied:
                raise PermissionDenied(str(denied)) from denied
            else:
                messages.success(
                    request, _("The protocol of precinct %(code)s is stored.") % {"code": code}
                )
                return redirect(
                    reverse("referendum:precinct", kwargs={"slug": slug, "code": code})
                    + f"?q={question.position}"
                )
    return render(
        request,
        "referendum/protocol_form.html",
        {
            "referendum": referendum,
            "question": question,
            "form": form,
            "broken_fields": getattr(form, "broken_fields", set()),
            "correction": False,
            "missing": selectors.precincts_without_protocol(question)[:50],
        },
    )


@_login_or
def protocol_correct(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """A correction is a new version with a reason; the version it replaces stays on record."""
    referendum = selectors.get_referendum(slug)
    _require(request, "referendum.correct_protocol", referendum)
    question = _question(request, referendum)
    precinct = selectors.get_precinct(referendum, code)
    protocol = selectors.protocol_of(precinct, question)
    if protocol is None or protocol.current is None:
        messages.error(request, labels.error_message("not_entered"))
        return redirect(reverse("referendum:enter", kwargs={"slug": slug}) + f"?precinct={code}")
    initial = {**protocol.current.figures.as_dict(), "version": protocol.current.number}
    form = ProtocolCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.correct_protocol(
                request.user,
                protocol,
                form.figures(),
                form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except actions.ProtocolRefused as refused:
            _relation_errors(form, refused)
        except actions.ReferendumError as error:
            form.add_error(None, labels.error_message(error.code))
        except actions.ProtocolChangedError as stale:
            # The form is shown again at the version now in force, beside the history, to
            # compare and correct again; the figures typed against the old one are dropped.
            protocol = selectors.protocol_of(precinct, question) or protocol
            current = protocol.current
            form = ProtocolCorrectionForm(
                data={
                    **(current.figures.as_dict() if current is not None else {}),
                    "version": stale.current,
                    "reason": form.cleaned_data["reason"],
                }
            )
            form.is_valid()
            form.add_error(None, stale.message)
        except InvalidInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except PermissionDeniedError as denied:
            raise PermissionDenied(str(denied)) from denied
        else:
            messages.success(
                request,
                _("Version %(number)s of the protocol of precinct %(code)s is now in force.")
                % {"number": version.number, "code": code},
            )
            return redirect(
                reverse("referendum:precinct", kwargs={"slug": slug, "code": code})
                + f"?q={question.position}"
            )
    return render(
        request,
        "referendum/protocol_form.html",
        {
            "referendum": referendum,
            "question": question,
            "form": form,
            "broken_fields": getattr(form, "broken_fields", set()),
            "correction": True,
            "precinct": precinct,
            "protocol": protocol,
            "versions": selectors.versions_of(protocol),
        },
    )


@_login_or
@require_POST
def turnout_report(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    referendum = selectors.get_referendum(slug)
    _require(request, "referendum.report_turnout", referendum)
    precinct = selectors.get_precinct(referendum, code)
    form = TurnoutForm(request.POST)
    if form.is_valid():
        try:
            actions.report_turnout(
                request.user, precinct, form.cleaned_data["time"], form.cleaned_data["voted"]
            )
        except actions.ReferendumError as error:
            messages.error(request, labels.error_message(error.code))
        except InvalidInputError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Turnout reported."))
    elif "voted" in form.errors and "time" not in form.errors:
        messages.error(
            request,
            _("Voted so far: %(error)s") % {"error": " ".join(map(str, form.errors["voted"]))},
        )
    else:
        messages.error(request, _("Give a time and a number of voters."))
    return redirect("referendum:precinct", slug=slug, code=code)


@_login_or
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    """The officials' overview: precincts still without a protocol and recent corrections."""
    referendum = selectors.get_referendum(slug)
    _require(request, "referendum.enter_protocol", referendum)
    question = _question(request, referendum)
    return render(
        request,
        "referendum/desk.html",
        {
            "referendum": referendum,
            "question": question,
            "missing": selectors.precincts_without_protocol(question),
            "corrected": selectors.corrected_protocols(question),
            "precinct_total": selectors.precinct_count(referendum),
        },
    )


@_login_or
def roll_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The voter roll: counts per precinct, and adding an eligible voter."""
    referendum = selectors.get_referendum(slug)
    _require(request, "referendum.view_voter_roll", referendum)
    can_manage = request.user.has_perm("referendum.manage_voter_roll", referendum)
    form = VoterForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("referendum.manage_voter_roll")
        if form.is_valid():
            precinct = selectors.find_precinct(referendum, form.cleaned_data["precinct"].strip())
            if precinct is None:
                form.add_error("precinct", _("No precinct has this code in this referendum."))
            else:
                try:
                    actions.add_voter(
                        request.user,
                        precinct,
                        iin=form.cleaned_data["iin"],
                        full_name=form.cleaned_data["full_name"],
                        birth_date=form.cleaned_data["birth_date"],
                    )
                except actions.VoterRefused as refused:
                    for reason in refused.reasons:
                        form.add_error(None, labels.VOTER_REASONS.get(reason, reason))
                else:
                    messages.success(
                        request,
                        _("The voter is on the roll of precinct %(code)s.")
                        % {"code": precinct.code},
                    )
                    return redirect("referendum:roll", slug=slug)
    return render(
        request,
        "referendum/roll.html",
        {
            "referendum": referendum,
            "summary": selectors.roll_summary(referendum),
            "form": form,
            "can_manage": can_manage,
        },
    )


def online_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The online round: its tally, how to verify it, and the tracking-code lookup."""
    referendum = selectors.get_referendum(slug)
    _require_view(request, referendum)
    question = _question(request, referendum)
    round_ = selectors.latest_online_round(question)
    form = TrackingCodeForm(request.GET or None)
    found: online.BoardEntry | None = None
    looked_up = False
    if round_ is not None and form.is_valid():
        looked_up = True
        found = online.find_tracking_code(round_.record_path, form.cleaned_data["code"])
    units = selectors.units(referendum)
    tally = []
    if round_ is not None:
        for code, counts in sorted(
            round_.tally.items(), key=lambda kv: units[kv[0]].name if kv[0] in units else kv[0]
        ):
            tally.append(
                {
                    "name": units[code].name if code in units else code,
                    **counts,
                    "yes_pct": percent(int(counts.get("yes", 0)), int(counts.get("voted", 0))),
                }
            )
    return render(
        request,
        "referendum/online.html",
        {
            "referendum": referendum,
            "question": question,
            "round": round_,
            "form": form,
            "found": found,
            "looked_up": looked_up,
            "tally": tally,
            "record_available": round_ is not None and online.record_exists(round_.record_path),
        },
    )


def online_record(request: HttpRequest, slug: str) -> FileResponse:
    """The whole published record as one zip, for anyone to verify with ``atazan-verify``."""
    referendum = selectors.get_referendum(slug)
    _require_view(request, referendum)
    question = _question(request, referendum)
    round_ = selectors.latest_online_round(question)
    if round_ is None or not online.record_exists(round_.record_path):
        raise Http404("no published record")
    return FileResponse(
        online.zip_record(round_.record_path),
        as_attachment=True,
        filename=f"{slug}-online-record.zip",
        content_type="application/zip",
    )
