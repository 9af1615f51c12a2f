"""Installation-wide pages and error handlers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import select_template
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import services
from .caching import cache_for_visitors, within_limit
from .forms import AccessibilityFeedbackForm
from .outage import is_database_outage

# BITV 2.0 asks for the date the statement was made and last reviewed.
STATEMENT_CREATED = date(2026, 11, 27)
STATEMENT_REVIEWED = date(2026, 11, 27)
FEEDBACK_PER_HOUR = 20  # feedback mails per town (or installation) and hour


def accessibility_page(
    request: HttpRequest,
    *,
    overrides: str = "",
    place: str = "",
    feedback_scope: int = 0,
    recipients: Callable[[], list[str]] = services.installation_feedback_recipients,
) -> HttpResponse:
    """The accessibility statement with its feedback form (the installation's, or a town's).

    A town's page (`towns.views.legal`) passes the template folder that may replace the
    statement text (`overrides`, not the form), its name (`place`), its own feedback cap
    (`feedback_scope`) and who gets the feedback. A sent form redirects back with
    ?gesendet=1, so the confirmation needs no session either.
    """
    if request.method == "POST":
        form = AccessibilityFeedbackForm(request.POST)
        if form.is_valid():
            # The form is public and mails the town admins: a cap per hour keeps it from
            # being used to flood them (the counter holds a number, nothing about the sender).
            key = f"core:accessibility-feedback:{feedback_scope}"
            if within_limit(key, FEEDBACK_PER_HOUR, 60 * 60):
                services.accessibility_feedback_send(
                    recipients=recipients(), place=place, **form.cleaned_data
                )
                return redirect(f"{request.path}?gesendet=1#rueckmeldung")
            form.add_error(
                None,
                _(
                    "Gerade sind sehr viele Rückmeldungen eingegangen. Ihre wurde noch nicht "
                    "gesendet: Bitte versuchen Sie es in einer Stunde noch einmal."
                ),
            )
    else:
        form = AccessibilityFeedbackForm(initial={"page_url": request.GET.get("seite", "")})
    body = "core/legal/accessibility_body.html"
    context = {
        "body_templates": [f"{overrides}/barrierefreiheit.html", body] if overrides else [body],
        "form": form,
        "sent": request.GET.get("gesendet") == "1",
        "statement_created": STATEMENT_CREATED,
        "statement_reviewed": STATEMENT_REVIEWED,
    }
    return render(request, "core/accessibility.html", context)


def legal_page(request: HttpRequest, *, kind: str, overrides: str = "") -> HttpResponse:
    """Privacy notice or imprint (kind: datenschutz, impressum).

    `<overrides>/<kind>.html`, where it exists, replaces the default (a town's own text).
    """
    default = {"datenschutz": "core/privacy.html", "impressum": "core/imprint.html"}[kind]
    names = [f"{overrides}/{kind}.html", default] if overrides else [default]
    return HttpResponse(select_template(names).render({}, request))


def accessibility(request: HttpRequest) -> HttpResponse:
    return accessibility_page(request)


@cache_for_visitors
def privacy(request: HttpRequest) -> HttpResponse:
    return legal_page(request, kind="datenschutz")


@cache_for_visitors
def imprint(request: HttpRequest) -> HttpResponse:
    return legal_page(request, kind="impressum")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 raised with a `template_name` (e.g. towns' TownNotFound) renders that page."""
    template = getattr(exception, "template_name", "errors/404.html")
    return render(request, template, status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """A database outage answers 503 with a plain page that needs no database itself."""
    if is_database_outage(sys.exc_info()[1]):  # logged once per outage (core.outage)
        body = loader.get_template("errors/503.html").render()
        response = HttpResponse(body, status=503, headers={"Retry-After": "30"})
    else:
        response = HttpResponse(loader.get_template("errors/500.html").render(), status=500)
    add_never_cache_headers(response)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the icon."""
    return redirect(static("core/favicon.svg"), permanent=True)


@require_safe
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language`, by GET: `?language=en&next=/musterstadt/`.

    The switch is a GET form, so pages for visitors carry no CSRF token and can be cached
    (core.caching). A language cookie is no state worth protecting against forged requests;
    `next` only leads within this site, as in Django's view.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
    return response


def set_language_cookie(response: HttpResponseBase, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
