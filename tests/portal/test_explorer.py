"""The public explorer: search and facets over published, masked proposals only."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from atazan.portal.explorer import ExplorerFilters, explore


def _values(found: Any, name: str) -> dict[str, int]:
    facet = next((f for f in found.facets if f.name == name), None)
    return {} if facet is None else {v.value: v.count for v in facet.values}


def test_facets_count_within_the_current_selection(send: Any) -> None:
    send(region="astana", language="kk")
    send(
        region="astana",
        language="ru",
        title="О маслихатах",
        text="Предлагаю расширить права маслихатов по бюджету.",
    )
    send(
        region="almaty_city",
        language="ru",
        title="О выборах",
        text="Предлагаю вернуть прямые выборы акимов районов.",
    )
    everything = explore(ExplorerFilters(), 1, "en")
    assert _values(everything, "region") == {"astana": 2, "almaty_city": 1}
    astana = explore(ExplorerFilters(values={"region": "astana"}), 1, "en")
    assert len(astana.rows) == 2
    assert _values(astana, "language") == {"kk": 1, "ru": 1}


def test_unpublished_proposals_are_neither_listed_nor_counted(send: Any) -> None:
    send(consent_publish_text=True)
    send(consent_publish_text=False, region="almaty_city")
    found = explore(ExplorerFilters(), 1, "en")
    assert len(found.rows) == 1
    assert "almaty_city" not in _values(found, "region")


def test_search_reads_only_the_masked_words(send: Any) -> None:
    send(text="Бюджет туралы ұсыныс. Менің телефоным 8 701 555 44 33, хабарласыңыз.")
    by_topic = explore(ExplorerFilters(query="бюджет"), 1, "en")
    assert len(by_topic.rows) == 1
    by_phone = explore(ExplorerFilters(query="555"), 1, "en")
    assert by_phone.rows == []
    assert "555" not in by_topic.rows[0]["text"]


def test_search_finds_inflected_forms(send: Any) -> None:
    send(language="ru", title="О выборах", text="Предлагаю вернуть прямые выборы акимов районов.")
    assert len(explore(ExplorerFilters(query="выборы"), 1, "en").rows) == 1
    assert len(explore(ExplorerFilters(query="аким"), 1, "en").rows) == 1
    assert explore(ExplorerFilters(query="парламент"), 1, "en").rows == []


def test_the_page_links_each_facet_value_and_a_way_to_remove_it(send: Any) -> None:
    send(region="astana")
    client = Client()
    page = client.get(reverse("proposals:public_list"), {"region": "astana"})
    body = page.content.decode()
    assert page.status_code == 200
    # The chosen value links to the same search without it.
    assert '<a href="?" aria-current="true" class="selected">' in body
    assert reverse("proposals:submit") in body


def test_an_unknown_filter_value_lists_nothing_and_does_not_fail(send: Any) -> None:
    send()
    page = Client().get(reverse("proposals:public_list"), {"region": "atlantis", "theme": "zz"})
    assert page.status_code == 200
