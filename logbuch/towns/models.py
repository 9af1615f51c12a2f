"""Tenancy and people: towns, users, memberships with roles, invitations, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logbuch.core.emails import normalize_email

if TYPE_CHECKING:
    from collections.abc import Iterable


class Bundesland(models.TextChoices):
    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class Town(models.Model):
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=60, unique=True)
    bundesland = models.CharField(_("Bundesland"), max_length=2, choices=Bundesland.choices)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    logo = models.ImageField(_("Logo"), upload_to="logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts up whenever the town's memberships or invitations change (towns.signals and the
    # services' bulk writes), so figures cached under it are never served after a change.
    people_version = models.PositiveIntegerField(default=0, editable=False)
    # Counts up whenever anything an app's panel on the start page shows changes (the apps'
    # signals call `panels_changed`), so panels cached under it are never served after a change.
    panels_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")

    def __str__(self) -> str:
        return self.name


class TownQuerySet(models.QuerySet[Any]):
    def in_town(self, town: Town) -> TownQuerySet:
        """The only way into town data: every read of a town's rows starts here."""
        return self.filter(town=town)


class TownOwned(models.Model):
    """Base for every model holding a town's data: one `town` key and the scoping manager."""

    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+")

    objects: ClassVar[TownQuerySet] = TownQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str | None, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=normalize_email(email) if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Addresses are stored normalised, so `Anna@…` and ` anna@…` both find `anna@…`."""
        return self.get(email=normalize_email(username or ""))

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an email address; paper-only members have none."""

    email = models.EmailField(_("E-Mail"), unique=True, null=True, blank=True)
    name = models.CharField(_("Name"), max_length=150)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        constraints = [
            # Stored as normalize_email() writes it; with unique=True no address can belong to
            # two accounts in two spellings. (NFKC and trimming are the code's; lower case the
            # database checks, on PostgreSQL for every script, on SQLite for ASCII.)
            models.CheckConstraint(
                condition=Q(email__isnull=True) | Q(email=Lower("email")),
                name="towns_user_email_normalized",
                violation_error_message=_("Die E-Mail-Adresse muss klein geschrieben sein."),
            )
        ]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self) -> str:
        return self.name or (self.email or "")

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinierungsstelle")
    STAFF = "staff", _("Hauptberufliche")
    VOLUNTEER = "volunteer", _("Ehrenamtliche")
    COUNCIL = "council", _("Stadtrat")
    BUSINESS = "business", _("Unternehmen/Paten")
    RESIDENT = "resident", _("Bürgerinnen und Bürger")
    TOWN_ADMIN = "town_admin", _("Ortsverwaltung")


class Membership(TownOwned):
    """One role of one person in one town; a person holds one row per role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["town", "user", "role"], name="towns_membership_one_role_once"
            )
        ]
        indexes = [models.Index(fields=["user", "town"])]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.town_id})"


class Invitation(TownOwned):
    """A single-use link, valid for 14 days, that lets one email address join a town."""

    VALID_DAYS = 14

    email = models.EmailField(_("E-Mail"))
    name = models.CharField(_("Name"), max_length=150, blank=True)
    roles = models.JSONField(_("Rollen"), default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "email"],
                condition=Q(used_at__isnull=True),
                name="towns_invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="towns_invitation_email_normalized",
                violation_error_message=_("Die E-Mail-Adresse muss klein geschrieben sein."),
            ),
        ]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

    def role_labels(self) -> Iterable[str]:
        return [str(Role(role).label) for role in self.roles]


class AuditEntry(models.Model):
    """Who did what, when, in which town. Written by services, read by town admins."""

    town = models.ForeignKey(Town, on_delete=models.CASCADE, null=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("Schritt"), max_length=60)
    target = models.CharField(_("Betrifft"), max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    objects: ClassVar[TownQuerySet] = TownQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def action_label(self) -> str:
        from .audit import action_label  # noqa: PLC0415 (audit imports this module)

        return action_label(self.action)


def people_changed(town_id: int) -> None:
    """The town's memberships or invitations changed: figures cached for it are outdated."""
    Town.objects.filter(pk=town_id).update(people_version=models.F("people_version") + 1)


def panels_changed(town_id: int) -> None:
    """What an app's start-page panel shows changed: panels cached for the town are outdated."""
    Town.objects.filter(pk=town_id).update(panels_version=models.F("panels_version") + 1)


class Session(AbstractBaseSession):
    """Django's database session with the signed-in person's id beside the data.

    Read through the cache (`towns.sessions`, Django's cached_db engine); the column lets a
    person's sessions end with their account (erasure).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("Sitzung")  # type: ignore[assignment]
        verbose_name_plural = _("Sitzungen")  # type: ignore[assignment]

    @classmethod
    def get_session_store_class(cls) -> Any:
        from .sessions import SessionStore  # noqa: PLC0415 (the store imports this module)

        return SessionStore
