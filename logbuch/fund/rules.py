"""The fund's rules as pure functions: facts in, a list of German sentences out.

Each failure names the rule and its limit, so an applicant knows what to change, and the form
field it concerns (`Failure.field`), so the page links the sentence to that field. All rules are
checked at once; nothing here touches the database (the service gathers the facts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats
from django.utils.translation import gettext as _

from .models import ApplicantType, Call, Category, CostType
from .money import euro, percent_of


class Failure(str):
    """One failed rule's sentence; `field` is the application form's field it concerns
    (`COSTS` for the cost rows, "" when no one field is to blame)."""

    field: str

    def __new__(cls, text: str, field: str = "") -> Failure:
        failure = super().__new__(cls, text)
        failure.field = field
        return failure


COSTS = "kosten"  # the cost rows' fieldset on the application form


@dataclass(frozen=True)
class Cost:
    cost_type: str
    amount_cents: int


@dataclass(frozen=True)
class ApplicationFacts:
    """What the rules need to know about one application and its applicant."""

    applicant_type: str
    birth_date: date | None
    resides_in_town: bool
    requested_cents: int
    own_money_cents: int
    in_kind_hours: int
    start_date: date | None
    end_date: date | None
    costs: Sequence[Cost]
    # Counted by the service: other submitted applications of this applicant in the same call
    # (or fund, for rolling intake), and the year of the applicant's last funded application.
    other_applications_in_call: int = 0
    last_funded_year: int | None = None


@dataclass(frozen=True)
class Totals:
    eligible_costs_cents: int
    flat_rate_cents: int
    total_costs_cents: int
    in_kind_value_cents: int
    in_kind_credited_cents: int
    own_contribution_cents: int
    tier_cents: int | None


def _d(value: date | datetime) -> str:
    return str(formats.date_format(value, "d.m.Y"))


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def in_kind_credit(*, category: Category, hours: int, total_costs_cents: int) -> tuple[int, int]:
    """(value of the hours, the part credited): hours × rate, at most the cap share of costs."""
    if not category.in_kind_allowed or hours <= 0:
        return 0, 0
    value = hours * category.in_kind_hourly_rate_cents
    cap = percent_of(total_costs_cents, category.in_kind_cap_percent)
    return value, min(value, cap)


def totals(*, category: Category, facts: ApplicationFacts) -> Totals:
    excluded = set(category.excluded_cost_types)
    eligible_types = set(category.eligible_cost_types)
    eligible = sum(
        c.amount_cents
        for c in facts.costs
        if c.cost_type not in excluded and (not eligible_types or c.cost_type in eligible_types)
    )
    flat = percent_of(eligible, category.admin_flat_rate_percent)
    total = eligible + flat
    value, credited = in_kind_credit(
        category=category, hours=facts.in_kind_hours, total_costs_cents=total
    )
    tier = None
    if category.tiers_cents:
        fitting = sorted(t for t in category.tiers_cents if t >= facts.requested_cents)
        tier = fitting[0] if fitting else None
    return Totals(
        eligible_costs_cents=eligible,
        flat_rate_cents=flat,
        total_costs_cents=total,
        in_kind_value_cents=value,
        in_kind_credited_cents=credited,
        own_contribution_cents=facts.own_money_cents + credited,
        tier_cents=tier,
    )


def check_applicant(*, category: Category, facts: ApplicationFacts, today: date) -> list[Failure]:
    failures: list[Failure] = []
    if category.applicant_types and facts.applicant_type not in category.applicant_types:
        allowed = ", ".join(str(ApplicantType(t).label) for t in category.applicant_types)
        failures.append(
            Failure(
                _(
                    "Regel „Wer darf beantragen“: In diesem Förderbereich dürfen nur "
                    "%(allowed)s einen Antrag stellen."
                )
                % {"allowed": allowed},
                "applicant_type",
            )
        )
    if facts.applicant_type == ApplicantType.PERSON:
        if facts.birth_date is None:
            failures.append(
                Failure(
                    _("Regel „Mindestalter %(age)s Jahre“: Bitte geben Sie Ihr Geburtsdatum an.")
                    % {"age": category.person_min_age},
                    "applicant_birth_date",
                )
            )
        elif age_on(facts.birth_date, today) < category.person_min_age:
            failures.append(
                Failure(
                    _(
                        "Regel „Mindestalter“: Antragstellende Personen müssen mindestens "
                        "%(age)s Jahre alt sein; Sie sind %(actual)s."
                    )
                    % {"age": category.person_min_age, "actual": age_on(facts.birth_date, today)},
                    "applicant_birth_date",
                )
            )
        if category.person_requires_residence and not facts.resides_in_town:
            failures.append(
                Failure(
                    _(
                        "Regel „Wohnsitz“: Einzelpersonen müssen im Ort wohnen, um einen Antrag "
                        "zu stellen."
                    ),
                    "resides_in_town",
                )
            )
    if facts.other_applications_in_call >= category.max_applications_per_call:
        failures.append(
            Failure(
                _(
                    "Regel „Anträge je Aufruf“: Je Antragsteller sind höchstens %(cap)s Anträge in "
                    "diesem Aufruf möglich; Sie haben schon %(count)s gestellt."
                )
                % {
                    "cap": category.max_applications_per_call,
                    "count": facts.other_applications_in_call,
                }
            )
        )
    if (
        category.waiting_period_years
        and facts.last_funded_year is not None
        and today.year - facts.last_funded_year <= category.waiting_period_years
    ):
        failures.append(
            Failure(
                _(
                    "Regel „Wartezeit“: Wer gefördert wurde, kann erst nach %(years)s Jahren "
                    "wieder beantragen; Ihre letzte Förderung war %(last)s."
                )
                % {"years": category.waiting_period_years, "last": facts.last_funded_year}
            )
        )
    return failures


def check_timing(
    *, category: Category, call: Call | None, facts: ApplicationFacts, now: datetime, today: date
) -> list[Failure]:
    failures: list[Failure] = []
    if call is not None:
        if now < call.opens_at:
            failures.append(
                Failure(
                    _("Regel „Aufruf“: Anträge sind erst ab %(date)s möglich.")
                    % {"date": _d(call.opens_at)},
                    "call",
                )
            )
        if call.closes_at is not None and now > call.closes_at:
            failures.append(
                Failure(
                    _(
                        "Regel „Einsendeschluss“: Der Einsendeschluss dieses Aufrufs war am "
                        "%(date)s; Anträge danach können nicht mehr angenommen werden."
                    )
                    % {"date": _d(call.closes_at)},
                    "call",
                )
            )
    if facts.start_date is None or facts.end_date is None:
        failures.append(
            Failure(_("Bitte geben Sie an, wann das Projekt beginnt und endet."), "start_date")
        )
    elif category.no_retroactive_funding:
        decision_day = max(today, call.decision_on) if call and call.decision_on else today
        if facts.start_date <= decision_day:
            failures.append(
                Failure(
                    _(
                        "Regel „Kein vorzeitiger Beginn“: Das Projekt darf erst nach der "
                        "Entscheidung beginnen (nach dem %(decision)s); angegeben ist der "
                        "%(start)s."
                    )
                    % {"decision": _d(decision_day), "start": _d(facts.start_date)},
                    "start_date",
                )
            )
    return failures


def check_money(*, category: Category, facts: ApplicationFacts) -> list[Failure]:
    failures: list[Failure] = []
    t = totals(category=category, facts=facts)
    requested = facts.requested_cents
    if not facts.costs:
        failures.append(Failure(_("Bitte nennen Sie mindestens einen Kostenposten."), COSTS))
    for cost_type in sorted({c.cost_type for c in facts.costs}):
        label = CostType(cost_type).label if cost_type in CostType.values else cost_type
        if cost_type in category.excluded_cost_types or (
            category.eligible_cost_types and cost_type not in category.eligible_cost_types
        ):
            failures.append(
                Failure(
                    _(
                        "Regel „Förderfähige Kosten“: Kosten der Art „%(type)s“ werden in diesem "
                        "Förderbereich nicht gefördert."
                    )
                    % {"type": label},
                    COSTS,
                )
            )
    if requested <= 0:
        failures.append(
            Failure(_("Bitte geben Sie an, wie viel Geld Sie beantragen."), "requested")
        )
    if category.fixed_amount_cents is not None and requested != category.fixed_amount_cents:
        failures.append(
            Failure(
                _(
                    "Regel „Fester Betrag“: In diesem Förderbereich gibt es genau %(fixed)s je "
                    "Antrag."
                )
                % {"fixed": euro(category.fixed_amount_cents)},
                "requested",
            )
        )
    if requested > category.max_amount_cents:
        failures.append(
            Failure(
                _(
                    "Regel „Höchstbetrag“: In diesem Förderbereich sind höchstens %(max)s je "
                    "Antrag möglich; beantragt sind %(requested)s."
                )
                % {"max": euro(category.max_amount_cents), "requested": euro(requested)},
                "requested",
            )
        )
    if 0 < requested < category.min_amount_cents:
        failures.append(
            Failure(
                _(
                    "Regel „Mindestbetrag“: In diesem Förderbereich sind mindestens %(min)s je "
                    "Antrag nötig; beantragt sind %(requested)s."
                )
                % {"min": euro(category.min_amount_cents), "requested": euro(requested)},
                "requested",
            )
        )
    if category.tiers_cents and t.tier_cents is None:
        failures.append(
            Failure(
                _(
                    "Regel „Förderstufen“: Die höchste Förderstufe ist %(tier)s; "
                    "beantragt sind %(requested)s."
                )
                % {"tier": euro(max(category.tiers_cents)), "requested": euro(requested)},
                "requested",
            )
        )
    if facts.costs and requested > t.total_costs_cents - facts.own_money_cents:
        failures.append(
            Failure(
                _(
                    "Regel „Kosten“: Sie können höchstens die förderfähigen Kosten abzüglich Ihrer "
                    "Eigenmittel beantragen, also %(gap)s; beantragt sind %(requested)s."
                )
                % {
                    "gap": euro(max(0, t.total_costs_cents - facts.own_money_cents)),
                    "requested": euro(requested),
                },
                "requested",
            )
        )
    needed = -(-t.total_costs_cents * category.own_share_percent // 100)
    if category.own_share_percent and t.own_contribution_cents < needed:
        if t.in_kind_value_cents > t.in_kind_credited_cents:
            in_kind_note = _(
                " Eigenleistung zählt mit %(rate)s je Stunde, aber höchstens %(cap)s %% der Kosten "
                "(%(credited)s von %(value)s)."
            ) % {
                "rate": euro(category.in_kind_hourly_rate_cents),
                "cap": category.in_kind_cap_percent,
                "credited": euro(t.in_kind_credited_cents),
                "value": euro(t.in_kind_value_cents),
            }
        else:
            in_kind_note = ""
        failures.append(
            Failure(
                _(
                    "Regel „Eigenanteil“: Der Eigenanteil muss mindestens %(share)s %% der Kosten "
                    "betragen, also %(needed)s; angerechnet werden %(own)s."
                )
                % {
                    "share": category.own_share_percent,
                    "needed": euro(needed),
                    "own": euro(t.own_contribution_cents),
                }
                + in_kind_note,
                "own_money",
            )
        )
    return failures


def check_application(
    *,
    category: Category,
    call: Call | None,
    facts: ApplicationFacts,
    now: datetime,
    today: date,
) -> list[Failure]:
    """Every failed rule, in the order an applicant fills in the form."""
    return (
        check_applicant(category=category, facts=facts, today=today)
        + check_timing(category=category, call=call, facts=facts, now=now, today=today)
        + check_money(category=category, facts=facts)
    )
