"""`manage.py demo`: two demo towns with people in every role, safe to run again.

Builds "Musterstadt" (Sachsen, about 12,000 inhabitants, about 60 people across all roles,
two of them paper-only) and "Beispieldorf" (Brandenburg, about 10 people), so the isolation of
towns is visible. Every demo login uses the password `logbuch-demo`. At the end a table of demo
logins is printed (`make run` shows it).

Idempotent: existing towns, people and roles are found again and left as they are; running the
command twice changes nothing.

The mails that building the demo causes (invitations, fund notices …) go to made-up
addresses: they are kept back and only counted, so the logins stay the last thing shown.

Extension contract for other apps
---------------------------------
After the towns and people exist, the command imports `logbuch.<app>.demo` for every installed
logbuch app that has such a module and calls, for each demo town (in INSTALLED_APPS order)::

    build_demo(*, town: Town, people: dict[str, list[User]]) -> None

`people` maps each role value (`"coordinator"`, `"staff"`, `"volunteer"`, `"council"`,
`"business"`, `"resident"`, `"town_admin"`) to the town's demo people holding that role, in a
stable order (the coordinator is `people["coordinator"][0]`). `build_demo` must be idempotent as
well (look rows up before creating them) and must write only data of the given town.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from logbuch.core.emails import normalize_email
from logbuch.towns.hooks import app_hook_modules
from logbuch.towns.models import Membership, Role, Town, User
from logbuch.towns.services import member_create_paper, membership_grant, town_create

DEMO_PASSWORD = "logbuch-demo"  # noqa: S105 - published on purpose: demo logins only

C, S, V, R, B, E, A = (
    Role.COORDINATOR,
    Role.STAFF,
    Role.VOLUNTEER,
    Role.COUNCIL,
    Role.BUSINESS,
    Role.RESIDENT,
    Role.TOWN_ADMIN,
)


@dataclass(frozen=True)
class DemoPerson:
    name: str
    roles: tuple[Role, ...]
    email: str | None = ""  # "" = derive from the name; None = paper-only member


@dataclass(frozen=True)
class DemoTown:
    name: str
    slug: str
    bundesland: str
    population: int
    domain: str
    details: dict[str, str] = field(default_factory=dict)
    people: tuple[DemoPerson, ...] = ()


def _people(roles: tuple[Role, ...], names: str) -> tuple[DemoPerson, ...]:
    return tuple(DemoPerson(n.strip(), roles) for n in names.split(",") if n.strip())


MUSTERSTADT = DemoTown(
    name="Musterstadt",
    slug="musterstadt",
    bundesland="SN",
    population=12_000,
    domain="musterstadt.example",
    details={
        "contact_name": "Anna Koordinatorin",
        "contact_email": "koordination@musterstadt.example",
        "contact_phone": "03741 123 456",
        "address": "Rathaus Musterstadt\nMarktplatz 1\n08523 Musterstadt",
    },
    people=(
        DemoPerson("Anna Koordinatorin", (C,), "koordination@musterstadt.example"),
        DemoPerson("Michael Richter", (A, S), "ortsverwaltung@musterstadt.example"),
        *_people(
            (S,),
            "Sabine Hofmann, Thomas Krause, Claudia Schulze, Stefan Zimmermann, Petra Lorenz",
        ),
        DemoPerson("Jens Böhme", (S, V)),
        *_people(
            (R,),
            "Karin Neumann, Frank Schreiber, Ulrike Heinrich, Matthias Vogel, Birgit Franke",
        ),
        DemoPerson("Dirk Seidel", (R, B)),
        DemoPerson("Heike Günther", (R, E)),
        *_people(
            (V,),
            "Lena Fischer, Jonas Weber, Marie Schneider, Paul Wagner, Sophie Becker, "
            "Lukas Hoffmann, Emma Schäfer, Felix Koch, Hannah Bauer, Leon Richter, "
            "Mia Klein, Tim Wolf, Laura Schröder, Max Neumann, Julia Schwarz, Ben Braun, "
            "Nina Krämer, Jan Hartung, Clara Busch",
        ),
        DemoPerson("Gisela Hartmann", (V, E)),
        DemoPerson("Werner Krüger", (V, E)),
        *_people(
            (B,),
            "Andreas Lange (Bäckerei Lange), Martina Werner (Autohaus Werner), "
            "Uwe Schmitt (Sparkasse), Katrin Meier (Apotheke am Markt), "
            "Ralf Lehmann (Elektro Lehmann)",
        ),
        *_people(
            (E,),
            "Ingrid Fuchs, Helmut Peters, Renate Scholz, Klaus Möller, Monika Jung, "
            "Gerhard Hahn, Elke Keller, Jürgen Roth, Brigitte Frank, Manfred Berger, "
            "Susanne Ludwig, Horst Winkler, Angelika Kaiser, Erika Sommer, Dieter Walter, "
            "Ursula Graf, Bernd Schubert",
        ),
        DemoPerson("Hildegard Engel", (V, E), None),
        DemoPerson("Rudolf Arnold", (E,), None),
    ),
)

BEISPIELDORF = DemoTown(
    name="Beispieldorf",
    slug="beispieldorf",
    bundesland="BB",
    population=2_300,
    domain="beispieldorf.example",
    details={
        "contact_name": "Bernd Koordinator",
        "contact_email": "koordination@beispieldorf.example",
        "address": "Gemeindeamt Beispieldorf\nDorfstraße 5\n15345 Beispieldorf",
    },
    people=(
        DemoPerson("Bernd Koordinator", (C, A), "koordination@beispieldorf.example"),
        DemoPerson("Silke Brandt", (S,)),
        DemoPerson("Olaf Thiele", (R,)),
        DemoPerson("Kerstin Pohl", (R,)),
        DemoPerson("Nico Kühn", (V,)),
        DemoPerson("Anja Ebert", (V,)),
        DemoPerson("Marco Kraft", (B,)),
        DemoPerson("Doris Haase", (E,)),
        DemoPerson("Karl-Heinz Busch", (E,)),
        # Also a volunteer in Musterstadt: shows the town switcher.
        DemoPerson("Lena Fischer", (E,), "lena.fischer@musterstadt.example"),
    ),
)

DEMO_TOWNS = (MUSTERSTADT, BEISPIELDORF)
ROLE_ORDER = [C, A, S, R, B, V, E]


@contextmanager
def mails_kept_back() -> Iterator[list[mail.EmailMessage]]:
    """Mails sent inside land in the yielded list instead of going out (Django's locmem).

    Tasks run at once inside, so a task worker cannot send them later either.
    """
    previous = getattr(mail, "outbox", None)
    kept: list[mail.EmailMessage] = []
    mail.outbox = kept
    try:
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        ):
            yield kept
    finally:
        if previous is None:
            del mail.outbox
        else:
            mail.outbox = previous


def demo_email(name: str, domain: str) -> str:
    """`Jürgen Roth (Firma)` -> `juergen.roth@domain`: plain ASCII, umlauts spelled out."""
    plain = name.split("(", maxsplit=1)[0].strip().lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        plain = plain.replace(umlaut, spelled)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return ".".join(plain.split()) + "@" + domain


class Command(BaseCommand):
    help = "Legt die Demo-Orte Musterstadt und Beispieldorf mit Menschen in allen Rollen an."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--alle",
            action="store_true",
            help="Alle Demo-Zugänge auflisten, nicht nur einen je Rolle.",
        )
        parser.add_argument(
            "--trotzdem",
            action="store_true",
            help="Auch ohne DEBUG ausführen (die Demo-Zugänge haben ein öffentliches Passwort).",
        )

    _password_hash: str | None = None

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["trotzdem"]:
            # The demo password is published in the README: never on a live site by accident.
            raise CommandError(
                "Die Demo-Daten haben ein öffentliches Passwort und sind nur für Entwicklung "
                "gedacht (DEBUG ist aus). Mit --trotzdem dennoch anlegen."
            )
        built: list[tuple[Town, dict[str, list[User]]]] = []
        with mails_kept_back() as kept, transaction.atomic():
            for spec in DEMO_TOWNS:
                town = self._town(spec)
                built.append((town, self._people(town, spec)))
            hooks = app_hook_modules("demo")
            for town, people in built:
                for module in hooks:
                    module.build_demo(town=town, people=people)
        self.stdout.write(f"{len(kept)} E-Mails erzeugt (nicht versendet)")
        self._print_logins(built, show_all=options["alle"])

    def _town(self, spec: DemoTown) -> Town:
        town = Town.objects.filter(slug=spec.slug).first()
        if town is not None:
            return town
        town = town_create(
            name=spec.name, slug=spec.slug, bundesland=spec.bundesland, population=spec.population
        )
        for key, value in spec.details.items():
            setattr(town, key, value)
        town.save(update_fields=list(spec.details))
        return town

    def _people(self, town: Town, spec: DemoTown) -> dict[str, list[User]]:
        people: dict[str, list[User]] = {role.value: [] for role in Role}
        for person in spec.people:
            user = self._person(town, spec, person)
            membership_grant(town=town, user=user, roles=person.roles)
            for role in person.roles:
                people[role.value].append(user)
        return people

    def _person(self, town: Town, spec: DemoTown, person: DemoPerson) -> User:
        if person.email is None:
            found = User.objects.filter(
                email__isnull=True, name=person.name, memberships__town=town
            ).first()
            return found or member_create_paper(
                town=town, name=person.name, roles=person.roles, actor=None
            )
        email = normalize_email(person.email or demo_email(person.name, spec.domain))
        user = User.objects.filter(email=email).first()
        if user is None:
            # One hash for all demo people: hashing ~70 times would make `make run` slow.
            if self._password_hash is None:
                self._password_hash = make_password(DEMO_PASSWORD)
            user = User.objects.create(email=email, name=person.name, password=self._password_hash)
        return user

    def _print_logins(
        self, built: list[tuple[Town, dict[str, list[User]]]], *, show_all: bool
    ) -> None:
        rows: list[tuple[str, str, str]] = []
        for town, _people in built:
            memberships = (
                Membership.objects.in_town(town)
                .filter(user__email__isnull=False)
                .select_related("user")
                .order_by("user__name", "role")
            )
            roles_by_email: dict[str, list[Role]] = {}
            for m in memberships:
                roles_by_email.setdefault(m.user.email or "", []).append(Role(m.role))
            for roles in roles_by_email.values():
                roles.sort(key=ROLE_ORDER.index)
            if show_all:
                # Ordered like the roles (coordinator first), then by address.
                picked = sorted(
                    roles_by_email, key=lambda e: (ROLE_ORDER.index(roles_by_email[e][0]), e)
                )
            else:
                # One login per role, preferring people who hold only that role.
                picked = []
                for role in ROLE_ORDER:
                    holders = [e for e, roles in roles_by_email.items() if role in roles]
                    holders.sort(key=lambda e: (len(roles_by_email[e]), e))
                    if holders and holders[0] not in picked:
                        picked.append(holders[0])
            rows += [
                (town.name, e, ", ".join(str(r.label) for r in roles_by_email[e])) for e in picked
            ]
        width = max(len(r[1]) for r in rows)
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING("Demo-Zugänge (Passwort für alle: logbuch-demo)")
        )
        self.stdout.write(f"{'Ort':<14} {'E-Mail':<{width}}  Rollen")
        for town_name, email, labels in rows:
            self.stdout.write(f"{town_name:<14} {email:<{width}}  {labels}")
        if not show_all:
            self.stdout.write("Alle Demo-Zugänge: python manage.py demo --alle")
        self.stdout.write("")
