"""A small reform for the open-data tests: proposals with personal data, answers, an
analysis, a commission that met and voted, a public text, and a referendum count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from atazan.analysis.models import (
    AnalysisRun,
    CampaignResult,
    ProvisionLink,
    RunStatus,
    ThemeResult,
)
from atazan.commission.models import (
    Amendment,
    AmendmentStatus,
    Ballot,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Membership,
    Vote,
    VoteOutcome,
    VoteStatus,
)
from atazan.constitution.actions import import_text
from atazan.core.roles import Role
from atazan.proposals import actions as proposal_actions
from atazan.proposals import notify
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan.referendum import actions as referendum_actions
from atazan.referendum.models import ReferendumStatus
from atazan_redact import make_identifier
from atazan_results.synthetic import generate
from atazan_texts.io import load_document

from factories import SYSTEM, UserFactory

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "atazan" / "constitution" / "samples"


def valid_iin(seed: int) -> str:
    value = 90010230012 + seed * 17
    while not make_identifier(f"{value:011d}"):
        value += 1
    iin = make_identifier(f"{value:011d}")
    assert iin is not None
    return iin


@dataclass
class Submitted:
    proposal: Proposal
    known: list[str] = field(default_factory=list)  # the submitter's own data, never to appear


@pytest.fixture(autouse=True)
def open_data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "open-data"


@pytest.fixture
def quiet_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "after_commit", lambda callback: callback())
    monkeypatch.setattr(notify, "wake_sender", lambda: None)


@pytest.fixture
def send(db: Any, quiet_mail: None) -> Any:
    """Register a proposal whose text carries its author's IIN, phone and e-mail."""
    counter = iter(range(1, 10_000))

    def _send(**fields: Any) -> Submitted:
        index = next(counter)
        iin = valid_iin(index)
        phone = f"+7 701 {index:03d} 45 67"
        email = f"author{index}@mail.kz"
        name = f"Әсел Нұрланқызы{index}"
        data = {
            "submitter_type": "citizen",
            "submitter_name": name,
            "iin": iin,
            "contact_email": email,
            "contact_phone": phone,
            "region": "astana",
            "language": "kk",
            "topic": "parliament",
            "title": f"Мәслихат туралы, {email}",
            "text": (
                f"Статья 50. Менің ЖСН {iin}, телефон {phone}, пошта {email}. "
                "Мәслихаттардың өкілеттігін кеңейтуді ұсынамын. Тел. 8 (701) 765-43-21, "
                "ул. Абая, д. 10, кв. 5, post: someone@example.kz"
            ),
            "consent_publish_text": True,
            "consent_publish_name": False,
            **fields,
        }
        citizen = UserFactory(roles=[Role.CITIZEN])
        channel = data.pop("channel", Channel.WEB)
        actor = citizen if channel == Channel.WEB else SYSTEM
        case = proposal_actions.register_proposal(
            actor, clean_submission(data), channel=channel, external_id=f"od-{index}"
        )
        known = [iin, email, "87017654321", "7654321", "someone@example.kz"]
        if not data["consent_publish_name"]:
            known.append(name)
        return Submitted(case.proposal, known)

    return _send


def answer(proposal: Proposal, outcome: str = "accepted", reason: str = "") -> Proposal:
    return proposal_actions.answer(
        SYSTEM,
        proposal,
        outcome=outcome,
        reason=reason or "Ұсыныс қаралды. Жауап: +7 701 999 88 77.",
        expected_version=proposal.version,
        forwarded_to="Әділет министрлігі, тел. 8 (7172) 55-66-77" if outcome == "forwarded" else "",
        send=False,
    )


@dataclass
class World:
    submitted: list[Submitted]
    run: AnalysisRun
    vote: Vote


@pytest.fixture
def world(send: Any) -> World:
    """Every dataset holds rows."""
    submitted = [
        send(),
        send(consent_publish_text=False, region="abai", submitter_type="expert", channel="letter"),
        send(consent_publish_name=True, region="almaty_city", language="ru"),
        send(consent_publish_text=False, consent_publish_name=True, topic="courts"),
        send(region="", submitter_type="deputy", channel="api"),
    ]
    answer(submitted[0].proposal)
    answer(submitted[1].proposal, "rejected")
    answer(submitted[2].proposal, "partly_accepted")

    source = (SAMPLES / "kenbel-1998.en.txt").read_bytes()
    expression = import_text(
        SYSTEM,
        load_document(source, "txt", language="en"),
        work_slug="kenbel",
        version_label="1998",
        language="en",
        source_format="txt",
        source=source,
        publish=True,
    )
    version = expression.version

    now = timezone.now()
    run = AnalysisRun.objects.create(
        status=RunStatus.DONE, started_at=now, finished_at=now, proposals_count=5
    )
    ThemeResult.objects.create(
        run=run, key="t01", label="Мәслихат", language="kk", keywords=["мәслихат"],
        summary=[], size=3, supporters=4,
    )  # fmt: skip
    ThemeResult.objects.create(
        run=run, key="t02", label="Courts, call +7 701 111 22 33", language="en",
        keywords=["court"], summary=[], size=2, supporters=2,
    )  # fmt: skip
    CampaignResult.objects.create(
        run=run, key="c1", representative=submitted[1].proposal,
        representative_text="not published", supporters=2,
    )  # fmt: skip
    for item in submitted:
        ProvisionLink.objects.create(
            run=run, proposal=item.proposal, provision_uid="art_50", eid="art_50",
            score=0.8, reason="cited", why="Статья 50",
        )  # fmt: skip

    body = Body.objects.create(
        slug="commission", kind=BodyKind.COMMISSION, name_kk="Комиссия", name_ru="Комиссия",
        name_en="Commission",
    )  # fmt: skip
    members = [
        Membership.objects.create(
            body=body, user=UserFactory(), full_name=f"Member {i}", role="member",
            term_start=dt.date(2025, 1, 1),
        )
        for i in range(3)
    ]  # fmt: skip
    held = Meeting.objects.create(
        body=body, number=1, title_kk="Отырыс", title_ru="Заседание", title_en="Meeting",
        starts_at=now - dt.timedelta(days=2), ends_at=now - dt.timedelta(days=2, hours=-2),
        place="Астана, ул. Бейбітшілік, д. 4", status=MeetingStatus.CLOSED,
    )  # fmt: skip
    Meeting.objects.create(
        body=body, number=2, title_kk="Отырыс 2", title_ru="Заседание 2", title_en="Meeting 2",
        starts_at=now + dt.timedelta(days=2), ends_at=now + dt.timedelta(days=2, hours=2),
        place="Astana",
    )  # fmt: skip
    adopted = Amendment.objects.create(
        body=body, base=version, number="A-1", kind="replace", target_uid="art_50", edit={},
        rationale_en="Write to a@b.kz", status=AmendmentStatus.ADOPTED, decided_at=now,
    )  # fmt: skip
    Amendment.objects.create(
        body=body, base=version, number="A-2", kind="replace", target_uid="art_51", edit={},
        status=AmendmentStatus.REJECTED, decided_at=now,
    )  # fmt: skip
    Amendment.objects.create(body=body, base=version, number="A-3", kind="replace", edit={})
    vote = Vote.objects.create(
        meeting=held, amendment=adopted, status=VoteStatus.CLOSED, majority_rule="simple_of_present",
        members_total=3, members_present=3, closed_at=now, votes_for=2, votes_against=1,
        outcome=VoteOutcome.ADOPTED,
    )  # fmt: skip
    for member, choice in zip(members, ["for", "for", "against"], strict=True):
        Ballot.objects.create(vote=vote, membership=member, choice=choice)

    referendum = referendum_actions.create_referendum(
        SYSTEM,
        slug="trial-2026",
        titles={"kk": "Референдум", "ru": "Референдум", "en": "Referendum"},
        voting_day=dt.date(2026, 3, 15),
        questions=[{"kk": "Иә ма?", "ru": "Да?", "en": "Yes?"}],
        status=ReferendumStatus.COUNTING,
    )
    election = generate(precincts=30, abroad=2, seed=3)
    referendum_actions.import_protocols(
        SYSTEM, referendum.questions.get(position=1), election.protocols, source="test"
    )
    return World(submitted, run, vote)
