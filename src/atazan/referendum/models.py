"""The referendum's tables: where people vote, who may, and what each precinct counted.

Protocol figures are never overwritten. A correction is a new
:class:`ProtocolVersion` with its reason; the :class:`Protocol` row only
points at the version in force, so every earlier count stays on record.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atazan_results import Figures
from atazan_results.law import Rule


class ImmutableRowError(Exception):
    """Raised when code tries to change a stored protocol version."""


class RuleKind(models.TextChoices):
    CONSTITUTION = "constitution", _("New constitution: a majority in two thirds of the units")
    ORDINARY = "ordinary", _("Ordinary question: a majority of those who voted")


class MajorityBase(models.TextChoices):
    VOTED = "voted", _("Everyone who voted")
    VALID = "valid", _("Yes and no ballots only")


class ReferendumStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting")
    FINAL = "final", _("Final results")


class Referendum(models.Model):
    """One national vote and the legal rule that decides it."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    voting_day = models.DateField(_("voting day"))
    polls_open = models.TimeField(_("polls open"), default=dt.time(7))
    polls_close = models.TimeField(_("polls close"), default=dt.time(20))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferendumStatus.choices,
        default=ReferendumStatus.PLANNED,
    )
    rule_kind = models.CharField(
        _("rule"), max_length=16, choices=RuleKind.choices, default=RuleKind.CONSTITUTION
    )
    # The thresholds of the law, stored as fractions so a share of exactly one half is exact.
    turnout_above_num = models.PositiveIntegerField(_("turnout threshold numerator"), default=1)
    turnout_above_den = models.PositiveIntegerField(_("turnout threshold denominator"), default=2)
    yes_above_num = models.PositiveIntegerField(_("majority threshold numerator"), default=1)
    yes_above_den = models.PositiveIntegerField(_("majority threshold denominator"), default=2)
    unit_quorum_num = models.PositiveIntegerField(_("unit quorum numerator"), default=2)
    unit_quorum_den = models.PositiveIntegerField(_("unit quorum denominator"), default=3)
    majority_base = models.CharField(
        _("majority of"), max_length=8, choices=MajorityBase.choices, default=MajorityBase.VOTED
    )
    abroad_counted_with = models.CharField(
        _("votes abroad counted with unit"), max_length=40, blank=True, default=""
    )
    #: Bumped by every protocol write, so cached results know when they are stale.
    results_revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-voting_day"]
        verbose_name = _("referendum")
        verbose_name_plural = _("referendums")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localised(self, "title")

    def rule(self) -> Rule:
        """The pure rule the counting code applies."""
        constitution = self.rule_kind == RuleKind.CONSTITUTION
        return Rule(
            name=self.rule_kind,
            turnout_above=Fraction(self.turnout_above_num, self.turnout_above_den),
            yes_above=Fraction(self.yes_above_num, self.yes_above_den),
            base="valid" if self.majority_base == MajorityBase.VALID else "voted",
            unit_quorum=(
                Fraction(self.unit_quorum_num, self.unit_quorum_den) if constitution else None
            ),
            national_majority=not constitution,
            attach_non_territorial_to=self.abroad_counted_with or None,
        )


def _localised(obj: Any, field: str) -> str:
    language = (get_language() or "kk").split("-")[0]
    value = getattr(obj, f"{field}_{language}", "") if language in ("kk", "ru", "en") else ""
    return str(value or getattr(obj, f"{field}_kk") or getattr(obj, f"{field}_en"))


class Question(models.Model):
    """A question on the ballot; precincts count yes and no for each."""

    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text_kk = models.TextField(_("text (Kazakh)"))
    text_ru = models.TextField(_("text (Russian)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        ordering: ClassVar[list[str]] = ["referendum", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["referendum", "position"], name="unique_question_position"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _localised(self, "text")


class UnitKind(models.TextChoices):
    REGION = "region", _("Region")
    CITY = "city", _("City of republican significance")
    ABROAD = "abroad", _("Abroad")


class VotingUnit(models.Model):
    """An oblast, a city of republican significance, or the precincts abroad."""

    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="units")
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=8, choices=UnitKind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    short = models.CharField(_("short label"), max_length=8)
    short_en = models.CharField(_("short label (Latin)"), max_length=8)
    tile_col = models.PositiveSmallIntegerField(_("cartogram column"), default=0)
    tile_row = models.PositiveSmallIntegerField(_("cartogram row"), default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["referendum", "tile_row", "tile_col"]
        verbose_name = _("voting unit")
        verbose_name_plural = _("voting units")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["referendum", "code"], name="unique_unit_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self, "name")

    @property
    def label(self) -> str:
        language = (get_language() or "kk").split("-")[0]
        return self.short_en if language == "en" else self.short


class District(models.Model):
    """A district or territorial commission, between precincts and the unit."""

    unit = models.ForeignKey(VotingUnit, on_delete=models.CASCADE, related_name="districts")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering: ClassVar[list[str]] = ["unit", "code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["unit", "code"], name="unique_district_code")
        ]

    def __str__(self) -> str:
        return self.name or self.code


class PrecinctKind(models.TextChoices):
    STATION = "station", _("Polling station")
    ABROAD = "abroad", _("Polling station abroad")
    ONLINE = "online", _("Online ballots")


class Precinct(models.Model):
    """A polling station, or the online ballots of one unit counted as a precinct."""

    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="precincts")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="precincts")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=8, choices=PrecinctKind.choices, default=PrecinctKind.STATION
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["code"]
        verbose_name = _("precinct")
        verbose_name_plural = _("precincts")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["referendum", "code"], name="unique_precinct_code")
        ]

    def __str__(self) -> str:
        return self.code


class Exclusion(models.TextChoices):
    NONE = "", _("None")
    INCAPABLE = "incapable", _("Declared legally incapable by a court")
    CONFINED = "confined", _("Held in confinement by a court sentence")


class VoterRollEntry(models.Model):
    """A person on a precinct's roll. The IIN and name are restricted personal data."""

    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="roll")
    precinct = models.ForeignKey(Precinct, on_delete=models.CASCADE, related_name="roll")
    iin = models.CharField(_("IIN"), max_length=12)
    full_name = models.CharField(_("full name"), max_length=200)
    birth_date = models.DateField(_("date of birth"))
    exclusion = models.CharField(
        _("exclusion"), max_length=12, choices=Exclusion.choices, blank=True, default=""
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["precinct", "full_name"]
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll entries")
        constraints: ClassVar[list[Any]] = [
            # One person, one vote: a single roll entry per referendum.
            models.UniqueConstraint(
                fields=["referendum", "iin"], name="unique_voter_per_referendum"
            )
        ]

    def __str__(self) -> str:
        return f"{self.precinct.code}: {self.iin[:6]}******"


class Protocol(models.Model):
    """A precinct's count for one question; its figures live in its versions."""

    precinct = models.ForeignKey(Precinct, on_delete=models.CASCADE, related_name="protocols")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="protocols")
    current = models.ForeignKey(
        "ProtocolVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["precinct", "question"], name="unique_protocol")
        ]

    def __str__(self) -> str:
        return f"{self.precinct.code} / {self.question.position}"


class ProtocolVersion(models.Model):
    """The figures as entered once; a correction adds a version and says why."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    registered = models.PositiveIntegerField(_("registered voters"))
    received = models.PositiveIntegerField(_("ballots received"))
    issued = models.PositiveIntegerField(_("ballots issued (voted)"))
    yes = models.PositiveIntegerField(_("yes"))
    no = models.PositiveIntegerField(_("no"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    not_counted = models.PositiveIntegerField(_("ballots not counted"))
    spoiled = models.PositiveIntegerField(_("spoiled ballots"))
    unused = models.PositiveIntegerField(_("unused ballots"))
    reason = models.TextField(_("reason for correction"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["protocol", "number"]
        verbose_name = _("protocol version")
        verbose_name_plural = _("protocol versions")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["protocol", "number"], name="unique_protocol_version")
        ]

    def __str__(self) -> str:
        return f"{self.protocol} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRowError("protocol versions cannot be changed; add a correction")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError("protocol versions cannot be deleted")

    @property
    def figures(self) -> Figures:
        return Figures(
            registered=self.registered,
            received=self.received,
            issued=self.issued,
            yes=self.yes,
            no=self.no,
            invalid=self.invalid,
            not_counted=self.not_counted,
            spoiled=self.spoiled,
            unused=self.unused,
        )


class TurnoutReport(models.Model):
    """How many people had voted at a precinct by a time of day."""

    precinct = models.ForeignKey(Precinct, on_delete=models.CASCADE, related_name="turnout_reports")
    time = models.TimeField(_("time"))
    voted = models.PositiveIntegerField(_("voted so far"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["precinct", "time"]
        verbose_name = _("turnout report")
        verbose_name_plural = _("turnout reports")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["precinct", "time"], name="unique_turnout_time")
        ]

    def __str__(self) -> str:
        return f"{self.precinct.code} {self.time:%H:%M}: {self.voted}"


class OnlineRound(models.Model):
    """A verifiable online ballot round: its published record and decrypted tally."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="online_rounds")
    record_path = models.CharField(_("record directory"), max_length=500)
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), default=0)
    ballots_counted = models.PositiveIntegerField(_("ballots counted"), default=0)
    manifest_hash = models.CharField(_("election fingerprint"), max_length=128, blank=True)
    board_head = models.CharField(_("bulletin board head"), max_length=128, blank=True)
    #: {unit code: {"registered": n, "voted": n, "yes": n, "no": n}}
    tally = models.JSONField(_("tally per unit"), default=dict)
    verified = models.BooleanField(_("verified"), default=False)
    verification_report = models.TextField(_("verification report"), blank=True)
    joined = models.BooleanField(_("joined the official count"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        verbose_name = _("online round")
        verbose_name_plural = _("online rounds")

    def __str__(self) -> str:
        return f"{self.question} online ({self.ballots_counted})"
