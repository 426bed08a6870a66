"""From an article of the text, a reader reaches the published proposals about it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.analysis.actions import run_now
from atazan.analysis.models import ProvisionLink
from atazan.constitution.actions import import_text
from atazan.portal.explorer import ExplorerFilters, article_eid, explore
from atazan.portal.management.commands.load_demo import SAMPLES
from atazan.proposals import demo as proposals_demo
from atazan_texts.io import load_document

from factories import SYSTEM


@pytest.fixture
def analysed(db: Any, quiet_mail: None) -> None:
    source = (SAMPLES / "kenbel-1998.ru.txt").read_bytes()
    import_text(
        SYSTEM,
        load_document(source, "txt", language="ru"),
        work_slug="kenbel",
        version_label="1998",
        language="ru",
        source_format="txt",
        source=source,
        publish=True,
    )
    proposals_demo.load_demo(io.StringIO(), count=300)
    run_now(SYSTEM)


@pytest.mark.slow
def test_an_article_link_lists_proposals_linked_to_it_or_to_its_paragraphs(
    analysed: None,
) -> None:
    reader = Client().get(
        reverse("constitution:read", kwargs={"work": "kenbel", "version": "1998", "lang": "ru"})
    )
    links = re.findall(r'href="(/proposals/\?provision=[^"]+)"', reader.content.decode())
    assert links, "every article of the reader links to its proposals"
    linked = ProvisionLink.objects.values_list("eid", flat=True)
    articles = {article_eid(eid) for eid in linked if "art_" in eid}
    busiest = max(articles, key=lambda a: sum(article_eid(e) == a for e in linked))
    from atazan.constitution.models import Provision

    uid = Provision.objects.filter(eid=busiest).values_list("uid", flat=True).first()
    found = explore(ExplorerFilters(values={"provision": uid}), 1, "ru")
    assert found.rows
    facet = next(f for f in found.facets if f.name == "provision")
    chosen = [v for v in facet.values if v.value == uid]
    assert chosen and chosen[0].selected
    assert not re.fullmatch(r"[a-z_0-9]+", chosen[0].label), "a readable label, not an id"
    page = Client().get(f"/proposals/?provision={uid}")
    assert page.status_code == 200
