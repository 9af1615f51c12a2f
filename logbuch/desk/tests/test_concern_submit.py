"""Kummerkasten: submitting with and without an account, anonymity, spam guards, bad input."""

from __future__ import annotations

import io
import logging

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from logbuch.desk.forms import started_token
from logbuch.desk.models import Concern
from logbuch.desk.services.concerns import tracking_code_normalise, tracking_hash
from logbuch.towns.models import AuditEntry, Role

from .conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Fingerabdruck/1.0"


def _url(town, name="concern_new", **kw):
    return reverse(f"desk:{name}", kwargs={"town_slug": town.slug, **kw})


def _submit(client, town, data, **extra):
    return client.post(_url(town), data, REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT, **extra)


def test_anonymous_submission_stores_no_ip_or_user_agent_anywhere(
    town, coordinator, concern_post, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(Client(), town, concern_post(text="Laterne kaputt, bitte reparieren."))
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.anonymous and concern.name == concern.email == concern.phone == ""
    assert concern.user_id is None
    row = repr(list(Concern.objects.values()))
    audit = repr(list(AuditEntry.objects.values()))
    mails = repr([(m.subject, m.body, m.to, m.extra_headers) for m in mail.outbox])
    logs = caplog.text
    for where in (row, audit, mails, logs):
        assert IP not in where
        assert "Fingerabdruck" not in where
    assert mail.outbox, "the coordinator is told about the new concern"
    assert "desk concern" in logs  # the app does write a log line; it only lacks the address


def test_anonymous_choice_drops_contact_details_even_when_typed(town, concern_post, make_member):
    person = make_member(town, Role.RESIDENT)
    client = Client()
    client.force_login(person)
    data = concern_post(anonymous="1", name="Anna", email="anna@example.org", phone="0171 1")
    assert client.post(_url(town), data).status_code == 302
    concern = Concern.objects.get()
    assert (concern.name, concern.email, concern.phone, concern.user_id) == ("", "", "", None)


def test_submission_with_contact_mails_the_tracking_link(
    town, concern_post, django_capture_on_commit_callbacks
):
    data = concern_post(anonymous="0", name="Karl", email="karl@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(_url(town), data)
    code = response["Location"].rstrip("/").split("/")[-1]
    assert len(tracking_code_normalise(code)) >= 10
    received = [m for m in mail.outbox if m.to == ["karl@example.org"]]
    assert len(received) == 1 and code in received[0].body


def test_tracking_code_is_shown_and_stored_only_as_hash(town, concern_post):
    response = Client().post(_url(town), concern_post(), follow=True)
    code = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    assert code in response.text
    concern = Concern.objects.get()
    assert concern.tracking_hash == tracking_hash(code)
    assert code not in repr(list(Concern.objects.values()))


def test_contact_needed_when_not_anonymous(town, concern_post):
    response = Client().post(_url(town), concern_post(anonymous="0", name="Karl"))
    assert response.status_code == 400
    assert "E-Mail-Adresse oder Telefonnummer" in response.text
    assert "Die Laterne am Spielplatz ist aus." in response.text
    assert not Concern.objects.exists()


def test_empty_text_gets_a_message(town, concern_post):
    response = Client().post(_url(town), concern_post(text="   "))
    assert response.status_code == 400
    assert "Bitte schreiben Sie hier etwas hinein." in response.text


def test_too_long_text_is_kept_and_counted(town, concern_post):
    text = "Sehr langer Text. " * 250  # 4500 characters
    response = Client().post(_url(town), concern_post(text=text))
    assert response.status_code == 400
    assert f"Der Text ist {len(text.strip())} Zeichen lang; höchstens 4000" in response.text
    assert text.strip()[:200] in response.text
    assert not Concern.objects.exists()


def test_html_and_script_are_shown_escaped_and_links_safe(
    town, coordinator, concern_post, client_for
):
    text = (
        '<script>alert("x")</script> <b>fett</b> siehe https://example.org/karte '
        "und javascript:alert(1)"
    )
    Client().post(_url(town), concern_post(text=text))
    concern = Concern.objects.get()
    page = client_for(coordinator).get(_url(town, "concern_detail", pk=concern.pk)).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>fett</b>" not in page
    assert '<a href="https://example.org/karte" rel="nofollow ugc">' in page
    assert 'href="javascript:' not in page


def test_honeypot_refuses_and_keeps_the_text(town, concern_post):
    response = Client().post(_url(town), concern_post(webseite="http://spam.example"))
    assert response.status_code == 400
    assert "Die Laterne am Spielplatz ist aus." in response.text
    assert not Concern.objects.exists()


def test_too_fast_submission_is_refused_then_accepted(town, concern_post):
    response = Client().post(_url(town), concern_post(gestartet=started_token()))
    assert response.status_code == 400
    assert "Das ging sehr schnell" in response.text
    assert not Concern.objects.exists()


def test_missing_or_forged_start_time_is_refused(town, concern_post):
    response = Client().post(_url(town), concern_post(gestartet="1700000000"))
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_submissions_are_rate_limited_per_client_without_storing_the_address(town, concern_post):
    client = Client()
    for _ in range(10):
        assert client.post(_url(town), concern_post(), REMOTE_ADDR=IP).status_code == 302
    refused = client.post(_url(town), concern_post(text="Noch eins, bitte."), REMOTE_ADDR=IP)
    assert refused.status_code == 400
    assert "Noch eins, bitte." in refused.text
    other = client.post(_url(town), concern_post(), REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302
    assert Concern.objects.count() == 11


# --- photos --------------------------------------------------------------------------------------


def _exif_of(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif(), image.format


def test_photo_loses_exif_and_gps(town, concern_post, gps_photo):
    exif, _ = _exif_of(jpeg_with_gps())
    assert exif.get_ifd(0x8825), "the test photo really carries GPS tags"
    response = Client().post(_url(town), {**concern_post(), "photo": gps_photo})
    assert response.status_code == 302
    concern = Concern.objects.get()
    name = str(concern.photo.name)
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    exif, fmt = _exif_of(data)
    assert fmt == "JPEG"
    assert not exif.get_ifd(0x8825) and 0x010F not in exif and len(exif) == 0
    assert b"Telefonhersteller" not in data
    assert name.startswith(f"desk/{town.pk}/")
    assert "IMG_0001" not in name


def test_a_non_image_photo_is_refused_and_the_rest_kept(town, concern_post):
    upload = SimpleUploadedFile("bild.jpg", b"%PDF-1.4 kein Bild", content_type="image/jpeg")
    response = Client().post(_url(town), {**concern_post(text="Mit Anhang"), "photo": upload})
    assert response.status_code == 400
    assert "ist kein JPEG, PNG oder WebP" in response.text
    assert "Mit Anhang" in response.text
    assert not Concern.objects.exists()


def test_a_disguised_file_is_refused(town, concern_post):
    html = b"<html><script>alert(1)</script></html>"
    upload = SimpleUploadedFile("foto.png", html, content_type="image/png")
    response = Client().post(_url(town), {**concern_post(), "photo": upload})
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_a_photo_over_10_mb_is_refused(town, concern_post):
    big = jpeg_with_gps() + b"\0" * (10 * 1024 * 1024)
    upload = SimpleUploadedFile("gross.jpg", big, content_type="image/jpeg")
    response = Client().post(_url(town), {**concern_post(text="Großes Foto"), "photo": upload})
    assert response.status_code == 400
    assert "größer als 10 MB" in response.text
    assert "Großes Foto" in response.text
