"""Admin for the secretariat's settings; changes are recorded in the audit log.

Each save and each deletion, also the bulk "delete selected" action, is
recorded in the same transaction as the change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction

from atazan.core.audit import record
from atazan.proposals.models import AnswerTemplate, AssignmentRule, DayTransfer, Partner
from atazan.proposals.selectors import forget_calendar


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                request.user,
                f"proposals.admin_save_{obj._meta.model_name}",
                obj,
                {"change": change},
            )

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            record(request.user, f"proposals.admin_delete_{obj._meta.model_name}", obj, {})
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        """The bulk "delete selected" action: one entry per row, all in one transaction."""
        with transaction.atomic():
            for obj in queryset:
                record(request.user, f"proposals.admin_delete_{obj._meta.model_name}", obj, {})
            super().delete_queryset(request, queryset)


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(AuditedAdmin):
    list_display = ("name", "outcome", "active")


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(AuditedAdmin):
    list_display = ("analyst", "topic", "region", "active")


@admin.register(DayTransfer)
class DayTransferAdmin(AuditedAdmin):
    list_display = ("day_off", "working_day", "note")

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_calendar()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        forget_calendar()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        forget_calendar()


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin):
    list_display = ("name", "slug", "key_prefix", "active")
    readonly_fields = ("key_prefix", "key_hash")

    def has_add_permission(self, request: Any) -> bool:
        # Keys are issued by `atazan proposals add-partner`, which shows the key once.
        return False
