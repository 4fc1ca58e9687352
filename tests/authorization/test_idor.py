"""The IDOR probe (issue 16, item 5): every URL that takes an object's id, asked by every
persona of compound A with the id of compound B's object of the same kind, by GET and by
POST. B lies in another community of another street office, so nobody of A — its
residents, role holders, committees, property worker, community and street-office staff —
has any part in it: B's object must answer exactly as an id that exists nowhere does (404,
or the same refusal), and nothing in the database may change. A URL with two ids is tried
with each swapped alone and with both. The staff of a community beside A's, in A's street
office, are probed against A's objects the same way.

The URLs come from the resolver; tests/authorization/idor_urls.py says how to name each
one's object, and a URL with an id but no row there fails."""

import re

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from compounds.standing import clear_standing_cache
from requests.counters import forget_counters
from tests.authorization.idor_urls import OPEN_TO_ALL, PROBES, PUBLIC
from tests.authorization.probe import all_urls, changed_tables, fingerprint, materialise
from tests.authorization.rows import POSTS
from tests.authorization.sides import PERSONAS

MISSING = 10**12  # an id no table reaches
SIGNED_IN_REFUSALS = {403, 404, 405}


def id_params(route: str) -> list[str]:
    return re.findall(r"<id:(\w+)>", route)


def test_every_url_with_an_id_has_a_probe():
    routes = dict(all_urls())
    missing = [name for name, route in routes.items() if id_params(route) and name not in PROBES]
    assert not missing, f"add rows to tests/authorization/idor_urls.py for: {missing}"
    stale = [name for name in PROBES if name not in routes or not id_params(routes[name])]
    assert not stale, f"no such URL with an id: {stale}"


def _probes(own, foreign):
    """(name, A's kwargs or None, kwargs naming the foreign object, the same with an id that
    exists nowhere) for every row, every variant and every id swapped."""
    routes = dict(all_urls())
    for name, variants in PROBES.items():
        ids = id_params(routes[name])
        for variant in variants:
            base, theirs = (variant(own) if own else None), variant(foreign)
            swaps = [[k] for k in ids] + ([ids] if len(ids) > 1 else [])
            if base is None:
                swaps = [ids]
            for swapped in swaps:
                kwargs = (base or theirs) | {k: theirs[k] for k in swapped}
                missing = kwargs | dict.fromkeys(swapped, MISSING)
                yield name, base, kwargs, missing


def _post_data(name, side):
    data = POSTS[name][1] if name in POSTS else {}
    return materialise(data, side)


def _walk(client, persona, own, foreign, tally, reached=frozenset(), *, watch=False):
    """Every probe once; the wrong answers. A row whose object of A the persona reached
    (`reached`) must answer B's with 404 (405: a method the view never takes). With
    `watch`, the database is compared after each request (to name the one that changed it)."""
    reached = {name for name, _method in reached}
    wrong = []
    before = fingerprint() if watch else None
    for name, _base, kwargs, missing in _probes(own, foreign):
        url, nowhere = reverse(name, kwargs=kwargs), reverse(name, kwargs=missing)
        for method in ("GET",) if name in OPEN_TO_ALL else ("GET", "POST"):
            send = client.get if method == "GET" else client.post
            data = {} if method == "GET" else _post_data(name, own or foreign)
            got = send(url, data).status_code
            tally[method] += 1
            expected = got
            if got not in (404, 405):  # those tell nothing; else compare with an id of nothing
                expected = send(nowhere, _post_data(name, own or foreign) if data else {})
                expected = expected.status_code
            if watch and (changed := changed_tables(before, fingerprint())):
                wrong.append(f"{method} {name} {url}: changed {changed}")
                before = fingerprint()
            if name in PUBLIC:
                if method == "POST" and persona != "anonymous" and got not in SIGNED_IN_REFUSALS:
                    wrong.append(f"POST {name} {url}: got {got}, a public page's POST")
                continue
            refused = persona == "anonymous" or got in SIGNED_IN_REFUSALS
            if name in reached and got not in (404, 405):
                wrong.append(f"{method} {name} {url}: got {got}; A's object is reached, so 404")
            elif got != expected or not refused:
                wrong.append(f"{method} {name} {url}: got {got}, an id of nothing {expected}")
    return wrong


def _reach(client, own, markers) -> tuple[set[tuple[str, str]], list[str]]:
    """The probed rows whose object of A the signed-in persona reads (GET 200 or a
    redirect) or acts on (a POST not refused, undone at once); and the pages of A's objects
    that name something of the foreign compound."""
    reached, leaks = set(), []
    for name, base, _kwargs, _missing in _probes(own, own):
        url = reverse(name, kwargs=base)
        response = client.get(url)
        leaks += _named(url, response, markers)
        if response.status_code in (200, 302):
            reached.add((name, "GET"))
            continue  # read: trying a POST too would only cost time
        if name in OPEN_TO_ALL:
            continue
        saved = transaction.savepoint()
        if client.post(url, _post_data(name, own)).status_code not in SIGNED_IN_REFUSALS:
            reached.add((name, "POST"))
        transaction.savepoint_rollback(saved)
        _forget()
    return reached, leaks


def _lists(client, markers) -> list[str]:
    """Every page without an id (home, queues, dashboards, inboxes, exports): none names
    anything of the foreign compound."""
    leaks = []
    for name, route in all_urls():
        if "<" in route or "(?P" in route or route.startswith("admin/"):
            continue
        if name not in LISTS_EVERY_COMPOUND:
            url = reverse(name)
            leaks += _named(url, client.get(url), markers)
    return leaks


def _markers(side) -> list[str]:
    """What names the compound: its name and its people's."""
    return [side.compound.name, *(user.display_name for user in vars(side.people).values())]


def _named(url, response, markers) -> list[str]:
    if response.status_code != 200 or response.streaming:
        return []
    text = response.content.decode(errors="ignore")
    return [f"GET {url} names {marker}" for marker in markers if marker in text]


# Choosing a home to join lists every compound (and one may join a home anywhere).
LISTS_EVERY_COMPOUND = {"compounds:join_home"}


def _forget():
    """What a rolled-back write may have left in the process: standings and counters."""
    cache.clear()
    clear_standing_cache()
    forget_counters()


def _probe_persona(client, persona, own, foreign, tally) -> tuple[list[str], set[str]]:
    reached, wrong = set(), _lists(client, _markers(foreign))
    if own and persona != "anonymous":
        reached, leaks = _reach(client, own, _markers(foreign))
        wrong += leaks
    before = fingerprint()  # after A's pages: reading one may record a receipt
    saved = transaction.savepoint()
    wrong += _walk(client, persona, own, foreign, tally, reached)
    if changed := changed_tables(before, fingerprint()):
        transaction.savepoint_rollback(saved)
        _forget()
        located = _walk(client, persona, own, foreign, {"GET": 0, "POST": 0}, watch=True)
        wrong += [f"the database changed: {changed}"] + [w for w in located if "changed" in w]
    return wrong, reached


def test_no_id_of_another_compound_reaches_anything(db, client, sides):
    tally = {"GET": 0, "POST": 0}
    wrong, reach = [], {}
    for persona in ["anonymous", *PERSONAS, "neighbour_staff"]:
        client.logout()
        own, foreign = sides.a, sides.b
        if persona == "neighbour_staff":
            own, foreign = None, sides.a
            client.force_login(sides.neighbour)
        elif persona != "anonymous":
            client.force_login(getattr(sides.a.people, persona))
        found, reach[persona] = _probe_persona(client, persona, own, foreign, tally)
        wrong += [f"{persona}: {line}" for line in found]
    assert not wrong, "\n".join(wrong)
    # The probe is not empty: every row's object of A is read or acted on by someone of A.
    reached = {name for pairs in reach.values() for name, _method in pairs}
    assert set(PROBES) - reached == NOBODY_REACHES
    pairs = sum(len({name for name, _method in found}) for found in reach.values())
    print(f"\nIDOR probe: {tally} requests with another compound's ids; {pairs} pairs of a")
    print(f"persona and a URL whose object of A that persona reads or acts on; {len(PROBES)} URLs")


# An open vote has no bundle yet (the papers of a closed vote: tests/deliberation).
NOBODY_REACHES = {"deliberation:bundle"}
