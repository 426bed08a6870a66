"""The Django admin for accounts and the audit log.

Nothing here writes around the audit log: roles change only through the
audited actions core.actions.grant_role and revoke_role (so each change has
its entry and its row digest); every other field of an account, and the
log itself, is read-only here. Accounts are created by core.actions.create_user.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from atazan.core.actions import grant_role, revoke_role
from atazan.core.models import AuditCheckpoint, AuditEntry, User
from atazan.core.roles import Role


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewing only: no adding, changing or deleting (nor the bulk "delete selected")."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class UserRolesForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = User
        fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["roles"].initial = sorted(self.instance.role_set())


USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "preferred_language",
    "is_active",
    "is_staff",
    "is_superuser",
    "last_login",
    "date_joined",
]


@admin.register(User)
class AtazanUserAdmin(admin.ModelAdmin):
    """Accounts, read-only except their roles, which go through the audited actions."""

    form = UserRolesForm
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff", "roles_shown"]
    list_filter = ["is_active", "is_staff", "is_superuser", "role_assignments__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = [*USER_FIELDS, "roles"]
    readonly_fields = USER_FIELDS

    @admin.display(description=_("role assignments"))
    def roles_shown(self, obj: User) -> str:
        return ", ".join(sorted(obj.role_set()))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Changing means changing roles: only whoever the rules let assign them.
        return request.user.has_perm("core.assign_roles")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # The account row itself is not written here; each role change is an audited action.
        wanted = set(form.cleaned_data.get("roles") or [])
        held = set(obj.role_set())
        for role in sorted(wanted - held):
            grant_role(request.user, obj, role)
        for role in sorted(held - wanted):
            revoke_role(request.user, obj, role)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """No related rows are edited here (groups and permissions are not shown)."""


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "recorded_at", "actor_label", "action", "target_type", "target_id"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "created_at", "key_id", "entry_hash"]
    readonly_fields = [f.name for f in AuditCheckpoint._meta.fields]
