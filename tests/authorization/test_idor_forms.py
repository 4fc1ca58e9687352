"""The IDOR probe of forms (issue 16, item 5): every field that carries an id, posted on
compound A's page by a persona of A with the id of compound B's object of the same kind —
a form error, a refusal or a 404, never a 5xx, and nothing written. Each probe first posts
A's own id (undone at once), so a probe that is refused for another reason shows up.

tests/authorization/idor_forms.py holds the probes; every id field of every form of the
project, and every id read from a query string with `id_from`, must be probed or named
with a reason there (the two `test_every_…` tests)."""

import re
import sys
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import BaseModelFormSet
from django.urls import get_resolver

from compounds.standing import clear_standing_cache
from portal.forms import IdField, IdListField
from requests.counters import forget_counters
from tests.authorization.expect import _Upload
from tests.authorization.idor_forms import ELSEWHERE, PROBES, QUERY_IDS
from tests.authorization.idor_forms_community import COMMUNITY_PROBES, COMMUNITY_QUERY_IDS
from tests.authorization.idor_forms_finance import FINANCE_PROBES
from tests.authorization.probe import changed_tables, fingerprint

ROOT = Path(__file__).resolve().parents[2]
PROBES = PROBES + FINANCE_PROBES + COMMUNITY_PROBES
QUERY_IDS = QUERY_IDS | COMMUNITY_QUERY_IDS
FIELDS = {name for probe in PROBES for name in probe.fields}
APPS = ("portal", "compounds", "requests", "deliberation", "finance", "community")
ID_FIELDS = (forms.ModelChoiceField, IdField, IdListField)  # ModelMultiple… is a ModelChoice…


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_id_fields() -> set[str]:
    get_resolver().url_patterns  # noqa: B018 (imports every view, so every form)
    found = set()
    for form in _subclasses(forms.BaseForm):
        if form.__module__.split(".")[0] not in APPS:
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, ID_FIELDS):
                found.add(f"{form.__name__}.{name}")
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] not in APPS:
            continue
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseModelFormSet) and value.model:
                found.add(f"{name}.id")  # a model formset posts the ids of its rows
    return found


def test_every_id_field_of_every_form_is_probed():
    found = _project_id_fields()
    missing = found - FIELDS - set(ELSEWHERE)
    assert not missing, f"probe in tests/authorization/idor_forms.py: {sorted(missing)}"
    assert not set(ELSEWHERE) - found, "ELSEWHERE names a field no form has"


def _query_ids() -> set[str]:
    """Every `id_from(<data>, "<name>")` outside the form helpers: an id a view reads from a
    query string or a post by hand."""
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "forms.py" and path.parent.name == "portal":
                continue
            for name in re.findall(r'id_from\([^,]+,\s*"(\w+)"\)', path.read_text()):
                found.add(f"{path.relative_to(ROOT)}:{name}")
    return found


def test_every_id_read_from_a_query_string_is_probed():
    missing = _query_ids() - set(QUERY_IDS)
    stale = set(QUERY_IDS) - _query_ids()
    assert not missing, f"probe or explain in idor_forms.QUERY_IDS: {sorted(missing)}"
    assert not stale, f"no longer read: {sorted(stale)}"


def _data(data: dict) -> dict:
    return {
        key: SimpleUploadedFile(value.name, value.content) if isinstance(value, _Upload) else value
        for key, value in data.items()
    }


def _why(response) -> str:
    said = [str(m) for m in get_messages(response.wsgi_request)]
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    return f"{response.status_code} {response.get('Location', '')} {said} {errors}"


def _forget():
    cache.clear()
    clear_standing_cache()
    forget_counters()


@pytest.mark.parametrize("probe", PROBES, ids=lambda probe: probe.fields[0])
def test_another_compounds_id_in_a_form_is_refused(db, client, sides, probe):
    a, b = sides.a, sides.b
    client.force_login(getattr(a.people, probe.persona))
    send = client.get if probe.method == "GET" else client.post
    before = fingerprint()
    saved = transaction.savepoint()
    control = send(probe.url(a, a), _data(probe.data(a, a)))
    wrote = changed_tables(before, fingerprint())
    transaction.savepoint_rollback(saved)
    _forget()
    if probe.shown:
        assert probe.shown(a) in control.content.decode(), _why(control)
    elif probe.taken:
        assert probe.taken(control), _why(control)
    else:
        assert wrote, f"A's own id was not taken: {_why(control)}"

    response = send(probe.url(a, b), _data(probe.data(a, b)))
    assert response.status_code < 500
    assert not changed_tables(before, fingerprint()), _why(response)
    if probe.shown:
        assert probe.shown(b) not in response.content.decode()


# Fields whose page needs a state the probe's compounds are not in (a tie at the last seat,
# a hold on a proposal under review, a representatives' meeting, a request escalated to the
# street office): the form itself, bound to A's object, takes A's id and refuses B's.


def _field_refuses(make_form, field: str, ours, theirs) -> None:
    assert field not in make_form(ours).errors
    assert field in make_form(theirs).errors


def test_a_department_of_another_street_office_is_not_summoned(db, sides):
    from requests.forms import ActionForm

    a, b = sides.a, sides.b
    _field_refuses(
        lambda d: ActionForm({"action": "whistle", "department": d.pk}, item=a.request),
        "department",
        a.department,
        b.department,
    )


def test_the_lots_hold_only_the_tied_candidates_of_this_election(db, sides):
    from deliberation.forms import LotsForm
    from deliberation.models import Candidate, TieBreak

    def tie(side):
        candidate = Candidate.objects.create(
            election=side.election, user=side.people.resident, profile="热心"
        )
        made = TieBreak.objects.create(election=side.election, method="lots", seats=1)
        made.candidates.add(candidate)
        return candidate

    ours, theirs = tie(sides.a), tie(sides.b)
    _field_refuses(
        lambda c: LotsForm({"winners": [c.pk], "record": "见证"}, election=sides.a.election),
        "winners",
        ours,
        theirs,
    )


def test_a_hold_answered_is_one_of_this_proposal(db, sides):
    from deliberation.forms import AnswerHoldForm
    from deliberation.models import Hold

    def hold(side):
        return Hold.objects.create(
            proposal=side.proposal, placed_by=side.people.party_secretary, reason="再议"
        )

    ours, theirs = hold(sides.a), hold(sides.b)
    _field_refuses(
        lambda h: AnswerHoldForm({"hold": h.pk, "text": "已答"}, proposal=sides.a.proposal),
        "hold",
        ours,
        theirs,
    )


def test_a_representatives_meeting_is_one_of_this_compound(db, sides):
    from deliberation.forms import RepresentativesForm
    from deliberation.models import Meeting

    def meeting(side):
        return Meeting.objects.create(
            compound=side.compound,
            kind=Meeting.Kind.REPRESENTATIVES,
            title="代表会",
            held_at=side.meeting.held_at,
            agenda="盖板",
            organiser=side.people.committee_chair,
        )

    ours, theirs = meeting(sides.a), meeting(sides.b)
    data = {"representatives": 30, "present": 25, "in_favour": 20}
    _field_refuses(
        lambda m: RepresentativesForm(data | {"meeting": m.pk}, proposal=sides.a.proposal),
        "meeting",
        ours,
        theirs,
    )
