"""What other apps add to a request's page, registered by them (this app imports none of
them): each provider takes the reader and the request and returns finished sections of
the page. Finance registers the loop from a repair to the maintenance fund and back in its
AppConfig.ready ("发起维修资金使用决议", then the resolution's stage and its spending)."""

from __future__ import annotations

from collections.abc import Callable

REQUEST_EXTRAS: list[Callable] = []


def request_extra(provider: Callable) -> Callable:
    REQUEST_EXTRAS.append(provider)
    return provider


def sections_of(user, request) -> list[str]:
    sections: list[str] = []
    for provider in REQUEST_EXTRAS:
        sections += provider(user, request)
    return sections
