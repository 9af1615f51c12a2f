"""Background tasks of the Stellschrauben-Check."""

from __future__ import annotations

from django.tasks import task

from .services.rounds import rounds_close_due


@task()
def close_due_rounds_task() -> int:
    """Close every round whose end date has passed; enqueued daily (see `close_due_rounds`)."""
    return rounds_close_due()
