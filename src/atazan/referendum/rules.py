"""Who may do what in a referendum, as named predicates.

Results, protocols, turnout and anomaly flags are public: anyone may check
the count. Entering and correcting protocols is the work of election
officials, and only while the referendum is not final. The voter roll holds
personal data, so only officials and administrators see it.
"""

from __future__ import annotations

from typing import Any

import rules

from atazan.core.rules import (
    is_administrator,
    is_election_official,
    is_observer,
    is_superuser,
)


@rules.predicate
def is_open_for_counting(user: Any, referendum: Any) -> bool:
    """Protocols may change until the results are declared final."""
    if referendum is None:
        return True
    target = getattr(referendum, "referendum", referendum)
    return bool(getattr(target, "status", "") != "final")


can_administer = is_administrator | is_superuser

rules.add_perm("referendum.view_results", rules.always_allow)
rules.add_perm("referendum.view_anomalies", rules.always_allow)
rules.add_perm("referendum.enter_protocol", is_election_official & is_open_for_counting)
rules.add_perm("referendum.correct_protocol", is_election_official & is_open_for_counting)
rules.add_perm("referendum.report_turnout", is_election_official & is_open_for_counting)
rules.add_perm(
    "referendum.view_protocol_history", is_election_official | is_observer | can_administer
)
rules.add_perm("referendum.view_voter_roll", is_election_official | can_administer)
rules.add_perm("referendum.manage_voter_roll", is_election_official | can_administer)
rules.add_perm("referendum.configure_referendum", can_administer)
rules.add_perm("referendum.run_online_round", is_election_official | can_administer)
rules.add_perm("referendum.join_online_tally", is_election_official | can_administer)
