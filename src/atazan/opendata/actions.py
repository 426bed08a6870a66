"""Preparing the open-data files: once per change of the data, never per request.

A file is stale when the revision of its tables (``selectors.revision``) is
not the one its manifest was made from. It is rebuilt under a lock: by the
task worker (queued when the datasets page sees it stale), by ``atazan
prepare_open_data``, or by the first download that finds it stale while no
one else is rebuilding it. A download that finds a rebuild under way is
given the previous file at once rather than kept waiting.

Preparing writes files, not rows, and records nothing in the audit log:
an entry would move the log's head, which is itself part of every revision,
and make every file stale again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

from atazan.core.actors import Actor, require
from atazan.core.errors import NotFoundError
from atazan.opendata import selectors, store
from atazan.opendata.datasets import BY_NAME

#: The group whose revision decides when a constitution text file is stale.
TEXT_GROUP = "constitution"


def _group_of(name: str) -> str:
    dataset = BY_NAME.get(name)
    return dataset.group if dataset is not None else TEXT_GROUP


def _build(name: str, revision: str) -> store.Manifest:
    dataset = BY_NAME.get(name)
    if dataset is not None:
        rows, written = store.write_table(
            name,
            dataset.field_names,
            dataset.rows(),
            booleans=dataset.columns_of("boolean"),
            texts=dataset.columns_of("string"),
        )
        return store.commit(name, revision, rows, written)
    payload = selectors.text_of(name)
    if payload is None:
        raise NotFoundError(f"no open dataset {name}")
    return store.commit(name, revision, None, store.write_document(name, "xml", payload))


def known(name: str) -> bool:
    return name in BY_NAME or any(t.name == name for t in selectors.text_files())


def prepare(actor: Actor, name: str, *, force: bool = False) -> store.Manifest:
    """The files of ``name`` for the current data, rebuilt now if stale (waits for the lock)."""
    require(actor, "opendata.prepare")
    if not known(name):
        raise NotFoundError(f"no open dataset {name}")
    with store.lock(name, wait=True):
        revision = selectors.revision(_group_of(name))
        manifest = store.read_manifest(name)
        if manifest is not None and manifest.revision == revision and not force:
            return manifest
        return _build(name, revision)


def current(actor: Actor, name: str) -> store.Manifest:
    """The files to serve for ``name``: fresh ones, or the previous ones while a rebuild runs."""
    require(actor, "opendata.prepare")
    manifest = store.read_manifest(name)
    revision = selectors.revision(_group_of(name))
    if manifest is not None and manifest.revision == revision:
        return manifest
    if not known(name):
        raise NotFoundError(f"no open dataset {name}")
    with store.lock(name, wait=manifest is None) as taken:
        if not taken and manifest is not None:
            return manifest
        # Whoever held the lock may have just made it.
        revision = selectors.revision(_group_of(name))
        latest = store.read_manifest(name)
        if latest is not None and latest.revision == revision:
            return latest
        return _build(name, revision)


def names() -> list[str]:
    """Every dataset and every text file, in the order the datasets page lists them."""
    return [*BY_NAME, *(t.name for t in selectors.text_files())]


def prepare_all(
    actor: Actor, only: Iterable[str] = (), *, force: bool = False
) -> list[store.Manifest]:
    """Prepare every dataset (or those named), one after another."""
    require(actor, "opendata.prepare")
    return [prepare(actor, name, force=force) for name in (list(only) or names())]


def schedule(actor: Actor, stale: list[str]) -> bool:
    """Queue the rebuild of ``stale`` datasets for the task worker, once per minute at most."""
    require(actor, "opendata.prepare")
    if not stale:
        return False
    key = "opendata:queued:" + ",".join(sorted(stale))
    if not cache.add(key, True, timeout=60):
        return False
    from atazan.opendata.tasks import prepare_open_data

    prepare_open_data.enqueue(sorted(stale))
    return True
