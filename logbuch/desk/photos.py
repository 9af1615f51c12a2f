"""Photos of concerns: checked to be images, re-encoded as JPEG, without EXIF (GPS!)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from logbuch.core.uploads import JPEG, PNG, WEBP, check_upload

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2400  # pixels; phone photos are larger than any screen shows them
ALLOWED = (JPEG, PNG, WEBP)


def reencode_photo(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """A clean JPEG of the upload; raises ValidationError with a German message otherwise.

    The type comes from the content (`core.uploads.check_upload`: JPEG, PNG or WebP, at most
    10 MB); a file that passes the sniffing but cannot be decoded, or a decompression bomb
    (Pillow's own pixel limit), is refused as well.

    Only the pixels are kept: the image is decoded and encoded anew, so EXIF (camera, time,
    location), XMP, ICC comments and anything appended to the file are gone. The EXIF
    orientation is applied first, so the photo stands the right way up without it.
    """
    check_upload(upload, allowed=ALLOWED, max_bytes=MAX_BYTES)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            rgb = upright.convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _(
                "Diese Datei ist kein Foto, das wir lesen können. "
                "Bitte wählen Sie ein JPEG- oder PNG-Bild."
            )
        ) from exc
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name="foto.jpg")
