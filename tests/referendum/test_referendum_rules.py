"""One test per referendum permission: who may, and who may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from atazan.core.roles import Role
from atazan.referendum.models import Referendum, ReferendumStatus
from atazan.referendum.rules import is_open_for_counting

from factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = set(Role)


def _allowed(perm: str, obj: Any = None) -> set[Role]:
    return {role for role in Role if UserFactory(roles=[role]).has_perm(perm, obj)}


def test_everyone_may_view_results_even_anonymously() -> None:
    assert _allowed("referendum.view_results") == EVERYONE
    assert AnonymousUser().has_perm("referendum.view_results")


def test_everyone_may_view_anomalies_even_anonymously() -> None:
    assert _allowed("referendum.view_anomalies") == EVERYONE
    assert AnonymousUser().has_perm("referendum.view_anomalies")


def test_only_election_officials_may_enter_protocols() -> None:
    assert _allowed("referendum.enter_protocol") == {Role.ELECTION_OFFICIAL}
    assert not AnonymousUser().has_perm("referendum.enter_protocol")


def test_only_election_officials_may_correct_protocols() -> None:
    assert _allowed("referendum.correct_protocol") == {Role.ELECTION_OFFICIAL}


def test_only_election_officials_may_report_turnout() -> None:
    assert _allowed("referendum.report_turnout") == {Role.ELECTION_OFFICIAL}


def test_officials_observers_and_administrators_see_protocol_history() -> None:
    assert _allowed("referendum.view_protocol_history") == {
        Role.ELECTION_OFFICIAL,
        Role.OBSERVER,
        Role.ADMINISTRATOR,
    }
    assert not AnonymousUser().has_perm("referendum.view_protocol_history")


def test_only_officials_and_administrators_see_the_voter_roll() -> None:
    assert _allowed("referendum.view_voter_roll") == {Role.ELECTION_OFFICIAL, Role.ADMINISTRATOR}
    assert not AnonymousUser().has_perm("referendum.view_voter_roll")


def test_only_officials_and_administrators_manage_the_voter_roll() -> None:
    assert _allowed("referendum.manage_voter_roll") == {Role.ELECTION_OFFICIAL, Role.ADMINISTRATOR}


def test_only_administrators_configure_a_referendum() -> None:
    assert _allowed("referendum.configure_referendum") == {Role.ADMINISTRATOR}
    superuser = UserFactory(is_superuser=True)
    assert superuser.has_perm("referendum.configure_referendum")


def test_only_officials_and_administrators_run_an_online_round() -> None:
    assert _allowed("referendum.run_online_round") == {Role.ELECTION_OFFICIAL, Role.ADMINISTRATOR}


def test_only_officials_and_administrators_join_an_online_tally() -> None:
    assert _allowed("referendum.join_online_tally") == {Role.ELECTION_OFFICIAL, Role.ADMINISTRATOR}


def test_protocols_are_open_until_the_results_are_final() -> None:
    counting = Referendum(status=ReferendumStatus.COUNTING)
    final = Referendum(status=ReferendumStatus.FINAL)
    official = UserFactory(roles=[Role.ELECTION_OFFICIAL])
    assert is_open_for_counting.test(official, counting)
    assert not is_open_for_counting.test(official, final)
    assert official.has_perm("referendum.enter_protocol", counting)
    assert not official.has_perm("referendum.enter_protocol", final)
    assert not official.has_perm("referendum.correct_protocol", final)
    assert not official.has_perm("referendum.report_turnout", final)
