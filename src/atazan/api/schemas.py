"""What the API answers, as typed schemas: the OpenAPI document is generated from these.

Each schema holds only what the public pages show of the thing (the
proposals' masked copies, names only with consent, drafts only once
published); the operations fill them from the apps' selectors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class Page(Schema, Generic[T]):
    """One page of a list; ask for ``page + 1`` while ``has_next``."""

    items: list[T]
    page: int
    size: int
    has_next: bool


# Constitution -------------------------------------------------------------------------


class VersionSummary(Schema):
    work: str
    label: str
    date: dt.date | None
    status: str
    languages: list[str] = Field(description="Languages the text is published in.")


class WorkOut(Schema):
    slug: str
    country: str
    versions: list[VersionSummary]


class ProvisionOut(Schema):
    """A provision and those inside it; ``uid`` survives renumbering and translation."""

    kind: str
    eid: str = Field(description="Position id, e.g. sec_2__art_33__para_2.")
    uid: str = Field(description="Permanent id; the same in every language and later versions.")
    label: str
    heading: str
    text: list[str] = Field(description="The provision's own lines of text.")
    children: list[ProvisionOut]


class VersionText(Schema):
    work: str
    version: str
    date: dt.date | None
    status: str
    language: str
    title: str
    languages: list[str]
    provisions: list[ProvisionOut]


# Proposals ----------------------------------------------------------------------------


class PublicProposalOut(Schema):
    """A proposal as published: personal data masked, the name only with consent."""

    number: str
    registered: dt.date
    submitter_type: str
    submitter_type_label: str
    name: str = Field(description="Empty unless the author agreed to publish their name.")
    region: str
    region_label: str
    language: str
    topic: str
    topic_label: str
    title: str
    text: str = Field(description="Masked: [IIN/BIN hidden], [phone hidden] and the like.")
    cited_provisions: list[str]
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    answer: str = Field(description="The published answer, once the proposal is answered.")


# Analysis -----------------------------------------------------------------------------


class AnalysisRunOut(Schema):
    id: int
    finished_at: dt.datetime | None
    proposals: int
    campaigns: int
    constitution_version: str | None


class ThemeOut(Schema):
    key: str
    label: str
    language: str
    keywords: list[str]
    proposals: int
    supporters: int
    formed_by_analysts: bool


class CampaignOut(Schema):
    key: str
    supporters: int
    confirmed: bool = Field(description="Confirmed as one campaign by an analyst.")
    representative: str | None = Field(
        description="Number of a representative proposal, when its text is published."
    )


class CoverageArticle(Schema):
    eid: str
    label: str
    proposals: int
    supporters: int
    level: int = Field(ge=0, le=5)


class CoverageSection(CoverageArticle):
    articles: list[CoverageArticle]


class CoverageOut(Schema):
    run: AnalysisRunOut | None
    measure: str
    sections: list[CoverageSection]


# Commission ---------------------------------------------------------------------------


class MemberOut(Schema):
    full_name: str
    role: str
    represents: str
    serving: bool


class BodyOut(Schema):
    slug: str
    kind: str
    name: str
    quorum: str = Field(description="Share of members needed, e.g. 2/3.")
    majority_rule: str


class BodyDetail(BodyOut):
    members: list[MemberOut]


class MeetingOut(Schema):
    body: str
    number: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    status: str
    live_url: str
    recording_url: str


class AgendaItemOut(Schema):
    position: int
    title: str
    amendment: int | None
    provision_uid: str
    proposals: int


class RollCallOut(Schema):
    member: str
    choice: str


class VoteOut(Schema):
    id: int
    amendment: int
    status: str
    majority_rule: str
    members: int
    present: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    not_voted: int
    votes_needed: int | None
    outcome: str
    roll_call: list[RollCallOut]


class QuorumOut(Schema):
    present: int
    members: int
    needed: int
    met: bool


class MeetingDetail(MeetingOut):
    agenda: list[AgendaItemOut]
    quorum: QuorumOut
    votes: list[VoteOut]
    minutes: str
    minutes_language: str
    minutes_approved_at: dt.datetime | None


class AmendmentOut(Schema):
    id: int
    number: str
    body: str
    base: str = Field(description="work/version the amendment changes.")
    kind: str
    status: str
    target_uid: str
    rationale: str
    proposed_at: dt.datetime
    decided_at: dt.datetime | None
    proposals: int


class CitedProposal(Schema):
    number: str
    title: str = Field(description="Empty unless the proposal's text is published.")
    language: str
    region: str
    submitter_type: str
    registered: dt.date


class AmendmentDetail(AmendmentOut):
    votes: list[VoteOut]
    cited_proposals: list[CitedProposal]
    drafts: list[int]


class DraftOut(Schema):
    id: int
    body: str
    work: str
    base: str
    version: str
    published_at: dt.datetime | None
    comments_open: bool


class DraftDetail(DraftOut):
    amendments: list[int]


# Referendum ---------------------------------------------------------------------------


class QuestionOut(Schema):
    position: int
    text: str


class ReferendumOut(Schema):
    slug: str
    title: str
    voting_day: dt.date
    status: str
    questions: list[QuestionOut]


class UnitResultOut(Schema):
    code: str
    figures: dict[str, int]
    precincts: int
    turnout_percent: str
    yes_percent: str
    no_percent: str
    majority_yes: bool
    counts_for_rule: bool


class AnomalyOut(Schema):
    kind: str
    unit: str
    precinct: str
    score: float | None
    params: dict[str, Any]


class ResultsOut(Schema):
    referendum: str
    question: int
    rule: dict[str, Any]
    valid: bool
    adopted: bool
    figures: dict[str, int]
    turnout_percent: str
    yes_percent: str
    no_percent: str
    invalid_percent: str
    not_counted_percent: str
    national_majority_yes: bool
    units_with_majority: int
    units_counted: int
    units_needed: int
    reasons: list[str]
    units: list[UnitResultOut]
    anomalies: list[AnomalyOut]


# Partner intake -----------------------------------------------------------------------


class PartnerSubmitter(Schema):
    type: str = Field(description="citizen or organisation.")
    name: str
    iin: str | None = Field(None, description="12 digits with a valid check digit (a person).")
    bin: str | None = Field(None, description="12 digits with a valid check digit (a party).")
    region: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class PartnerConsents(Schema):
    publish_text: bool = False
    publish_name: bool = False


class PartnerProposalIn(Schema):
    """A proposal sent by a partner; the submitter fields may also be sent flat."""

    external_id: str = Field(max_length=200, description="Your system's id of the appeal.")
    submitter: PartnerSubmitter
    language: str = Field(description="kk, ru or en.")
    title: str
    text: str
    topic: str | None = None
    cited_provisions: list[str] | None = None
    consents: PartnerConsents | None = None
    received_at: dt.datetime | None = None


class PartnerRegistration(Schema):
    number: str
    registered_at: str
    status: str
    deadline: str
    external_id: str
    tracking_secret: str | None = Field(
        None, description="Shown to the submitter once; null on a replay after a key rotation."
    )
    duplicate: bool | None = Field(
        None, description="true: this appeal was registered before under another key."
    )


class PartnerStatus(Schema):
    number: str
    external_id: str
    status: str
    outcome: str | None
    answer: str | None
    registered_at: str
    deadline: str
    answered_at: str | None


class PartnerErrorOut(Schema):
    """A partner API refusal: the first contract's error and detail, and the site-wide keys."""

    error: str
    detail: Any
    code: str
    message: str
    field: str | None = None
    details: dict[str, Any] | None = None
