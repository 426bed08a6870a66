"""Runs over stored proposals, analysts' corrections, and the pages that show them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from atazan.analysis import actions, selectors
from atazan.analysis.models import (
    AnalysisRun,
    CampaignResult,
    LinkDecision,
    ProposalAnalysis,
    ProvisionLink,
    RunStatus,
    ThemeResult,
    TopicDecision,
)
from atazan.core.audit import verify_chain
from atazan.core.errors import PermissionDeniedError
from atazan.core.models import AuditEntry
from atazan.proposals.models import Proposal
from atazan_analysis import pipeline


@pytest.fixture
def finished_run(stored_proposals: int, analyst: Any) -> AnalysisRun:
    return actions.run_now(analyst)


def test_a_run_stores_a_result_for_every_proposal(finished_run: AnalysisRun, stored_proposals: int):
    assert finished_run.status == RunStatus.DONE
    assert ProposalAnalysis.objects.filter(run=finished_run).count() == stored_proposals
    assert finished_run.info["input"]["records"] == stored_proposals
    assert ThemeResult.objects.filter(run=finished_run).exists()


def test_the_demo_campaigns_are_found_and_counted_as_supporters(finished_run: AnalysisRun):
    campaigns = CampaignResult.objects.filter(run=finished_run)
    assert campaigns.count() >= 3
    for campaign in campaigns:
        assert campaign.members.count() == campaign.supporters >= 5


def test_runs_are_recorded_in_the_audit_log(finished_run: AnalysisRun):
    assert verify_chain() is None


def test_a_citizen_may_not_start_a_run(stored_proposals: int, citizen: Any):
    with pytest.raises(PermissionDeniedError):
        actions.run_now(citizen)


def test_a_requested_run_is_queued_for_the_worker(
    stored_proposals: int, analyst: Any, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = actions.request_run(analyst, ["Суды"])
    assert run.status == RunStatus.QUEUED
    assert len(callbacks) == 1
    done = actions.execute_run(run.pk)
    assert done.status == RunStatus.DONE
    assert done.taxonomy == ["Суды"]


def test_a_failed_run_is_stored_with_its_error(stored_proposals: int, analyst: Any, monkeypatch):
    run = AnalysisRun.objects.create(requested_by=analyst)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "run", broken)
    with pytest.raises(RuntimeError):
        actions.execute_run(run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "RuntimeError: disk full")


def test_a_rejected_link_is_not_made_again_and_a_confirmed_one_is_kept(
    finished_run: AnalysisRun, analyst: Any
):
    link = ProvisionLink.objects.filter(run=finished_run).exclude(reason="cited").first()
    assert link is not None
    proposal = link.proposal
    actions.decide_link(analyst, proposal, link.provision_uid, "rejected")
    other = (
        ProvisionLink.objects.filter(run=finished_run)
        .exclude(provision_uid=link.provision_uid)
        .first()
    )
    assert other is not None
    actions.decide_link(analyst, proposal, other.provision_uid, "confirmed")
    again = actions.run_now(analyst)
    after = ProvisionLink.objects.filter(run=again, proposal=proposal)
    assert not after.filter(provision_uid=link.provision_uid).exists()
    assert after.get(provision_uid=other.provision_uid).reason == "confirmed"
    assert LinkDecision.objects.count() == 2


def test_an_unknown_link_decision_is_refused_with_the_field_named(
    finished_run: AnalysisRun, analyst: Any
):
    proposal = Proposal.objects.first()
    with pytest.raises(actions.AnalysisError, match="decision"):
        actions.decide_link(analyst, proposal, "x", "maybe")


def test_unmarking_a_proposal_takes_it_out_of_campaigns_in_later_runs(
    finished_run: AnalysisRun, analyst: Any
):
    campaign = CampaignResult.objects.filter(run=finished_run).first()
    member = ProposalAnalysis.objects.filter(run=finished_run, campaign=campaign).first().proposal
    actions.unmark_campaign(analyst, member)
    again = actions.run_now(analyst)
    assert ProposalAnalysis.objects.get(run=again, proposal=member).campaign is None


def test_proposals_marked_as_a_campaign_stay_one_campaign(finished_run: AnalysisRun, analyst: Any):
    loose = list(
        ProposalAnalysis.objects.filter(run=finished_run, campaign=None, duplicate_of=None)[:3]
    )
    actions.mark_campaign(analyst, [row.proposal for row in loose])
    again = actions.run_now(analyst)
    campaigns = {
        ProposalAnalysis.objects.get(run=again, proposal=row.proposal).campaign_id for row in loose
    }
    assert len(campaigns) == 1 and None not in campaigns
    assert CampaignResult.objects.get(pk=campaigns.pop()).marked


def test_merged_themes_come_back_as_one_theme_with_the_analysts_label(
    finished_run: AnalysisRun, analyst: Any
):
    first, second = ThemeResult.objects.filter(run=finished_run)[:2]
    expected = set(
        ProposalAnalysis.objects.filter(theme__in=[first, second]).values_list(
            "proposal_id", flat=True
        )
    )
    actions.merge_themes(analyst, [first, second], "Сайлау мен сот")
    again = actions.run_now(analyst)
    merged = ThemeResult.objects.get(run=again, label="Сайлау мен сот")
    assert merged.pinned
    assert (
        set(ProposalAnalysis.objects.filter(theme=merged).values_list("proposal_id", flat=True))
        >= expected
    )


def test_a_split_must_leave_proposals_in_the_theme(finished_run: AnalysisRun, analyst: Any):
    theme = ThemeResult.objects.filter(run=finished_run).first()
    everyone = list(
        ProposalAnalysis.objects.filter(theme=theme).values_list("proposal_id", flat=True)
    )
    with pytest.raises(actions.AnalysisError, match="proposals"):
        actions.split_theme(analyst, theme, everyone, "Барлығы")
    pin = actions.split_theme(analyst, theme, everyone[:1], "Бөлек")
    assert pin.members.count() == 1


def test_analyst_pages_show_the_run(client, finished_run: AnalysisRun, analyst: Any):
    client.force_login(analyst)
    assert client.get(reverse("analysis:run_list")).status_code == 200
    page = client.get(reverse("analysis:run_detail", args=[finished_run.pk]))
    assert page.status_code == 200
    theme = ThemeResult.objects.filter(run=finished_run).first()
    assert theme.label in page.content.decode()
    assert (
        client.get(reverse("analysis:theme_detail", args=[finished_run.pk, theme.key])).status_code
        == 200
    )
    campaign = CampaignResult.objects.filter(run=finished_run).first()
    assert (
        client.get(
            reverse("analysis:campaign_detail", args=[finished_run.pk, campaign.key])
        ).status_code
        == 200
    )
    assert client.get(reverse("analysis:link_review", args=[finished_run.pk])).status_code == 200


def test_confirming_a_link_from_the_page_is_saved(client, finished_run: AnalysisRun, analyst: Any):
    client.force_login(analyst)
    link = ProvisionLink.objects.filter(run=finished_run).first()
    response = client.post(
        reverse("analysis:decide_link"),
        {
            "proposal": link.proposal_id,
            "provision": link.provision_uid,
            "decision": "confirmed",
            "next": reverse("analysis:link_review", args=[finished_run.pk]),
        },
    )
    assert response.status_code == 302
    assert LinkDecision.objects.get(proposal_id=link.proposal_id).decision == "confirmed"


def test_a_confirmed_topic_is_stored_apart_kept_by_later_runs_and_audited(
    stored_proposals: int, analyst: Any
):
    topics = ["Экология и природа", "Государственный язык", "Суды"]
    first = actions.run_now(analyst, topics)
    row = ProposalAnalysis.objects.filter(run=first).exclude(taxonomy_label="").first()
    assert row is not None
    assert row.taxonomy_top3[0] == [row.taxonomy_label, row.taxonomy_score]
    assert len(row.taxonomy_top3) == 3
    corrected = next(t for t in topics if t != row.taxonomy_label)
    actions.decide_topic(analyst, row.proposal, corrected)
    assert selectors.corrections().confirmed_topics == {str(row.proposal_id): corrected}
    again = actions.run_now(analyst, topics)
    after = ProposalAnalysis.objects.get(run=again, proposal=row.proposal)
    assert (after.taxonomy_label, after.taxonomy_score) == (corrected, 1.0)
    assert after.taxonomy_top3[0] == [corrected, 1.0]
    assert TopicDecision.objects.get().topic == corrected
    entry = AuditEntry.objects.get(action="analysis.decide_topic")
    assert entry.data == {"topic": corrected}
    assert verify_chain() is None


def test_only_analysts_give_topics_and_an_empty_topic_is_refused(
    stored_proposals: int, analyst: Any, citizen: Any
):
    proposal = Proposal.objects.first()
    assert proposal is not None
    with pytest.raises(PermissionDeniedError):
        actions.decide_topic(citizen, proposal, "Суды")
    with pytest.raises(actions.AnalysisError, match="topic"):
        actions.decide_topic(analyst, proposal, "  ")
    assert not TopicDecision.objects.exists()


def test_giving_a_topic_from_the_review_page_is_saved(client, stored_proposals: int, analyst: Any):
    run = actions.run_now(analyst, ["Экология и природа", "Суды"])
    client.force_login(analyst)
    page = client.get(reverse("analysis:topic_review", args=[run.pk]))
    assert page.status_code == 200
    row = page.context["rows"][0]
    assert row.taxonomy_score == min(
        ProposalAnalysis.objects.filter(run=run)
        .exclude(taxonomy_label="")
        .values_list("taxonomy_score", flat=True)
    )
    response = client.post(
        reverse("analysis:decide_topic"),
        {"proposal": row.proposal_id, "topic": "Суды", "next": page.request["PATH_INFO"]},
    )
    assert response.status_code == 302
    assert TopicDecision.objects.get(proposal_id=row.proposal_id).topic == "Суды"
    page = client.get(reverse("analysis:topic_review", args=[run.pk]))
    assert row.proposal_id not in [r.proposal_id for r in page.context["rows"]]


def test_citizens_cannot_see_analyst_pages(client, finished_run: AnalysisRun, citizen: Any):
    client.force_login(citizen)
    assert client.get(reverse("analysis:run_detail", args=[finished_run.pk])).status_code == 403
    assert client.post(reverse("analysis:start_run")).status_code == 403


def test_the_public_heat_map_shows_counts_per_article(client, finished_run: AnalysisRun):
    page = client.get(reverse("analysis:coverage"))
    assert page.status_code == 200
    sections = selectors.heat_map(finished_run)
    assert sections and any(cell.supporters for s in sections for cell in s.articles)
    assert "heat-grid" in page.content.decode()


def test_the_heat_map_without_any_run_says_so(client, db):
    page = client.get(reverse("analysis:coverage"))
    assert page.status_code == 200
    assert "No analysis has been published yet." in page.content.decode()


def test_two_runs_on_the_same_proposals_agree_completely(
    client, finished_run: AnalysisRun, analyst: Any
):
    again = actions.run_now(analyst)
    comparison = selectors.compare_runs(finished_run, again)
    assert comparison.same_input
    assert (
        comparison.common
        == comparison.same_language
        == comparison.same_links
        == comparison.same_duplicate
    )
    assert comparison.theme_agreement == 1.0
    client.force_login(analyst)
    page = client.get(reverse("analysis:compare_runs", args=[again.pk]))
    assert page.status_code == 200
    assert "Both runs read the same input" in page.content.decode()


def test_commission_members_see_campaign_and_theme_texts_without_personal_data(
    client, finished_run: AnalysisRun, analyst: Any
):
    from atazan.core.roles import Role
    from atazan.proposals.models import Proposal

    from factories import UserFactory

    campaign = finished_run.campaigns.first()
    assert campaign is not None
    letter = campaign.members.select_related("proposal").first().proposal
    Proposal.objects.filter(pk=letter.pk).update(
        text="Звоните мне: +7 701 555 12 34, aigerim@example.kz"
    )
    page = reverse("analysis:campaign_detail", args=[finished_run.pk, campaign.key])
    client.force_login(UserFactory(roles=[Role.COMMISSION_MEMBER]))
    member_view = client.get(page).content.decode()
    assert "555 12 34" not in member_view and "aigerim@example.kz" not in member_view
    client.force_login(analyst)
    assert "aigerim@example.kz" in client.get(page).content.decode()
