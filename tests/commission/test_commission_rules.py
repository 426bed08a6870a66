"""Who may do what in the commission: global roles crossed with seats in a body.

Each permission is checked for the seats (chair, deputy chair, secretary,
member, no seat) and for the global roles that matter, in the manner of a
role x phase matrix: the expected set is written out, so a changed rule
fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from atazan.commission import actions
from atazan.commission.models import BodyKind, Draft, MemberRole
from atazan.core.roles import Role

from factories import SYSTEM, UserFactory

pytestmark = pytest.mark.django_db

SEATS = ["chair", "deputy_chair", "secretary", "member", "no_seat"]


@pytest.fixture
def body() -> Any:
    return actions.create_body(
        SYSTEM,
        slug="commission",
        kind=BodyKind.COMMISSION,
        names={
            "kk": "Конституциялық комиссия",
            "ru": "Конституционная комиссия",
            "en": "Constitutional Commission",
        },
    )


@pytest.fixture
def people(body: Any) -> dict[str, Any]:
    people = {}
    for seat in SEATS:
        user = UserFactory(roles=[Role.COMMISSION_MEMBER] if seat != "no_seat" else [Role.CITIZEN])
        if seat != "no_seat":
            actions.add_member(
                SYSTEM,
                body,
                user,
                full_name=f"{seat} Әбенов",
                role=seat,
                term_start=dt.date(2025, 9, 1),
            )
        people[seat] = user
    return people


@pytest.fixture
def meeting(body: Any) -> Any:
    start = timezone.now()
    return actions.schedule_meeting(
        SYSTEM,
        body,
        titles={"kk": "Отырыс", "ru": "Заседание", "en": "Meeting"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Ordatau",
    )


def _seats_allowed(people: dict[str, Any], permission: str, obj: Any) -> set[str]:
    return {seat for seat, user in people.items() if user.has_perm(permission, obj)}


def test_only_the_chair_and_deputies_open_and_close_votes(
    people: dict[str, Any], meeting: Any
) -> None:
    assert _seats_allowed(people, "commission.open_vote", meeting) == {"chair", "deputy_chair"}
    assert _seats_allowed(people, "commission.close_vote", meeting) == {"chair", "deputy_chair"}
    secretariat = UserFactory(roles=[Role.COMMISSION_SECRETARY])
    assert not secretariat.has_perm("commission.open_vote", meeting)


def test_every_seat_may_cast_a_vote_and_no_one_else(people: dict[str, Any], meeting: Any) -> None:
    assert _seats_allowed(people, "commission.cast_vote", meeting) == set(SEATS) - {"no_seat"}
    assert not UserFactory(roles=[Role.OBSERVER]).has_perm("commission.cast_vote", meeting)
    assert not AnonymousUser().has_perm("commission.cast_vote", meeting)


def test_the_secretary_records_attendance_and_minutes(people: dict[str, Any], meeting: Any) -> None:
    for permission in (
        "commission.record_attendance",
        "commission.record_minutes",
        "commission.schedule_meeting",
    ):
        assert _seats_allowed(people, permission, meeting) == {"secretary"}
        assert UserFactory(roles=[Role.COMMISSION_SECRETARY]).has_perm(permission, meeting)
        assert not UserFactory(roles=[Role.OBSERVER]).has_perm(permission, meeting)


def test_the_chair_and_the_secretary_run_a_meeting(people: dict[str, Any], meeting: Any) -> None:
    assert _seats_allowed(people, "commission.run_meeting", meeting) == {
        "chair",
        "deputy_chair",
        "secretary",
    }


def test_members_leads_and_the_secretariat_propose_amendments(
    people: dict[str, Any], body: Any
) -> None:
    assert _seats_allowed(people, "commission.propose_amendment", body) == set(SEATS) - {"no_seat"}
    assert UserFactory(roles=[Role.WORKING_GROUP_LEAD]).has_perm(
        "commission.propose_amendment", body
    )
    assert not UserFactory(roles=[Role.CITIZEN]).has_perm("commission.propose_amendment", body)
    assert not UserFactory(roles=[Role.ANALYST]).has_perm("commission.propose_amendment", body)


def test_only_the_secretariat_manages_bodies_consolidates_and_publishes(
    people: dict[str, Any], body: Any
) -> None:
    for permission in (
        "commission.manage_bodies",
        "commission.consolidate_draft",
        "commission.publish_draft",
    ):
        allowed = {role for role in Role if UserFactory(roles=[role]).has_perm(permission, body)}
        assert allowed == {Role.COMMISSION_SECRETARY, Role.ADMINISTRATOR}, permission
        assert _seats_allowed(people, permission, body) == set()


def test_an_unpublished_draft_is_seen_by_staff_only_and_a_published_one_by_all() -> None:
    draft = Draft(published_at=None)
    assert not AnonymousUser().has_perm("commission.view_draft", draft)
    assert UserFactory(roles=[Role.COMMISSION_MEMBER]).has_perm("commission.view_draft", draft)
    assert UserFactory(roles=[Role.COMMISSION_SECRETARY]).has_perm("commission.view_draft", draft)
    draft.published_at = timezone.now()
    assert AnonymousUser().has_perm("commission.view_draft", draft)


def test_only_signed_in_citizens_comment_and_only_on_a_published_draft() -> None:
    draft = Draft(published_at=timezone.now())
    assert UserFactory(roles=[Role.CITIZEN]).has_perm("commission.comment_on_draft", draft)
    assert not AnonymousUser().has_perm("commission.comment_on_draft", draft)
    assert not UserFactory(roles=[Role.OBSERVER]).has_perm("commission.comment_on_draft", draft)
    draft.published_at = None
    assert not UserFactory(roles=[Role.CITIZEN]).has_perm("commission.comment_on_draft", draft)


def test_the_public_record_is_open_to_everyone() -> None:
    assert AnonymousUser().has_perm("commission.view_public_record")
    assert UserFactory(roles=[Role.OBSERVER]).has_perm("commission.view_public_record")


def test_a_seat_in_another_body_gives_no_power_here(people: dict[str, Any], meeting: Any) -> None:
    other = actions.create_body(
        SYSTEM,
        slug="working-group",
        kind=BodyKind.WORKING_GROUP,
        names={"kk": "Жұмыс тобы", "ru": "Рабочая группа", "en": "Working group"},
    )
    outsider = UserFactory(roles=[Role.COMMISSION_MEMBER])
    actions.add_member(
        SYSTEM,
        other,
        outsider,
        full_name="Сәуле Оразбаева",
        role=MemberRole.CHAIR,
        term_start=dt.date(2025, 9, 1),
    )
    assert not outsider.has_perm("commission.open_vote", meeting)
    assert not outsider.has_perm("commission.cast_vote", meeting)


def test_docs_name_every_commission_permission() -> None:
    import rules

    docs = (Path(__file__).resolve().parents[2] / "docs" / "commission.md").read_text(
        encoding="utf-8"
    )
    names = [n for n in rules.permissions.permissions if n.startswith("commission.")]
    assert names and not [n for n in names if f"`{n}`" not in docs]
