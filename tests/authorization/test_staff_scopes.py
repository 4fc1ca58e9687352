"""Staff scopes (issue 16, item 5): street-office staff look after every compound of their
street office and community staff those of their community; a compound anywhere else does
not exist for them (404), on every page that takes a compound — the request rules, the
figures, the registry, the audit log, the finances, the committee desk.

Compound A and C lie in two communities of one street office; B in another street office
(tests/authorization/sides.py). The IDOR probe (test_idor.py) tries every object of B on
A's staff and every object of A on C's; this test names the scopes themselves."""

import pytest
from django.urls import reverse

STAFF_PAGES = [
    "compounds:detail",
    "compounds:registry_upload",
    "compounds:registry_export",
    "site:compound_figures",
    "site:audit_log",
    "requests:rules",
    "deliberation:compound",
    "deliberation:desk",
    "finance:compound",
    "finance:disclosures",
]


def _statuses(client, user, compound) -> dict[str, int]:
    client.force_login(user)
    return {name: client.get(reverse(name, args=[compound.pk])).status_code for name in STAFF_PAGES}


@pytest.mark.parametrize(
    ("staff", "inside", "outside"),
    [
        # A's street office holds A and C; B is another street office's.
        ("street_staff", ["a", "c"], ["b"]),
        # A's community holds A only: C is the next community's, B further away.
        ("community_staff", ["a"], ["b", "c"]),
        ("neighbour", ["c"], ["a", "b"]),
    ],
)
def test_staff_see_the_compounds_of_their_area_and_no_other(
    db, client, sides, staff, inside, outside
):
    user = sides.neighbour if staff == "neighbour" else getattr(sides.a.people, staff)
    compounds = {"a": sides.a.compound, "b": sides.b.compound, "c": sides.c}
    for key in inside:
        seen = _statuses(client, user, compounds[key])
        assert seen["compounds:detail"] == seen["site:compound_figures"] == 200, (key, seen)
        assert 404 not in seen.values(), (key, seen)
    for key in outside:
        assert set(_statuses(client, user, compounds[key]).values()) == {404}, key


def test_a_dashboard_lists_the_area_of_its_reader_only(db, client, sides):
    names = {"a": sides.a.compound.name, "b": sides.b.compound.name, "c": sides.c.name}
    for user, listed in [
        (sides.a.people.street_staff, {"a", "c"}),
        (sides.a.people.community_staff, {"a"}),
        (sides.neighbour, {"c"}),
    ]:
        client.force_login(user)
        for name in ("site:dashboard", "site:dashboard_csv", "site:dashboard_print"):
            text = client.get(reverse(name)).content.decode()
            assert {key for key, shown in names.items() if shown in text} == listed, (user, name)
