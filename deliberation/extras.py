"""What other apps add to a proposal's dossier, registered by them (this app imports none
of them): each provider takes the proposal and returns names for the page's context.
Finance registers the spending against a resolution's budget in its AppConfig.ready
("已支出 ¥8,400 / 预算 ¥12,000")."""

from __future__ import annotations

from collections.abc import Callable

DOSSIER_EXTRAS: list[Callable] = []


def dossier_extra(provider: Callable) -> Callable:
    DOSSIER_EXTRAS.append(provider)
    return provider


def extras_of(proposal) -> dict:
    context: dict = {}
    for provider in DOSSIER_EXTRAS:
        context |= provider(proposal)
    return context
