from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from logbuch.towns.models import AuditEntry, Role, Town
from logbuch.towns.tests.helpers import town_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_storage")]


def png(size=(20, 10), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    return buffer.getvalue()


def data(**overrides):
    base = {
        "name": "Musterstadt an der Mulde",
        "population": "12000",
        "contact_name": "Anna Koordinatorin",
        "contact_email": "koordination@musterstadt.example",
        "contact_phone": "03741 123",
        "address": "Marktplatz 1",
    }
    return {**base, **overrides}


def test_town_admin_edits_details_and_it_is_audited(client_for, town_admin, town):
    client = client_for(town_admin)
    assert client.get(town_url("towns:town_edit", town)).status_code == 200
    response = client.post(town_url("towns:town_edit", town), data())
    assert response.status_code == 302
    town.refresh_from_db()
    assert town.name == "Musterstadt an der Mulde"
    assert town.slug == "musterstadt"
    assert town.contact_email == "koordination@musterstadt.example"
    entry = AuditEntry.objects.get(town=town, action="towns.town.updated")
    assert "name" in entry.details["fields"]
    assert entry.actor == town_admin


def test_saving_without_changes_writes_no_audit_line(client_for, town_admin, town):
    client = client_for(town_admin)
    client.post(town_url("towns:town_edit", town), data())
    client.post(town_url("towns:town_edit", town), data())
    assert AuditEntry.objects.filter(action="towns.town.updated").count() == 1


def test_the_slug_cannot_be_changed(client_for, town_admin, town):
    client_for(town_admin).post(town_url("towns:town_edit", town), data(slug="neu"))
    assert Town.objects.filter(slug="musterstadt").exists()


def test_logo_upload_is_stored_and_served(client_for, town_admin, town, client):
    logo = SimpleUploadedFile("mein logo.png", png(), content_type="image/png")
    response = client_for(town_admin).post(town_url("towns:town_edit", town), data(logo=logo))
    assert response.status_code == 302
    town.refresh_from_db()
    assert town.logo.name.endswith(".png")
    served = client.get(town_url("towns:logo", town))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == png()
    assert town_url("towns:logo", town) in client.get(town_url("towns:home", town)).text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "Bild"),
        (b"kein bild", "Bild"),
    ],
)
def test_logo_must_be_a_raster_image(client_for, town_admin, town, content, message):
    logo = SimpleUploadedFile("logo.png", content, content_type="image/png")
    response = client_for(town_admin).post(town_url("towns:town_edit", town), data(logo=logo))
    assert response.status_code == 200
    assert message in response.text
    town.refresh_from_db()
    assert not town.logo


def test_gif_logo_is_refused(client_for, town_admin, town):
    logo = SimpleUploadedFile("logo.gif", png(fmt="GIF"), content_type="image/gif")
    response = client_for(town_admin).post(town_url("towns:town_edit", town), data(logo=logo))
    assert "PNG-, JPEG- oder WebP-Bild" in response.text


def test_logo_larger_than_1_mb_is_refused(client_for, town_admin, town):
    big = png(size=(1200, 1200), fmt="BMP")
    logo = SimpleUploadedFile("logo.bmp", big, content_type="image/bmp")
    assert len(big) > 1024 * 1024
    response = client_for(town_admin).post(town_url("towns:town_edit", town), data(logo=logo))
    assert "größer als 1 MB" in response.text


def test_no_logo_gives_404(client, town):
    assert client.get(town_url("towns:logo", town)).status_code == 404


def test_coordinator_cannot_edit_the_town(coordinator_client, town):
    response = coordinator_client.post(town_url("towns:town_edit", town), data())
    assert response.status_code == 403
    town.refresh_from_db()
    assert town.name == "Musterstadt"


def test_town_admin_of_another_town_cannot_edit(client_for, make_member, town, other_town):
    admin_elsewhere = make_member(other_town, Role.TOWN_ADMIN)
    response = client_for(admin_elsewhere).post(town_url("towns:town_edit", town), data())
    assert response.status_code == 403


def test_logo_is_stored_under_a_random_name_with_its_real_type(client_for, town_admin, town):
    logo = SimpleUploadedFile("../\u202egpj.png", png(), content_type="text/html")
    response = client_for(town_admin).post(town_url("towns:town_edit", town), data(logo=logo))
    assert response.status_code == 302
    town.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", town.logo.name), town.logo.name
