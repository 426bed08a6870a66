"""The demo consultation, and a scan of every public page and export for personal data."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atazan.proposals.demo import load_demo
from atazan.proposals.models import Channel, Notification, Proposal, Region, Status, SubmitterType
from atazan_redact import find

pytestmark = pytest.mark.django_db

DEMO_ROWS = 600


@pytest.fixture
def demo(db: Any) -> None:
    load_demo(io.StringIO(), count=DEMO_ROWS)


def test_the_demo_covers_every_channel_type_language_and_is_idempotent(demo: None) -> None:
    assert Proposal.objects.count() == DEMO_ROWS
    # Comments on a published draft come from the commission's part of the demo.
    intake_channels = set(Channel.values) - {Channel.DRAFT_COMMENT}
    assert set(Proposal.objects.values_list("channel", flat=True)) == intake_channels
    assert set(Proposal.objects.values_list("submitter_type", flat=True)) == set(
        SubmitterType.values
    )
    assert set(Proposal.objects.values_list("language", flat=True)) == {"kk", "ru", "en"}
    assert len(set(Proposal.objects.values_list("region", flat=True))) >= len(Region.values) - 2
    assert Proposal.objects.filter(status=Status.ANSWERED).count() > DEMO_ROWS / 2
    today = timezone.localdate()
    assert Proposal.objects.exclude(status=Status.ANSWERED).filter(deadline__lt=today).exists()
    assert Proposal.objects.filter(text__regex=r"статья|статьи|ст\.").exists()
    assert Proposal.objects.filter(text__contains="-бап").exists()
    assert Proposal.objects.filter(text__contains="Article").exists()
    assert Proposal.objects.filter(public_text__contains="⟦").count() > DEMO_ROWS / 20
    merged = Proposal.objects.filter(outcome="merged")
    assert (
        merged.exists() and merged.filter(merged_into__isnull=False).count() >= merged.count() - 30
    )
    message = Notification.objects.filter(kind="answered").select_related("proposal").first()
    assert message is not None and message.proposal.number in message.body
    assert message.created_at == message.sent_at < timezone.now()
    out = io.StringIO()
    load_demo(out, count=DEMO_ROWS)
    assert "already present" in out.getvalue()
    assert Proposal.objects.count() == DEMO_ROWS


def _visible(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def _pages(client: Client) -> list[tuple[str, str]]:
    pages = []
    url: str | None = reverse("proposals:public_list")
    page = 1
    while url:
        html = client.get(url).content.decode()
        pages.append((url, _visible(html)))
        page += 1
        url = f"{reverse('proposals:public_list')}?page={page}" if f'page={page}"' in html else None
    for number in Proposal.objects.filter(consent_publish_text=True).values_list(
        "number", flat=True
    ):
        url = reverse("proposals:public_detail", kwargs={"number": number})
        pages.append((url, _visible(client.get(url).content.decode())))
    for fmt in ("csv", "jsonl"):
        url = reverse("proposals:public_export", kwargs={"fmt": fmt})
        response = client.get(url)
        pages.append((url, b"".join(response.streaming_content).decode()))
    return pages


def leaks_in_public_pages(client: Client) -> list[tuple[str, str, str]]:
    pages = _pages(client)
    published = Proposal.objects.filter(consent_publish_text=True).count()
    assert len(pages) >= published + published // 30 + 3
    known: set[str] = set()
    for p in Proposal.objects.all():
        known.update(v for v in (p.iin, p.contact_email, p.contact_phone) if v)
        if p.submitter_type not in ("party", "public_organisation", "state_body"):
            known.update(v for v in (p.bin,) if v)
        if not p.consent_publish_name:
            known.add(p.submitter_name)
        # the personal data written into the texts themselves
        known.update(f.value for f in find(p.text) if f.kind != "address")
    known.discard("")
    leaks = []
    for url, text in pages:
        for finding in find(text, kinds=["iin", "phone", "email", "document"]):
            leaks.append((url, finding.kind, finding.value))
        for value in known:
            if value in text and not _published_name(value):
                leaks.append((url, "known", value))
    return leaks


def test_no_public_page_or_export_shows_personal_data(demo: None, client: Client) -> None:
    leaks = leaks_in_public_pages(client)
    assert not leaks, leaks[:10]


def test_the_scan_would_catch_a_leak(client: Client) -> None:
    load_demo(io.StringIO(), count=40)
    victim = Proposal.objects.filter(consent_publish_text=True).first()
    assert victim is not None
    Proposal.objects.filter(pk=victim.pk).update(
        public_text=victim.public_text + " 8 701 555 44 33"
    )
    assert {kind for _url, kind, _value in leaks_in_public_pages(client)} >= {"phone"}


def _published_name(value: str) -> bool:
    """A name some other submitter agreed to publish (demo names repeat)."""
    return Proposal.objects.filter(
        submitter_name=value, consent_publish_name=True, consent_publish_text=True
    ).exists()
