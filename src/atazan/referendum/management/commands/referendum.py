"""``atazan referendum results|anomalies|simulate|verify``: the count and the online round from files.

``results`` and ``anomalies`` read a protocols file and need no database, so
anyone can recompute the published outcome from the published protocols.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from atazan_results import (
    CsvFileError,
    DuplicatePrecinct,
    aggregate,
    decide,
    find_all,
    preset,
    read_protocols,
    read_turnout,
)
from atazan_results.law import PRESETS


def _fraction(text: str) -> Fraction:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError) as exc:
        raise CommandError(f"{text!r} is not a fraction such as 1/2 or 0.5") from exc
    if not 0 <= value <= 1:
        raise CommandError(f"{text} is not between 0 and 1")
    return value


def _read(path: Path) -> str:
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    return path.read_text(encoding="utf-8-sig")


class Command(BaseCommand):
    help = "Compute referendum results from protocol files, and run or verify an online round."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)

        res = sub.add_parser("results", help="the outcome of a protocols CSV under a legal rule")
        res.add_argument(
            "protocols", type=Path, help="CSV: unit,district,precinct,kind,registered,..."
        )
        res.add_argument("--rule", choices=sorted(PRESETS), default="constitution")
        res.add_argument("--turnout-above", help="override the turnout threshold, e.g. 1/2")
        res.add_argument("--yes-above", help="override the majority threshold, e.g. 1/2")
        res.add_argument("--unit-quorum", help="override the share of units needed, e.g. 2/3")
        res.add_argument("--abroad-with", help="count votes abroad with this unit")
        res.add_argument("--json", action="store_true", help="print the full outcome as JSON")

        ano = sub.add_parser("anomalies", help="flags for observers in a protocols CSV")
        ano.add_argument("protocols", type=Path)
        ano.add_argument(
            "--turnout", type=Path, help="CSV of running turnout: unit,precinct,time,voted"
        )
        ano.add_argument("--json", action="store_true")

        sim = sub.add_parser("simulate", help="run a whole online election and write its record")
        sim.add_argument("--ballots", type=int, required=True)
        sim.add_argument("--out", type=Path, required=True)
        sim.add_argument("--seed", type=int, default=1)
        sim.add_argument("--trustees", type=int, default=3)
        sim.add_argument("--threshold", type=int, default=2)

        ver = sub.add_parser("verify", help="re-check a published online election record")
        ver.add_argument("record", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["subcommand"])(**options)

    def handle_results(self, **options: Any) -> None:
        rule = preset(options["rule"])
        changes: dict[str, Any] = {}
        if options["turnout_above"]:
            changes["turnout_above"] = _fraction(options["turnout_above"])
        if options["yes_above"]:
            changes["yes_above"] = _fraction(options["yes_above"])
        if options["unit_quorum"]:
            changes["unit_quorum"] = _fraction(options["unit_quorum"])
        if options["abroad_with"]:
            changes["attach_non_territorial_to"] = options["abroad_with"]
        if changes:
            rule = rule.with_changes(**changes)
        path: Path = options["protocols"]
        try:
            national = aggregate(read_protocols(_read(path)))
        except CsvFileError as exc:
            raise CommandError(f"{path}: the protocols were not read:\n{exc}") from exc
        except DuplicatePrecinct as exc:
            raise CommandError(f"{path}: {exc}") from exc
        outcome = decide(national, rule)
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=1))
            return
        f = outcome.figures
        self.stdout.write(f"rule: {rule.name}")
        self.stdout.write(f"precincts: {national.precinct_count}")
        self.stdout.write(f"registered: {f.registered}")
        self.stdout.write(f"voted: {f.voted} ({outcome.turnout}%)")
        self.stdout.write(f"yes: {f.yes} ({outcome.yes}%)")
        self.stdout.write(f"no: {f.no} ({outcome.no}%)")
        self.stdout.write(f"invalid: {f.invalid}  not counted: {f.not_counted}")
        self.stdout.write(f"valid: {'yes' if outcome.valid else 'no'}")
        if rule.unit_quorum is not None:
            self.stdout.write(
                f"units with a yes majority: {outcome.units_with_majority} of "
                f"{outcome.units_counted} (needed {outcome.units_needed})"
            )
        self.stdout.write(f"adopted: {'yes' if outcome.adopted else 'no'}")
        for reason in outcome.reasons:
            self.stdout.write(f"  because: {reason}")
        self.stdout.write("")
        self.stdout.write(
            f"{'unit':<20} {'registered':>11} {'voted':>10} {'turnout':>8} {'yes %':>7}  majority"
        )
        for u in outcome.units:
            mark = "yes" if u.majority_yes else "no"
            if not u.counts_for_rule:
                mark += " (not a unit)"
            self.stdout.write(
                f"{u.code:<20} {u.figures.registered:>11} {u.figures.voted:>10} {u.turnout:>7}% {u.yes:>6}%  {mark}"
            )

    def handle_anomalies(self, **options: Any) -> None:
        path: Path = options["protocols"]
        try:
            protocols = read_protocols(_read(path))
            reports = read_turnout(_read(options["turnout"])) if options["turnout"] else []
        except CsvFileError as exc:
            raise CommandError(f"the file was not read:\n{exc}") from exc
        flags = find_all(protocols, reports)
        if options["json"]:
            self.stdout.write(
                json.dumps([a.as_dict() for a in flags], ensure_ascii=False, indent=1)
            )
            return
        for a in flags:
            params = ", ".join(f"{k}={v}" for k, v in a.params.items())
            score = "" if a.score is None else f" z={a.score:.1f}"
            self.stdout.write(f"{a.unit:<18} {a.precinct:<12} {a.kind:<18}{score} {params}")
        self.stdout.write(f"{len(flags)} flags")

    def handle_simulate(self, **options: Any) -> None:
        from atazan.referendum import online

        if options["ballots"] < 1:
            raise CommandError("--ballots: at least one ballot is needed")
        summary = online.simulate(
            options["ballots"],
            options["out"],
            seed=options["seed"],
            trustees=options["trustees"],
            threshold=options["threshold"],
            progress=lambda text: self.stderr.write(text),
        )
        self.stdout.write(f"record written to {options['out']}")
        self.stdout.write(f"ballots cast: {summary.ballots_cast}, counted: {summary.counted}")
        self.stdout.write(f"tally: yes {summary.yes}, no {summary.no}")

    def handle_verify(self, **options: Any) -> None:
        from atazan.referendum import online

        path: Path = options["record"]
        if not path.is_dir():
            raise CommandError(f"{path}: not a record directory")
        ok, report = online.verify(path)
        self.stdout.write(report)
        if not ok:
            raise CommandError(f"{path}: the record did not verify")
