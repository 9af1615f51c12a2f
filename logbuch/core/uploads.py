"""Uploaded files: the type comes from the content, the stored name from a random id.

A file's name and the browser's content type are the sender's claims; `%PDF-` sent as
`angebot.html` must not be stored or served as HTML. Each upload field allows a small set of
types; the first bytes decide which one a file is (images are also opened with Pillow), the
stored name is a random id with that type's extension, and the original name is kept only for
display, without path parts and bidirectional controls.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .text import strip_bidi


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
GIF = FileType("image/gif", "gif", "GIF")
WEBP = FileType("image/webp", "webp", "WebP")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", "ODT")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"
)
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX")

_IMAGES = {"PNG": PNG, "JPEG": JPEG, "GIF": GIF, "WEBP": WEBP}
_OPEN_DOCUMENT = {ODT.content_type: ODT, ODS.content_type: ODS}
_OFFICE_OPEN_XML = {"word/": DOCX, "xl/": XLSX}
HEAD_BYTES = 64


def _image(file: IO[bytes]) -> FileType | None:
    try:
        with Image.open(file) as image:
            found = _IMAGES.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return found


def _zip_document(file: IO[bytes]) -> FileType | None:
    """ODF keeps its type in a first entry `mimetype`; Office Open XML in its folder names."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                return _OPEN_DOCUMENT.get(archive.read("mimetype").decode("ascii", "replace"))
            if "[Content_Types].xml" in names:
                return next(
                    (
                        t
                        for prefix, t in _OFFICE_OPEN_XML.items()
                        if any(n.startswith(prefix) for n in names)
                    ),
                    None,
                )
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def sniff(file: IO[bytes]) -> FileType | None:
    """The type of the file's content, or None if it is none of the known ones.

    Reads from the start and leaves the file at the start.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
            head.startswith(b"RIFF") and head[8:12] == b"WEBP"
        ):
            return _image(file)
        if head.startswith(b"PK\x03\x04"):
            return _zip_document(file)
        return None
    finally:
        file.seek(0)


def sniff_bytes(content: bytes) -> FileType | None:
    return sniff(io.BytesIO(content))


def display_name(name: str | None, *, fallback: str = "datei", max_length: int = 200) -> str:
    """The original file name for display only: no folders, no bidi controls, no control chars."""
    base = PureWindowsPath(strip_bidi(name or "")).name  # splits on both / and \\
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return (base or fallback)[:max_length]


def stored_name(folder: str, file_type: FileType) -> str:
    """A random name with the extension of the sniffed type, under `folder`."""
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.{file_type.extension}"


def check_upload(upload: Any, *, allowed: tuple[FileType, ...], max_bytes: int) -> FileType:
    """The upload's type if it is allowed and small enough; else a German ValidationError
    naming the file and what is allowed (the rest of the form keeps what was typed)."""
    name = display_name(getattr(upload, "name", None))
    if (getattr(upload, "size", 0) or 0) > max_bytes:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist größer als %(size)s MB. Bitte verkleinern Sie sie.")
            % {"name": name, "size": f"{max_bytes / 1024 / 1024:g}".replace(".", ",")}
        )
    found = sniff(upload)
    if found is None or found not in allowed:
        raise ValidationError(
            _(
                "Die Datei „%(name)s“ ist kein %(allowed)s (das zeigt ihr Inhalt, nicht ihr "
                "Name). Bitte wählen Sie eine andere Datei."
            )
            % {"name": name, "allowed": allowed_labels(allowed)}
        )
    return found


def allowed_labels(allowed: tuple[FileType, ...]) -> str:
    labels = [t.label for t in allowed]
    if len(labels) < 2:
        return "".join(labels)
    return str(format_lazy("{} {} {}", ", ".join(labels[:-1]), _("oder"), labels[-1]))
