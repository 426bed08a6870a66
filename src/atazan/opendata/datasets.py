"""The open datasets: what each holds, its Table Schema, and the generator of its rows.

Codes (``web``, ``astana``, ``answered``) are written as codes, so a file means
the same in every language; the schema lists each coded field's codes, and
the datasets page names them in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atazan.analysis.models import LinkReason
from atazan.commission.models import (
    AmendmentStatus,
    Choice,
    MajorityRule,
    MeetingStatus,
    MemberRole,
    VoteOutcome,
    VoteStatus,
)
from atazan.constitution.models import VersionStatus
from atazan.opendata import selectors
from atazan.proposals.models import (
    Channel,
    Language,
    Outcome,
    Region,
    Status,
    SubmitterType,
    Topic,
)
from atazan.referendum.models import ReferendumStatus


@dataclass(frozen=True)
class Field:
    """One column: a Table Schema field."""

    name: str
    kind: str  # the Table Schema type: string, integer, number, boolean, date, datetime
    title: Promise | str
    description: Promise | str
    codes: type[models.TextChoices] | tuple[str, ...] | None = None
    required: bool = False

    def enum(self) -> list[str] | None:
        if self.codes is None:
            return None
        if isinstance(self.codes, tuple):
            return list(self.codes)
        return [str(value) for value in self.codes.values]


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Dataset:
    """One table, written as CSV and as JSON Lines from one pass over its rows."""

    name: str
    group: str  # whose revision decides when it is stale (selectors.revision)
    title: Promise | str
    description: Promise | str
    fields: tuple[Field, ...]
    rows: Callable[[], Iterator[tuple[Any, ...]]]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def columns_of(self, kind: str) -> tuple[int, ...]:
        """Positions of the columns of one Table Schema type."""
        return tuple(i for i, f in enumerate(self.fields) if f.kind == kind)


def _text(name: str, title: Promise, description: Promise, **extra: Any) -> Field:
    return Field(name, "string", title, description, **extra)


_NUMBER = _text(
    "number", _("Registration number"), _("The proposal's number, YYYY-NNNNNN."), required=True
)
_RUN = Field(
    "run", "integer", _("Analysis run"), _("The finished analysis run the row comes from.")
)
_EMPTY_UNLESS_PUBLISHED = _("Empty unless the author agreed to publish the text.")


PROPOSALS = Dataset(
    name="proposals",
    group="proposals",
    title=_("Proposals"),
    description=_(
        "Every registered proposal. Registration, channel, submitter type, region, language, "
        "topic, status, outcome and deadline are given for all; the title, text and answer only "
        "when the author agreed to publish them, always with personal data masked, and the name "
        "only when the author also agreed to publish it."
    ),
    primary_key=("number",),
    fields=(
        _NUMBER,
        Field("registered_at", "datetime", _("Registered at"), _("Time of registration.")),
        Field("registered_date", "date", _("Registered on"), _("Day of registration.")),
        _text("channel", _("Channel"), _("How the proposal arrived."), codes=Channel),
        _text("submitter_type", _("Submitter type"), _("Who sent it."), codes=SubmitterType),
        _text(
            "region", _("Region"), _("The submitter's region; empty if not given."), codes=Region
        ),
        _text("language", _("Language"), _("Language of the proposal."), codes=Language),
        _text("topic", _("Topic"), _("Part of the constitution it is about."), codes=Topic),
        _text("status", _("Status"), _("Where the case stands."), codes=Status),
        _text(
            "outcome", _("Outcome"), _("The answer's outcome; empty until answered."), codes=Outcome
        ),
        Field(
            "answered_date", "date", _("Answered on"), _("Day of the answer; empty until answered.")
        ),
        Field("deadline", "date", _("Deadline"), _("The day the answer is due.")),
        Field(
            "deadline_extended",
            "boolean",
            _("Deadline extended"),
            _("Whether the statutory deadline was extended by a reasoned decision."),
        ),
        Field(
            "published",
            "boolean",
            _("Published"),
            _("Whether the author agreed to publish the text."),
        ),
        _text("name", _("Name"), _("The author's name, only when they agreed to publish it.")),
        _text("title", _("Title"), _EMPTY_UNLESS_PUBLISHED),
        _text("text", _("Text"), _EMPTY_UNLESS_PUBLISHED),
        _text(
            "cited_provisions",
            _("Cited provisions"),
            _("Articles the text cites, separated by spaces; empty unless published."),
        ),
        _text("answer", _("Answer"), _EMPTY_UNLESS_PUBLISHED),
    ),
    rows=selectors.proposal_rows,
)

ANSWERS = Dataset(
    name="answers",
    group="proposals",
    title=_("Answers"),
    description=_(
        "Every answer given: when, with which outcome, whether by the deadline, and the reason "
        "when the author agreed to publication."
    ),
    primary_key=("number",),
    foreign_keys=(ForeignKey(("number",), "proposals", ("number",)),),
    fields=(
        _NUMBER,
        Field("answered_at", "datetime", _("Answered at"), _("Time of the answer.")),
        Field("answered_date", "date", _("Answered on"), _("Day of the answer.")),
        Field("deadline", "date", _("Deadline"), _("The day the answer was due.")),
        Field("on_time", "boolean", _("On time"), _("Whether the answer came by the deadline.")),
        _text("outcome", _("Outcome"), _("What was decided."), codes=Outcome),
        _text(
            "merged_into",
            _("Merged into"),
            _("Number of the proposal it was merged into, for merged proposals."),
        ),
        _text("forwarded_to", _("Forwarded to"), _("The competent body, for forwarded proposals.")),
        _text("answer", _("Answer"), _EMPTY_UNLESS_PUBLISHED),
    ),
    rows=selectors.answer_rows,
)

LINKS = Dataset(
    name="links",
    group="analysis",
    title=_("Links from proposals to provisions"),
    description=_(
        "Which provision of the constitution each proposal concerns, by the latest finished "
        "analysis, with a score and the kind of evidence."
    ),
    foreign_keys=(ForeignKey(("number",), "proposals", ("number",)),),
    fields=(
        _RUN,
        _NUMBER,
        _text("provision", _("Provision"), _("The provision's permanent identifier.")),
        _text("position", _("Position"), _("Where the provision stands in the text.")),
        Field("score", "number", _("Score"), _("How strongly the proposal concerns it, 0 to 1.")),
        _text("reason", _("Reason"), _("The kind of evidence."), codes=LinkReason),
    ),
    rows=selectors.link_rows,
)

THEMES = Dataset(
    name="themes",
    group="analysis",
    title=_("Themes"),
    description=_("The themes the latest finished analysis found among the proposals."),
    primary_key=("run", "key"),
    fields=(
        _RUN,
        _text("key", _("Theme"), _("The theme's identifier within the run."), required=True),
        _text("label", _("Label"), _("A short name of the theme.")),
        _text("language", _("Language"), _("Language of the label."), codes=Language),
        _text("keywords", _("Key words"), _("Its key words, separated by semicolons.")),
        Field("size", "integer", _("Proposals"), _("Number of proposals in the theme.")),
        Field(
            "supporters", "integer", _("Supporters"), _("Letters behind it, campaigns included.")
        ),
        Field(
            "pinned", "boolean", _("Formed by analysts"), _("Whether analysts formed the theme.")
        ),
    ),
    rows=selectors.theme_rows,
)

CAMPAIGNS = Dataset(
    name="campaigns",
    group="analysis",
    title=_("Organised campaigns"),
    description=_(
        "Groups of near-identical letters found by the latest finished analysis, by size; "
        "each named by the number of one proposal of the group."
    ),
    primary_key=("run", "key"),
    foreign_keys=(ForeignKey(("representative",), "proposals", ("number",)),),
    fields=(
        _RUN,
        _text("key", _("Campaign"), _("The campaign's identifier within the run."), required=True),
        _text("representative", _("Representative"), _("Number of one proposal of the group.")),
        Field("supporters", "integer", _("Letters"), _("Number of letters in the campaign.")),
        Field("marked", "boolean", _("Confirmed"), _("Whether an analyst confirmed it.")),
    ),
    rows=selectors.campaign_rows,
)

_BODY = _text("body", _("Body"), _("The commission or working group."), required=True)
_DATETIME_OR_EMPTY = _("Empty when it has not happened.")

MEETINGS = Dataset(
    name="meetings",
    group="commission",
    title=_("Meetings"),
    description=_("The meetings of the commission and its working groups."),
    primary_key=("body", "number"),
    fields=(
        _BODY,
        Field(
            "number",
            "integer",
            _("Number"),
            _("The meeting's number within its body."),
            required=True,
        ),
        _text("title_kk", _("Title in Kazakh"), _("The meeting's title.")),
        _text("title_ru", _("Title in Russian"), _("The meeting's title.")),
        _text("title_en", _("Title in English"), _("The meeting's title.")),
        Field("starts_at", "datetime", _("Starts at"), _("Scheduled start.")),
        Field("ends_at", "datetime", _("Ends at"), _("Scheduled end.")),
        _text("place", _("Place"), _("Where it is held.")),
        _text("status", _("Status"), _("Scheduled, in progress or closed."), codes=MeetingStatus),
        Field("opened_at", "datetime", _("Opened at"), _DATETIME_OR_EMPTY),
        Field("closed_at", "datetime", _("Closed at"), _DATETIME_OR_EMPTY),
        Field("minutes_approved_at", "datetime", _("Minutes approved at"), _DATETIME_OR_EMPTY),
        _text("recording", _("Recording"), _("Address of the recording, if any.")),
        Field("agenda_items", "integer", _("Agenda items"), _("Number of points on the agenda.")),
    ),
    rows=selectors.meeting_rows,
)

VOTES = Dataset(
    name="votes",
    group="commission",
    title=_("Votes"),
    description=_(
        "Every roll-call vote on an amendment, with the members serving and present when it "
        "opened and, once closed, its totals and outcome."
    ),
    primary_key=("vote",),
    foreign_keys=(
        ForeignKey(("body", "meeting"), "meetings", ("body", "number")),
        ForeignKey(
            ("work", "base_version", "amendment"),
            "amendments",
            ("work", "base_version", "number"),
        ),
    ),
    fields=(
        Field("vote", "integer", _("Vote"), _("The vote's identifier."), required=True),
        _BODY,
        Field("meeting", "integer", _("Meeting"), _("The meeting's number within its body.")),
        _text("work", _("Constitution"), _("The text the amendment changes.")),
        _text("base_version", _("Base version"), _("The version the amendment changes.")),
        _text("amendment", _("Amendment"), _("The amendment's number.")),
        _text("status", _("Status"), _("Open or closed."), codes=VoteStatus),
        _text(
            "majority_rule", _("Majority rule"), _("The rule that decides it."), codes=MajorityRule
        ),
        Field("members_total", "integer", _("Members"), _("Members serving when it opened.")),
        Field("members_present", "integer", _("Present"), _("Members present when it opened.")),
        Field("opened_at", "datetime", _("Opened at"), _("When the vote opened.")),
        Field("closed_at", "datetime", _("Closed at"), _DATETIME_OR_EMPTY),
        Field("votes_for", "integer", _("For"), _("Empty while the vote is open.")),
        Field("votes_against", "integer", _("Against"), _("Empty while the vote is open.")),
        Field("votes_abstain", "integer", _("Abstained"), _("Empty while the vote is open.")),
        Field("not_voted", "integer", _("Did not vote"), _("Present members who did not vote.")),
        _text("outcome", _("Outcome"), _("Adopted or rejected, once closed."), codes=VoteOutcome),
    ),
    rows=selectors.vote_rows,
)

ROLL_CALL = Dataset(
    name="roll-call",
    group="commission",
    title=_("Roll calls"),
    description=_(
        "How each member voted in every closed vote; the commission publishes every member's vote."
    ),
    primary_key=("vote", "seat"),
    foreign_keys=(ForeignKey(("vote",), "votes", ("vote",)),),
    fields=(
        Field("vote", "integer", _("Vote"), _("The vote's identifier."), required=True),
        Field("seat", "integer", _("Seat"), _("The member's seat in the body."), required=True),
        _text("member", _("Member"), _("The member's full name.")),
        _text("role", _("Role"), _("The member's role in the body."), codes=MemberRole),
        _text("choice", _("Vote"), _("For, against or abstain."), codes=Choice),
    ),
    rows=selectors.roll_call_rows,
)

AMENDMENTS = Dataset(
    name="amendments",
    group="commission",
    title=_("Amendments"),
    description=_("The amendments proposed to a version of the constitution and their fate."),
    primary_key=("work", "base_version", "number"),
    fields=(
        _text("work", _("Constitution"), _("The text the amendment changes."), required=True),
        _text("base_version", _("Base version"), _("The version it changes."), required=True),
        _text("number", _("Number"), _("The amendment's number."), required=True),
        _BODY,
        _text("kind", _("Kind"), _("The kind of edit.")),
        _text("provision", _("Provision"), _("Permanent identifier of the provision it acts on.")),
        _text(
            "status",
            _("Status"),
            _("Proposed, adopted, rejected or withdrawn."),
            codes=AmendmentStatus,
        ),
        Field("proposed_at", "datetime", _("Proposed at"), _("When it was proposed.")),
        Field("decided_at", "datetime", _("Decided at"), _DATETIME_OR_EMPTY),
        Field("sequence", "integer", _("Order of application"), _("Its place when applied.")),
        _text("rationale_kk", _("Rationale in Kazakh"), _("Why it is proposed.")),
        _text("rationale_ru", _("Rationale in Russian"), _("Why it is proposed.")),
        _text("rationale_en", _("Rationale in English"), _("Why it is proposed.")),
        Field("proposals", "integer", _("Proposals"), _("Number of proposals it answers.")),
    ),
    rows=selectors.amendment_rows,
)

VERSIONS = Dataset(
    name="constitution-versions",
    group="constitution",
    title=_("Versions of the constitution"),
    description=_(
        "Every public version of the constitution: in force, historical, and published drafts. "
        "Each language's text is also offered as Akoma Ntoso XML."
    ),
    primary_key=("work", "version"),
    fields=(
        _text("work", _("Constitution"), _("The text's identifier."), required=True),
        _text("version", _("Version"), _("The version's label."), required=True),
        Field("date", "date", _("Date"), _("The date the version stands on.")),
        _text("status", _("Status"), _("In force, historical or draft."), codes=VersionStatus),
        _text("based_on", _("Based on"), _("The version it was made from.")),
        _text("languages", _("Languages"), _("The languages of its text, separated by spaces.")),
        Field(
            "draft_published_at",
            "datetime",
            _("Draft published at"),
            _("When the commission published it as a draft; empty for other versions."),
        ),
    ),
    rows=selectors.version_rows,
)

_FIGURE_TITLES: tuple[tuple[str, Promise], ...] = (
    ("registered", _("Registered voters")),
    ("received", _("Ballots received")),
    ("issued", _("Ballots issued (voted)")),
    ("yes", _("Yes")),
    ("no", _("No")),
    ("invalid", _("Invalid ballots")),
    ("not_counted", _("Ballots not counted")),
    ("spoiled", _("Spoiled ballots")),
    ("unused", _("Unused ballots")),
)
_FIGURE_FIELDS = tuple(
    Field(name, "integer", title, _("A figure of the protocol.")) for name, title in _FIGURE_TITLES
)

PROTOCOLS = Dataset(
    name="referendum-protocols",
    group="referendum",
    title=_("Referendum protocols"),
    description=_("The protocol in force at every precinct, for every question."),
    primary_key=("referendum", "question", "precinct"),
    fields=(
        _text("referendum", _("Referendum"), _("The referendum's identifier."), required=True),
        Field("question", "integer", _("Question"), _("The question's position."), required=True),
        _text("unit", _("Voting unit"), _("Region or city of national significance.")),
        _text("district", _("District"), _("The district commission.")),
        _text("precinct", _("Precinct"), _("The precinct's code."), required=True),
        _text(
            "kind",
            _("Kind"),
            _("Polling station, abroad or online."),
            codes=("station", "abroad", "online"),
        ),
        Field(
            "version",
            "integer",
            _("Version"),
            _("1 for the first protocol, more after corrections."),
        ),
        *_FIGURE_FIELDS,
    ),
    rows=selectors.protocol_rows,
)

RESULTS = Dataset(
    name="referendum-results",
    group="referendum",
    title=_("Referendum results"),
    description=_(
        "The count for the nation and every voting unit, with the shares and what they mean "
        "under the referendum's legal rule."
    ),
    primary_key=("referendum", "question", "area"),
    fields=(
        _text("referendum", _("Referendum"), _("The referendum's identifier."), required=True),
        Field("question", "integer", _("Question"), _("The question's position."), required=True),
        _text("status", _("Status"), _("Stage of the count."), codes=ReferendumStatus),
        _text("level", _("Level"), _("The nation or a voting unit."), codes=("nation", "unit")),
        _text(
            "area",
            _("Area"),
            _("The voting unit's code, or nation for the whole country."),
            required=True,
        ),
        *_FIGURE_FIELDS,
        Field("precincts", "integer", _("Precincts"), _("Protocols counted.")),
        Field("turnout_percent", "number", _("Turnout, %"), _("Two decimals, rounded half up.")),
        Field("yes_percent", "number", _("Yes, %"), _("Two decimals, rounded half up.")),
        Field("no_percent", "number", _("No, %"), _("Two decimals, rounded half up.")),
        Field(
            "majority_yes",
            "boolean",
            _("Majority yes"),
            _("Whether yes has the majority the rule asks."),
        ),
        Field(
            "counts_for_rule",
            "boolean",
            _("Counts for the rule"),
            _("Units only: whether the unit counts."),
        ),
        Field(
            "valid", "boolean", _("Valid"), _("Nation only: whether the turnout makes it valid.")
        ),
        Field(
            "adopted", "boolean", _("Adopted"), _("Nation only: whether the question is adopted.")
        ),
    ),
    rows=selectors.result_rows,
)

DATASETS: tuple[Dataset, ...] = (
    PROPOSALS,
    ANSWERS,
    LINKS,
    THEMES,
    CAMPAIGNS,
    MEETINGS,
    VOTES,
    ROLL_CALL,
    AMENDMENTS,
    VERSIONS,
    PROTOCOLS,
    RESULTS,
)
BY_NAME = {d.name: d for d in DATASETS}
FORMATS = ("csv", "jsonl")
