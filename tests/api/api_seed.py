"""A small public record for the API tests, made through the actions with the SYSTEM actor.

A charter in three languages, proposals with and without consent to publish,
a partner, a commission body with a held meeting, an adopted amendment and a
published draft, and a referendum with a synthetic count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from atazan.commission import actions as commission_actions
from atazan.commission.models import Amendment, Body, Draft, Meeting, MemberRole
from atazan.constitution.actions import import_text
from atazan.constitution.models import Provision, Version
from atazan.core.roles import Role
from atazan.proposals import actions as proposal_actions
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan.referendum import actions as referendum_actions
from atazan.referendum.models import Referendum, ReferendumStatus
from atazan_redact import make_identifier
from atazan_results.synthetic import generate
from atazan_texts.io import load_document

from factories import SYSTEM, UserFactory


def iin(first_eleven: str) -> str:
    value = int(first_eleven)
    while not (full := make_identifier(f"{value:011d}")):
        value += 1
    return full


CHARTER = {
    "kk": "% title: Тау елінің Негізгі заңы\n% work: hills\n% version: 2010\n% status: in_force\n\n"
    "I бөлім. Негіздер\n\n1-бап\n1. Тау елі құқықтық мемлекет.\n2. Билік халыққа тиесілі.\n\n"
    "2-бап\nМемлекеттік тіл — қазақ тілі.\n",
    "ru": "% title: Основной закон Горной страны\n% work: hills\n% version: 2010\n"
    "% status: in_force\n\nРаздел I. Основы\n\nСтатья 1\n1. Горная страна — правовое "
    "государство.\n2. Власть принадлежит народу.\n\nСтатья 2\nГосударственный язык — "
    "казахский.\n",
    "en": "% title: Basic Law of the Hill Country\n% work: hills\n% version: 2010\n"
    "% status: in_force\n\nSection I. Foundations\n\nArticle 1\n1. The Hill Country is a "
    "state under the rule of law.\n2. Power belongs to the people.\n\nArticle 2\n"
    "The state language is Kazakh.\n",
}
PUBLISHED_IIN = iin("88030540012")
HIDDEN_IIN = iin("91020340015")
PUBLISHED_EMAIL = "saule@example.kz"


@dataclass
class World:
    version: Version
    published: Proposal
    hidden: Proposal
    body: Body
    meeting: Meeting
    amendment: Amendment | None
    draft: Draft | None
    referendum: Referendum


def charter() -> Version:
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


def proposal(external_id: str, *, consent: bool, name_consent: bool, iin_: str) -> Proposal:
    submission = clean_submission(
        {
            "submitter_type": "citizen",
            "submitter_name": "Сәуле Оразбаева",
            "iin": iin_,
            "region": "karaganda",
            "contact_email": PUBLISHED_EMAIL,
            "language": "kk",
            "title": "Мемлекеттік тіл туралы",
            "text": f"2-бапқа толықтыру ұсынамын. Менің ЖСН {iin_}, поштам {PUBLISHED_EMAIL}.",
            "consent_publish_text": consent,
            "consent_publish_name": name_consent,
        }
    )
    return proposal_actions.register_proposal(
        SYSTEM, submission, channel=Channel.WEB, external_id=external_id
    ).proposal


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def commission(base: Version, source: Proposal) -> tuple[Body, Meeting, Amendment, Draft]:
    body = commission_actions.create_body(
        SYSTEM,
        slug="hill-commission",
        kind="commission",
        names={"kk": "Тау комиссиясы", "ru": "Горная комиссия", "en": "Hill Commission"},
    )
    start = timezone.localdate() - dt.timedelta(days=365)
    seats = []
    for number, role in enumerate([MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.MEMBER]):
        person = UserFactory(username=f"seat{number}", roles=[Role.COMMISSION_MEMBER])
        seats.append(
            commission_actions.add_member(
                SYSTEM,
                body,
                person,
                full_name=f"{person.first_name} {person.last_name}",
                role=role,
                represents="Астана",
                term_start=start,
                term_end=start + dt.timedelta(days=3 * 365),
            )
        )
    meeting = commission_actions.schedule_meeting(
        SYSTEM,
        body,
        titles={"kk": "Бірінші отырыс", "ru": "Первое заседание", "en": "First meeting"},
        starts_at=_at(0, 0),
        ends_at=_at(0, 23),
        place="Астана",
        live_url="",
        recording_url="",
    )
    target = str(
        Provision.objects.filter(expression__version=base, eid="sec_1__art_2")
        .values_list("uid", flat=True)
        .first()
    )
    amendment = commission_actions.propose_amendment(
        SYSTEM,
        body,
        base,
        number="A-1",
        edit={
            "kind": "replace",
            "target": target,
            "texts": {
                "kk": {"text": "Мемлекеттік тіл — қазақ тілі. Орыс тілі ресми қолданылады."},
                "ru": {
                    "text": "Государственный язык — казахский. Русский употребляется официально."
                },
                "en": {"text": "The state language is Kazakh. Russian is used officially."},
            },
        },
        rationale={"kk": "Азаматтар сұрады.", "ru": "Граждане просили.", "en": "Citizens asked."},
        proposals=[source],
    )
    commission_actions.start_meeting(SYSTEM, meeting)
    commission_actions.record_attendance(SYSTEM, meeting, {seat.pk: True for seat in seats})
    vote = commission_actions.open_vote(SYSTEM, meeting, amendment)
    for seat in seats:
        commission_actions.cast_vote(seat.user, vote, "for")
    commission_actions.close_vote(SYSTEM, vote)
    draft = commission_actions.consolidate_draft(SYSTEM, body, base, label="2026-draft")
    draft = commission_actions.publish_draft(SYSTEM, draft, open_comments=False)
    amendment.refresh_from_db()
    return body, meeting, amendment, draft


def referendum() -> Referendum:
    made = referendum_actions.create_referendum(
        SYSTEM,
        slug="hills-2026",
        titles={"kk": "Тау референдумы", "ru": "Горный референдум", "en": "Hill referendum"},
        voting_day=dt.date(2026, 3, 15),
        questions=[{"kk": "Келісесіз бе?", "ru": "Согласны ли Вы?", "en": "Do you agree?"}],
        status=ReferendumStatus.COUNTING,
    )
    question = made.questions.get(position=1)
    election = generate(precincts=40, abroad=2, seed=5)
    referendum_actions.import_protocols(SYSTEM, question, election.protocols, source="test")
    referendum_actions.import_turnout(SYSTEM, made, election.reports, source="test")
    return made


def world() -> World:
    version = charter()
    published = proposal("api-1", consent=True, name_consent=False, iin_=PUBLISHED_IIN)
    hidden = proposal("api-2", consent=False, name_consent=True, iin_=HIDDEN_IIN)
    body, meeting, amendment, draft = commission(version, published)
    return World(version, published, hidden, body, meeting, amendment, draft, referendum())


def analysed(count: int = 120) -> Any:
    """A finished analysis run over a small demo consultation (themes, campaigns, coverage)."""
    import io

    from atazan.analysis import actions as analysis_actions
    from atazan.proposals import demo as proposals_demo

    proposals_demo.load_demo(io.StringIO(), count=count)
    return analysis_actions.run_now(SYSTEM)
