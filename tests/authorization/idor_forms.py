"""The form fields that carry ids (hidden inputs, selects, checkboxes), each posted by a
persona of compound A on A's page with the id of compound B's object of the same kind.

Each probe is tried twice: with A's id (the control, in a savepoint undone after: it must
be taken — something is written, or for a filter, A's object shown) and with B's (nothing
is written, no 5xx, and a filter shows nothing of B). `data(a, x)` builds the post from A's
page with `x`'s ids. A Model*ChoiceField, an IdField or an IdListField of a form of the
project that no probe here or in idor_forms_finance.py names, and that is not in
ELSEWHERE, fails `test_every_id_field_of_every_form_is_probed`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from tests.authorization.expect import _Upload
from tests.helpers import PDF


def _photo() -> _Upload:
    from tests.compounds.test_services import photo

    return _Upload("proof.jpg", photo().read())


def _pdf() -> _Upload:
    return _Upload("scan.pdf", PDF)


@dataclass(frozen=True)
class FormProbe:
    fields: tuple[str, ...]  # "FormClass.field" covered
    persona: str
    url: Callable  # (a, x) -> URL of A's form (x: for an id in its query string)
    data: Callable  # (a, x) -> the post, with x's ids
    method: str = "POST"
    shown: Callable | None = None  # a GET filter: (x) -> text only x's object shows
    taken: Callable | None = None  # the control's proof when it writes nothing: (response)


def _today() -> str:
    return timezone.localdate().isoformat()


def _unit_of(person):
    return person.residencies.get().unit_id


def _file(a, x, where, category=None, **more):
    return {
        "kind": "repair",
        "category": (category or a).category.pk,
        "where": where,
        "description": "单元门禁坏了",
        "urgency": "normal",
    } | more


def _queue(field, value) -> FormProbe:
    """A filter of the workbench: another compound's value lists nothing of it."""
    return FormProbe(
        (f"QueueFilterForm.{field}",),
        "street_staff",
        lambda a, _x: reverse("requests:queue"),
        lambda a, x: {"scope": "area", field: value(x)},
        method="GET",
        shown=lambda x: reverse("requests:detail", args=[x.request.pk]),
    )


PROBES = [
    FormProbe(
        ("SwitchCompoundForm.compound",),
        "resident",
        lambda a, _x: reverse("compounds:switch"),
        lambda a, x: {"compound": x.compound.pk},
        taken=lambda response: response.status_code == 302,
    ),
    FormProbe(
        ("filing ?building=",),
        "resident",
        lambda a, x: reverse("requests:new") + f"?building={x.building.pk}",
        lambda a, x: {},
        method="GET",
        shown=lambda x: x.compound.name,
    ),
    FormProbe(
        ("JoinHomeForm.unit", "HomePlaceForm.building"),
        "resident",
        lambda a, _x: (
            reverse("compounds:join_home") + f"?compound={a.compound.pk}&building={a.building.pk}"
        ),
        lambda a, x: {"unit": x.spare.pk, "relation": "owner", "evidence": _photo()},
    ),
    FormProbe(
        ("HomePlaceForm.building",),
        "resident",
        lambda a, x: (
            reverse("compounds:join_home") + f"?compound={a.compound.pk}&building={x.building.pk}"
        ),
        lambda a, x: {"unit": a.spare.pk, "relation": "owner", "evidence": _photo()},
    ),
    FormProbe(
        ("AnnouncementForm.buildings",),
        "committee_chair",
        lambda a, _x: reverse("announcements:new"),
        lambda a, x: {
            "place": f"compound:{a.compound.pk}",
            "buildings": x.building.pk,
            "title": "停电通知",
            "body": "周五停电",
        },
    ),
    FormProbe(
        ("AnnouncementForm.place",),
        "committee_chair",
        lambda a, _x: reverse("announcements:new"),
        lambda a, x: {"place": f"compound:{x.compound.pk}", "title": "停电通知", "body": "周五"},
    ),
    FormProbe(
        ("FileRequestForm.category",),
        "resident",
        lambda a, _x: reverse("requests:new"),
        lambda a, x: _file(a, x, f"building:{a.building.pk}", category=x),
    ),
    FormProbe(
        ("FileRequestForm.where",),
        "resident",
        lambda a, _x: reverse("requests:new"),
        lambda a, x: _file(a, x, f"building:{x.building.pk}"),
    ),
    FormProbe(
        ("FileForNeighbourForm.where",),
        "building_head",
        lambda a, _x: reverse("requests:file_for"),
        lambda a, x: (
            _file(a, x, f"unit:{x.spare.pk}", compound=a.compound.pk)
            | {"resident_name": "王奶奶", "channel": "phone_call"}
        ),
    ),
    FormProbe(
        ("FileForNeighbourForm.compound",),
        "building_head",
        lambda a, _x: reverse("requests:file_for"),
        lambda a, x: (
            _file(a, x, f"unit:{a.spare.pk}", compound=x.compound.pk)
            | {"resident_name": "王奶奶", "channel": "phone_call"}
        ),
    ),
    FormProbe(
        ("FileForNeighbourForm.resident_phone",),
        "building_head",
        lambda a, _x: reverse("requests:file_for"),
        lambda a, x: (
            _file(a, x, f"unit:{a.spare.pk}", compound=a.compound.pk)
            | {"resident_name": "王奶奶", "channel": "phone_call", "resident_phone": x.tenant.phone}
        ),
    ),
    FormProbe(
        ("ActionForm.assignee",),
        "committee_chair",
        lambda a, _x: reverse("requests:act", args=[a.request.pk]),
        lambda a, x: {"action": "assign", "assignee": x.worker.pk},
    ),
    FormProbe(
        ("BulkDispatchForm.request",),
        "committee_chair",
        lambda a, _x: reverse("requests:bulk_dispatch"),
        lambda a, x: {"request": x.request.pk, "assignee": a.worker.pk},
    ),
    FormProbe(
        ("BulkDispatchForm.assignee",),
        "committee_chair",
        lambda a, _x: reverse("requests:bulk_dispatch"),
        lambda a, x: {"request": a.request.pk, "assignee": x.worker.pk},
    ),
    _queue("compound", lambda x: x.compound.pk),
    _queue("building", lambda x: x.building.pk),
    _queue("category", lambda x: x.request.category_id),
    FormProbe(
        ("CategoryFormSet.id",),
        "committee_chair",
        lambda a, _x: reverse("requests:rules", args=[a.compound.pk]),
        lambda a, x: {
            "categories": "1",
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "40",
            "form-0-id": x.category.pk,
            "form-0-name": "改过的名字",
            "form-0-route": x.category.route,
            "form-0-hotline": "",
            "form-0-order": "1",
        },
    ),
    FormProbe(
        ("DepartmentStaffForm.department",),
        "street_staff",
        lambda a, _x: reverse("requests:departments", args=[a.compound.community.street_office_id]),
        lambda a, x: {
            "add_staff": "1",
            "department": x.department.pk,
            "phone": "13912345678",
            "display_name": "城管小王",
        },
    ),
    FormProbe(
        ("proposal_new ?request=",),
        "committee_chair",
        lambda a, x: (
            reverse("deliberation:proposal_new", args=[a.compound.pk]) + f"?request={x.request.pk}"
        ),
        lambda a, x: {"title": "换盖板", "background": "松动", "matter_item": "0"},
    ),
    FormProbe(
        ("MeetingForm.proposals",),
        "committee_chair",
        lambda a, _x: reverse("deliberation:meeting_new", args=[a.compound.pk]),
        lambda a, x: {
            "kind": "joint",
            "title": "联席会",
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "agenda": "盖板",
            "proposals": x.proposal.pk,
        },
    ),
    FormProbe(
        ("VoteCreateForm.buildings",),
        "committee_chair",
        lambda a, _x: reverse("deliberation:vote_new", args=[a.compound.pk]),
        lambda a, x: {
            "title": "加装电梯",
            "method": "网上投票",
            "topic_1": "同意加装电梯",
            "item_1": "9",
            "buildings": x.building.pk,
        },
    ),
    FormProbe(
        ("VoteCreateForm.entrances",),
        "committee_chair",
        lambda a, _x: reverse("deliberation:vote_new", args=[a.compound.pk]),
        lambda a, x: {
            "title": "加装电梯",
            "method": "网上投票",
            "topic_1": "同意加装电梯",
            "item_1": "9",
            "entrances": f"{x.building.pk}:2单元",
        },
    ),
    FormProbe(
        ("BallotForm.unit",),
        "resident",
        lambda a, _x: reverse("deliberation:ballot", args=[a.vote.pk]),
        lambda a, x: {"unit": _unit_of(x.resident), f"topic_{a.topic.pk}": "for"},
    ),
    FormProbe(
        ("BallotForm.topic_<id>",),
        "resident",
        lambda a, _x: reverse("deliberation:ballot", args=[a.vote.pk]),
        lambda a, x: {"unit": _unit_of(a.resident), f"topic_{x.topic.pk}": "for"},
    ),
    FormProbe(
        ("ProxyForm.unit",),
        "resident",
        lambda a, _x: reverse("deliberation:proxy", args=[a.vote.pk]),
        lambda a, x: {
            "unit": _unit_of(x.resident),
            "proxy_phone": a.tenant.phone,
            "matters": "更换电梯",
            "valid_until": timezone.localtime(a.vote.closes_at).strftime("%Y-%m-%dT%H:%M"),
            "scan": _pdf(),
        },
    ),
    FormProbe(
        ("ProxyRevokeForm.proxy",),
        "supervisor",
        lambda a, _x: reverse("deliberation:proxy", args=[a.vote.pk]),
        lambda a, x: {"op": "revoke", "proxy": x.proxy.pk},
    ),
    FormProbe(
        ("PaperBallotForm.unit",),
        "building_head",
        lambda a, _x: reverse("deliberation:paper", args=[a.vote.pk]),
        lambda a, x: {
            "unit": _unit_of(x.committee_chair),
            "kind": "valid",
            "channel": "paper",
            f"topic_{a.topic.pk}": "for",
            "scan": _pdf(),
        },
    ),
    FormProbe(
        ("PaperBallotForm.topic_<id>",),
        "building_head",
        lambda a, _x: reverse("deliberation:paper", args=[a.vote.pk]),
        lambda a, x: {
            "unit": _unit_of(a.committee_chair),
            "kind": "valid",
            "channel": "paper",
            f"topic_{x.topic.pk}": "for",
            "scan": _pdf(),
        },
    ),
    FormProbe(
        ("OutreachForm.unit",),
        "building_head",
        lambda a, _x: reverse("deliberation:unreached", args=[a.vote.pk]),
        lambda a, x: {"unit": _unit_of(x.committee_chair), "note": "上门未遇"},
    ),
    FormProbe(
        ("NominationForm.phone",),
        "committee_chair",
        lambda a, _x: reverse("deliberation:election_act", args=[a.election.pk]),
        lambda a, x: {"op": "nominate", "phone": x.resident.phone, "profile": "热心"},
    ),
]

# Fields whose ids are probed elsewhere, or which are not another compound's by design.
ELSEWHERE = {
    "HomePlaceForm.compound": "any compound may be joined: the list is public by design",
    "ActionForm.department": "the street office's departments: test_idor_forms (form level)",
    "LotsForm.winners": "the pending tie's candidates: test_idor_forms (form level)",
    "AnswerHoldForm.hold": "the proposal's open holds: test_idor_forms (form level)",
    "RepresentativesForm.meeting": "the compound's meetings: test_idor_forms (form level)",
}

# Ids a view reads by hand (`id_from`), by file and name: the probe that covers each.
QUERY_IDS = {
    "compounds/forms.py:compound": "HomePlaceForm.building (any compound may be joined)",
    "requests/views/filing.py:building": "filing ?building=",
    "requests/views/filing.py:id": "FileRequestForm.where (building:<id>)",
    "requests/views/filing.py:compound": "FileForNeighbourForm.compound",
    "deliberation/from_request.py:request": "proposal_new ?request=",
    "deliberation/views/meetings.py:proposal": "an initial choice only: MeetingForm.proposals",
    "deliberation/vote_forms.py:unit": "RollEntryChoiceField: ProxyForm.unit, OutreachForm.unit",
    "finance/views/fees.py:unit": "an initial choice only: FeePaymentForm.unit",
    "requests/presets.py:pk": "filing ?about=facility: (idor_forms_community)",
}
