"""The public heat map, laid out by the text in force or by a published draft, in each language.

The map reads a run's coverage rows, the texts and the draft's trace; the
rows are written here with chosen counts so every figure on the page can be
checked against them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from atazan.analysis import selectors
from atazan.analysis.models import AnalysisRun, CoverageEntry, RunStatus
from atazan.commission import actions as commission_actions
from atazan.commission.models import Amendment, Draft, ProvisionSource
from atazan.constitution.actions import import_text
from atazan.constitution.models import Provision, Version
from atazan_texts.io import load_document

from factories import SYSTEM

CHARTER = {
    "kk": """\
I бөлім. Негіздер

1-бап
1. Көл кантондары демократиялық және зайырлы мемлекет болып табылады.
2. Билік халыққа тиесілі.

2-бап
Көл кантондарының астанасы — Тасбұлақ қаласы.

II бөлім. Құқықтар

3-бап
1. Әркімнің өмір сүруге құқығы бар.
2. Ешкімді азаптауға болмайды.

4-бап
Әркім өз пікірін еркін білдіре алады.
""",
    "ru": """\
Раздел I. Основы

Статья 1
1. Озёрные кантоны являются демократическим и светским государством.
2. Власть принадлежит народу.

Статья 2
Столица Озёрных кантонов — город Тасбулак.

Раздел II. Права

Статья 3
1. Каждый имеет право на жизнь.
2. Никто не может подвергаться пыткам.

Статья 4
Каждый может свободно выражать мнение.
""",
    "en": """\
Section I. Foundations

Article 1
1. The Lake Cantons are a democratic and secular state.
2. Power belongs to the people.

Article 2
The capital of the Lake Cantons is Tasbulak.

Section II. Rights

Article 3
1. Everyone has the right to life.
2. No one may be tortured.

Article 4
Everyone may speak freely.
""",
}

#: The draft keeps articles 1 to 3, puts an article on the environment in the place of
#: article 4, which it drops, and ends with a new section of one new article.
ADDED = {
    "kk": """\
4-бап
Әркімнің қолайлы қоршаған ортаға құқығы бар.

III бөлім. Қорытынды ережелер

5-бап
Осы Хартия жарияланған күнінен бастап күшіне енеді.
""",
    "ru": """\
Статья 4
Каждый имеет право на благоприятную окружающую среду.

Раздел III. Заключительные положения

Статья 5
Настоящая Хартия вступает в силу со дня опубликования.
""",
    "en": """\
Article 4
Everyone has the right to a healthy environment.

Section III. Final provisions

Article 5
This Charter enters into force on the day of its publication.
""",
}


def _draft_text(language: str) -> str:
    kept, _dropped = CHARTER[language].rsplit("\n\n", 1)
    return f"{kept}\n\n{ADDED[language]}"


def _import(text: str, language: str, version: str, status: str, based_on: str = "") -> Version:
    source = f"% work: lakes\n% version: {version}\n% status: {status}\n\n{text}".encode()
    expression = import_text(
        SYSTEM,
        load_document(source, "txt", language=language),
        language=language,
        source_format="txt",
        source=source,
        based_on=based_on or None,
        publish=True,
    )
    return expression.version


def uid_at(version: Version, eid: str) -> str:
    return str(
        Provision.objects.filter(expression__version=version, eid=eid)
        .values_list("uid", flat=True)
        .first()
    )


#: Proposals and supporters per article and section of the text in force.
COUNTS = {
    "sec_1": (5, 9),
    "sec_1__art_1": (3, 4),
    "sec_1__art_2": (2, 5),
    "sec_2": (4, 40),
    "sec_2__art_3": (1, 1),
    "sec_2__art_4": (3, 39),
}


@pytest.fixture
def in_force(db: Any) -> Version:
    version = None
    for language, text in CHARTER.items():
        version = _import(text, language, "2001", "in_force")
    assert version is not None
    return version


@pytest.fixture
def run(in_force: Version) -> AnalysisRun:
    """A finished run over the text in force, with the counts of ``COUNTS``."""
    made = AnalysisRun.objects.create(
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        constitution_version=in_force,
        proposals_count=60,
    )
    CoverageEntry.objects.bulk_create(
        CoverageEntry(
            run=made,
            provision_uid=uid_at(in_force, eid),
            eid=eid,
            kind="article" if "__art_" in eid else "section",
            label=eid,
            proposals=proposals,
            supporters=supporters,
        )
        for eid, (proposals, supporters) in COUNTS.items()
    )
    return made


def _draft(in_force: Version, published: bool) -> Draft:
    version = None
    for language in CHARTER:
        version = _import(_draft_text(language), language, "2026-draft", "draft", based_on="2001")
    assert version is not None
    body = commission_actions.create_body(
        SYSTEM,
        slug="commission",
        kind="commission",
        names={"kk": "Комиссия", "ru": "Комиссия", "en": "Commission"},
    )
    draft = Draft.objects.create(
        body=body,
        base=in_force,
        version=version,
        published_at=timezone.now() if published else None,
    )
    # The trace of the one amendment that made the draft: it wrote the new article.
    new_uid = uid_at(version, "sec_2__art_4")
    amendment = Amendment.objects.create(
        body=body,
        base=in_force,
        number="A-1",
        kind="insert",
        target_uid=new_uid,
        edit={},
        status="adopted",
    )
    ProvisionSource.objects.create(draft=draft, provision_uid=new_uid, amendment=amendment)
    return draft


@pytest.fixture
def draft(in_force: Version, run: AnalysisRun) -> Draft:
    return _draft(in_force, published=True)


def cells_of(sections: list[selectors.HeatSection]) -> dict[str, selectors.HeatCell]:
    return {cell.eid: cell for section in sections for cell in section.articles}


def test_the_text_in_force_shows_each_articles_counts_with_readable_labels(
    run: AnalysisRun,
) -> None:
    sections = selectors.heat_map(run, "supporters", "ru")
    assert [s.label for s in sections] == ["Раздел I. Основы", "Раздел II. Права"]
    cells = cells_of(sections)
    assert [c.label for c in cells.values()] == ["Статья 1", "Статья 2", "Статья 3", "Статья 4"]
    assert (cells["sec_2__art_4"].proposals, cells["sec_2__art_4"].supporters) == (3, 39)
    assert cells["sec_2__art_4"].level == 5 and cells["sec_2__art_3"].level == 1
    assert not any(c.new or c.changed for c in cells.values())


@pytest.mark.parametrize(
    ("language", "article", "section"),
    [
        ("kk", "3-бап", "II бөлім. Құқықтар"),
        ("ru", "Статья 3", "Раздел II. Права"),
        ("en", "Article 3", "Section II. Rights"),
    ],
)
def test_labels_follow_the_readers_language(
    run: AnalysisRun, draft: Draft, language: str, article: str, section: str
) -> None:
    for shown in (None, draft):
        sections = selectors.heat_map(run, "supporters", language, draft=shown)
        assert sections[1].label == section
        assert sections[1].articles[0].label == article


def test_a_language_the_text_lacks_falls_back_to_its_fullest_text(run: AnalysisRun) -> None:
    labels = [c.label for c in cells_of(selectors.heat_map(run, "supporters", "de")).values()]
    assert labels and all(label and "__" not in label for label in labels)


def test_the_draft_carries_the_counts_of_the_same_articles_and_marks_the_new_one(
    run: AnalysisRun, draft: Draft, in_force: Version
) -> None:
    assert uid_at(draft.version, "sec_1__art_2") == uid_at(in_force, "sec_1__art_2")
    cells = cells_of(selectors.heat_map(run, "proposals", "en", draft=draft))
    assert list(cells) == [
        "sec_1__art_1",
        "sec_1__art_2",
        "sec_2__art_3",
        "sec_2__art_4",
        "sec_3__art_5",
    ]
    kept = cells["sec_1__art_2"]
    assert (kept.proposals, kept.supporters, kept.new, kept.changed) == (2, 5, False, False)
    new = cells["sec_2__art_4"]
    assert new.uid != uid_at(in_force, "sec_2__art_4")
    assert (new.proposals, new.supporters, new.level, new.new, new.changed) == (0, 0, 0, True, True)
    assert new.label == "Article 4"
    assert cells["sec_3__art_5"].new and not cells["sec_3__art_5"].changed
    # Shades are relative to the draft's own articles: article 1 now has the most proposals.
    assert cells["sec_1__art_1"].level == 5


def test_the_drafts_sections_carry_the_counts_of_the_sections_their_articles_come_from(
    run: AnalysisRun, draft: Draft
) -> None:
    sections = selectors.heat_map(run, "supporters", "ru", draft=draft)
    shown = [(s.label, s.proposals, s.supporters, s.new) for s in sections]
    assert shown == [
        ("Раздел I. Основы", 5, 9, False),
        ("Раздел II. Права", 4, 40, False),
        ("Раздел III. Заключительные положения", 0, 0, True),
    ]
    assert [s.level for s in sections] == [2, 5, 0]


def test_the_articles_a_draft_removes_are_listed_with_their_counts(
    run: AnalysisRun, draft: Draft, in_force: Version
) -> None:
    removed = selectors.removed_by_draft(run, draft, "kk")
    assert [(c.label, c.proposals, c.supporters) for c in removed] == [("4-бап", 3, 39)]
    assert removed[0].uid == uid_at(in_force, "sec_2__art_4")


def test_the_reader_chooses_among_the_text_in_force_and_the_published_drafts(
    run: AnalysisRun, draft: Draft, in_force: Version
) -> None:
    texts = selectors.heat_map_texts(run)
    assert [(t.key, t.label) for t in texts] == [
        ("", "The text in force (2001)"),
        (str(draft.pk), "Published draft 2026-draft"),
    ]


def test_an_unpublished_draft_is_not_offered_and_cannot_be_shown(
    client: Any, run: AnalysisRun, in_force: Version
) -> None:
    hidden = _draft(in_force, published=False)
    assert [t.key for t in selectors.heat_map_texts(run)] == [""]
    page = client.get(reverse("analysis:coverage"), {"draft": hidden.pk})
    assert page.status_code == 404


def test_the_page_for_a_draft_links_kept_articles_to_proposals_and_the_new_one_to_its_trace(
    client: Any, run: AnalysisRun, draft: Draft, in_force: Version
) -> None:
    page = client.get(reverse("analysis:coverage"), {"draft": draft.pk, "measure": "proposals"})
    assert page.status_code == 200
    html = page.content.decode()
    explorer = reverse("proposals:public_list")
    kept = uid_at(in_force, "sec_1__art_2")
    assert f'href="{explorer}?provision={kept}"' in html
    new_uid = uid_at(draft.version, "sec_2__art_4")
    trace = reverse("commission:provision", args=[draft.pk, new_uid])
    assert f'href="{trace}"' in html
    assert f"?provision={new_uid}" not in html
    assert "Articles the draft removes" in html
    assert client.get(trace).status_code == 200


def test_the_page_for_the_text_in_force_links_every_article_to_its_proposals(
    client: Any, run: AnalysisRun, draft: Draft, in_force: Version
) -> None:
    html = client.get(reverse("analysis:coverage")).content.decode()
    explorer = reverse("proposals:public_list")
    for eid in ("sec_1__art_1", "sec_1__art_2", "sec_2__art_3", "sec_2__art_4"):
        assert f'href="{explorer}?provision={uid_at(in_force, eid)}"' in html
    assert "new in the draft" not in html and "Articles the draft removes" not in html
    assert f'<option value="{draft.pk}"' in html


@pytest.mark.parametrize(("language", "label"), [("kk", "4-бап"), ("ru", "Статья 4")])
def test_the_page_names_articles_in_the_readers_language(
    client: Any, run: AnalysisRun, language: str, label: str
) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("analysis:coverage")).content.decode()
    assert f"{label}:" in html
    assert "sec_2__art_4" not in html
