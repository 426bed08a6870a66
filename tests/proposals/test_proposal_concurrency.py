"""Real concurrency on PostgreSQL: two analysts at once, and a retried API request racing itself."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from proposal_helpers import submission

from atazan.proposals import actions
from atazan.proposals.models import Channel, IdempotencyRecord, Outcome, Proposal

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database"),
]


def run_together(*jobs: Any) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Any) -> None:
        barrier.wait()
        try:
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_analysts_answering_at_the_same_moment(citizen: Any, analyst: Any, lead: Any) -> None:
    case = actions.register_proposal(
        citizen, submission(), channel=Channel.WEB, external_id="x"
    ).proposal
    version = case.version

    def answer_as(user: Any, outcome: str) -> Any:
        return lambda: actions.answer(
            user,
            Proposal.objects.get(pk=case.pk),
            outcome=outcome,
            reason="Жауап.",
            expected_version=version,
        )

    results = run_together(answer_as(analyst, Outcome.ACCEPTED), answer_as(lead, Outcome.REJECTED))
    winners = [r for r in results if isinstance(r, Proposal)]
    losers = [r for r in results if isinstance(r, actions.CaseChangedError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert Proposal.objects.get(pk=case.pk).outcome == winners[0].outcome


def test_the_same_api_request_sent_twice_at_once_registers_once(
    partner_key: tuple[Any, str],
) -> None:
    _, key = partner_key
    payload = json.dumps(
        {
            "external_id": "race-1",
            "language": "ru",
            "text": "Текст.",
            "submitter": {"type": "citizen", "name": "Ким", "iin": submission().iin},
        }
    )

    def post() -> Any:
        response = Client().post(
            "/proposals/api/v1/proposals",
            data=payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
            HTTP_IDEMPOTENCY_KEY="same",
        )
        return response.status_code, response.json()["number"]

    results = run_together(post, post, post)
    assert all(isinstance(r, tuple) for r in results), results
    assert {r[1] for r in results} == {Proposal.objects.get().number}
    assert IdempotencyRecord.objects.count() == 1
