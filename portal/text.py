"""Free text a person wrote, as every service keeps it: the one place that cleans it.

PostgreSQL refuses a NUL character in a text column (a DataError, which was a 500: the
hostile probe of issue 16 sent one in a comment, a stage-move note and an answer), and no
one types the other C0 control characters; both are dropped, never the person's words.
Line breaks and tabs stay. Forms' CharFields already refuse NUL; this is for the services
that read a value straight from a POST.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value) -> str:
    return _CONTROL.sub("", str(value or ""))


def written(value, *, limit: int, code: str = "text", blank: str = "") -> str:
    """The text stripped and without control characters; a ValidationError (code `code`)
    when it is longer than `limit` characters, or empty while `blank` (the message) is
    given."""
    text = without_controls(value).strip()
    if blank and not text:
        raise ValidationError(blank, code=code)
    if len(text) > limit:
        raise ValidationError(_("Please keep it under %(n)s characters.") % {"n": limit}, code=code)
    return text
