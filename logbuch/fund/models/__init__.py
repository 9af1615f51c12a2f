"""Mitmach-Fonds: funds, categories with their rules, calls, applications, decisions, payouts,
proofs of use, repayment claims, public and assembly votes, and the append-only ledger.

Money is always integer cents. The ledger (`LedgerEntry`) is the single source of truth for
what a fund has, has promised and has paid; its rows are never updated or deleted (database
triggers, see migration 0002). One module per topic; everything is importable from here.
"""

from .applications import (
    ATTACHMENT_EXTENSIONS,
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
    Attachment,
    CostItem,
    Question,
    attachment_path,
    is_published,
    publishable_condition,
)
from .decisions import (
    Decision,
    DecisionOutcome,
    JuryConflict,
    JuryMember,
    JuryVote,
)
from .funds import (
    ApplicantType,
    Call,
    Category,
    CostType,
    DecisionMode,
    Fund,
    FundSource,
    JuryMajority,
    PayoutSchedule,
    ProofDeadlineKind,
)
from .payouts import (
    BucketTotal,
    LedgerEntry,
    LedgerKind,
    NotificationSent,
    Payout,
    PayoutKind,
    ProofOfUse,
    RepaymentClaim,
    RepaymentStatus,
)
from .voting import (
    AssemblyResult,
    AssemblyVote,
    PublicVote,
    PublicVoteOption,
    PublicVoter,
    PublicVoting,
)

__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "ApplicantType",
    "Application",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "AssemblyResult",
    "AssemblyVote",
    "Attachment",
    "BucketTotal",
    "Call",
    "Category",
    "CostItem",
    "CostType",
    "Decision",
    "DecisionMode",
    "DecisionOutcome",
    "Fund",
    "FundSource",
    "JuryConflict",
    "JuryMajority",
    "JuryMember",
    "JuryVote",
    "LedgerEntry",
    "LedgerKind",
    "NotificationSent",
    "Payout",
    "PayoutKind",
    "PayoutSchedule",
    "ProofDeadlineKind",
    "ProofOfUse",
    "PublicVote",
    "PublicVoteOption",
    "PublicVoter",
    "PublicVoting",
    "Question",
    "RepaymentClaim",
    "RepaymentStatus",
    "attachment_path",
    "is_published",
    "publishable_condition",
]
