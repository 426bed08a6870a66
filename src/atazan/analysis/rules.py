"""Who may run analyses and correct their results, as named predicates.

One test per rule: tests/analysis/test_analysis_rules.py.
"""

from __future__ import annotations

import rules

from atazan.core.rules import (
    is_administrator,
    is_analyst,
    is_commission_member,
    is_commission_secretary,
    is_superuser,
    is_working_group_lead,
)

can_read_analysis = (
    is_analyst
    | is_working_group_lead
    | is_commission_member
    | is_commission_secretary
    | is_administrator
    | is_superuser
)
can_correct_analysis = is_analyst | is_working_group_lead

rules.add_perm("analysis.view_runs", can_read_analysis)
rules.add_perm(
    "analysis.start_run", is_analyst | is_working_group_lead | is_administrator | is_superuser
)
rules.add_perm("analysis.correct_results", can_correct_analysis)
rules.add_perm("analysis.view_coverage", rules.always_allow)
