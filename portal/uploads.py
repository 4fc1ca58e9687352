"""Attachments: photos are re-encoded, PDFs are checked to be PDFs; anything else,
anything too large and anything executable is refused with a message in Chinese."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.images import reencode_image, verify_pdf

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
ERROR_TYPE = _("Attach photos (JPEG, PNG, WebP) or PDF documents only.")
ERROR_SIZE = _("“%(name)s” is larger than %(mb)s MB.")
# The extensions a cleaned file can have; anything else is stored without one.
STORED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".pdf", ".xlsx", ".csv", ".zip"}


def random_name(folder: str, filename: str) -> str:
    """Where an upload is stored: its folder, the month, and 32 random hex digits with the
    extension of the cleaned content — never the name the person's phone gave the file (it
    may hold their name, and a guessable name is a way in). Every model's `upload_to`
    calls this."""
    extension = PurePath(filename).suffix.lower()
    if extension not in STORED_EXTENSIONS:
        extension = ""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{extension}"


def clean_attachment(upload) -> tuple[ContentFile, str]:
    """Return (safe file, content type) for an uploaded attachment or raise ValidationError."""
    limit = settings.PORTAL_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            ERROR_SIZE, code="too_big", params={"name": upload.name, "mb": limit // 2**20}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(ERROR_TYPE, code="executable")
    if head.startswith(b"%PDF-"):
        name = upload.name if upload.name.lower().endswith(".pdf") else f"{upload.name}.pdf"
        content = upload.read()
        verify_pdf(content)
        return ContentFile(content, name=name), "application/pdf"
    try:
        photo = reencode_image(upload)
    except ValidationError as exc:
        raise ValidationError(ERROR_TYPE, code="type") from exc
    content_type = "image/png" if photo.name.endswith(".png") else "image/jpeg"
    return photo, content_type
