"""``atazan audit_checkpoint``: sign the audit log as it stands, and publish the checkpoint.

The Ed25519 signing key is read from a file (``--key`` or
$ATAZAN_AUDIT_SIGNING_KEY_FILE) and never stored in the database; keep it off
the database server. ``--new-key FILE`` makes a key pair: the seed in FILE
(mode 600) and the public key in FILE.pub. docs/audit.md describes the routine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from atazan.core.audit import (
    SIGNING_KEY_ENV,
    AuditLogBroken,
    CheckpointError,
    load_signing_key,
    make_checkpoint,
    new_signing_key,
    publish_checkpoint,
)


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of the audit log with an Ed25519 key kept outside the database, "
        "write it to a file and publish it on /audit/checkpoints/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--key", metavar="FILE", help=f"the signing key (default: ${SIGNING_KEY_ENV})"
        )
        parser.add_argument(
            "--out", metavar="FILE", help="write the checkpoint (JSON) here; - for stdout"
        )
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="do not keep the checkpoint for the public page and the open data",
        )
        parser.add_argument(
            "--sequence",
            type=int,
            metavar="N",
            help="sign entry #N instead of the newest one",
        )
        parser.add_argument(
            "--new-key",
            metavar="FILE",
            help="make a new key pair (FILE and FILE.pub) and stop",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["new_key"]:
                key = new_signing_key(options["new_key"])
                self.stdout.write(f"public key {key.public.hex()}")
                self.stdout.write(
                    f"key id {key.key_id}; written to {options['new_key']} (keep it secret, off "
                    f"the database server) and {options['new_key']}.pub (publish it)"
                )
                return
            if options["no_publish"] and not options["out"]:
                raise CommandError(
                    "with --no-publish, give --out FILE: the checkpoint goes nowhere"
                )
            key_file = options["key"] or os.environ.get(SIGNING_KEY_ENV, "")
            if not key_file:
                raise CommandError(f"give the signing key with --key FILE or ${SIGNING_KEY_ENV}")
            checkpoint = make_checkpoint(load_signing_key(key_file), options["sequence"])
        except (CheckpointError, AuditLogBroken) as exc:
            raise CommandError(str(exc)) from None
        text = checkpoint.to_json()
        out = options["out"]
        if out == "-":
            self.stdout.write(text, ending="")
        elif out:
            Path(out).write_text(text, encoding="utf-8")
        if not options["no_publish"]:
            publish_checkpoint(checkpoint)
        where = [out] if out and out != "-" else []
        if not options["no_publish"]:
            where.append("published")
        # With --out -, stdout carries the checkpoint alone.
        (self.stderr if out == "-" else self.stdout).write(
            f"checkpoint of entry #{checkpoint.sequence} ({checkpoint.entry_hash[:16]}…) signed "
            f"with key {checkpoint.key_id}: {', '.join(where) or 'written'}",
            style_func=lambda text: text,
        )
