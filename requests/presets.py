"""What another app fills into the filing form, registered by it (this app imports none
of them). A QR sticker on a lamp post opens `/requests/new/?about=facility:42`: the app
that registered "facility" looks the thing up as the reader sees it and answers with a
Preset — the compound, building and place to fill in, the category to choose, a line to
show above the form, and what to do with the request once filed (link it to the thing,
inside the filing transaction)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.forms import id_from

FILING_PRESETS: dict[str, Callable] = {}


@dataclass(frozen=True)
class Preset:
    token: str  # "facility:42", carried through the form
    compound_id: int
    label: str
    building_id: int | None = None
    place: str = ""
    category_code: str = ""
    attach: Callable | None = None  # attach(request) inside request_file's transaction
    # Why no request may be about the thing (a facility taken out of use): the form says
    # so instead of carrying the token, and request_file refuses a post that carries it.
    refusal: str = ""


def filing_preset(key: str) -> Callable:
    """Register `provider(user, pk) -> Preset | None` for `?about=<key>:<pk>`; None when the
    thing does not exist or the user may not see it."""

    def register(provider: Callable) -> Callable:
        FILING_PRESETS[key] = provider
        return provider

    return register


def preset_for(user, token: str | None) -> Preset | None:
    key, _sep, pk = (token or "").partition(":")
    provider = FILING_PRESETS.get(key)
    found = id_from({"pk": pk}, "pk")
    if provider is None or found is None or not getattr(user, "is_authenticated", False):
        return None
    return provider(user, found)
