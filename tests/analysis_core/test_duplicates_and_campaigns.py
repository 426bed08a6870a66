"""Duplicates and form-letter campaigns, and analysts' corrections of them."""

from __future__ import annotations

from atazan_analysis.duplicates import find_duplicates
from atazan_analysis.records import Corrections
from atazan_analysis.textprep import prepare

from analysis_records import EN, KK, RU, campaign_letters


def _run(texts, corrections=None, min_size=5):
    from atazan_analysis.duplicates import DuplicateSettings

    ids = [f"r{i}" for i in range(len(texts))]
    return ids, find_duplicates(
        ids,
        [prepare(t).words for t in texts],
        DuplicateSettings(campaign_min_size=min_size),
        corrections,
    )


def test_edited_copies_of_a_form_letter_form_one_campaign_with_every_sender():
    letters = campaign_letters(12)
    ids, result = _run(KK + letters + RU + EN)
    assert len(result.campaigns) == 1
    campaign = result.campaigns[0]
    assert sorted(campaign.members) == sorted(ids[len(KK) : len(KK) + 12])
    assert campaign.supporters == 12


def test_unrelated_proposals_are_never_grouped():
    _ids, result = _run(KK + RU + EN)
    assert result.campaigns == []
    assert result.duplicate_of == {}


def test_an_exact_resubmission_points_at_the_first_copy():
    _ids, result = _run([*RU, RU[1]])
    assert result.duplicate_of == {f"r{len(RU)}": "r1"}


def test_a_few_near_copies_are_near_duplicates_not_a_campaign():
    letters = campaign_letters(3, seed=5)
    _ids, result = _run(letters + EN)
    assert result.campaigns == []
    assert set(result.duplicate_of) == {"r1", "r2"}
    assert set(result.duplicate_of.values()) == {"r0"}


def test_short_phrases_repeated_by_many_are_not_a_campaign():
    _ids, result = _run(["Поддерживаю реформу полностью"] * 9)
    assert result.campaigns == []
    assert len(result.duplicate_of) == 8


def test_a_proposal_analysts_took_out_of_campaigns_stays_out():
    letters = campaign_letters(10)
    corrections = Corrections(not_campaign={"r3"})
    _ids, result = _run(letters, corrections)
    assert "r3" not in result.campaign_of
    assert result.campaigns[0].supporters == 9


def test_proposals_analysts_marked_as_one_campaign_are_kept_together():
    corrections = Corrections(campaign_groups=[["r0", "r5", "r10"]])
    _ids, result = _run(KK + RU + EN, corrections)
    assert len(result.campaigns) == 1
    assert result.campaigns[0].marked
    assert sorted(result.campaigns[0].members) == ["r0", "r10", "r5"]


def test_results_do_not_depend_on_anything_but_the_input():
    texts = KK + campaign_letters(7) + RU
    assert _run(texts)[1] == _run(texts)[1]
