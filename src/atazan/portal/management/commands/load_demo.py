"""``atazan load_demo``: the sample reform, ready to explore. Safe to run again."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand
from django.db import transaction

from atazan.analysis.models import AnalysisRun, RunStatus
from atazan.constitution.actions import import_text
from atazan.constitution.models import Expression
from atazan.core.actions import create_user, set_staff
from atazan.core.actors import SystemActor
from atazan.core.models import User
from atazan.core.roles import Role
from atazan.proposals.models import Channel, Proposal
from atazan_texts.io import load_document

ACTOR = SystemActor("demo loader")

SAMPLES = Path(__file__).resolve().parents[3] / "constitution" / "samples"

#: (file stem, version label, based on, publish)
SAMPLE_VERSIONS = [
    ("kenbel-1998", "1998", None, True),
]
#: The 2026 draft as shipped, imported only by ``--only texts``: the full demo has the
#: commission make it from the amendments it votes on (atazan.commission.demo).
DRAFT_FILES = ("kenbel-2026-draft", "2026-draft", "1998", True)

DEMO_PASSWORD = "atazan-demo"

DEMO_ACCOUNTS: list[tuple[str, str, list[Role]]] = [
    ("admin", "Aigerim Sadykova", [Role.ADMINISTRATOR]),
    ("secretary", "Nurlan Bekov", [Role.COMMISSION_SECRETARY]),
    ("member", "Saule Omarova", [Role.COMMISSION_MEMBER]),
    ("lead", "Yerlan Abenov", [Role.WORKING_GROUP_LEAD]),
    ("analyst", "Dana Kassymova", [Role.ANALYST]),
    ("analyst2", "Timur Zhaksylykov", [Role.ANALYST]),
    ("operator", "Gulnara Iskakova", [Role.INTAKE_OPERATOR]),
    ("official", "Marat Tulegenov", [Role.ELECTION_OFFICIAL]),
    ("trustee", "Asel Nurpeisova", [Role.TRUSTEE]),
    ("observer", "Ruslan Akhmetov", [Role.OBSERVER]),
    ("citizen", "Aliya Serikova", [Role.CITIZEN]),
]


class Command(BaseCommand):
    help = (
        "Load the demo: accounts, the 1998 sample text, proposals, a referendum, an analysis run and "
        "the commission that votes the 2026 draft."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--only",
            choices=["all", "texts"],
            default="all",
            help="load everything (default) or only the accounts and constitution texts (the 2026 draft "
            "then comes from its sample files, not from the commission's votes)",
        )
        parser.add_argument(
            "--no-analysis",
            action="store_true",
            help="skip the analysis run over the demo proposals",
        )
        parser.add_argument(
            "--proposals",
            type=int,
            default=None,
            help="how many synthetic proposals to generate (default: the full demo)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from atazan.commission import demo as commission_demo
        from atazan.proposals import demo as proposals_demo
        from atazan.referendum import demo as referendum_demo

        self.load_accounts()
        self.load_texts()
        if options.get("only") == "texts":
            self.load_texts([DRAFT_FILES])
            return
        out = cast(TextIO, self.stdout)
        if options.get("proposals") is None:
            proposals_demo.load_demo(out)
        else:
            proposals_demo.load_demo(out, count=options["proposals"])
        referendum_demo.load_demo(out)
        if not options.get("no_analysis"):
            self.load_analysis(out)
        # After the analysis: the amendments cite the proposals its links point to, under its themes.
        commission_demo.load_demo(out, analysed=not options.get("no_analysis"))

    def load_analysis(self, out: TextIO) -> None:
        """The analysis run, unless a finished one covers every proposal but the comments on the draft.

        The citizens' comments on the published draft come after the run (the commission
        needs its themes first), so loading the demo again does not start another run for them.
        """
        from atazan.analysis import demo as analysis_demo

        latest = AnalysisRun.objects.filter(status=RunStatus.DONE).order_by("-id").first()
        intake = Proposal.objects.exclude(channel=Channel.DRAFT_COMMENT).count()
        if latest is not None and latest.proposals_count == intake < Proposal.objects.count():
            out.write(
                f"analysis: run #{latest.pk} already covers the {intake} proposals "
                "(the comments on the draft came after it)\n"
            )
            return
        analysis_demo.load_demo(out)

    def load_accounts(self) -> None:
        created = 0
        for username, full_name, roles in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            with transaction.atomic():
                user = create_user(ACTOR, username, DEMO_PASSWORD, roles=roles, full_name=full_name)
                if username == "admin":
                    set_staff(ACTOR, user, staff=True, superuser=True)
            created += 1
        self.stdout.write(f"demo accounts: {created} created (password: {DEMO_PASSWORD})")

    def load_texts(self, versions: list[tuple[str, str, str | None, bool]] | None = None) -> None:
        for stem, label, based_on, publish in SAMPLE_VERSIONS if versions is None else versions:
            # The complete English text first: the others take its identities.
            for language in ("en", "ru", "kk"):
                path = SAMPLES / f"{stem}.{language}.txt"
                if not path.exists():
                    continue
                if Expression.objects.filter(
                    version__work__slug="kenbel", version__label=label, language=language
                ).exists():
                    continue
                source = path.read_bytes()
                document = load_document(source, "txt", language=language)
                expression = import_text(
                    ACTOR,
                    document,
                    work_slug="kenbel",
                    version_label=label,
                    language=language,
                    based_on=based_on,
                    source_format="txt",
                    source=source,
                    publish=publish,
                )
                self.stdout.write(
                    f"stored {expression.version} {language}: {expression.provisions.count()} provisions"
                )
