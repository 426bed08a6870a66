"""A small but complete public site: every public page has something to show.

The full demo takes minutes (its commission of 130 members casts about 7,000
ballots one by one), so the public-site tests build a reduced one the same
way, through the demo loaders with small counts and the commission's actions:
the accounts and the 1998 text, a few dozen proposals, a referendum of a few
precincts, one analysis run, and a commission of five that adopts one
amendment by a roll-call vote and publishes the draft made from it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The interface languages every public page is checked in.
LANGUAGES = ("kk", "ru", "en")

ADDED_PARAGRAPH = {
    "en": "Every public service answers in Kenbeli and in Russian, as the person asks.",
    "ru": "Каждая государственная служба отвечает на кенбельском и русском языках, "
    "по выбору обратившегося.",
    "kk": "Әрбір мемлекеттік қызмет өтініш берушінің таңдауы бойынша кенбел және орыс "
    "тілдерінде жауап береді.",
}


@dataclass(frozen=True)
class PublicSite:
    """Where the built site's pages are, for tests that visit them."""

    proposal_number: str
    draft_pk: int
    changed_uid: str
    amendment_pk: int
    meeting_path: str
    body_slug: str
    referendum_slug: str
    unit_slug: str

    def public_paths(self) -> list[str]:
        """Every public page, one of each kind (the pages a visitor reaches without signing in)."""
        return [
            "/",
            "/figures/",
            "/proposals/",
            f"/proposals/public/{self.proposal_number}/",
            "/constitution/",
            "/constitution/kenbel/1998/",
            "/constitution/kenbel/compare/?base=1998&new=2026-draft",
            f"/constitution/kenbel/p/{self.changed_uid}/",
            "/commission/",
            "/commission/calendar/",
            f"/commission/{self.body_slug}/",
            self.meeting_path,
            f"/commission/amendments/{self.amendment_pk}/",
            f"/commission/drafts/{self.draft_pk}/",
            f"/commission/drafts/{self.draft_pk}/provisions/{self.changed_uid}/",
            f"/commission/proposals/{self.proposal_number}/",
            "/analysis/coverage/",
            "/referendum/",
            f"/referendum/{self.referendum_slug}/",
            f"/referendum/{self.referendum_slug}/units/{self.unit_slug}/",
            f"/referendum/{self.referendum_slug}/turnout/",
            "/api/v1/docs",
            "/accounts/login/",
            "/proposals/track/",
            "/no-such-page/",
        ]


def build_public_site(record_dir: Path, proposals: int = 60) -> PublicSite:
    """Load the reduced demo into the current database and say where its pages are."""

    from atazan.analysis import demo as analysis_demo
    from atazan.analysis.models import ThemeResult
    from atazan.portal.management.commands.load_demo import Command
    from atazan.proposals import demo as proposals_demo
    from atazan.proposals.selectors import public_proposals
    from atazan.referendum import demo as referendum_demo
    from atazan.referendum.models import Referendum

    out = io.StringIO()
    loader = Command(stdout=out)
    loader.load_accounts()
    loader.load_texts()
    proposals_demo.load_demo(out, count=proposals)
    referendum_demo.load_demo(out, precincts=12, abroad=1, online_ballots=3, record_dir=record_dir)
    analysis_demo.load_demo(out)
    published = public_proposals().order_by("pk")
    proposal = published.first()
    assert proposal is not None, out.getvalue()
    theme = ThemeResult.objects.order_by("-supporters", "pk").first()
    commission = _small_commission(list(published[:6]), [theme] if theme else [])
    referendum = Referendum.objects.get()
    unit = referendum.units.order_by("pk").first()
    assert unit is not None
    return PublicSite(
        proposal_number=proposal.number,
        referendum_slug=referendum.slug,
        unit_slug=unit.code,
        **commission,
    )


def _small_commission(proposals: list[Any], themes: list[Any]) -> dict[str, Any]:
    """Five members adopt one amendment to Article 6 by roll call; the draft is published."""
    from django.utils import timezone

    from atazan.commission import actions
    from atazan.commission.models import BodyKind, MemberRole
    from atazan.constitution.models import Expression, Version
    from atazan.constitution.selectors import document_for
    from atazan.core.actors import SystemActor
    from atazan.core.models import User

    system = SystemActor("public site for tests")
    base = Version.objects.get(work__slug="kenbel", label="1998")
    documents = {
        language: document_for(Expression.objects.get(version=base, language=language))
        for language in ADDED_PARAGRAPH
    }
    article = next(loc for loc in documents["en"].articles() if loc.provision.num == "6")
    uid = article.provision.uid
    texts = {
        language: {
            "children": [
                *(
                    {"kind": p.kind, "num": p.num, "text": p.text, "uid": p.uid}
                    for p in next(
                        loc for loc in document.articles() if loc.provision.uid == uid
                    ).provision.children
                ),
                {"kind": "paragraph", "num": "4", "text": ADDED_PARAGRAPH[language]},
            ]
        }
        for language, document in documents.items()
    }
    body = actions.create_body(
        system,
        slug="commission",
        kind=BodyKind.COMMISSION,
        names={
            "kk": "Конституциялық комиссия",
            "ru": "Конституционная комиссия",
            "en": "Constitutional Commission",
        },
    )
    accounts = {name: User.objects.get(username=name) for name in ("secretary", "member", "lead")}
    accounts["admin"] = User.objects.get(username="admin")
    roles = {"admin": MemberRole.CHAIR, "secretary": MemberRole.SECRETARY}
    seats = {
        name: actions.add_member(
            system,
            body,
            user,
            full_name=user.get_full_name() or name,
            role=roles.get(name, MemberRole.MEMBER),
            term_start=dt.date(2025, 9, 1),
        )
        for name, user in accounts.items()
    }
    amendment = actions.propose_amendment(
        system,
        body,
        base,
        number="A-6",
        edit={"kind": "replace", "target": uid, "texts": texts},
        rationale={
            "kk": "Мемлекеттік қызметтердегі тілдер туралы ұсыныстар",
            "ru": "Предложения о языках государственных услуг",
            "en": "Proposals about languages in public services",
        },
        themes=themes,
        proposals=proposals,
    )
    start = timezone.now()
    meeting = actions.schedule_meeting(
        system,
        body,
        titles={
            "kk": "Тіл туралы отырыс",
            "ru": "Заседание о языках",
            "en": "Meeting on languages",
        },
        starts_at=start - dt.timedelta(minutes=30),
        ends_at=start + dt.timedelta(hours=2),
        place="Ordatau",
        live_url="https://example.org/live",
    )
    actions.add_agenda_item(
        system,
        meeting,
        titles={"kk": "А-6 түзету", "ru": "Поправка A-6", "en": "Amendment A-6"},
        amendment=amendment,
    )
    actions.start_meeting(system, meeting)
    actions.record_attendance(system, meeting, {seat.pk: True for seat in seats.values()})
    vote = actions.open_vote(system, meeting, amendment)
    for name, user in accounts.items():
        actions.cast_vote(user, vote, "against" if name == "lead" else "for")
    actions.close_vote(system, vote)
    actions.end_meeting(system, meeting)
    draft = actions.consolidate_draft(system, body, base, label="2026-draft")
    actions.publish_draft(system, draft)
    return {
        "draft_pk": draft.pk,
        "changed_uid": uid,
        "amendment_pk": amendment.pk,
        "meeting_path": f"/commission/{body.slug}/meetings/{meeting.number}/",
        "body_slug": body.slug,
    }
