"""Views for everyone (transparency, Werkschau, voting) and the coordinator's vote tools and the
yearly report. Thin: parse a form, call a service, render or redirect.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.caching import client_key
from logbuch.core.exports import neutralise, render_pdf
from logbuch.core.forms import Form
from logbuch.towns.access import coordinator_only, get_in_town_or_404, public, roles_required
from logbuch.towns.models import Role, Town, User

from . import reports, selectors, services_voting
from .errors import FundError
from .forms import ApplicationListField
from .models import (
    Application,
    ApplicationStatus,
    AssemblyVote,
    Category,
    Fund,
    PublicVoteOption,
    PublicVoter,
    PublicVoting,
    is_published,
)
from .money import euro, parse_euro
from .voting import InvalidBallot, TooManyLinkRequests, VotingError, code_hash

REPORT_ROLES = (Role.COORDINATOR, Role.TOWN_ADMIN, Role.COUNCIL, Role.STAFF)
SHORTLIST_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
PUBLIC_CACHE_SECONDS = 60


def _town(request: HttpRequest) -> Town:
    return request.town  # type: ignore[attr-defined,no-any-return]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _url(name: str, town: Town, **kwargs: Any) -> str:
    return reverse(f"fund:{name}", kwargs={"town_slug": town.slug, **kwargs})


# --- forms -----------------------------------------------------------------------------------


class EuroField(forms.CharField):
    """German amount ("1.500", "1500,50 €") in, integer cents out."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            cents = parse_euro(text)
        except ValueError as exc:
            raise ValidationError(_("Bitte einen Betrag in Euro angeben, z. B. 1.500,00.")) from exc
        if cents <= 0:
            raise ValidationError(_("Der Betrag muss größer als 0 € sein."))
        return cents


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EmailLinkForm(Form):
    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        help_text=gettext_lazy(
            "Sie bekommen einen Link zum Abstimmen. Die Adresse speichern wir nicht."
        ),
    )


class CodeForm(Form):
    code = forms.CharField(
        label=gettext_lazy("Ihr Code vom Stimmzettel"),
        max_length=20,
        help_text=gettext_lazy("Zum Beispiel KX7P-MN3A-QR. Groß- und Kleinschreibung ist egal."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class BallotForm(Form):
    """One field per application on the list: a checkbox, or a number when votes cumulate."""

    token = forms.CharField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, voting: PublicVoting, options: list[PublicVoteOption], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.voting = voting
        self.options = options
        for option in options:
            title = (
                option.application.title
                if getattr(option, "published", False)
                else _("Antrag ohne Veröffentlichung")
            )
            label = f"{title} ({euro(option.application.requested_cents)})"
            if voting.allow_cumulation:
                self.fields[f"option_{option.pk}"] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=voting.votes_per_voter,
                    required=False,
                    initial=0,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
            else:
                self.fields[f"option_{option.pk}"] = forms.BooleanField(label=label, required=False)

    def choices(self) -> dict[int, int]:
        return {
            option.pk: int(self.cleaned_data.get(f"option_{option.pk}") or 0)
            for option in self.options
        }

    def option_fields(self) -> list[tuple[PublicVoteOption, forms.BoundField]]:
        return [(option, self[f"option_{option.pk}"]) for option in self.options]


class VotingForm(Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=150)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Förderbereich (aus ihm wird gezahlt)"),
        queryset=Category.objects.none(),
    )
    opens_at = forms.DateTimeField(label=gettext_lazy("Beginn"), widget=_datetime_widget())
    closes_at = forms.DateTimeField(label=gettext_lazy("Ende"), widget=_datetime_widget())
    budget = EuroField(label=gettext_lazy("Budget der Abstimmung in Euro"))
    votes_per_voter = forms.IntegerField(
        label=gettext_lazy("Stimmen je Person"), min_value=1, max_value=20, initial=3
    )
    allow_cumulation = forms.BooleanField(
        label=gettext_lazy("Stimmen häufeln erlaubt (mehrere Stimmen für einen Antrag)"),
        required=False,
    )
    shortfall_rule = forms.ChoiceField(
        label=gettext_lazy("Wenn das Geld für den nächsten Antrag nicht reicht"),
        choices=PublicVoting.Shortfall.choices,
        initial=PublicVoting.Shortfall.REDUCE_LAST,
    )
    applications = ApplicationListField(label=gettext_lazy("Anträge auf der Liste"))

    def __init__(self, *args: Any, fund: Fund, voting: PublicVoting | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["category"].queryset = Category.objects.in_town(fund.town).filter(fund=fund)  # type: ignore[attr-defined]
        # A public vote shows its list to everyone: only applications that may be named.
        listed = Application.objects.publishable().in_town(fund.town).filter(fund=fund)
        if voting is None:
            listed = listed.filter(status__in=SHORTLIST_STATUSES)
        else:
            # A vote pays from its category: only that category's applications can be listed.
            listed = listed.filter(
                category_id=voting.category_id,
                status__in=(*SHORTLIST_STATUSES, ApplicationStatus.VOTING),
            )
        self.fields["applications"].queryset = listed.order_by("title")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Das Ende muss nach dem Beginn liegen."))
        return data


class CodesForm(Form):
    count = forms.IntegerField(
        label=gettext_lazy("Wie viele Codes?"),
        min_value=1,
        max_value=services_voting.MAX_CODES_PER_BATCH,
        initial=100,
    )


class AssemblyForm(Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Förderbereich (aus ihm wird gezahlt)"), queryset=Category.objects.none()
    )
    held_on = forms.DateField(
        label=gettext_lazy("Datum der Versammlung"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=gettext_lazy("Ort"), max_length=150, required=False)
    attendees = forms.IntegerField(label=gettext_lazy("Anwesende"), min_value=0, initial=0)
    budget = EuroField(label=gettext_lazy("Budget der Versammlung in Euro"))
    minutes = forms.CharField(label=gettext_lazy("Protokoll"), widget=forms.Textarea)

    def __init__(self, *args: Any, fund: Fund, applications: list[Application], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["category"].queryset = Category.objects.in_town(fund.town).filter(fund=fund)  # type: ignore[attr-defined]
        self.applications = applications
        for app in applications:
            self.fields[f"yes_{app.pk}"] = forms.IntegerField(
                label=_("Ja-Stimmen: %(title)s") % {"title": app.title},
                min_value=0,
                required=False,
            )
            self.fields[f"no_{app.pk}"] = forms.IntegerField(
                label=_("Nein-Stimmen: %(title)s") % {"title": app.title},
                min_value=0,
                required=False,
            )

    def lines(self) -> list[services_voting.AssemblyLine]:
        lines = []
        for app in self.applications:
            yes = self.cleaned_data.get(f"yes_{app.pk}")
            no = self.cleaned_data.get(f"no_{app.pk}")
            if yes is None and no is None:
                continue
            lines.append(
                services_voting.AssemblyLine(application=app, votes_yes=yes or 0, votes_no=no or 0)
            )
        return lines

    def general_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("category", "held_on", "place", "attendees", "budget", "minutes")
        ]

    def vote_rows(self) -> list[tuple[Application, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"yes_{a.pk}"], self[f"no_{a.pk}"]) for a in self.applications]


# --- transparency (no login) -----------------------------------------------------------------


def _fund(request: HttpRequest, fund_id: int) -> Fund:
    return get_in_town_or_404(Fund, _town(request), pk=fund_id)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("seite", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@public
def fund_public(request: HttpRequest, fund_id: int) -> HttpResponse:
    """The fund's public page. Its body is the same for everyone, so it is cached for
    PUBLIC_CACHE_SECONDS: figures may lag behind by up to a minute."""
    fund = _fund(request, fund_id)
    number = _page_number(request)

    def context() -> dict[str, Any]:
        summary = reports.fund_public_page(fund=fund, page_number=number)
        return {"summary": summary, "page": summary.projects}

    body = _cached_body(
        request, f"fund-public:{fund.pk}:{number}", "fund/public/_fund_public_body.html", context
    )
    return render(request, "fund/public/fund_public.html", {"fund": fund, "body": body})


def _open_data(fund: Fund) -> dict[str, Any]:
    """Open data of a fund, cached like the public page (plain values only)."""
    key = f"fund-open-data:{fund.pk}"
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        data = reports.open_data(fund=fund)
        cache.set(key, data, PUBLIC_CACHE_SECONDS)
    return data


@public
def fund_open_data_json(request: HttpRequest, fund_id: int) -> HttpResponse:
    data = _open_data(_fund(request, fund_id))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
def fund_open_data_csv(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = _fund(request, fund_id)
    data = _open_data(fund)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(reports.OPEN_DATA_FIELDS)
    for row in data["projekte"]:
        writer.writerow([neutralise(row[key]) for key in reports.OPEN_DATA_FIELDS])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fonds-{fund.pk}-{fund.year}.csv"'
    return response


def _cached_body(
    request: HttpRequest, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> str:
    """A public page body that is the same for everyone, cached for PUBLIC_CACHE_SECONDS."""
    full_key = f"{key}:{get_language()}"
    body: str | None = cache.get(full_key)
    if body is None:
        body = render_to_string(template, context(), request=request)
        cache.set(full_key, body, PUBLIC_CACHE_SECONDS)
    return body


@public
def showcase(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    number = _page_number(request)

    def context() -> dict[str, Any]:
        return {"page": Paginator(reports.showcase(town=town), 24).get_page(number)}

    body = _cached_body(
        request, f"fund-showcase:{town.pk}:{number}", "fund/public/_showcase_body.html", context
    )
    return render(request, "fund/public/showcase.html", {"body": body})


@public
def public_photo(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = reports.public_photo(town=_town(request), attachment_id=attachment_id)
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


# --- public vote (no login) ------------------------------------------------------------------


def _voting(request: HttpRequest, voting_id: int) -> PublicVoting:
    town = _town(request)
    qs: QuerySet[PublicVoting] = PublicVoting.objects.select_related("fund", "category")
    voting = get_in_town_or_404(qs, town, pk=voting_id)
    # The row is the request town's (checked above): share its Town instead of loading the
    # same row again on every `voting.town` / `voting.fund.town`.
    voting.town = town
    if voting.fund.town_id == town.pk:
        voting.fund.town = town
    return voting


def _options(voting: PublicVoting) -> list[PublicVoteOption]:
    return list(
        PublicVoteOption.objects.in_town(voting.town)
        .filter(voting=voting)
        .select_related("application")
        .annotate(published=is_published())
        .order_by("rank", "application__title", "pk")
    )


def _voting_page(
    request: HttpRequest, voting: PublicVoting, *, status: int = 200, **extra: Any
) -> HttpResponse:
    now = timezone.now()
    context = {
        "voting": voting,
        "options": _options(voting),
        "is_open": voting.status in {PublicVoting.Status.PREPARED, PublicVoting.Status.OPEN}
        and voting.opens_at <= now < voting.closes_at,
        "counted": voting.status == PublicVoting.Status.COUNTED,
        "email_form": extra.pop("email_form", EmailLinkForm()),
        "code_form": extra.pop("code_form", CodeForm()),
        **extra,
    }
    return render(request, "fund/vote/voting_detail.html", context, status=status)


@public
def voting_detail(request: HttpRequest, voting_id: int) -> HttpResponse:
    voting = _voting(request, voting_id)
    if voting.status != PublicVoting.Status.COUNTED:
        return _voting_page(request, voting)
    # A counted vote does not change any more: its result page is cached like the fund page.
    body = _cached_body(
        request,
        f"fund-vote:{voting.pk}",
        "fund/vote/_voting_body.html",
        lambda: {"voting": voting, "options": _options(voting), "counted": True},
    )
    return render(request, "fund/vote/voting_detail.html", {"voting": voting, "body": body})


@public
@require_POST
def voting_request_link(request: HttpRequest, voting_id: int) -> HttpResponse:
    voting = _voting(request, voting_id)
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        return _voting_page(request, voting, email_form=form, status=400)
    placeholder = "TOKEN"
    link = request.build_absolute_uri(
        _url("ballot", voting.town, voting_id=voting.pk, token=placeholder)
    ).replace(placeholder, "{token}")
    try:
        services_voting.voter_request_link(
            voting=voting,
            email=form.cleaned_data["email"],
            link_for=link,
            client=client_key(request),
        )
    except TooManyLinkRequests as error:
        form.add_error(None, error.message)
        return _voting_page(request, voting, email_form=form, status=429)
    except VotingError as error:
        form.add_error(None, error.message)
        return _voting_page(request, voting, email_form=form, status=400)
    return render(request, "fund/vote/link_sent.html", {"voting": voting})


def _ballot_page(
    request: HttpRequest, voting: PublicVoting, form: BallotForm, *, status: int = 200
) -> HttpResponse:
    return render(request, "fund/vote/ballot.html", {"voting": voting, "form": form}, status=status)


@public
@require_POST
def voting_code(request: HttpRequest, voting_id: int) -> HttpResponse:
    """Step 1 with a paper code: check the code, then show the ballot."""
    voting = _voting(request, voting_id)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _voting_page(request, voting, code_form=form, status=400)
    credential = services_voting.Credential(code=form.cleaned_data["code"])
    try:
        services_voting.check_open(voting)
        services_voting.voter_find(voting=voting, credential=credential)
    except VotingError as error:
        form.add_error("code", error.message)
        return _voting_page(request, voting, code_form=form, status=400)
    ballot = BallotForm(
        voting=voting, options=_options(voting), initial={"code": form.cleaned_data["code"]}
    )
    return _ballot_page(request, voting, ballot)


@public
def ballot(request: HttpRequest, voting_id: int, token: str) -> HttpResponse:
    """The ballot behind an email link (GET shows it; casting goes to `voting_cast`)."""
    voting = _voting(request, voting_id)
    try:
        services_voting.check_open(voting)
        services_voting.voter_find(
            voting=voting, credential=services_voting.Credential(token=token)
        )
    except VotingError as error:
        return _voting_page(request, voting, problem=error.message, status=400)
    form = BallotForm(voting=voting, options=_options(voting), initial={"token": token})
    return _ballot_page(request, voting, form)


def _posted_choices(post: Any) -> dict[int, int]:
    """option_<id> fields of a ballot: "on" (a cross) or a number of votes."""
    choices: dict[int, int] = {}
    for key, value in post.items():
        if not key.startswith("option_") or not key[7:].isdigit():
            continue
        if value == "on":
            choices[int(key[7:])] = 1
        elif value.strip().isdigit():
            choices[int(key[7:])] = int(value)
        elif value.strip():
            raise InvalidBallot(_("Bitte geben Sie die Stimmen als ganze Zahlen an."))
    return choices


@public
@require_POST
def voting_cast(request: HttpRequest, voting_id: int) -> HttpResponse:
    """Casting is the hot path of a vote: the service loads the vote under its lock, so the
    form is built only to show a refused ballot again."""
    credential = services_voting.Credential(
        token=request.POST.get("token", ""), code=request.POST.get("code", "")
    )
    try:
        services_voting.ballot_cast_in_town(
            town_id=_town(request).pk,
            voting_id=voting_id,
            credential=credential,
            choices=_posted_choices(request.POST),
        )
    except PublicVoting.DoesNotExist as exc:
        raise Http404 from exc
    except InvalidBallot as error:
        voting = _voting(request, voting_id)
        form = BallotForm(request.POST, voting=voting, options=_options(voting))
        form.is_valid()
        form.add_error(None, error.message)
        return _ballot_page(request, voting, form, status=400)
    except VotingError as error:
        return _voting_page(request, _voting(request, voting_id), problem=error.message, status=400)
    return redirect(_url("voting_thanks", _town(request), voting_id=voting_id))


@public
def voting_thanks(request: HttpRequest, voting_id: int) -> HttpResponse:
    return render(request, "fund/vote/thanks.html", {"voting": _voting(request, voting_id)})


# --- coordinator: setting up and counting votes ----------------------------------------------


def _voting_initial(voting: PublicVoting) -> dict[str, Any]:
    return {
        "title": voting.title,
        "category": voting.category_id,
        "opens_at": timezone.localtime(voting.opens_at),
        "closes_at": timezone.localtime(voting.closes_at),
        "budget": euro(voting.budget_cents).removesuffix(" €"),
        "votes_per_voter": voting.votes_per_voter,
        "allow_cumulation": voting.allow_cumulation,
        "shortfall_rule": voting.shortfall_rule,
        "applications": list(voting.options.values_list("application_id", flat=True)),
    }


@coordinator_only
def voting_new(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = _fund(request, fund_id)
    form = VotingForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            voting = services_voting.voting_create(
                fund=fund,
                category=data["category"],
                title=data["title"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                votes_per_voter=data["votes_per_voter"],
                allow_cumulation=data["allow_cumulation"],
                budget_cents=data["budget"],
                shortfall_rule=data["shortfall_rule"],
                applications=list(data["applications"]),
                actor=_user(request),
            )
        except FundError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Die Abstimmung ist angelegt."))
            return redirect(_url("voting_manage", fund.town, voting_id=voting.pk))
    return render(request, "fund/vote/voting_form.html", {"form": form, "fund": fund})


@coordinator_only
def voting_manage(request: HttpRequest, voting_id: int) -> HttpResponse:
    voting = _voting(request, voting_id)
    frozen = voting.first_vote_at is not None
    # Once the first vote is in, the page shows the rules as frozen instead of the form: the
    # form (and its list query) is then built only to answer a POST, which the service refuses.
    form = None
    if request.method == "POST" or not frozen:
        form = VotingForm(
            request.POST or None, fund=voting.fund, voting=voting, initial=_voting_initial(voting)
        )
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_voting.voting_update(
                voting=voting,
                actor=_user(request),
                applications=list(data["applications"]),
                title=data["title"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                votes_per_voter=data["votes_per_voter"],
                allow_cumulation=data["allow_cumulation"],
                budget_cents=data["budget"],
                shortfall_rule=data["shortfall_rule"],
            )
        except FundError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Die Regeln der Abstimmung sind gespeichert."))
            return redirect(_url("voting_manage", voting.town, voting_id=voting.pk))
    # A refused or invalid change shows the form again with the reason and what was typed.
    status = 400 if form is not None and form.errors else 200
    # Three counts in one pass over the vote's voters.
    stats = (
        PublicVoter.objects.in_town(voting.town)
        .filter(voting=voting)
        .aggregate(
            voters=Count("pk"),
            voted=Count("pk", filter=Q(voted_at__isnull=False)),
            codes=Count("pk", filter=Q(method=PublicVoter.Method.CODE)),
        )
    )
    context = {
        "voting": voting,
        "form": form,
        "codes_form": CodesForm(),
        **stats,
        "totals": services_voting.voting_totals(voting=voting),
        "options": _options(voting),
        "frozen": frozen,
        "bursts": selectors.voting_link_bursts(voting=voting),
        "burst_minutes": int(selectors.BURST_WINDOW.total_seconds() // 60),
    }
    return render(request, "fund/vote/voting_manage.html", context, status=status)


@coordinator_only
def voting_codes(request: HttpRequest, voting_id: int) -> HttpResponse:
    """POST creates more codes; GET shows the printable code sheet."""
    voting = _voting(request, voting_id)
    if request.method == "POST":
        form = CodesForm(request.POST)
        if form.is_valid():
            try:
                services_voting.voter_codes_generate(
                    voting=voting, count=form.cleaned_data["count"], actor=_user(request)
                )
            except FundError as error:
                messages.error(request, error.message)
            else:
                return redirect(_url("voting_codes", voting.town, voting_id=voting.pk))
        else:
            messages.error(request, _("Bitte eine Zahl zwischen 1 und 5000 angeben."))
        return redirect(_url("voting_manage", voting.town, voting_id=voting.pk))
    codes = services_voting.voting_code_sheet(voting=voting)
    used = set(
        PublicVoter.objects.in_town(voting.town)
        .filter(voting=voting, method=PublicVoter.Method.CODE, voted_at__isnull=False)
        .values_list("identity_hash", flat=True)
    )
    context = {
        "voting": voting,
        "codes": [(code, code_hash(code) in used) for code in codes],
        "vote_url": request.build_absolute_uri(
            _url("voting_detail", voting.town, voting_id=voting.pk)
        ),
    }
    return render(request, "fund/vote/code_sheet.html", context)


@coordinator_only
@require_POST
def voting_count(request: HttpRequest, voting_id: int) -> HttpResponse:
    voting = _voting(request, voting_id)
    try:
        awards = services_voting.voting_count(voting=voting, actor=_user(request))
    except FundError as error:
        messages.error(request, error.message)
    else:
        funded = [a for a in awards if a.amount_cents]
        messages.success(
            request,
            _("Ausgezählt: %(count)s Anträge gefördert, zusammen %(sum)s.")
            % {"count": len(funded), "sum": euro(sum(a.amount_cents for a in funded))},
        )
    return redirect(_url("voting_manage", voting.town, voting_id=voting.pk))


def _assembly_applications(fund: Fund) -> list[Application]:
    return list(
        Application.objects.in_town(fund.town)
        .filter(fund=fund, status__in=(*SHORTLIST_STATUSES, ApplicationStatus.VOTING))
        .order_by("title")
    )


@coordinator_only
def assembly_new(request: HttpRequest, fund_id: int) -> HttpResponse:
    fund = _fund(request, fund_id)
    form = AssemblyForm(request.POST or None, fund=fund, applications=_assembly_applications(fund))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assembly, _awards = services_voting.assembly_record(
                fund=fund,
                category=data["category"],
                held_on=data["held_on"],
                place=data["place"],
                attendees=data["attendees"],
                budget_cents=data["budget"],
                minutes=data["minutes"],
                lines=form.lines(),
                actor=_user(request),
            )
        except FundError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Das Ergebnis der Versammlung ist gebucht."))
            return redirect(_url("assembly_detail", fund.town, assembly_id=assembly.pk))
    return render(request, "fund/vote/assembly_form.html", {"form": form, "fund": fund})


@coordinator_only
def assembly_detail(request: HttpRequest, assembly_id: int) -> HttpResponse:
    assembly = get_in_town_or_404(
        AssemblyVote.objects.select_related("fund", "category"), _town(request), pk=assembly_id
    )
    results = assembly.results.select_related("application").order_by("rank", "pk")
    return render(
        request, "fund/vote/assembly_detail.html", {"assembly": assembly, "results": results}
    )


# --- yearly report ---------------------------------------------------------------------------


def _report_context(request: HttpRequest, year: int) -> dict[str, Any]:
    town = _town(request)
    report = reports.year_report(town=town, year=year)
    return {
        "report": report,
        "sections": [
            (_("Nach Förderbereich"), report.by_category),
            (_("Nach Art der Antragsteller"), report.by_applicant_type),
        ],
        "years": reports.report_years(town=town),
        "generated": timezone.localtime(),
    }


@roles_required(*REPORT_ROLES)
def year_report(request: HttpRequest, year: int) -> HttpResponse:
    """The report reads the same for every reader with access, so it is cached for a minute."""
    town = _town(request)
    body = _cached_body(
        request,
        f"fund-report:{town.pk}:{year}",
        "fund/reports/_year_report_page.html",
        lambda: _report_context(request, year),
    )
    return render(request, "fund/reports/year_report.html", {"year": year, "body": body})


@roles_required(*REPORT_ROLES)
def year_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    context = _report_context(request, year)
    html = render_to_string("fund/reports/year_report_pdf.html", context, request=request)
    css = render_to_string("fund/reports/year_report_pdf.css", {})
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[css])
    response = HttpResponse(pdf, content_type="application/pdf")
    town = _town(request)
    response["Content-Disposition"] = f'attachment; filename="fondsbericht-{town.slug}-{year}.pdf"'
    return response


@roles_required(*REPORT_ROLES)
def report_index(request: HttpRequest) -> HttpResponse:
    return redirect(_url("year_report", _town(request), year=reports.today_year()))
