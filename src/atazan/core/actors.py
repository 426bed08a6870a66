"""Who is acting, and the one permission check every action makes.

Every action takes an ``actor``: a signed-in user, an anonymous visitor (who
may still submit through public channels), or an explicit
:class:`SystemActor` naming why a program acts without a person (the demo
loader, the task worker, an operator's command). There is no "no actor":
passing ``None`` is a programming error, so a forgotten argument can never
skip a check. Every action calls :func:`require` with a permission that the
rules in ``atazan.core.rules`` (and each app's ``rules.py``) define.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import rules
from django.contrib.auth.models import AnonymousUser

from atazan.core.errors import PermissionDeniedError

if TYPE_CHECKING:
    from atazan.core.models import User


@dataclass(frozen=True)
class SystemActor:
    """A program acting on the operator's behalf; ``reason`` goes into the audit log.

    Used by the demo loader, management commands run by the operator, and
    background tasks. It passes every permission check: whoever can run a
    command on the server can change the database anyway; what matters is that
    the audit log says which program did it and why.
    """

    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("a system actor needs a reason for the audit log")

    # The attributes the audit log and templates read from an actor.
    pk = None
    is_authenticated = False
    is_active = True

    def get_username(self) -> str:
        return f"system: {self.reason}"

    def __str__(self) -> str:
        return self.get_username()


Actor: TypeAlias = "User | AnonymousUser | SystemActor"


class UnknownPermissionError(LookupError):
    """A permission name that no rule defines: a typo in code, never a user's fault."""


def check_actor(actor: Any) -> None:
    """Refuse anything that is not an actor, ``None`` above all."""
    if isinstance(actor, SystemActor | AnonymousUser):
        return
    if actor is None or not hasattr(actor, "has_perm"):
        raise TypeError(
            "an action needs an actor: a user, an anonymous visitor or SystemActor(reason); "
            f"got {actor!r}"
        )


def allows(actor: Actor, permission: str, obj: Any = None) -> bool:
    """Whether ``actor`` may do ``permission`` (on ``obj``), for pages that show or hide a button."""
    if not rules.perm_exists(permission):
        raise UnknownPermissionError(permission)
    check_actor(actor)
    if isinstance(actor, SystemActor):
        return True
    return bool(actor.has_perm(permission, obj))


def require(actor: Actor, permission: str, obj: Any = None) -> None:
    """Raise :class:`PermissionDeniedError` unless ``actor`` may do ``permission``."""
    if not allows(actor, permission, obj):
        raise PermissionDeniedError(permission)


def user_or_none(actor: Actor) -> User | None:
    """The signed-in user behind an actor, for ``created_by``-style columns."""
    if isinstance(actor, SystemActor | AnonymousUser):
        return None
    return actor if getattr(actor, "is_authenticated", False) else None
