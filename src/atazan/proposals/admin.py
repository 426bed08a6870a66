"""Admin for the secretariat's settings; changes are recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from atazan.core.audit import record
from atazan.proposals.models import AnswerTemplate, AssignmentRule, DayTransfer, Partner
from atazan.proposals.selectors import forget_calendar


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            request.user, f"proposals.admin_save_{obj._meta.model_name}", obj, {"change": change}
        )

    def delete_model(self, request: Any, obj: Any) -> None:
        record(request.user, f"proposals.admin_delete_{obj._meta.model_name}", obj, {})
        super().delete_model(request, obj)


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


@admin.register(Partner)
class PartnerAdmin(AuditedAdmin):
    list_display = ("name", "slug", "key_prefix", "active")
    readonly_fields = ("key_prefix", "key_hash")

    def has_add_permission(self, request: Any) -> bool:
        # Keys are issued by `atazan proposals add-partner`, which shows the key once.
        return False
