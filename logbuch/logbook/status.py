"""What each logbook status means (`logbuch.core.status.Phase`), which fixes its badge colour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from logbuch.core.status import Phase

from .models import JournalStatus, MeasureStatus, RoundStatus

MEASURE_PHASES: Final[Mapping[str, Phase]] = {
    MeasureStatus.PROPOSED: Phase.IN_REVIEW,
    MeasureStatus.DECLINED: Phase.REJECTED,
    MeasureStatus.MERGED: Phase.CLOSED,
    MeasureStatus.PLANNED: Phase.DRAFT,
    MeasureStatus.RUNNING: Phase.OPEN,
    MeasureStatus.DONE: Phase.DONE,
    MeasureStatus.DROPPED: Phase.CLOSED,
}

ROUND_PHASES: Final[Mapping[str, Phase]] = {
    RoundStatus.OPEN: Phase.OPEN,
    RoundStatus.CLOSED: Phase.CLOSED,
}

JOURNAL_PHASES: Final[Mapping[str, Phase]] = {
    JournalStatus.DRAFT: Phase.DRAFT,
    JournalStatus.PUBLISHED: Phase.DONE,
}
