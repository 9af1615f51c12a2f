from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models

from logbuch.core.forms import NormalizedEmailField

from .models import AuditEntry, Invitation, Membership, Town, User


@admin.register(Town)
class TownAdmin(admin.ModelAdmin[Town]):
    list_display = ["name", "slug", "bundesland", "population"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    # Addresses are stored normalised (towns_user_email_normalized); the admin form does it.
    formfield_overrides = {models.EmailField: {"form_class": NormalizedEmailField}}
    ordering = ["name"]
    list_display = ["name", "email", "is_active", "is_staff"]
    search_fields = ["name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password", "language"]}),
        ("Rechte", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]
    filter_horizontal = ()
    list_filter = ["is_active", "is_staff"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "town", "role"]
    list_filter = ["town", "role"]
    list_select_related = ["user", "town"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "town", "expires_at", "used_at"]
    list_filter = ["town"]
    exclude = ["token_hash"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["created_at", "town", "actor", "action", "target"]
    list_filter = ["town", "action"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
