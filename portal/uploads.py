"""Attachments: photos are re-encoded, PDFs are checked to be PDFs; anything else,
anything too large and anything executable is refused with a message in Chinese."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from portal.images import reencode_image, verify_pdf

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
ERROR_TYPE = _("Attach photos (JPEG, PNG, WebP) or PDF documents only.")
ERROR_SIZE = _("“%(name)s” is larger than %(mb)s MB.")


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
