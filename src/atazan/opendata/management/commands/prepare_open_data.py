"""``atazan prepare_open_data``: prepare the open-data files now, instead of on first request."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from atazan.core.actors import SystemActor
from atazan.opendata import actions


class Command(BaseCommand):
    help = "Prepare the open-data files (CSV, JSON Lines, Akoma Ntoso) that are stale or missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "names", nargs="*", help="datasets to prepare (default: every one), e.g. proposals"
        )
        parser.add_argument(
            "--force", action="store_true", help="rebuild even the files that are up to date"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = SystemActor("prepare_open_data command")
        for name in options["names"] or actions.names():
            started = time.monotonic()
            manifest = actions.prepare(actor, name, force=options["force"])
            self.stdout.write(
                _(
                    "%(name)s: %(rows)s rows, %(bytes)s bytes, last changed %(changed)s (%(seconds).1f s)"
                )
                % {
                    "name": name,
                    "rows": "-" if manifest.rows is None else manifest.rows,
                    "bytes": manifest.size,
                    "changed": manifest.changed_at,
                    "seconds": time.monotonic() - started,
                }
            )
