"""Background work of the open data, carried out by the task worker (``atazan db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def prepare_open_data(names: list[str]) -> int:
    """Rebuild the named datasets that are stale; returns how many were looked at."""
    from atazan.core.actors import SystemActor
    from atazan.opendata.actions import known, prepare

    actor = SystemActor("open data: rebuild after a change")
    wanted = [name for name in names if known(name)]
    for name in wanted:
        prepare(actor, name)
    return len(wanted)
