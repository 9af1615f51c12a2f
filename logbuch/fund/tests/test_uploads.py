"""Attachments are stored under a random name with the type their content shows."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from logbuch.fund.errors import FundError
from logbuch.fund.models import Application, Attachment
from logbuch.fund.services.applications import attachment_add
from logbuch.fund.tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    ApplicationFactory,
    funded_category,
    image_bytes,
)
from logbuch.fund.tests.test_views import form_data
from logbuch.towns.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_pdf_sent_as_html_is_stored_as_pdf_under_a_random_name(town):
    app = ApplicationFactory(town=town)
    attachment = attachment_add(
        application=app,
        actor=app.applicant,
        upload=SimpleUploadedFile("../\u202elmth.html", PDF_BYTES, content_type="text/html"),
    )
    assert re.fullmatch(rf"fund/{town.pk}/[0-9a-f]{{32}}\.pdf", str(attachment.file.name))
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "lmth.html"


def test_a_photo_must_be_an_image(town):
    app = ApplicationFactory(town=town)
    with pytest.raises(FundError, match="kein JPEG oder PNG"):
        attachment_add(
            application=app,
            actor=app.applicant,
            upload=SimpleUploadedFile("foto.jpg", PDF_BYTES),
            kind=Attachment.Kind.PHOTO,
        )
    photo = attachment_add(
        application=app,
        actor=app.applicant,
        upload=SimpleUploadedFile("foto.pdf", image_bytes("JPEG")),
        kind=Attachment.Kind.PHOTO,
    )
    assert str(photo.file.name).endswith(".jpg") and photo.content_type == "image/jpeg"


def test_an_office_file_is_refused_with_a_message_and_the_form_is_kept(client_for, town):
    category = funded_category(town)
    data = form_data(category, einreichen="1")
    data["title"] = "\u202eSommerfest"
    data["attachment"] = SimpleUploadedFile(
        "angebot.pdf", b"PK\x03\x04" + b"\x00" * 60, content_type="application/pdf"
    )
    response = client_for(UserFactory()).post(
        reverse(
            "fund:application_new", kwargs={"town_slug": town.slug, "fund_pk": category.fund_id}
        ),
        data,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "„angebot.pdf“ ist kein PDF, JPEG oder PNG" in html
    assert 'value="Sommerfest"' in html
    assert not Application.objects.exists()


def test_a_title_and_a_file_name_with_a_right_to_left_override_are_stored_without_it(
    client_for, town
):
    category = funded_category(town)
    data = form_data(category, speichern="1")
    data["title"] = "Fest \u202eexe.gnp"
    data["attachment"] = SimpleUploadedFile("\u202egnp.exe", PNG_BYTES)
    client_for(UserFactory()).post(
        reverse(
            "fund:application_new", kwargs={"town_slug": town.slug, "fund_pk": category.fund_id}
        ),
        data,
    )
    assert Application.objects.get().title == "Fest exe.gnp"
    attachment = Attachment.objects.get()
    assert attachment.original_name == "gnp.exe"
    assert str(attachment.file.name).endswith(".png")
