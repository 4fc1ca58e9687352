"""No input makes a form raise, and no valid form makes its service raise anything but a
ValidationError (issue 16 item 8). Every Form class of the project is found (the forms
modules, and every form the URLconf's views import); each must have a case in
form_cases.py, built as its view builds it. Hypothesis draws its data field by field
(strategies.py): the form's own choices and ids mixed with control characters, NUL,
emoji, 100k characters, markup, ids that do not exist or overflow, years 1 and 9999,
full-width digits. is_valid() must not raise; a valid form is then sent to its view as
the persona who uses it, and the answer must not be a 5xx (the view's service runs; a
ValidationError is shown on the page). Every example is undone.

HOSTILE_EXAMPLES=500 runs each form longer (CI keeps the default, to stay fast)."""

import importlib
import os
from pathlib import Path

import pytest
from allauth.core import context
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings

from tests.authorization.conftest import world  # noqa: F401 - the fixture
from tests.hostile.form_cases import CASES
from tests.hostile.posting import undone
from tests.hostile.strategies import files_of, form_data

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["portal", "compounds", "requests", "deliberation", "finance", "community"]
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "25"))


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> dict[str, type]:
    """Every form class defined in the project, by name."""
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*forms*.py"):
            if "migrations" not in path.parts:
                dotted = path.relative_to(ROOT).with_suffix("").parts
                importlib.import_module(".".join(p for p in dotted if p != "__init__"))
    get_resolver().url_patterns  # noqa: B018 - imports every view, and the forms they use
    named: dict[str, set[type]] = {}
    for cls in _subclasses(forms.BaseForm):
        if cls.__module__.split(".")[0] in PACKAGES and "tests" not in cls.__module__:
            named.setdefault(cls.__name__, set()).add(cls)
    found: dict[str, type] = {}
    for name, classes in named.items():  # two apps' forms of one name: "app.Name"
        for cls in classes:
            key = name if len(classes) == 1 else f"{cls.__module__.split('.')[0]}.{name}"
            assert found.setdefault(key, cls) is cls, f"two forms named {key}"
    return found


def test_every_form_of_the_project_has_a_case():
    found = set(project_forms())
    assert found - set(CASES) == set(), "add a case to tests/hostile/form_cases.py"
    assert set(CASES) - found == set(), "a case for a form that no longer exists"


def _build(name, data, files, made, who):
    case = CASES[name]
    cls = project_forms()[name]
    if case.positional_data_only:
        return cls(data or {})
    return cls(data, files, prefix=case.prefix, **case.kwargs(made, who))


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_input_makes_a_form_or_its_service_fail(name, request, world):  # noqa: F811
    case, who = CASES[name], request.getfixturevalue
    asking = RequestFactory().post("/")
    asking.session, asking.user = {}, AnonymousUser()
    phones = list(get_user_model().objects.values_list("phone", flat=True)[:20])
    with context.request_context(asking):
        sample = _build(name, None, None, world, who)
    url = case.feed.url(world) if case.feed else None  # made outside the undone examples
    fed = []

    def client_for(persona: str) -> Client:
        """A new client each time: a valid form may sign its persona out (a deletion)."""
        client = Client(raise_request_exception=True)
        if persona != "anonymous":
            client.force_login(who(persona))
        return client

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn=form_data(sample, phones))
    def check(drawn):
        data, indexes = drawn
        with undone(), context.request_context(asking):
            valid = _build(name, data, files_of(indexes), world, who).is_valid()
        if not (valid and case.feed):
            return
        feed = case.feed
        client = client_for(feed.persona)
        with undone():
            if feed.method == "get":
                status = client.get(url, data).status_code
            else:
                status = client.post(url, feed.fixed | data | files_of(indexes)).status_code
        fed.append(status)
        assert status < 500

    check()
    print(f"{name}: {len(fed)} valid of {EXAMPLES} sent to {url}: {sorted(set(fed))}")
