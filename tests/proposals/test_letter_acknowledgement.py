"""A paper letter gets a printable acknowledgement with its number and secret."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from proposal_helpers import PDF_BYTES, raw_submission

from atazan.proposals.models import Proposal
from atazan.proposals.pdf import acknowledgement_html


def _letter(client: Client, **overrides: Any) -> tuple[Proposal, str, str]:
    data = raw_submission(iin="", **overrides)
    data.update(
        submission_token="tok-letter",
        consent_publish_text="on",
        channel="letter",
        incoming_number="ВХ-101",
    )
    data.pop("consent_publish_name")
    data["attachments"] = SimpleUploadedFile(
        "letter.pdf", PDF_BYTES, content_type="application/pdf"
    )
    response = client.post(reverse("proposals:operator_entry"), data)
    assert response.status_code == 201
    page = response.content.decode()
    secret = re.search(r"<code>([^<]+)</code>", page)
    assert secret is not None
    return Proposal.objects.get(), secret.group(1), page


def test_the_operator_sees_the_secret_once_and_never_in_a_cookie(
    client: Client, operator: Any
) -> None:
    client.force_login(operator)
    proposal, secret, page = _letter(client)
    assert proposal.number in page
    assert all(secret not in morsel.value for morsel in client.cookies.values())
    case = client.get(reverse("proposals:case_detail", kwargs={"number": proposal.number}))
    assert secret not in case.content.decode()


def test_the_acknowledgement_is_a_pdf_when_the_secret_matches(
    client: Client, operator: Any
) -> None:
    client.force_login(operator)
    proposal, secret, _page = _letter(client)
    url = reverse("proposals:acknowledgement", kwargs={"number": proposal.number})
    response = client.post(url, {"secret": secret})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"


def test_a_wrong_secret_makes_no_acknowledgement(client: Client, operator: Any) -> None:
    client.force_login(operator)
    proposal, _secret, _page = _letter(client)
    url = reverse("proposals:acknowledgement", kwargs={"number": proposal.number})
    response = client.post(url, {"secret": "not-the-secret"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "secret"


def test_a_citizen_cannot_make_acknowledgements(
    client: Client, operator: Any, citizen: Any
) -> None:
    client.force_login(operator)
    proposal, secret, _page = _letter(client)
    client.force_login(citizen)
    url = reverse("proposals:acknowledgement", kwargs={"number": proposal.number})
    assert client.post(url, {"secret": secret}).status_code == 403


def test_the_acknowledgement_is_written_in_the_senders_language(
    client: Client, operator: Any
) -> None:
    client.force_login(operator)
    proposal, secret, _page = _letter(client, language="ru")
    html = acknowledgement_html(proposal, secret)
    assert 'lang="ru"' in html
    assert secret in html and proposal.number in html
