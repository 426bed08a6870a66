"""Fixtures for the commission's pages: a body of seven, meetings, a charter, proposals.

Everything is made through the actions with the SYSTEM actor, the way the
demo loader or an operator's command would. Amendments and drafts need the
``atazan_amend`` core through ``commission.drafting``; while that is not
usable the fixtures that make them skip the test, saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from atazan.commission import actions
from atazan.commission.models import Amendment, Body, Draft, Meeting, MemberRole, Membership
from atazan.constitution.actions import import_text
from atazan.constitution.models import Provision, Version
from atazan.core.roles import Role
from atazan.proposals import actions as proposal_actions
from atazan.proposals import notify
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan_redact import make_identifier
from atazan_texts.io import load_document

from factories import SYSTEM, UserFactory

AMEND_MISSING = (
    "atazan_amend is not usable by commission.drafting yet ({error}): amendments and drafts "
    "cannot be made through actions.propose_amendment and consolidate_draft"
)


def _through_the_core(make: Callable[[], Any]) -> Any:
    """Run an action that needs the amendment core; skip the test while the core is not ready."""
    try:
        return make()
    except (ImportError, AttributeError) as error:
        pytest.skip(AMEND_MISSING.format(error=error))


def iin(first_eleven: str) -> str:
    """A valid IIN starting at ``first_eleven`` (the check digit decides)."""
    value = int(first_eleven)
    while not (full := make_identifier(f"{value:011d}")):
        value += 1
    return full


CITIZEN_IIN = iin("88030540012")
CITIZEN_EMAIL = "saule.orazbayeva@example.kz"

CHARTER = {
    "kk": """\
% title: Көл кантондарының Хартиясы
% work: lakes
% version: 2001
% status: in_force

I бөлім. Негіздер

1-бап
1. Көл кантондары демократиялық және зайырлы мемлекет болып табылады.
2. Билік халыққа тиесілі.

2-бап
Көл кантондарының астанасы — Тасбұлақ қаласы.

II бөлім. Құқықтар

3-бап
1. Әркімнің өмір сүруге құқығы бар.
2. Ешкімді азаптауға болмайды.

4-бап
Әркім өз пікірін еркін білдіре алады.
""",
    "ru": """\
% title: Хартия Озёрных кантонов
% work: lakes
% version: 2001
% status: in_force

Раздел I. Основы

Статья 1
1. Озёрные кантоны являются демократическим и светским государством.
2. Власть принадлежит народу.

Статья 2
Столица Озёрных кантонов — город Тасбулак.

Раздел II. Права

Статья 3
1. Каждый имеет право на жизнь.
2. Никто не может подвергаться пыткам.

Статья 4
Каждый может свободно выражать мнение.
""",
    "en": """\
% title: Charter of the Lake Cantons
% work: lakes
% version: 2001
% status: in_force

Section I. Foundations

Article 1
1. The Lake Cantons are a democratic and secular state.
2. Power belongs to the people.

Article 2
The capital of the Lake Cantons is Tasbulak.

Section II. Rights

Article 3
1. Everyone has the right to life.
2. No one may be tortured.

Article 4
Everyone may speak freely.
""",
}

NEW_WORDING = {
    "kk": "Көл кантондары демократиялық, зайырлы және әлеуметтік мемлекет болып табылады.",
    "ru": "Озёрные кантоны являются демократическим, светским и социальным государством.",
    "en": "The Lake Cantons are a democratic, secular and social state.",
}
RATIONALE = {
    "kk": "Азаматтар мемлекеттің әлеуметтік сипатын бекітуді сұрады.",
    "ru": "Граждане просили закрепить социальный характер государства.",
    "en": "Citizens asked to write down that the state is a social one.",
}

SEATS = [
    ("chair", "Айгерім Сәдуақасова", MemberRole.CHAIR, "Астана қаласы"),
    ("secretary", "Анна Федорова", MemberRole.SECRETARY, "Аппарат"),
    ("member1", "Нұрлан Бекұлы", MemberRole.MEMBER, "Алматы облысы"),
    ("member2", "Сергей Ким", MemberRole.MEMBER, "Қарағанды облысы"),
    ("member3", "Дина Касымова", MemberRole.MEMBER, "Адвокаттар алқасы"),
    ("member4", "Ерлан Әбенов", MemberRole.MEMBER, "Түркістан облысы"),
    ("member5", "Тимур Жаксылыков", MemberRole.MEMBER, "Жастар ұйымдары"),
]


@pytest.fixture
def intake(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations send receipts: deliver them at once, into the local outbox.

    Not automatic, so the other commission tests in this folder keep their own settings.
    """
    monkeypatch.setattr(notify, "after_commit", lambda callback: callback())
    monkeypatch.setattr(notify, "wake_sender", notify.deliver_pending)
    settings.ATAZAN_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


@pytest.fixture
def texts() -> dict[str, Any]:
    """The data the tests look for on the pages (or must not find there)."""
    return {
        "iin": CITIZEN_IIN,
        "email": CITIZEN_EMAIL,
        "new_wording": NEW_WORDING,
        "rationale": RATIONALE,
    }


@pytest.fixture
def base(db: Any) -> Version:
    """A small charter in force, in Kazakh, Russian and English."""
    expression = None
    for language, text in CHARTER.items():
        source = text.encode()
        expression = import_text(
            SYSTEM,
            load_document(source, "txt", language=language),
            language=language,
            source_format="txt",
            source=source,
            publish=True,
        )
    assert expression is not None
    return expression.version


def provision_uid(version: Version, eid: str) -> str:
    return str(
        Provision.objects.filter(expression__version=version, eid=eid)
        .values_list("uid", flat=True)
        .first()
    )


@pytest.fixture
def body(db: Any) -> Body:
    return actions.create_body(
        SYSTEM,
        slug="constitutional-commission",
        kind="commission",
        names={
            "kk": "Конституциялық комиссия",
            "ru": "Конституционная комиссия",
            "en": "Constitutional Commission",
        },
    )


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    return {key: UserFactory(username=key, roles=[Role.COMMISSION_MEMBER]) for key, *_ in SEATS}


@pytest.fixture
def seats(body: Body, people: dict[str, Any]) -> dict[str, Membership]:
    start = timezone.localdate() - dt.timedelta(days=365)
    return {
        key: actions.add_member(
            SYSTEM,
            body,
            people[key],
            full_name=name,
            role=role,
            represents=represents,
            term_start=start,
            term_end=start + dt.timedelta(days=3 * 365),
        )
        for key, name, role, represents in SEATS
    }


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def meeting(body: Body, seats: dict[str, Membership]) -> Meeting:
    """An upcoming meeting, still scheduled."""
    return actions.schedule_meeting(
        SYSTEM,
        body,
        titles={
            "kk": "Мемлекеттің негіздері туралы отырыс",
            "ru": "Заседание об основах государства",
            "en": "Meeting on the foundations of the state",
        },
        starts_at=_at(2, 10),
        ends_at=_at(2, 13),
        place="Астана, Тәуелсіздік даңғылы, 4",
        live_url="https://video.example.kz/live/commission-1",
        recording_url="",
    )


@pytest.fixture
def past_meeting(body: Body, seats: dict[str, Membership]) -> Meeting:
    """A meeting held ten days ago: attendance, minutes in three languages, closed."""
    held = actions.schedule_meeting(
        SYSTEM,
        body,
        titles={"kk": "Алғашқы отырыс", "ru": "Первое заседание", "en": "First meeting"},
        starts_at=_at(-10, 10),
        ends_at=_at(-10, 12),
        place="Астана, Ақорда",
        recording_url="https://video.example.kz/recordings/commission-0",
    )
    actions.start_meeting(SYSTEM, held)
    actions.record_attendance(SYSTEM, held, {seat.pk: True for seat in seats.values()})
    actions.record_minutes(
        SYSTEM,
        held,
        {
            "kk": "Комиссия жұмыс тәртібін бекітті.",
            "ru": "Комиссия утвердила регламент работы.",
            "en": "The commission adopted its rules of procedure.",
        },
    )
    actions.end_meeting(SYSTEM, held)
    return held


@pytest.fixture
def live_meeting(meeting: Meeting) -> Meeting:
    return actions.start_meeting(SYSTEM, meeting)


@pytest.fixture
def mark_present(seats: dict[str, Membership]) -> Callable[[Meeting, list[str]], None]:
    """Record the members named by their keys as present at a meeting, the others absent."""

    def mark(meeting: Meeting, keys: list[str]) -> None:
        actions.record_attendance(
            SYSTEM, meeting, {seat.pk: key in keys for key, seat in seats.items()}
        )

    return mark


@pytest.fixture
def citizen(db: Any, intake: None) -> Any:
    return UserFactory(username="citizen", roles=[Role.CITIZEN], email=CITIZEN_EMAIL)


@pytest.fixture
def proposal(db: Any, intake: None) -> Proposal:
    """A citizen's proposal with personal data in it, registered through the web channel."""
    submission = clean_submission(
        {
            "submitter_type": "citizen",
            "submitter_name": "Сәуле Оразбаева",
            "iin": CITIZEN_IIN,
            "region": "karaganda",
            "contact_email": CITIZEN_EMAIL,
            "language": "kk",
            "title": "Мемлекеттің әлеуметтік сипаты туралы",
            "text": "1-бапқа «әлеуметтік» деген сөзді қосуды ұсынамын. Менің ЖСН "
            f"{CITIZEN_IIN}, поштам {CITIZEN_EMAIL}.",
            "consent_publish_text": True,
        }
    )
    registration = proposal_actions.register_proposal(
        SYSTEM, submission, channel=Channel.WEB, external_id="commission-test-1"
    )
    return registration.proposal


@pytest.fixture
def amendment(
    base: Version, body: Body, seats: dict[str, Membership], proposal: Proposal
) -> Amendment:
    return _through_the_core(
        lambda: actions.propose_amendment(
            SYSTEM,
            body,
            base,
            number="A-1",
            edit={
                "kind": "replace",
                "target": provision_uid(base, "sec_1__art_1__para_1"),
                "texts": {language: {"text": text} for language, text in NEW_WORDING.items()},
            },
            rationale=RATIONALE,
            proposals=[proposal],
        )
    )


@pytest.fixture
def adopted(live_meeting: Meeting, seats: dict[str, Membership], amendment: Amendment) -> Amendment:
    """The amendment adopted at the live meeting: six present, five for, one against."""
    present = ["chair", "secretary", "member1", "member2", "member3", "member4"]
    actions.record_attendance(
        SYSTEM, live_meeting, {seat.pk: key in present for key, seat in seats.items()}
    )
    vote = actions.open_vote(SYSTEM, live_meeting, amendment)
    for key, choice in [
        ("chair", "for"),
        ("secretary", "for"),
        ("member1", "for"),
        ("member2", "for"),
        ("member3", "for"),
        ("member4", "against"),
    ]:
        actions.cast_vote(seats[key].user, vote, choice)
    actions.close_vote(SYSTEM, vote)
    amendment.refresh_from_db()
    return amendment


@pytest.fixture
def draft(adopted: Amendment, body: Body, base: Version) -> Draft:
    """A consolidated draft, published and open for comments."""
    made = _through_the_core(
        lambda: actions.consolidate_draft(SYSTEM, body, base, label="2026-draft")
    )
    return actions.publish_draft(SYSTEM, made, open_comments=True)


@pytest.fixture
def unpublished_draft(adopted: Amendment, body: Body, base: Version) -> Draft:
    return _through_the_core(
        lambda: actions.consolidate_draft(SYSTEM, body, base, label="2026-draft")
    )


@pytest.fixture
def chair(people: dict[str, Any]) -> Any:
    return people["chair"]


@pytest.fixture
def secretary(people: dict[str, Any]) -> Any:
    return people["secretary"]
