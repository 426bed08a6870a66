"""``atazan evaluate_analysis``: the quality figures of the analysis, per language and step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from atazan_analysis.evaluation.runner import run_all

DEFAULT_SHARED = Path.cwd().parent / "shared" / "data"


class Command(BaseCommand):
    help = (
        "Measure the analysis on labelled data: language, citations, campaigns, themes and taxonomy. "
        "Real public data sets are read from --data when present."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            default=str(DEFAULT_SHARED),
            help="folder with chile2016-cabildos-regional.csv and decide-madrid-proposals.csv",
        )
        parser.add_argument("--out", help="also write the figures to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_all(Path(options["data"]))
        text = json.dumps(report, ensure_ascii=False, indent=2)
        self.stdout.write(text)
        if options["out"]:
            Path(options["out"]).write_text(text + "\n", encoding="utf-8")
