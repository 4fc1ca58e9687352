"""Small request helpers shared by every app's views."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` the form or URL names, if it is a path of this site; else `fallback`.
    Only a path: `redirect()` takes a bare word for the name of a view, and "abc" was a
    NoReverseMatch (a 500 the wapiti scan of issue 16 found)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    if allowed and target.startswith("/"):
        return target
    return fallback


@dataclass
class Outcome:
    ok: bool = True
    result: object = None


@contextmanager
def reported(request: HttpRequest, success: str = "", form=None) -> Iterator[Outcome]:
    """Run a service call and tell the person how it went: its ValidationError becomes an
    error message — on `form`, when the page shows one, else a message above the page —
    and otherwise `success` is shown. PermissionDenied and Http404 pass through: a refusal
    is a status, not a message.

        with reported(request, _("Saved."), form) as outcome:
            outcome.result = services.thing_do(...)
        if outcome.ok:
            return redirect(...)
    """
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as error:
        outcome.ok = False
        if form is not None:
            form.add_error(None, error)
        else:
            messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success)
