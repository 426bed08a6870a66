"""One error base for everything an action refuses.

Every refusal that a person can cause (bad input, a missing permission, a
stale form, a step out of order) is an :class:`AtazanError` with a stable
``code``. Views, the partner API and management commands map it to an answer
in one place (``atazan.core.middleware``): a JSON body
``{"code", "message", "field"}`` with the class's HTTP status for API
clients, an error page for people, and a message on stderr for commands.
Codes are part of the public API: docs/errors.md lists each one, and a test
fails when a code is added without being documented.
"""

from __future__ import annotations

from typing import Any, ClassVar

#: Every concrete error class, by its class-level code, so a test can check
#: that codes are unique and documented.
ERROR_CLASSES: dict[str, type[AtazanError]] = {}


class AtazanError(Exception):
    """A refusal with a stable code, a message for people and, where known, the field.

    ``code`` is a class attribute; a subclass that stands for a family of
    refusals (``ReferendumError``) may pass a more specific code per instance.
    ``message`` is already translated by the raiser (gettext), so the same
    text reaches a web page, a JSON answer and a terminal.
    """

    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.instance_code = code or type(self).code
        self.message = str(message) if message else self.instance_code
        self.field = field
        self.details = dict(details or {})
        super().__init__(self.message)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            ERROR_CLASSES.setdefault(cls.code, cls)

    def as_dict(self) -> dict[str, Any]:
        """The body of a JSON error answer."""
        body: dict[str, Any] = {"code": self.instance_code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return body


class InvalidInputError(AtazanError):
    """Input that cannot be accepted as given; ``field`` names what to fix."""

    code = "invalid_input"
    http_status = 422


class PermissionDeniedError(AtazanError):
    """The actor may not do this; the message names the permission."""

    code = "permission_denied"
    http_status = 403

    def __init__(self, permission: str, message: str = "") -> None:
        self.permission = permission
        super().__init__(message or f"permission denied: {permission}")


class NotFoundError(AtazanError):
    """The thing the request names does not exist (or is not visible to the actor)."""

    code = "not_found"
    http_status = 404


class ConflictError(AtazanError):
    """Somebody else changed the thing since it was read, or it exists already."""

    code = "conflict"
    http_status = 409


class StateError(AtazanError):
    """The step is not allowed in the current state (a vote that is not open, say)."""

    code = "invalid_state"
    http_status = 409


class ThrottledError(AtazanError):
    """Too many requests; ``retry_after`` says in how many seconds to try again."""

    code = "throttled"
    http_status = 429

    def __init__(self, message: str = "", *, retry_after: int = 60) -> None:
        self.retry_after = retry_after
        super().__init__(message or "too many requests", details={"retry_after": retry_after})
