"""The official count of a referendum, free of Django.

Protocols from precinct commissions are checked against their control
relations, added up precinct -> district -> unit -> nation, and judged under
the rules of the law, which are data (:mod:`atazan_results.law`). Anomaly
flags point observers at precincts worth a second look. The same code runs in
the web application, in ``atazan referendum results FILE.csv`` and in tests.
"""

from atazan_results.aggregate import Area, DuplicatePrecinct, aggregate
from atazan_results.anomalies import Anomaly, TurnoutReport, find_all, turnout_curve
from atazan_results.csvio import CsvFileError, CsvProblem, read_protocols, read_turnout
from atazan_results.law import ABROAD, CONSTITUTION, ORDINARY, Rule, preset
from atazan_results.outcome import Outcome, UnitOutcome, decide, percent, share
from atazan_results.protocol import (
    FIGURE_NAMES,
    RELATIONS,
    BrokenRelation,
    Figures,
    Protocol,
    ProtocolRejected,
    check,
    validated,
)

__all__ = [
    "ABROAD",
    "CONSTITUTION",
    "FIGURE_NAMES",
    "ORDINARY",
    "RELATIONS",
    "Anomaly",
    "Area",
    "BrokenRelation",
    "CsvFileError",
    "CsvProblem",
    "DuplicatePrecinct",
    "Figures",
    "Outcome",
    "Protocol",
    "ProtocolRejected",
    "Rule",
    "TurnoutReport",
    "UnitOutcome",
    "aggregate",
    "check",
    "decide",
    "find_all",
    "percent",
    "preset",
    "read_protocols",
    "read_turnout",
    "results_from_csv",
    "share",
    "turnout_curve",
    "validated",
]


def results_from_csv(text: str, rule: Rule) -> Outcome:
    """The outcome of a protocols file under ``rule`` (see ``atazan referendum results``)."""
    return decide(aggregate(read_protocols(text)), rule)
