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


# Sign-in through the state identity service (atazan.core.oidc) ----------------------
#
# An account made by a verified sign-in is named after the provider's stable subject
# (``sub``) and has no password: only the identity service signs it in. Its IIN is
# bound by atazan.proposals.actions.bind_verified_identity in the same transaction.

#: The prefix of the user names of accounts made by a verified sign-in.
VERIFIED_USERNAME_PREFIX = "oidc-"


def verified_username(subject: str) -> str:
    """The user name of the account bound to the provider's subject ``sub``.

    The subject itself when it is a valid Django user name, otherwise its SHA-256:
    either way the same subject always names the same account.
    """
    import hashlib
    import re

    if re.fullmatch(r"[\w.@+-]{1,140}", subject, flags=re.ASCII):
        return VERIFIED_USERNAME_PREFIX + subject
    return f"{VERIFIED_USERNAME_PREFIX}sha256-{hashlib.sha256(subject.encode()).hexdigest()}"


def sign_in_verified(actor: Actor, *, subject: str, full_name: str = "", email: str = "") -> User:
    """The citizen account of a verified identity: made (with the citizen role) on the
    first sign-in, its name and e-mail brought up to date on the next ones."""
    from django.utils.translation import gettext

    from atazan.core.errors import ConflictError

    require(actor, "core.assign_roles")
    username = verified_username(subject)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            return create_user(
                actor, username, None, roles=[Role.CITIZEN], full_name=full_name, email=email
            )
        if user.has_usable_password():
            # A local account with this name was made by hand: never take it over.
            raise ConflictError(
                gettext(
                    "An account with a password already uses this identity; "
                    "please contact the secretariat."
                ),
                code="verified_account_taken",
            )
        first, _sep, last = full_name.partition(" ")
        wanted = {"first_name": first, "last_name": last, "email": email}
        changed = {k: v for k, v in wanted.items() if v and getattr(user, k) != v}
        if changed:
            User.objects.filter(pk=user.pk).update(**changed)
            for name, value in changed.items():
                setattr(user, name, value)
            record(actor, "core.update_verified_account", user, {"fields": sorted(changed)})
    return user


def refuse_verified_sign_in(
    actor: Actor, *, subject: str, reason: str, holder: User | None = None
) -> None:
    """Record a verified sign-in that was refused (its IIN is bound to ``holder``, ...)."""
    require(actor, "core.assign_roles")
    with transaction.atomic():
        record(
            actor,
            "core.refuse_verified_sign_in",
            holder,
            {"account": verified_username(subject), "reason": reason},
        )
