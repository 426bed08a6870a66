from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from atazan.core.audit import verify_chain
from atazan.core.models import AuditEntry


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = verify_chain()
        if problem is not None:
            raise CommandError(
                f"audit log broken at entry #{problem.sequence} ({problem.kind}): {problem.detail}"
            )
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {count} entries verified"))
