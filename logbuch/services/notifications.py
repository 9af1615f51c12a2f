"""Emails of the Daseinsvorsorge, always through `email_after_commit` (a rolled-back step sends
nothing). Every mail uses one plain text template; the sentences are built here with gettext
in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logbuch.core.emails import email_after_commit
from logbuch.towns.selectors import steward_emails

if TYPE_CHECKING:
    from logbuch.towns.models import User

    from .models import ServiceRequest, Shift, SignUp


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def shift_url(shift: Shift) -> str:
    return absolute(
        reverse("services:shift_detail", kwargs={"town_slug": shift.town.slug, "pk": shift.pk})
    )


def when(shift: Shift) -> str:
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return f"{formats.date_format(start, 'l, j. F Y')}, {start:%H:%M}–{end:%H:%M}"


def _send(
    *,
    to: Sequence[str],
    language: str,
    subject: Callable[[], str],
    text: Callable[[], str],
    url: str = "",
    name: str = "",
) -> None:
    """Render subject and text in the recipient's language; queued after commit."""
    with translation.override(language or "de"):
        email_after_commit(
            recipients=list(to),
            subject=subject(),
            template="services/email/notice.txt",
            context={"name": name, "text": text(), "url": url},
            language=language,
        )


def _to_person(user: User, subject: Callable[[], str], text: Callable[[], str], url: str) -> None:
    if user.email:
        _send(
            to=[user.email],
            language=user.language,
            subject=subject,
            text=text,
            url=url,
            name=user.get_short_name(),
        )


def _about_shift(
    user: User, shift: Shift, subject: Promise, text: Promise, **values: object
) -> None:
    """Mail `user` about `shift` in their language: `subject` may name %(service)s, `text`
    %(when)s and the `values`; the link leads to the shift."""
    _to_person(
        user,
        lambda: str(subject) % {"service": shift.service},
        lambda: str(text) % {"when": when(shift), **values},
        shift_url(shift),
    )


def notify_assigned(*, signup: SignUp) -> None:
    _about_shift(
        signup.user,
        signup.shift,
        gettext_lazy("Eingeteilt: %(service)s"),
        gettext_lazy("Die Koordinierungsstelle hat Sie für diese Schicht eingeteilt: %(when)s."),
    )


def notify_moved_up(*, signup: SignUp) -> None:
    _about_shift(
        signup.user,
        signup.shift,
        gettext_lazy("Nachgerückt: %(service)s"),
        gettext_lazy(
            "Ein Platz wurde frei: Sie sind von der Warteliste nachgerückt und jetzt für diese "
            "Schicht eingetragen: %(when)s."
        ),
    )


def notify_release_requested(*, signup: SignUp) -> None:
    shift = signup.shift
    _send(
        to=steward_emails(town=shift.town),
        language=settings.LANGUAGE_CODE,
        subject=lambda: _("Absage innerhalb der Frist: %(service)s") % {"service": shift.service},
        text=lambda: (
            _(
                "%(person)s möchte die Schicht %(when)s absagen. Die Absagefrist ist vorbei; nur "
                "Sie können die Person freigeben."
            )
            % {"person": signup.user, "when": when(shift)}
        ),
        url=shift_url(shift),
    )


def notify_released(*, signup: SignUp) -> None:
    _about_shift(
        signup.user,
        signup.shift,
        gettext_lazy("Ausgetragen: %(service)s"),
        gettext_lazy("Die Koordinierungsstelle hat Sie aus dieser Schicht ausgetragen: %(when)s."),
    )


def notify_swap_taken(*, old: SignUp, new: SignUp) -> None:
    _about_shift(
        old.user,
        old.shift,
        gettext_lazy("Schicht übernommen: %(service)s"),
        gettext_lazy("%(person)s hat Ihre Schicht %(when)s übernommen. Sie sind ausgetragen."),
        person=new.user,
    )


def notify_reminder(*, signup: SignUp) -> None:
    _about_shift(
        signup.user,
        signup.shift,
        gettext_lazy("Morgen: %(service)s"),
        gettext_lazy("Erinnerung an Ihre Schicht: %(when)s. Danke, dass Sie dabei sind!"),
    )


def notify_uncovered(*, shift: Shift, recipients: list[User], missing: int) -> None:
    for user in recipients:
        _about_shift(
            user,
            shift,
            gettext_lazy("Gesucht: %(service)s"),
            gettext_lazy(
                "Für die Schicht %(when)s fehlen noch %(missing)s Personen. Sie haben die "
                "nötigen Qualifikationen und zu der Zeit keine andere Schicht. Können Sie "
                "einspringen?"
            ),
            missing=missing,
        )


def request_status_url(request: ServiceRequest, token: str) -> str:
    return absolute(
        reverse("services:request_status", kwargs={"town_slug": request.town.slug, "token": token})
    )


def notify_request_received(*, request: ServiceRequest, token: str) -> None:
    if not request.email:
        return
    service = request.service
    _send(
        to=[request.email],
        language=settings.LANGUAGE_CODE,
        subject=lambda: _("Ihre Anfrage beim %(service)s") % {"service": service},
        text=lambda: (
            _(
                "Ihre Anfrage für %(when)s ist eingegangen. Sobald jemand aus der Schicht sie "
                "bestätigt, hören Sie von uns. Den Stand sehen Sie jederzeit unter diesem Link:"
            )
            % {"when": formats.date_format(timezone.localtime(request.wanted_at), "l, j. F, H:i")}
        ),
        url=request_status_url(request, token),
        name=request.name,
    )


def notify_request_to_shift(*, request: ServiceRequest) -> None:
    shift = request.shift
    people = [
        s.user
        for s in shift.signups.filter(status="signed_up").select_related("user").order_by("pk")
    ]
    url = absolute(
        reverse("services:shift_detail", kwargs={"town_slug": request.town.slug, "pk": shift.pk})
    )
    for user in people:
        _to_person(
            user,
            lambda: _("Neue Anfrage: %(service)s") % {"service": request.service},
            lambda: (
                _(
                    "Für Ihre Schicht %(when)s gibt es eine neue Anfrage. Bitte bestätigen "
                    "oder mit Begründung ablehnen."
                )
                % {"when": when(shift)}
            ),
            url,
        )


def notify_request_decided(*, request: ServiceRequest) -> None:
    if not request.email:
        return
    confirmed = request.status == "confirmed"
    moment = formats.date_format(timezone.localtime(request.wanted_at), "l, j. F, H:i")

    def text() -> str:
        if confirmed:
            return _("Ihre Anfrage für %(when)s ist bestätigt.") % {"when": moment}
        return _("Ihre Anfrage für %(when)s ist leider nicht möglich. Grund: %(reason)s") % {
            "when": moment,
            "reason": request.reason,
        }

    _send(
        to=[request.email],
        language=settings.LANGUAGE_CODE,
        subject=lambda: (
            _("Antwort auf Ihre Anfrage beim %(service)s") % {"service": request.service}
        ),
        text=text,
        name=request.name,
    )
