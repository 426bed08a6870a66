from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from atazan.core.roles import Role


class User(AbstractUser):
    """A person using Atazan; what they may do follows from their roles."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, blank=True, default=""
    )

    def role_set(self) -> frozenset[str]:
        """The user's roles, cached for the lifetime of this object."""
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_set()


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntry(models.Model):
    """One write action, chained to the previous entry by its hash.

    ``entry_hash`` covers every field below and ``previous_hash``, so editing,
    deleting or reordering entries breaks the chain where it happened
    (``row_digest`` only when it is set, so entries older than it keep their hashes).
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    actor_id_value = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=100, blank=True)
    data = models.JSONField(_("data"), default=dict)
    #: The state the action left its target row in (``core.audit.ROW_SPECS``), as
    #: "<spec version>:<sha256>"; empty for targets whose state is not followed.
    row_digest = models.CharField(max_length=80, blank=True, default="")
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """A single row locked while appending, so entries get gap-free sequences.

    Created by the migrations; a missing head row is reported as a break.
    """

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_sequence}"


class AuditCheckpoint(models.Model):
    """A signed checkpoint of the audit log, as published (``core.audit``).

    Public data: its authority comes from the Ed25519 signature, made with a
    key the database never holds, and from the copies kept outside. ``document``
    is the signed JSON exactly as issued; the other columns repeat it for listing.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"))
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    key_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"))
    document = models.TextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-sequence", "-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["sequence", "key_id", "created_at"], name="unique_audit_checkpoint"
            )
        ]

    def __str__(self) -> str:
        return f"checkpoint #{self.sequence} ({self.key_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("published checkpoints cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("published checkpoints cannot be deleted")
