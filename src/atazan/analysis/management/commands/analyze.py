"""``atazan analyze``: the analysis over a file (no database), or over the stored proposals."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from atazan.core.actors import SystemActor
from atazan_analysis import pipeline
from atazan_analysis.fileio import InputError, read_records, write_outputs
from atazan_analysis.records import Corrections
from atazan_analysis.taxonomy import read_examples, read_taxonomy

ACTOR = SystemActor("atazan analyze command")


class Command(BaseCommand):
    help = (
        "Analyse proposals: language, citations, links to provisions, duplicates and campaigns, "
        "themes, taxonomy and coverage. Give INPUT (CSV, JSON lines or XLSX) and --out DIR to "
        "analyse a file, or --stored to analyse the proposals in the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", nargs="?", help="CSV, JSON lines or XLSX file of proposals")
        parser.add_argument("--text-column", help="column holding the proposal text")
        parser.add_argument(
            "--id-column", help="column holding a unique id (default: the line number)"
        )
        parser.add_argument("--title-column", help="column holding a title, analysed with the text")
        parser.add_argument(
            "--format",
            choices=["csv", "jsonl", "xlsx"],
            help="input format (default: from the name)",
        )
        parser.add_argument(
            "--constitution", help="constitution text (AKN, JSON, plain text) to link to"
        )
        parser.add_argument("--lang", help="language of the --constitution text (kk, ru or en)")
        parser.add_argument("--taxonomy", help="file with one topic per line")
        parser.add_argument(
            "--taxonomy-examples",
            help="CSV of labelled texts (columns text, topic) the taxonomy learns from",
        )
        parser.add_argument(
            "--out", help="directory for proposals.csv, themes.csv, campaigns.csv, run.json"
        )
        parser.add_argument("--limit", type=int, help="read at most this many records")
        parser.add_argument("--seed", type=int, default=pipeline.Config().seed)
        parser.add_argument(
            "--themes", type=int, help="themes per language (default: chosen from the data)"
        )
        parser.add_argument(
            "--campaign-min-size", type=int, default=pipeline.Config().campaign_min_size
        )
        parser.add_argument("--model-dir", help="local sentence-transformers model directory")
        parser.add_argument(
            "--dask",
            type=int,
            default=0,
            metavar="WORKERS",
            help="run the per-record steps on a local Dask cluster with this many workers",
        )
        parser.add_argument(
            "--stored", action="store_true", help="analyse the stored proposals and keep the run"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = None if options["quiet"] else _progress()
        taxonomy: list[str] = []
        if options["taxonomy"]:
            try:
                taxonomy = read_taxonomy(
                    Path(options["taxonomy"]).read_text(encoding="utf-8").splitlines()
                )
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    f"--taxonomy: cannot read {options['taxonomy']} ({error})"
                ) from error
        with _client(options["dask"]) as client:
            if options["stored"]:
                self._stored(taxonomy, progress, client)
                return
            self._file(options, taxonomy, progress, client)

    def _stored(self, taxonomy: list[str], progress: Any, client: Any) -> None:
        from atazan.analysis.actions import run_now

        run = run_now(ACTOR, taxonomy, progress=progress, client=client)
        self.stdout.write(
            f"run #{run.pk}: {run.status}, {run.proposals_count} proposals, "
            f"{json.dumps(run.info.get('counts', {}))}"
        )

    def _file(
        self, options: dict[str, Any], taxonomy: list[str], progress: Any, client: Any
    ) -> None:
        if not options["input"]:
            raise CommandError("input: give a file to analyse, or --stored")
        if not options["text_column"]:
            raise CommandError("--text-column: required with an input file")
        if not options["out"]:
            raise CommandError("--out: required with an input file")
        try:
            read = read_records(
                options["input"],
                options["text_column"],
                options["id_column"],
                options["title_column"],
                options["format"],
                options["limit"],
            )
        except InputError as error:
            raise CommandError(str(error)) from error
        documents = []
        if options["constitution"]:
            documents = [_load_constitution(options["constitution"], options["lang"])]
        config = pipeline.Config(
            seed=options["seed"],
            themes_per_language=options["themes"],
            campaign_min_size=options["campaign_min_size"],
            model_dir=options["model_dir"],
        )
        examples: list[tuple[str, str]] = []
        if options["taxonomy_examples"]:
            if not taxonomy:
                raise CommandError("--taxonomy-examples: needs --taxonomy")
            try:
                examples = read_examples(options["taxonomy_examples"])
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise CommandError(f"--taxonomy-examples: {error}") from error
        encoder = None
        if config.model_dir:
            from atazan_analysis.linking import SentenceTransformerEncoder

            encoder = SentenceTransformerEncoder(config.model_dir)
        started = time.perf_counter()
        result = pipeline.run(
            read.records,
            config=config,
            constitution=documents,
            taxonomy=taxonomy,
            corrections=Corrections(topic_examples=examples),
            progress=progress,
            client=client,
            encoder=encoder,
        )
        result.info["input"]["file"] = str(options["input"])  # type: ignore[index]
        result.info["input"]["encoding"] = read.encoding  # type: ignore[index]
        result.info["input"]["rejected_rows"] = read.rejected  # type: ignore[index]
        result.info["input"]["rows_read"] = read.rows_read  # type: ignore[index]
        result.info["total_seconds"] = round(time.perf_counter() - started, 3)
        written = write_outputs(result, options["out"])
        counts = result.info["counts"]
        self.stdout.write(
            f"read {read.rows_read} rows, analysed {len(read.records)} records "
            f"({len(read.rejected)} rows rejected): {json.dumps(counts)}"
        )
        for path in written:
            self.stdout.write(f"  wrote {path}")


def _load_constitution(path: str, language: str | None) -> Any:
    from atazan_texts.errors import TextImportError
    from atazan_texts.io import load_document

    try:
        document = load_document(Path(path), language=language, uid_namespace="analysis")
    except TextImportError as error:
        raise CommandError(f"--constitution: cannot read {path} ({error})") from error
    if not document.language:
        raise CommandError("--lang: say which language the constitution text is in (kk, ru or en)")
    return document


def _progress() -> Any:
    from atazan.analysis.actions import progress_printer

    return progress_printer(sys.stderr.write)


class _client:
    """A local Dask cluster for the length of the command, when asked for."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        if self.workers <= 0:
            return None
        from dask.distributed import Client, LocalCluster

        self.cluster = LocalCluster(
            n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.cluster.close()
