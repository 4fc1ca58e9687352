r"""Mainland China mobile numbers: the one place that parses, normalises and masks them.

Stored form is E.164 (`+8613800000001`). Accepted input: 11 digits starting 13-19, with
optional spaces, dashes, dots or brackets, and an optional +86 / 0086 / 86 prefix.
Landlines (010-…, 027-…), short numbers and other countries are refused in Chinese.
Full-width digits (１３８…, as a Chinese input method types them) are read as the digits
they are (NFKC); digits of other scripts (٠١٢, ১২৩) are refused, never stored.

Deleted accounts (注销, portal/site/mydata/erase.py) keep a unique placeholder in the reserved
range +86 140 xxxxxxxx: it satisfies the database's CHECK (`^\+861[3-9][0-9]{9}$`) and
uniqueness, but 140 is a machine-to-machine (物联网) prefix whose lines have 13 digits, so no
person's 11-digit number starts with it; `normalize_phone` refuses the range, so it can
never be typed into a form, and it is shown as nothing, never as a number.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-.()（）\u3000]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only: Python's \d is any script's
ERASED_PREFIX = "+86140"  # placeholders of deleted accounts: see the module's docstring
ERASED_CAPACITY = 10**8  # eight digits after the prefix: one placeholder per user id

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
    if _MOBILE.fullmatch(digits) and not is_erased_phone("+86" + digits):
        return "+86" + digits
    if digits.isascii() and digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 12:
        raise ValidationError(ERROR_LANDLINE, code="landline")
    raise ValidationError(ERROR_INVALID, code="invalid_phone")


def try_normalize_phone(value: str) -> str | None:
    try:
        return normalize_phone(value)
    except ValidationError:
        return None


def is_erased_phone(e164: str) -> bool:
    """The placeholder of a deleted account (never a person's number)."""
    return str(e164 or "").startswith(ERASED_PREFIX)


def erased_phone(user_id: int) -> str:
    """The placeholder phone of the deleted account `user_id`: unique per id."""
    if not 0 < user_id < ERASED_CAPACITY:
        raise ValueError("no placeholder phone for this user id")
    return f"{ERASED_PREFIX}{user_id:08d}"


def national_number(e164: str) -> str:
    """`+8613800000001` -> `13800000001` (what people read and type); a deleted account's
    placeholder is no number at all ("")."""
    if is_erased_phone(e164):
        return ""
    return e164[3:] if e164 and e164.startswith("+86") else (e164 or "")


def mask_phone(value: str) -> str:
    """`+8613800000001` -> `138****0001`; anything unexpected is masked entirely; a deleted
    account's placeholder is shown as nothing."""
    if is_erased_phone(value):
        return ""
    number = national_number(str(value or ""))
    if len(number) == 11 and number.isdigit():
        return f"{number[:3]}****{number[-4:]}"
    return "****" if value else ""
