"""``atazan constitution import|export|list|compare``: manage stored texts."""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from atazan.core.actors import SystemActor
from atazan_texts.errors import TextImportError
from atazan_texts.io import dump_document, load_document
from atazan_texts.model import Document

ACTOR = SystemActor("atazan constitution command")

EXPORT_CHOICES = ["akn", "json", "html", "pdf", "txt"]


class Command(BaseCommand):
    help = "Import, export, list and compare constitution texts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)

        imp = sub.add_parser("import", help="store a text from Akoma Ntoso XML, JSON or plain text")
        imp.add_argument("file", type=Path)
        imp.add_argument("--work", help="constitution identifier, e.g. kenbel")
        imp.add_argument("--version", dest="version_label", help="version label, e.g. 1998")
        imp.add_argument("--lang", choices=["kk", "ru", "en"])
        imp.add_argument("--date", help="date of the version, YYYY-MM-DD")
        imp.add_argument("--status", choices=["in_force", "draft", "historical"])
        imp.add_argument("--based-on", help="label of the version this one was drafted from")
        imp.add_argument("--format", dest="fmt", choices=["akn", "json", "txt"])
        imp.add_argument("--publish", action="store_true", help="make a draft public")
        imp.add_argument("--replace", action="store_true", help="overwrite a stored text")

        exp = sub.add_parser("export", help="write a stored text")
        exp.add_argument("ref", help="WORK:VERSION, e.g. kenbel:1998")
        exp.add_argument("--lang", required=True, choices=["kk", "ru", "en"])
        exp.add_argument("--format", dest="fmt", choices=EXPORT_CHOICES, default="akn")
        exp.add_argument("--out", type=Path, help="file to write (default: standard output)")

        sub.add_parser("list", help="list stored works, versions and languages")

        cmp_ = sub.add_parser("compare", help="compare two versions, stored or as files")
        cmp_.add_argument("a", help="WORK:VERSION or a file")
        cmp_.add_argument("b", help="WORK:VERSION or a file")
        cmp_.add_argument("--lang", required=True, choices=["kk", "ru", "en"])
        cmp_.add_argument("--json", action="store_true", help="print the full comparison as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "handle_" + options["subcommand"])
        handler(**options)

    # import ---------------------------------------------------------------
    def handle_import(self, **options: Any) -> None:
        from atazan.constitution.actions import TextStoreError, import_text

        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"file: {path} does not exist")
        source = path.read_bytes()
        try:
            document = load_document(
                source, options["fmt"] or _format_of(path), language=options["lang"]
            )
        except TextImportError as exc:
            raise CommandError(f"{path}: the text was not imported:\n{exc}") from exc
        date = None
        if options["date"]:
            try:
                date = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {options['date']!r} is not YYYY-MM-DD") from exc
        try:
            expression = import_text(
                ACTOR,
                document,
                work_slug=options["work"],
                version_label=options["version_label"],
                language=options["lang"],
                date=date,
                status=options["status"],
                based_on=options["based_on"],
                source_format=options["fmt"] or _format_of(path),
                source=source,
                publish=options["publish"],
                replace=options["replace"],
            )
        except TextStoreError as exc:
            raise CommandError(str(exc)) from exc
        count = expression.provisions.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"stored {expression.version} in {expression.language}: {count} provisions"
            )
        )

    # export ---------------------------------------------------------------
    def handle_export(self, **options: Any) -> None:
        document = _stored_document(options["ref"], options["lang"])
        payload = dump_document(document, options["fmt"])
        out: Path | None = options["out"]
        if out is None:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        else:
            out.write_bytes(payload)
            self.stderr.write(f"wrote {out} ({len(payload)} bytes)")

    # list -----------------------------------------------------------------
    def handle_list(self, **options: Any) -> None:
        from atazan.constitution.models import Work

        works = Work.objects.prefetch_related("versions__expressions").order_by("slug")
        if not works:
            self.stdout.write("no texts stored")
        for work in works:
            self.stdout.write(work.slug)
            for version in work.versions.all():
                languages = ",".join(sorted(e.language for e in version.expressions.all()))
                published = "published" if version.is_public else "not published"
                date = version.date.isoformat() if version.date else "-"
                self.stdout.write(
                    f"  {version.label:<20} {version.status:<10} {date:<10} {published:<13} {languages}"
                )

    # compare --------------------------------------------------------------
    def handle_compare(self, **options: Any) -> None:
        from atazan_compare import compare, comparison_to_json, summary_text

        base = _document_from_ref(options["a"], options["lang"])
        new = _document_from_ref(options["b"], options["lang"])
        result = compare(base, new)
        if options["json"]:
            self.stdout.write(json.dumps(comparison_to_json(result), ensure_ascii=False, indent=2))
            return
        data = comparison_to_json(result)
        self.stdout.write(summary_text(result))
        for pair in data["pairs"]:
            if pair["relation"] == "identical":
                continue
            old = ",".join(pair["old"] or []) or "-"
            new_nums = ",".join(pair["new"] or []) or "-"
            self.stdout.write(f"  {pair['relation']:<11} {old:>9} -> {new_nums}")


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return "akn"
    if suffix == ".json":
        return "json"
    return "txt"


def _stored_document(ref: str, language: str) -> Document:
    from atazan.constitution.models import Expression
    from atazan.constitution.selectors import document_for

    work, sep, label = ref.partition(":")
    if not sep:
        raise CommandError(f"{ref!r}: write a stored version as WORK:VERSION, e.g. kenbel:1998")
    expression = Expression.objects.filter(
        version__work__slug=work, version__label=label, language=language
    ).first()
    if expression is None:
        raise CommandError(f"{ref}: no stored {language} text")
    return document_for(expression)


def _document_from_ref(ref: str, language: str) -> Document:
    path = Path(ref)
    if path.exists():
        try:
            return load_document(path.read_bytes(), _format_of(path), language=language)
        except TextImportError as exc:
            raise CommandError(f"{path}: cannot be read:\n{exc}") from exc
    return _stored_document(ref, language)
