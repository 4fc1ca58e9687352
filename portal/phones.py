"""Mainland China mobile numbers: the one place that parses, normalises and masks them.

Stored form is E.164 (`+8613800000001`). Accepted input: 11 digits starting 13-19, with
optional spaces, dashes, dots or brackets, and an optional +86 / 0086 / 86 prefix.
Landlines (010-…, 027-…), short numbers and other countries are refused in Chinese.
Full-width digits (１３８…, as a Chinese input method types them) are read as the digits
they are (NFKC); digits of other scripts (٠١٢, ১২৩) are refused, never stored.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-.()（）\u3000]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only: Python's \d is any script's

ERROR_INVALID = _("Enter an 11-digit mainland mobile number, for example 13800000001.")
ERROR_LANDLINE = _(
    "This looks like a landline number. Please enter a mobile number that can receive SMS."
)


def normalize_phone(value: str) -> str:
    """Return the E.164 form of a mainland mobile number or raise ValidationError."""
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value or "")))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.fullmatch(digits):
        return "+86" + digits
    if digits.isascii() and digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 12:
        raise ValidationError(ERROR_LANDLINE, code="landline")
    raise ValidationError(ERROR_INVALID, code="invalid_phone")


def try_normalize_phone(value: str) -> str | None:
    try:
        return normalize_phone(value)
    except ValidationError:
        return None


def national_number(e164: str) -> str:
    """`+8613800000001` -> `13800000001` (what people read and type)."""
    return e164[3:] if e164 and e164.startswith("+86") else (e164 or "")


def mask_phone(value: str) -> str:
    """`+8613800000001` -> `138****0001`; anything unexpected is masked entirely."""
    number = national_number(str(value or ""))
    if len(number) == 11 and number.isdigit():
        return f"{number[:3]}****{number[-4:]}"
    return "****" if value else ""
