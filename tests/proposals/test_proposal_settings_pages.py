"""The secretariat's settings screens: answer templates, routing rules, transfers of days off."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from proposal_helpers import submission

from atazan.core.errors import PermissionDeniedError
from atazan.core.models import AuditEntry
from atazan.core.roles import Role
from atazan.proposals import actions, selectors
from atazan.proposals.models import (
    AnswerTemplate,
    AssignmentRule,
    Channel,
    DayTransfer,
    Outcome,
    Proposal,
)

from factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db: Any) -> Any:
    return UserFactory(roles=[Role.ADMINISTRATOR])


def field_error(page: str, name: str) -> str:
    """The error shown with the form field ``name`` (Django ties it to the field by its id)."""
    match = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', page, re.S)
    assert match, f"no error shown with the field {name}"
    assert (
        f'aria-describedby="id_{name}_error' in page
        or f'aria-describedby="id_{name}_helptext id_{name}_error' in page
    )
    return match.group(1)


def has_error(page: str, name: str) -> bool:
    return f'id="id_{name}_error"' in page


def audited(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("sequence"))


# Who sees what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "allowed", "refused"),
    [
        ("proposals:settings_templates", ["lead", "admin"], ["analyst", "operator", "citizen"]),
        ("proposals:settings_template_new", ["lead", "admin"], ["analyst", "operator"]),
        ("proposals:settings_routing", ["lead", "admin"], ["analyst", "operator"]),
        ("proposals:settings_calendar", ["admin"], ["lead", "analyst", "operator"]),
    ],
)
def test_each_settings_page_renders_for_its_roles_and_is_forbidden_to_the_others(
    client: Client,
    request: pytest.FixtureRequest,
    url_name: str,
    allowed: list[str],
    refused: list[str],
) -> None:
    url = reverse(url_name)
    for role in allowed:
        client.force_login(request.getfixturevalue(role))
        assert client.get(url).status_code == 200, role
    for role in refused:
        client.force_login(request.getfixturevalue(role))
        assert client.get(url).status_code == 403, role


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    assert client.get(reverse("proposals:settings_templates")).status_code == 302


def test_the_navigation_links_only_the_settings_a_user_may_manage(
    client: Client, lead: Any, analyst: Any, admin: Any
) -> None:
    links = {
        "templates": reverse("proposals:settings_templates"),
        "routing": reverse("proposals:settings_routing"),
        "calendar": reverse("proposals:settings_calendar"),
    }
    client.force_login(lead)
    page = client.get(reverse("proposals:workload")).content.decode()
    assert links["templates"] in page and links["routing"] in page and links["calendar"] not in page
    client.force_login(analyst)
    page = client.get(reverse("proposals:workload")).content.decode()
    assert not any(link in page for link in links.values())
    client.force_login(admin)
    page = client.get(reverse("proposals:public_list")).content.decode()
    assert all(link in page for link in links.values())


def test_writes_are_refused_to_users_without_the_permission(
    client: Client, analyst: Any, lead: Any
) -> None:
    template = actions.save_template(
        lead, name="T", outcome=Outcome.REJECTED, text_kk="a", text_ru="b", text_en="c"
    )
    client.force_login(analyst)
    response = client.post(
        reverse("proposals:settings_template_active", kwargs={"pk": template.pk}), {"active": "0"}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("proposals:settings_routing"), {"analyst": analyst.pk}).status_code
        == 403
    )
    client.force_login(lead)
    data = {"working_day": "2026-01-31", "day_off": "2026-02-11"}
    assert client.post(reverse("proposals:settings_calendar"), data).status_code == 403
    template.refresh_from_db()
    assert (
        template.active and not AssignmentRule.objects.exists() and not DayTransfer.objects.exists()
    )


# Answer templates ---------------------------------------------------------------


def template_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Outside the scope",
        "outcome": Outcome.OUTSIDE_COMPETENCE,
        "text_kk": "Комиссияның құзыретіне жатпайды.",
        "text_ru": "Не входит в компетенцию комиссии.",
        "text_en": "Outside the commission's competence.",
    }
    data.update(overrides)
    return data


def test_a_lead_creates_edits_deactivates_and_reactivates_a_template_each_change_audited(
    client: Client, lead: Any
) -> None:
    client.force_login(lead)
    response = client.post(reverse("proposals:settings_template_new"), template_data())
    assert response.status_code == 302 and response["Location"] == reverse(
        "proposals:settings_templates"
    )
    template = AnswerTemplate.objects.get()
    assert (template.outcome, template.active) == (Outcome.OUTSIDE_COMPETENCE, True)
    page = client.get(reverse("proposals:settings_templates")).content.decode()
    assert "Outside the scope" in page and "Outside the commission" in page  # name and outcome

    edit_url = reverse("proposals:settings_template_edit", kwargs={"pk": template.pk})
    assert "Не входит в компетенцию комиссии." in client.get(edit_url).content.decode()
    client.post(
        edit_url, template_data(name="Out of scope", outcome=Outcome.REJECTED, text_en="Rejected.")
    )
    template.refresh_from_db()
    assert (template.name, template.outcome, template.text_en) == (
        "Out of scope",
        Outcome.REJECTED,
        "Rejected.",
    )
    assert AnswerTemplate.objects.count() == 1

    toggle = reverse("proposals:settings_template_active", kwargs={"pk": template.pk})
    client.post(toggle, {"active": "0"})
    template.refresh_from_db()
    assert not template.active and template not in selectors.active_templates()
    offered = f'<option value="{template.pk}">Out of scope'
    assert offered not in client.get(reverse("proposals:case_list")).content.decode()
    client.post(toggle, {"active": "1"})
    template.refresh_from_db()
    assert (
        template.active and offered in client.get(reverse("proposals:case_list")).content.decode()
    )

    assert [e.data["name"] for e in audited("proposals.save_template")] == [
        "Outside the scope",
        "Out of scope",
    ]
    assert len(audited("proposals.deactivate_template")) == 1
    assert len(audited("proposals.activate_template")) == 1
    assert all(e.actor_label == lead.get_username() for e in AuditEntry.objects.all())


def test_a_template_without_one_of_its_three_texts_is_refused_with_the_field_named(
    client: Client, lead: Any
) -> None:
    client.force_login(lead)
    response = client.post(
        reverse("proposals:settings_template_new"), template_data(text_ru="  ", outcome="")
    )
    page = response.content.decode()
    assert response.status_code == 200 and not AnswerTemplate.objects.exists()
    assert "Write the text in Russian" in field_error(page, "text_ru")
    assert has_error(page, "outcome")
    assert (
        not has_error(page, "text_kk")
        and not has_error(page, "text_en")
        and not has_error(page, "name")
    )
    assert "Комиссияның құзыретіне жатпайды." in page  # what was typed is kept


def test_a_second_template_with_the_same_name_is_refused_on_the_name_field(
    client: Client, lead: Any
) -> None:
    client.force_login(lead)
    client.post(reverse("proposals:settings_template_new"), template_data())
    response = client.post(reverse("proposals:settings_template_new"), template_data())
    assert "already exists" in field_error(response.content.decode(), "name")
    assert AnswerTemplate.objects.count() == 1
    # Saving a template under its own name is fine.
    template = AnswerTemplate.objects.get()
    edit = client.post(
        reverse("proposals:settings_template_edit", kwargs={"pk": template.pk}), template_data()
    )
    assert edit.status_code == 302


# Routing rules -------------------------------------------------------------------


def test_a_lead_adds_routing_rules_and_the_list_shows_them_in_the_order_they_apply(
    client: Client, lead: Any, analyst: Any, analyst2: Any
) -> None:
    client.force_login(lead)
    url = reverse("proposals:settings_routing")
    assert client.post(url, {"analyst": analyst2.pk}).status_code == 302  # everything else
    assert (
        client.post(
            url, {"analyst": analyst.pk, "topic": "parliament", "region": "astana"}
        ).status_code
        == 302
    )
    assert (
        client.post(url, {"analyst": lead.pk, "region": "abai"}).status_code == 302
    )  # a lead may get cases
    rules = {(r.analyst_id, r.topic, r.region) for r in AssignmentRule.objects.all()}
    assert rules == {
        (analyst2.pk, "", ""),
        (analyst.pk, "parliament", "astana"),
        (lead.pk, "", "abai"),
    }
    page = client.get(url).content.decode()
    assert "How the rules apply" in page and "fewest open cases" in page
    ranks = [
        page.index(label)
        for label in ("1 · topic and region", "2 · topic or region", "3 · everything else")
    ]
    assert ranks == sorted(ranks)
    entries = audited("proposals.save_assignment_rule")
    assert [e.data["topic"] for e in entries] == ["", "parliament", ""]
    assert entries[1].data["analyst"] == analyst.get_username()


def test_only_analysts_and_leads_can_be_given_a_rule_and_the_error_is_shown_on_the_field(
    client: Client, lead: Any, analyst: Any, citizen: Any
) -> None:
    client.force_login(lead)
    url = reverse("proposals:settings_routing")
    page = client.post(url, {"analyst": citizen.pk, "topic": "rights"}).content.decode()
    assert "analyst or working-group lead" in field_error(page, "analyst")
    page = client.post(url, {"topic": "rights"}).content.decode()
    assert "Choose the analyst" in field_error(page, "analyst")
    page = client.post(url, {"analyst": analyst.pk, "region": "mars"}).content.decode()
    assert "mars" in field_error(page, "region")
    assert not AssignmentRule.objects.exists()
    with pytest.raises(actions.InvalidSetting) as refused:
        actions.save_assignment_rule(lead, analyst=citizen)
    assert refused.value.field == "analyst"


def test_the_same_active_rule_twice_is_refused(client: Client, lead: Any, analyst: Any) -> None:
    client.force_login(lead)
    url = reverse("proposals:settings_routing")
    client.post(url, {"analyst": analyst.pk, "topic": "courts"})
    page = client.post(url, {"analyst": analyst.pk, "topic": "courts"}).content.decode()
    assert "already has an active rule" in field_error(page, "analyst")
    assert AssignmentRule.objects.count() == 1


def test_a_paused_rule_routes_nothing_until_resumed_and_a_deleted_rule_is_gone(
    client: Client, lead: Any, analyst: Any, citizen: Any
) -> None:
    rule = actions.save_assignment_rule(lead, analyst=analyst, topic="parliament")
    client.force_login(lead)
    change = reverse("proposals:settings_rule_change", kwargs={"pk": rule.pk})
    client.post(change, {"action": "active", "active": "0"})
    rule.refresh_from_db()
    assert not rule.active
    actions.register_proposal(citizen, submission(), channel=Channel.WEB, external_id="r1")
    assert actions.auto_assign(lead) == 0
    client.post(change, {"action": "active", "active": "1"})
    assert actions.auto_assign(lead) == 1
    assert Proposal.objects.get().assignee == analyst
    client.post(change, {"action": "delete"})
    assert not AssignmentRule.objects.exists()
    assert len(audited("proposals.deactivate_assignment_rule")) == 1
    assert len(audited("proposals.activate_assignment_rule")) == 1
    deleted = audited("proposals.delete_assignment_rule")
    assert (
        len(deleted) == 1
        and deleted[0].target_id == str(rule.pk)
        and deleted[0].data["topic"] == "parliament"
    )


# Transfers of days off -------------------------------------------------------------

SATURDAY = dt.date(2026, 1, 31)
WEDNESDAY = dt.date(2026, 2, 11)
REGISTERED = timezone.make_aware(dt.datetime(2026, 2, 2, 10, 0))  # a Monday


def test_an_admin_adds_a_transfer_and_the_deadline_moves_then_returns_when_it_is_deleted(
    client: Client, admin: Any
) -> None:
    assert actions.deadline_for(REGISTERED) == dt.date(2026, 2, 23)
    client.force_login(admin)
    url = reverse("proposals:settings_calendar")
    data = {
        "working_day": SATURDAY.isoformat(),
        "day_off": WEDNESDAY.isoformat(),
        "note": "Decree No. 1",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    transfer = DayTransfer.objects.get()
    assert (transfer.working_day, transfer.day_off, transfer.note) == (
        SATURDAY,
        WEDNESDAY,
        "Decree No. 1",
    )
    # The worked Saturday is before the registration, the day off inside its 15 days: one day later.
    assert actions.deadline_for(REGISTERED) == dt.date(2026, 2, 24)
    page = client.get(url).content.decode()
    assert "2026-01-31" in page and "2026-02-11" in page and "Decree No. 1" in page
    today = timezone.localdate()
    assert "Deadlines are computed with these transfers" in page
    assert selectors.work_calendar().deadline(today).isoformat() in page

    client.post(reverse("proposals:settings_transfer_delete", kwargs={"pk": transfer.pk}))
    assert not DayTransfer.objects.exists()
    assert actions.deadline_for(REGISTERED) == dt.date(2026, 2, 23)
    added, removed = audited("proposals.add_day_transfer"), audited("proposals.remove_day_transfer")
    assert len(added) == 1 and added[0].data["day_off"] == "2026-02-11"
    assert len(removed) == 1 and removed[0].data["working_day"] == "2026-01-31"


def test_the_worked_day_must_be_a_weekend_day_and_the_day_off_a_weekday(
    client: Client, admin: Any
) -> None:
    client.force_login(admin)
    url = reverse("proposals:settings_calendar")
    page = client.post(
        url, {"working_day": WEDNESDAY.isoformat(), "day_off": SATURDAY.isoformat()}
    ).content.decode()
    assert "must be a Saturday or a Sunday; 2026-02-11 is not" in field_error(page, "working_day")
    assert "must be a weekday" in field_error(page, "day_off")
    page = client.post(
        url, {"working_day": SATURDAY.isoformat(), "day_off": SATURDAY.isoformat()}
    ).content.decode()
    assert "must be a weekday" in field_error(page, "day_off")
    page = client.post(url, {"working_day": "31.02.2026", "day_off": ""}).content.decode()
    assert "worked day as a date" in field_error(page, "working_day")
    assert "weekday that becomes a day off" in field_error(page, "day_off")
    assert not DayTransfer.objects.exists()


def test_a_day_already_used_in_a_transfer_is_refused(client: Client, admin: Any) -> None:
    actions.add_day_transfer(admin, SATURDAY, WEDNESDAY)
    client.force_login(admin)
    url = reverse("proposals:settings_calendar")
    page = client.post(
        url, {"working_day": SATURDAY.isoformat(), "day_off": "2026-02-12"}
    ).content.decode()
    assert "already part of a transfer" in field_error(page, "working_day")
    page = client.post(
        url, {"working_day": "2026-02-07", "day_off": WEDNESDAY.isoformat()}
    ).content.decode()
    assert "already part of a transfer" in field_error(page, "day_off")
    assert DayTransfer.objects.count() == 1


def test_removing_a_transfer_needs_the_calendar_permission(lead: Any, admin: Any) -> None:
    transfer = actions.add_day_transfer(admin, SATURDAY, WEDNESDAY)
    with pytest.raises(PermissionDeniedError):
        actions.remove_day_transfer(lead, transfer)
    assert DayTransfer.objects.count() == 1
