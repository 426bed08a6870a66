"""The pages: citizen form, receipt, tracking, operator entry, analysts' list and case page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from proposal_helpers import PDF_BYTES, VALID_IIN, raw_submission, submission

from atazan.proposals import actions
from atazan.proposals.models import AnswerTemplate, Channel, Outcome, Proposal, Status

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = raw_submission(**overrides)
    data["submission_token"] = overrides.get("submission_token", "tok-1")
    data["consent_publish_text"] = "on"
    data.pop("consent_publish_name")
    return data


def test_a_citizen_sends_a_proposal_and_sees_the_receipt_with_the_secret(
    client: Client, citizen: Any
) -> None:
    client.force_login(citizen)
    assert client.get(reverse("proposals:submit")).status_code == 200
    response = client.post(reverse("proposals:submit"), form_data())
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:receipt", kwargs={"number": proposal.number})
    page = client.get(response["Location"]).content.decode()
    assert proposal.number in page and 'class="secret"' in page
    assert 'class="secret"' not in client.get(response["Location"]).content.decode()  # shown once
    # A double-clicked form registers nothing new.
    client.post(reverse("proposals:submit"), form_data())
    assert Proposal.objects.count() == 1
    # The identity is now fixed in the form.
    assert f'value="{VALID_IIN}"' in client.get(reverse("proposals:submit")).content.decode()
    assert proposal.number in client.get(reverse("proposals:mine")).content.decode()


def test_the_form_shows_the_reasons_for_a_wrong_iin(client: Client, citizen: Any) -> None:
    client.force_login(citizen)
    response = client.post(reverse("proposals:submit"), form_data(iin="123456789012"))
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not Proposal.objects.exists()


def test_signed_out_visitors_and_non_citizens_cannot_use_the_citizen_form(
    client: Client, analyst: Any
) -> None:
    assert client.get(reverse("proposals:submit")).status_code == 302
    client.force_login(analyst)
    assert client.get(reverse("proposals:submit")).status_code == 403


def test_tracking_by_number_and_secret(client: Client, citizen: Any) -> None:
    registration = actions.register_proposal(
        citizen, submission(), channel=Channel.WEB, external_id="t"
    )
    url = reverse("proposals:track")
    page = client.post(
        url, {"number": registration.proposal.number, "secret": registration.secret}
    ).content.decode()
    assert "Registered" in page or "Тіркелді" in page or registration.proposal.title in page
    assert registration.proposal.title in page
    wrong = client.post(
        url, {"number": registration.proposal.number, "secret": "AAAAAAAAAA"}
    ).content.decode()
    assert registration.proposal.title not in wrong


def test_an_operator_registers_a_letter_with_the_scan(client: Client, operator: Any) -> None:
    client.force_login(operator)
    data = form_data(iin="", channel="letter", incoming_number="ВХ-77")
    data["attachments"] = SimpleUploadedFile(
        "letter.pdf", PDF_BYTES, content_type="application/pdf"
    )
    response = client.post(reverse("proposals:operator_entry"), data)
    proposal = Proposal.objects.get()
    assert (
        response.status_code == 201
        and proposal.channel == "letter"
        and proposal.external_id == "ВХ-77"
    )
    assert proposal.attachments.count() == 1
    download = client.get(
        reverse("proposals:attachment", kwargs={"pk": proposal.attachments.get().pk})
    )
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_letter_without_its_scan_or_with_a_fake_scan_is_refused(
    client: Client, operator: Any
) -> None:
    client.force_login(operator)
    assert (
        "scanned"
        in client.post(
            reverse("proposals:operator_entry"), form_data(channel="letter")
        ).content.decode()
    )
    data = form_data(channel="letter")
    data["attachments"] = SimpleUploadedFile(
        "letter.pdf", b"just text", content_type="application/pdf"
    )
    assert "not a PDF" in client.post(reverse("proposals:operator_entry"), data).content.decode()
    assert not Proposal.objects.exists()


def test_the_case_list_filters_and_searches(client: Client, citizen: Any, analyst: Any) -> None:
    a = actions.register_proposal(
        citizen,
        submission(region="abai", text="Құрылтай туралы ұсыныс."),
        channel=Channel.WEB,
        external_id="a",
    ).proposal
    b = actions.register_proposal(
        citizen,
        submission(region="astana", text="Сот туралы ұсыныс."),
        channel=Channel.WEB,
        external_id="b",
    ).proposal
    client.force_login(analyst)
    url = reverse("proposals:case_list")
    page = client.get(url).content.decode()
    assert a.number in page and b.number in page
    page = client.get(url, {"region": "abai"}).content.decode()
    assert a.number in page and b.number not in page
    assert '<option value="abai" selected>' in page
    page = client.get(url, {"query": "құрылтай"}).content.decode()
    assert a.number in page and b.number not in page
    assert client.get(url, {"queue": "overdue"}).status_code == 200
    assert client.get(reverse("proposals:workload")).status_code == 200


def test_the_case_list_is_closed_to_the_public(client: Client, citizen: Any) -> None:
    assert client.get(reverse("proposals:case_list")).status_code == 302
    client.force_login(citizen)
    assert client.get(reverse("proposals:case_list")).status_code == 403


def test_answering_on_the_case_page_and_the_stale_second_answer(
    client: Client, citizen: Any, analyst: Any, lead: Any
) -> None:
    proposal = actions.register_proposal(
        citizen, submission(), channel=Channel.WEB, external_id="a"
    ).proposal
    url = reverse("proposals:case_action", kwargs={"number": proposal.number})
    client.force_login(analyst)
    assert (
        proposal.number
        in client.get(
            reverse("proposals:case_detail", kwargs={"number": proposal.number})
        ).content.decode()
    )
    answer = {
        "action": "answer",
        "version": proposal.version,
        "outcome": Outcome.ACCEPTED,
        "reason": "Қабылданды.",
    }
    client.post(url, answer)
    other = Client()
    other.force_login(lead)
    response = other.post(url, {**answer, "outcome": Outcome.REJECTED}, follow=True)
    assert (
        "changed by someone else" in response.content.decode()
        or "өзгертілді" in response.content.decode()
    )
    assert Proposal.objects.get().outcome == Outcome.ACCEPTED


def test_bulk_answer_from_the_list(client: Client, citizen: Any, analyst: Any) -> None:
    ids = [
        actions.register_proposal(
            citizen, submission(), channel=Channel.WEB, external_id=str(n)
        ).proposal.pk
        for n in range(5)
    ]
    template = AnswerTemplate.objects.create(
        name="t", outcome=Outcome.REJECTED, text_kk="Жоқ.", text_ru="Нет.", text_en="No."
    )
    client.force_login(analyst)
    client.post(
        reverse("proposals:bulk_action"), {"ids": ids, "template": template.pk, "action": "answer"}
    )
    assert Proposal.objects.filter(status=Status.ANSWERED, answer="Жоқ.").count() == 5


def test_the_public_page_shows_only_consented_texts_without_personal_data(
    client: Client, citizen: Any
) -> None:
    shown = actions.register_proposal(
        citizen,
        submission(text="Менің телефоным 8 701 123 45 67, ЖСН " + VALID_IIN),
        channel=Channel.WEB,
        external_id="a",
    ).proposal
    hidden = actions.register_proposal(
        citizen,
        submission(consent_publish_text=False, title="Жасырын"),
        channel=Channel.WEB,
        external_id="b",
    ).proposal
    page = client.get(reverse("proposals:public_list")).content.decode()
    assert shown.number in page and hidden.number not in page
    assert VALID_IIN not in page and "123 45 67" not in page and "Сәдуақасова" not in page
    detail = client.get(
        reverse("proposals:public_detail", kwargs={"number": shown.number})
    ).content.decode()
    assert VALID_IIN not in detail and 'class="redacted"' in detail
    assert (
        client.get(reverse("proposals:public_detail", kwargs={"number": hidden.number})).status_code
        == 404
    )


def test_a_lead_routes_unassigned_cases_from_the_workload_page(
    client: Client, citizen: Any, lead: Any, analyst: Any
) -> None:
    from atazan.proposals.models import AssignmentRule

    proposal = actions.register_proposal(
        citizen, submission(topic="parliament"), channel=Channel.WEB, external_id="r"
    ).proposal
    AssignmentRule.objects.create(analyst=analyst, topic="parliament")
    client.force_login(lead)
    assert "routing rules" in client.get(reverse("proposals:workload")).content.decode()
    client.post(reverse("proposals:auto_assign"))
    proposal.refresh_from_db()
    assert proposal.assignee == analyst
    client.force_login(analyst)
    client.post(reverse("proposals:auto_assign"))  # refused, politely
    assert client.get(reverse("proposals:workload")).status_code == 200
