"""The Stellschrauben-Check: catalogue, rounds, participation, answers, measures, journal.

Catalogue scoping (one rule, one helper): the shared catalogue (`CatalogueVersion`, `Area`,
`Recommendation` and the shared `Lever` rows with `town=None`) belongs to no town and is read by
everyone. A town's *own* Stellschrauben are `Lever` rows with `town` set; a town hides shared
ones with a `HiddenLever` row. `Lever.objects.for_town(town)` is the only way to list the
Stellschrauben a town sees (shared minus hidden plus its own, unarchived); never filter
`Lever.objects` by hand in views. A round snapshots its Stellschrauben in `RoundLever` rows when
it opens, so later changes to the town's set never change an old round.

Anonymous rounds: an `Answer` carries no key to a `Participation` or a person (only round,
Stellschraube and group); the `Participation` row only records *that* the person took part.
Drafts live in `Participation.draft` (server side) until the final submit writes the answers.
Answers have random UUID keys and no timestamps, so their order cannot be matched to the order
of submissions. No IP address or user agent is stored anywhere in this app.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from logbuch.towns.models import Role, Town, TownOwned

# --------------------------------------------------------------------------------------------
# Groups and the answer scale
# --------------------------------------------------------------------------------------------


class ParticipantGroup(models.TextChoices):
    """The groups a round asks; values equal the matching `Role` values."""

    STAFF = Role.STAFF.value, _("Hauptberufliche")
    COUNCIL = Role.COUNCIL.value, _("Stadtrat")
    VOLUNTEER = Role.VOLUNTEER.value, _("Ehrenamtliche")
    BUSINESS = Role.BUSINESS.value, _("Unternehmen/Paten")
    RESIDENT = Role.RESIDENT.value, _("Bürgerinnen und Bürger")


# Display order of the groups in tables.
ALL_GROUPS: tuple[str, ...] = (
    ParticipantGroup.STAFF,
    ParticipantGroup.COUNCIL,
    ParticipantGroup.VOLUNTEER,
    ParticipantGroup.RESIDENT,
    ParticipantGroup.BUSINESS,
)
# The guide asks whether professionals and laypeople understand each other ("Profis und Laien").
# Which groups are which is a round setting (`Round.professional_groups`, `Round.lay_groups`);
# by default the council is neither: in a small town councillors are volunteers with a mandate.
PROFESSIONAL_GROUPS: tuple[str, ...] = (ParticipantGroup.STAFF,)
LAY_GROUPS: tuple[str, ...] = (
    ParticipantGroup.VOLUNTEER,
    ParticipantGroup.RESIDENT,
    ParticipantGroup.BUSINESS,
)


def default_professional_groups() -> list[str]:
    return [str(g) for g in PROFESSIONAL_GROUPS]


def default_lay_groups() -> list[str]:
    return [str(g) for g in LAY_GROUPS]


SCALE_MIN = 0
SCALE_MAX = 4
SCALE_LABELS: tuple[tuple[int, Any], ...] = (
    (0, _("trifft gar nicht zu")),
    (1, _("trifft eher nicht zu")),
    (2, _("teils, teils")),
    (3, _("trifft eher zu")),
    (4, _("trifft voll zu")),
)
# Pole labels of a Stellschraube without its own (a town's own one left blank).
DEFAULT_SCALE_LOW: Any = SCALE_LABELS[0][1]
DEFAULT_SCALE_HIGH: Any = SCALE_LABELS[-1][1]

# A list answer: at most this many entries of at most this many characters each.
LIST_MAX_ENTRIES = 20
LIST_MAX_CHARS = 200


class ListKind(models.TextChoices):
    """What an entry of a list answer names (the guide asks which, where, with whom, how).

    German words chosen against the glossary: "Ort" is the town, "Partner" the avoided word
    for Unternehmen/Pate; the guide's "Möglichkeitsräume" and "Allianzen" give Raum and
    Verbündete."""

    PLACE = "place", _("Raum")
    PARTNER = "partner", _("Verbündete")
    ACTOR = "actor", _("Akteur")
    CHANNEL = "channel", _("Kanal")
    RESOURCE = "resource", _("Ressource")
    CONDITION = "condition", _("Bedingung")


# Plural headings of the list fields and lists, one per kind.
LIST_KIND_PLURALS: dict[str, Any] = {
    ListKind.PLACE: _("Räume"),
    ListKind.PARTNER: _("Verbündete"),
    ListKind.ACTOR: _("Akteure"),
    ListKind.CHANNEL: _("Kanäle"),
    ListKind.RESOURCE: _("Ressourcen"),
    ListKind.CONDITION: _("Bedingungen"),
}
# Kinds the coordinator can carry from results into the town's own list (`TownListEntry`).
TOWN_LIST_KINDS: tuple[str, ...] = (ListKind.PLACE, ListKind.PARTNER, ListKind.ACTOR)


def list_key(text: str) -> str:
    """The spelling-independent key under which list entries are merged and counted."""
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------------------------
# Catalogue (shared, versioned)
# --------------------------------------------------------------------------------------------


class CatalogueVersion(models.Model):
    """One published edition of the catalogue; rounds are bound to the version they started with."""

    slug = models.SlugField(_("Kurzname"), max_length=40, unique=True)
    title = models.CharField(_("Titel"), max_length=120)
    source = models.CharField(_("Quelle"), max_length=200, blank=True)
    published_on = models.DateField(_("Veröffentlicht am"))
    is_current = models.BooleanField(_("Aktuelle Fassung"), default=False)

    class Meta:
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="logbook_catalogueversion_one_current",
            )
        ]
        verbose_name = _("Katalog-Fassung")
        verbose_name_plural = _("Katalog-Fassungen")

    def __str__(self) -> str:
        return self.title


# The guide's third part, "Ermöglichung durch übergeordnete Ebenen": its Stellschrauben are set
# by Land and Bund, so they lead to a Forderung (`Demand`), not to a local Maßnahme.
HIGHER_LEVEL_AREA = "higher_levels"


class Area(models.Model):
    """One of the guide's areas (Strukturelle / Kulturelle Rahmenbedingungen, ...)."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="areas")
    key = models.SlugField(_("Schlüssel"), max_length=40)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    title = models.CharField(_("Titel"), max_length=120)
    subtitle = models.CharField(_("Untertitel"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="logbook_area_key_unique"),
            models.UniqueConstraint(
                fields=["version", "position"], name="logbook_area_position_unique"
            ),
        ]
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")

    def __str__(self) -> str:
        return self.title

    @property
    def is_higher_level(self) -> bool:
        return self.key == HIGHER_LEVEL_AREA


class LeverQuerySet(models.QuerySet["Lever"]):
    def for_town(self, town: Town, *, version: CatalogueVersion | None = None) -> LeverQuerySet:
        """The Stellschrauben a town sees: shared ones it has not hidden, plus its own unarchived
        ones. Limited to one catalogue version if given."""
        qs = self.filter(Q(town__isnull=True) | Q(town=town), archived_at__isnull=True).exclude(
            hidden_by__town=town
        )
        if version is not None:
            qs = qs.filter(area__version=version)
        return qs.select_related("area")

    def visible_to(self, town: Town) -> LeverQuerySet:
        """Every Stellschraube a town may open (also hidden and archived ones, for old rounds);
        another town's own Stellschrauben are never included."""
        return self.filter(Q(town__isnull=True) | Q(town=town))


class Lever(models.Model):
    """A Stellschraube: one question of the guide (`town` NULL) or a town's own (`town` set).

    Deliberately not `TownOwned`: shared rows have no town. Always read through
    `Lever.objects.for_town()` / `.visible_to()`.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="levers")
    town = models.ForeignKey(
        Town, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("Kennung"), max_length=12, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Kurztitel"), max_length=120)
    question = models.TextField(_("Frage"))
    help_text = models.TextField(_("Erläuterung"), blank=True)
    # The 0–4 scale's poles in the words of the question ("nur Projekte" … "Prozesse").
    scale_low = models.CharField(_("Bedeutung von 0"), max_length=60, blank=True)
    scale_high = models.CharField(_("Bedeutung von 4"), max_length=60, blank=True)
    # Where the question asks which/where/with whom/over which channels: the kinds of entries
    # of its list answer (`ListKind` values), in the order they are asked; empty: none.
    list_kinds = models.JSONField(_("Listenantwort"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("Archiviert am"), null=True, blank=True)

    objects: ClassVar[LeverQuerySet] = LeverQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["area__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"],
                condition=Q(town__isnull=True),
                name="logbook_lever_shared_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(town__isnull=False) | Q(archived_at__isnull=True),
                name="logbook_lever_only_own_archived",
            ),
        ]
        verbose_name = _("Stellschraube")
        verbose_name_plural = _("Stellschrauben")

    def __str__(self) -> str:
        return self.title

    @property
    def is_own(self) -> bool:
        return self.town_id is not None

    @property
    def pole_low(self) -> str:
        return self.scale_low or str(DEFAULT_SCALE_LOW)

    @property
    def pole_high(self) -> str:
        return self.scale_high or str(DEFAULT_SCALE_HIGH)

    @property
    def list_fields(self) -> list[tuple[str, str]]:
        """(kind, plural heading) of each part of the list answer."""
        return [(k, str(LIST_KIND_PLURALS[k])) for k in self.list_kinds if k in LIST_KIND_PLURALS]

    @property
    def is_higher_level(self) -> bool:
        """Set by Land and Bund, not in the town (read with `area` selected)."""
        return self.area.is_higher_level


class HiddenLever(TownOwned):
    """A town has hidden a shared Stellschraube; new rounds leave it out."""

    lever = models.ForeignKey(Lever, on_delete=models.CASCADE, related_name="hidden_by")
    hidden_at = models.DateTimeField(auto_now_add=True)
    hidden_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town", "lever"], name="logbook_hiddenlever_once")
        ]
        verbose_name = _("Ausgeblendete Stellschraube")
        verbose_name_plural = _("Ausgeblendete Stellschrauben")

    def __str__(self) -> str:
        return str(self.lever_id)


class Recommendation(models.Model):
    """One of the guide's "Erfahrungen / Empfehlungen", shown beside the levers it concerns."""

    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="recommendations"
    )
    key = models.SlugField(_("Schlüssel"), max_length=40)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    title = models.CharField(_("Kurztitel"), max_length=120)
    text = models.TextField(_("Text"))
    levers = models.ManyToManyField(Lever, related_name="recommendations", blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="logbook_recommendation_key_unique"
            )
        ]
        verbose_name = _("Empfehlung")
        verbose_name_plural = _("Empfehlungen")

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------------------------------------
# Rounds, participation, answers
# --------------------------------------------------------------------------------------------


class RoundStatus(models.TextChoices):
    OPEN = "open", _("offen")
    CLOSED = "closed", _("abgeschlossen")


class Round(TownOwned):
    """A Runde of the Stellschrauben-Check, bound to one catalogue version."""

    title = models.CharField(_("Titel"), max_length=150)
    catalogue_version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"))
    groups = models.JSONField(_("Beteiligte Gruppen"), default=list)
    professional_groups = models.JSONField(_("Profis"), default=default_professional_groups)
    lay_groups = models.JSONField(_("Laien"), default=default_lay_groups)
    anonymous = models.BooleanField(_("Anonym"), default=False)
    status = models.CharField(
        _("Status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="logbook_round_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="logbook_round_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=RoundStatus.CLOSED) & Q(closed_at__isnull=False))
                | (Q(status=RoundStatus.OPEN) & Q(closed_at__isnull=True)),
                name="logbook_round_closed_at_iff_closed",
            ),
        ]
        indexes = [models.Index(fields=["town", "status", "ends_on"])]
        verbose_name = _("Runde")
        verbose_name_plural = _("Runden")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def group_labels(self) -> list[str]:
        return [str(ParticipantGroup(g).label) for g in self.groups]

    def professional_labels(self) -> list[str]:
        return [str(ParticipantGroup(g).label) for g in ALL_GROUPS if g in self.professional_groups]

    def lay_labels(self) -> list[str]:
        return [str(ParticipantGroup(g).label) for g in ALL_GROUPS if g in self.lay_groups]

    def other_labels(self) -> list[str]:
        """Groups of the round that count as neither Profis nor Laien."""
        sides = set(self.professional_groups) | set(self.lay_groups)
        return [str(ParticipantGroup(g).label) for g in ALL_GROUPS if g not in sides]


class RoundLever(TownOwned):
    """The Stellschrauben of a round, fixed when it opens (keeps rounds comparable)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_levers")
    lever = models.ForeignKey(Lever, on_delete=models.PROTECT, related_name="round_levers")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "lever"], name="logbook_roundlever_once")
        ]
        verbose_name = _("Stellschraube der Runde")
        verbose_name_plural = _("Stellschrauben der Runde")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.lever_id}"


class ResultSnapshot(TownOwned):
    """A Zwischenstand: frozen aggregated counts of an open round, released by the coordinator.

    `cells` holds, per Stellschraube and group, the answer counts (0..4 and "weiß nicht") and
    the group's paper sheets per enterer when that cell last moved (`results.snapshot_step`):
    no answer rows, no names. Snapshots are never changed; each new one gets the next number.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveSmallIntegerField(_("Nummer"))
    released_at = models.DateTimeField(_("Freigegeben am"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cells = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"], name="logbook_resultsnapshot_number_once"
            )
        ]
        verbose_name = _("Zwischenstand")
        verbose_name_plural = _("Zwischenstände")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.number}"


class CodeBatch(TownOwned):
    """Printed codes made at once for one group; at least three, so no code stands alone."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="code_batches")
    group = models.CharField(_("Gruppe"), max_length=20, choices=ParticipantGroup.choices)
    size = models.PositiveSmallIntegerField(_("Anzahl"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=3), name="logbook_codebatch_size_min"),
            models.CheckConstraint(
                condition=Q(group__in=ParticipantGroup.values),
                name="logbook_codebatch_group_valid",
            ),
        ]
        verbose_name = _("Code-Stapel")
        verbose_name_plural = _("Code-Stapel")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.group}/{self.size}"


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("eingeladen")
    STARTED = "started", _("begonnen")
    SUBMITTED = "submitted", _("abgegeben")


class ParticipationChannel(models.TextChoices):
    MEMBER = "member", _("angemeldet")
    EMAIL = "email", _("E-Mail-Link")
    CODE = "code", _("Einmal-Code")
    PAPER = "paper", _("Papierbogen")


class Participation(TownOwned):
    """That a person (or one code, or one paper sheet) takes part in a round, for one group.

    A person takes part in a round once (`logbook_participation_once_per_person`). The email
    link token or printed code is stored only as a SHA-256 hash in `secret_hash`.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logbook_participations",
    )
    group = models.CharField(_("Gruppe"), max_length=20, choices=ParticipantGroup.choices)
    channel = models.CharField(_("Weg"), max_length=10, choices=ParticipationChannel.choices)
    secret_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.INVITED,
    )
    draft = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("Abgegeben am"), null=True, blank=True)
    # Who typed in a paper sheet: a person per sheet, never per answer, so in anonymous rounds
    # it links no Einschätzung to anyone; results count it as padding (`results.padding_of`).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code_batch = models.ForeignKey(
        CodeBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="participations"
    )

    class Meta:
        ordering = ["round", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="logbook_participation_once_per_person",
            ),
            models.CheckConstraint(
                condition=Q(group__in=ParticipantGroup.values),
                name="logbook_participation_group_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ParticipationStatus.values),
                name="logbook_participation_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status=ParticipationStatus.SUBMITTED) & Q(submitted_at__isnull=False))
                | (~Q(status=ParticipationStatus.SUBMITTED) & Q(submitted_at__isnull=True)),
                name="logbook_participation_submitted_at_iff_submitted",
            ),
            models.CheckConstraint(
                condition=Q(code_batch__isnull=True) | Q(channel=ParticipationChannel.CODE),
                name="logbook_participation_batch_only_for_codes",
            ),
        ]
        indexes = [models.Index(fields=["round", "group", "status"])]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.get_group_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ParticipationStatus.SUBMITTED


class Answer(TownOwned):
    """One Einschätzung of one Stellschraube in a round.

    `group` is copied from the participation so anonymous answers keep their group without any
    link to a person. `participation` is set only in non-anonymous rounds.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    lever = models.ForeignKey(Lever, on_delete=models.PROTECT, related_name="answers")
    group = models.CharField(_("Gruppe"), max_length=20, choices=ParticipantGroup.choices)
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("Einschätzung"), null=True, blank=True)
    dont_know = models.BooleanField(_("weiß nicht"), default=False)
    comment = models.TextField(_("Kommentar"), blank=True)
    evidence_text = models.CharField(_("Beleg"), max_length=300, blank=True)
    evidence_date = models.DateField(_("Datum des Belegs"), null=True, blank=True)
    evidence_url = models.URLField(_("Link zum Beleg"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="logbook_answer_value_in_scale",
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=True) & Q(dont_know=True))
                | (Q(value__isnull=False) & Q(dont_know=False)),
                name="logbook_answer_value_null_iff_dont_know",
            ),
            models.CheckConstraint(
                condition=Q(group__in=ParticipantGroup.values),
                name="logbook_answer_group_valid",
            ),
            models.UniqueConstraint(
                fields=["participation", "lever"],
                condition=Q(participation__isnull=False),
                name="logbook_answer_once_per_participation",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "lever", "group"]),
            # The drilldown lists a Stellschraube's comments; about 1 % of answers have one.
            models.Index(
                fields=["round", "lever"],
                condition=~Q(comment=""),
                name="logbook_answer_commented",
            ),
        ]
        verbose_name = _("Einschätzung")
        verbose_name_plural = _("Einschätzungen")

    def __str__(self) -> str:
        return f"{self.lever_id}: {self.value}"


class ListEntry(TownOwned):
    """One entry of a list answer ("Alte Schule", "Sparkasse"), part of an `Answer`.

    Like the answer it belongs to, it carries no key to a person and no timestamp; `round`,
    `lever` and `group` are copied so results merge and count entries in one GROUP BY over
    `key` (`list_key`), shown only from groups whose cell is shown
    (`selectors.list_answers`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="list_entries")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    lever = models.ForeignKey(Lever, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("Gruppe"), max_length=20, choices=ParticipantGroup.choices)
    kind = models.CharField(_("Art"), max_length=12, choices=ListKind.choices)
    text = models.CharField(_("Eintrag"), max_length=LIST_MAX_CHARS)
    note = models.CharField(_("Anmerkung"), max_length=LIST_MAX_CHARS, blank=True)
    key = models.CharField(max_length=LIST_MAX_CHARS)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ListKind.values), name="logbook_listentry_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["answer", "kind", "key"], name="logbook_listentry_once_per_answer"
            ),
        ]
        indexes = [models.Index(fields=["round", "lever", "group"])]
        verbose_name = _("Listeneintrag")
        verbose_name_plural = _("Listeneinträge")

    def __str__(self) -> str:
        return self.text


class TownListEntry(TownOwned):
    """A place, partner or actor on the town's own list, carried over from list answers.

    The start of later capabilities (rooms, tandems, the Akteurslandschaft): what the town
    named in its rounds, kept once per kind and spelling-independent key.
    """

    kind = models.CharField(_("Art"), max_length=12, choices=ListKind.choices)
    name = models.CharField(_("Name"), max_length=LIST_MAX_CHARS)
    key = models.CharField(max_length=LIST_MAX_CHARS)
    note = models.CharField(_("Anmerkung"), max_length=LIST_MAX_CHARS, blank=True)
    lever = models.ForeignKey(
        Lever, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "kind", "key"], name="logbook_townlistentry_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TOWN_LIST_KINDS), name="logbook_townlistentry_kind_valid"
            ),
        ]
        verbose_name = _("Eintrag der Ortsliste")
        verbose_name_plural = _("Einträge der Ortsliste")

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------------------------
# Measures and the town journal
# --------------------------------------------------------------------------------------------


class MeasureStatus(models.TextChoices):
    """A Maßnahme's status. The first three belong to a Vorschlag (a member's proposal, not
    yet a measure of the town); accepting one moves it to `PLANNED`."""

    PROPOSED = "proposed", _("vorgeschlagen")
    DECLINED = "declined", _("abgelehnt")
    MERGED = "merged", _("zusammengeführt")
    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("läuft")
    DONE = "done", _("erledigt")
    DROPPED = "dropped", _("verworfen")


# A Vorschlag (proposal) is a `Measure` in one of these; the measures board shows the others.
PROPOSAL_STATUSES: tuple[str, ...] = (
    MeasureStatus.PROPOSED,
    MeasureStatus.DECLINED,
    MeasureStatus.MERGED,
)
WORK_STATUSES: tuple[str, ...] = (
    MeasureStatus.PLANNED,
    MeasureStatus.RUNNING,
    MeasureStatus.DONE,
    MeasureStatus.DROPPED,
)
WORK_STATUS_CHOICES = [(v, label) for v, label in MeasureStatus.choices if v in WORK_STATUSES]


class Measure(TownOwned):
    """A Maßnahme taken on one Stellschraube; owned by a person or by a role (not both).

    A member's Vorschlag is a `Measure` with status `PROPOSED` and `proposed_at` set: members
    support and discuss it; the deciding person (`logbook.permissions.may_decide_proposals`)
    accepts it (→ `PLANNED`), merges it into another measure or proposal (→ `MERGED`,
    `merged_into`) or declines it with a reason (→ `DECLINED`, `decision_reason`).
    """

    lever = models.ForeignKey(Lever, on_delete=models.PROTECT, related_name="measures")
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("Aus Runde"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    goal = models.TextField(_("Ziel"), blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verantwortliche Person"),
    )
    owner_role = models.CharField(
        _("Verantwortliche Rolle"), max_length=20, choices=Role.choices, blank=True
    )
    due_on = models.DateField(_("Fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The Vorschlag it began as (NULL: the coordinator created it directly).
    proposed_at = models.DateTimeField(_("Vorgeschlagen am"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Vorgeschlagen von"),
    )
    source_entry = models.ForeignKey(
        "JournalEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("Aus dem Logbuch-Eintrag"),
    )
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("Begründung"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("Zusammengeführt mit"),
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeasureStatus.values), name="logbook_measure_status_valid"
            ),
            models.CheckConstraint(
                condition=~(Q(owner_user__isnull=False) & ~Q(owner_role="")),
                name="logbook_measure_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PROPOSAL_STATUSES) | Q(proposed_at__isnull=False),
                name="logbook_measure_proposal_has_proposed_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeasureStatus.DECLINED) | ~Q(decision_reason=""),
                name="logbook_measure_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=MeasureStatus.MERGED, merged_into__isnull=False)
                | (~Q(status=MeasureStatus.MERGED) & Q(merged_into__isnull=True)),
                name="logbook_measure_merged_iff_target",
            ),
        ]
        indexes = [models.Index(fields=["town", "status", "due_on"])]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")

    def __str__(self) -> str:
        return self.title

    @property
    def is_proposal(self) -> bool:
        """Still a Vorschlag (open, declined or merged), not a measure of the town."""
        return self.status in PROPOSAL_STATUSES

    @property
    def is_open_proposal(self) -> bool:
        return self.status == MeasureStatus.PROPOSED


class Support(TownOwned):
    """A member supports a Vorschlag (one click; once per person; can be withdrawn)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logbook_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "user"], name="logbook_support_once")
        ]
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")

    def __str__(self) -> str:
        return f"{self.measure_id}/{self.user_id}"


class ProposalComment(TownOwned):
    """A member's comment on a Vorschlag, shown with the author's name."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "created_at", "id"]
        verbose_name = _("Kommentar zu einem Vorschlag")
        verbose_name_plural = _("Kommentare zu Vorschlägen")

    def __str__(self) -> str:
        return self.text[:40]


class LogbookSettings(TownOwned):
    """A town's settings of the logbook: who besides the coordinator decides on Vorschläge."""

    proposal_decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entscheidet außerdem über Vorschläge"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["town"], name="logbook_logbooksettings_once")
        ]
        verbose_name = _("Einstellungen des Logbuchs")
        verbose_name_plural = _("Einstellungen des Logbuchs")

    def __str__(self) -> str:
        return str(self.town_id)


class MeasureNote(TownOwned):
    """A dated progress note on a measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("Datum"))
    text = models.TextField(_("Fortschrittsnotiz"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "-noted_on", "-id"]
        verbose_name = _("Fortschrittsnotiz")
        verbose_name_plural = _("Fortschrittsnotizen")

    def __str__(self) -> str:
        return f"{self.noted_on}: {self.text[:40]}"


class JournalKind(models.TextChoices):
    DECISION = "decision", _("Beschluss")
    MILESTONE = "milestone", _("Meilenstein")
    LESSON = "lesson", _("Erfahrung")
    FAILURE = "failure", _("Scheitern")


class JournalStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")


class JournalEntry(TownOwned):
    """A Logbuch-Eintrag: a dated decision, milestone, lesson or failure of the town.

    Members write drafts, which only they and the coordinator see; the coordinator publishes
    them (and the coordinator's own entries are published at once).
    """

    happened_on = models.DateField(_("Datum"))
    kind = models.CharField(_("Art"), max_length=10, choices=JournalKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"), blank=True)
    levers = models.ManyToManyField(
        Lever, related_name="journal_entries", blank=True, verbose_name=_("Stellschrauben")
    )
    measures = models.ManyToManyField(
        Measure, related_name="journal_entries", blank=True, verbose_name=_("Maßnahmen")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=JournalStatus.choices,
        default=JournalStatus.PUBLISHED,
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=JournalKind.values), name="logbook_journalentry_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=JournalStatus.values),
                name="logbook_journalentry_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["town", "happened_on"])]
        verbose_name = _("Logbuch-Eintrag")
        verbose_name_plural = _("Logbuch-Einträge")

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------------------------------------
# Forderungen to Land, Bund or a funding body
# --------------------------------------------------------------------------------------------


class Demand(TownOwned):
    """A Forderung: what the town needs from a higher level on one of the guide's
    higher-level Stellschrauben (E01–E04), instead of a local Maßnahme.

    The addressee is free text (Land, Bund, a funding body by name). An answer date needs a
    sending date and is not before it.
    """

    lever = models.ForeignKey(
        Lever, on_delete=models.PROTECT, related_name="demands", verbose_name=_("Stellschraube")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("Aus Runde"),
    )
    text = models.TextField(_("Forderung"))
    addressee = models.CharField(_("An wen"), max_length=200)
    sent_on = models.DateField(_("Abgeschickt am"), null=True, blank=True)
    answered_on = models.DateField(_("Antwort erhalten am"), null=True, blank=True)
    answer = models.TextField(_("Antwort"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lever__area__position", "lever__position", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(addressee=""), name="logbook_demand_addressee_required"
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | (Q(sent_on__isnull=False) & Q(answered_on__gte=models.F("sent_on"))),
                name="logbook_demand_answer_after_sending",
            ),
        ]
        verbose_name = _("Forderung")
        verbose_name_plural = _("Forderungen")

    def __str__(self) -> str:
        return self.text[:60]
