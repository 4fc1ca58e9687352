"""Every URL of the project, with every demo persona: the expected outcome.

Adding a URL without a row in tests/authorization/rows.py fails `test_every_url_has_a_row`,
so each later issue extends the table. GET is tried on every URL (POST-only views answer
405); the views that change data are also tried with POST, and a refused POST (403, 404)
must leave every table of the project as it was.
"""

import re

import pytest

from tests.authorization.expect import PERSONAS
from tests.authorization.probe import (
    REFUSED,
    all_urls,
    changed_tables,
    fingerprint,
    materialise,
)
from tests.authorization.rows import ADMIN_ELSEWHERE, ADMIN_LOGIN_PAGE, GETS, POSTS
from tests.authorization.rows_account import NO_POST_ROW


def admin_path(route: str) -> str:
    """A concrete path for an admin route: placeholders become 1."""
    path = re.sub(r"<[^>]+>", "1", route).replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<url>\.\*\)", "nothing-here/", path)
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)


def test_every_url_has_a_row():
    missing = [
        (name, route)
        for name, route in all_urls()
        if not route.startswith("admin/") and name not in GETS
    ]
    assert not missing, f"add rows to GETS for: {missing}"
    assert set(POSTS) <= set(GETS)


def test_every_url_that_takes_a_post_has_a_post_row(client, world, resident):
    """A URL whose view answers a signed-in resident's POST otherwise than 405 changes
    something, or may: its row in POSTS says who may, and a refusal changes nothing."""
    from django.urls import reverse

    client.force_login(resident)
    missing = []
    for name, (kwargs, _expected) in GETS.items():
        if name in POSTS or name in NO_POST_ROW:
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        if client.post(url).status_code != 405:
            missing.append(name)
    assert not missing, f"add rows to POSTS for: {missing}"


def _client_for(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_matrix(client, request, world, persona):
    from django.urls import reverse

    _client_for(client, request, persona)
    wrong = []
    for name, (kwargs, expected) in GETS.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        status = client.get(url).status_code
        if status != expected[persona]:
            wrong.append(f"{name} {url}: got {status}, expected {expected[persona]}")
    for name, route in all_urls():
        if not route.startswith("admin/"):
            continue
        expected = ADMIN_LOGIN_PAGE if name in ("admin:login", "admin_login") else ADMIN_ELSEWHERE
        status = client.get(admin_path(route)).status_code
        if status != expected[persona]:
            wrong.append(f"{name or route}: got {status}, expected {expected[persona]}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(client, request, world, persona):
    from django.urls import reverse

    _client_for(client, request, persona)
    wrong = []
    for name, (kwargs, data, expected) in POSTS.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        refused = expected[persona] in REFUSED
        before = fingerprint() if refused else None
        status = client.post(url, materialise(data, world)).status_code
        if status != expected[persona]:
            wrong.append(f"POST {name}: got {status}, expected {expected[persona]}")
        elif refused and (changed := changed_tables(before, fingerprint())):
            wrong.append(f"POST {name}: refused with {status} but changed {changed}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_an_id_from_another_compound_reveals_nothing(client, world, other_owner):
    """Guessing ids: a resident of another compound gets 404, the same as for no object."""
    from django.urls import reverse

    client.force_login(other_owner)
    for url in [
        reverse("compounds:detail", args=[world.compound.pk]),
        reverse("compounds:detail", args=[999999]),
        reverse("compounds:registry_upload", args=[world.compound.pk]),
        reverse("compounds:residency_evidence", args=[world.pending.pk]),
    ]:
        assert client.get(url).status_code == 404, url
