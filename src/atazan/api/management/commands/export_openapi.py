"""``atazan export_openapi``: the API's OpenAPI document and its Markdown reference, to files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from atazan.api.reference import markdown, openapi_document


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1 (and, with --markdown, docs/api.md from it)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default="", help="Where to write the JSON (default: stdout).")
        parser.add_argument("--markdown", default="", help="Also write the Markdown reference.")

    def handle(self, *args: Any, **options: Any) -> None:
        schema = openapi_document()
        text = json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        if options["out"]:
            target = Path(options["out"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        if options["markdown"]:
            Path(options["markdown"]).write_text(markdown(schema), encoding="utf-8")
