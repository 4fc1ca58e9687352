"""A form's case: how its view builds it (kwargs from the matrix's world and the persona's
user) and where a valid one is sent (Feed)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

World = object
Who = Callable[[str], object]  # a persona's user by name


@dataclass
class Feed:
    persona: str
    url: Callable[[World], str]
    fixed: dict = field(default_factory=dict)
    method: str = "post"


@dataclass
class Case:
    kwargs: Callable[[World, Who], dict] = lambda w, who: {}
    feed: Feed | None = None
    prefix: str | None = None
    positional_data_only: bool = False  # built as Form(data), as join_home builds it


def _url(name: str, **ids: Callable[[World], int]) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={k: get(w) for k, get in ids.items()})
