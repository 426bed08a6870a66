"""Proposals from every channel and the cases they become. Tables only."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atazan.proposals.storage import attachment_storage


class SubmitterType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    PARTY = "party", _("Political party")
    PUBLIC_ORGANISATION = "public_organisation", _("Public organisation")
    EXPERT = "expert", _("Expert or scholar")
    DEPUTY = "deputy", _("Deputy")
    STATE_BODY = "state_body", _("State body")
    OTHER = "other", _("Other")


#: Submitters identified by a BIN (legal entities); the others by an IIN.
ORGANISATION_TYPES = frozenset(
    {SubmitterType.PARTY, SubmitterType.PUBLIC_ORGANISATION, SubmitterType.STATE_BODY}
)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("Partner system")
    IMPORT = "import", _("Bulk import")
    LETTER = "letter", _("Paper letter")
    MEETING = "meeting", _("Meeting")
    DRAFT_COMMENT = "draft_comment", _("Comment on a published draft")


class Region(models.TextChoices):
    """The 20 voting units since 2022, and citizens abroad."""

    ABAI = "abai", _("Abai Region")
    AKMOLA = "akmola", _("Akmola Region")
    AKTOBE = "aktobe", _("Aktobe Region")
    ALMATY_REGION = "almaty_region", _("Almaty Region")
    ATYRAU = "atyrau", _("Atyrau Region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan Region")
    ZHAMBYL = "zhambyl", _("Zhambyl Region")
    ZHETYSU = "zhetysu", _("Zhetysu Region")
    KARAGANDA = "karaganda", _("Karaganda Region")
    KOSTANAY = "kostanay", _("Kostanay Region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda Region")
    MANGYSTAU = "mangystau", _("Mangystau Region")
    PAVLODAR = "pavlodar", _("Pavlodar Region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan Region")
    TURKISTAN = "turkistan", _("Turkistan Region")
    ULYTAU = "ulytau", _("Ulytau Region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan Region")
    ASTANA = "astana", _("Astana")
    ALMATY_CITY = "almaty_city", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    ABROAD = "abroad", _("Abroad")


class Language(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    OTHER = "other", _("Other language")


class Topic(models.TextChoices):
    """Parts of the constitution a proposal is about, for queues and assignment."""

    GENERAL = "general", _("General provisions")
    RIGHTS = "rights", _("The individual and citizen")
    PRESIDENT = "president", _("The President")
    PARLIAMENT = "parliament", _("Parliament")
    GOVERNMENT = "government", _("Government")
    CONSTITUTIONAL_COURT = "constitutional_court", _("Constitutional Court")
    COURTS = "courts", _("Courts and justice")
    LOCAL = "local", _("Local government")
    FINAL = "final", _("Final and transitional provisions")
    OTHER = "other", _("Other topics")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_REVIEW = "in_review", _("In review")
    ANSWERED = "answered", _("Answered")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another proposal")
    FORWARDED = "forwarded", _("Forwarded to the competent body")
    OUTSIDE_COMPETENCE = "outside_competence", _("Outside the commission's competence")


class Partner(models.Model):
    """A partner system (an e-government portal) sending proposals through the API."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), unique=True)
    key_prefix = models.CharField(_("key prefix"), max_length=16, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner system")
        verbose_name_plural = _("partner systems")

    def __str__(self) -> str:
        return self.name


class NumberCounter(models.Model):
    """The last registration number issued in a year; locked while numbers are taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class SubmitterProfile(models.Model):
    """The identity a signed-in citizen or organisation submits under."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submitter_profile"
    )
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("submitter profile")
        verbose_name_plural = _("submitter profiles")

    def __str__(self) -> str:
        return str(self.user)


class Proposal(models.Model):
    """One registered proposal and the case file of its answer."""

    number = models.CharField(_("registration number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=64, blank=True, default="")
    external_id = models.CharField(_("id in the channel"), max_length=200)
    # Foreign keys the queues never filter on carry no index of their own: every index
    # is paid for on each of a million inserts.
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("account"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
        db_index=False,
    )

    submitter_type = models.CharField(
        _("submitter type"), max_length=24, choices=SubmitterType.choices
    )
    submitter_name = models.CharField(_("name"), max_length=300, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, blank=True)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"))
    cited_provisions = models.JSONField(_("cited provisions"), default=list, blank=True)
    consent_publish_text = models.BooleanField(_("consent to publish the text"), default=False)
    consent_publish_name = models.BooleanField(_("consent to publish the name"), default=False)
    public_title = models.CharField(_("public title"), max_length=500, blank=True)
    public_text = models.TextField(_("public text"), blank=True)

    received_at = models.DateTimeField(_("received at"))
    registered_at = models.DateTimeField(_("registered at"))
    secret_hash = models.CharField(max_length=64, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
        db_index=False,
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
        db_index=False,
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_proposals",
        verbose_name=_("analyst"),
        db_index=False,  # served by the (assignee, status) index
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    original_deadline = models.DateField(_("statutory deadline"))
    deadline = models.DateField(_("deadline"))
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering: ClassVar[list[str]] = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "source", "external_id"], name="proposal_unique_in_channel"
            )
        ]
        indexes = [
            models.Index(fields=["-registered_at", "-id"], name="proposal_registered"),
            models.Index(fields=["assignee", "-registered_at"], name="proposal_assignee"),
            # The overdue and due-soon queues: open cases in deadline order.
            models.Index(
                fields=["deadline", "id"],
                condition=~models.Q(status="answered"),
                name="proposal_open_deadline",
            ),
            models.Index(fields=["region", "-registered_at"], name="proposal_region"),
            models.Index(fields=["topic", "-registered_at"], name="proposal_topic"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != Status.ANSWERED

    @property
    def is_extended(self) -> bool:
        return self.deadline != self.original_deadline


class Attachment(models.Model):
    """A file sent with a proposal: a scanned letter, a signed PDF, a photo."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=attachment_storage, upload_to="%Y/%m")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class NotificationKind(models.TextChoices):
    REGISTERED = "registered", _("Registration receipt")
    EXTENDED = "extended", _("Deadline extended")
    ANSWERED = "answered", _("Answer")
    REOPENED = "reopened", _("Case reopened")


class Notification(models.Model):
    """A message sent to the submitter, kept on the case whether or not it was delivered."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    # A receipt's tracking secret, sealed (proposals.selectors.seal) until the message is
    # sent, then erased; the body holds a mask in its place (see proposals.notify).
    sealed_secret = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("delivery error"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        indexes: ClassVar[list[models.Index]] = [
            # The outbox: a sweep finds the few unsent messages among millions sent.
            models.Index(
                fields=["id"],
                name="notification_unsent",
                condition=models.Q(sent_at__isnull=True, error=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind}"


class AnswerTemplate(models.Model):
    """A reusable answer in three languages, for answering many cases at once."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    text_kk = models.TextField(_("text in Kazakh"))
    text_ru = models.TextField(_("text in Russian"))
    text_en = models.TextField(_("text in English"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def text_for(self, language: str) -> str:
        """The text in the submitter's language; Russian for other languages."""
        return {"kk": self.text_kk, "en": self.text_en}.get(language, self.text_ru)


class AssignmentRule(models.Model):
    """Route new cases of a topic and/or region to an analyst."""

    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignment_rules",
        verbose_name=_("analyst"),
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, blank=True)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")

    def __str__(self) -> str:
        return f"{self.analyst}: {self.topic or '*'} / {self.region or '*'}"


class DayTransfer(models.Model):
    """A Government decree moving a day off: one Saturday is worked, a weekday is not."""

    working_day = models.DateField(_("worked day"), unique=True)
    day_off = models.DateField(_("day off"), unique=True)
    note = models.CharField(_("decree"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("transfer of a day off")
        verbose_name_plural = _("transfers of days off")
        ordering: ClassVar[list[str]] = ["day_off"]

    def __str__(self) -> str:
        return f"{self.working_day} → {self.day_off}"


class IdempotencyRecord(models.Model):
    """The first answer given to a partner's request, returned again on a retry."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "key"], name="idempotency_key_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.key}"
