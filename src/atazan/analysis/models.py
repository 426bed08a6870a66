"""Stored analysis runs, their results, and the analysts' corrections.

A run's results are immutable once it has finished: the next run makes new
rows, so two runs can be compared. Corrections are kept apart from runs,
keyed by proposal and provision, because they must outlive every run and be
respected by each new one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class AnalysisRun(models.Model):
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    constitution_version = models.ForeignKey(
        "constitution.Version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("constitution version"),
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    taxonomy = models.JSONField(_("taxonomy"), default=list, blank=True)
    info = models.JSONField(_("run record"), default=dict, blank=True)
    proposals_count = models.PositiveIntegerField(_("proposals"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.status})"


class ThemeResult(models.Model):
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="themes")
    key = models.CharField(_("theme"), max_length=32)
    label = models.CharField(_("label"), max_length=300)
    language = models.CharField(_("language"), max_length=8)
    # The languages of its members, the leading one first (several for a multilingual theme).
    languages = models.JSONField(_("languages"), default=list, blank=True)
    keywords = models.JSONField(_("key words"), default=list)
    summary = models.JSONField(_("summary"), default=list)  # [{"text": ..., "proposal": pk}]
    size = models.PositiveIntegerField(_("proposals"))
    supporters = models.PositiveIntegerField(_("supporters"))
    pinned = models.BooleanField(_("formed by analysts"), default=False)

    class Meta:
        ordering = ["-supporters", "key"]
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="analysis_theme_unique_key")
        ]

    def __str__(self) -> str:
        return self.label


class CampaignResult(models.Model):
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="campaigns")
    key = models.CharField(_("campaign"), max_length=32)
    representative = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="+"
    )
    representative_text = models.TextField(_("representative text"))
    supporters = models.PositiveIntegerField(_("supporters"))
    marked = models.BooleanField(_("confirmed by an analyst"), default=False)

    class Meta:
        ordering = ["-supporters", "key"]
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="analysis_campaign_unique_key")
        ]

    def __str__(self) -> str:
        return self.key


class ProposalAnalysis(models.Model):
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="proposals")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="analyses"
    )
    language = models.CharField(_("language"), max_length=8)
    mixed = models.BooleanField(_("mixed Kazakh and Russian"), default=False)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    cited = models.JSONField(_("cited provisions"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    campaign = models.ForeignKey(
        CampaignResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    theme = models.ForeignKey(
        ThemeResult, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    taxonomy_label = models.CharField(_("taxonomy label"), max_length=300, blank=True)
    taxonomy_score = models.FloatField(_("taxonomy score"), default=0.0)
    # [[label, score], ...], best first; the first is taxonomy_label and taxonomy_score
    taxonomy_top3 = models.JSONField(_("best topics"), default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "proposal"], name="analysis_proposal_once_per_run"
            )
        ]
        indexes = [models.Index(fields=["run", "theme"]), models.Index(fields=["run", "campaign"])]

    def __str__(self) -> str:
        return f"{self.proposal_id} in run {self.run_id}"


class LinkReason(models.TextChoices):
    CITED = "cited", _("cited explicitly")
    CONFIRMED = "confirmed", _("confirmed by an analyst")
    TERMS = "terms", _("shared key terms")
    SEMANTIC = "semantic", _("close in meaning")


class ProvisionLink(models.Model):
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="links")
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="+")
    provision_uid = models.CharField(_("provision"), max_length=200)
    eid = models.CharField(_("position"), max_length=200)
    score = models.FloatField(_("score"))
    reason = models.CharField(_("reason"), max_length=12, choices=LinkReason.choices)
    why = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        ordering = ["-score", "eid"]
        indexes = [
            models.Index(fields=["run", "reason"]),
            models.Index(fields=["run", "provision_uid"]),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.eid} ({self.reason})"


class CoverageEntry(models.Model):
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="coverage")
    provision_uid = models.CharField(_("provision"), max_length=200)
    eid = models.CharField(_("position"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16)
    label = models.CharField(_("label"), max_length=300)
    proposals = models.PositiveIntegerField(_("proposals"))
    supporters = models.PositiveIntegerField(_("supporters"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.eid


class LinkDecisionKind(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class LinkDecision(models.Model):
    """An analyst's word on whether a proposal concerns a provision."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="+")
    provision_uid = models.CharField(_("provision"), max_length=200)
    decision = models.CharField(_("decision"), max_length=12, choices=LinkDecisionKind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "provision_uid"], name="analysis_one_decision_per_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.provision_uid}: {self.decision}"


class CampaignMark(models.Model):
    """A proposal marked as part of a campaign group, or as not part of any campaign."""

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="+"
    )
    group = models.CharField(
        _("campaign group"), max_length=64, blank=True
    )  # empty: not a campaign
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.group or '-'}"


class ThemePin(models.Model):
    """A theme formed by analysts (a merge or a split): later runs keep it as it is."""

    label = models.CharField(_("label"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label


class ThemePinMember(models.Model):
    pin = models.ForeignKey(ThemePin, on_delete=models.CASCADE, related_name="members")
    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.pin_id}: {self.proposal_id}"


class TopicDecision(models.Model):
    """An analyst's topic for a proposal: later runs show it and learn from it as an example."""

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.topic}"
