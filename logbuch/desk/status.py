"""What each Anlaufstelle status means (`logbuch.core.status.Phase`), which fixes its colour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from logbuch.core.status import Phase

from .models import BoardStatus, ConcernStatus, ThankYouStatus

CONCERN_PHASES: Final[Mapping[str, Phase]] = {
    ConcernStatus.NEW: Phase.SUBMITTED,
    ConcernStatus.IN_PROGRESS: Phase.IN_REVIEW,
    ConcernStatus.DONE: Phase.DONE,
    ConcernStatus.NOT_POSSIBLE: Phase.REJECTED,
    ConcernStatus.MERGED: Phase.CLOSED,
}

BOARD_PHASES: Final[Mapping[str, Phase]] = {
    BoardStatus.ACTIVE: Phase.OPEN,
    BoardStatus.CLOSED: Phase.CLOSED,
    BoardStatus.HIDDEN: Phase.REJECTED,
}

THANKS_PHASES: Final[Mapping[str, Phase]] = {
    ThankYouStatus.WAITING: Phase.IN_REVIEW,
    ThankYouStatus.SHOWN: Phase.APPROVED,
    ThankYouStatus.PRIVATE: Phase.NOTE,
}
