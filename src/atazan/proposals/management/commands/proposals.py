"""``atazan proposals import|add-partner|auto-assign``: intake from the command line."""

from __future__ import annotations

import csv
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from atazan.core.actors import SystemActor
from atazan.proposals.importer import (
    FORMATS,
    Mapping,
    MappingError,
    RowError,
    Summary,
    run_parallel,
)
from atazan_results.csvio import safe_row

ACTOR = SystemActor("atazan proposals command")


class Command(BaseCommand):
    help = "Import proposals from CSV, JSON lines or XLSX; create partner API keys; route cases."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="import proposals from an export file")
        imp.add_argument("file", type=Path)
        imp.add_argument(
            "--format", dest="fmt", choices=FORMATS, help="default: from the file name"
        )
        imp.add_argument("--mapping", type=Path, required=True, help="TOML or JSON column mapping")
        imp.add_argument("--batch-size", type=int, default=2000)
        imp.add_argument("--errors", type=Path, help="also write rejected rows to this CSV file")
        imp.add_argument("--quiet", action="store_true", help="no progress output")
        imp.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes sharing the file (2 on a 2-core machine roughly doubles the speed)",
        )
        imp.add_argument(
            "--send-receipts",
            action="store_true",
            help="e-mail the registration receipt (with a tracking secret) to every proposal this "
            "import registers that has an e-mail address; never twice for the same proposal",
        )

        partner = sub.add_parser(
            "add-partner", help="register a partner system and print its API key"
        )
        partner.add_argument("name")
        partner.add_argument("--slug", default="")

        sub.add_parser("auto-assign", help="route unassigned cases by the assignment rules")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "handle_" + options["subcommand"].replace("-", "_"))(**options)

    def handle_add_partner(self, **options: Any) -> None:
        from atazan.proposals.actions import create_partner

        partner, key = create_partner(ACTOR, options["name"], options["slug"])
        self.stdout.write(f"partner {partner.slug} created; API key (shown once): {key}")

    def handle_auto_assign(self, **options: Any) -> None:
        from atazan.proposals.actions import auto_assign

        self.stdout.write(f"assigned {auto_assign(ACTOR)} cases")

    def handle_import(self, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        fmt = options["fmt"] or path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"--format: say csv, jsonl or xlsx for {path.name}")
        try:
            mapping = Mapping.load(options["mapping"])
        except MappingError as exc:
            raise CommandError(str(exc)) from exc
        err = self.stderr
        tty = err.isatty()
        quiet = options["quiet"]
        last_print = [0.0]

        def progress(summary: Summary, fraction: float) -> None:
            if quiet:
                return
            now = time.monotonic()
            if fraction < 1.0 and now - last_print[0] < (0.2 if tty else 1.0):
                return
            last_print[0] = now
            filled = int(fraction * 30)
            bar = "#" * filled + "-" * (30 - filled)
            line = (
                f"[{bar}] {fraction:4.0%}  read {summary.read:,}  imported {summary.imported:,}  "
                f"skipped {summary.skipped:,}  rejected {summary.rejected:,}  "
                f"{summary.rate:,.0f} rows/s"
            )
            err.write(("\r" + line) if tty else line, ending="" if tty else "\n")
            err.flush()

        error_file = (
            options["errors"].open("w", newline="", encoding="utf-8") if options["errors"] else None
        )
        writer = csv.writer(error_file) if error_file else None
        if writer:
            writer.writerow(["line", "field", "reason"])
        shown = [0]

        def on_error(error: RowError) -> None:
            if writer:
                # The reason quotes the rejected value, which may start like a formula.
                writer.writerow(safe_row([error.line, error.field, error.reason]))
            if shown[0] < 200:
                self.stdout.write(f"line {error.line}: {error.field}: {error.reason}")
            shown[0] += 1

        try:
            summary = run_parallel(
                path,
                fmt,
                mapping,
                actor=ACTOR,
                workers=max(options["workers"], 1),
                batch_size=max(options["batch_size"], 1),
                progress=progress,
                on_error=on_error,
                collect_numbers=options["send_receipts"],
            )
        except MappingError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if error_file:
                error_file.close()
        if tty and not quiet:
            err.write("")
        if shown[0] > 200:
            self.stdout.write(f"... and {shown[0] - 200} more rejected fields")
        self.stdout.write(
            f"{path.name}: read {summary.read:,} rows in {summary.seconds:.1f} s "
            f"({summary.rate:,.0f} rows/s): imported {summary.imported:,}, "
            f"skipped as already present {summary.skipped:,}, rejected {summary.rejected:,}"
            + (
                f"; {summary.replaced:,} rows stored garbled by an earlier import were replaced"
                if summary.replaced
                else ""
            )
            + (
                f"; language detected from the text for {summary.languages_detected:,} rows "
                "that gave none"
                if summary.languages_detected
                else ""
            )
        )
        if options["send_receipts"]:
            from atazan.proposals.actions import send_import_receipts
            from atazan.proposals.notify import deliver_pending

            sent = send_import_receipts(ACTOR, summary.numbers)
            # Sent from here rather than left to the worker: the command ends when they are out.
            deliver_pending()
            self.stdout.write(f"receipts sent: {sent:,}")
        sys.stdout.flush()
