"""One proposal, followed in a real browser from the citizen's form to the published draft and back.

A citizen sends a proposal through the web form; analysts put it in a theme;
an amendment answers the theme; the chair opens the vote on the meeting page,
members vote, the chair closes it; the secretariat consolidates and
publishes the draft. Then anyone can go from the proposal to the changed
article, and from the article back to the proposal.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _sign_in(page: Any, base_url: str, username: str, password: str, then: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit], main form input[type=submit]")


def _sign_out(page: Any) -> None:
    page.context.clear_cookies()


def test_a_proposal_is_followed_to_the_changed_article_and_back(
    live_server: Any, page: Any
) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from atazan.analysis.actions import pin_theme, run_now
    from atazan.analysis.models import ProposalAnalysis
    from atazan.commission import actions
    from atazan.commission.models import BodyKind, MemberRole
    from atazan.constitution.models import Expression, Version
    from atazan.constitution.selectors import document_for
    from atazan.core.actors import SystemActor
    from atazan.core.models import User
    from atazan.core.roles import Role
    from atazan.proposals import demo as proposals_demo
    from atazan.proposals.models import Proposal
    from atazan_redact import make_identifier

    from factories import UserFactory

    system = SystemActor("browser test")
    call_command("load_demo", only="texts", verbosity=0)
    import io

    proposals_demo.load_demo(io.StringIO(), count=120)
    base = Version.objects.get(work__slug="kenbel", label="1998")
    english = document_for(Expression.objects.get(version=base, language="en"))
    article = next(loc for loc in english.articles() if loc.provision.num == "6")

    # 1. The citizen sends a proposal about Article 6 through the web form.
    _sign_in(page, live_server.url, "citizen", "atazan-demo", "/proposals/submit/")
    page.fill("#id_submitter_name", "Aliya Serikova")
    if page.locator("#id_iin").is_enabled():
        page.fill(
            "#id_iin",
            next(
                v for v in map(make_identifier, ("90010230012", "90010230013", "90010230014")) if v
            ),
        )
    page.select_option("#id_language", "en")
    page.fill("#id_title", "Kenbeli in every public service")
    page.fill(
        "#id_text",
        "Article 6 should oblige every public service to answer citizens in Kenbeli "
        "as well as in Russian.",
    )
    if page.locator("#id_consent_publish_text").count():
        page.check("#id_consent_publish_text")
    with page.expect_navigation():
        page.click("main form.card button[type=submit]")
    number = re.search(r"\d{4}-\d{6}", page.locator("main").inner_text())
    assert number, page.locator("main").inner_text()[:500]
    proposal = Proposal.objects.get(number=number.group(0))
    _sign_out(page)

    # 2. Analysts form a theme with it, and the analysis keeps that theme.
    analyst = User.objects.get(username="analyst")
    pin_theme(analyst, "Languages in public services", [proposal.pk], "merge")
    run = run_now(system)
    theme = ProposalAnalysis.objects.get(run=run, proposal=proposal).theme
    assert theme is not None and theme.label == "Languages in public services"

    # 3. The commission: a chair, a secretary and members; an amendment answers the theme.
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
    people = {
        "chair": UserFactory(username="chair", roles=[Role.COMMISSION_MEMBER]),
        "secretary": User.objects.get(username="secretary"),
        **{
            f"m{i}": UserFactory(username=f"m{i}", roles=[Role.COMMISSION_MEMBER]) for i in range(4)
        },
    }
    seats = {
        key: actions.add_member(
            system,
            body,
            user,
            full_name=user.get_full_name() or key,
            role={"chair": MemberRole.CHAIR, "secretary": MemberRole.SECRETARY}.get(
                key, MemberRole.MEMBER
            ),
            term_start=dt.date(2025, 9, 1),
        )
        for key, user in people.items()
    }
    words = {
        "en": "Every public service answers in Kenbeli and in Russian, as the person asks.",
        "ru": "Каждая государственная служба отвечает на кенбельском и русском языках, по выбору обратившегося.",
        "kk": "Әрбір мемлекеттік қызмет өтініш берушінің таңдауы бойынша кенбел және орыс тілдерінде жауап береді.",
    }
    texts = {
        language: {
            "children": [
                *(
                    {"kind": p.kind, "num": p.num, "text": p.text, "uid": p.uid}
                    for p in next(
                        loc
                        for loc in document_for(
                            Expression.objects.get(version=base, language=language)
                        ).articles()
                        if loc.provision.uid == article.provision.uid
                    ).provision.children
                ),
                {"kind": "paragraph", "num": "4", "text": words[language]},
            ]
        }
        for language in ("en", "ru", "kk")
    }
    amendment = actions.propose_amendment(
        people["m0"],
        body,
        base,
        number="A-6",
        edit={"kind": "replace", "target": article.provision.uid, "texts": texts},
        rationale={
            "kk": "Тіл туралы ұсыныстар",
            "ru": "Предложения о языках",
            "en": "Proposals about languages in public services",
        },
        themes=[theme],
    )
    start = timezone.now()
    meeting = actions.schedule_meeting(
        people["secretary"],
        body,
        titles={
            "kk": "Тіл туралы отырыс",
            "ru": "Заседание о языках",
            "en": "Meeting on languages",
        },
        starts_at=start - dt.timedelta(minutes=5),
        ends_at=start + dt.timedelta(hours=3),
        place="Ordatau",
        live_url="https://example.org/live",
    )
    actions.start_meeting(people["secretary"], meeting)
    actions.record_attendance(people["secretary"], meeting, {s.pk: True for s in seats.values()})

    # 4. The chair opens the vote on the meeting page; members vote; the chair closes it.
    meeting_path = f"/commission/{body.slug}/meetings/{meeting.number}/"
    _sign_in(page, live_server.url, "chair", PASSWORD, meeting_path)
    assert "Live now" in page.locator("main").inner_text()
    page.select_option("select[name=amendment]", str(amendment.pk))
    with page.expect_navigation():
        page.click("text=Open the vote")
    page.check("input[name=choice][value=for]")
    with page.expect_navigation():
        page.click("text=Cast my vote")
    assert "You voted" in page.locator("main").inner_text()
    vote = amendment.votes.get()
    for key in ("m0", "m1", "m2"):
        actions.cast_vote(people[key], vote, "for")
    actions.cast_vote(people["m3"], vote, "against")
    page.reload()
    with page.expect_navigation():
        page.click("text=Close the vote and count")
    assert "Adopted" in page.locator("main").inner_text()
    _sign_out(page)

    # 5. The secretariat consolidates the draft and publishes it from its page.
    draft = actions.consolidate_draft(people["secretary"], body, base, label="2026-commission")
    _sign_in(page, live_server.url, "secretary", "atazan-demo", f"/commission/drafts/{draft.pk}/")
    with page.expect_navigation():
        page.click("form[action$='/publish/'] button")
    _sign_out(page)

    # 6. Anyone follows the proposal to the changed article ...
    page.goto(f"{live_server.url}/commission/proposals/{proposal.number}/")
    text = page.locator("main").inner_text()
    assert "A-6" in text
    with page.expect_navigation():
        page.click(f"a[href*='/provisions/{article.provision.uid}/']")
    trace = page.locator("main").inner_text()
    assert words["en"] in trace
    assert "A-6" in trace and "Languages in public services" in trace
    assert "Adopted" in trace
    # ... and from the article back to the proposal.
    with page.expect_navigation():
        page.click(f"a[href$='/commission/proposals/{proposal.number}/']")
    assert proposal.number in page.locator("main").inner_text()
