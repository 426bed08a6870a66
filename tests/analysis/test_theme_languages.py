"""A theme's languages: stored with the run, named on the pages, and found by the language filter.

The run's result is given here (a multilingual theme, a one-language theme,
and a theme as older runs stored it, without languages) so the storage and
the pages are checked against known themes; the themes themselves are the
pipeline's business (tests/analysis_core/test_crosslingual_themes.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from atazan.analysis import actions, selectors
from atazan.analysis.models import AnalysisRun, ThemeResult
from atazan.analysis.templatetags.analysis_languages import language_name, language_names
from atazan.proposals import demo as proposals_demo
from atazan_analysis import pipeline
from atazan_analysis.records import ProposalResult, Record, RunResult, SummarySentence, Theme

LANGUAGES = ["kk", "ru", "en", "kk", "ru", "en", "kk", "ru", "en", "kk", "ru", "en"]


def _result(records: Sequence[Record], **_options: Any) -> RunResult:
    """Twelve proposals in three themes: kk and ru together, en alone, and one stored the old way."""
    ids = [r.id for r in records][: len(LANGUAGES)]
    themes = {
        "kk+ru-001": (
            [i for i, lang in zip(ids, LANGUAGES, strict=False) if lang != "en"][:6],
            ["kk", "ru"],
        ),
        "en-002": ([i for i, lang in zip(ids, LANGUAGES, strict=False) if lang == "en"], ["en"]),
        "ru-003": ([i for i, lang in zip(ids, LANGUAGES, strict=False) if lang != "en"][6:], []),
    }
    theme_of = {member: key for key, (members, _langs) in themes.items() for member in members}
    return RunResult(
        proposals=[
            ProposalResult(pid, language=lang, theme=theme_of.get(pid))
            for pid, lang in zip(ids, LANGUAGES, strict=False)
        ],
        themes=[
            Theme(
                id=key,
                label=f"theme {key}",
                language=languages[0] if languages else "ru",
                keywords=["land"],
                members=members,
                supporters=len(members),
                summary=[SummarySentence("A sentence long enough to quote.", members[0])],
                languages=languages,
            )
            for key, (members, languages) in themes.items()
        ],
        campaigns=[],
        coverage=[],
        info={"input": {"fingerprint": "given"}, "counts": {"themes": len(themes)}},
    )


@pytest.fixture
def run(db: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch) -> AnalysisRun:
    proposals_demo.load_demo(io.StringIO(), count=len(LANGUAGES))
    monkeypatch.setattr(pipeline, "run", _result)
    return actions.run_now(analyst)


def test_a_themes_languages_are_stored_with_the_run(run: AnalysisRun) -> None:
    stored = dict(ThemeResult.objects.filter(run=run).values_list("key", "languages"))
    assert stored["kk+ru-001"] == ["kk", "ru"]
    assert stored["en-002"] == ["en"]
    # A theme that says nothing of its members' languages has its own language.
    assert stored["ru-003"] == ["ru"]


@pytest.mark.parametrize(
    ("language", "keys"),
    [
        ("kk", {"kk+ru-001"}),
        ("ru", {"kk+ru-001", "ru-003"}),
        ("en", {"en-002"}),
        ("", {"kk+ru-001", "en-002", "ru-003"}),
        ("de", set()),
    ],
)
def test_the_language_filter_finds_a_multilingual_theme_under_each_of_its_languages(
    run: AnalysisRun, language: str, keys: set[str]
) -> None:
    assert {t.key for t in selectors.themes_of(run, language)} == keys


def test_themes_stored_without_languages_are_still_filtered_by_their_language(
    run: AnalysisRun,
) -> None:
    ThemeResult.objects.filter(run=run).update(languages=[])
    assert {t.key for t in selectors.themes_of(run, "kk")} == {"kk+ru-001"}
    assert {t.key for t in selectors.themes_of(run, "ru")} == {"ru-003"}
    assert selectors.theme_languages(run) == ["kk", "ru", "en"]


def test_the_filter_offers_every_members_language_in_a_fixed_order(run: AnalysisRun) -> None:
    assert selectors.theme_languages(run) == ["kk", "ru", "en"]


def test_the_theme_list_names_languages_and_filters_by_them(
    client: Any, run: AnalysisRun, analyst: Any
) -> None:
    client.force_login(analyst)
    url = reverse("analysis:run_detail", args=[run.pk])
    everything = client.get(url).content.decode()
    assert "<td>Kazakh, Russian</td>" in everything and "<td>English</td>" in everything
    assert '<option value="kk">Kazakh</option>' in everything
    kazakh = client.get(url, {"language": "kk"}).content.decode()
    assert "theme kk+ru-001" in kazakh and "theme en-002" not in kazakh
    russian = client.get(url, {"language": "ru"}).content.decode()
    assert "theme kk+ru-001" in russian and "theme ru-003" in russian


@pytest.mark.parametrize(
    ("language", "names"),
    [("en", "Kazakh, Russian"), ("ru", "Казахский, Русский"), ("kk", "Қазақ тілі, Орыс тілі")],
)
def test_the_theme_page_names_its_languages_in_the_readers_language(
    client: Any, run: AnalysisRun, analyst: Any, language: str, names: str
) -> None:
    client.force_login(analyst)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("analysis:theme_detail", args=[run.pk, "kk+ru-001"]))
    assert page.status_code == 200
    assert names in page.content.decode()


def test_codes_without_a_name_are_shown_as_they_are_and_other_is_named() -> None:
    assert language_name("xx") == "xx"
    assert language_name("other") == "another language"
    assert language_names(["en", "other"]) == "English, another language"
