"""The constitution's texts in the Django admin, for viewing only.

Versions are published by constitution.actions.publish_version and texts come
in through import_text, both audited; an edit here would bypass the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from atazan.constitution.models import Expression, Version, Work


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Work)
class WorkAdmin(ReadOnlyAdmin):
    list_display = ["slug", "country", "created_at"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["work", "label", "date", "status", "published"]
    list_filter = ["published", "status"]


@admin.register(Expression)
class ExpressionAdmin(ReadOnlyAdmin):
    list_display = ["version", "language", "title", "imported_at"]
