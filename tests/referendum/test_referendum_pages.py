"""Public results pages and the officials' protocol pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.referendum.models import Protocol, ProtocolVersion, Question
from atazan_results import read_protocols
from atazan_results.synthetic import SyntheticElection

from factories import SYSTEM

SLUG = "trial-2026"


def url(name: str, **kwargs: str) -> str:
    return reverse(f"referendum:{name}", kwargs={"slug": SLUG, **kwargs})


def _client(user: Any = None) -> Client:
    # English, so assertions do not depend on the state of the kk and ru catalogs.
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def test_the_results_page_shows_the_outcome_a_chart_and_a_cartogram_of_21_tiles(
    counted: SyntheticElection,
) -> None:
    response = _client().get(url("results"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="chart-bars"' in html and 'class="chart-map"' in html
    assert html.count("<rect x=") >= 21
    for code in ("astana", "abai", "abroad", "ulytau"):
        assert url("unit", unit=code) in html
    assert 'class="outcome adopted"' in html and "Adopted" in html


def test_the_results_page_is_readable_before_any_protocol(referendum: Any) -> None:
    response = _client().get(url("results"))
    assert response.status_code == 200


def test_the_referendum_index_sends_a_single_referendum_to_its_results(referendum: Any) -> None:
    response = _client().get(reverse("referendum:index"))
    assert response.status_code == 302 and response["Location"] == url("results")


def test_a_unit_page_lists_its_districts_and_precincts(counted: SyntheticElection) -> None:
    astana = [p for p in counted.protocols if p.unit == "astana"]
    response = _client().get(url("unit", unit="astana"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(p.precinct in html for p in astana[:20])
    assert 'class="chart-turnout"' in html


def test_an_unknown_unit_is_not_found(counted: SyntheticElection) -> None:
    assert _client().get(url("unit", unit="atlantis")).status_code == 404


def test_the_turnout_page_draws_the_day_and_tabulates_it(counted: SyntheticElection) -> None:
    html = _client().get(url("turnout")).content.decode()
    assert 'class="chart-turnout"' in html
    for time in ("10:00", "12:00", "14:00", "16:00", "18:00", "20:00"):
        assert f">{time}</th>" in html


def test_the_anomaly_list_shows_the_planted_irregularities(counted: SyntheticElection) -> None:
    html = _client().get(url("anomalies")).content.decode()
    for _kind, precinct in counted.planted:
        assert url("precinct", code=precinct) in html


def test_the_protocols_download_reads_back_as_the_stored_count(counted: SyntheticElection) -> None:
    response = _client().get(url("protocols_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    downloaded = read_protocols(response.content.decode())
    assert sorted(downloaded, key=lambda p: p.precinct) == sorted(
        counted.protocols, key=lambda p: p.precinct
    )


def test_results_json_carries_the_outcome_and_the_flags(counted: SyntheticElection) -> None:
    data = _client().get(url("results_json")).json()
    assert data["outcome"]["adopted"] is True
    assert len(data["outcome"]["units"]) == 21
    assert {a["precinct"] for a in data["anomalies"]} >= {p for _k, p in counted.planted}


def test_the_precinct_page_shows_history_to_observers_but_not_to_the_public(
    counted: SyntheticElection, question: Question, official: Any, observer: Any
) -> None:
    code = counted.protocols[0].precinct
    protocol = Protocol.objects.get(question=question, precinct__code=code)
    from dataclasses import replace

    from atazan.referendum import actions

    f = counted.protocols[0].figures
    actions.correct_protocol(
        official, protocol, replace(f, yes=f.yes + 1, no=f.no - 1), "Recount ordered"
    )
    public = _client().get(url("precinct", code=code)).content.decode()
    assert "Recount ordered" not in public
    seen = _client(observer).get(url("precinct", code=code)).content.decode()
    assert "Recount ordered" in seen and 'class="table versions"' in seen


def test_anonymous_visitors_are_sent_to_sign_in_for_the_entry_form(referendum: Any) -> None:
    response = _client().get(url("enter"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_citizen_is_refused_the_entry_form(referendum: Any, citizen: Any) -> None:
    assert _client(citizen).get(url("enter")).status_code == 403


def _figures(**changes: int) -> dict[str, str]:
    data = {
        "registered": 1500,
        "received": 1510,
        "issued": 1000,
        "yes": 800,
        "no": 170,
        "invalid": 20,
        "not_counted": 10,
        "spoiled": 4,
        "unused": 506,
    }
    data.update(changes)
    return {k: str(v) for k, v in data.items()}


@pytest.fixture
def empty_precinct(question: Question) -> str:
    from atazan.referendum import actions

    unit = question.referendum.units.get(code="abai")
    actions.add_precinct(SYSTEM, unit, district_code="abai-01", code="ABA-0999")
    return "ABA-0999"


def test_the_entry_form_refuses_a_broken_protocol_and_names_the_relation(
    empty_precinct: str, official: Any
) -> None:
    response = _client(official).post(
        url("enter"), {"precinct": empty_precinct, **_figures(yes=801)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Broken relation “issued = yes + no + invalid + not counted”" in html
    assert "(1000)" in html and "(1001)" in html
    assert 'class="field broken"' in html
    assert not ProtocolVersion.objects.exists()


def test_the_entry_form_stores_a_consistent_protocol(empty_precinct: str, official: Any) -> None:
    response = _client(official).post(url("enter"), {"precinct": empty_precinct, **_figures()})
    assert response.status_code == 302
    assert ProtocolVersion.objects.get().yes == 800


def test_the_entry_form_names_an_unknown_precinct(referendum: Any, official: Any) -> None:
    response = _client(official).post(url("enter"), {"precinct": "NOPE-1", **_figures()})
    assert response.status_code == 200 and not ProtocolVersion.objects.exists()


def test_the_correction_form_needs_a_reason_and_then_adds_version_2(
    empty_precinct: str, official: Any
) -> None:
    client = _client(official)
    client.post(url("enter"), {"precinct": empty_precinct, **_figures()})
    without = client.post(
        url("correct", code=empty_precinct),
        {**_figures(yes=801, no=169), "reason": "", "version": 1},
    )
    assert without.status_code == 200 and ProtocolVersion.objects.count() == 1
    with_reason = client.post(
        url("correct", code=empty_precinct),
        {**_figures(yes=801, no=169), "reason": "Typo in line 4", "version": 1},
    )
    assert with_reason.status_code == 302
    assert list(ProtocolVersion.objects.order_by("number").values_list("number", "yes")) == [
        (1, 800),
        (2, 801),
    ]
    page = client.get(url("precinct", code=empty_precinct)).content.decode()
    assert "Typo in line 4" in page


def test_an_official_reports_turnout_from_the_precinct_page(
    empty_precinct: str, official: Any
) -> None:
    client = _client(official)
    response = client.post(
        url("report_turnout", code=empty_precinct), {"time": "10:00", "voted": "120"}
    )
    assert response.status_code == 302
    assert "120" in client.get(url("precinct", code=empty_precinct)).content.decode()


def test_the_voter_roll_is_closed_to_the_public_and_observers(
    referendum: Any, observer: Any
) -> None:
    assert _client().get(url("roll")).status_code == 302
    assert _client(observer).get(url("roll")).status_code == 403


def test_an_official_adds_a_voter_and_sees_refusals_explained(
    empty_precinct: str, official: Any
) -> None:
    from atazan_redact.identity import make_identifier

    client = _client(official)
    young = {
        "precinct": empty_precinct,
        "iin": make_identifier("08031650036"),
        "full_name": "Әлихан Сейітов",
        "birth_date": "2008-03-16",
    }
    refused = client.post(url("roll"), young)
    assert refused.status_code == 200 and "errors-named" in refused.content.decode()
    adult = {**young, "iin": make_identifier("85031540012"), "birth_date": "1985-03-15"}
    assert client.post(url("roll"), adult).status_code == 302


def test_the_desk_lists_precincts_waiting_for_a_protocol(
    empty_precinct: str, official: Any
) -> None:
    html = _client(official).get(url("desk")).content.decode()
    assert empty_precinct in html


def test_the_online_page_renders_without_a_round(referendum: Any) -> None:
    assert _client().get(url("online")).status_code == 200


@pytest.mark.parametrize(("language", "grouped"), [("kk", "\u00a0"), ("ru", "\u00a0"), ("en", ",")])
def test_figures_are_grouped_the_readers_way_in_each_language(
    counted: SyntheticElection, language: str, grouped: str
) -> None:
    total = sum(p.figures.registered for p in counted.protocols)
    html = Client(headers={"accept-language": language}).get(url("results")).content.decode()
    assert f"{total:,}".replace(",", grouped) in html
