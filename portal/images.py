"""Uploaded photos: refuse what is not a real image, re-encode what is.

Every photo is decoded and written anew as JPEG (or PNG when it has transparency), which
drops EXIF and so the GPS position a phone camera records (个人信息保护法). iPhones' HEIC
photos are decoded with pillow-heif and so converted to JPEG like the rest.
"""

import io
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO", "HEIF"}
ERROR_NOT_IMAGE = _(
    "This file is not a photo. Please choose a JPEG, PNG, WebP or HEIC (iPhone) picture."
)
ERROR_TOO_BIG = _("The photo is larger than %(mb)s MB. Please choose a smaller one.")
ERROR_TOO_LARGE_PIXELS = _("The picture is too large to process.")


def reencode_image(upload, *, max_side: int = 2560) -> ContentFile:
    """Return a re-encoded copy of an uploaded image, or raise ValidationError in Chinese."""
    limit = settings.PORTAL_MAX_PHOTO_BYTES
    if upload.size > limit:
        raise ValidationError(ERROR_TOO_BIG, code="too_big", params={"mb": limit // 2**20})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(ERROR_NOT_IMAGE, code="not_image")
            width, height = probe.size
            if width * height > settings.PORTAL_MAX_IMAGE_PIXELS:  # before decoding a pixel
                raise ValidationError(ERROR_TOO_LARGE_PIXELS, code="too_large")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            keep_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
            out = io.BytesIO()
            if keep_alpha:
                image.convert("RGBA").save(out, "PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                extension = "jpg"
    except Image.DecompressionBombError as exc:
        raise ValidationError(ERROR_TOO_LARGE_PIXELS, code="too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(ERROR_NOT_IMAGE, code="not_image") from exc
    return ContentFile(out.getvalue(), name=f"photo.{extension}")


def thumbnail_of(file, *, side: int = 480) -> ContentFile:
    """A small JPEG of an image already re-encoded by `reencode_image` (for lists and the
    timeline); made in the background after upload."""
    file.open("rb")
    try:
        with Image.open(file) as image:
            image.thumbnail((side, side))
            out = io.BytesIO()
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            background.save(out, "JPEG", quality=80, optimize=True)
    finally:
        file.close()
    return ContentFile(out.getvalue(), name="thumb.jpg")


ERROR_NOT_PDF = _("This PDF cannot be opened. Please attach a photo of the document instead.")
PDF_PAGES = 4  # a receipt's pages drawn for covering; more are not shown
PDF_WIDTH = 1600  # pixels across, whatever the page size says


@contextmanager
def _pdf(content: bytes):
    """The document of a PDF that opens and has at least a page, closed after use; any
    failure of PDFium refuses it with the one message."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise ValidationError(ERROR_NOT_PDF, code="not_pdf") from exc
    try:
        if len(document) == 0:
            raise ValidationError(ERROR_NOT_PDF, code="not_pdf")
        yield document
    except pdfium.PdfiumError as exc:
        raise ValidationError(ERROR_NOT_PDF, code="not_pdf") from exc
    finally:
        document.close()


def verify_pdf(content: bytes) -> None:
    """A file that starts like a PDF and opens as one, with at least a page."""
    with _pdf(content):
        pass


def pdf_image(content: bytes) -> ContentFile:
    """The first pages of a PDF drawn one under the other as one JPEG (pypdfium2), so that
    personal data on it can be covered like a photo's. A PDF that does not open is refused;
    the picture's size is bounded whatever the page size claims."""
    pages = []
    with _pdf(content) as document:
        for index in range(min(len(document), PDF_PAGES)):
            page = document[index]
            width, height = page.get_size()
            scale = min(150 / 72, PDF_WIDTH / max(width, 1), 2400 / max(height, 1))
            pages.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
    sheet = Image.new("RGB", (max(p.width for p in pages), sum(p.height for p in pages)), "white")
    top = 0
    for picture in pages:
        sheet.paste(picture, (0, top))
        top += picture.height
    out = io.BytesIO()
    sheet.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name="pages.jpg")
