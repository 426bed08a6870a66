"""Reads: queues, search, the public view, the working-day calendar."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils import timezone

from atazan.core.models import AuditEntry
from atazan.core.roles import Role
from atazan.proposals.models import (
    AnswerTemplate,
    AssignmentRule,
    Attachment,
    DayTransfer,
    Notification,
    Partner,
    Proposal,
    Status,
    SubmitterProfile,
)
from atazan_calendar import DayTransfer as CalendarTransfer
from atazan_calendar import WorkCalendar

DUE_SOON_WORKING_DAYS = 3
NUMBER_RE = re.compile(r"^\s*(\d{4})-(\d{1,9})\s*$")
FILTER_FIELDS = ("status", "outcome", "region", "topic", "channel", "language", "submitter_type")


CALENDAR_TTL_SECONDS = 60
_calendar_cache: tuple[float, WorkCalendar] | None = None


def work_calendar(fresh: bool = False) -> WorkCalendar:
    """The calendar with the transfers of days off entered by the secretariat.

    Kept for a minute per process (a registration needs it every time); a
    transfer entered in the admin applies to deadlines computed after that.
    """
    global _calendar_cache
    now = time.monotonic()
    if (
        not fresh
        and _calendar_cache is not None
        and now - _calendar_cache[0] < CALENDAR_TTL_SECONDS
    ):
        return _calendar_cache[1]
    transfers = [
        CalendarTransfer(working_day=w, day_off=o)
        for w, o in DayTransfer.objects.values_list("working_day", "day_off")
    ]
    calendar = WorkCalendar(transfers)
    _calendar_cache = (now, calendar)
    return calendar


def forget_calendar() -> None:
    """Drop the kept calendar (after a transfer of days off is entered)."""
    global _calendar_cache
    _calendar_cache = None


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.strip().upper().encode()).hexdigest()


# Sealed tracking secrets ------------------------------------------------------------
#
# A tracking secret is stored only as its hash. Two places still need the secret
# itself after the registering request: the outbox, until the receipt is handed to the
# mail server, and a partner's retried request, which gets the first answer again. Both
# keep it sealed: encrypted and authenticated with HMAC-SHA256 (a keystream in counter
# mode, then a tag over nonce and ciphertext), under a key the database does not hold
# (derived from SECRET_KEY for the outbox, from the partner's API key for a replay).

_SEAL_VERSION = "s1."


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(
        hmac.new(key, b"stream" + nonce + n.to_bytes(4, "big"), hashlib.sha256).digest()
        for n in range(blocks)
    )[:length]


def seal(key: bytes, text: str) -> str:
    """``text`` encrypted and authenticated under ``key``, as printable ASCII."""
    nonce = secrets.token_bytes(16)
    plain = text.encode()
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(key, nonce, len(plain)), strict=True))
    tag = hmac.new(key, b"tag" + nonce + cipher, hashlib.sha256).digest()[:16]
    return _SEAL_VERSION + base64.urlsafe_b64encode(nonce + cipher + tag).decode().rstrip("=")


def unseal(key: bytes, token: str) -> str | None:
    """The text :func:`seal` sealed under ``key``; None for another key or a damaged token."""
    if not token.startswith(_SEAL_VERSION):
        return None
    raw = token[len(_SEAL_VERSION) :]
    try:
        data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except ValueError:
        return None
    if len(data) < 32:
        return None
    nonce, cipher, tag = data[:16], data[16:-16], data[-16:]
    expected = hmac.new(key, b"tag" + nonce + cipher, hashlib.sha256).digest()[:16]
    if not hmac.compare_digest(tag, expected):
        return None
    plain = bytes(a ^ b for a, b in zip(cipher, _keystream(key, nonce, len(cipher)), strict=True))
    try:
        return plain.decode()
    except UnicodeDecodeError:
        return None


def outbox_key() -> bytes:
    """The key sealing secrets in kept messages until they are sent (from SECRET_KEY)."""
    from django.conf import settings

    return hmac.new(
        str(settings.SECRET_KEY).encode(), b"atazan.proposals.outbox-secret", hashlib.sha256
    ).digest()


def replay_key(api_key: str, idempotency_key: str) -> bytes:
    """The key sealing the secret in a partner's kept answer: only that partner can open it."""
    return hmac.new(
        api_key.encode(), b"atazan.proposals.replay|" + idempotency_key.encode(), hashlib.sha256
    ).digest()


def find_by_tracking(number: str, secret: str) -> Proposal | None:
    """The proposal with this number when the secret matches, else None."""
    proposal = Proposal.objects.filter(number=number.strip()).first()
    if proposal is None or not proposal.secret_hash:
        return None
    if not hmac.compare_digest(proposal.secret_hash, secret_hash(secret)):
        return None
    return proposal


def proposals_of_user(user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(user=user).order_by("-registered_at", "-id")


def submitter_profile(user: Any) -> SubmitterProfile | None:
    """The IIN/BIN this user registered with before (they are then locked in the form)."""
    return SubmitterProfile.objects.filter(user_id=user.pk or 0).first()


def proposal_or_404(number: str) -> Proposal:
    return get_object_or_404(Proposal, number=number)


def proposal_by_number(number: str) -> Proposal | None:
    return Proposal.objects.filter(number=number).first()


def proposals_by_ids(ids: list[int]) -> list[Proposal]:
    """The proposals with these ids, oldest registration first."""
    return list(Proposal.objects.filter(pk__in=ids).order_by("registered_at"))


def active_partner(key_prefix: str) -> Partner | None:
    """The active partner whose API keys start with ``key_prefix``."""
    return Partner.objects.filter(key_prefix=key_prefix, active=True).first()


# Full-text search -----------------------------------------------------------


def _tokens(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query.lower()) if t][:8]


# Endings stripped from a query word before it is matched as a prefix, longest first.
_ENDINGS = sorted(
    {
        # Russian case and number endings
        "ями",
        "ами",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ых",
        "их",
        "ов",
        "ев",
        "ей",
        "ий",
        "ый",
        "ой",
        "ая",
        "яя",
        "ое",
        "ее",
        "ую",
        "юю",
        "ам",
        "ям",
        "ах",
        "ях",
        "ом",
        "ем",
        "ы",
        "и",
        "а",
        "я",
        "о",
        "е",
        "у",
        "ю",
        "ь",
        # Kazakh plural and case suffixes
        "лардың",
        "лердің",
        "дардың",
        "дердің",
        "тардың",
        "тердің",
        "ларға",
        "лерге",
        "лар",
        "лер",
        "дар",
        "дер",
        "тар",
        "тер",
        "ның",
        "нің",
        "дың",
        "дің",
        "тың",
        "тің",
        "ға",
        "ге",
        "қа",
        "ке",
        "да",
        "де",
        "та",
        "те",
        "ны",
        "ні",
        "ды",
        "ді",
        "ты",
        "ті",
        "ын",
        "ін",
        "мен",
        "бен",
        "пен",
        # English inflections
        "ing",
        "ed",
        "es",
        "s",
        "ly",
    },
    key=len,
    reverse=True,
)
_MIN_STEM = 4


def search_stem(token: str) -> str:
    """A word cut to a stem for prefix matching: "выборы" -> "выбор", "заңдары" -> "заң"+...

    Deliberately light: one ending is removed and at least four letters stay, so
    a prefix search finds the other forms without matching unrelated words.
    """
    for ending in _ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= _MIN_STEM:
            token = token[: -len(ending)]
            break
    # Kazakh voices a final к/қ/п before a vowel (өкілеттік -> өкілеттігі).
    if len(token) > 5 and token[-1] in "кқп":
        token = token[:-1]
    return token


def search(queryset: QuerySet[Proposal], query: str, *, public: bool = False) -> QuerySet[Proposal]:
    """Proposals whose title or text match every word of ``query`` (any inflection).

    PostgreSQL matches each word as a prefix and as a Russian or English stem
    (Kazakh, written with suffixes, is served by the prefix); SQLite uses an
    FTS5 index with prefix queries. A registration number finds its case.
    With ``public`` only the published, masked words are searched, so a search
    for a phone number or a name that was masked finds nothing.
    """
    number = NUMBER_RE.match(query)
    if number:
        return queryset.filter(number=f"{number.group(1)}-{int(number.group(2)):06d}")
    tokens = _tokens(query)
    if not tokens:
        return queryset
    if connection.vendor == "postgresql":
        parts = []
        params: list[str] = []
        for token in tokens:
            parts.append(
                "(to_tsquery('simple', %s) || to_tsquery('russian', %s)"
                " || to_tsquery('english', %s))"
            )
            params += [f"{search_stem(token)}:*", token, token]
        column = "public_search_vector" if public else "search_vector"
        where = f"proposals_proposal.{column} @@ (" + " && ".join(parts) + ")"
        return queryset.extra(where=[where], params=params)  # noqa: S610 - parameters bound
    fts = " ".join('"' + search_stem(token).replace('"', "") + '"*' for token in tokens)
    table = "proposals_public_search" if public else "proposals_search"
    return queryset.filter(
        id__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [fts])  # noqa: S608 - fixed names
    )


# Queues ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    status: str = ""
    outcome: str = ""
    region: str = ""
    topic: str = ""
    channel: str = ""
    language: str = ""
    submitter_type: str = ""
    assignee: str = ""  # "me", "none" or a user id
    queue: str = ""  # "overdue", "due_soon", "" for all

    @classmethod
    def from_querydict(cls, data: Any) -> CaseFilters:
        return cls(**{name: str(data.get(name, "")).strip() for name in cls.__dataclass_fields__})


def due_soon_limit(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return work_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)


def cases(user: Any, filters: CaseFilters) -> QuerySet[Proposal]:
    """The analysts' list: filters, queue and search, newest first."""
    qs = _filtered(user, filters)
    if filters.query:
        qs = search(qs, filters.query)
    if filters.queue in ("overdue", "due_soon"):
        return qs.order_by("deadline", "id")
    return qs.order_by("-registered_at", "-id")


# How many of the newest filtered cases a search page looks through first, per row
# it needs: words found in at least one case in 200 fill the page from there.
SEARCH_WINDOW_PER_ROW = 200


def case_page(
    user: Any, filters: CaseFilters, page: int, per_page: int = 50
) -> tuple[list[Proposal], bool]:
    """One page of :func:`cases`, and whether another follows.

    A common word matches tens of thousands of cases, and PostgreSQL would read
    every one of them to sort them by date. The newest cases are searched first,
    within a window of the newest rows; only when that window holds too
    few matches for the page does the search run over everything. The window is
    a prefix of the list's order, so the page is the same either way.
    """
    qs = cases(user, filters)
    newest_first = filters.queue not in ("overdue", "due_soon")
    if (
        filters.query
        and newest_first
        and connection.vendor == "postgresql"
        and not NUMBER_RE.match(filters.query)
        and _window_may_fill(user, filters)
    ):
        page = max(page, 1)
        window = (page * per_page + 1) * SEARCH_WINDOW_PER_ROW
        # The edge comes from the whole table, read from the date index alone.
        newest = Proposal.objects.order_by("-registered_at", "-id")
        edge = list(newest.values_list("registered_at", flat=True)[window - 1 : window])
        if edge:
            with transaction.atomic(), connection.cursor() as cursor:
                # Walk the window newest first and stop at the page: the planner,
                # misled by independent word estimates, would otherwise gather every
                # match of the words from the full-text index before the window cuts.
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                try:
                    rows, has_next = page_of(qs.filter(registered_at__gte=edge[0]), page, per_page)
                finally:
                    # Inside a caller's transaction SET LOCAL would outlive this block.
                    cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")
            if has_next:
                return rows, has_next
    return page_of(qs, page, per_page)


def _window_may_fill(user: Any, filters: CaseFilters) -> bool:
    """Whether every word of the search is common enough to fill a page from the window.

    Each word's own estimate is reliable (the planner keeps statistics of the
    commonest words); the case needs all words, so the rarest word bounds it.
    Rare words skip the window: the full-text index finds their few matches faster.
    """
    filtered = _filtered(user, filters)
    total = _estimate(Proposal.objects.all())
    rarest = min(_estimate(search(filtered, word)) for word in _tokens(filters.query))
    return rarest * SEARCH_WINDOW_PER_ROW >= total


def _filtered(user: Any, filters: CaseFilters) -> QuerySet[Proposal]:
    """The cases that pass every filter and queue, before search and ordering."""
    qs = Proposal.objects.all()
    for name in FILTER_FIELDS:
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.assignee == "me":
        qs = qs.filter(assignee=user)
    elif filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee.isascii() and filters.assignee.isdigit() and len(filters.assignee) < 19:
        qs = qs.filter(assignee_id=int(filters.assignee))
    today = timezone.localdate()
    if filters.queue == "overdue":
        qs = qs.exclude(status=Status.ANSWERED).filter(deadline__lt=today)
    elif filters.queue == "due_soon":
        qs = qs.exclude(status=Status.ANSWERED).filter(
            deadline__gte=today, deadline__lte=due_soon_limit(today)
        )
    return qs


def page_of(qs: QuerySet[Proposal], page: int, per_page: int = 50) -> tuple[list[Proposal], bool]:
    """One page and whether another follows, without counting a million rows."""
    page = max(page, 1)
    start = (page - 1) * per_page
    rows = list(
        qs.select_related("assignee").only(
            "id",
            "number",
            "title",
            "status",
            "outcome",
            "region",
            "topic",
            "channel",
            "language",
            "submitter_type",
            "registered_at",
            "deadline",
            "original_deadline",
            "assignee__username",
            "assignee__first_name",
            "assignee__last_name",
        )[start : start + per_page + 1]
    )
    return rows[:per_page], len(rows) > per_page


def capped_count(qs: QuerySet[Proposal], cap: int = 1000) -> tuple[int, str]:
    """How many match, for the list's heading, without counting a million rows.

    Returns (number, kind): "exact" up to ``cap``; beyond it on PostgreSQL the
    planner's estimate, "about"; on SQLite "more" (than ``cap``). A clearly
    large result is not counted at all.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        estimate = _estimate(qs)
        if estimate > cap * 2:
            return _round(estimate), "about"
    count = qs.order_by()[: cap + 1].count()
    if count <= cap:
        return count, "exact"
    if postgres:
        return _round(max(estimate, cap)), "about"
    return cap, "more"


def _round(value: int) -> int:
    digits = len(str(value)) - 2
    return round(value, -digits) if digits > 0 else value


def _estimate(qs: QuerySet[Proposal]) -> int:
    """The planner's estimate of the rows matching ``qs`` (0 when there is none)."""
    if connection.vendor != "postgresql":
        return 0
    sql, params = qs.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def analysts() -> QuerySet[Any]:
    user_model = get_user_model()
    return (
        user_model.objects.filter(
            role_assignments__role__in=[Role.ANALYST, Role.WORKING_GROUP_LEAD], is_active=True
        )
        .distinct()
        .order_by("username")
    )


@dataclass
class Workload:
    user: Any
    open: int
    in_review: int
    overdue: int
    due_soon: int
    answered_30_days: int


def workload() -> list[Workload]:
    """Per analyst: open, overdue and due-soon cases, and answers in the last 30 days."""
    today = timezone.localdate()
    soon = due_soon_limit(today)
    since = timezone.now() - dt.timedelta(days=30)
    open_q = ~Q(status=Status.ANSWERED)
    rows = {
        row["assignee"]: row
        for row in Proposal.objects.filter(assignee__isnull=False)
        .values("assignee")
        .annotate(
            open=Count("id", filter=open_q),
            in_review=Count("id", filter=Q(status=Status.IN_REVIEW)),
            overdue=Count("id", filter=open_q & Q(deadline__lt=today)),
            due_soon=Count("id", filter=open_q & Q(deadline__gte=today, deadline__lte=soon)),
            answered_30_days=Count("id", filter=Q(answered_at__gte=since)),
        )
    }
    result = []
    for user in analysts():
        row = rows.get(user.pk, {})
        result.append(
            Workload(
                user=user,
                open=row.get("open", 0),
                in_review=row.get("in_review", 0),
                overdue=row.get("overdue", 0),
                due_soon=row.get("due_soon", 0),
                answered_30_days=row.get("answered_30_days", 0),
            )
        )
    return result


def unassigned_open_count() -> int:
    return Proposal.objects.filter(assignee__isnull=True).exclude(status=Status.ANSWERED).count()


def find_analyst(pk: int | str) -> Any | None:
    """The analyst (or working-group lead) with this id, None when there is none."""
    return analysts().filter(pk=pk).first()


def case_or_404(number: str) -> Proposal:
    """A case with the people and partner its page shows."""
    return get_object_or_404(
        Proposal.objects.select_related("assignee", "merged_into", "answered_by", "partner"),
        number=number,
    )


def attachments_of(proposal: Proposal) -> QuerySet[Attachment]:
    return proposal.attachments.all()


def notifications_of(proposal: Proposal) -> QuerySet[Notification]:
    return proposal.notifications.all()


def attachment_or_404(pk: int) -> Attachment:
    """An attachment with its proposal (whose permission decides who may download it)."""
    return get_object_or_404(Attachment.objects.select_related("proposal"), pk=pk)


def case_history(proposal: Proposal) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type="proposals.proposal", target_id=str(proposal.pk)
    ).order_by("sequence")


def active_templates() -> QuerySet[AnswerTemplate]:
    return AnswerTemplate.objects.filter(active=True)


# Settings of the secretariat ----------------------------------------------------


def answer_templates() -> QuerySet[AnswerTemplate]:
    """Every answer template, the active ones first, by name."""
    return AnswerTemplate.objects.order_by("-active", "name")


def template_or_404(pk: int) -> AnswerTemplate:
    return get_object_or_404(AnswerTemplate, pk=pk)


def routing_rules() -> list[AssignmentRule]:
    """The routing rules in the order they apply (see actions.auto_assign).

    Active rules first; then those naming topic and region, then topic or
    region, then neither; then by topic, region and the analyst's username.
    """
    return sorted(
        AssignmentRule.objects.select_related("analyst"),
        key=lambda r: (
            not r.active,
            -(bool(r.topic) + bool(r.region)),
            r.topic,
            r.region,
            r.analyst.get_username(),
        ),
    )


def rule_or_404(pk: int) -> AssignmentRule:
    return get_object_or_404(AssignmentRule.objects.select_related("analyst"), pk=pk)


def day_transfers() -> QuerySet[DayTransfer]:
    """The transfers of days off, the latest working day first."""
    return DayTransfer.objects.order_by("-working_day")


def day_transfer_or_404(pk: int) -> DayTransfer:
    return get_object_or_404(DayTransfer, pk=pk)


# Public view ---------------------------------------------------------------

PUBLIC_FIELDS = (
    "id",
    "number",
    "public_title",
    "public_text",
    "submitter_type",
    "submitter_name",
    "consent_publish_name",
    "region",
    "language",
    "topic",
    "registered_at",
    "status",
    "outcome",
    "public_answer",
    "answered_at",
    "cited_provisions",
)


def public_proposals(filters: dict[str, str] | None = None) -> QuerySet[Proposal]:
    """Proposals whose authors agreed to publication; only the masked copies are read."""
    qs = Proposal.objects.filter(consent_publish_text=True)
    for name in ("region", "topic", "status", "outcome", "language"):
        value = (filters or {}).get(name, "")
        if value:
            qs = qs.filter(**{name: value})
    return qs.only(*PUBLIC_FIELDS).order_by("-registered_at", "-id")


def public_proposal(number: str) -> Proposal | None:
    return public_proposals().filter(number=number).first()


def page_of_public(
    qs: QuerySet[Proposal], page: int, per_page: int = 30
) -> tuple[list[Proposal], bool]:
    page = max(page, 1)
    start = (page - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page


PUBLIC_EXPORT_COLUMNS = (
    "number",
    "registered",
    "submitter_type",
    "name",
    "region",
    "language",
    "topic",
    "title",
    "text",
    "cited_provisions",
    "status",
    "outcome",
    "answer",
)


def public_record(p: Proposal) -> dict[str, Any]:
    """Everything the public may see of a proposal, and nothing more."""
    from atazan.proposals.labels import choice_label

    return {
        "number": p.number,
        "registered": timezone.localtime(p.registered_at).date().isoformat(),
        "submitter_type": choice_label("submitter_type", p.submitter_type),
        "name": p.submitter_name if p.consent_publish_name else "",
        "region": choice_label("region", p.region),
        "language": p.language,
        "topic": choice_label("topic", p.topic),
        "title": p.public_title,
        "text": p.public_text,
        "cited_provisions": ", ".join(p.cited_provisions or []),
        "status": choice_label("status", p.status),
        "outcome": choice_label("outcome", p.outcome),
        "answer": p.public_answer if p.status == Status.ANSWERED else "",
    }


@dataclass
class CaseRow:
    """One line of the analysts' list, prepared in Python: the template only prints."""

    pk: int
    number: str
    url: str
    registered: str
    channel: str
    language: str
    title: str
    status: str
    status_label: str
    outcome_label: str
    region: str
    analyst: str
    deadline: str
    deadline_class: str
    extended: bool


def case_rows(rows: list[Proposal], today: dt.date) -> list[CaseRow]:
    from django.urls import reverse

    from atazan.proposals.labels import choice_label

    base = reverse("proposals:case_detail", kwargs={"number": "0"})[:-2]
    result = []
    for p in rows:
        open_case = p.status != Status.ANSWERED
        left = (p.deadline - today).days
        deadline_class = ""
        if open_case and left < 0:
            deadline_class = "overdue"
        elif open_case and left <= 4:
            deadline_class = "due-soon"
        analyst = ""
        if p.assignee_id and p.assignee is not None:
            analyst = p.assignee.get_full_name() or p.assignee.username
        title = p.title if len(p.title) <= 140 else p.title[:139] + "…"
        result.append(
            CaseRow(
                pk=p.pk,
                number=p.number,
                url=f"{base}{p.number}/",
                registered=timezone.localtime(p.registered_at).strftime("%Y-%m-%d"),
                channel=choice_label("channel", p.channel),
                language=p.language,
                title=title,
                status=p.status,
                status_label=choice_label("status", p.status),
                outcome_label=choice_label("outcome", p.outcome),
                region=choice_label("region", p.region),
                analyst=analyst or "—",
                deadline=p.deadline.isoformat(),
                deadline_class=deadline_class,
                extended=p.deadline != p.original_deadline,
            )
        )
    return result
