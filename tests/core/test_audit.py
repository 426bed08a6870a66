"""The audit log is append-only, every tampering is detected, and so are rows changed around it."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from atazan.constitution.actions import publish_version
from atazan.constitution.models import Version, Work
from atazan.core.actions import create_user, grant_role, revoke_role
from atazan.core.audit import (
    GENESIS_HASH,
    AuditLogBroken,
    compute_entry_hash,
    record,
    row_digest_of,
    verify_chain,
    verify_rows,
)
from atazan.core.models import AppendOnlyError, AuditEntry, AuditHead, RoleAssignment, User
from atazan.core.roles import Role
from atazan.proposals import actions as proposal_actions
from atazan.proposals.intake import Submission, clean_submission
from atazan.proposals.models import AssignmentRule, Channel, Outcome, Proposal
from atazan.referendum import actions as referendum_actions
from atazan.referendum.models import ProtocolVersion, ReferendumStatus
from atazan_redact import make_identifier
from atazan_results import Figures

from factories import SYSTEM, UserFactory

pytestmark = pytest.mark.django_db


def _five_entries() -> list[AuditEntry]:
    actor = UserFactory(username="secretary")
    return [
        record(actor, "test.action", None, {"n": n, "text": "Конституция / Ата Заң"})
        for n in range(5)
    ]


def test_entries_are_chained_by_hash() -> None:
    entries = _five_entries()
    assert entries[0].previous_hash == GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    assert [e.sequence for e in entries] == [1, 2, 3, 4, 5]
    assert verify_chain() is None


def test_saving_an_existing_entry_is_refused() -> None:
    entry = _five_entries()[2]
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_an_entry_through_the_model_is_refused() -> None:
    entry = _five_entries()[2]
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_an_edited_entry_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=3).update(data={"n": 99})
    problem = verify_chain()
    assert problem is not None
    assert (problem.sequence, problem.kind) == (3, "edited")


def test_a_deleted_entry_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=2).delete()
    problem = verify_chain()
    assert problem is not None
    assert (problem.sequence, problem.kind) == (2, "deleted")


def test_a_deleted_last_entry_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=5).delete()
    problem = verify_chain()
    assert problem is not None
    assert problem.kind == "deleted"


def test_reordered_entries_are_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=2).update(sequence=100)
    AuditEntry.objects.filter(sequence=3).update(sequence=2)
    AuditEntry.objects.filter(sequence=100).update(sequence=3)
    problem = verify_chain()
    assert problem is not None
    assert problem.sequence == 2
    assert problem.kind == "reordered"


def test_verify_audit_log_command_exits_non_zero_and_names_the_entry() -> None:
    _five_entries()
    call_command("verify_audit_log")
    AuditEntry.objects.filter(sequence=4).update(action="something.else")
    with pytest.raises(CommandError, match="#4"):
        call_command("verify_audit_log")


def test_write_actions_are_audited() -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    user = UserFactory()
    grant_role(admin, user, Role.ANALYST)
    entry = AuditEntry.objects.get()
    assert entry.action == "core.grant_role"
    assert entry.actor_label == admin.username
    assert entry.data == {"role": "analyst"}
    assert AuditHead.objects.get().last_hash == entry.entry_hash


def test_granting_a_role_twice_records_it_once() -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    user = UserFactory()
    grant_role(admin, user, Role.OBSERVER)
    grant_role(admin, user, Role.OBSERVER)
    assert AuditEntry.objects.count() == 1


# The head row -------------------------------------------------------------------


def test_deleting_the_head_row_with_the_newest_entries_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence__gte=4).delete()
    AuditHead.objects.all().delete()
    problem = verify_chain()
    assert problem is not None
    assert problem.kind == "head-missing"
    assert "ends at #3" in problem.detail


def test_a_missing_head_row_is_a_break_even_with_every_entry_present() -> None:
    _five_entries()
    AuditHead.objects.all().delete()
    problem = verify_chain()
    assert problem is not None and problem.kind == "head-missing"


def test_a_head_row_set_back_behind_the_log_is_reported() -> None:
    entries = _five_entries()
    AuditHead.objects.update(last_sequence=3, last_hash=entries[2].entry_hash)
    problem = verify_chain()
    assert problem is not None and problem.kind == "head"


def test_an_empty_log_with_its_head_is_intact() -> None:
    assert AuditHead.objects.filter(pk=1).exists()  # made by the migration
    assert verify_chain() is None


def test_an_action_is_refused_while_the_head_row_is_missing() -> None:
    actor = UserFactory()
    record(actor, "test.action")
    AuditHead.objects.all().delete()
    with pytest.raises(AuditLogBroken, match="head row is missing"), transaction.atomic():
        record(actor, "test.action")
    assert AuditEntry.objects.count() == 1


def test_the_command_reports_a_missing_head() -> None:
    _five_entries()
    AuditHead.objects.all().delete()
    with pytest.raises(CommandError, match="head-missing"):
        call_command("verify_audit_log")


# Row digests: direct changes to the rows that matter -----------------------------


def _submission(**overrides: Any) -> Submission:
    data: dict[str, Any] = {
        "submitter_type": "citizen",
        "submitter_name": "Айгерім Сәдуақасова",
        "iin": make_identifier("90010230012") or make_identifier("90010230013"),
        "region": "astana",
        "contact_email": "aigerim@example.kz",
        "language": "kk",
        "topic": "parliament",
        "title": "Бір палаталы парламент туралы",
        "text": "Құрылтай туралы 50-бапты өзгертуді ұсынамын.",
        "consent_publish_text": True,
    }
    data.update(overrides)
    return clean_submission(data)


@pytest.fixture
def answered(settings: Any, tmp_path: Path) -> Proposal:
    settings.ATAZAN_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    citizen = UserFactory(roles=[Role.CITIZEN])
    analyst = UserFactory(roles=[Role.ANALYST])
    case = proposal_actions.register_proposal(
        citizen, _submission(), channel=Channel.WEB, external_id="c1"
    ).proposal
    return proposal_actions.answer(
        analyst,
        case,
        outcome=Outcome.REJECTED,
        reason="Заңмен реттеледі.",
        expected_version=case.version,
        send=False,
    )


def _row_problems() -> list[tuple[str, str, str]]:
    return [(p.target_type, p.target_id, p.kind) for p in verify_rows().problems]


def test_a_registration_records_the_state_it_stored(answered: Proposal) -> None:
    entry = AuditEntry.objects.get(action="proposals.register")
    assert entry.row_digest.startswith("1:")
    assert entry.row_digest != AuditEntry.objects.get(action="proposals.answer").row_digest
    assert verify_rows().checked >= 1
    assert _row_problems() == []
    assert verify_chain() is None


def test_the_digest_of_a_registration_taken_from_the_instance_equals_the_stored_row(
    settings: Any, tmp_path: Path
) -> None:
    settings.ATAZAN_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    registration = proposal_actions.register_proposal(
        UserFactory(roles=[Role.CITIZEN]), _submission(), channel=Channel.WEB, external_id="c9"
    )
    partner, _key = proposal_actions.create_partner(SYSTEM, "e-Otinish", "eotinish")
    status, body, _replayed = proposal_actions.register_via_api(
        partner,
        idempotency_key="k1",
        request_hash="h1",
        submission=_submission(title="Сенат туралы"),
        external_id="e1",
    )
    assert status == 201
    via_api = Proposal.objects.get(number=body["number"])
    for proposal in (registration.proposal, via_api):
        entry = AuditEntry.objects.get(action="proposals.register", target_id=str(proposal.pk))
        assert entry.row_digest == row_digest_of(proposal)
        assert entry.row_digest == row_digest_of(Proposal.objects.get(pk=proposal.pk))
    assert _row_problems() == []


def test_the_digest_is_read_back_so_a_stale_instance_does_not_cause_a_false_report(
    answered: Proposal,
) -> None:
    stale = Proposal.objects.get(pk=answered.pk)
    lead = UserFactory(roles=[Role.WORKING_GROUP_LEAD])
    proposal_actions.reopen(lead, answered, reason="Қате.", expected_version=answered.version)
    record(SYSTEM, "test.note_on_a_case", stale, {})  # an action that only refers to the case
    assert stale.status == "answered"  # the instance is out of date...
    assert _row_problems() == []  # ...but the entry has the stored state


def test_a_direct_update_of_a_proposals_answer_is_reported(answered: Proposal) -> None:
    Proposal.objects.filter(pk=answered.pk).update(
        outcome=Outcome.ACCEPTED, public_answer="Ескерілді."
    )
    assert _row_problems() == [("proposals.proposal", str(answered.pk), "changed")]
    assert verify_chain() is None  # the log itself is intact: only the row was changed


def test_an_audited_change_of_an_answer_is_not_reported(answered: Proposal) -> None:
    lead = UserFactory(roles=[Role.WORKING_GROUP_LEAD])
    proposal_actions.reopen(lead, answered, reason="Қате.", expected_version=answered.version)
    assert _row_problems() == []


def test_a_proposal_deleted_directly_is_reported(answered: Proposal) -> None:
    pk = answered.pk
    Proposal.objects.filter(pk=pk).delete()
    assert _row_problems() == [("proposals.proposal", str(pk), "deleted")]


def test_a_role_granted_directly_is_reported_and_one_granted_by_the_action_is_not() -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    user = UserFactory()
    grant_role(admin, user, Role.ANALYST)
    revoke_role(admin, user, Role.ANALYST)
    grant_role(admin, user, Role.OBSERVER)
    assert _row_problems() == []
    RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR)
    assert _row_problems() == [("core.user", str(user.pk), "changed")]


def test_a_superuser_flag_set_directly_is_reported() -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    user = create_user(admin, "aliya", "secret-password-1")
    assert _row_problems() == []
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert _row_problems() == [("core.user", str(user.pk), "changed")]


def test_a_direct_update_of_a_protocols_figures_is_reported_and_a_correction_is_not() -> None:
    official = UserFactory(roles=[Role.ELECTION_OFFICIAL])
    referendum = referendum_actions.create_referendum(
        SYSTEM,
        slug="trial",
        titles={"kk": "Сынақ", "ru": "Проба", "en": "Trial"},
        voting_day=dt.date(2026, 3, 15),
        questions=[{"kk": "Иә ме?", "ru": "Да?", "en": "Yes?"}],
        status=ReferendumStatus.COUNTING,
    )
    question = referendum.questions.get()
    unit = referendum.units.get(code="astana")
    precinct = referendum_actions.add_precinct(SYSTEM, unit, district_code="a-1", code="AST-1")
    figures = Figures(
        registered=1500,
        received=1510,
        issued=1000,
        yes=800,
        no=170,
        invalid=20,
        not_counted=10,
        spoiled=4,
        unused=506,
    )
    protocol = referendum_actions.enter_protocol(official, precinct, question, figures)
    referendum_actions.correct_protocol(
        official, protocol, replace(figures, yes=790, invalid=30), "recount"
    )
    assert _row_problems() == []
    # ProtocolVersion.save() refuses changes; an UPDATE in the database does not.
    ProtocolVersion.objects.filter(protocol=protocol, number=1).update(yes=900, no=70)
    assert _row_problems() == [("referendum.protocol", str(protocol.pk), "changed")]


def test_publishing_a_version_directly_is_reported() -> None:
    secretary = UserFactory(roles=[Role.COMMISSION_SECRETARY])
    work = Work.objects.create(slug="kenbel")
    version = Version.objects.create(work=work, label="2026-draft")
    publish_version(secretary, version, True)
    publish_version(secretary, version, False)
    assert _row_problems() == []
    Version.objects.filter(pk=version.pk).update(published=True)
    assert _row_problems() == [("constitution.version", str(version.pk), "changed")]


def test_the_row_digest_is_covered_by_the_entry_hash(answered: Proposal) -> None:
    entry = AuditEntry.objects.get(action="proposals.answer")
    AuditEntry.objects.filter(pk=entry.pk).update(row_digest="1:" + "0" * 64)
    problem = verify_chain()
    assert problem is not None and (problem.sequence, problem.kind) == (entry.sequence, "edited")


def test_entries_without_a_row_digest_keep_the_hash_they_had() -> None:
    entry = record(UserFactory(), "test.action", None, {"n": 1})
    assert entry.row_digest == ""
    assert entry.entry_hash == compute_entry_hash(
        sequence=entry.sequence,
        recorded_at=entry.recorded_at.isoformat(),
        actor_id=entry.actor_id_value,
        actor_label=entry.actor_label,
        action=entry.action,
        target_type="",
        target_id="",
        data={"n": 1},
        previous_hash=GENESIS_HASH,
    )


def test_the_command_names_each_changed_row(answered: Proposal) -> None:
    call_command("verify_audit_log", stdout=io.StringIO())
    Proposal.objects.filter(pk=answered.pk).update(answer="Иә.")
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"proposals.proposal {answered.pk} differs") as raised:
        call_command("verify_audit_log", stderr=err)
    assert raised.value.returncode == 1
    assert "changed outside an audited action" in str(raised.value)
    out = io.StringIO()
    call_command("verify_audit_log", "--chain-only", stdout=out)
    assert "audit log intact" in out.getvalue()


# The Django admin -----------------------------------------------------------------


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_admin_changes_roles_only_through_the_audited_actions(admin_client: Client) -> None:
    user = UserFactory(roles=[Role.OBSERVER])
    url = reverse("admin:core_user_change", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"roles": [Role.ANALYST.value], "username": "renamed", "is_superuser": "on"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert set(user.role_assignments.values_list("role", flat=True)) == {Role.ANALYST}
    assert (user.username, user.is_superuser) != ("renamed", True)  # read-only fields
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "core.grant_role",
        "core.revoke_role",
    ]
    assert _row_problems() == []


def test_the_admin_cannot_add_or_delete_accounts(admin_client: Client) -> None:
    user = UserFactory()
    assert admin_client.get(reverse("admin:core_user_add")).status_code == 403
    assert admin_client.post(reverse("admin:core_user_delete", args=[user.pk])).status_code == 403
    response = admin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=user.pk).exists()
    assert response.status_code in (200, 302)


def test_the_admin_shows_versions_of_the_constitution_read_only(admin_client: Client) -> None:
    work = Work.objects.create(slug="kenbel")
    version = Version.objects.create(work=work, label="1998")
    change = reverse("admin:constitution_version_change", args=[version.pk])
    assert admin_client.get(change).status_code == 200  # viewing stays possible
    admin_client.post(change, {"work": work.pk, "label": "1998", "published": "on"})
    version.refresh_from_db()
    assert not version.published
    assert admin_client.get(reverse("admin:constitution_version_add")).status_code == 403
    delete = reverse("admin:constitution_work_delete", args=[work.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Work.objects.filter(pk=work.pk).exists()


def test_a_bulk_delete_in_the_secretariats_admin_is_audited(admin_client: Client) -> None:
    rules = [
        AssignmentRule.objects.create(analyst=UserFactory(roles=[Role.ANALYST]), topic=t)
        for t in ("parliament", "courts")
    ]
    response = admin_client.post(
        reverse("admin:proposals_assignmentrule_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in rules], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AssignmentRule.objects.exists()
    assert sorted(
        AuditEntry.objects.filter(action="proposals.admin_delete_assignmentrule").values_list(
            "target_id", flat=True
        )
    ) == sorted(str(r.pk) for r in rules)
