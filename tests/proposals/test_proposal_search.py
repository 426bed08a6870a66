"""Full-text search in Kazakh, Russian and English on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from proposal_helpers import submission

from atazan.proposals import selectors
from atazan.proposals.actions import build_proposal, register_batch
from atazan.proposals.models import Channel, Proposal
from atazan.proposals.selectors import CaseFilters, cases, search, work_calendar

from factories import SYSTEM

pytestmark = pytest.mark.django_db

TEXTS = {
    "kk": ("Парламент туралы", "Бір палаталы парламенттің өкілеттігін кеңейтуді ұсынамын."),
    "ru": ("О выборах", "Предлагаю изменить порядок выборов депутатов парламента."),
    "en": ("Elections", "I propose that deputies should be elected in single-member districts."),
    "ru2": ("Об акимах", "Акимы сёл должны избираться жителями."),
}


@pytest.fixture
def stored() -> dict[str, Proposal]:
    calendar = work_calendar()
    now = timezone.now()
    rows = [
        build_proposal(
            submission(language=key[:2], title=title, text=text),
            channel=Channel.IMPORT,
            source="t",
            external_id=key,
            registered_at=now,
            calendar=calendar,
        )
        for key, (title, text) in TEXTS.items()
    ]
    register_batch(SYSTEM, rows, {})
    return {p.external_id: p for p in Proposal.objects.all()}


def found(query: str) -> set[str]:
    return set(search(Proposal.objects.all(), query).values_list("external_id", flat=True))


def test_a_kazakh_word_finds_its_suffixed_forms(stored: Any) -> None:
    assert found("парламент") == {"kk", "ru"}
    assert found("өкілеттік") == {"kk"}
    assert found("парламенттің") == {"kk", "ru"}


def test_a_russian_word_finds_other_cases_of_it(stored: Any) -> None:
    assert "ru" in found("выборы")
    assert "ru2" in found("аким")


def test_an_english_word_finds_other_forms(stored: Any) -> None:
    assert found("elect") == {"en"}
    assert found("district") == {"en"}


def test_every_word_must_match(stored: Any) -> None:
    assert found("парламент депутатов") == {"ru"}
    assert found("парламент zzzz") == set()


def test_a_registration_number_finds_its_case(stored: dict[str, Proposal]) -> None:
    number = stored["en"].number
    assert found(number) == {"en"}


def test_search_combines_with_filters(stored: Any) -> None:
    result = cases(None, CaseFilters(query="парламент", language="kk"))
    assert list(result.values_list("external_id", flat=True)) == ["kk"]


def test_the_index_follows_edits_and_deletes(stored: dict[str, Proposal]) -> None:
    Proposal.objects.filter(pk=stored["en"].pk).update(text="Nothing about that any more.")
    assert found("district") == set()
    Proposal.objects.filter(pk=stored["ru"].pk).delete()
    assert found("парламент") == {"kk"}


def test_punctuation_in_a_query_is_harmless(stored: Any) -> None:
    assert found('"парламент" (*) & | ! -') == {"kk", "ru"}


@pytest.fixture
def many_dated() -> list[Proposal]:
    """130 cases a minute apart; every third mentions the budget, the oldest ten also courts."""
    calendar = work_calendar()
    start = timezone.now() - dt.timedelta(days=1)
    rows = []
    for i in range(130):
        text = "Бюджет ашық болуы керек." if i % 3 == 0 else "Предлагаю изменить статью 50."
        if i < 10:
            text += " Соттардың тәуелсіздігі."
        rows.append(
            build_proposal(
                submission(language="kk", title=f"Ұсыныс {i}", text=text),
                channel=Channel.IMPORT,
                source="t",
                external_id=f"d{i}",
                registered_at=start + dt.timedelta(minutes=i),
                calendar=calendar,
            )
        )
    register_batch(SYSTEM, rows, {})
    return list(Proposal.objects.order_by("registered_at"))


@pytest.mark.parametrize("query", ["бюджет", "соттардың", "бюджет тәуелсіздігі", "zzzz"])
@pytest.mark.parametrize("page", [1, 2, 3])
def test_a_search_page_searched_newest_first_is_the_same_page(
    many_dated: list[Proposal], query: str, page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A window of 2 rows per row needed: it holds enough "бюджет" for page 1 (the
    # newest cases), never enough "соттардың" (only the oldest): both paths are taken.
    monkeypatch.setattr(selectors, "SEARCH_WINDOW_PER_ROW", 2)
    monkeypatch.setattr(selectors, "_window_may_fill", lambda user, filters: True)
    filters = CaseFilters(query=query)
    expected = selectors.page_of(cases(None, filters), page, per_page=10)
    got = selectors.case_page(None, filters, page, per_page=10)
    assert [p.pk for p in got[0]] == [p.pk for p in expected[0]]
    assert got[1] == expected[1]


def test_only_common_words_try_the_window(
    many_dated: list[Proposal], monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the window is a PostgreSQL plan")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_proposal")
    monkeypatch.setattr(selectors, "SEARCH_WINDOW_PER_ROW", 20)  # 130 rows: 1 in 20 is common
    assert selectors._window_may_fill(None, CaseFilters(query="бюджет"))
    assert not selectors._window_may_fill(None, CaseFilters(query="zzzz бюджет"))


def test_the_window_leaves_the_planner_settings_as_it_found_them(
    many_dated: list[Proposal], monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the window is a PostgreSQL plan")
    monkeypatch.setattr(selectors, "SEARCH_WINDOW_PER_ROW", 2)
    monkeypatch.setattr(selectors, "_window_may_fill", lambda user, filters: True)
    selectors.case_page(None, CaseFilters(query="бюджет"), 1, per_page=10)
    with connection.cursor() as cursor:  # still inside the test's transaction
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone()[0] == "on"
