"""The demo's analysis: one finished run over the demo proposals, with a progress bar."""

from __future__ import annotations

import sys
from typing import TextIO

from atazan.analysis.actions import progress_printer, run_now
from atazan.analysis.models import AnalysisRun, RunStatus
from atazan.core.actors import SystemActor
from atazan.core.demo_calendar import demo_calendar, happening_at, moment
from atazan.proposals.models import Proposal

ACTOR = SystemActor("demo loader")

#: The demo's taxonomy: the topics the secretariat sorts proposals into.
DEMO_TAXONOMY = [
    "Парламент және сайлау",
    "Президент",
    "Үкімет",
    "Конституциялық Сот",
    "Соттар",
    "Жергілікті басқару",
    "Адам құқықтары",
    "Мемлекеттік тіл",
    "Парламент и выборы",
    "Правительство",
    "Конституционный суд",
    "Суды",
    "Местное самоуправление",
    "Права человека",
    "Государственный язык",
    "Parliament and elections",
    "President",
    "Government",
    "Constitutional Court",
    "Courts",
    "Local government",
    "Human rights",
    "State language",
]


def load_demo(stdout: TextIO) -> None:
    """Analyse the demo proposals unless a finished run already covers them all."""
    count = Proposal.objects.count()
    latest = AnalysisRun.objects.filter(status=RunStatus.DONE).order_by("-id").first()
    if latest is not None and latest.proposals_count == count:
        stdout.write(f"analysis: run #{latest.pk} already covers the {count} proposals\n")
        return
    # The Working Group analysed the proposals once they were in, before the Commission met.
    with happening_at(moment(demo_calendar().analysis, 9)):
        run = run_now(ACTOR, DEMO_TAXONOMY, progress=progress_printer(sys.stderr.write))
    counts = run.info.get("counts", {})
    stdout.write(f"analysis: run #{run.pk} {run.status}: {counts}\n")
