"""Public votes (no login: request a link, enter a code, cast a ballot) and the
coordinator's tools for votes and assemblies.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logbuch.core.caching import client_key
from logbuch.core.shortcuts import refusal_on
from logbuch.towns.access import coordinator_only, get_in_town_or_404, public
from logbuch.towns.http import MemberRequest, TownRequest

from ..errors import InvalidBallot, TooManyLinkRequests, VotingError
from ..forms.voting import (
    SHORTLIST_STATUSES,
    AssemblyForm,
    BallotForm,
    CodeForm,
    CodesForm,
    EmailLinkForm,
    VotingForm,
)
from ..models import (
    Application,
    ApplicationStatus,
    AssemblyVote,
    Fund,
    PublicVoter,
    PublicVoting,
)
from ..money import euro
from ..selectors.voting import BURST_WINDOW, voting_link_bursts
from ..services import voting as voting_services
from ..services.voting import (
    Credential,
    assembly_record,
    ballot_cast_in_town,
    check_open,
    voter_codes_generate,
    voter_find,
    voter_request_link,
    voting_code_sheet,
    voting_create,
    voting_update,
)
from ..voting import code_hash
from .shortcuts import cached_body, fund_of, town_url, voting_of, voting_options


def _voting_page(
    request: TownRequest, voting: PublicVoting, *, status: int = 200, **extra: Any
) -> HttpResponse:
    now = timezone.now()
    context = {
        "voting": voting,
        "options": voting_options(voting),
        "is_open": voting.status in {PublicVoting.Status.PREPARED, PublicVoting.Status.OPEN}
        and voting.opens_at <= now < voting.closes_at,
        "counted": voting.status == PublicVoting.Status.COUNTED,
        "email_form": extra.pop("email_form", EmailLinkForm()),
        "code_form": extra.pop("code_form", CodeForm()),
        **extra,
    }
    return render(request, "fund/vote/voting_detail.html", context, status=status)


@public
def voting_detail(request: TownRequest, pk: int) -> HttpResponse:
    voting = voting_of(request, pk)
    if voting.status != PublicVoting.Status.COUNTED:
        return _voting_page(request, voting)
    # A counted vote does not change any more: its result page is cached like the fund page.
    body = cached_body(
        request,
        f"fund-vote:{voting.pk}",
        "fund/vote/_voting_body.html",
        lambda: {"voting": voting, "options": voting_options(voting), "counted": True},
    )
    return render(request, "fund/vote/voting_detail.html", {"voting": voting, "body": body})


@public
@require_POST
def voting_request_link(request: TownRequest, pk: int) -> HttpResponse:
    voting = voting_of(request, pk)
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        return _voting_page(request, voting, email_form=form, status=400)
    placeholder = "TOKEN"
    link = request.build_absolute_uri(
        town_url("ballot", voting.town, pk=voting.pk, token=placeholder)
    ).replace(placeholder, "{token}")
    with refusal_on(form) as refusal:
        voter_request_link(
            voting=voting,
            email=form.cleaned_data["email"],
            link_for=link,
            client=client_key(request),
        )
        return render(request, "fund/vote/link_sent.html", {"voting": voting})
    status = 429 if isinstance(refusal.refused, TooManyLinkRequests) else 400
    return _voting_page(request, voting, email_form=form, status=status)


def _ballot_page(
    request: TownRequest, voting: PublicVoting, form: BallotForm, *, status: int = 200
) -> HttpResponse:
    return render(request, "fund/vote/ballot.html", {"voting": voting, "form": form}, status=status)


@public
@require_POST
def voting_code(request: TownRequest, pk: int) -> HttpResponse:
    """Step 1 with a paper code: check the code, then show the ballot."""
    voting = voting_of(request, pk)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _voting_page(request, voting, code_form=form, status=400)
    credential = Credential(code=form.cleaned_data["code"])
    with refusal_on(form, field="code"):
        check_open(voting)
        voter_find(voting=voting, credential=credential)
        ballot = BallotForm(
            voting=voting,
            options=voting_options(voting),
            initial={"code": form.cleaned_data["code"]},
        )
        return _ballot_page(request, voting, ballot)
    return _voting_page(request, voting, code_form=form, status=400)


@public
def ballot(request: TownRequest, pk: int, token: str) -> HttpResponse:
    """The ballot behind an email link (GET shows it; casting goes to `voting_cast`)."""
    voting = voting_of(request, pk)
    try:
        check_open(voting)
        voter_find(voting=voting, credential=Credential(token=token))
    except VotingError as error:
        return _voting_page(request, voting, problem=str(error), status=400)
    form = BallotForm(voting=voting, options=voting_options(voting), initial={"token": token})
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
def voting_cast(request: TownRequest, pk: int) -> HttpResponse:
    """Casting is the hot path of a vote: the service loads the vote under its lock, so the
    form is built only to show a refused ballot again."""
    credential = Credential(token=request.POST.get("token", ""), code=request.POST.get("code", ""))
    try:
        ballot_cast_in_town(
            town_id=request.town.pk,
            voting_id=pk,
            credential=credential,
            choices=_posted_choices(request.POST),
        )
    except PublicVoting.DoesNotExist as exc:
        raise Http404 from exc
    except InvalidBallot as error:
        voting = voting_of(request, pk)
        form = BallotForm(request.POST, voting=voting, options=voting_options(voting))
        form.is_valid()
        form.add_error(None, str(error))
        return _ballot_page(request, voting, form, status=400)
    except VotingError as error:
        return _voting_page(request, voting_of(request, pk), problem=str(error), status=400)
    return redirect(town_url("voting_thanks", request.town, pk=pk))


@public
def voting_thanks(request: TownRequest, pk: int) -> HttpResponse:
    return render(request, "fund/vote/thanks.html", {"voting": voting_of(request, pk)})


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
def voting_new(request: MemberRequest, fund_pk: int) -> HttpResponse:
    fund = fund_of(request, fund_pk)
    form = VotingForm(request.POST or None, fund=fund)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on(form):
            voting = voting_create(
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
                actor=request.user,
            )
            messages.success(request, _("Die Abstimmung ist angelegt."))
            return redirect(town_url("voting_manage", fund.town, pk=voting.pk))
    return render(request, "fund/vote/voting_form.html", {"form": form, "fund": fund})


@coordinator_only
def voting_manage(request: MemberRequest, pk: int) -> HttpResponse:
    voting = voting_of(request, pk)
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
        with refusal_on(form):
            voting_update(
                voting=voting,
                actor=request.user,
                applications=list(data["applications"]),
                title=data["title"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                votes_per_voter=data["votes_per_voter"],
                allow_cumulation=data["allow_cumulation"],
                budget_cents=data["budget"],
                shortfall_rule=data["shortfall_rule"],
            )
            messages.success(request, _("Die Regeln der Abstimmung sind gespeichert."))
            return redirect(town_url("voting_manage", voting.town, pk=voting.pk))
    # A refused or invalid change shows the form again with the reason and what was typed.
    status = 400 if form is not None and form.errors else 200
    # Three counts in one pass over the vote's voters, read from the index
    # fund_publicvoter_tally alone (hence COUNT of an indexed column, not of the id).
    stats = (
        PublicVoter.objects.in_town(voting.town)
        .filter(voting=voting)
        .aggregate(
            voters=Count("voting"),
            voted=Count("voting", filter=Q(voted_at__isnull=False)),
            codes=Count("voting", filter=Q(method=PublicVoter.Method.CODE)),
        )
    )
    context = {
        "voting": voting,
        "form": form,
        "codes_form": CodesForm(),
        **stats,
        # The result table (points, ranks, awards) exists only once the vote is counted.
        "options": voting_options(voting) if voting.is_counted else [],
        "frozen": frozen,
        "bursts": voting_link_bursts(voting=voting),
        "burst_minutes": int(BURST_WINDOW.total_seconds() // 60),
    }
    return render(request, "fund/vote/voting_manage.html", context, status=status)


@coordinator_only
def voting_codes(request: MemberRequest, pk: int) -> HttpResponse:
    """POST creates more codes; GET shows the printable code sheet."""
    voting = voting_of(request, pk)
    if request.method == "POST":
        form = CodesForm(request.POST)
        if form.is_valid():
            with refusal_on(request):
                voter_codes_generate(
                    voting=voting, count=form.cleaned_data["count"], actor=request.user
                )
                return redirect(town_url("voting_codes", voting.town, pk=voting.pk))
        else:
            messages.error(request, _("Bitte eine Zahl zwischen 1 und 5000 angeben."))
        return redirect(town_url("voting_manage", voting.town, pk=voting.pk))
    codes = voting_code_sheet(voting=voting)
    used = set(
        PublicVoter.objects.in_town(voting.town)
        .filter(voting=voting, method=PublicVoter.Method.CODE, voted_at__isnull=False)
        .values_list("identity_hash", flat=True)
    )
    context = {
        "voting": voting,
        "codes": [(code, code_hash(code) in used) for code in codes],
        "vote_url": request.build_absolute_uri(
            town_url("voting_detail", voting.town, pk=voting.pk)
        ),
    }
    return render(request, "fund/vote/code_sheet.html", context)


@coordinator_only
@require_POST
def voting_count(request: MemberRequest, pk: int) -> HttpResponse:
    voting = voting_of(request, pk)
    with refusal_on(request):
        awards = voting_services.voting_count(voting=voting, actor=request.user)
        funded = [a for a in awards if a.amount_cents]
        messages.success(
            request,
            _("Ausgezählt: %(count)s Anträge gefördert, zusammen %(sum)s.")
            % {"count": len(funded), "sum": euro(sum(a.amount_cents for a in funded))},
        )
    return redirect(town_url("voting_manage", voting.town, pk=voting.pk))


def _assembly_applications(fund: Fund) -> list[Application]:
    return list(
        Application.objects.in_town(fund.town)
        .filter(fund=fund, status__in=(*SHORTLIST_STATUSES, ApplicationStatus.VOTING))
        .order_by("title")
    )


@coordinator_only
def assembly_new(request: MemberRequest, fund_pk: int) -> HttpResponse:
    fund = fund_of(request, fund_pk)
    form = AssemblyForm(request.POST or None, fund=fund, applications=_assembly_applications(fund))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on(form):
            assembly, _awards = assembly_record(
                fund=fund,
                category=data["category"],
                held_on=data["held_on"],
                place=data["place"],
                attendees=data["attendees"],
                budget_cents=data["budget"],
                minutes=data["minutes"],
                lines=form.lines(),
                actor=request.user,
            )
            messages.success(request, _("Das Ergebnis der Versammlung ist gebucht."))
            return redirect(town_url("assembly_detail", fund.town, pk=assembly.pk))
    return render(request, "fund/vote/assembly_form.html", {"form": form, "fund": fund})


@coordinator_only
def assembly_detail(request: MemberRequest, pk: int) -> HttpResponse:
    assembly = get_in_town_or_404(
        AssemblyVote.objects.select_related("fund", "category"), request.town, pk=pk
    )
    results = assembly.results.select_related("application").order_by("rank", "pk")
    return render(
        request, "fund/vote/assembly_detail.html", {"assembly": assembly, "results": results}
    )
