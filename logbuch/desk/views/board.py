"""Austauschort (Biete/Suche): read and write to an author (anyone), post (members),
report abuse (anyone), hide and restore (coordinator)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.shortcuts import refusal_on, render_list
from logbuch.towns.access import coordinator_only, get_in_town_or_404, members_only, public
from logbuch.towns.http import MemberRequest, TownRequest, is_coordinator

from ..board import board_list, board_matches
from ..forms import BoardFilterForm, BoardPostForm, RelayForm, ReportForm, started_token
from ..models import BoardPost, BoardReport, BoardStatus
from ..services import board as services
from .helpers import allowed, to

POSTS_PER_PAGE = 20
RELAYS_PER_HOUR = 10
REPORTS_PER_HOUR = 10


@public
def board(request: TownRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    posts = board_list(
        request.town,
        kind=filters.get("art", ""),
        category=filters.get("bereich", ""),
        search=filters.get("suche", ""),
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("seite"))
    return render_list(
        request,
        "desk/board.html",
        {"page": page, "filter_form": form, "filtered": any(filters.values())},
    )


@members_only
def board_new(request: MemberRequest) -> HttpResponse:
    form = BoardPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = services.board_post_create(
            town=request.town, author=request.user, **form.cleaned_data
        )
        messages.success(request, _("Ihr Eintrag steht jetzt in Biete/Suche."))
        return to("board_post", request.town, pk=post.pk)
    return render(
        request, "desk/board_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _post(request: TownRequest, pk: int) -> BoardPost:
    """A visible post; a hidden, closed or expired one only for its author and coordinators."""
    post: BoardPost = get_in_town_or_404(
        BoardPost.objects.select_related("author"), request.town, pk=pk
    )
    if services.board_post_visible(post):
        return post
    user = request.user
    if user.is_authenticated and (post.author_id == user.pk or is_coordinator(request.roles)):
        return post
    raise Http404


def _post_page(
    request: TownRequest, post: BoardPost, status: int = 200, **forms: object
) -> HttpResponse:
    return render(
        request,
        "desk/board_post.html",
        {
            "post": post,
            "visible": services.board_post_visible(post),
            "is_author": request.user.is_authenticated and post.author_id == request.user.pk,
            "matches": board_matches(post),
            "form": forms.get("form") or RelayForm(),
            "report_form": forms.get("report_form") or ReportForm(),
            "started": started_token(),
        },
        status=status,
    )


def _post_form(
    request: TownRequest,
    post: BoardPost,
    key: str,
    form: BaseForm,
    *,
    bucket: str,
    limit: int,
    too_many: str,
    act: Callable[[], str],
) -> HttpResponse:
    """A form anyone may send from the post page, `limit` an hour per client: back to the
    post with `act`'s message, or the page again (400) with the form and the refusal."""
    if form.is_valid():
        if not allowed(request, bucket, limit):
            form.add_error(None, too_many)
        else:
            with refusal_on(form):
                messages.success(request, act())
                return to("board_post", request.town, pk=post.pk)
    return _post_page(request, post, status=400, **{key: form})


@public
def board_post(request: TownRequest, pk: int) -> HttpResponse:
    """The post, suggested matches, and the relay form (the author's address is never shown)."""
    post = _post(request, pk)
    if request.method != "POST":
        return _post_page(request, post)
    form = RelayForm(request.POST)

    def act() -> str:
        services.board_contact(
            post=post, **{k: form.cleaned_data[k] for k in ("name", "email", "text")}
        )
        return _("Ihre Nachricht ist unterwegs.")

    return _post_form(
        request,
        post,
        "form",
        form,
        bucket="board_relay",
        limit=RELAYS_PER_HOUR,
        too_many=_("Von hier kamen sehr viele Nachrichten. Bitte später noch einmal."),
        act=act,
    )


@public
@require_POST
def board_report(request: TownRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    form = ReportForm(request.POST)

    def act() -> str:
        services.board_report(post=post, reason=form.cleaned_data["reason"])
        return _("Danke für den Hinweis. Die Koordinierungsstelle sieht ihn sich an.")

    return _post_form(
        request,
        post,
        "report_form",
        form,
        bucket="board_report",
        limit=REPORTS_PER_HOUR,
        too_many=_("Von hier kamen sehr viele Hinweise. Bitte später noch einmal."),
        act=act,
    )


@members_only
@require_POST
def board_close(request: MemberRequest, pk: int) -> HttpResponse:
    post = get_in_town_or_404(BoardPost, request.town, pk=pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied
    with refusal_on(request):
        services.board_post_close(post=post, actor=request.user)
        messages.success(request, _("Der Eintrag ist als erledigt markiert."))
    return to("board", request.town)


@coordinator_only
def board_moderation(request: MemberRequest) -> HttpResponse:
    """Posts with open reports first, then hidden posts (to restore)."""
    open_reports = Count("reports", filter=Q(reports__outcome=BoardReport.Outcome.OPEN))
    posts = (
        BoardPost.objects.in_town(request.town)
        .annotate(open_reports=open_reports)
        .filter(Q(open_reports__gt=0) | Q(status=BoardStatus.HIDDEN))
        .order_by("-open_reports", "-created_at", "-pk")
        .prefetch_related("reports")
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "desk/board_moderation.html", {"page": page})


def _moderated(
    request: MemberRequest, pk: int, act: Callable[[BoardPost], object], done: str
) -> HttpResponse:
    post = get_in_town_or_404(BoardPost, request.town, pk=pk)
    with refusal_on(request):
        act(post)
        messages.success(request, done)
    return to("board_moderation", request.town)


@coordinator_only
@require_POST
def board_hide(request: MemberRequest, pk: int) -> HttpResponse:
    return _moderated(
        request,
        pk,
        lambda post: services.board_post_hide(post=post, actor=request.user),
        _("Der Eintrag ist ausgeblendet."),
    )


@coordinator_only
@require_POST
def board_restore(request: MemberRequest, pk: int) -> HttpResponse:
    return _moderated(
        request,
        pk,
        lambda post: services.board_post_restore(post=post, actor=request.user),
        _("Der Eintrag ist wieder sichtbar."),
    )


@coordinator_only
@require_POST
def board_keep(request: MemberRequest, pk: int) -> HttpResponse:
    """The reports are unfounded: they are closed and the entry stays."""
    return _moderated(
        request,
        pk,
        lambda post: services.board_reports_dismiss(post=post, actor=request.user),
        _("Die Hinweise sind erledigt; der Eintrag bleibt."),
    )
