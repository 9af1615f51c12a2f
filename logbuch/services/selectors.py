"""Reads of the Daseinsvorsorge: each returns rows with everything its page shows, in a fixed
number of queries (counts are annotations, people come with select_related/prefetch)."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext

from logbuch.towns.models import Membership, Role, Town, User

from .models import (
    OPEN_REQUEST,
    HoursRecord,
    Qualification,
    Responsibility,
    Service,
    ServiceRequest,
    ServiceStatus,
    Shift,
    SignUp,
    SignUpStatus,
    VolunteerQualification,
)
from .recurrence import BERLIN

SIGNED = SignUpStatus.SIGNED_UP


def services_for_town(town: Town, *, public: bool = False) -> QuerySet[Service]:
    qs = Service.objects.in_town(town).order_by("name")
    if public:
        qs = qs.exclude(status=ServiceStatus.PLANNED)
    return qs


def shifts_with_counts(qs: QuerySet[Shift], user: User | None = None) -> list[Shift]:
    """Shifts with `taken`, `waiting`, `requested` (seats) and the viewer's own status
    (`mine`, `mine_waiting`), in two queries whatever the number of shifts."""
    requested = (
        ServiceRequest.objects.filter(shift=OuterRef("pk"), status__in=OPEN_REQUEST)
        .values("shift")
        .annotate(n=Sum("seats"))
        .values("n")
    )
    shifts: list[Shift] = list(
        qs.select_related("service")
        .annotate(
            taken=Count("signups", filter=Q(signups__status=SIGNED)),
            waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
            requested=Coalesce(requested, 0),
        )
        .order_by("starts_at", "pk")
    )
    own: dict[int, str] = {}
    if user is not None and user.is_authenticated and shifts:
        own = dict(
            SignUp.objects.filter(
                user=user,
                status__in=[SIGNED, SignUpStatus.WAITING],
                shift_id__in=[s.pk for s in shifts],
            ).values_list("shift_id", "status")
        )
    for shift in shifts:
        shift.mine = own.get(shift.pk) == SIGNED  # type: ignore[attr-defined]
        shift.mine_waiting = own.get(shift.pk) == SignUpStatus.WAITING  # type: ignore[attr-defined]
    return shifts


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=BERLIN)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=BERLIN)
    return start, end


def service_month(
    *, service: Service, year: int, month: int, user: User | None = None
) -> dict[date, list[Shift]]:
    """A service's shifts of one month, grouped by local day (one query)."""
    start, end = month_bounds(year, month)
    days: dict[date, list[Shift]] = defaultdict(list)
    qs = Shift.objects.filter(service=service, starts_at__gte=start, starts_at__lt=end)
    for shift in shifts_with_counts(qs, user):
        days[timezone.localtime(shift.starts_at).date()].append(shift)
    return dict(days)


def upcoming_shifts(*, service: Service, user: User | None, days: int = 14) -> list[Shift]:
    now = timezone.now()
    qs = Shift.objects.filter(
        service=service, ends_at__gt=now, starts_at__lt=now + timedelta(days=days)
    )
    return shifts_with_counts(qs, user)


def shift_signups(shift: Shift) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(shift=shift)
        .exclude(status__in=[SignUpStatus.CANCELLED, SignUpStatus.SWAPPED])
        .select_related("user")
        .order_by("status", "created_at", "pk")
    )


# What a list of a person's shifts shows: the service's description and the shift's other
# columns are not read for every row.
MY_SHIFT_FIELDS = (
    "shift_id",
    "status",
    "swap_offered_at",
    "shift__starts_at",
    "shift__ends_at",
    "shift__service_id",
    "shift__service__name",
    "shift__service__slug",
)


def my_shifts(*, town: Town, user: User, past_days: int = 0) -> QuerySet[SignUp]:
    """The person's sign-ups and waiting places from today on (one query)."""
    since = timezone.now() - timedelta(days=past_days)
    return (
        SignUp.objects.in_town(town)
        .filter(user=user, status__in=[SIGNED, SignUpStatus.WAITING], shift__ends_at__gt=since)
        .select_related("shift", "shift__service")
        .only(*MY_SHIFT_FIELDS)
        .order_by("shift__starts_at", "pk")
    )


def run_sheet(shift: Shift) -> QuerySet[ServiceRequest]:
    """The requests of a shift for the printed run sheet (Fahrplan), in time order."""
    return (
        ServiceRequest.objects.filter(shift=shift, status__in=OPEN_REQUEST)
        .select_related("decided_by")
        .order_by("wanted_at", "pk")
    )


def shift_requests(shift: Shift) -> QuerySet[ServiceRequest]:
    return (
        ServiceRequest.objects.filter(shift=shift)
        .select_related("decided_by")
        .order_by("wanted_at", "pk")
    )


# --- Organigramm ----------------------------------------------------------------------------


def responsibilities_for_town(town: Town, *, today: date | None = None) -> list[Responsibility]:
    """Who is responsible for what in the town today (current responsibilities, one query).

    The Anlaufstelle (desk) calls this to hand a concern on: each row has `service` (None for
    a town-wide task area), `area`, `title`, `holder` and `deputy` (either may be None).
    """
    today = today or timezone.localdate()
    return list(
        Responsibility.objects.in_town(town)
        .filter(Q(since__isnull=True) | Q(since__lte=today))
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("service", "holder", "deputy")
        .order_by("service__name", "area", "title", "pk")
    )


@dataclass
class OrgGroup:
    service: Service | None
    areas: dict[str, list[Responsibility]] = field(default_factory=dict)

    @property
    def vacancies(self) -> int:
        return sum(r.is_vacant for rows in self.areas.values() for r in rows)

    @property
    def without_deputy(self) -> int:
        return sum(
            (not r.is_vacant) and r.lacks_deputy for rows in self.areas.values() for r in rows
        )


def organigram(town: Town, *, today: date | None = None) -> list[OrgGroup]:
    """Current responsibilities grouped by service (town-wide first), then by task area."""
    groups: dict[int | None, OrgGroup] = {}
    for item in responsibilities_for_town(town, today=today):
        group = groups.setdefault(item.service_id, OrgGroup(service=item.service))
        group.areas.setdefault(item.area, []).append(item)
    return sorted(groups.values(), key=lambda g: (g.service is not None, str(g.service or "")))


# --- Coverage -------------------------------------------------------------------------------


@dataclass
class CoverageCell:
    """One service on one day. `level`, `symbol` and `label` are filled in once all shifts are
    counted (plain fields: the heat map renders over a thousand cells)."""

    day: date
    shifts: int = 0
    short: int = 0  # shifts below their minimum
    missing: int = 0  # people missing in total
    level: str = "none"
    symbol: str = ""
    label: str = ""

    def settle(self, ok_label: str) -> None:
        if not self.shifts:
            return
        if not self.short:
            self.level, self.symbol, self.label = "ok", "✓", ok_label
            return
        self.level = "low" if self.short < self.shifts else "bad"
        self.symbol = f"−{self.missing}"
        self.label = ngettext("Person fehlt", "Personen fehlen", self.missing)


@dataclass
class CoverageRow:
    service: Service
    cells: list[CoverageCell]


@dataclass(frozen=True)
class ShortShift:
    pk: int
    service: str
    starts_at: datetime
    ends_at: datetime
    taken: int
    min_people: int

    @property
    def missing(self) -> int:
        return self.min_people - self.taken


@dataclass
class Coverage:
    days: list[date]
    rows: list[CoverageRow]
    short_shifts: list[ShortShift]

    @property
    def key(self) -> str:
        """A digest of everything the heat map shows, so its rendered table can be cached
        per app server and is never served after any cell, name or language changed."""
        content = (
            self.days[0] if self.days else None,
            len(self.days),
            [
                (
                    row.service.pk,
                    row.service.name,
                    [(c.level, c.symbol, c.label) for c in row.cells],
                )
                for row in self.rows
            ],
        )
        return hashlib.sha256(repr(content).encode()).hexdigest()


def coverage(*, town: Town, start: date, days: int = 28) -> Coverage:
    """Shifts below their minimum for `days` days from `start`, per service and day."""
    day_list = [start + timedelta(days=i) for i in range(days)]
    lo = datetime.combine(start, datetime.min.time(), tzinfo=BERLIN)
    hi = lo + timedelta(days=days)
    services = list(services_for_town(town).exclude(status=ServiceStatus.ENDED))
    cells = {s.pk: {d: CoverageCell(d) for d in day_list} for s in services}
    names = {s.pk: s.name for s in services}
    # Plain tuples, not model instances: four weeks of 50 services are over a thousand rows.
    rows = (
        Shift.objects.in_town(town)
        .filter(starts_at__gte=lo, starts_at__lt=hi)
        .annotate(taken=Count("signups", filter=Q(signups__status=SIGNED)))
        .order_by("starts_at", "pk")
        .values_list("pk", "service_id", "starts_at", "min_people", "taken")
    )
    # Only the few short shifts show their end: it is read for them alone (one more query,
    # whatever the data) instead of parsing a second timestamp on every row.
    short_rows: list[tuple[int, int, datetime, int, int]] = []
    touched: list[CoverageCell] = []  # cells with a shift; the others stay empty
    for pk, service_id, starts_at, min_people, taken in rows:
        row = cells.get(service_id)
        if row is None:
            continue
        cell = row[starts_at.astimezone(BERLIN).date()]
        if not cell.shifts:
            touched.append(cell)
        cell.shifts += 1
        if taken < min_people:
            cell.short += 1
            cell.missing += min_people - taken
            short_rows.append((pk, service_id, starts_at, taken, min_people))
    ends = dict(
        Shift.objects.in_town(town)
        .filter(pk__in=[r[0] for r in short_rows])
        .values_list("pk", "ends_at")
    )
    short = [
        ShortShift(pk, names[service_id], starts_at, ends[pk], taken, min_people)
        for pk, service_id, starts_at, taken, min_people in short_rows
    ]
    ok_label = gettext("besetzt")
    for cell in touched:
        cell.settle(ok_label)
    return Coverage(
        days=day_list,
        rows=[CoverageRow(s, list(cells[s.pk].values())) for s in services],
        short_shifts=short,
    )


@dataclass(frozen=True)
class Load:
    service: Service
    shifts: int  # seats filled (person-shifts)
    people: int
    top_share: float  # share carried by the top 10 % of people
    bus_factor: int  # fewest people carrying at least half
    bus_label: str = ""  # "3 Personen": the bus factor in words, translated once per number

    @property
    def hangs_on_few(self) -> bool:
        return self.shifts >= 4 and self.bus_factor <= 2


def concentration(counts: list[int]) -> tuple[float, int]:
    """(share of the top 10 % of people, fewest people carrying at least half) of the counts."""
    ordered = sorted((c for c in counts if c > 0), reverse=True)
    total = sum(ordered)
    if not total:
        return 0.0, 0
    top = max(1, math.ceil(len(ordered) * 0.1))
    share = sum(ordered[:top]) / total
    carried = 0
    for k, count in enumerate(ordered, start=1):
        carried += count
        if 2 * carried >= total:
            return share, k
    return share, len(ordered)  # pragma: no cover - the loop always reaches half


LOAD_SECONDS = 15 * 60


def load(
    *,
    town: Town,
    today: date | None = None,
    months: int = 12,
    services: list[Service] | None = None,
) -> list[Load]:
    """Per service: how the shifts of the last `months` months and the planned ones spread
    over people (one grouped query over ~50,000 sign-ups in a busy town).

    A year's spread barely moves within minutes, so the figures per service (seats, people,
    top share, bus factor) are cached for 15 minutes (shared cache), not the counts behind them
    (tens of thousands of numbers to unpickle and sort on every request); the coverage heat
    map next to them is always current.
    `services` (the town's running ones, by name) saves reading them again when the caller
    has them, as `coverage()` does.
    """
    today = today or timezone.localdate()
    key = f"services-load-figures:{town.pk}:{today.isoformat()}:{months}"
    figures: dict[int, tuple[int, int, float, int]] | None = cache.get(key)
    if figures is None:
        figures = {
            service_id: (sum(counts), len(counts), *concentration(counts))
            for service_id, counts in _load_counts(town=town, today=today, months=months).items()
        }
        cache.set(key, figures, LOAD_SECONDS)
    out = []
    labels: dict[int, str] = {}  # one plural lookup per distinct bus factor, not per row
    if services is None:
        services = list(services_for_town(town).exclude(status=ServiceStatus.ENDED))
    for service in services:
        shifts, people, share, bus = figures.get(service.pk, (0, 0, 0.0, 0))
        if bus not in labels:
            labels[bus] = ngettext("%(n)s Person", "%(n)s Personen", bus) % {"n": localize(bus)}
        out.append(Load(service, shifts, people, share, bus, labels[bus]))
    return out


def _load_counts(*, town: Town, today: date, months: int) -> dict[int, list[int]]:
    since = datetime.combine(today, datetime.min.time(), tzinfo=BERLIN) - timedelta(
        days=30 * months
    )
    per_service: dict[int, list[int]] = defaultdict(list)
    rows = (
        SignUp.objects.in_town(town)
        .filter(status=SIGNED, shift__starts_at__gte=since)
        .values_list("shift__service_id", "user_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for service_id, _user_id, n in rows:
        per_service[service_id].append(n)
    return dict(per_service)


def free_qualified_people(shift: Shift) -> list[User]:
    """Volunteers of the town who hold the shift's qualifications (valid that day), are not
    on it and have no other shift at the same time: the ones to ask when it is uncovered."""
    day = timezone.localtime(shift.starts_at).date()
    people = (
        User.objects.filter(
            memberships__town_id=shift.town_id, memberships__role=Role.VOLUNTEER, is_active=True
        )
        .exclude(email__isnull=True)
        .exclude(email="")
    )
    required: list[Qualification] = (
        list(Qualification.objects.filter(plans__pk=shift.plan_id)) if shift.plan_id else []
    )
    for qualification in required:
        valid = VolunteerQualification.objects.filter(qualification=qualification).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )
        people = people.filter(pk__in=valid.values("user_id"))
    busy = SignUp.objects.filter(
        status__in=[SIGNED, SignUpStatus.WAITING],
        shift__starts_at__lt=shift.ends_at,
        shift__ends_at__gt=shift.starts_at,
    ).values("user_id")
    return list(people.exclude(pk__in=busy).distinct().order_by("pk"))


# --- Hours ----------------------------------------------------------------------------------


def hours_of(*, town: Town, user: User, year: int | None = None) -> QuerySet[HoursRecord]:
    qs = HoursRecord.objects.in_town(town).filter(user=user).select_related("service")
    if year is not None:
        qs = qs.filter(day__year=year)
    return qs.order_by("-day", "-pk")


def hours_summary(*, town: Town, user: User, year: int) -> list[dict[str, Any]]:
    """Minutes and shifts per service in a year (one grouped query)."""
    return list(
        HoursRecord.objects.in_town(town)
        .filter(user=user, day__year=year)
        .values("service__name")
        .annotate(minutes=Sum("minutes"), shifts=Count("pk"))
        .order_by("service__name")
    )


def hours_years(*, town: Town, user: User) -> list[int]:
    return sorted(
        {d.year for d in HoursRecord.objects.in_town(town).filter(user=user).dates("day", "year")},
        reverse=True,
    )


def town_members(town: Town) -> QuerySet[User]:
    """People of the town (for choosing a holder, deputy or someone to assign)."""
    return User.objects.filter(pk__in=Membership.objects.in_town(town).values("user_id")).order_by(
        "name", "pk"
    )
