"""``atazan verify_audit_log``: the chain, the followed rows, and signed checkpoints.

Exit status: 0 when everything checked is intact; 1 when the log or a row
was tampered with (each problem on stderr); 2 when a checkpoint cannot be used
(unreadable, not signed by the given public key) or no public key was given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from atazan.core.audit import (
    PUBLIC_KEY_ENV,
    Checkpoint,
    CheckpointError,
    load_public_key,
    published_checkpoint_objects,
    read_checkpoint,
    verify_log,
)

#: Exit status for a checkpoint or key that cannot be used.
UNUSABLE = 2


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain, compare the rows it follows with their last "
        "audited state, and check the log against signed checkpoints (--checkpoint FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a signed checkpoint (JSON) the log must still contain; may be repeated",
        )
        parser.add_argument(
            "--published",
            action="store_true",
            help="also check the log against every published checkpoint signed by the key",
        )
        parser.add_argument(
            "--public-key",
            metavar="FILE",
            help=f"the signers' Ed25519 public key, in hexadecimal (default: ${PUBLIC_KEY_ENV})",
        )
        parser.add_argument(
            "--chain-only",
            action="store_true",
            help="skip the comparison of rows with their last audited state",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoints = self._checkpoints(options)
        report = verify_log(checkpoints, rows=not options["chain_only"])
        problems: list[str] = []
        if report.chain is not None:
            p = report.chain
            problems.append(f"audit log broken at entry #{p.sequence} ({p.kind}): {p.detail}")
        if report.rows is not None:
            problems += [f"row changed outside the log: {p.detail}" for p in report.rows.problems]
        if problems:
            for line in problems[:-1]:
                self.stderr.write(line)
            raise CommandError(problems[-1])
        self.stdout.write(
            self.style.SUCCESS(f"audit log intact: {report.entries} entries verified")
        )
        for c in checkpoints:
            self.stdout.write(f"matches {c.label}: entry #{c.sequence}")
        if report.rows is not None:
            line = f"rows: {report.rows.checked} as their last audited action left them"
            if report.rows.not_comparable:
                line += f" ({report.rows.not_comparable} recorded by an older version not compared)"
            self.stdout.write(line)

    def _checkpoints(self, options: dict[str, Any]) -> list[Checkpoint]:
        files: list[str] = options["checkpoint"]
        if not files and not options["published"]:
            return []
        key_file = options["public_key"] or os.environ.get(PUBLIC_KEY_ENV, "")
        if not key_file:
            raise CommandError(
                f"a checkpoint is checked against the signers' public key: give --public-key "
                f"FILE or set {PUBLIC_KEY_ENV}",
                returncode=UNUSABLE,
            )
        try:
            public = load_public_key(key_file)
            found = [self._read(name, public) for name in files]
            if options["published"]:
                found += published_checkpoint_objects(public)
        except CheckpointError as exc:
            raise CommandError(f"checkpoint refused: {exc}", returncode=UNUSABLE) from None
        return found

    @staticmethod
    def _read(name: str, public: bytes) -> Checkpoint:
        try:
            return read_checkpoint(Path(name).read_text(encoding="utf-8"), public)
        except (OSError, UnicodeDecodeError, CheckpointError) as exc:
            raise CheckpointError(f"{name}: {exc}") from None
