"""Every write to a referendum. Each checks permission and is audited in its transaction.

Every action calls ``require`` with its actor (a user, or a ``SystemActor``
for the demo loader and operators' commands). Protocol figures pass the control
relations of :mod:`atazan_results` before anything is stored, and a refusal
names each broken relation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from atazan.core.actors import Actor, require, user_or_none
from atazan.core.audit import record
from atazan.core.errors import AtazanError, ConflictError, InvalidInputError
from atazan.referendum.models import (
    District,
    OnlineRound,
    Precinct,
    PrecinctKind,
    Protocol,
    ProtocolVersion,
    Question,
    Referendum,
    ReferendumStatus,
    RuleKind,
    TurnoutReport,
    VoterRollEntry,
    VotingUnit,
)
from atazan_redact.identity import is_valid_iin
from atazan_results import BrokenRelation, Figures, check
from atazan_results import Protocol as PureProtocol
from atazan_results import TurnoutReport as PureTurnoutReport
from atazan_results.csvio import protocols_to_csv
from atazan_results.eligibility import ineligibility
from atazan_results.units import UNITS_2026, UnitInfo

#: The district that holds a unit's online "precinct".
ONLINE_DISTRICT = "online"
#: The largest figure a protocol line or a turnout report may hold: more voters than any
#: precinct, unit or country has, and far below what the database stores (the forms
#: refuse 10^20 with a message instead of an OverflowError).
MAX_FIGURE = 100_000_000


class ReferendumError(AtazanError):
    """A write that cannot be done as asked; ``code`` says why in a stable word."""

    code = "referendum_refused"
    http_status = 422

    def __init__(self, code: str, detail: str = "") -> None:
        from atazan.referendum.labels import error_message

        self.detail = detail
        super().__init__(error_message(code, detail), code=code)
        self.code = code  # type: ignore[misc]  # the specific reason, read by labels.error_message

    def __str__(self) -> str:
        # Logs and tracebacks carry the stable code; pages show ``message`` alone.
        return f"{self.instance_code}: {self.message}"


class ProtocolRefused(ReferendumError):
    """Figures that break control relations; ``broken`` names every one."""

    def __init__(self, broken: Sequence[BrokenRelation]) -> None:
        self.broken = list(broken)
        super().__init__("broken_relations", "; ".join(b.message for b in self.broken))


class VoterRefused(ReferendumError):
    """A person who cannot be put on the roll; ``reasons`` are stable codes."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("voter_refused", ", ".join(self.reasons))


def _bump(referendum: Referendum) -> None:
    Referendum.objects.filter(pk=referendum.pk).update(results_revision=F("results_revision") + 1)


# Setting up a referendum -------------------------------------------------------


def create_referendum(
    actor: Actor,
    *,
    slug: str,
    titles: dict[str, str],
    voting_day: dt.date,
    questions: Sequence[dict[str, str]],
    rule_kind: str = RuleKind.CONSTITUTION,
    units: Sequence[UnitInfo] = UNITS_2026,
    status: str = ReferendumStatus.PLANNED,
) -> Referendum:
    """A referendum with its questions and voting units (the 20 units and abroad by default)."""
    require(actor, "referendum.configure_referendum")
    with transaction.atomic():
        referendum = Referendum.objects.create(
            slug=slug,
            title_kk=titles["kk"],
            title_ru=titles["ru"],
            title_en=titles["en"],
            voting_day=voting_day,
            rule_kind=rule_kind,
            status=status,
        )
        for position, texts in enumerate(questions, start=1):
            Question.objects.create(
                referendum=referendum,
                position=position,
                text_kk=texts["kk"],
                text_ru=texts["ru"],
                text_en=texts["en"],
            )
        VotingUnit.objects.bulk_create(
            VotingUnit(
                referendum=referendum,
                code=u.code,
                kind=u.kind,
                name_kk=u.name_kk,
                name_ru=u.name_ru,
                name_en=u.name_en,
                short=u.short,
                short_en=u.short_en,
                tile_col=u.col,
                tile_row=u.row,
            )
            for u in units
        )
        record(
            actor,
            "referendum.create",
            referendum,
            {
                "slug": slug,
                "voting_day": voting_day.isoformat(),
                "rule": rule_kind,
                "units": [u.code for u in units],
                "questions": len(questions),
            },
        )
    return referendum


RULE_FIELDS = (
    "rule_kind",
    "turnout_above_num",
    "turnout_above_den",
    "yes_above_num",
    "yes_above_den",
    "unit_quorum_num",
    "unit_quorum_den",
    "majority_base",
    "abroad_counted_with",
)


def configure_rule(actor: Actor, referendum: Referendum, **changes: Any) -> Referendum:
    """Change the legal rule's numbers; the audit entry keeps the old and new values."""
    require(actor, "referendum.configure_referendum", referendum)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ReferendumError("unknown_rule_field", ", ".join(sorted(unknown)))
    for den in ("turnout_above_den", "yes_above_den", "unit_quorum_den"):
        if den in changes and int(changes[den]) <= 0:
            raise ReferendumError("zero_denominator", den)
    with transaction.atomic():
        before = {name: getattr(referendum, name) for name in changes}
        for name, value in changes.items():
            setattr(referendum, name, value)
        referendum.save(update_fields=list(changes))
        _bump(referendum)
        record(actor, "referendum.configure_rule", referendum, {"before": before, "after": changes})
    return referendum


def set_status(actor: Actor, referendum: Referendum, status: str) -> Referendum:
    require(actor, "referendum.configure_referendum", referendum)
    status = ReferendumStatus(status)
    with transaction.atomic():
        before = referendum.status
        referendum.status = status
        referendum.save(update_fields=["status"])
        record(
            actor, "referendum.set_status", referendum, {"before": before, "after": status.value}
        )
    return referendum


def add_precinct(
    actor: Actor,
    unit: VotingUnit,
    *,
    district_code: str,
    code: str,
    kind: str = PrecinctKind.STATION,
    district_name: str = "",
    address: str = "",
) -> Precinct:
    """A precinct in a district of ``unit`` (the district is created when new)."""
    require(actor, "referendum.configure_referendum", unit.referendum)
    with transaction.atomic():
        district, _created = District.objects.get_or_create(
            unit=unit, code=district_code, defaults={"name": district_name}
        )
        try:
            with transaction.atomic():
                precinct = Precinct.objects.create(
                    referendum=unit.referendum,
                    district=district,
                    code=code,
                    kind=kind,
                    address=address,
                )
        except IntegrityError:
            raise ReferendumError("duplicate_precinct", code) from None
        record(
            actor,
            "referendum.add_precinct",
            precinct,
            {"unit": unit.code, "district": district_code, "kind": kind},
        )
    return precinct


# The voter roll ---------------------------------------------------------------


def add_voter(
    actor: Actor,
    precinct: Precinct,
    *,
    iin: str,
    full_name: str,
    birth_date: dt.date,
    exclusion: str = "",
) -> VoterRollEntry:
    """Put an eligible person on a precinct's roll.

    Refused (with every reason) for an invalid IIN, someone under 18 on
    voting day, someone a court has excluded, or someone already on a roll.
    The audit entry names the precinct, never the person.
    """
    referendum = precinct.referendum
    require(actor, "referendum.manage_voter_roll", referendum)
    iin = iin.strip()
    reasons = [] if is_valid_iin(iin) else ["invalid_iin"]
    reasons += ineligibility(birth_date, referendum.voting_day, exclusion)
    if not full_name.strip():
        reasons.append("name_missing")
    if iin and VoterRollEntry.objects.filter(referendum=referendum, iin=iin).exists():
        reasons.append("already_on_a_roll")
    if reasons:
        raise VoterRefused(reasons)
    with transaction.atomic():
        entry = VoterRollEntry.objects.create(
            referendum=referendum,
            precinct=precinct,
            iin=iin,
            full_name=full_name.strip(),
            birth_date=birth_date,
        )
        record(actor, "referendum.add_voter", entry, {"precinct": precinct.code})
    return entry


def exclude_voter(actor: Actor, entry: VoterRollEntry, exclusion: str) -> VoterRollEntry:
    """Mark a court decision on a roll entry; the person stays listed but may not vote."""
    require(actor, "referendum.manage_voter_roll", entry.referendum)
    with transaction.atomic():
        entry.exclusion = exclusion
        entry.save(update_fields=["exclusion"])
        record(
            actor,
            "referendum.exclude_voter",
            entry,
            {"precinct": entry.precinct.code, "exclusion": exclusion},
        )
    return entry


def move_voter(actor: Actor, entry: VoterRollEntry, precinct: Precinct) -> VoterRollEntry:
    """Move a voter to another precinct's roll (a change of address before voting day)."""
    require(actor, "referendum.manage_voter_roll", entry.referendum)
    if precinct.referendum_id != entry.referendum_id:
        raise ReferendumError("other_referendum", precinct.code)
    with transaction.atomic():
        before = entry.precinct.code
        entry.precinct = precinct
        entry.save(update_fields=["precinct"])
        record(actor, "referendum.move_voter", entry, {"from": before, "to": precinct.code})
    return entry


# Protocols --------------------------------------------------------------------


def _new_version(
    protocol: Protocol, figures: Figures, number: int, actor: Actor, reason: str
) -> ProtocolVersion:
    version = ProtocolVersion.objects.create(
        protocol=protocol,
        number=number,
        reason=reason,
        entered_by=user_or_none(actor),
        **figures.as_dict(),
    )
    protocol.current = version
    protocol.save(update_fields=["current"])
    return version


def _refuse_if_too_large(name: str, value: int) -> None:
    """A figure beyond any electorate is a typing error, and beyond the database's integers."""
    if value > MAX_FIGURE:
        raise InvalidInputError(
            _("%(field)s: at most %(limit)s") % {"field": name, "limit": f"{MAX_FIGURE:,}"},
            field=name,
        )


def _refuse_if_broken(figures: Figures) -> None:
    for name, value in figures.as_dict().items():
        _refuse_if_too_large(name, value)
    broken = check(figures)
    if broken:
        raise ProtocolRefused(broken)


def enter_protocol(
    actor: Actor, precinct: Precinct, question: Question, figures: Figures
) -> Protocol:
    """Store a precinct's first protocol for ``question`` after checking its relations."""
    referendum = precinct.referendum
    require(actor, "referendum.enter_protocol", referendum)
    if question.referendum_id != referendum.pk:
        raise ReferendumError("other_referendum", precinct.code)
    _refuse_if_broken(figures)
    with transaction.atomic():
        protocol, created = Protocol.objects.select_for_update().get_or_create(
            precinct=precinct, question=question
        )
        if not created and protocol.current_id is not None:
            raise ReferendumError("already_entered", precinct.code)
        _new_version(protocol, figures, 1, actor, "")
        _bump(referendum)
        record(
            actor,
            "referendum.enter_protocol",
            protocol,
            {
                "precinct": precinct.code,
                "question": question.position,
                "version": 1,
                "figures": figures.as_dict(),
            },
        )
    return protocol


class ProtocolChangedError(ConflictError):
    """The protocol got a new version after the correction form was opened."""

    def __init__(self, precinct: str, expected: int, current: int) -> None:
        super().__init__(
            _(
                "The protocol of precinct %(code)s was corrected by someone else after you "
                "opened this form: version %(current)s is now in force, your form showed "
                "version %(expected)s. Your correction was not saved; check the new "
                "version and correct it again if needed."
            )
            % {"code": precinct, "current": current, "expected": expected},
            field="version",
        )
        self.expected = expected
        self.current = current


def correct_protocol(
    actor: Actor,
    protocol: Protocol,
    figures: Figures,
    reason: str,
    *,
    expected_version: int | None = None,
) -> ProtocolVersion:
    """A new version of a protocol. The old one stays; the reason is required.

    ``expected_version`` is the version the correction was made from (the
    form carries it): when another correction came in since, this one is
    refused with :class:`ProtocolChangedError` (409) instead of silently
    replacing a version its author never saw. Only callers that decide from
    the version they read themselves (the demo loader) may leave it out.
    """
    referendum = protocol.precinct.referendum
    require(actor, "referendum.correct_protocol", referendum)
    reason = reason.strip()
    if not reason:
        raise ReferendumError("reason_required")
    _refuse_if_broken(figures)
    with transaction.atomic():
        locked = Protocol.objects.select_for_update().get(pk=protocol.pk)
        current = locked.current
        if current is None:
            raise ReferendumError("not_entered", protocol.precinct.code)
        if expected_version is not None and current.number != expected_version:
            raise ProtocolChangedError(protocol.precinct.code, expected_version, current.number)
        if current.figures == figures:
            raise ReferendumError("unchanged", protocol.precinct.code)
        version = _new_version(locked, figures, current.number + 1, actor, reason)
        _bump(referendum)
        changed = {
            name: [before, after]
            for (name, before), after in zip(
                current.figures.as_dict().items(), figures.as_dict().values(), strict=True
            )
            if before != after
        }
        record(
            actor,
            "referendum.correct_protocol",
            locked,
            {
                "precinct": protocol.precinct.code,
                "version": version.number,
                "reason": reason,
                "changed": changed,
            },
        )
    protocol.current = version
    return version


def report_turnout(actor: Actor, precinct: Precinct, time: dt.time, voted: int) -> TurnoutReport:
    """A running count of voters at a time of day; a later report for the same time is refused."""
    referendum = precinct.referendum
    require(actor, "referendum.report_turnout", referendum)
    if voted < 0:
        raise ReferendumError("negative", "voted")
    _refuse_if_too_large("voted", voted)
    with transaction.atomic():
        if TurnoutReport.objects.filter(precinct=precinct, time=time).exists():
            raise ReferendumError("already_reported", f"{precinct.code} {time:%H:%M}")
        report = TurnoutReport.objects.create(precinct=precinct, time=time, voted=voted)
        _bump(referendum)
        record(
            actor,
            "referendum.report_turnout",
            report,
            {"precinct": precinct.code, "time": f"{time:%H:%M}", "voted": voted},
        )
    return report


def import_protocols(
    actor: Actor,
    question: Question,
    protocols: Iterable[PureProtocol],
    *,
    source: str,
    district_names: dict[str, str] | None = None,
) -> int:
    """Store many first protocols at once (a commission's file, or the demo).

    Precincts and districts missing so far are created in their units. The
    whole file goes in or none of it: a precinct that already has a protocol
    or a row that breaks a relation refuses the import. One audit entry
    records the file's SHA-256, so the exact file can be matched later.
    """
    referendum = question.referendum
    require(actor, "referendum.enter_protocol", referendum)
    items = list(protocols)
    for item in items:
        _refuse_if_broken(item.figures)
    names = district_names or {}
    digest = hashlib.sha256(protocols_to_csv(items).encode()).hexdigest()
    with transaction.atomic():
        units = {u.code: u for u in referendum.units.all()}
        missing_units = sorted({i.unit for i in items} - set(units))
        if missing_units:
            raise ReferendumError("unknown_unit", ", ".join(missing_units))
        districts = {
            (d.unit.code, d.code): d
            for d in District.objects.filter(unit__referendum=referendum).select_related("unit")
        }
        new_districts = []
        for item in items:
            key = (item.unit, item.district)
            if key not in districts:
                district = District(
                    unit=units[item.unit], code=item.district, name=names.get(item.district, "")
                )
                districts[key] = district
                new_districts.append(district)
        District.objects.bulk_create(new_districts)
        precincts = {p.code: p for p in Precinct.objects.filter(referendum=referendum)}
        new_precincts = []
        for item in items:
            if item.precinct not in precincts:
                precinct = Precinct(
                    referendum=referendum,
                    district=districts[(item.unit, item.district)],
                    code=item.precinct,
                    kind=item.kind,
                )
                precincts[item.precinct] = precinct
                new_precincts.append(precinct)
        Precinct.objects.bulk_create(new_precincts, batch_size=2000)
        taken = set(
            Protocol.objects.filter(question=question, current__isnull=False).values_list(
                "precinct__code", flat=True
            )
        )
        clash = sorted(taken & {i.precinct for i in items})
        if clash:
            raise ReferendumError("already_entered", ", ".join(clash[:10]))
        rows = Protocol.objects.bulk_create(
            [Protocol(precinct=precincts[i.precinct], question=question) for i in items],
            batch_size=2000,
        )
        entered_by = user_or_none(actor)
        versions = ProtocolVersion.objects.bulk_create(
            [
                ProtocolVersion(
                    protocol=row, number=1, entered_by=entered_by, **i.figures.as_dict()
                )
                for row, i in zip(rows, items, strict=True)
            ],
            batch_size=2000,
        )
        for row, version in zip(rows, versions, strict=True):
            row.current = version
        Protocol.objects.bulk_update(rows, ["current"], batch_size=2000)
        _bump(referendum)
        record(
            actor,
            "referendum.import_protocols",
            question,
            {"source": source, "protocols": len(items), "sha256": digest},
        )
    return len(items)


def import_turnout(
    actor: Actor, referendum: Referendum, reports: Iterable[PureTurnoutReport], *, source: str
) -> int:
    """Store many running turnout reports at once; precincts must already exist."""
    require(actor, "referendum.report_turnout", referendum)
    items = list(reports)
    for item in items:
        _refuse_if_too_large("voted", item.voted)
    with transaction.atomic():
        precincts = dict(Precinct.objects.filter(referendum=referendum).values_list("code", "pk"))
        unknown = sorted({r.precinct for r in items} - set(precincts))
        if unknown:
            raise ReferendumError("unknown_precinct", ", ".join(unknown[:10]))
        TurnoutReport.objects.bulk_create(
            [
                TurnoutReport(
                    precinct_id=precincts[r.precinct],
                    time=dt.time.fromisoformat(r.time),
                    voted=r.voted,
                )
                for r in items
            ],
            batch_size=5000,
        )
        _bump(referendum)
        record(
            actor,
            "referendum.import_turnout",
            referendum,
            {"source": source, "reports": len(items)},
        )
    return len(items)


# The online round ---------------------------------------------------------------


def record_online_round(
    actor: Actor,
    question: Question,
    *,
    record_path: str,
    ballots_cast: int,
    ballots_counted: int,
    manifest_hash: str,
    board_head: str,
    tally: dict[str, dict[str, int]],
    verified: bool,
    verification_report: str,
) -> OnlineRound:
    """Store where a round's published record is, its tally and its verification."""
    require(actor, "referendum.run_online_round", question.referendum)
    with transaction.atomic():
        online = OnlineRound.objects.create(
            question=question,
            record_path=record_path,
            ballots_cast=ballots_cast,
            ballots_counted=ballots_counted,
            manifest_hash=manifest_hash,
            board_head=board_head,
            tally=tally,
            verified=verified,
            verification_report=verification_report,
        )
        record(
            actor,
            "referendum.record_online_round",
            online,
            {
                "record": record_path,
                "ballots_counted": ballots_counted,
                "manifest": manifest_hash,
                "board_head": board_head,
                "verified": verified,
            },
        )
    return online


def join_online_tally(actor: Actor, online: OnlineRound) -> list[Protocol]:
    """Add the round's decrypted tally to the count as one online precinct per unit.

    Only a verified round may join. Each unit's online precinct gets a
    protocol whose every ballot was issued and counted: registered is the
    number of credentials issued there, and nothing is spoiled or unused.
    """
    question = online.question
    referendum = question.referendum
    require(actor, "referendum.join_online_tally", referendum)
    if not online.verified:
        raise ReferendumError("not_verified", str(online.pk))
    if online.joined:
        raise ReferendumError("already_joined", str(online.pk))
    joined = []
    with transaction.atomic():
        units = {u.code: u for u in referendum.units.all()}
        for code, counts in sorted(online.tally.items()):
            unit = units.get(code)
            if unit is None:
                raise ReferendumError("unknown_unit", code)
            voted = int(counts["voted"])
            figures = Figures(
                registered=int(counts["registered"]),
                received=voted,
                issued=voted,
                yes=int(counts["yes"]),
                no=int(counts["no"]),
                invalid=voted - int(counts["yes"]) - int(counts["no"]),
            )
            _refuse_if_broken(figures)
            district, _ = District.objects.get_or_create(
                unit=unit, code=f"{code}-{ONLINE_DISTRICT}", defaults={"name": ONLINE_DISTRICT}
            )
            precinct, _ = Precinct.objects.get_or_create(
                referendum=referendum,
                code=f"{unit.short_en}-{ONLINE_DISTRICT.upper()}",
                defaults={"district": district, "kind": PrecinctKind.ONLINE},
            )
            protocol, _ = Protocol.objects.select_for_update().get_or_create(
                precinct=precinct, question=question
            )
            if protocol.current is None:
                _new_version(protocol, figures, 1, actor, "")
            else:
                _new_version(
                    protocol,
                    figures,
                    protocol.current.number + 1,
                    actor,
                    f"online round {online.pk}",
                )
            joined.append(protocol)
        online.joined = True
        online.save(update_fields=["joined"])
        _bump(referendum)
        record(
            actor,
            "referendum.join_online_tally",
            online,
            {"units": sorted(online.tally), "ballots_counted": online.ballots_counted},
        )
    return joined
