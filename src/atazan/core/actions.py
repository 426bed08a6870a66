"""Writes about accounts and roles. Each action records itself in the audit log."""

from __future__ import annotations

from django.db import transaction

from atazan.core.actors import Actor, require
from atazan.core.audit import record
from atazan.core.models import RoleAssignment, User
from atazan.core.roles import Role


def grant_role(actor: Actor, user: User, role: Role | str) -> RoleAssignment:
    role = Role(role)
    require(actor, "core.assign_roles")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
        if created:
            record(actor, "core.grant_role", user, {"role": role.value})
    user.__dict__.pop("_role_cache", None)
    return assignment


def revoke_role(actor: Actor, user: User, role: Role | str) -> None:
    role = Role(role)
    require(actor, "core.assign_roles")
    with transaction.atomic():
        deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            record(actor, "core.revoke_role", user, {"role": role.value})
    user.__dict__.pop("_role_cache", None)


def create_user(
    actor: Actor,
    username: str,
    password: str | None,
    *,
    roles: list[Role] | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create an account with its roles (the demo loader acts as a :class:`SystemActor`)."""
    require(actor, "core.assign_roles")
    with transaction.atomic():
        first, _, last = full_name.partition(" ")
        user = User(username=username, email=email, first_name=first, last_name=last)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record(actor, "core.create_user", user, {"username": username})
        for role in roles or []:
            RoleAssignment.objects.create(user=user, role=Role(role))
            record(actor, "core.grant_role", user, {"role": Role(role).value})
    return user


def set_staff(actor: Actor, user: User, *, staff: bool, superuser: bool = False) -> User:
    """Let an account into (or out of) the Django admin; audited like a role."""
    require(actor, "core.assign_roles")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_staff=staff, is_superuser=superuser)
        user.is_staff, user.is_superuser = staff, superuser
        record(actor, "core.set_staff", user, {"staff": staff, "superuser": superuser})
    return user
