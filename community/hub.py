"""The compound's community page (社区生活) is built from sections, one per area (teams,
zones, care, activities, roster, facilities). Each area's queries module registers its
section with `@hub_section(order)`; `community.apps` imports every module of
community/queries at start, so a new area needs no edit here.

A section is a function (user, compound) -> dict | None: the context of its template
(`template` names it, `templates/community/hub/_<area>.html`), or None when the user has
nothing to see there. It must not run queries that grow with the data."""

from __future__ import annotations

from collections.abc import Callable

SECTIONS: list[tuple[int, Callable]] = []


def hub_section(order: int) -> Callable:
    def register(provider: Callable) -> Callable:
        SECTIONS.append((order, provider))
        SECTIONS.sort(key=lambda pair: pair[0])
        return provider

    return register


def sections_for(user, compound) -> list[dict]:
    found = []
    for _order, provider in SECTIONS:
        section = provider(user, compound)
        if section is not None:
            found.append(section)
    return found
