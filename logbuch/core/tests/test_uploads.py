"""The type of an upload comes from its content; its name is only for display."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from logbuch.core import uploads


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), (200, 10, 10)).save(buffer, fmt)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
DOCX = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})
XLSX = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n%%EOF", uploads.PDF),
        (_image("PNG"), uploads.PNG),
        (_image("JPEG"), uploads.JPEG),
        (_image("GIF"), uploads.GIF),
        (_image("WEBP"), uploads.WEBP),
        (ODT, uploads.ODT),
        (DOCX, uploads.DOCX),
        (XLSX, uploads.XLSX),
        (b"<html><script>alert(1)</script></html>", None),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None),  # the magic alone is not an image
        (_zip({"evil.html": b"<html>"}), None),
        (b"", None),
    ],
)
def test_the_type_is_sniffed_from_the_content(content, expected):
    assert uploads.sniff_bytes(content) == expected


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("\u202egnp.exe", "gnp.exe"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\anna\\Angebot.pdf", "Angebot.pdf"),
        ("Ang\u2066ebot\u200f.pdf", "Angebot.pdf"),
        ("zeile\nzwei.pdf", "zeilezwei.pdf"),
        ("", "datei"),
        ("..", "datei"),
    ],
)
def test_the_display_name_has_no_folders_and_no_bidi_controls(name, shown):
    assert uploads.display_name(name) == shown


def test_a_file_of_a_type_not_allowed_gets_a_german_message_naming_what_is():
    upload = SimpleUploadedFile("\u202elmth.pdf", b"<html></html>")
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload, allowed=(uploads.PDF, uploads.PNG), max_bytes=1000)
    assert caught.value.messages == [
        "Die Datei „lmth.pdf“ ist kein PDF oder PNG (das zeigt ihr Inhalt, nicht ihr Name). "
        "Bitte wählen Sie eine andere Datei."
    ]


def test_the_stored_name_is_random_with_the_sniffed_extension():
    first = uploads.stored_name("fund/3", uploads.PDF)
    assert first.startswith("fund/3/") and first.endswith(".pdf")
    assert first != uploads.stored_name("fund/3", uploads.PDF)
