"""No input is a 500 (issue 16 item 8): every POST form of every page, as each persona who
sees it, and every changing view of the authorization matrix (tests/authorization POSTS),
posted with hostile values of each field's kind — control characters, NUL, emoji, 100k
characters, XSS, full-width and other scripts' digits, ids that do not exist, dates in year
1 and 9999, hostile files — and then with its `op`/`action`/`next` hostile too. Each post is
undone, so every one meets the same world. A refusal (403, 404), a form error (200), a
redirect or a 429 are all fine; a 5xx or an exception is not."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.authorization.conftest import world  # noqa: F401 - the fixture
from tests.authorization.rows import GETS, POSTS
from tests.hostile.html_forms import Control, PostForm, post_forms
from tests.hostile.posting import post_hostile

pytestmark = pytest.mark.django_db
# Who posts: signed out first (sign-in, sign-up, resets), then the personas of the
# compound from the most entitled; a form is posted by the first persona shown it.
POSTERS = [
    "anonymous",
    "committee_chair",
    "party_secretary",
    "supervisor",
    "street_staff",
    "building_head",
    "resident",
    "volunteer",
    "worker",
    "tenant",
]


def _client(request, persona: str) -> Client:
    client = Client(raise_request_exception=True)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def discovered_forms(request, made) -> dict[tuple, tuple[str, PostForm]]:
    """Every POST form on every page of the matrix, as the first persona who sees it."""
    found: dict[tuple, tuple[str, PostForm]] = {}
    for persona in POSTERS:
        client = _client(request, persona)
        for name, (kwargs, expected) in GETS.items():
            if expected[persona] != 200:
                continue
            url = reverse(name, kwargs=kwargs(made) if kwargs else None)
            response = client.get(url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for form in post_forms(response.content.decode(), url):
                found.setdefault(form.key, (persona, form))
    return found


def _matrix_forms(made, found) -> list[tuple[str, PostForm]]:
    """The matrix's POSTS rows no page's form reaches, posted as their first entitled
    persona with the row's fields."""
    reached = {urlsplit(form.action).path for _persona, form in found.values()}
    extra = []
    for name, (kwargs, data, expected) in POSTS.items():
        url = reverse(name, kwargs=kwargs(made) if kwargs else None)
        if url in reached:
            continue
        # the first persona it is meant for; for a row nobody may post, one who sees 404
        persona = min(POSTERS[1:], key=lambda p: (expected[p] in (403, 404), expected[p] == 403))
        controls = [Control(key, "text") for key in data]
        extra.append((persona, PostForm(url, controls, {})))
    return extra


def test_no_post_of_any_form_is_a_server_error(request, world):  # noqa: F811
    found = discovered_forms(request, world)
    forms = list(found.values()) + _matrix_forms(world, found)
    posted = {urlsplit(form.action).path for _persona, form in forms}
    matrix = {reverse(n, kwargs=k(world) if k else None) for n, (k, _d, _e) in POSTS.items()}
    assert matrix <= posted  # every changing view of the matrix is fuzzed
    failures = []
    for persona, form in forms:
        failures += [f"{persona}: {f}" for f in post_hostile(_client(request, persona), form)]
    print(f"{len(forms)} forms on {len(posted)} URLs, {len(matrix)} matrix POST views")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:60])
