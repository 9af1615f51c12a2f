"""Kummerkasten views: submit and follow (anyone, no account), triage (coordinator, assignee)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Substr
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on, render_list
from logbuch.core.status import tone_of
from logbuch.towns.access import get_in_town_or_404, members_only, public
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator
from logbuch.towns.models import Town

from .. import selectors
from ..forms import (
    AnswerForm,
    AssignForm,
    ConcernFilterForm,
    ConcernForm,
    MergeForm,
    PublishForm,
    ReplyForm,
    StatusForm,
    TrackForm,
    started_token,
)
from ..models import OPEN_STATUSES, Concern, ConcernCategory, ConcernKind, ConcernStatus
from ..services import concerns as services
from ..services.office import office_for
from ..status import CONCERN_PHASES
from .helpers import allowed, private_file, to

logger = logging.getLogger("logbuch.desk")

SUBMITS_PER_HOUR = 10
LOOKUPS_PER_HOUR = 30
CONCERNS_PER_PAGE = 25


@public
def concern_new(request: TownRequest) -> HttpResponse:
    town = request.town
    user = request.user if request.user.is_authenticated else None
    form = ConcernForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        if not allowed(request, "submit", SUBMITS_PER_HOUR):
            form.add_error(
                None,
                _(
                    "Von hier kamen in der letzten Stunde sehr viele Anliegen. "
                    "Bitte versuchen Sie es später noch einmal; Ihr Text bleibt hier stehen."
                ),
            )
        else:
            data = form.cleaned_data
            _concern, code = services.concern_submit(
                town=town,
                kind=data["kind"],
                category=data["category"],
                text=data["text"],
                place=data["place"],
                photo=data["photo"],
                anonymous=data["anonymous"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                user=user,
            )
            return to("concern_track", town, code=code)
    status = 400 if form.errors else 200
    return render(
        request,
        "desk/concern_form.html",
        {"form": form, "started": started_token()},
        status=status,
    )


def _not_found(request: TownRequest, form: TrackForm | None = None) -> HttpResponse:
    """The same neutral answer for a wrong, malformed, other town's or rate-limited code."""
    return render(
        request,
        "desk/concern_track_form.html",
        {"form": form or TrackForm(), "not_found": True},
        status=404,
    )


@public
def concern_track_form(request: TownRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = services.tracking_code_normalise(form.cleaned_data["code"])
        if not allowed(request, "track", LOOKUPS_PER_HOUR):
            return _not_found(request, form)
        if services.concern_for_code(town=request.town, code=code) is None:
            return _not_found(request, form)
        return to("concern_track", request.town, code=code)
    return render(request, "desk/concern_track_form.html", {"form": form})


def _tracked(request: TownRequest, code: str) -> Concern | None:
    if not allowed(request, "track", LOOKUPS_PER_HOUR):
        return None
    return services.concern_for_code(town=request.town, code=code)


@public
def concern_track(request: TownRequest, code: str) -> HttpResponse:
    """Status, public and private answers, and a reply form: the code is the key."""
    concern = _tracked(request, code)
    if concern is None:
        return _not_found(request)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.concern_reply(concern=concern, text=form.cleaned_data["text"])
        messages.success(request, _("Danke, Ihre Rückmeldung ist angekommen."))
        return to("concern_track", request.town, code=code)
    target = concern.merged_into if concern.status == ConcernStatus.MERGED else None
    return render(
        request,
        "desk/concern_track.html",
        {
            "concern": concern,
            "code": code,
            "thread": concern.messages.all(),
            "form": form,
            "merged_into": target,
        },
        status=400 if form.errors else 200,
    )


@public
def concern_track_photo(request: TownRequest, code: str) -> HttpResponseBase:
    concern = _tracked(request, code)
    if concern is None or not concern.photo:
        return _not_found(request)
    return private_file(concern.photo.name or "")


# --- triage: the coordinator and the person the concern was handed to ---------------------------


def _visible_concern(request: MemberRequest, pk: int) -> Concern:
    concern: Concern = get_in_town_or_404(
        Concern.objects.select_related("assignee"), request.town, pk=pk
    )
    if not (is_coordinator(request.roles) or concern.assignee_id == request.user.pk):
        raise PermissionDenied
    return concern


@members_only
def concern_list(request: MemberRequest) -> HttpResponse:
    """Coordinators see every concern; others see the ones handed to them."""
    town = request.town
    office = office_for(town) if is_coordinator(request.roles) else None
    days = office.first_answer_days if office else 7
    concerns = selectors.concern_list(town, first_answer_days=days)
    if not is_coordinator(request.roles):
        concerns = concerns.filter(assignee=request.user)
    form = ConcernFilterForm(request.GET or None)
    if form.is_valid():
        stand = form.cleaned_data["stand"]
        if stand == "offen":
            concerns = concerns.filter(status__in=OPEN_STATUSES)
        elif stand:
            concerns = concerns.filter(status=stand)
        if form.cleaned_data["thema"]:
            concerns = concerns.filter(category=form.cleaned_data["thema"])
    if request.GET.get("ueberfaellig"):
        concerns = concerns.filter(overdue=True)  # type: ignore[misc]
    rows = concerns.order_by("-created_at", "-pk").values(  # type: ignore[misc]
        "pk", "kind", "category", "status", "created_at", "overdue", "assignee__name",
        short_text=Substr("text", 1, LIST_TEXT_CHARS + 1),
    )  # fmt: skip
    page = Paginator(rows, CONCERNS_PER_PAGE).get_page(request.GET.get("seite"))
    page.object_list = _list_rows(town, list(page.object_list))
    return render_list(
        request,
        "desk/concern_list.html",
        {
            "page": page,
            "filter_form": form,
            "filtered": form.has_changed() or bool(request.GET.get("ueberfaellig")),
        },
    )


LIST_TEXT_CHARS = 70
# Far outside any real key, so replacing it in one reversed address gives every row's address.
_PK_MARK = 987654321


def _list_rows(town: Town, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds what the table shows to each values() row: labels translated once per request, one
    reverse() for all addresses, the badge's tone; no per-row template include or gettext."""
    kinds = {value: str(label) for value, label in ConcernKind.choices}
    categories = {value: str(label) for value, label in ConcernCategory.choices}
    statuses = {value: str(label) for value, label in ConcernStatus.choices}
    detail = reverse("desk:concern_detail", kwargs={"town_slug": town.slug, "pk": _PK_MARK})
    before, after = detail.split(str(_PK_MARK))
    tz = timezone.get_current_timezone()
    for row in rows:
        row["url"] = f"{before}{row['pk']}{after}"
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["category_label"] = categories.get(row["category"], row["category"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["tone"] = tone_of(CONCERN_PHASES[row["status"]])
        row["text"] = Truncator(row.pop("short_text")).chars(LIST_TEXT_CHARS)
        row["received"] = row["created_at"].astimezone(tz).strftime("%d.%m.%Y")
    return rows


@members_only
def concern_detail(request: MemberRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    return _detail_page(request, concern)


def _detail_page(
    request: MemberRequest, concern: Concern, status: int = 200, **forms: object
) -> HttpResponse:
    town = request.town
    coordinator = is_coordinator(request.roles)
    context = {
        "concern": concern,
        "thread": concern.messages.select_related("author"),
        "duplicates": concern.duplicates.all(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "status_form": forms.get("status_form")
        or StatusForm(initial={"status": concern.status, "reason": concern.status_reason}),
        "publish_form": forms.get("publish_form")
        or PublishForm(
            initial={"public_title": concern.public_title, "is_public": concern.is_public}
        ),
        "is_coordinator": coordinator,
    }
    if coordinator:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            town=town, initial={"assignee": concern.assignee_id}
        )
        context["merge_form"] = forms.get("merge_form") or MergeForm()
    return render(request, "desk/concern_detail.html", context, status=status)


@members_only
def concern_photo(request: MemberRequest, pk: int) -> HttpResponseBase:
    concern = _visible_concern(request, pk)
    return private_file(concern.photo.name or "")


def _concern_action(
    request: MemberRequest, concern: Concern, key: str, form: BaseForm, act: Callable[[], str]
) -> HttpResponse:
    """One form of the concern page: back to the page with `act`'s message, or the page again
    (400) with the form, its errors and the service's refusal."""
    if form.is_valid():
        with refusal_on(form):
            messages.success(request, act())
            return to("concern_detail", request.town, pk=concern.pk)
    return _detail_page(request, concern, status=400, **{key: form})


@members_only
@require_POST
def concern_assign(request: MemberRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    if not is_coordinator(request.roles):
        raise PermissionDenied
    form = AssignForm(request.POST, town=request.town)

    def act() -> str:
        assignee = form.cleaned_data["assignee"]
        services.concern_assign(concern=concern, assignee=assignee, actor=request.user)
        return _("Weitergegeben an %(name)s.") % {"name": assignee.name}

    return _concern_action(request, concern, "assign_form", form, act)


@members_only
@require_POST
def concern_answer(request: MemberRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    form = AnswerForm(request.POST)

    def act() -> str:
        services.concern_answer(
            concern=concern,
            author=request.user,
            text=form.cleaned_data["text"],
            public=form.cleaned_data["public"],
        )
        return _("Ihre Antwort ist gespeichert.")

    return _concern_action(request, concern, "answer_form", form, act)


@members_only
@require_POST
def concern_status(request: MemberRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    form = StatusForm(request.POST)

    def act() -> str:
        services.concern_set_status(
            concern=concern,
            status=ConcernStatus(form.cleaned_data["status"]),
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        return _("Der Stand ist geändert.")

    return _concern_action(request, concern, "status_form", form, act)


@members_only
@require_POST
def concern_publish(request: MemberRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    form = PublishForm(request.POST)

    def act() -> str:
        services.concern_publish(
            concern=concern,
            public_title=form.cleaned_data["public_title"],
            public=form.cleaned_data["is_public"],
            actor=request.user,
        )
        return _("Gespeichert.")

    return _concern_action(request, concern, "publish_form", form, act)


@members_only
@require_POST
def concern_merge(request: MemberRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    if not is_coordinator(request.roles):
        raise PermissionDenied
    form = MergeForm(request.POST)
    if form.is_valid():
        target = (
            Concern.objects.in_town(request.town)
            .filter(~Q(status=ConcernStatus.MERGED), pk=form.cleaned_data["target"])
            .first()
        )
        if target is None:
            form.add_error(
                "target", _("Ein offenes Anliegen mit dieser Nummer gibt es hier nicht.")
            )
        else:
            with refusal_on(form):
                services.concern_merge(duplicate=concern, target=target, actor=request.user)
                messages.success(
                    request, _("Zusammengeführt. Beide Einreichenden werden informiert.")
                )
                return to("concern_detail", request.town, pk=target.pk)
    return _detail_page(request, concern, status=400, merge_form=form)
