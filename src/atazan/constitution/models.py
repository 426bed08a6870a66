"""Stored constitution texts: works, versions, language expressions, provisions.

The tree of a text is stored flat (one row per provision, with its parent and
reading order) so a provision can be found by its permanent ``uid`` or its
position id ``eid`` with one indexed query. Conversion to and from the pure
``atazan_texts.model.Document`` lives in ``constitution.convert``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Work(models.Model):
    """A constitution across all its versions (e.g. the Constitution of Kenbel)."""

    slug = models.SlugField(_("identifier"), max_length=64, unique=True)
    country = models.CharField(_("country"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("constitution")
        verbose_name_plural = _("constitutions")

    def __str__(self) -> str:
        return self.slug


class VersionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    DRAFT = "draft", _("Draft")
    HISTORICAL = "historical", _("Historical")


class Version(models.Model):
    """The text as it stands on a date: in force, historical, or a draft."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="versions")
    label = models.SlugField(_("version"), max_length=64)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published = models.BooleanField(_("published"), default=False)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived_versions",
        verbose_name=_("based on"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["work", "date", "created_at"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["work", "label"], name="unique_version_label")
        ]

    def __str__(self) -> str:
        return f"{self.work.slug}:{self.label}"

    @property
    def is_public(self) -> bool:
        return self.published or self.status != VersionStatus.DRAFT


class Expression(models.Model):
    """One language's text of a version."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="expressions")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    source_format = models.CharField(_("source format"), max_length=16, blank=True)
    source_sha256 = models.CharField(_("source checksum"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("language expression")
        verbose_name_plural = _("language expressions")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="unique_expression_lang")
        ]

    def __str__(self) -> str:
        return f"{self.version}/{self.language}"


class ProvisionKind(models.TextChoices):
    PREAMBLE = "preamble", _("Preamble")
    SECTION = "section", _("Section")
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")
    POINT = "point", _("Point")


class Provision(models.Model):
    expression = models.ForeignKey(Expression, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(_("reading order"))
    kind = models.CharField(_("kind"), max_length=16, choices=ProvisionKind.choices)
    num = models.CharField(_("number"), max_length=32, blank=True)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    uid = models.CharField(_("permanent id"), max_length=64, db_index=True)
    eid = models.CharField(_("position id"), max_length=200)

    class Meta:
        ordering: ClassVar[list[str]] = ["expression", "position"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(fields=["expression", "eid"], name="unique_provision_eid"),
            models.UniqueConstraint(fields=["expression", "uid"], name="unique_provision_uid"),
            models.UniqueConstraint(
                fields=["expression", "position"], name="unique_provision_position"
            ),
        ]

    def __str__(self) -> str:
        return self.eid
