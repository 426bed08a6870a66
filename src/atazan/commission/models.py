"""The commission's work: bodies and members, meetings, amendments, votes and drafts.

Every row here is public once its meeting or draft is (the reform is held in
the open); personal data of citizens never enters this app: proposals are
referred to, and shown through the proposals app's public copy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(row: models.Model, field: str, language: str | None = None) -> str:
    """The ``field_kk/_ru/_en`` text in the reader's language, else the first one present."""
    language = (language or get_language() or "kk")[:2]
    order = [language] + [code for code in ("kk", "ru", "en") if code != language]
    for code in order:
        value = getattr(row, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


class BodyKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    COMMISSION = "commission", _("Commission")


class MajorityRule(models.TextChoices):
    SIMPLE_OF_PRESENT = "simple_of_present", _("More than half of the members present")
    TWO_THIRDS_OF_ALL = "two_thirds_of_all", _("At least two thirds of all members")


class Body(models.Model):
    """A working group or the commission, with its own quorum and majority rule."""

    slug = models.SlugField(_("identifier"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    name_kk = models.CharField(_("name in Kazakh"), max_length=300)
    name_ru = models.CharField(_("name in Russian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    # Quorum: present members / all current members >= num / den.
    quorum_num = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_den = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    majority_rule = models.CharField(
        _("majority rule"),
        max_length=24,
        choices=MajorityRule.choices,
        default=MajorityRule.SIMPLE_OF_PRESENT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_den__gt=0)
                & models.Q(quorum_num__lte=models.F("quorum_den")),
                name="commission_body_quorum_is_a_fraction",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's seat in a body, for a term, representing a group or a region."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    full_name = models.CharField(_("full name"), max_length=300)
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    represents = models.CharField(_("represents"), max_length=300, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="one_seat_per_person_per_body")
        ]

    def __str__(self) -> str:
        return self.full_name

    def serves_on(self, day: object) -> bool:
        return bool(self.term_start <= day and (self.term_end is None or day <= self.term_end))  # type: ignore[operator]


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField(_("number"))
    title_kk = models.CharField(_("title in Kazakh"), max_length=300)
    title_ru = models.CharField(_("title in Russian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    live_url = models.URLField(_("live stream"), blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    minutes_kk = models.TextField(_("minutes in Kazakh"), blank=True)
    minutes_ru = models.TextField(_("minutes in Russian"), blank=True)
    minutes_en = models.TextField(_("minutes in English"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="one_meeting_number_per_body"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="commission_meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def minutes(self) -> str:
        return in_language(self, "minutes")

    def is_live(self) -> bool:
        return self.status == MeetingStatus.IN_PROGRESS


class AgendaItem(models.Model):
    """One point of a meeting's agenda: what it is about, linked to what it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(_("position"))
    title_kk = models.CharField(_("title in Kazakh"), max_length=500)
    title_ru = models.CharField(_("title in Russian"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500)
    amendment = models.ForeignKey(
        "Amendment", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    provision_uid = models.CharField(_("provision"), max_length=64, blank=True)
    themes = models.ManyToManyField(
        "analysis.ThemeResult", blank=True, related_name="agenda_items", verbose_name=_("themes")
    )
    proposals = models.ManyToManyField(
        "proposals.Proposal", blank=True, related_name="agenda_items", verbose_name=_("proposals")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}.{self.position}"

    @property
    def title(self) -> str:
        return in_language(self, "title")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}@{self.meeting_id}"


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Amendment(models.Model):
    """A structured edit to a base version, in every language the base has.

    ``edit`` is the edit as ``atazan_amend`` reads it (its JSON form, docs/
    amendments.md); ``target_uid`` repeats the provision it acts on so the
    trace of a provision is one indexed lookup.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="amendments")
    base = models.ForeignKey(
        "constitution.Version", on_delete=models.PROTECT, related_name="amendments"
    )
    number = models.CharField(_("number"), max_length=32)
    kind = models.CharField(_("kind"), max_length=24)
    target_uid = models.CharField(_("provision"), max_length=64, blank=True, db_index=True)
    edit = models.JSONField(_("edit"))
    rationale_kk = models.TextField(_("rationale in Kazakh"), blank=True)
    rationale_ru = models.TextField(_("rationale in Russian"), blank=True)
    rationale_en = models.TextField(_("rationale in English"), blank=True)
    themes = models.ManyToManyField(
        "analysis.ThemeResult", blank=True, related_name="amendments", verbose_name=_("themes")
    )
    proposals: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "proposals.Proposal",
        blank=True,
        through="AmendmentSource",
        related_name="amendments",
        verbose_name=_("proposals"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("order of application"), default=0)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["base", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["base", "number"], name="one_amendment_number_per_base")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def rationale(self) -> str:
        return in_language(self, "rationale")


class AmendmentSource(models.Model):
    """A proposal that an amendment answers (indexed both ways for the trace)."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="sources")
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="amendment_sources"
    )

    class Meta:
        verbose_name = _("proposal behind an amendment")
        verbose_name_plural = _("proposals behind amendments")
        constraints = [
            models.UniqueConstraint(fields=["amendment", "proposal"], name="one_source_per_pair")
        ]
        indexes = [models.Index(fields=["proposal", "amendment"], name="commission_source_by_prop")]

    def __str__(self) -> str:
        return f"{self.amendment_id}<-{self.proposal_id}"


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VoteOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class Vote(models.Model):
    """A roll-call vote on one amendment at one meeting.

    The rule, the members and those present are fixed when the vote opens,
    so a later change of the body's rule or membership cannot change a past
    result.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="votes")
    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="votes")
    status = models.CharField(
        _("status"), max_length=8, choices=VoteStatus.choices, default=VoteStatus.OPEN
    )
    majority_rule = models.CharField(
        _("majority rule"), max_length=24, choices=MajorityRule.choices
    )
    members_total = models.PositiveIntegerField(_("members"))
    members_present = models.PositiveIntegerField(_("present"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstained"), default=0)
    not_voted = models.PositiveIntegerField(_("did not vote"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=VoteOutcome.choices, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment"],
                condition=models.Q(status="open"),
                name="one_open_vote_per_amendment",
            )
        ]

    def __str__(self) -> str:
        return f"vote {self.pk} on {self.amendment_id}"


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Ballot(models.Model):
    """One member's recorded vote; public, as the issue of a public commission demands."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("member's vote")
        verbose_name_plural = _("members' votes")
        constraints = [
            models.UniqueConstraint(fields=["vote", "membership"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.choice}"


class Draft(models.Model):
    """A consolidated draft: a constitution version made by applying adopted amendments."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="drafts")
    base = models.ForeignKey("constitution.Version", on_delete=models.PROTECT, related_name="+")
    version = models.OneToOneField(
        "constitution.Version", on_delete=models.PROTECT, related_name="draft"
    )
    amendments = models.ManyToManyField(
        Amendment, related_name="drafts", verbose_name=_("amendments")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    comments_open = models.BooleanField(_("open for comments"), default=False)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version.label


class ProvisionSource(models.Model):
    """Which amendment made a provision of a draft what it is (one row per pair)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="provision_sources")
    provision_uid = models.CharField(_("provision"), max_length=64)
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("source of a provision")
        verbose_name_plural = _("sources of provisions")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "provision_uid", "amendment"], name="one_provision_source"
            )
        ]
        indexes = [models.Index(fields=["draft", "provision_uid"], name="commission_src_by_uid")]

    def __str__(self) -> str:
        return f"{self.provision_uid}<-{self.amendment_id}"


class DraftComment(models.Model):
    """A public comment on one paragraph of a published draft, kept as a proposal.

    The comment is anchored by the provision's permanent uid and the words it
    quotes, so it still finds its place after later redrafts renumber the text.
    """

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="comments")
    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="draft_comment"
    )
    provision_uid = models.CharField(_("provision"), max_length=64, db_index=True)
    quote = models.CharField(_("quoted words"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")

    def __str__(self) -> str:
        return f"{self.provision_uid}: {self.proposal_id}"
