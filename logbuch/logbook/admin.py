"""Installation admin: the shared catalogue is read here; town data is managed in the app."""

from __future__ import annotations

from django.contrib import admin

from .models import Area, CatalogueVersion, Lever, Recommendation, Round


class AreaInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Area
    extra = 0


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "slug", "published_on", "is_current"]
    inlines = [AreaInline]


@admin.register(Lever)
class LeverAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "title", "area", "town", "archived_at"]
    list_filter = ["area__version", "area"]
    search_fields = ["title", "question", "code"]
    list_select_related = ["area", "town"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "version", "position"]
    filter_horizontal = ["levers"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only overview; answers are never shown here (anonymity, small groups)."""

    list_display = ["title", "town", "status", "starts_on", "ends_on", "anonymous"]
    list_filter = ["status", "anonymous", "town"]
    list_select_related = ["town"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
