"""One colour per kind of state, for every app.

Apps map their status choices to a `Phase` (what the state means: a draft, waiting for a
decision, approved, ...); this module alone says which KERN badge colour a phase gets, so a
"draft" looks the same in the fund, the logbook and every app added later. The colours are the
four variants KERN has (`kern-badge--info|success|warning|danger`); a badge never relies on its
colour alone, its label says the state.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class Tone(StrEnum):
    """A KERN badge variant (`kern-badge--<tone>`)."""

    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    DANGER = "danger"


class Phase(StrEnum):
    """What a state means, independent of the app it belongs to."""

    DRAFT = "draft"  # not yet handed in / not started
    SUBMITTED = "submitted"  # handed in, nobody has looked yet
    IN_REVIEW = "in_review"  # someone has to act (review, question, vote running)
    APPROVED = "approved"
    REJECTED = "rejected"
    OPEN = "open"  # running, takes input
    CLOSED = "closed"  # over, nothing more happens
    OVERDUE = "overdue"  # past its date and not done
    DONE = "done"  # finished with success
    NOTE = "note"  # a fact about the thing, not a state (anonymous, own Stellschraube)


TONES: Final[Mapping[Phase, Tone]] = {
    Phase.DRAFT: Tone.INFO,
    Phase.SUBMITTED: Tone.INFO,
    Phase.IN_REVIEW: Tone.WARNING,
    Phase.APPROVED: Tone.SUCCESS,
    Phase.REJECTED: Tone.DANGER,
    Phase.OPEN: Tone.SUCCESS,
    Phase.CLOSED: Tone.INFO,
    Phase.OVERDUE: Tone.DANGER,
    Phase.DONE: Tone.SUCCESS,
    Phase.NOTE: Tone.INFO,
}


def tone_of(phase: Phase | str) -> Tone:
    """The badge colour of a phase; an unknown phase is a programming error (ValueError)."""
    return TONES[Phase(phase)]
