"""Command line: derive an amendment file, consolidate one, list its conflicts.

    python -m atazan_amend derive BASE DRAFT --out FILE
    python -m atazan_amend consolidate BASE FILE --out PREFIX
    python -m atazan_amend conflicts BASE FILE

BASE and DRAFT are prefixes: ``samples/kenbel-1998`` reads
``samples/kenbel-1998.kk.txt``, ``.ru.txt`` and ``.en.txt`` (or ``.md``,
``.json``, ``.xml``), whichever exist. The demo's amendments are regenerated
with::

    python -m atazan_amend derive src/atazan/constitution/samples/kenbel-1998 \\
        src/atazan/constitution/samples/kenbel-2026-draft \\
        --out src/atazan/constitution/samples/kenbel-2026-amendments.json
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from atazan_amend.consolidate import consolidate, find_conflicts
from atazan_amend.derive import derive
from atazan_amend.errors import AmendmentError
from atazan_amend.jsonio import dump, load
from atazan_texts.model import LANGUAGES, Document

_EXTENSIONS = ("txt", "md", "json", "xml")


def load_expressions(prefix: str) -> dict[str, Document]:
    """Every ``PREFIX.<language>.<ext>`` that exists, by language."""
    from atazan_texts.io import load_document

    found: dict[str, Document] = {}
    base = Path(prefix)
    for language in LANGUAGES:
        for ext in _EXTENSIONS:
            path = base.parent / f"{base.name}.{language}.{ext}"
            if path.is_file():
                found[language] = load_document(path, language=language)
                break
    return found


def _derive(args: argparse.Namespace) -> int:
    base, target = load_expressions(args.base), load_expressions(args.target)
    if not base or not target:
        print("error: no texts found for the base or the target prefix", file=sys.stderr)
        return 2
    result = derive(
        base, target, language=args.language, numbering=args.numbering, id_prefix=args.prefix
    )
    dump(result, args.out)
    counts: dict[str, int] = {}
    for amendment in result.amendments:
        counts[amendment.kind] = counts.get(amendment.kind, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    print(f"{len(result.amendments)} amendments ({summary}) in {', '.join(result.languages)}, "
          f"numbering {result.numbering!r} -> {args.out}")  # fmt: skip
    return 0


def _consolidate(args: argparse.Namespace) -> int:
    from atazan_texts.plaintext import to_plaintext

    base = load_expressions(args.base)
    result = consolidate(base, load(args.amendments))
    for language, document in result.items():
        path = Path(f"{args.out}.{language}.txt")
        path.write_text(to_plaintext(document), encoding="utf-8")
        print(f"{language}: {len(document.articles())} articles -> {path}")
    for warning in result.warnings:
        print(f"warning ({warning.code}): {warning}")
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    conflicts = find_conflicts(load_expressions(args.base), load(args.amendments))
    for conflict in conflicts:
        print(conflict)
    print(f"{len(conflicts)} conflict(s)")
    return 1 if conflicts else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m atazan_amend", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    derive_ = commands.add_parser("derive", help="write the amendments that turn BASE into TARGET")
    derive_.add_argument("base", help="base prefix (reads BASE.kk.txt, BASE.ru.txt, BASE.en.txt)")
    derive_.add_argument("target", help="target prefix, read the same way")
    derive_.add_argument("--out", required=True, help="the JSON file to write")
    derive_.add_argument("--language", default=None, help="language to align articles in (en)")
    derive_.add_argument("--numbering", choices=("keep", "articles", "full"), default=None)
    derive_.add_argument("--prefix", default="A", help="amendment id prefix (A: A001, A002, ...)")
    derive_.set_defaults(run=_derive)
    apply_ = commands.add_parser("consolidate", help="apply an amendment file to BASE")
    apply_.add_argument("base")
    apply_.add_argument("amendments")
    apply_.add_argument("--out", required=True, help="output prefix: writes OUT.<language>.txt")
    apply_.set_defaults(run=_consolidate)
    check = commands.add_parser("conflicts", help="list conflicts between adopted amendments")
    check.add_argument("base")
    check.add_argument("amendments")
    check.set_defaults(run=_conflicts)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except AmendmentError as error:
        print(f"error ({error.code}): {error}", file=sys.stderr)
        return 1
