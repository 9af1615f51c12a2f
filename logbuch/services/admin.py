"""Installation admin for the Daseinsvorsorge: look-up only; changes go through the town pages."""

from __future__ import annotations

from django.contrib import admin

from .models import Responsibility, Service, Shift, ShiftPlan


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "town", "kind", "status"]
    list_filter = ["town", "kind", "status"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin[Responsibility]):
    list_display = ["title", "area", "service", "town", "holder", "deputy"]
    list_filter = ["town"]


@admin.register(ShiftPlan)
class ShiftPlanAdmin(admin.ModelAdmin[ShiftPlan]):
    list_display = ["title", "service", "rule", "start_time", "end_time"]
    list_filter = ["town"]


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin[Shift]):
    list_display = ["service", "starts_at", "ends_at", "min_people", "max_people"]
    list_filter = ["town"]
    date_hierarchy = "starts_at"
