from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the interface catalogs (.po to .mo) without needing GNU gettext."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--fill-source",
            metavar="LANG",
            help="copy each untranslated msgid into msgstr in LANG's catalog "
            "(for the language the interface is written in)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("fill_source"):
            self.fill_source(options["fill_source"])
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"compiled {compiled} catalog(s)")

    def fill_source(self, language: str) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            po_path = Path(locale_dir) / language / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                continue
            catalog = polib.pofile(str(po_path))
            for entry in catalog:
                if "fuzzy" in entry.flags:
                    # A guess from a similar string: the source text is the translation.
                    entry.msgstr = ""
                    entry.msgstr_plural = {}
                if entry.msgid_plural:
                    entry.msgstr_plural = {
                        0: entry.msgstr_plural.get(0) or entry.msgid,
                        1: entry.msgstr_plural.get(1) or entry.msgid_plural,
                    }
                elif not entry.msgstr:
                    entry.msgstr = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            catalog.save(str(po_path))
