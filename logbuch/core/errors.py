"""The one style of domain error: services raise it, views show `message` to the person.

A subclass sets a class-level German `message`; a raise may pass a more specific sentence
(`BudgetExceeded(_("Nur noch %(free)s frei.") % {...})`). Views catch `DomainError`, never a
bare Exception, and show `str(exc)` as a form error or a message.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every app's domain errors; `message` is a complete German sentence."""

    message: str | Promise = _("Das hat nicht geklappt.")

    def __init__(self, message: str | Promise | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)
