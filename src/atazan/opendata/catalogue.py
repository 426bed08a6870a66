"""What the datasets page and the descriptor say about each file: size, rows, last change.

Read from the manifests on disk and the tables' revisions; nothing is built here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atazan.constitution.models import VersionStatus
from atazan.opendata import selectors, store
from atazan.opendata.datasets import DATASETS

LANGUAGE_NAMES: dict[str, Promise] = {
    "kk": _("Kazakh"),
    "ru": _("Russian"),
    "en": _("English"),
}
FORMAT_NAMES: dict[str, Promise] = {
    "csv": _("CSV"),
    "jsonl": _("JSON Lines"),
    "xml": _("Akoma Ntoso XML"),
}


@dataclass
class Download:
    fmt: str
    label: str
    size: int | None


@dataclass
class Entry:
    """One dataset or text as the datasets page shows it."""

    name: str
    title: str
    description: str
    fresh: bool
    rows: int | None = None
    changed_at: dt.datetime | None = None
    downloads: list[Download] = field(default_factory=list)


def _revisions() -> dict[str, str]:
    groups = {d.group for d in DATASETS} | {"constitution"}
    return {group: selectors.revision(group) for group in sorted(groups)}


def fresh_manifests() -> dict[str, store.Manifest | None]:
    """The manifest of every dataset and text whose files match the current data."""
    revisions = _revisions()
    found: dict[str, store.Manifest | None] = {}
    groups = {d.name: d.group for d in DATASETS}
    for text in selectors.text_files():
        groups[text.name] = "constitution"
    for name, group in groups.items():
        manifest = store.read_manifest(name)
        found[name] = manifest if manifest and manifest.revision == revisions[group] else None
    return found


def _entry(name: str, title: str, description: str, formats: tuple[str, ...], fresh: bool) -> Entry:
    manifest = store.read_manifest(name)
    entry = Entry(name=name, title=title, description=description, fresh=fresh)
    if manifest is not None:
        entry.rows = manifest.rows
        entry.changed_at = manifest.changed
    for fmt in formats:
        info = manifest.files.get(fmt) if manifest is not None else None
        entry.downloads.append(
            Download(fmt, str(FORMAT_NAMES[fmt]), info.bytes if info is not None else None)
        )
    return entry


def entries() -> tuple[list[Entry], list[Entry]]:
    """The tables, then the constitution texts, each with what is known of its files."""
    fresh = fresh_manifests()
    tables = [
        _entry(d.name, str(d.title), str(d.description), ("csv", "jsonl"), bool(fresh[d.name]))
        for d in DATASETS
    ]
    statuses = dict(VersionStatus.choices)
    texts = []
    for text in selectors.text_files():
        language = str(LANGUAGE_NAMES.get(text.language, text.language))
        title = str(
            _("Version %(version)s in %(language)s")
            % {"version": text.version, "language": language}
        )
        texts.append(
            _entry(
                text.name,
                title,
                str(statuses.get(text.status, "")),
                ("xml",),
                bool(fresh.get(text.name)),
            )
        )
    return tables, texts


def stale_names(tables: list[Entry], texts: list[Entry]) -> list[str]:
    return [entry.name for entry in (*tables, *texts) if not entry.fresh]
