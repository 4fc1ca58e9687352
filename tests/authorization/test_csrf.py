"""CSRF on every state-changing request (issue 16, item 6): each URL of the matrix that takes
a POST refuses one without the token with 403 and changes nothing — an htmx request too — and
the token htmx sends in its header (hx-headers on <body>) is accepted."""

import re

from django.test import Client
from django.urls import reverse

from tests.authorization.probe import changed_tables, fingerprint, materialise
from tests.authorization.rows import POSTS


def test_every_post_without_the_token_is_refused_and_changes_nothing(world, committee_chair):
    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_chair)
    wrong = []
    for name, (kwargs, data, _expected) in POSTS.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        before = fingerprint()
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            status = client.post(url, materialise(data, world), **headers).status_code
            if status != 403:
                wrong.append(f"{name} {headers or ''}: {status}")
        if changed := changed_tables(before, fingerprint()):
            wrong.append(f"{name}: changed {changed}")
    assert len(POSTS) > 100
    assert not wrong, "\n".join(wrong)


def test_htmx_sends_the_token_in_its_header_and_it_is_accepted(world, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    page = client.get(reverse("site:home")).content.decode()
    body = re.search(r"<body[^>]*hx-headers='([^']*)'", page)
    assert body, "the page's <body> carries the CSRF header for htmx"
    token = re.search(r'"X-CSRFToken":\s*"([^"]+)"', body[1])[1]
    response = client.post(
        reverse("portal:large_text"),
        {"enabled": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
