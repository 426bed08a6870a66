"""The demo referendum: every unit counted, irregularities to find, and safe to load twice."""

from __future__ import annotations

import io
from typing import Any

from atazan.core.audit import verify_chain
from atazan.referendum import selectors
from atazan.referendum.demo import SLUG, load_demo
from atazan.referendum.models import Protocol, ProtocolVersion, Referendum, TurnoutReport


def test_the_demo_counts_every_unit_and_loading_it_again_changes_nothing(db: Any) -> None:
    out = io.StringIO()
    load_demo(out, precincts=300, abroad=6, online_ballots=0)
    referendum = Referendum.objects.get(slug=SLUG)
    question = referendum.questions.get()
    results = selectors.results(question)
    assert {u.code for u in results.national.children} == {u.code for u in referendum.units.all()}
    assert len(results.national.children) == 21
    assert results.outcome.adopted and 70 < float(results.outcome.turnout) < 80
    assert results.anomalies, "observers should have something to look at"
    assert ProtocolVersion.objects.filter(number=2).count() == 1  # one corrected protocol
    assert selectors.precincts_without_protocol(question), "a few precincts wait for entry"
    assert TurnoutReport.objects.exists()
    counts = (
        Protocol.objects.count(),
        ProtocolVersion.objects.count(),
        TurnoutReport.objects.count(),
    )
    load_demo(io.StringIO(), precincts=300, abroad=6, online_ballots=0)
    assert (
        Protocol.objects.count(),
        ProtocolVersion.objects.count(),
        TurnoutReport.objects.count(),
    ) == counts
    assert verify_chain() is None
