"""What each fund status means (`logbuch.core.status.Phase`), which fixes its badge colour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from logbuch.core.status import Phase

from .models import ApplicationStatus, PublicVoting, RepaymentClaim

APPLICATION_PHASES: Final[Mapping[str, Phase]] = {
    ApplicationStatus.DRAFT: Phase.DRAFT,
    ApplicationStatus.SUBMITTED: Phase.SUBMITTED,
    ApplicationStatus.IN_REVIEW: Phase.IN_REVIEW,
    ApplicationStatus.QUESTION: Phase.IN_REVIEW,
    ApplicationStatus.VOTING: Phase.IN_REVIEW,
    ApplicationStatus.APPROVED: Phase.APPROVED,
    ApplicationStatus.REJECTED: Phase.REJECTED,
    ApplicationStatus.PAID: Phase.APPROVED,
    ApplicationStatus.PROOF_SUBMITTED: Phase.SUBMITTED,
    ApplicationStatus.PROOF_CHECKED: Phase.DONE,
    ApplicationStatus.CLOSED: Phase.CLOSED,
}

VOTING_PHASES: Final[Mapping[str, Phase]] = {
    PublicVoting.Status.PREPARED: Phase.DRAFT,
    PublicVoting.Status.OPEN: Phase.OPEN,
    PublicVoting.Status.CLOSED: Phase.CLOSED,
    PublicVoting.Status.COUNTED: Phase.DONE,
}

REPAYMENT_PHASES: Final[Mapping[str, Phase]] = {
    RepaymentClaim.Status.OPEN: Phase.OVERDUE,
    RepaymentClaim.Status.PAID: Phase.DONE,
}
