"""Background tasks of the Stellschrauben-Check."""

from __future__ import annotations

from django.tasks import task

from . import services


@task()
def close_due_rounds_task() -> int:
    """Close every round whose end date has passed; enqueued daily (see `close_due_rounds`)."""
    return services.rounds_close_due()
