"""The demo referendum of 15 March 2026: synthetic protocols for every unit and an online round.

The figures are invented but shaped like a real count: each unit has its own
turnout and support, precincts vary around them, turnout is reported through
the day, a few irregularities are planted for observers to find, one
protocol has been corrected, and a few precincts still wait for their
protocol so an official can try the entry form. Every step checks whether it
was already done, so running the loader again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings

from atazan.core.actors import SystemActor
from atazan.core.demo_calendar import demo_calendar, happening_at, moment
from atazan.referendum import actions
from atazan.referendum.models import (
    OnlineRound,
    Precinct,
    Protocol,
    Referendum,
    ReferendumStatus,
    RuleKind,
    TurnoutReport,
    VoterRollEntry,
)
from atazan_redact.identity import make_identifier
from atazan_results import Figures
from atazan_results import Protocol as PureProtocol
from atazan_results.synthetic import generate

ACTOR = SystemActor("demo loader")

SLUG = "constitution-2026"
#: The referendum is called this long before voting day.
CALLED_BEFORE = dt.timedelta(days=45)
#: The real count had 10,388 polling stations at home and 71 abroad.
HOME_PRECINCTS = 10_388
ABROAD_PRECINCTS = 71
#: Precincts left without a protocol, for trying the entry form.
AWAITING = 3
ONLINE_BALLOTS = 200

TITLES = {
    "kk": "Жаңа Конституция бойынша республикалық референдум",
    "ru": "Республиканский референдум по новой Конституции",
    "en": "Republican referendum on the new Constitution",
}
QUESTION = {
    "kk": "Сіз 2026 жылғы 12 ақпанда жарияланған жаңа Конституцияны қабылдайсыз ба?",
    "ru": "Принимаете ли Вы новую Конституцию, опубликованную 12 февраля 2026 года?",
    "en": "Do you accept the new Constitution published on 12 February 2026?",
}
#: Fictional voters for the roll page: (first eleven IIN digits, name, birth date).
ROLL = [
    ("85031540012", "Айгүл Серікқызы Омарова", dt.date(1985, 3, 15)),
    ("90071230045", "Дмитрий Сергеевич Ким", dt.date(1990, 7, 12)),
    ("72110530067", "Бауыржан Қанатұлы Есенов", dt.date(1972, 11, 5)),
    ("01020260023", "Мадина Ерланқызы Жақсыбекова", dt.date(2001, 2, 2)),
    ("64052840091", "Людмила Петровна Иванова", dt.date(1964, 5, 28)),
]
#: The youngest person on the demo's list turns 18 the day after voting day.
YOUNGEST = "Әлихан Нұрланұлы Сейітов"


def _youngest(voting_day: dt.date) -> tuple[str, str, dt.date]:
    """First eleven IIN digits (birth date, century and sex, serial), name and birth date."""
    day = 28 if (voting_day.month, voting_day.day) == (2, 29) else voting_day.day
    born = voting_day.replace(year=voting_day.year - 18, day=day) + dt.timedelta(days=1)
    return f"{born:%y%m%d}50036", YOUNGEST, born


def load_demo(
    stdout: TextIO,
    *,
    precincts: int = HOME_PRECINCTS,
    abroad: int = ABROAD_PRECINCTS,
    online_ballots: int = ONLINE_BALLOTS,
    seed: int = 2026,
    record_dir: Path | None = None,
) -> None:
    """Create or complete the demo referendum; safe to call again.

    Voting day is the last step of the demo reform (atazan.core.demo_calendar):
    the referendum is called after the draft is published, and the count and the
    online round are loaded on the evening of voting day.
    """
    voting_day = demo_calendar().referendum
    referendum = Referendum.objects.filter(slug=SLUG).first()
    if referendum is None:
        with happening_at(moment(voting_day - CALLED_BEFORE, 11)):
            referendum = actions.create_referendum(
                ACTOR,
                slug=SLUG,
                titles=TITLES,
                voting_day=voting_day,
                questions=[QUESTION],
                rule_kind=RuleKind.CONSTITUTION,
                status=ReferendumStatus.COUNTING,
            )
        stdout.write(f"referendum {SLUG}: created with {referendum.units.count()} voting units\n")
    with happening_at(moment(referendum.voting_day, 21)):
        _count(stdout, referendum, precincts, abroad, online_ballots, seed, record_dir)


def _count(
    stdout: TextIO,
    referendum: Referendum,
    precincts: int,
    abroad: int,
    online_ballots: int,
    seed: int,
    record_dir: Path | None,
) -> None:
    """The protocols, turnout reports, roll and online round, as on the evening of voting day."""
    question = referendum.questions.get(position=1)
    election = generate(precincts=precincts, abroad=abroad, seed=seed)

    if not Protocol.objects.filter(question=question).exists():
        awaiting = _awaiting(election.protocols)
        counted = [p for p in election.protocols if p.precinct not in awaiting]
        count = actions.import_protocols(ACTOR, question, counted, source="synthetic demo count")
        units = {u.code: u for u in referendum.units.all()}
        for p in election.protocols:
            if p.precinct in awaiting:
                actions.add_precinct(
                    ACTOR, units[p.unit], district_code=p.district, code=p.precinct
                )
        _correct_one(question, counted)
        stdout.write(f"referendum {SLUG}: {count} protocols, {len(awaiting)} awaiting entry\n")

    if not TurnoutReport.objects.filter(precinct__referendum=referendum).exists():
        known = set(Precinct.objects.filter(referendum=referendum).values_list("code", flat=True))
        reports = [r for r in election.reports if r.precinct in known]
        actions.import_turnout(ACTOR, referendum, reports, source="synthetic demo turnout")
        stdout.write(f"referendum {SLUG}: {len(reports)} turnout reports\n")

    if not VoterRollEntry.objects.filter(referendum=referendum).exists():
        _load_roll(referendum)
        stdout.write(f"referendum {SLUG}: sample voter roll\n")

    if online_ballots and not OnlineRound.objects.filter(question=question).exists():
        from atazan.referendum import online

        directory = record_dir or Path(settings.DATA_DIR) / "referendum" / SLUG / "online-record"
        round_ = online.run_round(
            ACTOR, question, ballots=online_ballots, out_dir=directory, seed=seed
        )
        if round_.verified:
            actions.join_online_tally(ACTOR, round_)
        stdout.write(
            f"referendum {SLUG}: online round of {round_.ballots_counted} ballots, "
            f"verified={round_.verified}, record in {directory}\n"
        )


def _awaiting(protocols: list[PureProtocol]) -> set[str]:
    stations = [p.precinct for p in protocols if p.kind == "station"]
    step = max(1, len(stations) // (AWAITING + 1))
    return set(stations[step::step][:AWAITING])


def _correct_one(question: Any, counted: list[PureProtocol]) -> None:
    """One recount: three ballots moved from invalid to yes after a district decision."""
    target = next(p for p in counted if p.kind == "station" and p.figures.invalid >= 3)
    protocol = Protocol.objects.get(question=question, precinct__code=target.precinct)
    f = target.figures
    corrected = Figures(
        registered=f.registered,
        received=f.received,
        issued=f.issued,
        yes=f.yes + 3,
        no=f.no,
        invalid=f.invalid - 3,
        not_counted=f.not_counted,
        spoiled=f.spoiled,
        unused=f.unused,
    )
    actions.correct_protocol(
        ACTOR,
        protocol,
        corrected,
        "Recount ordered by the district commission: three ballots marked yes had been set aside as invalid.",
    )


def _load_roll(referendum: Referendum) -> None:
    precinct = (
        Precinct.objects.filter(referendum=referendum, kind="station").order_by("code").first()
    )
    if precinct is None:
        return
    for digits, name, born in [*ROLL, _youngest(referendum.voting_day)]:
        iin = make_identifier(digits)
        if iin is None:
            continue
        try:
            actions.add_voter(ACTOR, precinct, iin=iin, full_name=name, birth_date=born)
        except actions.VoterRefused:
            # The youngest person turns 18 the day after voting day: the roll refuses them.
            continue
