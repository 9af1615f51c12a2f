"""Domain errors of the Mitmach-Fonds; each carries the German sentence a view shows."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from logbuch.core.errors import DomainError

from .money import euro


class FundError(DomainError):
    """Base of the fund's errors: `message` is a complete German sentence (core DomainError)."""


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
    """An application breaks one or more rules; `failures` lists one sentence per rule (a
    `rules.Failure`, which names the form field it concerns)."""

    def __init__(self, failures: Sequence[str]) -> None:
        super().__init__(" ".join(failures))
        self.failures: list[str] = list(failures)


class InvalidTransition(FundError):
    """The application is not in a state that allows this step (perhaps someone was faster)."""


class JuryError(FundError):
    """A jury vote or jury decision that the rules do not allow."""


class PayoutError(FundError):
    """A payout the schedule or the open commitment does not allow."""


class VotingError(FundError):
    """A vote-related rule was broken; `str(error)` is the German sentence shown to people."""


class VotingClosed(VotingError):
    pass


class AlreadyVoted(VotingError):
    pass


class UnknownVoter(VotingError):
    pass


class InvalidBallot(VotingError):
    pass


class RulesFrozen(VotingError):
    pass


class NotCountable(VotingError):
    pass


class TooManyLinkRequests(VotingError):
    """One client asked for more voting links than a person plausibly needs."""


class AwardsExceedBudget(VotingError):
    """Counting a vote or an assembly would promise more than a category has; nothing booked."""

    def __init__(self, message: str, *, available_cents: int, needed_cents: int) -> None:
        super().__init__(message)
        self.available_cents = available_cents
        self.needed_cents = needed_cents
