"""Domain errors of the Mitmach-Fonds; each carries the German sentence a view shows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .money import euro


class FundError(Exception):
    """Base: `message` is a complete German sentence for the person who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BudgetExceeded(FundError):
    def __init__(
        self,
        *,
        category: str,
        available_cents: int,
        amount_cents: int,
        category_id: int | None = None,
    ) -> None:
        super().__init__(
            _(
                "Im Förderbereich „%(category)s“ sind nur noch %(available)s frei; "
                "%(amount)s können deshalb nicht bewilligt werden."
            )
            % {
                "category": category,
                "available": euro(available_cents),
                "amount": euro(amount_cents),
            }
        )
        self.category = category
        self.category_id = category_id
        self.available_cents = available_cents
        self.amount_cents = amount_cents


class BudgetBelowCommitted(FundError):
    """Lowering or moving a budget would leave less than is already promised."""


class RuleViolation(FundError):
    """An application breaks one or more rules; `failures` lists one sentence per rule."""

    def __init__(self, failures: list[str]) -> None:
        super().__init__(" ".join(failures))
        self.failures = failures


class InvalidTransition(FundError):
    """The application is not in a state that allows this step (perhaps someone was faster)."""


class JuryError(FundError):
    """A jury vote or jury decision that the rules do not allow."""


class PayoutError(FundError):
    """A payout the schedule or the open commitment does not allow."""
