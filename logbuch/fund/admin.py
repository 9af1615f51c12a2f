"""Installation admin for the fund: read-mostly. Money moves only through services, so the
ledger, payouts and votes are shown but cannot be added, changed or deleted here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Application,
    Category,
    Decision,
    Fund,
    FundSource,
    LedgerEntry,
    Payout,
    ProofOfUse,
    PublicVote,
    PublicVoter,
    RepaymentClaim,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin[Fund]):
    list_display = ["name", "town", "year", "is_open"]
    list_filter = ["town", "year"]
    search_fields = ["name"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name", "fund", "max_amount_cents", "own_share_percent"]
    list_filter = ["town"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["title", "town", "fund", "status", "requested_cents", "approved_cents"]
    list_filter = ["town", "status"]
    search_fields = ["title", "organisation_name"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "town", "fund", "category", "kind", "amount_cents", "reason"]
    list_filter = ["town", "kind"]


@admin.register(FundSource, Decision, Payout, ProofOfUse, RepaymentClaim)
class FundRecordAdmin(ReadOnlyAdmin):
    list_filter = ["town"]


@admin.register(PublicVoter, PublicVote)
class VoteAdmin(ReadOnlyAdmin):
    """Counts only; voters and votes are never listed side by side."""

    list_display = ["__str__", "town"]
    list_filter = ["town"]
