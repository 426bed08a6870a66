"""Background work: an analysis run, carried out by the task worker (``atazan db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_analysis(run_id: int) -> int:
    """Carry out a queued run; returns the number of proposals analysed."""
    from atazan.analysis.actions import execute_run

    return execute_run(run_id).proposals_count
