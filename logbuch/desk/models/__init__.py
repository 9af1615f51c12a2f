"""The Anlaufstelle's models, one module per topic."""

from .board import BoardCategory, BoardKind, BoardPost, BoardReport, BoardStatus
from .concerns import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Concern,
    ConcernCategory,
    ConcernKind,
    ConcernMessage,
    ConcernStatus,
    MessageAuthor,
)
from .office import Appointment, Closure, HoursKind, Office, OpeningHours, Slot, Weekday
from .people import ContactPerson, ThankYou, ThankYouStatus, WeeklyMailSent, WeeklyMailSubscription

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Appointment",
    "BoardCategory",
    "BoardKind",
    "BoardPost",
    "BoardReport",
    "BoardStatus",
    "Closure",
    "Concern",
    "ConcernCategory",
    "ConcernKind",
    "ConcernMessage",
    "ConcernStatus",
    "ContactPerson",
    "HoursKind",
    "MessageAuthor",
    "Office",
    "OpeningHours",
    "Slot",
    "ThankYou",
    "ThankYouStatus",
    "Weekday",
    "WeeklyMailSent",
    "WeeklyMailSubscription",
]
