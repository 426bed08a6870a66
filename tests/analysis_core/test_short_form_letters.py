"""Short form letters (three or four sentences) stay one campaign; look-alike letters stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atazan_analysis.duplicates import DuplicateSettings, find_duplicates
from atazan_analysis.evaluation.campaigns import SHORT_SEEDS, build_short, score, short_letter
from atazan_analysis.records import Record
from atazan_analysis.textprep import prepare

from analysis_records import EN, KK, RU

#: The real data beside the repository (../shared/data), when the checkout has it.
MADRID = Path(__file__).resolve().parents[3] / "shared" / "data" / "decide-madrid-proposals.csv"


def _campaigns_of(records):
    ids = [r.id for r in records]
    return find_duplicates(ids, [prepare(r.text, r.title).words for r in records])


def test_every_seed_letter_has_three_or_four_sentences_of_forty_to_seventy_words():
    for _language, template, _decoy in SHORT_SEEDS:
        assert 40 <= len(prepare(template).words) <= 70
        assert template.count(". ") + 1 in (3, 4)


@pytest.mark.parametrize(
    "seed",
    [11, 3, 5],
)
def test_short_kk_ru_en_letters_are_found_with_high_pairwise_precision_and_recall(seed):
    background = [Record(f"bg{i}", text) for i, text in enumerate(KK + RU + EN)]
    benchmark = build_short(seed=seed, background=background)
    figures = score(benchmark, _campaigns_of(benchmark.records).campaign_of)
    assert figures["precision"] >= 0.95
    assert figures["recall"] >= 0.95


def test_a_decoy_sharing_a_topic_and_a_phrase_never_joins_the_campaign():
    benchmark = build_short(seed=7)
    result = _campaigns_of(benchmark.records)
    decoys = [record_id for record_id in benchmark.truth if record_id.startswith("decoy-")]
    assert decoys
    assert not any(record_id in result.campaign_of for record_id in decoys)


@pytest.mark.skipif(not MADRID.exists(), reason="Madrid proposals are not present")
def test_short_spanish_letters_mixed_into_madrid_proposals_are_found():
    from atazan_analysis.fileio import read_records

    real = read_records(MADRID, "description", "id", "title").records
    benchmark = build_short(real)
    assert any(name.startswith("short-es") for name in benchmark.truth.values())
    figures = score(benchmark, _campaigns_of(benchmark.records).campaign_of)
    assert figures["precision"] >= 0.95
    assert figures["recall"] >= 0.95


@given(seed=st.integers(0, 10_000), which=st.integers(0, len(SHORT_SEEDS) - 1))
@settings(max_examples=25, deadline=None)
def test_a_short_letter_copy_keeps_most_of_its_template(seed, which):
    import random

    language, template, _decoy = SHORT_SEEDS[which]
    copy = prepare(short_letter(random.Random(seed), template, language)).words
    original = set(prepare(template).words)
    assert len(set(copy) & original) >= 0.5 * len(original)


@given(
    texts=st.lists(
        st.one_of(
            st.just(""),
            st.sampled_from(KK + RU + EN),
            st.text(alphabet="абвгд ежз abcde әіңғ", max_size=80),
        ),
        max_size=12,
    ),
    repeat=st.integers(0, 8),
)
@settings(max_examples=60, deadline=None)
def test_any_mix_of_empty_short_and_repeated_texts_is_handled(texts, repeat):
    texts = texts + texts[:1] * repeat
    ids = [f"r{i}" for i in range(len(texts))]
    words = [prepare(t).words for t in texts]
    result = find_duplicates(ids, words, DuplicateSettings(campaign_min_size=3))
    assert set(result.duplicate_of) <= set(ids)
    assert not set(result.duplicate_of.values()) & set(result.duplicate_of)
    for campaign in result.campaigns:
        assert campaign.representative_id in campaign.members
    # A lazily produced word list gives the same answer as a list.
    assert find_duplicates(ids, iter(words), DuplicateSettings(campaign_min_size=3)) == result
