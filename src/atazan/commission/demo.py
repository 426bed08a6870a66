"""The demo commission: 130 members meet, vote on amendments and make the 2026 draft.

The Constitutional Commission (a chair, two deputies, a secretary and 126
members from every region and city and from parties, associations, academia
and the courts) and its Working Group are seated; the Working Group's lead
proposes every amendment of ``kenbel-2026-amendments.json`` against the
stored 1998 text, citing the demo proposals that the latest analysis run
links to the articles concerned, and a few members propose alternatives of
their own. Five meetings follow: one opening, three that vote (every member
present casts their own vote, the chair opens and closes each vote), and one
that lacks a quorum and so cannot vote. The secretary consolidates the
adopted amendments into the 2026 draft, which must read exactly like the
shipped ``kenbel-2026-draft`` texts, publishes it, and citizens comment on
its changed paragraphs; a last meeting to review the comments is scheduled.

Everything goes through ``commission.actions`` as the person whose act it is
(the loader itself only creates the accounts, the bodies and the seats), and
each step checks whether it was done already, so loading again adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from atazan.analysis.models import (
    AnalysisRun,
    CampaignResult,
    ProposalAnalysis,
    ProvisionLink,
    ThemeResult,
)
from atazan.commission import actions, drafting, selectors
from atazan.commission.models import (
    Amendment,
    AmendmentStatus,
    Body,
    BodyKind,
    Choice,
    Draft,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    ProvisionSource,
)
from atazan.constitution.models import Expression, Version
from atazan.constitution.selectors import document_for
from atazan.core.actions import create_user
from atazan.core.actors import SystemActor
from atazan.core.demo_calendar import ReformCalendar, demo_calendar, happening_at, moment
from atazan.core.roles import Role
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Proposal
from atazan_redact import make_identifier
from atazan_texts.model import Provision as TextProvision

ACTOR = SystemActor("demo loader")

SAMPLES = Path(__file__).resolve().parents[1] / "constitution" / "samples"
AMENDMENTS = SAMPLES / "kenbel-2026-amendments.json"
WORK = "kenbel"
BASE_LABEL = "1998"
DRAFT_LABEL = "2026-draft"
DRAFT_DATE = dt.date(2026, 1, 30)
LANGUAGES = ("kk", "ru", "en")

SLUG = "constitutional-commission"
WORKING_GROUP_SLUG = "working-group"
NAMES = {
    "kk": "Конституциялық комиссия",
    "ru": "Конституционная комиссия",
    "en": "Constitutional Commission",
}
WORKING_GROUP_NAMES = {
    "kk": "Конституциялық комиссияның жұмыс тобы",
    "ru": "Рабочая группа Конституционной комиссии",
    "en": "Working Group of the Constitutional Commission",
}
TERM_START = dt.date(2025, 10, 1)
WORKING_GROUP_DAY = dt.date(2025, 10, 24)
MEMBERS = 130
WORKING_GROUP_SIZE = 15
#: Proposals an amendment cites at most (the trace finds the rest through its themes).
CITED_PER_AMENDMENT = 40
PROPOSALS_PER_AGENDA_ITEM = 12
COMMENTS_PER_CITIZEN = 5


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(_day(day), dt.time(hour, minute)))


#: The reform's calendar while the demo loads: the dates planned above move by ``shift``
#: so that the draft is published on the calendar's day (see atazan.core.demo_calendar).
_CALENDAR: list[ReformCalendar] = []


def _reform() -> ReformCalendar:
    return _CALENDAR[-1] if _CALENDAR else ReformCalendar(DRAFT_DATE + dt.timedelta(days=60))


def _day(planned: dt.date) -> dt.date:
    """A date planned for the 2026 draft, moved onto the reform's calendar."""
    return planned + _reform().shift_from(DRAFT_DATE)


# People ---------------------------------------------------------------------------------

# fmt: off
KK_MEN = [
    "Абай", "Әділет", "Айбек", "Айдос", "Алмас", "Арман", "Асқар", "Бауыржан", "Бақытжан", "Дәурен",
    "Ержан", "Ербол", "Жандос", "Жасұлан", "Қайрат", "Қанат", "Мақсат", "Марат", "Нұрлан", "Олжас",
    "Руслан", "Самат", "Серік", "Талғат", "Тимур", "Ұлан", "Ғалымжан", "Дархан", "Еркін", "Мейрам",
]
KK_WOMEN = [
    "Айгерім", "Айгүл", "Айжан", "Ақмарал", "Әсел", "Ботагөз", "Гүлназ", "Гүлмира", "Дана",
    "Динара", "Жанар", "Жансая", "Зарина", "Индира", "Қарлығаш", "Ләззат", "Мадина", "Назерке",
    "Нұргүл", "Роза", "Салтанат", "Сәуле", "Толқын", "Ұлжан", "Шынар", "Айнұр", "Гаухар", "Меруерт",
    "Жұлдыз", "Камила",
]
#: Masculine forms; the feminine adds ``а``.
KK_SURNAMES = [
    "Абдрахманов", "Ахметов", "Әбенов", "Байжанов", "Бекмұхамбетов", "Дүйсенов", "Ермеков",
    "Есенов", "Жақсылықов", "Жұмабаев", "Иманғалиев", "Қасымов", "Қожахметов", "Құдайбергенов",
    "Мұқанов", "Нұрғалиев", "Оспанов", "Оразбаев", "Сағындықов", "Сейітов", "Смағұлов", "Сұлтанов",
    "Төлегенов", "Үсенов", "Шәріпов", "Ыбыраев", "Әлиев", "Байтұрсынов", "Исабеков", "Кенжебаев",
    "Мамыров", "Сәрсенбаев", "Тұрсынов", "Бейсенов", "Омаров", "Серікбаев", "Әубәкіров", "Жүсіпов",
    "Нұрмағамбетов",
]
#: Fathers' names for Kazakh patronymics (``Серікұлы``, ``Серікқызы``).
KK_FATHERS = [
    "Серік", "Қайрат", "Марат", "Болат", "Ерлан", "Нұрлан", "Асқар", "Жұмабек", "Талғат", "Мұрат",
    "Бақыт", "Қанат", "Ғабит", "Сапар", "Әділ", "Темір", "Жанат", "Ерік", "Сайлау", "Бекет",
]
RU_MEN = [
    "Александр", "Андрей", "Алексей", "Владимир", "Дмитрий", "Евгений", "Игорь", "Константин",
    "Михаил", "Николай", "Олег", "Павел", "Сергей", "Виктор", "Юрий",
]
RU_WOMEN = [
    "Анна", "Елена", "Ирина", "Марина", "Наталья", "Ольга", "Светлана", "Татьяна", "Людмила",
    "Екатерина", "Юлия", "Галина", "Оксана", "Вера", "Лариса",
]
#: (masculine, feminine) surnames; many do not change.
RU_SURNAMES = [
    ("Иванов", "Иванова"), ("Петров", "Петрова"), ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"), ("Попов", "Попова"), ("Соколов", "Соколова"),
    ("Морозов", "Морозова"), ("Волков", "Волкова"), ("Лебедев", "Лебедева"),
    ("Новиков", "Новикова"), ("Фёдоров", "Фёдорова"), ("Козлов", "Козлова"),
    ("Васильев", "Васильева"), ("Белов", "Белова"), ("Захаров", "Захарова"), ("Ким", "Ким"),
    ("Цой", "Цой"), ("Пак", "Пак"), ("Ли", "Ли"), ("Шевченко", "Шевченко"),
    ("Бондаренко", "Бондаренко"), ("Коваленко", "Коваленко"), ("Шмидт", "Шмидт"),
    ("Вагнер", "Вагнер"), ("Юсупов", "Юсупова"), ("Алимов", "Алимова"), ("Гасанов", "Гасанова"),
    ("Ибрагимов", "Ибрагимова"),
]
#: (masculine, feminine) patronymics.
RU_PATRONYMICS = [
    ("Александрович", "Александровна"), ("Андреевич", "Андреевна"), ("Алексеевич", "Алексеевна"),
    ("Владимирович", "Владимировна"), ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"),
    ("Игоревич", "Игоревна"), ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
    ("Олегович", "Олеговна"), ("Павлович", "Павловна"), ("Сергеевич", "Сергеевна"),
    ("Викторович", "Викторовна"), ("Юрьевич", "Юрьевна"), ("Петрович", "Петровна"),
]
#: The 17 regions and 3 cities of republican status, as the seats name them.
UNITS = [
    "Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы облысы", "Атырау облысы",
    "Батыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Қарағанды облысы",
    "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы", "Павлодар облысы",
    "Солтүстік Қазақстан облысы", "Түркістан облысы", "Ұлытау облысы", "Шығыс Қазақстан облысы",
    "Астана қаласы", "Алматы қаласы", "Шымкент қаласы",
]
SEATS_PER_UNIT = 4
#: Groups and their seats: parties, associations, academia, the courts and the bar (49 seats).
GROUPS = [
    ("«Жаңа Жол» партиясы", 4), ("«Ел Бірлігі» партиясы", 4),
    ("«Болашақ» демократиялық партиясы", 4), ("«Құқықтық бастама» қоғамдық бірлестігі", 2),
    ("«Таза Өлке» экологиялық қозғалысы", 2), ("Жас заңгерлер қауымдастығы", 2),
    ("Мүмкіндігі шектеулі жандар одағы", 2), ("Кәсіподақтар федерациясы", 2),
    ("Кәсіпкерлер палатасы", 2), ("Әйелдер кеңесі", 2), ("Жастар ұйымдарының конгресі", 2),
    ("Ғылым академиясы", 3), ("Ұлттық университеттің заң факультеті", 2),
    ("Мемлекеттік басқару академиясы", 2), ("Тіл білімі институты", 2),
    ("Экономика және саясат институты", 2), ("Жоғарғы Сот судьялары", 3), ("Судьялар одағы", 2),
    ("Адвокаттар алқасы", 3), ("Нотариаттық палата", 2),
]
# fmt: on
SECRETARIAT = "Комиссия хатшылығы"


@dataclass
class Person:
    full_name: str
    short_name: str  # first name and surname, for the account


def _people(count: int, rng: random.Random, taken: set[str]) -> list[Person]:
    """Deterministic Kazakh and Russian full names: first name, patronymic, surname."""
    out: list[Person] = []
    while len(out) < count:
        woman = rng.random() < 0.45
        if rng.random() < 0.72:
            first = rng.choice(KK_WOMEN if woman else KK_MEN)
            surname = rng.choice(KK_SURNAMES) + ("а" if woman else "")
            patronymic = rng.choice(KK_FATHERS) + ("қызы" if woman else "ұлы")
        else:
            first = rng.choice(RU_WOMEN if woman else RU_MEN)
            surname = rng.choice(RU_SURNAMES)[1 if woman else 0]
            patronymic = rng.choice(RU_PATRONYMICS)[1 if woman else 0]
        full = f"{first} {patronymic} {surname}"
        if full in taken:
            continue
        taken.add(full)
        out.append(Person(full, f"{first} {surname}"))
    return out


def _demo_accounts() -> dict[str, Any]:
    names = ["secretary", "member", "lead", "citizen"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _accounts(usernames: Sequence[str], people: Sequence[Person], roles: list[Role]) -> list[Any]:
    """The users ``usernames`` (created for ``people`` where missing, without a usable password)."""
    user_model = get_user_model()
    found = {u.username: u for u in user_model.objects.filter(username__in=usernames)}
    users = []
    for username, person in zip(usernames, people, strict=True):
        user = found.get(username)
        if user is None:
            user = create_user(ACTOR, username, None, roles=roles, full_name=person.short_name)
        users.append(user)
    return users


# The bodies ----------------------------------------------------------------------------


@dataclass
class Commission:
    body: Body
    seats: list[Membership]
    chair: Membership
    deputies: list[Membership]
    secretary: Membership
    member: Membership | None

    @property
    def ordinary(self) -> list[Membership]:
        return [s for s in self.seats if s.role == MemberRole.MEMBER]


MEMBER_REPRESENTS = "Қарағанды облысы"


def _represents(rng: random.Random) -> list[str]:
    """What the 128 generated seats stand for, shuffled: four per unit (the demo member holds one), the groups."""
    seats = [unit for unit in UNITS for _ in range(SEATS_PER_UNIT)]
    seats.remove(MEMBER_REPRESENTS)
    seats += [group for group, n in GROUPS for _ in range(n)]
    rng.shuffle(seats)
    return seats


def _commission(accounts: Mapping[str, Any]) -> Commission:
    body = Body.objects.filter(slug=SLUG).first()
    if body is None:
        body = actions.create_body(
            ACTOR, slug=SLUG, kind=BodyKind.COMMISSION, names=NAMES, quorum=Fraction(2, 3)
        )
    if not body.memberships.exists():
        rng = random.Random("commission-2025")
        taken = {"Нұрлан Серікұлы Беков", "Сәуле Қайратқызы Омарова"}
        people = _people(MEMBERS - 2, rng, taken)
        usernames = [f"commission-{n:03d}" for n in range(1, MEMBERS - 1)]
        users = _accounts(usernames, people, [Role.COMMISSION_MEMBER])
        represents = _represents(rng)
        # The chair, two deputies and 125 members; the demo secretary and member take two seats.
        roles = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.DEPUTY_CHAIR]
        seats: list[dict[str, Any]] = []
        for index, (user, person) in enumerate(zip(users, people, strict=True)):
            role = roles[index] if index < len(roles) else MemberRole.MEMBER
            seats.append(
                {
                    "user": user,
                    "full_name": person.full_name,
                    "role": role,
                    "represents": represents.pop(),
                    "term_start": _day(TERM_START),
                }
            )
        if "secretary" in accounts:
            seats.append(
                {
                    "user": accounts["secretary"],
                    "full_name": "Нұрлан Серікұлы Беков",
                    "role": MemberRole.SECRETARY,
                    "represents": SECRETARIAT,
                    "term_start": _day(TERM_START),
                }
            )
        if "member" in accounts:
            seats.append(
                {
                    "user": accounts["member"],
                    "full_name": "Сәуле Қайратқызы Омарова",
                    "role": MemberRole.MEMBER,
                    "represents": MEMBER_REPRESENTS,
                    "term_start": _day(TERM_START),
                }
            )
        actions.add_members(ACTOR, body, seats)
    seats_list = list(body.memberships.select_related("user").order_by("pk"))
    by_role: dict[str, list[Membership]] = {}
    for seat in seats_list:
        by_role.setdefault(seat.role, []).append(seat)
    member_user = accounts.get("member")
    return Commission(
        body=body,
        seats=seats_list,
        chair=by_role[MemberRole.CHAIR][0],
        deputies=by_role.get(MemberRole.DEPUTY_CHAIR, []),
        secretary=by_role[MemberRole.SECRETARY][0],
        member=next(
            (s for s in seats_list if member_user is not None and s.user_id == member_user.pk), None
        ),
    )


def _working_group(commission: Commission, accounts: Mapping[str, Any]) -> Body:
    """The Working Group that drafts the amendments: the demo lead chairs fifteen."""
    body = Body.objects.filter(slug=WORKING_GROUP_SLUG).first()
    if body is None:
        body = actions.create_body(
            ACTOR,
            slug=WORKING_GROUP_SLUG,
            kind=BodyKind.WORKING_GROUP,
            names=WORKING_GROUP_NAMES,
            quorum=Fraction(1, 2),
        )
    if not body.memberships.exists():
        ordinary = commission.ordinary
        chosen = [commission.deputies[0], *ordinary[5 : 5 + WORKING_GROUP_SIZE - 2]]
        seats: list[dict[str, Any]] = []
        if "lead" in accounts:
            seats.append(
                {
                    "user": accounts["lead"],
                    "full_name": "Ерлан Асқарұлы Әбенов",
                    "role": MemberRole.CHAIR,
                    "represents": "Ұлттық университеттің заң факультеті",
                    "term_start": _day(TERM_START),
                }
            )
        first = MemberRole.DEPUTY_CHAIR if seats else MemberRole.CHAIR
        for index, seat in enumerate(chosen):
            role = (
                MemberRole.SECRETARY if index == 1 else (first if index == 0 else MemberRole.MEMBER)
            )
            seats.append(
                {
                    "user": seat.user,
                    "full_name": seat.full_name,
                    "role": role,
                    "represents": seat.represents,
                    "term_start": _day(TERM_START),
                }
            )
        actions.add_members(ACTOR, body, seats)
    return body


# Amendments ----------------------------------------------------------------------------


@dataclass
class Planned:
    """An amendment as the demo proposes it, with the meeting that votes on it."""

    number: str
    edit: dict[str, Any]
    rationale: dict[str, str]
    meeting: int
    adopt: bool
    proposer: str = "lead"  # "lead" or an index into the ordinary members
    articles: list[str] = field(default_factory=list)


# English rationales of the sample set, and their Kazakh and Russian renderings.
_QUOTE_WORDS = 7
_RATIONALES: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"^Rewords Preamble\.$"),
        "Кіріспені жаңа редакцияда жазады.",
        "Излагает преамбулу в новой редакции.",
    ),
    (
        re.compile(r"^Rewords Article (?P<a>\S+) \(Article (?P<b>\S+) of the new text\)\.$"),
        "{a}-бапты жаңа редакцияда жазады (жаңа мәтінде — {b}-бап).",
        "Излагает статью {a} в новой редакции (статья {b} нового текста).",
    ),
    (
        re.compile(r"^Rewords Article (?P<a>\S+)\.$"),
        "{a}-бапты жаңа редакцияда жазады.",
        "Излагает статью {a} в новой редакции.",
    ),
    (
        re.compile(r"^Renames Section (?P<s>\S+) “.+” as “.+”\.$"),
        "{s} бөлімнің «{old}» деген атауын «{new}» деп өзгертеді.",
        "Переименовывает раздел {s} «{old}» в «{new}».",
    ),
    (
        re.compile(r"^Merges Articles (?P<a>\S+) and (?P<b>\S+) into Article (?P<c>\S+)\.$"),
        "{a} және {b}-баптарды біріктіріп, {c}-бап етеді.",
        "Объединяет статьи {a} и {b} в статью {c}.",
    ),
    (
        re.compile(r"^Splits Article (?P<a>\S+) into Articles (?P<b>\S+) and (?P<c>\S+)\.$"),
        "{a}-бапты {b} және {c}-баптарға бөледі.",
        "Разделяет статью {a} на статьи {b} и {c}.",
    ),
    (
        re.compile(r"^Adds Article (?P<a>\S+): “.+”\.$"),
        "Жаңа {a}-бапты қосады: «{quote}».",
        "Добавляет статью {a}: «{quote}».",
    ),
    (
        re.compile(r"^Deletes Article (?P<a>\S+) \(“.+”\)\.$"),
        "{a}-бапты алып тастайды («{quote}»).",
        "Исключает статью {a} («{quote}»).",
    ),
    (
        re.compile(
            r"^Moves Article (?P<a>\S+) from Section (?P<s>\S+) to Section (?P<t>\S+) "
            r"\(Article (?P<b>\S+) of the new text\), with new wording\.$"
        ),
        "{a}-бапты {s} бөлімнен {t} бөлімге көшіріп, жаңа редакцияда жазады (жаңа мәтінде — {b}-бап).",
        "Переносит статью {a} из раздела {s} в раздел {t} в новой редакции (статья {b} нового текста).",
    ),
    (
        re.compile(
            r"^Moves Article (?P<a>\S+) from Section (?P<s>\S+) to Section (?P<t>\S+) "
            r"\(Article (?P<b>\S+) of the new text\)\.$"
        ),
        "{a}-бапты {s} бөлімнен {t} бөлімге көшіреді (жаңа мәтінде — {b}-бап).",
        "Переносит статью {a} из раздела {s} в раздел {t} (статья {b} нового текста).",
    ),
    (
        re.compile(r"^Adds Section (?P<s>\S+) “.+”\.$"),
        "Жаңа {s} бөлімді қосады: «{new}».",
        "Добавляет раздел {s} «{new}».",
    ),
]


def _quote(text: str) -> str:
    words = text.split()
    quoted = " ".join(words[:_QUOTE_WORDS]).rstrip(".,;:")
    return quoted + ("…" if len(words) > _QUOTE_WORDS else "")


def _first_text(node: Mapping[str, Any] | TextProvision | None) -> str:
    if node is None:
        return ""
    if isinstance(node, TextProvision):
        return next((p.text for p in node.walk() if p.text), "")
    if node.get("text"):
        return str(node["text"])
    for child in node.get("children") or ():
        if found := _first_text(child):
            return found
    return ""


def rationale_for(
    edit: Mapping[str, Any], by_uid: Mapping[str, Mapping[str, TextProvision]]
) -> dict[str, str]:
    """The English rationale of a sample amendment with its Kazakh and Russian renderings."""
    english = str(edit.get("rationale") or "")
    texts = edit.get("texts") or {}
    out = {"en": english}
    for pattern, kk, ru in _RATIONALES:
        found = pattern.match(english)
        if found is None:
            continue
        for language, template in (("kk", kk), ("ru", ru)):
            old = by_uid[language].get(str(edit.get("target") or ""))
            value = texts.get(language)
            if isinstance(value, str):
                new = value
            elif isinstance(value, dict):
                new = str(value.get("heading", ""))
            else:
                new = ""
            source = old if edit.get("kind") == "delete" else value
            quoted = _first_text(source) if isinstance(source, dict | TextProvision) else ""
            out[language] = template.format(
                **found.groupdict(),
                old=old.heading if old is not None else "",
                new=new,
                quote=_quote(quoted),
            )
        return out
    number = str(edit.get("id") or "")
    return {
        "kk": f"Жұмыс тобы ұсынған өзгеріс: {number}. {english}",
        "ru": f"Изменение, предложенное рабочей группой: {number}. {english}",
        "en": english,
    }


#: Amendments that members propose against the Working Group's text, and the meeting rejects.
ALTERNATIVES: list[dict[str, Any]] = [
    {
        "number": "ALT-1",
        "meeting": 2,
        "proposer": 17,
        "eid": "sec_1__art_6__para_2",
        "kind": "delete",
        "rationale": {
            "kk": "Орыс тілінің кенбел тілімен қатар ресми қолданылуы туралы ережені алып тастайды (6-бап, 2-тармақ).",
            "ru": "Исключает положение об официальном употреблении русского языка наравне с кенбельским (статья 6, пункт 2).",
            "en": "Removes the official use of Russian alongside Kenbeli (Article 6, paragraph 2).",
        },
    },
    {
        "number": "ALT-2",
        "meeting": 2,
        "proposer": 41,
        "eid": "sec_1__art_7__para_2",
        "texts": {
            "kk": "Кенбелдің жері, жер қойнауы, сулары, ормандары және жануарлар дүниесі оның халқына тиесілі және мемлекеттің қарамағында халықтың атынан болады. Жер жеке меншікке сатылмайды.",
            "ru": "Земля, недра, воды, леса и животный мир Кенбела принадлежат его народу и находятся в ведении государства от его имени. Земля не может продаваться в частную собственность.",
            "en": "The land, minerals, waters, forests and wildlife of Kenbel belong to its people and are held by the state on their behalf. Land may not be sold into private ownership.",
        },
        "rationale": {
            "kk": "Жерді жеке меншікке сатуға толық тыйым салады, мұны ұйымдасқан азаматтар тобы сұраған (7-бап, 2-тармақ).",
            "ru": "Полностью запрещает продажу земли в частную собственность, как просила организованная группа граждан (статья 7, пункт 2).",
            "en": "Forbids any sale of land into private ownership, as an organised group of citizens asked (Article 7, paragraph 2).",
        },
    },
    {
        "number": "ALT-3",
        "meeting": 2,
        "proposer": 63,
        "eid": "sec_2__art_34__para_2",
        "texts": {
            "kk": "Он алты жасқа толған азамат сайлау мен референдумдарда дауыс бере алады.",
            "ru": "Гражданин, достигший шестнадцати лет, вправе голосовать на выборах и референдумах.",
            "en": "A citizen who has reached sixteen years of age may vote at elections and referendums.",
        },
        "rationale": {
            "kk": "Сайлауға қатысу жасын он алтыға дейін төмендетеді (34-бап, 2-тармақ).",
            "ru": "Снижает возраст, с которого можно голосовать, до шестнадцати лет (статья 34, пункт 2).",
            "en": "Lowers the voting age to sixteen (Article 34, paragraph 2).",
        },
    },
    {
        "number": "ALT-4",
        "meeting": 4,
        "proposer": 88,
        "eid": "sec_3__art_41__para_4",
        "texts": {
            "kk": "Ешкім Президент болып екі реттен артық сайлана алмайды.",
            "ru": "Никто не может быть избран Президентом более двух раз.",
            "en": "No one may be elected President more than twice.",
        },
        "rationale": {
            "kk": "Қатарынан екі мерзімнің орнына бір адамды Президент болып екі реттен артық сайлауға тыйым салады (41-бап, 4-тармақ); A017 түзетуіне балама.",
            "ru": "Запрещает избирать одного человека Президентом более двух раз вместо двух сроков подряд (статья 41, пункт 4); альтернатива поправке A017.",
            "en": "Limits anyone to two presidential terms in a lifetime instead of two consecutive terms (Article 41, paragraph 4); an alternative to A017.",
        },
    },
    {
        "number": "ALT-5",
        "meeting": 4,
        "proposer": 102,
        "eid": "sec_4__art_50__para_2",
        "texts": {
            "kk": "Депутаттар палатасы жүз жеті депутаттан тұрады, олардың барлығы бір мандатты сайлау округтерінен сайланады.",
            "ru": "Палата депутатов состоит из ста семи депутатов, которые все избираются по одномандатным округам.",
            "en": "The Chamber of Deputies has one hundred and seven deputies, all elected in single-member constituencies.",
        },
        "rationale": {
            "kk": "Барлық депутатты бір мандатты округтерден сайлауды ұсынады, мұны ұйымдасқан азаматтар тобы сұраған (50-бап, 2-тармақ); A027 түзетуіне балама.",
            "ru": "Предлагает избирать всех депутатов по одномандатным округам, как просила организованная группа граждан (статья 50, пункт 2); альтернатива поправке A027.",
            "en": "Elects every deputy in a single-member constituency, as an organised group of citizens asked (Article 50, paragraph 2); an alternative to A027.",
        },
    },
]

#: Which meeting votes on which amendments of the set (by number, inclusive).
MEETING_OF_RANGE = [("A001", "A015", 2), ("A016", "A044", 4), ("A045", "A999", 5)]
#: Amendments on the agenda of the meeting without a quorum (voted at the next one).
POSTPONED = ("A016", "A030")


def _meeting_for(number: str) -> int:
    return next(m for first, last, m in MEETING_OF_RANGE if first <= number <= last)


def _named_uids(edit: Mapping[str, Any]) -> list[str]:
    named = [str(edit[key]) for key in ("target", "parent", "after") if edit.get(key)]
    return named + [str(uid) for uid in edit.get("targets") or ()]


def plan(base: Version) -> list[Planned]:
    """Every amendment the demo proposes, in the order of application, then the alternatives."""
    import atazan_amend
    from atazan_amend.jsonio import amendment_to_json

    documents = drafting.base_documents(base)
    amendment_set = atazan_amend.load(AMENDMENTS)
    # Amendments that build on others (an article moved into a new section) are
    # proposed in order; each is checked against the text as the earlier ones leave it.
    edits = [amendment_to_json(a) for a in amendment_set.amendments]
    by_uid = {lang: {p.uid: p for p in doc.walk()} for lang, doc in documents.items()}
    out: list[Planned] = []
    for edit in edits:
        number = str(edit["id"])
        original = next(a for a in amendment_set.amendments if a.id == number)
        rationale = rationale_for(amendment_to_json(original), by_uid)
        out.append(
            Planned(
                number=number,
                edit=edit,
                rationale=rationale,
                meeting=_meeting_for(number),
                adopt=True,
                articles=_named_uids(edit),
            )
        )
    eids = {loc.eid: loc.provision.uid for loc in documents[min(documents)].located()}
    for alternative in ALTERNATIVES:
        target = eids[alternative["eid"]]
        own: dict[str, Any] = {"kind": alternative.get("kind", "replace"), "target": target}
        if "texts" in alternative:
            own["texts"] = {lang: {"text": text} for lang, text in alternative["texts"].items()}
        out.append(
            Planned(
                number=alternative["number"],
                edit=own,
                rationale=dict(alternative["rationale"]),
                meeting=alternative["meeting"],
                adopt=False,
                proposer=str(alternative["proposer"]),
                articles=[target],
            )
        )
    return out


@dataclass
class Evidence:
    """What the analysis says about the proposals: links to articles, themes, campaigns."""

    run: AnalysisRun | None
    by_article: dict[str, list[int]]
    theme_of: dict[int, int]
    themes: dict[int, ThemeResult]
    largest: list[ThemeResult]
    campaigns: list[int]


def _article_map(base: Version) -> tuple[dict[str, str], dict[str, str]]:
    """Every provision uid of the base to its article's uid, and article numbers to article uids."""
    documents = drafting.base_documents(base)
    article_of: dict[str, str] = {}
    by_num: dict[str, str] = {}
    for document in documents.values():
        for loc in document.located():
            if loc.provision.kind == "article":
                by_num.setdefault(loc.provision.num, loc.provision.uid)
                for inner in loc.provision.walk():
                    article_of.setdefault(inner.uid, loc.provision.uid)
    return article_of, by_num


_CITED = re.compile(r"^(\d+(?:-\d+)?)")


def evidence(base: Version, analysed: bool) -> Evidence:
    """Proposals per article of the base: the latest run's links, else the articles they cite."""
    article_of, by_num = _article_map(base)
    by_article: dict[str, list[int]] = {}
    run = selectors.latest_run() if analysed else None
    if run is not None and run.constitution_version_id != base.pk:
        run = None
    themes: dict[int, ThemeResult] = {}
    theme_of: dict[int, int] = {}
    largest: list[ThemeResult] = []
    campaigns: list[int] = []
    if run is not None:
        links = (
            ProvisionLink.objects.filter(run=run)
            .order_by("-score", "proposal_id")
            .values_list("provision_uid", "proposal_id")
        )
        seen: set[tuple[str, int]] = set()
        for uid, proposal_id in links:
            article = article_of.get(uid)
            if article is not None and (article, proposal_id) not in seen:
                seen.add((article, proposal_id))
                by_article.setdefault(article, []).append(proposal_id)
        themes = {t.pk: t for t in ThemeResult.objects.filter(run=run)}
        theme_of = dict(
            ProposalAnalysis.objects.filter(run=run, theme__isnull=False).values_list(
                "proposal_id", "theme_id"
            )
        )
        largest = sorted(themes.values(), key=lambda t: (-t.size, t.pk))
        campaigns = list(
            CampaignResult.objects.filter(run=run)
            .order_by("-supporters", "pk")
            .values_list("representative_id", flat=True)
        )
    else:
        for pk, cited in (
            Proposal.objects.exclude(cited_provisions=[])
            .order_by("pk")
            .values_list("pk", "cited_provisions")
        ):
            articles = {
                by_num.get(found.group(1))
                for found in (_CITED.match(str(citation)) for citation in cited or ())
                if found
            }
            for article in sorted(a for a in articles if a):
                by_article.setdefault(article, []).append(pk)
    return Evidence(
        run=run,
        by_article=by_article,
        theme_of=theme_of,
        themes=themes,
        largest=largest,
        campaigns=campaigns,
    )


def _support(
    planned: Planned, found: Evidence, article_of: Mapping[str, str]
) -> tuple[list[int], list[ThemeResult]]:
    """The proposals an amendment cites and its themes (the commonest among them).

    The proposals are those the analysis links to (or that cite) the articles
    the amendment names: its target, the articles it merges, or the article it
    follows.
    """
    proposals: list[int] = []
    for uid in planned.articles:
        for pk in found.by_article.get(article_of.get(uid, uid), []):
            if len(proposals) >= CITED_PER_AMENDMENT:
                break
            if pk not in proposals:
                proposals.append(pk)
    counts = Counter(found.theme_of[pk] for pk in proposals if pk in found.theme_of)
    themes = [found.themes[pk] for pk, _ in counts.most_common(2)]
    return proposals, themes


def _propose(
    commission: Commission,
    base: Version,
    planned: list[Planned],
    accounts: Mapping[str, Any],
    found: Evidence,
) -> dict[str, Amendment]:
    existing = {a.number: a for a in Amendment.objects.filter(base=base)}
    article_of, _ = _article_map(base)
    ordinary = commission.ordinary
    proposals = Proposal.objects.only("id", "number")
    for item in planned:
        if item.number in existing:
            continue
        cited, themes = _support(item, found, article_of)
        if item.proposer == "lead" and "lead" in accounts:
            proposer = accounts["lead"]
        else:
            index = int(item.proposer) if item.proposer.isdigit() else 0
            proposer = ordinary[index % len(ordinary)].user
        rows = proposals.in_bulk(cited)
        existing[item.number] = actions.propose_amendment(
            proposer,
            commission.body,
            base,
            number=item.number,
            edit=item.edit,
            rationale=item.rationale,
            themes=themes,
            proposals=[rows[pk] for pk in cited if pk in rows],
        )
    return existing


# Meetings ------------------------------------------------------------------------------


@dataclass
class MeetingPlan:
    number: int
    titles: dict[str, str]
    day: dt.date
    hours: tuple[int, int]
    place: str
    present: int  # members present, of 130
    votes: bool = True
    opening: bool = False
    #: The amendments on the agenda, when not those this meeting votes on (first and last number).
    agenda: tuple[str, str] | None = None


PLACE = "Астана, Тәуелсіздік даңғылы, 4, Конституциялық комиссияның мәжіліс залы"
MEETINGS = [
    MeetingPlan(
        1,
        {
            "kk": "Комиссияның алғашқы отырысы: жұмыс регламенті және ұсыныстарды талдау қорытындылары",
            "ru": "Первое заседание Комиссии: регламент работы и итоги анализа предложений",
            "en": "First meeting of the Commission: rules of procedure and the analysis of proposals",
        },
        dt.date(2025, 11, 14),
        (10, 13),
        PLACE,
        118,
        votes=False,
        opening=True,
    ),
    MeetingPlan(
        2,
        {
            "kk": "Конституциялық құрылыстың негіздері және адам құқықтары",
            "ru": "Основы конституционного строя и права человека",
            "en": "Foundations of the constitutional order and human rights",
        },
        dt.date(2025, 12, 5),
        (10, 16),
        PLACE,
        112,
    ),
    MeetingPlan(
        3,
        {
            "kk": "Республика Президенті және Құрылтай",
            "ru": "Президент Республики и Курултай",
            "en": "The President of the Republic and the Kurultai",
        },
        dt.date(2025, 12, 19),
        (10, 12),
        "Алматы, Достық даңғылы, 85, Ғылым академиясының үлкен залы",
        81,  # below the quorum of 87: the votes on its agenda wait for meeting 4
        votes=False,
        agenda=POSTPONED,
    ),
    MeetingPlan(
        4,
        {
            "kk": "Президент, Құрылтай және Үкімет (кейінге қалдырылған дауыс беру)",
            "ru": "Президент, Курултай и Правительство (отложенное голосование)",
            "en": "The President, the Kurultai and the Government (the postponed votes)",
        },
        dt.date(2026, 1, 16),
        (10, 17),
        PLACE,
        104,
    ),
    MeetingPlan(
        5,
        {
            "kk": "Соттар, жергілікті басқару, экономика, референдум және қорытынды ережелер",
            "ru": "Суды, местное управление, экономика, референдум и заключительные положения",
            "en": "Courts, local government, the economy, the referendum and the final provisions",
        },
        dt.date(2026, 1, 28),
        (10, 17),
        PLACE,
        97,
    ),
]
REVIEW_TITLES = {
    "kk": "Жобаға түскен қоғамдық пікірлерді қарау",
    "ru": "Рассмотрение общественных замечаний к проекту",
    "en": "Review of the public comments on the draft",
}
AGENDA_OPENING = [
    {
        "kk": "Комиссияның жұмыс регламенті",
        "ru": "Регламент работы Комиссии",
        "en": "The Commission's rules of procedure",
    },
    {
        "kk": "Азаматтар ұсыныстарын талдау қорытындылары: негізгі тақырыптар",
        "ru": "Итоги анализа предложений граждан: основные темы",
        "en": "The analysis of citizens' proposals: the main themes",
    },
    {"kk": "Ұйымдасқан үндеулер", "ru": "Организованные обращения", "en": "Organised campaigns"},
]
AGENDA_AMENDMENT = {
    "kk": "{number} түзетуі: {rationale}",
    "ru": "Поправка {number}: {rationale}",
    "en": "Amendment {number}: {rationale}",
}
AGENDA_MINUTES = {
    "kk": "Алдыңғы отырыстардың хаттамаларын бекіту",
    "ru": "Утверждение протоколов предыдущих заседаний",
    "en": "Approval of the minutes of earlier meetings",
}
AGENDA_COMMENTS = {
    "kk": "Жобаға түскен пікірлер: {count} пікір",
    "ru": "Замечания к проекту: {count}",
    "en": "Comments on the draft: {count} received",
}


def _urls(plan_: MeetingPlan, past: bool) -> tuple[str, str]:
    live = f"https://video.example.org/commission/live/{plan_.number}"
    recording = (
        f"https://video.example.org/commission/recordings/{_day(plan_.day).isoformat()}"
        if past
        else ""
    )
    return live, recording


def _minutes(
    plan_: MeetingPlan,
    present: int,
    needed: int,
    decided: Sequence[Amendment],
    proposals: int,
    themes: int,
) -> dict[str, str]:
    adopted = [a.number for a in decided if a.status == AmendmentStatus.ADOPTED]
    rejected = [a.number for a in decided if a.status == AmendmentStatus.REJECTED]
    out = {
        "kk": f"Отырысқа Комиссияның {MEMBERS} мүшесінің {present} қатысты (кворум үшін {needed} қажет).",
        "ru": f"На заседании присутствовали {present} из {MEMBERS} членов Комиссии (для кворума нужно {needed}).",
        "en": f"Present: {present} of the {MEMBERS} members of the Commission ({needed} needed for a quorum).",
    }
    if present < needed:
        out["kk"] += (
            " Кворум болмады; күн тәртібіндегі түзетулер бойынша дауыс беру келесі отырысқа қалдырылды."
        )
        out["ru"] += (
            " Кворума не было; голосование по поправкам повестки отложено до следующего заседания."
        )
        out["en"] += (
            " There was no quorum; the votes on the amendments on the agenda were postponed to the next meeting."
        )
    elif not decided:
        grouped = {
            "kk": f", {themes} тақырыпқа топтастырылған" if themes else "",
            "ru": f", сгруппированных в {themes} тем" if themes else "",
            "en": f", grouped in {themes} themes" if themes else "",
        }
        out["kk"] += (
            " Комиссия жұмыс регламентін бекітті және азаматтардың "
            f"{proposals} ұсынысын{grouped['kk']} талдау қорытындыларын тыңдады."
        )
        out["ru"] += (
            " Комиссия утвердила регламент работы и заслушала итоги анализа "
            f"{proposals} предложений граждан{grouped['ru']}."
        )
        out["en"] += (
            " The Commission adopted its rules of procedure and heard the analysis of "
            f"{proposals} proposals from citizens{grouped['en']}."
        )
    else:
        a, r = ", ".join(adopted) or "—", ", ".join(rejected) or "—"
        out["kk"] += (
            f" {len(decided)} түзету бойынша дауыс берілді: {len(adopted)} қабылданды ({a}), "
            f"{len(rejected)} қабылданбады ({r})."
        )
        out["ru"] += (
            f" Проведено голосование по {len(decided)} поправкам: приняты {len(adopted)} ({a}), "
            f"отклонены {len(rejected)} ({r})."
        )
        out["en"] += (
            f" The Commission voted on {len(decided)} amendments: {len(adopted)} adopted ({a}), "
            f"{len(rejected)} rejected ({r})."
        )
    out["kk"] += " Отырыс тікелей эфирде көрсетілді, жазбасы жарияланды."
    out["ru"] += " Заседание транслировалось в прямом эфире, запись опубликована."
    out["en"] += " The meeting was streamed live and the recording is published."
    return out


def _present(commission: Commission, plan_: MeetingPlan) -> dict[int, bool]:
    """Who is present: the officers and the demo member always, others drawn to the turnout."""
    rng = random.Random(f"attendance-{plan_.number}")
    always = [commission.chair, *commission.deputies, commission.secretary]
    if commission.member is not None:
        always.append(commission.member)
    others = [s for s in commission.seats if s not in always]
    chosen = {s.pk for s in always} | {
        s.pk for s in rng.sample(others, plan_.present - len(always))
    }
    return {s.pk: s.pk in chosen for s in commission.seats}


def _ballots(
    number: str, adopt: bool, present: Sequence[Membership]
) -> list[tuple[Membership, str]]:
    """Each present member's choice, or none: most for an adopted text, most against a rejected one."""
    rng = random.Random(f"vote-{number}")
    silent = rng.uniform(0.02, 0.07)
    if adopt:
        weights = {Choice.FOR: rng.uniform(0.80, 0.94), Choice.AGAINST: rng.uniform(0.02, 0.10)}
    else:
        weights = {Choice.FOR: rng.uniform(0.18, 0.38), Choice.AGAINST: rng.uniform(0.45, 0.65)}
    weights[Choice.ABSTAIN] = max(0.0, 1 - weights[Choice.FOR] - weights[Choice.AGAINST])
    choices = [str(choice.value) for choice in weights]
    odds = list(weights.values())
    out = [(seat, rng.choices(choices, odds)[0]) for seat in present if rng.random() >= silent]
    # The draw follows the intent; should it ever not, the last voters change their minds.
    for index in range(len(out) - 1, -1, -1):
        votes_for = sum(1 for _, choice in out if choice == Choice.FOR)
        if (votes_for * 2 > len(present)) == adopt:
            break
        seat, choice = out[index]
        if adopt and choice != Choice.FOR:
            out[index] = (seat, str(Choice.FOR.value))
        elif not adopt and choice == Choice.FOR:
            out[index] = (seat, str(Choice.AGAINST.value))
    return out


def _agenda_for_amendment(secretary: Any, meeting: Meeting, amendment: Amendment) -> None:
    titles = {
        lang: AGENDA_AMENDMENT[lang].format(
            number=amendment.number, rationale=getattr(amendment, f"rationale_{lang}")
        )[:500]
        for lang in LANGUAGES
    }
    proposals = list(
        amendment.proposals.order_by("amendment_sources__id")[:PROPOSALS_PER_AGENDA_ITEM]
    )
    actions.add_agenda_item(
        secretary,
        meeting,
        titles=titles,
        amendment=amendment,
        themes=list(amendment.themes.all()),
        proposals=proposals,
    )


def _hold(
    commission: Commission,
    plan_: MeetingPlan,
    amendments: Mapping[str, Amendment],
    planned: Sequence[Planned],
    found: Evidence,
) -> Meeting:
    """Schedule, hold and close one meeting of the Commission, unless it was held already."""
    body, chair, secretary = commission.body, commission.chair.user, commission.secretary.user
    meeting = body.meetings.filter(number=plan_.number).first()
    if meeting is None:
        live, recording = _urls(plan_, past=True)
        meeting = actions.schedule_meeting(
            secretary,
            body,
            titles=plan_.titles,
            starts_at=_at(plan_.day, plan_.hours[0]),
            ends_at=_at(plan_.day, plan_.hours[1]),
            place=plan_.place,
            live_url=live,
            recording_url=recording,
        )
    if meeting.status == MeetingStatus.CLOSED:
        return meeting
    on_agenda = [p for p in planned if p.meeting == plan_.number]
    if plan_.agenda is not None:
        first, last = plan_.agenda
        on_agenda = [p for p in planned if p.adopt and first <= p.number <= last]
    if not meeting.agenda.exists():
        if plan_.opening:
            top = found.largest[:8]
            members = [pk for t in top for pk in [s.get("proposal") for s in t.summary[:2]] if pk]
            rows = Proposal.objects.filter(pk__in=members).only("id", "number")
            actions.add_agenda_item(secretary, meeting, titles=AGENDA_OPENING[0])
            actions.add_agenda_item(
                secretary, meeting, titles=AGENDA_OPENING[1], themes=top, proposals=rows
            )
            campaigns = Proposal.objects.filter(pk__in=found.campaigns).only("id", "number")
            actions.add_agenda_item(
                secretary, meeting, titles=AGENDA_OPENING[2], proposals=campaigns
            )
        else:
            actions.add_agenda_item(secretary, meeting, titles=AGENDA_MINUTES)
        for item in on_agenda:
            _agenda_for_amendment(secretary, meeting, amendments[item.number])
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = actions.start_meeting(chair, meeting)
    if not meeting.attendance.exists():
        actions.record_attendance(secretary, meeting, _present(commission, plan_))
    quorum = selectors.quorum_state(meeting)
    met = quorum.met
    if met:
        for earlier in body.meetings.filter(
            number__lt=plan_.number, minutes_approved_at__isnull=True, status=MeetingStatus.CLOSED
        ).exclude(minutes_kk=""):
            actions.approve_minutes(chair, earlier, approved_at=meeting)
    decided: list[Amendment] = []
    if met and plan_.votes:
        marked = set(
            meeting.attendance.filter(present=True).values_list("membership_id", flat=True)
        )
        present = [s for s in commission.seats if s.pk in marked]
        for item in on_agenda:
            amendment = amendments[item.number]
            if amendment.status == AmendmentStatus.PROPOSED:
                vote = actions.open_vote(chair, meeting, amendment)
                for seat, choice in _ballots(item.number, item.adopt, present):
                    actions.cast_vote(seat.user, vote, choice)
                actions.close_vote(chair, vote)
                amendment.refresh_from_db()
            decided.append(amendment)
    meeting = actions.end_meeting(chair, meeting)
    proposals = found.run.proposals_count if found.run is not None else Proposal.objects.count()
    actions.record_minutes(
        secretary,
        meeting,
        _minutes(plan_, quorum.present, quorum.needed, decided, proposals, len(found.themes)),
    )
    return meeting


def _working_group_meeting(body: Body, found: Evidence) -> None:
    """The Working Group's one meeting: it sorted the proposals into themes and drafted the texts."""
    if body.meetings.exists():
        return
    seats = list(body.memberships.select_related("user").order_by("pk"))
    chair = next(s for s in seats if s.role == MemberRole.CHAIR).user
    secretary = next(s for s in seats if s.role == MemberRole.SECRETARY).user
    day = WORKING_GROUP_DAY
    meeting = actions.schedule_meeting(
        secretary,
        body,
        titles={
            "kk": "Ұсыныстардың тақырыптары және түзетулердің жобалары",
            "ru": "Темы предложений и проекты поправок",
            "en": "The themes of the proposals and the draft amendments",
        },
        starts_at=_at(day, 15),
        ends_at=_at(day, 18),
        place="Астана, Конституциялық комиссияның ғимараты, 2-зал",
        recording_url="https://video.example.org/working-group/recordings/2025-10-24",
    )
    top = found.largest[:6]
    members = [pk for t in top for pk in [s.get("proposal") for s in t.summary[:2]] if pk]
    actions.add_agenda_item(
        secretary,
        meeting,
        titles={
            "kk": "Талдау тақырыптары бойынша баптарды іріктеу",
            "ru": "Отбор статей по темам анализа",
            "en": "Choosing the articles by the themes of the analysis",
        },
        themes=top,
        proposals=Proposal.objects.filter(pk__in=members).only("id", "number"),
    )
    actions.add_agenda_item(
        secretary,
        meeting,
        titles={
            "kk": "Түзетулер жобаларын Комиссияға ұсыну",
            "ru": "Внесение проектов поправок в Комиссию",
            "en": "Submitting the draft amendments to the Commission",
        },
    )
    meeting = actions.start_meeting(chair, meeting)
    actions.record_attendance(
        secretary, meeting, {s.pk: index % 7 != 3 for index, s in enumerate(seats)}
    )
    actions.end_meeting(chair, meeting)
    actions.record_minutes(
        secretary,
        meeting,
        {
            "kk": "Жұмыс тобы азаматтар ұсыныстарының тақырыптарын қарап, 1998 жылғы мәтінге түзетулердің "
            "жобаларын Комиссияға ұсынуды шешті.",
            "ru": "Рабочая группа рассмотрела темы предложений граждан и решила внести в Комиссию проекты "
            "поправок к тексту 1998 года.",
            "en": "The Working Group went through the themes of the citizens' proposals and decided to submit "
            "draft amendments to the 1998 text to the Commission.",
        },
    )
    actions.approve_minutes(chair, meeting)


# The draft ------------------------------------------------------------------------------


def _draft(commission: Commission, base: Version, out: TextIO) -> Draft | None:
    """Consolidate the adopted amendments into the 2026 draft and publish it (the secretary acts)."""
    import atazan_amend

    secretary = commission.secretary.user
    draft = Draft.objects.filter(body=commission.body, version__label=DRAFT_LABEL).first()
    if draft is None:
        if Version.objects.filter(work=base.work, label=DRAFT_LABEL).exists():
            out.write(
                f"commission: a version {DRAFT_LABEL} that the commission did not make is stored (imported "
                "from files by an older demo); start from an empty database to see it made from the votes\n"
            )
            return None
        amendment_set = atazan_amend.load(AMENDMENTS)
        draft = actions.consolidate_draft(
            secretary,
            commission.body,
            base,
            label=DRAFT_LABEL,
            date=_day(DRAFT_DATE),
            numbering=amendment_set.numbering,
            title={lang: str(meta.get("title", "")) for lang, meta in amendment_set.result.items()},
            note={lang: str(meta.get("note", "")) for lang, meta in amendment_set.result.items()},
        )
    if draft.published_at is None:
        draft = actions.publish_draft(secretary, draft, open_comments=True)
    return draft


def differences_from_samples(draft: Draft) -> dict[str, str]:
    """Where the stored draft differs from the shipped ``kenbel-2026-draft`` texts ("" when it does not).

    The title and every provision's kind, number, heading and text are
    compared; uids are the consolidation's own, and the date is the demo
    calendar's (the shipped files carry the day the sample was written).
    """
    from atazan_amend.derive import first_difference
    from atazan_texts.plaintext import parse_plaintext

    out: dict[str, str] = {}
    for expression in Expression.objects.filter(version=draft.version).order_by("language"):
        path = SAMPLES / f"{WORK}-{DRAFT_LABEL}.{expression.language}.txt"
        if not path.exists():
            continue
        shipped = parse_plaintext(path.read_text(encoding="utf-8"))
        # The note is the base's (consolidate_draft takes no note); compare the rest.
        stored = dataclasses.replace(document_for(expression), note=shipped.note, date=shipped.date)
        out[expression.language] = first_difference(stored, shipped)
    return out


# Comments -------------------------------------------------------------------------------

CITIZENS = [
    (
        "citizen-01",
        "Айдана Ерланқызы Сейітова",
        "Aidana Seitova",
        "almaty_city",
        "kk",
        "95041540123",
    ),
    ("citizen-02", "Виктор Павлович Ким", "Viktor Kim", "karaganda", "ru", "78110230456"),
    (
        "citizen-03",
        "Бекзат Маратұлы Жұмабаев",
        "Bekzat Zhumabayev",
        "turkistan",
        "kk",
        "88062930789",
    ),
    ("citizen-04", "Ольга Сергеевна Шевченко", "Olga Shevchenko", "pavlodar", "ru", "69030740321"),
    ("citizen-05", "Arman Nurgaliyev", "Arman Nurgaliyev", "astana", "en", "01052250654"),
    (
        "citizen-06",
        "Гүлнар Асқарқызы Оспанова",
        "Gulnar Ospanova",
        "mangystau",
        "kk",
        "83121440987",
    ),
]
DEMO_CITIZEN = ("citizen", "Әлия Серікқызы Серікова", "Aliya Serikova", "abai", "ru", "92072140555")
COMMENT_TEXTS = {
    "kk": [
        "{label} жаңа редакциясын қолдаймын. «{quote}» деген сөздер азаматтардың сұрағанын енді анық айтады.",
        "{label}: «{quote}» деген тұжырым тым жалпы, шешімді кім және қандай мерзімде қабылдайтынын көрсетуді сұраймын.",
        "{label} толықтыруды ұсынамын: тиісті заң бір жыл ішінде қабылдануы керек, әйтпесе «{quote}» қағаз жүзінде қалады.",
        "«{quote}» — бұл норманы шетелде тұратын азаматтарға да қолдануды сұраймын ({label}).",
        "{label} бойынша: «{quote}» деген сөздерден кейін ауыл тұрғындарының құқықтарын да атап өту керек.",
    ],
    "ru": [
        "Поддерживаю новую редакцию ({label}). Слова «{quote}» наконец ясно говорят то, о чём просили граждане.",
        "{label}: формулировка «{quote}» слишком общая, прошу указать, кто принимает решение и в какой срок.",
        "Предлагаю дополнить {label}: закон должен быть принят в течение года, иначе «{quote}» останется на бумаге.",
        "«{quote}» — прошу распространить эту норму и на граждан, живущих за рубежом ({label}).",
        "По {label}: после слов «{quote}» нужно отдельно упомянуть права жителей сёл.",
    ],
    "en": [
        "I support the new wording of {label}. The words “{quote}” finally say clearly what citizens asked for.",
        "{label}: “{quote}” is too vague; please say who decides and by what deadline.",
        "Please add to {label} that the law must be passed within a year, or “{quote}” will stay on paper.",
        "“{quote}”: please make this apply to citizens living abroad as well ({label}).",
        "On {label}: after “{quote}” the rights of people in rural areas should be named too.",
    ],
}
COMMENT_TITLES = {
    "kk": "Жобаға пікір: {label}",
    "ru": "Замечание к проекту: {label}",
    "en": "Comment on {label}",
}


def _iin(first_eleven: str) -> str:
    value = int(first_eleven)
    while not (full := make_identifier(f"{value:011d}")):
        value += 1
    return full


def _paragraphs_changed(draft: Draft) -> list[str]:
    """Uids of the paragraphs of the draft's articles that an amendment made (reading order)."""
    changed = set(
        ProvisionSource.objects.filter(draft=draft).values_list("provision_uid", flat=True)
    )
    expression = Expression.objects.filter(version=draft.version, language="en").first() or (
        draft.version.expressions.order_by("language").first()
    )
    if expression is None:
        return []
    out = []
    for loc in document_for(expression).located():
        if loc.provision.kind == "article" and loc.provision.uid in changed:
            out += [p.uid for p in loc.provision.children if p.kind == "paragraph" and p.text]
    return out


def _comments(draft: Draft, accounts: Mapping[str, Any]) -> int:
    """Citizens comment on changed paragraphs of the published draft; each comment is a proposal."""
    if not draft.comments_open:
        return draft.comments.count()
    rng = random.Random("comments-2026")
    people = list(CITIZENS)
    users = _accounts([c[0] for c in people], [Person(c[1], c[2]) for c in people], [Role.CITIZEN])
    writers = list(zip(people, users, strict=True))
    if "citizen" in accounts:
        writers.append((DEMO_CITIZEN, accounts["citizen"]))
    paragraphs = _paragraphs_changed(draft)
    if not paragraphs:
        return 0
    taken = set(draft.comments.values_list("proposal__external_id", flat=True))
    count = 0
    # The comments arrive through the comment period, in the order they are numbered.
    total = sum(COMMENTS_PER_CITIZEN + (user.username == "citizen") for _, user in writers)
    first_day, last_day = _reform().comments
    period = moment(last_day, 20) - moment(first_day, 8)
    for index_writer, ((_, name, _, region, language, digits), user) in enumerate(writers):
        iin = _iin(digits)
        for index in range(COMMENTS_PER_CITIZEN + (1 if user.username == "citizen" else 0)):
            token = f"demo-comment-{index_writer:02d}-{index:02d}"
            uid = rng.choice(paragraphs)
            template = rng.choice(COMMENT_TEXTS[language])
            start = rng.randint(0, 3)
            length = rng.randint(4, 7)
            if token in taken:
                count += 1
                continue
            located = drafting.locate(draft.version, uid, language)
            if located is None:
                continue
            words = located.text.split()
            start = min(start, max(0, len(words) - length))
            quote = " ".join(words[start : start + length]).rstrip(".,;:")
            text = template.format(label=located.label, quote=quote)
            submission = clean_submission(
                {
                    "submitter_type": "citizen",
                    "submitter_name": name,
                    "iin": iin,
                    "region": region,
                    "language": language,
                    "title": COMMENT_TITLES[language].format(label=located.label),
                    "text": text,
                    "consent_publish_text": index % 4 != 3,
                    "consent_publish_name": False,
                }
            )
            when = moment(first_day, 8) + period * (count / max(total, 1))
            with translation.override(language), happening_at(when):
                actions.comment_on_draft(
                    user, draft, provision_uid=uid, quote=quote, submission=submission, token=token
                )
            count += 1
    return count


def _review_meeting(commission: Commission, draft: Draft) -> None:
    """The next meeting, ten days ahead: the public comments are on its agenda."""
    body = commission.body
    if body.meetings.filter(number=len(MEETINGS) + 1).exists():
        return
    day = _reform().review_meeting
    secretary = commission.secretary.user
    meeting = actions.schedule_meeting(
        secretary,
        body,
        titles=REVIEW_TITLES,
        starts_at=moment(day, 10),
        ends_at=moment(day, 13),
        place=PLACE,
        live_url=f"https://video.example.org/commission/live/{len(MEETINGS) + 1}",
    )
    actions.add_agenda_item(secretary, meeting, titles=AGENDA_MINUTES)
    comments = list(
        Proposal.objects.filter(draft_comment__draft=draft).only("id", "number").order_by("pk")
    )
    actions.add_agenda_item(
        secretary,
        meeting,
        titles={lang: text.format(count=len(comments)) for lang, text in AGENDA_COMMENTS.items()},
        proposals=comments,
    )
    _hold_review(commission, meeting, len(comments))


#: Members present at the review of the comments (of 130; the quorum is 87).
REVIEW_PRESENT = 101
REVIEW_MINUTES = {
    "kk": (
        "Комиссия жобаға түскен {count} қоғамдық пікірді қарады. Пікірлер түзетулердің "
        "авторларына жіберілді; жоба референдумға өзгеріссіз ұсынылады."
    ),
    "ru": (
        "Комиссия рассмотрела {count} общественных замечаний к проекту. Замечания переданы "
        "авторам поправок; проект выносится на референдум без изменений."
    ),
    "en": (
        "The Commission reviewed the {count} public comments on the draft. The comments were "
        "passed to the authors of the amendments; the draft goes to the referendum unchanged."
    ),
}


def _hold_review(commission: Commission, meeting: Meeting, comments: int) -> None:
    """The review meeting is held on its day: attendance, no votes, minutes."""
    with happening_at(meeting.starts_at):
        chair, secretary = commission.chair.user, commission.secretary.user
        meeting = actions.start_meeting(chair, meeting)
        review = MeetingPlan(
            meeting.number,
            REVIEW_TITLES,
            _reform().review_meeting,
            (10, 13),
            PLACE,
            REVIEW_PRESENT,
            votes=False,
        )
        actions.record_attendance(secretary, meeting, _present(commission, review))
        if selectors.quorum_state(meeting).met:
            for earlier in commission.body.meetings.filter(
                number__lt=meeting.number,
                minutes_approved_at__isnull=True,
                status=MeetingStatus.CLOSED,
            ).exclude(minutes_kk=""):
                actions.approve_minutes(chair, earlier, approved_at=meeting)
        meeting = actions.end_meeting(chair, meeting)
        actions.record_minutes(
            secretary,
            meeting,
            {lang: text.format(count=comments) for lang, text in REVIEW_MINUTES.items()},
        )


# The whole ------------------------------------------------------------------------------


def _load(
    base: Version, accounts: Mapping[str, Any], analysed: bool, out: TextIO
) -> tuple[Draft | None, int]:
    """Each step runs at its date on the reform's calendar, so its records carry that date."""
    with happening_at(_at(TERM_START, 9)):
        commission = _commission(accounts)
        working_group = _working_group(commission, accounts)
    found = evidence(base, analysed)
    with happening_at(_at(WORKING_GROUP_DAY, 14)):
        _working_group_meeting(working_group, found)
    planned = plan(base)
    with happening_at(_at(WORKING_GROUP_DAY + dt.timedelta(days=2), 10)):
        amendments = _propose(commission, base, planned, accounts, found)
    for meeting_plan in MEETINGS:
        with happening_at(_at(meeting_plan.day, meeting_plan.hours[0])):
            _hold(commission, meeting_plan, amendments, planned, found)
    with happening_at(_at(DRAFT_DATE, 12)):
        draft = _draft(commission, base, out)
    comments = 0
    if draft is not None:
        comments = _comments(draft, accounts)
        first_day, _last_day = _reform().comments
        with happening_at(moment(first_day, 9)):
            _review_meeting(commission, draft)
    return draft, comments


def load_demo(out: TextIO, *, analysed: bool = True) -> None:
    """Seat the commission, hold its meetings, make and publish the draft; safe to call again."""
    base = Version.objects.filter(work__slug=WORK, label=BASE_LABEL).first()
    if base is None or not base.expressions.exists():
        out.write(f"commission: no {WORK}:{BASE_LABEL} text is stored; nothing to do\n")
        return
    accounts = _demo_accounts()
    if "secretary" not in accounts:
        out.write("commission: the demo account 'secretary' is missing; load the accounts first\n")
        return
    _CALENDAR.append(demo_calendar())
    try:
        with transaction.atomic():
            draft, comments = _load(base, accounts, analysed, out)
            commission = _commission(accounts)
    finally:
        _CALENDAR.pop()
    statuses = Counter(
        Amendment.objects.filter(body=commission.body, base=base).values_list("status", flat=True)
    )
    meetings = commission.body.meetings.count()
    made = f"no draft {DRAFT_LABEL}"
    if draft is not None:
        expression = draft.version.expressions.filter(language="en").first()
        articles = expression.provisions.filter(kind="article").count() if expression else 0
        differences = {lang: d for lang, d in differences_from_samples(draft).items() if d}
        text = "; ".join(f"{lang}: {d}" for lang, d in sorted(differences.items()))
        made = (
            f"draft {DRAFT_LABEL} of {articles} articles, "
            + (
                f"DIFFERENT from the shipped sample ({text})"
                if differences
                else "same text as the shipped sample"
            )
            + (", published" if draft.published_at else "")
        )
    out.write(
        f"commission: {len(commission.seats)} members, {meetings} meetings, "
        f"{statuses[AmendmentStatus.ADOPTED]} amendments adopted and "
        f"{statuses[AmendmentStatus.REJECTED]} rejected; {made}; {comments} comments on it\n"
    )
